"""Get-Help, and the syntax lines Get-Help and Get-Command generate from the Param declarations.

The help pages follow PowerShell 1.0's Help.format.ps1xml custom views (NAME, SYNOPSIS, SYNTAX,
DETAILED DESCRIPTION, RELATED LINKS, REMARKS; -Detailed and -Full add PARAMETERS, -Full the attribute
block per parameter and the types). Text inside a frame is indented and, like 1.0's ComplexWriter,
cut at the console width mid-word; empty lines inside a frame keep the frame's indentation.
"""
from __future__ import annotations

from typing import Any

from emshell.engine import operators
from emshell.engine.cmdlet import (
    COMMON_PARAMETERS, SHOULD_PROCESS_PARAMETERS, Cmdlet, Example, Param, Switch, dotnet_type_name,
    syntax_type_name,
)
from emshell.engine.objects import PSObject
from emshell.formatting.text import hard_wrap
from emshell.formatting.views import CustomView, TableColumn, TableView, register_view

# The common parameters PowerShell 1.0 declares (WarningAction/WarningVariable came with 2.0) and the
# .NET types its syntax lines show for them.
PS1_COMMON = ("Verbose", "Debug", "ErrorAction", "ErrorVariable", "OutVariable", "OutBuffer")
_COMMON_TYPES = {"ErrorAction": "ActionPreference"}
COMMON_PARAMETERS_TEXT = (
    "This cmdlet supports the common parameters: -Verbose, -Debug,",
    "-ErrorAction, -ErrorVariable, and -OutVariable. For more information,",
    'type, "get-help about_commonparameters".',
)
_ATTRIBUTE_LABEL_WIDTH = 29  # "Accept wildcard characters?  " (HelpDisplayStrings)
EXAMPLE_PROMPT = "C:\\PS>"


# -- syntax ------------------------------------------------------------------------------------------------
def _type_text(param: Param, for_help: bool) -> str:
    """Get-Help shows enum values (`<A | B>`); Get-Command the short .NET type name."""
    if param.name in _COMMON_TYPES and param.common:
        return _COMMON_TYPES[param.name]
    if param.display_type:
        return param.display_type
    return syntax_type_name(param) if for_help else dotnet_type_name(param.type).rsplit(".", 1)[-1]


def parameter_syntax(param: Param, for_help: bool = True) -> str:
    """`[[-Name] <String>]`, `-Name <String>`, `[-Force]` ..."""
    name = f"-{param.name}"
    if param.is_switch:
        return name if param.mandatory else f"[{name}]"
    if param.position is not None:
        name = f"[{name}]"
    text = f"{name} <{_type_text(param, for_help)}>"
    return text if param.mandatory else f"[{text}]"


def set_parameters(cmdlet: type[Cmdlet], set_name: str) -> list[Param]:
    """A parameter set's parameters in syntax order: positional ones by position, then the others."""
    params = [p for p in cmdlet.parameters if p.in_set(set_name)]
    positional = sorted((p for p in params if p.position is not None), key=lambda p: p.position)
    return positional + [p for p in params if p.position is None]


def _risk_parameters(cmdlet: type[Cmdlet]) -> tuple[Param, ...]:
    return SHOULD_PROCESS_PARAMETERS if cmdlet.supports_should_process else ()


def ordered_sets(cmdlet: type[Cmdlet]) -> list[str]:
    """Parameter sets, the default one first."""
    sets = cmdlet.parameter_sets()
    if cmdlet.default_set in sets:
        sets.remove(cmdlet.default_set)
        sets.insert(0, cmdlet.default_set)
    return sets


def help_syntax_lines(cmdlet: type[Cmdlet]) -> list[str]:
    """Get-Help's SYNTAX: one line per parameter set, ending in `[<CommonParameters>]`."""
    lines = []
    for set_name in ordered_sets(cmdlet):
        params = set_parameters(cmdlet, set_name) + list(_risk_parameters(cmdlet))
        words = [cmdlet.name] + [parameter_syntax(p) for p in params] + ["[<CommonParameters>]"]
        lines.append(" ".join(words))
    return lines


def command_syntax_lines(cmdlet: type[Cmdlet]) -> list[str]:
    """Get-Command's Definition: the common parameters written out (PowerShell 1.0 style)."""
    common = [p for p in COMMON_PARAMETERS if p.name in PS1_COMMON] + list(_risk_parameters(cmdlet))
    return [" ".join([cmdlet.name] + [parameter_syntax(p, for_help=False)
                                      for p in set_parameters(cmdlet, set_name) + common])
            for set_name in ordered_sets(cmdlet)]


# -- the help object and its views --------------------------------------------------------------------------
class HelpInfo(PSObject):
    """A cmdlet's help topic. `view` picks the layout: default, Detailed, Full or Examples."""

    TYPE_NAMES = ("MamlCommandHelpInfo", "System.Management.Automation.PSCustomObject", "System.Object")
    PROPERTIES = ("Name", "Category", "Synopsis", "Description", "Syntax")

    def __init__(self, cmdlet: type[Cmdlet], related: list[str], view: str, width: int) -> None:
        self.cmdlet = cmdlet
        self.related = related
        self.width = width  # the console's usable width when Get-Help ran
        self.Name = cmdlet.name
        self.Category = "Cmdlet"
        self.Synopsis = cmdlet.synopsis
        self.Description = cmdlet.description or cmdlet.synopsis
        self.Syntax = "\r\n".join(help_syntax_lines(cmdlet))
        if view:
            self.ps_add_type_name(f"MamlCommandHelpInfo#{view}View")

    def ps_to_string(self) -> str:
        return self.Name


class _Page:
    """ComplexWriter-like output: indented paragraphs cut at the line width."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.lines: list[str] = []

    def text(self, text: str, indent: int = 0) -> None:
        for piece in hard_wrap(text, max(self.width - indent, 1)):
            self.lines.append(" " * indent + piece if piece else " " * indent)

    def blank(self, indent: int = 0, count: int = 1) -> None:
        self.lines += [" " * indent] * count


def _details(page: _Page, info: HelpInfo) -> None:
    page.text("NAME")
    page.text(info.Name, 4)
    page.blank(4)
    page.text("SYNOPSIS")
    page.text(info.Synopsis, 4)
    page.blank(4, 2)


def _syntax(page: _Page, info: HelpInfo) -> None:
    page.text("SYNTAX")
    for line in help_syntax_lines(info.cmdlet):
        page.text(line, 4)
        page.blank(4)
    page.blank(4)


def _description(page: _Page, info: HelpInfo) -> None:
    page.text("DETAILED DESCRIPTION")
    for index, paragraph in enumerate(info.Description.split("\n\n")):
        if index:
            page.blank(4)
        page.text(paragraph, 4)
    page.blank(4)
    page.blank()


def _related(page: _Page, info: HelpInfo) -> None:
    page.text("RELATED LINKS")
    for name in info.related:
        page.text(name, 4)
    page.blank()


def _remarks(page: _Page, info: HelpInfo) -> None:
    page.text("REMARKS")
    page.text(f'For more information, type: "get-help {info.Name} -detailed".', 4)
    page.text(f'For technical information, type: "get-help {info.Name} -full".', 4)


def help_parameters(cmdlet: type[Cmdlet]) -> list[Param]:
    """The parameters a help page describes: declared ones, then -WhatIf and -Confirm."""
    return list(cmdlet.parameters) + list(_risk_parameters(cmdlet))


def _parameter_header(param: Param) -> str:
    value = "SwitchParameter" if param.is_switch else _type_text(param, True)
    return f"-{param.name} <{value}>"


def _pipeline_input(param: Param) -> str:
    kinds = [kind for kind, on in (("ByValue", param.pipeline), ("ByPropertyName", param.pipeline_by_name)) if on]
    return f"true ({', '.join(kinds)})" if kinds else "false"


def parameter_block(page: _Page, param: Param, full: bool) -> None:
    page.text(_parameter_header(param), 4)
    if param.help:
        page.text(param.help, 8)
        page.blank(8)
    if not full:
        return
    attributes = (
        ("Required?", "true" if param.mandatory else "false"),
        ("Position?", "named" if param.position is None else str(param.position + 1)),
        ("Default value", ""),
        ("Accept pipeline input?", _pipeline_input(param)),
        ("Accept wildcard characters?", "false"),
    )
    for label, value in attributes:
        page.text(label.ljust(_ATTRIBUTE_LABEL_WIDTH) + value, 8)
    page.blank(8)


def _parameters(page: _Page, info: HelpInfo, full: bool) -> None:
    page.text("PARAMETERS")
    for param in help_parameters(info.cmdlet):
        parameter_block(page, param, full)
    page.text("<CommonParameters>", 4)
    for line in COMMON_PARAMETERS_TEXT:
        page.text(line, 8)
    page.blank(4)


def _types(page: _Page, info: HelpInfo) -> None:
    inputs = [p for p in info.cmdlet.parameters if p.pipeline or p.pipeline_by_name]
    for title, name in (("INPUT TYPE", _input_type(inputs)), ("RETURN TYPE", info.cmdlet.output_type)):
        page.text(title)
        if name:
            page.text(name, 4)
        page.blank(4, 2)


def _input_type(params: list[Param]) -> str:
    """The .NET type of the first pipeline parameter (PSObject lives in System.Management.Automation)."""
    if not params:
        return ""
    shown = params[0].display_type
    if shown == "PSObject":
        return "System.Management.Automation.PSObject"
    return shown or dotnet_type_name(params[0].type)


def _examples(page: _Page, examples: tuple[Example, ...]) -> None:
    for number, example in enumerate(examples, 1):
        page.text(f"-------------------------- EXAMPLE {number} --------------------------", 4)
        page.blank(4)
        page.text(EXAMPLE_PROMPT + example.code, 4)
        page.blank(4)
        page.text(example.remarks, 4)
        page.blank(4, 2)


def render_help(info: HelpInfo) -> list[str]:
    page = _Page(info.width)
    view = next((n.split("#", 1)[1] for n in info.ps_type_names() if n.startswith("MamlCommandHelpInfo#")), "")
    _details(page, info)
    if view == "ExamplesView":
        _examples(page, info.cmdlet.examples)
        return page.lines
    _syntax(page, info)
    _description(page, info)
    if view in ("DetailedView", "FullView"):
        _parameters(page, info, full=view == "FullView")
        if view == "FullView":
            _types(page, info)
        _examples(page, info.cmdlet.examples)
    if view != "DetailedView":
        _related(page, info)
    if view != "FullView":
        _remarks(page, info)
    return page.lines


for _view in ("", "#DetailedView", "#FullView", "#ExamplesView"):
    register_view("MamlCommandHelpInfo" + _view, CustomView(render_help))


class HelpInfoShort(PSObject):
    """A line of Get-Help's list of topics (a wildcard that matches several)."""

    TYPE_NAMES = ("HelpInfoShort", "System.Management.Automation.PSCustomObject", "System.Object")
    PROPERTIES = ("Name", "Category", "Synopsis")

    def __init__(self, name: str, category: str, synopsis: str) -> None:
        self.Name = name
        self.Category = category
        self.Synopsis = synopsis


register_view("HelpInfoShort", TableView((
    TableColumn("Name", "Name", width=33), TableColumn("Category", "Category", width=9),
    TableColumn("Synopsis", "Synopsis"),
)))


class ParameterHelp(PSObject):
    """Get-Help -Parameter: one parameter's block."""

    TYPE_NAMES = ("MamlCommandHelpInfo#parameter", "System.Management.Automation.PSCustomObject", "System.Object")
    PROPERTIES = ("name", "required", "position")

    def __init__(self, param: Param, width: int) -> None:
        self.param = param
        self.width = width
        self.name = param.name
        self.required = "true" if param.mandatory else "false"
        self.position = "named" if param.position is None else str(param.position + 1)


def _render_parameter(item: ParameterHelp) -> list[str]:
    page = _Page(item.width)
    parameter_block(page, item.param, full=True)
    return page.lines


register_view("MamlCommandHelpInfo#parameter", CustomView(_render_parameter))


# -- Get-Help ----------------------------------------------------------------------------------------------
def _related_commands(session: Any, cmdlet: type[Cmdlet]) -> list[str]:
    """Related links: the other cmdlets of the same noun (New-, Import-, Export-ExchangeCertificate ...)."""
    noun = cmdlet.name.partition("-")[2].lower()
    return [c.name for c in session.commands.all_cmdlets()
            if c is not cmdlet and c.name.partition("-")[2].lower() == noun]


class GetHelp(Cmdlet):
    name = "Get-Help"
    dotnet_class = "Microsoft.PowerShell.Commands.GetHelpCommand"
    synopsis = "Displays information about Windows PowerShell cmdlets and concepts."
    description = ("Shows the help of a cmdlet: its synopsis, its syntax (one line per parameter set) and its "
                   "description. -Detailed adds the parameters and examples, -Full the parameter attributes, "
                   "-Examples shows only the examples. A name with wildcards lists the matching topics.")
    default_set = "AllUsersView"
    parameters = (
        Param("Name", str, position=0, help="The cmdlet or alias to describe (wildcards list the topics)."),
        Param("Category", list[str], help="Only topics of these categories (Alias, Cmdlet)."),
        Param("Full", Switch, sets=("AllUsersView",), help="Shows the whole help topic."),
        Param("Detailed", Switch, mandatory=True, sets=("DetailedView",),
              help="Adds the parameter descriptions and the examples."),
        Param("Examples", Switch, mandatory=True, sets=("Examples",), help="Shows only the examples."),
        Param("Parameter", str, mandatory=True, sets=("Parameters",),
              help="Shows the description of one parameter (wildcards allowed)."),
    )
    examples = (
        Example("Get-Help Get-ExchangeCertificate", "Shows the help topic of Get-ExchangeCertificate."),
        Example("Get-Help Import-ExchangeCertificate -Full", "Shows every parameter with its attributes."),
        Example("Get-Help *-ExchangeCertificate", "Lists the certificate cmdlets."),
    )

    def process(self) -> None:
        pattern = self.Name or self.name
        matches = self._topics(pattern)
        if not matches:
            if not any(c in pattern for c in "*?["):
                self.write_error(f'Cannot find Help for topic "{pattern}".', "HelpNotFound", "ResourceUnavailable",
                                 pattern, "HelpNotFoundException")
            return
        if len(matches) > 1:
            self.write_objects(HelpInfoShort(c.name, "Cmdlet", c.synopsis) for c in matches)
            return
        self._show(matches[0])

    def _topics(self, pattern: str) -> list[type[Cmdlet]]:
        commands = self.session.commands
        if not any(c in pattern for c in "*?["):
            target = commands.find_alias(pattern) or pattern
            cmdlet = commands.find_cmdlet(target)
            return [cmdlet] if cmdlet is not None else []
        return [c for c in commands.all_cmdlets() if operators.like(c.name, pattern)]

    def _show(self, cmdlet: type[Cmdlet]) -> None:
        width = self.session.host.width - 1
        if self.Parameter is not None:
            found = [p for p in help_parameters(cmdlet) if operators.like(p.name, self.Parameter)]
            if not found:
                self.write_error(f"No parameter matches criteria {self.Parameter}.", "NoParmsFound",
                                 "InvalidArgument", self.Parameter, "PSArgumentException")
            self.write_objects(ParameterHelp(p, width) for p in found)
            return
        view = "Full" if self.Full else "Detailed" if self.Detailed else "Examples" if self.Examples else ""
        self.write_object(HelpInfo(cmdlet, _related_commands(self.session, cmdlet), view, width))


CMDLETS = (GetHelp,)
