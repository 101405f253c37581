"""The shell's own cmdlets: Get-Command, aliases, variables, Get-Date, Start-Sleep, Invoke-Expression,
Clear-Host and Get-Host.

Commands come from the session's command table (cmdlets, aliases, native programs) and its scopes
(functions); time comes from the lab clock.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Callable

from emshell.engine import conversion as conv
from emshell.engine import operators
from emshell.engine.cmdlet import Cmdlet, Example, Param, Switch
from emshell.engine.objects import PSEnum, PSObject
from emshell.engine.scopes import Variable, VariableError
from emshell.formatting import netformat
from emshell.formatting.views import TableColumn, TableView, register_view

from emshell.cmdlets.help import command_syntax_lines

_UTILITY = "Microsoft.PowerShell.Commands."
_SMA = "System.Management.Automation."


def _has_wildcard(text: str) -> bool:
    return any(c in text for c in "*?[")


def _matches(name: str, patterns: list[str]) -> bool:
    return any(operators.like(name, p) for p in patterns)


def _named(info: "CommandInfo", name: str) -> bool:
    """A program is found by its name without the extension too (`certutil` -> certutil.exe)."""
    if operators.like(info.Name, name):
        return True
    return not _has_wildcard(name) and isinstance(info, ApplicationInfo) and \
        info.Name.rpartition(".")[0].lower() == name.lower()


# -- command information ------------------------------------------------------------------------------------
class CommandInfo(PSObject):
    """What Get-Command returns; the subclasses differ in type name and properties."""

    CommandType = ""

    def ps_to_string(self) -> str:
        return self.Name


class CmdletInfo(CommandInfo):
    TYPE_NAMES = (_SMA + "CmdletInfo", _SMA + "CommandInfo", "System.Object")
    PROPERTIES = ("Name", "CommandType", "Definition", "Path", "AssemblyInfo", "DLL", "HelpFile", "PSSnapIn",
                  "ParameterSets", "ImplementingType", "Verb", "Noun")
    CommandType = "Cmdlet"
    Path = AssemblyInfo = DLL = HelpFile = None

    def __init__(self, cmdlet: type[Cmdlet], snapin: str | None = None) -> None:
        self.cmdlet = cmdlet
        self.Name = cmdlet.name
        self.PSSnapIn = snapin
        self.Verb, _, self.Noun = cmdlet.name.partition("-")
        self.ImplementingType = cmdlet.dotnet_class
        lines = command_syntax_lines(cmdlet)
        self.Definition = "".join(line + "\r\n" for line in lines)
        self.ParameterSets = [line.partition(" ")[2] for line in lines]


class AliasInfo(CommandInfo):
    TYPE_NAMES = (_SMA + "AliasInfo", _SMA + "CommandInfo", "System.Object")
    PROPERTIES = ("Name", "CommandType", "Definition", "ReferencedCommand", "ResolvedCommand", "Description",
                  "Options")
    CommandType = "Alias"
    Description = ""
    Options = "None"

    def __init__(self, name: str, target: str, resolved: Any) -> None:
        self.Name = name
        self.Definition = target
        self.ReferencedCommand = self.ResolvedCommand = resolved


class FunctionCommandInfo(CommandInfo):
    PROPERTIES = ("Name", "CommandType", "Definition", "ScriptBlock", "Options", "Description")
    Options = "None"
    Description = ""

    def __init__(self, function: Any) -> None:
        self.Name = function.name
        self.CommandType = "Filter" if function.is_filter else "Function"
        self.ScriptBlock = function.block
        self.Definition = function.block.text

    def ps_type_names(self) -> tuple[str, ...]:
        own = _SMA + ("FilterInfo" if self.CommandType == "Filter" else "FunctionInfo")
        return (own, _SMA + "CommandInfo", "System.Object")


class ApplicationInfo(CommandInfo):
    TYPE_NAMES = (_SMA + "ApplicationInfo", _SMA + "CommandInfo", "System.Object")
    PROPERTIES = ("Name", "CommandType", "Definition", "Extension", "Path")
    CommandType = "Application"

    def __init__(self, name: str, path: str) -> None:
        self.Name = name
        self.Path = self.Definition = path
        self.Extension = "." + name.rpartition(".")[2]


register_view(_SMA + "CommandInfo", TableView((
    TableColumn("CommandType", "CommandType", width=15), TableColumn("Name", "Name"),
    TableColumn("Definition", "Definition"),
)))

_COMMAND_TYPES = ("Alias", "Function", "Filter", "Cmdlet", "ExternalScript", "Application", "Script", "All")


class GetCommand(Cmdlet):
    name = "Get-Command"
    dotnet_class = _UTILITY + "GetCommandCommand"
    synopsis = "Gets basic information about cmdlets and about other elements of Windows PowerShell commands."
    description = ("Lists the commands of the shell: without parameters the cmdlets; with a name (wildcards "
                   "allowed) the cmdlets, aliases, functions and programs of that name. -Syntax shows only the "
                   "syntax of each command.")
    default_set = "CmdletSet"
    parameters = (
        Param("Name", list[str], position=0, sets=("AllCommandSet",), help="Command names (wildcards allowed)."),
        Param("Verb", list[str], sets=("CmdletSet",), help="Only cmdlets with these verbs."),
        Param("Noun", list[str], sets=("CmdletSet",), help="Only cmdlets with these nouns."),
        Param("PSSnapin", list[str], sets=("CmdletSet",), help="Only cmdlets of these snap-ins."),
        Param("CommandType", list[str], sets=("AllCommandSet",), aliases=("Type",), display_type="CommandTypes",
              validate_set=_COMMAND_TYPES, help="Only commands of these types."),
        Param("TotalCount", int, help="At most this many commands."),
        Param("Syntax", Switch, help="Shows only the syntax of each command."),
        Param("ArgumentList", list[object], position=1, help="Arguments whose dynamic parameters to show."),
    )
    examples = (
        Example("Get-Command", "Lists the cmdlets."),
        Example("Get-Command *-ExchangeCertificate", "Lists the commands whose names end in -ExchangeCertificate."),
        Example("Get-Command Import-ExchangeCertificate -Syntax", "Shows the syntax of one cmdlet."),
    )

    def process(self) -> None:
        self.left = self.TotalCount if self.TotalCount is not None else -1
        if self.parameter_set != "AllCommandSet":
            self._write(self._cmdlets())
            return
        names = [conv.expand_string(n) for n in conv.to_list(self.Name)] or ["*"]
        types = {t.lower() for t in conv.to_list(self.CommandType)}
        infos = [i for i in self._all() if not types or "all" in types or i.CommandType.lower() in types]
        written: list[CommandInfo] = []
        for name in names:
            matched = [i for i in infos if _named(i, name) and i not in written]
            if not matched and not _has_wildcard(name):
                self.write_error(self.session.profile.command_not_found.format(name), "CommandNotFoundException",
                                 "ObjectNotFound", name, "CommandNotFoundException")
            self._write(matched)
            written += matched

    def _write(self, infos: list[CommandInfo]) -> None:
        for info in infos:
            if self.left == 0:
                return
            self.left -= 1
            self.write_object(info.Definition if self.Syntax else info)

    def _cmdlets(self) -> list[CommandInfo]:
        verbs = [conv.expand_string(v) for v in conv.to_list(self.Verb)]
        nouns = [conv.expand_string(n) for n in conv.to_list(self.Noun)]
        snapins = [conv.expand_string(n) for n in conv.to_list(self.PSSnapin)]
        infos = [self._info(c) for c in self.session.commands.all_cmdlets()]
        return [i for i in infos if (not verbs or _matches(i.Verb, verbs)) and (not nouns or _matches(i.Noun, nouns))
                and (not snapins or _matches(i.PSSnapIn or "", snapins))]

    def _info(self, cmdlet: type[Cmdlet]) -> CmdletInfo:
        return CmdletInfo(cmdlet, self.session.commands.snapin_of(cmdlet))

    def _all(self) -> list[CommandInfo]:
        """Every command the session knows, sorted by name (aliases, functions, cmdlets, programs)."""
        table = self.session.commands
        infos: list[CommandInfo] = [self._info(c) for c in table.all_cmdlets()]
        infos += [AliasInfo(name, target, self._resolve(target)) for name, target in table.all_aliases()]
        infos += [FunctionCommandInfo(f) for f in self._functions()]
        system32 = self.session.profile.windows_dir + "\\system32\\"
        infos += [ApplicationInfo(n, system32 + n) for n in table.all_natives() if "." in n]
        return sorted(infos, key=lambda i: (i.Name.replace("-", "").casefold(), i.Name.casefold()))

    def _functions(self) -> list[Any]:
        seen: dict[str, Any] = {}
        scope = self.session.scope
        while scope is not None:
            for key, function in scope.functions.items():
                seen.setdefault(key, function)
            scope = scope.parent
        return list(seen.values())

    def _resolve(self, target: str) -> Any:
        cmdlet = self.session.commands.find_cmdlet(target)
        return self._info(cmdlet) if cmdlet is not None else None


# -- aliases ------------------------------------------------------------------------------------------------
class GetAlias(Cmdlet):
    name = "Get-Alias"
    dotnet_class = _UTILITY + "GetAliasCommand"
    synopsis = "Gets the aliases for the current session."
    description = "Lists the aliases of the shell, or the ones whose names match the given patterns."
    parameters = (
        Param("Name", list[str], position=0, help="Alias names (wildcards allowed)."),
        Param("Exclude", list[str], help="Aliases to leave out (wildcards allowed)."),
        Param("Scope", str, help="The scope to look in."),
    )
    examples = (Example("Get-Alias gcm", "Shows which command gcm stands for."),)

    def process(self) -> None:
        table = self.session.commands
        names = [conv.expand_string(n) for n in conv.to_list(self.Name)] or ["*"]
        excluded = [conv.expand_string(n) for n in conv.to_list(self.Exclude)]
        aliases = [(n, t) for n, t in table.all_aliases() if not _matches(n, excluded)]
        for pattern in names:
            matched = [(n, t) for n, t in aliases if operators.like(n, pattern)]
            if not matched and not _has_wildcard(pattern):
                self.write_error(f"Cannot find alias because alias '{pattern}' does not exist.",
                                 "ItemNotFoundException", "ObjectNotFound", pattern, "ItemNotFoundException")
            for name, target in matched:
                cmdlet = table.find_cmdlet(target)
                self.write_object(AliasInfo(name, target, CmdletInfo(cmdlet) if cmdlet else None))


# Built-in aliases that PowerShell 1.0 makes ReadOnly: the verb-noun abbreviations (gi, gci, sal ...). The cmd and
# UNIX compatibility names (dir, ls, cd, cat, copy ...) stay writable. real-outputs §7C: `Set-Alias -Name gi ...`.
READ_ONLY_ALIASES = frozenset((
    "ac", "clv", "compare", "cpi", "diff", "fl", "foreach", "ft", "gal", "gc", "gci", "gcm", "gi", "gl", "gm",
    "group", "gsv", "gv", "iex", "measure", "mi", "nal", "ni", "nv", "oh", "ri", "rni", "rv", "rvpa", "sal",
    "sasv", "sc", "select", "sl", "sort", "spsv", "sv", "tee", "where", "write", "%", "?",
))


class SetAlias(Cmdlet):
    name = "Set-Alias"
    dotnet_class = _UTILITY + "SetAliasCommand"
    synopsis = "Creates or changes an alias (alternate name) for a cmdlet or other command element in the " \
               "current Windows PowerShell session."
    description = "Makes a name stand for a command. An existing alias of that name is changed."
    supports_should_process = True
    confirm_impact = "Low"
    parameters = (
        Param("Name", str, position=0, mandatory=True, pipeline_by_name=True, help="The alias."),
        Param("Value", str, position=1, mandatory=True, pipeline_by_name=True, help="The command it stands for."),
        Param("Description", str, pipeline_by_name=True, help="A description of the alias."),
        Param("Option", str, pipeline_by_name=True, display_type="ScopedItemOptions",
              help="None, ReadOnly, Constant, Private or AllScope."),
        Param("PassThru", Switch, help="Writes the alias to the pipeline."),
        Param("Scope", str, pipeline_by_name=True, help="The scope of the alias."),
        Param("Force", Switch, help="Also changes read-only aliases."),
    )
    examples = (Example("Set-Alias cert Get-ExchangeCertificate", "Makes cert run Get-ExchangeCertificate."),)

    def process(self) -> None:
        table = self.session.commands
        existing = table.find_alias(self.Name)
        if self._refused(existing):
            return
        if table.is_read_only_alias(self.Name) and not self.Force:
            self.write_error(f"Alias is not writeable because alias {self.Name} is read-only or constant and cannot "
                             f"be written to.", "AliasNotWritable", "WriteError", self.Name,
                             "SessionStateUnauthorizedAccessException")
            return
        if self.should_process(f"Name: {self.Name} Value: {self.Value}", self._action()):
            table.set_alias(self.Name, self.Value)
            if self.PassThru:
                cmdlet = table.find_cmdlet(self.Value)
                self.write_object(AliasInfo(self.Name, self.Value, CmdletInfo(cmdlet) if cmdlet else None))

    def _refused(self, existing: str | None) -> bool:
        return False

    def _action(self) -> str:
        return "Set Alias"


class NewAlias(SetAlias):
    name = "New-Alias"
    dotnet_class = _UTILITY + "NewAliasCommand"
    synopsis = "Creates a new alias."
    description = "Makes a name stand for a command; an existing alias of that name is an error unless -Force."
    examples = (Example("New-Alias list Get-ChildItem", "Makes list run Get-ChildItem."),)

    def _refused(self, existing: str | None) -> bool:
        if existing is None or self.Force:
            return False
        self.write_error(f"Alias not allowed because an alias with the name '{self.Name}' already exists.",
                         "AliasAlreadyExists", "ResourceExists", self.Name, "SessionStateException")
        return True

    def _action(self) -> str:
        return "New Alias"


# -- variables ----------------------------------------------------------------------------------------------
class PSVariable(PSObject):
    """A variable as Get-Variable shows it; setting Value changes the variable."""

    TYPE_NAMES = (_SMA + "PSVariable", "System.Object")
    PROPERTIES = ("Name", "Description", "Value", "Options", "Attributes")

    def __init__(self, variable: Variable) -> None:
        self.variable = variable
        self.Name = variable.name
        self.Description = variable.description
        self.Options = "Constant" if variable.constant else "ReadOnly" if variable.read_only else "None"
        self.Attributes: list[Any] = []

    @property
    def Value(self) -> Any:
        return self.variable.value

    @Value.setter
    def Value(self, value: Any) -> None:
        self.variable.value = value

    def ps_settable(self, name: str) -> bool:
        return name.lower() in ("value", "description")

    def ps_to_string(self) -> str:
        return self.Name


register_view(_SMA + "PSVariable", TableView((TableColumn("Name", "Name", width=30), TableColumn("Value", "Value"))))

# Automatic variables computed by the session rather than stored in a scope.
_AUTOMATIC_NAMES = ("?", "Error", "Host", "LASTEXITCODE", "PWD")


def _scope(session: Any, scope: str | None) -> Any:
    if scope is None or scope.lower() == "local" or scope == "0":
        return session.scope
    if scope.lower() == "global":
        return session.global_scope
    if scope.lower() == "script":
        return session.scope.script_scope()
    return session.scope


def _visible(session: Any, scope: str | None) -> list[Variable]:
    """Variables of a scope (and the scopes it sees), with the automatic ones, by name."""
    stored = _scope(session, scope).all_variables()
    known = {v.name.lower() for v in stored}
    automatic = [Variable(n, session.get_variable(n), read_only=n != "LASTEXITCODE") for n in _AUTOMATIC_NAMES
                 if n.lower() not in known and (n != "LASTEXITCODE" or session.last_exit_code is not None)]
    return sorted(stored + automatic, key=lambda v: v.name.lower())


class _VariableCmdlet(Cmdlet):
    """Shared: resolving names (wildcards, -Include, -Exclude) against the visible variables."""

    def select(self, names: list[str]) -> list[Variable]:
        include = [conv.expand_string(n) for n in conv.to_list(getattr(self, "Include", None))]
        exclude = [conv.expand_string(n) for n in conv.to_list(getattr(self, "Exclude", None))]
        variables = [v for v in _visible(self.session, self.Scope)
                     if (not include or _matches(v.name, include)) and not _matches(v.name, exclude)]
        chosen: list[Variable] = []
        for pattern in names:
            matched = [v for v in variables if operators.like(v.name, pattern)]
            if not matched and not _has_wildcard(pattern):
                self.write_error(f"Cannot find a variable with name '{pattern}'.", "VariableNotFound",
                                 "ObjectNotFound", pattern, "ItemNotFoundException")
            chosen += [v for v in matched if v not in chosen]
        return chosen

    def names(self) -> list[str]:
        return [conv.expand_string(n) for n in conv.to_list(self.Name)]

    def assign(self, name: str, value: Any) -> None:
        qualified = name if ":" in name or self.Scope in (None, "local", "0") else f"{self.Scope}:{name}"
        try:
            self.session.set_variable(qualified, value)
        except VariableError as error:
            self.write_error(str(error), error.error_id, "WriteError", name, "SessionStateUnauthorizedAccessException")


class GetVariable(_VariableCmdlet):
    name = "Get-Variable"
    dotnet_class = _UTILITY + "GetVariableCommand"
    synopsis = "Gets the variables in the current console."
    description = "Lists the variables and their values, or only those whose names match the given patterns."
    parameters = (
        Param("Name", list[str], position=0, pipeline_by_name=True, help="Variable names (wildcards allowed)."),
        Param("ValueOnly", Switch, help="Writes only the values."),
        Param("Include", list[str], help="Only variables matching these patterns."),
        Param("Exclude", list[str], help="Variables to leave out."),
        Param("Scope", str, help="The scope to look in: Global, Script, Local."),
    )
    examples = (Example("Get-Variable Format*", "Shows $FormatEnumerationLimit."),)

    def process(self) -> None:
        for variable in self.select(self.names() or ["*"]):
            self.write_object(variable.value if self.ValueOnly else PSVariable(variable))


class SetVariable(_VariableCmdlet):
    name = "Set-Variable"
    dotnet_class = _UTILITY + "SetVariableCommand"
    synopsis = "Sets the value of a variable. Creates the variable if one with the requested name does not exist."
    description = "Gives a variable a value, creating it when it does not exist."
    supports_should_process = True
    confirm_impact = "Low"
    parameters = (
        Param("Name", list[str], position=0, mandatory=True, pipeline_by_name=True, help="The variable's name."),
        Param("Value", object, position=1, pipeline=True, pipeline_by_name=True, help="The value."),
        Param("Include", list[str], help="Only variables matching these patterns."),
        Param("Exclude", list[str], help="Variables to leave out."),
        Param("Description", str, pipeline_by_name=True, help="A description of the variable."),
        Param("Option", str, pipeline_by_name=True, display_type="ScopedItemOptions",
              help="None, ReadOnly, Constant, Private or AllScope."),
        Param("Force", Switch, help="Also changes read-only variables."),
        Param("PassThru", Switch, help="Writes the variable to the pipeline."),
        Param("Scope", str, pipeline_by_name=True, help="The scope of the variable."),
    )
    examples = (Example("Set-Variable thumb 'C8B7...'", "Stores a thumbprint in $thumb."),)

    def process(self) -> None:
        for name in self.names():
            if not self.should_process(f"Name: {name} Value: {conv.expand_string(self.Value)}", self._action()):
                continue
            self.store(name)
            if self.PassThru:
                self.write_objects(PSVariable(v) for v in self.select([name]))

    def store(self, name: str) -> None:
        self.assign(name, self.Value)
        variable = _scope(self.session, self.Scope).find(name.rpartition(":")[2])
        if variable is not None and self.Description is not None:
            variable.description = self.Description
        if variable is not None and self.Option is not None:
            variable.read_only = "readonly" in self.Option.lower()
            variable.constant = "constant" in self.Option.lower()

    def _action(self) -> str:
        return "Set variable"


class NewVariable(SetVariable):
    name = "New-Variable"
    dotnet_class = _UTILITY + "NewVariableCommand"
    synopsis = "Creates a new variable."
    description = "Creates a variable; a variable of that name in the scope already is an error unless -Force."
    parameters = (Param("Name", str, position=0, mandatory=True, pipeline_by_name=True, help="The variable's name."),
                  *(p for p in SetVariable.parameters if p.name not in ("Name", "Include", "Exclude")))
    examples = (Example("New-Variable days 365", "Creates $days with the value 365."),)

    def process(self) -> None:
        for name in self.names():
            if _scope(self.session, self.Scope).variables.get(name.lower()) is not None and not self.Force:
                self.write_error(f"A variable with name '{name}' already exists.", "VariableAlreadyExists",
                                 "ResourceExists", name, "SessionStateException")
                continue
            if self.should_process(f"Name: {name} Value: {conv.expand_string(self.Value)}", "New variable"):
                self.store(name)
                if self.PassThru:
                    self.write_objects(PSVariable(v) for v in self.select([name]))


class RemoveVariable(_VariableCmdlet):
    name = "Remove-Variable"
    dotnet_class = _UTILITY + "RemoveVariableCommand"
    synopsis = "Deletes a variable and its value."
    description = "Deletes variables from the scope they were made in."
    supports_should_process = True
    confirm_impact = "Low"
    parameters = (
        Param("Name", list[str], position=0, mandatory=True, pipeline_by_name=True, help="The variables."),
        Param("Include", list[str], help="Only variables matching these patterns."),
        Param("Exclude", list[str], help="Variables to leave out."),
        Param("Force", Switch, help="Also removes read-only variables."),
        Param("Scope", str, help="The scope to remove from."),
    )
    examples = (Example("Remove-Variable thumb", "Deletes $thumb."),)

    def process(self) -> None:
        for variable in self.select(self.names()):
            if (variable.constant or variable.read_only and not self.Force):
                self.write_error(f"Cannot remove variable {variable.name} because it is constant or read-only. If "
                                 f"the variable is read-only, try the operation again specifying the Force option.",
                                 "VariableNotRemovable", "WriteError", variable.name,
                                 "SessionStateUnauthorizedAccessException")
                continue
            if self.should_process(f"Name: {variable.name}", "Remove Variable"):  # 1.0 capitalisation
                self._remove(variable.name)

    def _remove(self, name: str) -> None:
        scope = _scope(self.session, self.Scope)
        while scope is not None and not scope.remove(name):
            scope = scope.parent


class ClearVariable(_VariableCmdlet):
    name = "Clear-Variable"
    dotnet_class = _UTILITY + "ClearVariableCommand"
    synopsis = "Deletes the value of a variable."
    description = "Sets variables to $null; the variables themselves stay."
    supports_should_process = True
    confirm_impact = "Low"
    parameters = (
        Param("Name", list[str], position=0, mandatory=True, pipeline_by_name=True, help="The variables."),
        Param("Include", list[str], help="Only variables matching these patterns."),
        Param("Exclude", list[str], help="Variables to leave out."),
        Param("Force", Switch, help="Also clears read-only variables."),
        Param("PassThru", Switch, help="Writes the variables to the pipeline."),
        Param("Scope", str, help="The scope of the variables."),
    )
    examples = (Example("Clear-Variable thumb", "Sets $thumb to $null."),)

    def process(self) -> None:
        for variable in self.select(self.names()):
            if self.should_process(f"Name: {variable.name}", "Clear variable"):
                self.assign(variable.name, None)
                if self.PassThru:
                    self.write_object(PSVariable(variable))


# -- time -------------------------------------------------------------------------------------------------------
class DisplayHintType(PSEnum):
    __ps_type__ = _UTILITY + "DisplayHintType"
    Date = 0
    Time = 1
    DateTime = 2


class DisplayDateTime(datetime):
    """A DateTime with Get-Date's DisplayHint note (set on the instance, so dates computed from it have
    none): the view then shows the date or the time only."""

    display_hint: DisplayHintType


_EPOCH = datetime(1970, 1, 1)


def _uformat_directives() -> dict[str, Callable[[datetime], str]]:
    """Get-Date -UFormat: the UNIX `date` directives PowerShell implements."""
    fmt = netformat.format_datetime
    return {
        "a": lambda d: fmt(d, "ddd"), "A": lambda d: fmt(d, "dddd"), "b": lambda d: fmt(d, "MMM"),
        "B": lambda d: fmt(d, "MMMM"), "c": lambda d: fmt(d, "ddd MMM dd HH:mm:ss yyyy"),
        "C": lambda d: str(d.year // 100), "d": lambda d: fmt(d, "dd"), "D": lambda d: fmt(d, "MM/dd/yy"),
        "e": lambda d: f"{d.day:>2}", "h": lambda d: fmt(d, "MMM"), "H": lambda d: fmt(d, "HH"),
        "I": lambda d: fmt(d, "hh"), "j": lambda d: f"{d.timetuple().tm_yday:03d}",
        "k": lambda d: f"{d.hour:>2}", "l": lambda d: f"{d.hour % 12 or 12:>2}", "m": lambda d: fmt(d, "MM"),
        "M": lambda d: fmt(d, "mm"), "n": lambda d: "\n", "p": lambda d: fmt(d, "tt"),
        "r": lambda d: fmt(d, "hh:mm:ss tt"), "R": lambda d: fmt(d, "HH:mm"),
        "s": lambda d: str(int((d - _EPOCH).total_seconds())), "S": lambda d: fmt(d, "ss"), "t": lambda d: "\t",
        "T": lambda d: fmt(d, "HH:mm:ss"), "u": lambda d: str(d.isoweekday()),
        "U": lambda d: d.strftime("%U"), "V": lambda d: f"{d.isocalendar()[1]:02d}",
        "w": lambda d: str(d.isoweekday() % 7), "W": lambda d: d.strftime("%W"), "x": lambda d: fmt(d, "MM/dd/yy"),
        "X": lambda d: fmt(d, "HH:mm:ss"), "y": lambda d: fmt(d, "yy"), "Y": lambda d: fmt(d, "yyyy"),
        "Z": lambda d: "+00",
    }


def uformat(value: datetime, spec: str) -> str:
    directives = _uformat_directives()
    out: list[str] = []
    index = 0
    while index < len(spec):
        char = spec[index]
        if char == "%" and index + 1 < len(spec) and spec[index + 1] in directives:
            out.append(directives[spec[index + 1]](value))
            index += 2
            continue
        out.append(char)
        index += 1
    return "".join(out)


class GetDate(Cmdlet):
    name = "Get-Date"
    dotnet_class = _UTILITY + "GetDateCommand"
    synopsis = "Gets the current date and time."
    description = ("Gets the lab's current date and time, or the date given with -Date, with the parts given by "
                   "-Year, -Month ... replaced. -Format (.NET format strings) and -UFormat (UNIX date formats) "
                   "return text.")
    default_set = "net"
    parameters = (
        Param("Date", datetime, position=0, pipeline=True, pipeline_by_name=True, aliases=("LastWriteTime",),
              help="The date and time to use instead of now."),
        Param("Year", int, help="The year."),
        Param("Month", int, help="The month (1-12)."),
        Param("Day", int, help="The day of the month (1-31)."),
        Param("Hour", int, help="The hour (0-23)."),
        Param("Minute", int, help="The minute (0-59)."),
        Param("Second", int, help="The second (0-59)."),
        Param("DisplayHint", DisplayHintType,
              help="Shows only the date, only the time, or both."),
        Param("Format", str, sets=("net",), help="A .NET format string such as 'yyyy-MM-dd'."),
        Param("UFormat", str, sets=("UFormat",), help="A UNIX format such as '%Y%m%d'."),
    )
    examples = (
        Example("Get-Date", "Shows the current date and time."),
        Example("Get-Date -Format 'yyyyMMdd'", "Writes the date as text, for file names."),
        Example("(Get-Date).AddDays(365)", "The date one year from now."),
    )

    def process(self) -> None:
        value = self.Date if self.Date is not None else self.session.lab_now()
        value = self._adjusted(value)
        if self.Format is not None:
            self.write_object(netformat.format_datetime(value, self.Format))
        elif self.UFormat is not None:
            self.write_object(uformat(value, self.UFormat))
        else:
            self.write_object(self._hinted(value))

    def _adjusted(self, value: datetime) -> datetime:
        parts = {"year": self.Year, "month": self.Month, "hour": self.Hour, "minute": self.Minute,
                 "second": self.Second}
        try:
            value = value.replace(**{k: v for k, v in parts.items() if v is not None})
            if self.Day is not None:
                value = value.replace(day=1) + timedelta(days=self.Day - 1)
        except ValueError as error:
            self.throw_terminating(f"Cannot process argument because the value of argument is out of range: "
                                   f"{error}.", "ParameterArgumentValidationError", "InvalidArgument",
                                   exception_type="ArgumentOutOfRangeException")
        return value

    def _hinted(self, value: datetime) -> datetime:
        """Every date Get-Date writes carries the DisplayHint note (DateTime unless -DisplayHint)."""
        hinted = DisplayDateTime(value.year, value.month, value.day, value.hour, value.minute, value.second,
                                 value.microsecond)
        hinted.display_hint = self.DisplayHint or DisplayHintType.DateTime
        return hinted


class StartSleep(Cmdlet):
    """Lab time moves on; the host never sleeps."""

    name = "Start-Sleep"
    dotnet_class = _UTILITY + "StartSleepCommand"
    synopsis = "Suspend shell, script, or runspace activity for the specified period of time."
    description = "Waits the given number of seconds or milliseconds (of lab time) before the next command."
    default_set = "Seconds"
    parameters = (
        Param("Seconds", int, position=0, mandatory=True, sets=("Seconds",), pipeline=True, pipeline_by_name=True,
              help="How many seconds to wait."),
        Param("Milliseconds", int, mandatory=True, sets=("Milliseconds",), pipeline_by_name=True,
              help="How many milliseconds to wait."),
    )
    examples = (Example("Start-Sleep -Seconds 30", "Waits half a minute, e.g. for a service to start."),)

    def process(self) -> None:
        amount = timedelta(seconds=self.Seconds) if self.parameter_set == "Seconds" else \
            timedelta(milliseconds=self.Milliseconds)
        self.lab.clock.advance(amount)


# -- the rest ---------------------------------------------------------------------------------------------
class InvokeExpression(Cmdlet):
    name = "Invoke-Expression"
    dotnet_class = _UTILITY + "InvokeExpressionCommand"
    synopsis = "Runs a Windows PowerShell expression that is provided in the form of a string."
    description = "Runs a string as PowerShell code in the current scope and writes its output."
    parameters = (Param("Command", str, position=0, mandatory=True, pipeline=True, help="The code to run."),)
    examples = (Example("$cmd = 'Get-ExchangeCertificate'; Invoke-Expression $cmd", "Runs the command in $cmd."),)

    def process(self) -> None:
        from emshell.engine.errors import ParseError, TerminatingError
        from emshell.language.parser import parse

        try:
            script = parse(self.Command)
        except ParseError as error:
            raise TerminatingError(error.record) from None
        evaluator = self.session.evaluator
        previous, evaluator.script = evaluator.script, script
        try:
            block = script.block
            evaluator.run_block(block.statements if not block.has_named_blocks else (block.end or []),
                                self.write_object)
        finally:
            evaluator.script = previous


class ClearHost(Cmdlet):
    """A console clears its screen; a transcript has nothing to clear."""

    name = "Clear-Host"
    dotnet_class = _UTILITY + "ClearHostCommand"
    synopsis = "Clears the display in the host program."
    description = "Clears the console window. In a transcript or a script's output it does nothing."
    examples = (Example("Clear-Host", "Clears the screen."),)


class GetHost(Cmdlet):
    name = "Get-Host"
    dotnet_class = _UTILITY + "GetHostCommand"
    synopsis = "Gets a reference to the current console host object. Displays Windows PowerShell version and " \
               "regional information by default."
    description = "Writes the host object: its name, version, culture and user interface."
    examples = (Example("(Get-Host).UI.RawUI.BufferSize.Width", "The width of the console."),)

    def process(self) -> None:
        self.write_object(self.session.get_variable("Host"))


CMDLETS = (GetCommand, GetAlias, SetAlias, NewAlias, GetVariable, SetVariable, NewVariable, RemoveVariable,
           ClearVariable, GetDate, StartSleep, InvokeExpression, ClearHost, GetHost)
ALIASES = {
    "gcm": "Get-Command", "gal": "Get-Alias", "sal": "Set-Alias", "nal": "New-Alias", "gv": "Get-Variable",
    "sv": "Set-Variable", "set": "Set-Variable", "nv": "New-Variable", "rv": "Remove-Variable",
    "clv": "Clear-Variable", "iex": "Invoke-Expression", "cls": "Clear-Host", "clear": "Clear-Host",
    "sleep": "Start-Sleep",
}
