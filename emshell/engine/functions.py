"""Script functions, filters, script blocks and .ps1 files as pipeline commands.

Parameters come from the `param()` block (or the function's parenthesised list) with their
`[Parameter()]` attributes, so the same binder serves cmdlets and scripts. Without named
blocks a function's body is its `end` block and sees its pipeline input as `$input`; a filter's
body runs once per input object with `$_`.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from emshell.engine import binder as binding
from emshell.engine.cmdlet import Param, Switch
from emshell.engine.evaluator import ExitSignal, ReturnSignal, ScriptBlock
from emshell.engine.invocation import InvocationInfo
from emshell.engine.pipeline import NO_INPUT, CommandContext, Processor, command_position
from emshell.engine.scopes import Scope
from emshell.engine.types import resolve_type
from emshell.language import ast

if TYPE_CHECKING:
    from emshell.engine.session import Session


def parameters_of(block: ast.ScriptBlockAst) -> tuple[list[Param], bool]:
    """Params declared by a script block, and whether it is an advanced (attributed) one."""
    declared = block.parameters or []
    params: list[Param] = []
    advanced = False
    for index, node in enumerate(declared):
        attribute = next((a for a in node.attributes if a.name.lower() == "parameter"), None)
        advanced = advanced or attribute is not None
        named = attribute.named if attribute else {}
        position = named.get("position", index if not attribute or "position" not in named else None)
        params.append(Param(
            name=node.name,
            type=_type_spec(node.type_name),
            position=None if node.type_name and node.type_name.lower() == "switch" else position,
            mandatory=bool(named.get("mandatory", False)),
            sets=(named["parametersetname"],) if "parametersetname" in named else (),
            pipeline=bool(named.get("valuefrompipeline", False)),
            pipeline_by_name=bool(named.get("valuefrompipelinebypropertyname", False)),
            help=str(named.get("helpmessage", "")),
            aliases=tuple(str(v) for a in node.attributes if a.name.lower() == "alias" for v in a.positional),
        ))
    return params, advanced


def _type_spec(type_name: str | None) -> Any:
    if type_name is None:
        return object
    if type_name.lower() in ("switch", "system.management.automation.switchparameter"):
        return Switch
    return resolve_type(type_name)


def bind_script_arguments(binder: binding.ParameterBinder, advanced: bool, arguments: list,
                          expects_input: bool) -> tuple[binding.BindResult, list]:
    """Bind a function's or script's arguments to its param() block; what is left over becomes
    $args (an [CmdletBinding()] block takes no leftovers). Returns (result, $args)."""
    declared_names = {p.name.lower() for p in binder.parameters}
    named = [a for a in arguments if isinstance(a, binding.NamedArgument) and
             (a.name.lower() in declared_names or binder.knows(a.name))]
    leftovers = [a for a in arguments if a not in named]
    positional = [a for a in leftovers if isinstance(a, binding.PositionalArgument)]
    bindable_positional = positional[:len([p for p in binder.parameters if p.position is not None])]
    extra_args = [a.value for a in positional[len(bindable_positional):]] + \
        [a.text for a in leftovers if isinstance(a, binding.NamedArgument)]
    if advanced and extra_args:
        first = positional[len(bindable_positional)] if len(positional) > len(bindable_positional) else None
        shown = first.text if first and first.text else str(extra_args[0])
        raise binding.BindingError(f"A positional parameter cannot be found that accepts argument '{shown}'.",
                                   "PositionalParameterNotFound", first.extent if first else None)
    bindable = {id(a) for a in named + bindable_positional}  # in the order typed: `-Name value` pairs
    return binder.bind([a for a in arguments if id(a) in bindable], expects_input), extra_args


class FunctionProcessor(Processor):
    def __init__(self, session: "Session", block: ScriptBlock, context: CommandContext, arguments: list,
                 expects_input: bool, is_filter: bool = False, new_scope: bool = True,
                 script_scope: bool = False, command: Callable[[], Any] | None = None) -> None:
        self.session = session
        self.command = command  # makes $MyInvocation.MyCommand
        self.block = block
        self.context = context
        self.expects_input = expects_input
        self.is_filter = is_filter
        self.params, advanced = parameters_of(block.block)
        self.binder = binding.ParameterBinder(self.params, ["__AllParameterSets"], None,
                                              session.convert_parameter)
        self.result, self.extra_args = bind_script_arguments(self.binder, advanced, arguments, expects_input)
        parent = session.scope if new_scope else None
        self.scope = Scope(parent=parent, is_script=script_scope) if new_scope else session.scope
        self.new_scope = new_scope
        self.is_script_file = script_scope
        self.exited = False  # a script file ran `exit`
        self.input_items: list[Any] = []
        self.begun = False

    # -- scope handling ---------------------------------------------------------------------------
    def _enter(self) -> tuple:
        saved = (self.session.scope, self.session.evaluator.script)
        self.session.scope = self.scope
        self.session.evaluator.script = self.block.script
        return saved

    def _leave(self, saved: tuple) -> None:
        self.session.scope, self.session.evaluator.script = saved

    def _run(self, statements: list[ast.Node] | None) -> None:
        if not statements or self.exited:
            return
        saved = self._enter()
        try:
            self.session.evaluator.run_block(statements, self.context.emit)
        except ReturnSignal:
            pass
        except ExitSignal as signal:
            if not self.is_script_file:  # `exit` in a function ends the script that runs it
                raise
            self.session.last_exit_code = signal.code  # a called script ends; its caller goes on
            self.exited = True
        finally:
            self._leave(saved)

    # -- blocks ------------------------------------------------------------------------------------
    def begin(self) -> None:
        missing = self.result.missing_mandatory
        if missing:
            self.result.values.update(self.session.prompt_mandatory(self.context, missing, self.binder))
        saved = self._enter()
        try:
            self._bind_variables()
        finally:
            self._leave(saved)
        body = self.block.block
        if body.has_named_blocks:
            self._run(body.begin)

    def _bind_variables(self) -> None:
        scope = self.scope
        for param in self.params:
            if param.name in self.result.values:
                value = self.result.values[param.name]
            elif param.is_switch:
                value = False
            else:
                default = next((p.default for p in self.block.block.parameters or [] if p.name == param.name), None)
                value = self.session.evaluator.collect(default) if default is not None else None
            if param.is_switch:
                from emshell.engine.conversion import SwitchValue

                value = SwitchValue(bool(value))
            scope.set(param.name, value)
            declared = next((p for p in self.block.block.parameters or [] if p.name == param.name), None)
            if declared is not None and declared.type_name and not param.is_switch:
                scope.variables[param.name.lower()].type_name = declared.type_name  # `[int]$x` stays an int
        scope.set("args", list(self.extra_args))
        if self.new_scope:  # a dot-sourced block keeps its caller's $MyInvocation
            context = self.context
            scope.set("MyInvocation", InvocationInfo(self.command, context.invocation_name,
                                                     command_position(context.script, context.name_extent),
                                                     context.pipeline))

    def process(self, value: Any) -> None:
        body = self.block.block
        if value is not NO_INPUT and self.expects_input:
            self.input_items.append(value)
            bound = self.binder.bind_pipeline_input(self.result, value, self.session.get_property) \
                if any(p.pipeline or p.pipeline_by_name for p in self.params) else {}
            for name, item in bound.items():
                self.scope.set(name, item)
            self.scope.set("_", value)
        if body.has_named_blocks:
            self._run(body.process)
        elif self.is_filter:
            self._run(body.statements)

    def end(self) -> None:
        body = self.block.block
        self.scope.set("input", list(self.input_items))
        if body.has_named_blocks:
            self._run(body.end)
        elif not self.is_filter:
            self._run(body.statements)
