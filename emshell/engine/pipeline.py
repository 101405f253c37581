"""Command processors and the streaming pipeline (begin for every command, then records, then end).

Each command in a pipeline gets a `CommandContext` (its invocation, common parameters, error
and warning handling, ShouldProcess) and a processor: cmdlet, script function, native program
or script file. Objects are pushed downstream one at a time, as PowerShell streams them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

from emshell.engine import binder as binding
from emshell.engine import conversion as conv
from emshell.engine.cmdlet import Cmdlet, Param
from emshell.engine.errors import ErrorRecord, ScriptPosition, TerminatingError
from emshell.language import ast

if TYPE_CHECKING:
    from emshell.engine.session import Session

NO_INPUT = object()


def command_position(script: ast.Script | None, name_extent: ast.Extent | None) -> ScriptPosition | None:
    """PowerShell 1.0 reports a command's errors just after its name (real-outputs §7C)."""
    if script is None or name_extent is None:
        return None
    column = name_extent.column + (name_extent.end - name_extent.start)
    return ScriptPosition(name_extent.line, column, script.line_text(name_extent.line), column, script.file)


def token_position(script: ast.Script | None, extent: ast.Extent | None) -> ScriptPosition | None:
    """Binding errors point just after the offending token (`Get-Date -Foo <<<< `)."""
    if script is None or extent is None:
        return None
    line_text = script.line_text(extent.line)
    length = min(extent.end - extent.start, len(line_text) - extent.column + 1)
    column = extent.column + length
    return ScriptPosition(extent.line, column, line_text, column, script.file)


def node_position(script: ast.Script | None, extent: ast.Extent | None) -> ScriptPosition | None:
    """Runtime errors in expressions point at the failing node, the marker before it."""
    if script is None or extent is None:
        return None
    return ScriptPosition(extent.line, extent.column, script.line_text(extent.line), extent.column - 1, script.file)


@dataclass
class CommandContext:
    session: "Session"
    invocation_name: str
    command_name: str
    dotnet_class: str
    script: ast.Script | None
    name_extent: ast.Extent | None
    emit: Callable[[Any], None] = lambda value: None
    error_action: str | None = None
    warning_action: str | None = None
    verbose: bool | None = None
    debug: bool = False
    what_if: bool = False
    confirm: bool | None = None
    error_variable: str | None = None
    warning_variable: str | None = None
    out_variable: str | None = None
    had_error: bool = False
    error_redirect: Callable[[Any], None] | None = None  # `2>&1` / `2> file`
    yes_to_all: bool = False
    no_to_all: bool = False
    collected_errors: list = field(default_factory=list)
    collected_warnings: list = field(default_factory=list)
    collected_output: list = field(default_factory=list)
    pipeline: tuple[int, int] = (1, 1)  # (PipelinePosition, PipelineLength) for $MyInvocation

    def apply_common(self, values: dict[str, Any]) -> None:
        self.error_action = _action_name(values.get("ErrorAction")) or self.error_action
        self.warning_action = _action_name(values.get("WarningAction")) or self.warning_action
        if "Verbose" in values:
            self.verbose = bool(values["Verbose"])
        self.debug = bool(values.get("Debug", False))
        self.what_if = bool(values.get("WhatIf", False))
        if "Confirm" in values:
            self.confirm = bool(values["Confirm"])
        self.error_variable = values.get("ErrorVariable")
        self.warning_variable = values.get("WarningVariable")
        self.out_variable = values.get("OutVariable")

    # -- errors ------------------------------------------------------------------------------
    def make_error(self, message: str, error_id: str, category: str = "NotSpecified", target: Any = None,
                   exception_type: str = "InvalidOperationException") -> ErrorRecord:
        return ErrorRecord(message, error_id=error_id, category=category, target=target,
                           exception_type=exception_type, command_name=self.command_name or self.invocation_name,
                           command_class=self.dotnet_class or None,
                           position=command_position(self.script, self.name_extent))

    def write_error(self, record: ErrorRecord) -> None:
        """A non-terminating error, handled as -ErrorAction / $ErrorActionPreference says."""
        self.had_error = True
        action = (self.error_action or self.session.preference("ErrorActionPreference")).lower()
        if action == "stop":
            raise TerminatingError(record, script_terminating=True, stopped=True)
        self.collected_errors.append(record)
        if action == "inquire" and not self.session.ask_continue_after_error(record):
            raise TerminatingError(record, script_terminating=True)
        redirected = self.error_redirect is not None and action != "silentlycontinue"
        self.session.record_error(record, display=action != "silentlycontinue" and not redirected)
        if redirected:
            self.error_redirect(record)

    def write_warning(self, text: str) -> None:
        action = (self.warning_action or self.session.preference("WarningPreference")).lower()
        self.collected_warnings.append(text)
        if action == "silentlycontinue":
            return
        self.session.host_warning(text)
        if action == "stop":
            record = self.make_error(
                "Command execution stopped because the shell variable \"WarningPreference\" is set to Stop.",
                "ActionPreferenceStop", "OperationStopped", exception_type="ActionPreferenceStopException")
            raise TerminatingError(record, script_terminating=True)

    def write_verbose(self, text: str) -> None:
        enabled = self.verbose if self.verbose is not None else \
            self.session.preference("VerbosePreference").lower() == "continue"
        if enabled:
            self.session.host_stream("VERBOSE", text)

    def write_debug(self, text: str) -> None:
        if self.debug or self.session.preference("DebugPreference").lower() == "continue":
            self.session.host_stream("DEBUG", text)

    # -- ShouldProcess (§B8) ---------------------------------------------------------------------
    def should_process(self, cmdlet: Cmdlet, target: str, action: str, what_if_text: str | None) -> bool:
        description = what_if_text or f'Performing operation "{action}" on Target "{target}".'
        if self.what_if or conv.to_bool(self.session.get_variable("WhatIfPreference")):
            self.session.host_line(f"What if: {description}")
            return False
        ask = self.confirm
        if ask is None:
            ask = _impact_rank(cmdlet.confirm_impact) >= _impact_rank(self.session.preference("ConfirmPreference"))
        if not ask or self.yes_to_all:
            return True
        if self.no_to_all:
            return False
        choice = self.session.confirm("Confirm", "Are you sure you want to perform this action?\n" + description)
        self.yes_to_all = choice == "A"
        self.no_to_all = choice == "L"
        return choice in ("Y", "A")

    def should_continue(self, query: str, caption: str) -> bool:
        if self.yes_to_all:
            return True
        if self.no_to_all:
            return False
        choice = self.session.confirm(caption, query, suspend=False)  # ShouldContinue offers no Suspend
        self.yes_to_all = choice == "A"
        self.no_to_all = choice == "L"
        return choice in ("Y", "A")


def _action_name(value: Any) -> str | None:
    """An ActionPreference argument as the preference variables spell it ("SilentlyContinue")."""
    return getattr(value, "name", value)


def _impact_rank(impact: Any) -> int:
    return {"none": 0, "low": 1, "medium": 2, "high": 3}.get(str(impact).lower(), 3)


class Processor:
    """One command of a pipeline."""

    context: CommandContext
    expects_input = False

    def begin(self) -> None:
        pass

    def process(self, value: Any) -> None:
        pass

    def end(self) -> None:
        pass


class CmdletProcessor(Processor):
    def __init__(self, cmdlet_class: type[Cmdlet], context: CommandContext,
                 arguments: list, expects_input: bool) -> None:
        self.context = context
        self.cmdlet = cmdlet_class(context)
        self.expects_input = expects_input
        self.binder = binding.ParameterBinder(cmdlet_class.all_parameters(), cmdlet_class.parameter_sets(),
                                              cmdlet_class.default_set, context.session.convert_parameter)
        self.result = self.binder.bind(arguments, expects_input)
        self._apply(self.result.values)
        context.apply_common(self.result.values)
        self.cmdlet.parameter_set = self.result.parameter_set
        self.pipeline_bound: list[str] = []

    def _apply(self, values: dict[str, Any]) -> None:
        for name, value in values.items():
            setattr(self.cmdlet, name, value)
            self.cmdlet.bound[name] = value

    def begin(self) -> None:
        missing = self.result.missing_mandatory
        if missing:
            try:
                self._prompt_mandatory(missing)
            except binding.BindingError as error:
                raise TerminatingError(self.context.session.binding_record(error, self.context, None)) from None
        self._call(self.cmdlet.begin)

    def _prompt_mandatory(self, missing: list[Param]) -> None:
        values = self.context.session.prompt_mandatory(self.context, missing, self.binder)
        for param in missing:
            self.result.values[param.name] = values[param.name]
        self._apply(values)

    def process(self, value: Any) -> None:
        if value is not NO_INPUT and self.expects_input:
            try:
                bound = self.binder.bind_pipeline_input(self.result, value, self.context.session.get_property)
            except binding.BindingError as error:
                self.context.write_error(self.context.session.binding_record(error, self.context, None))
                return
            self._apply(bound)
            self.pipeline_bound = list(bound)
        try:
            self._call(self.cmdlet.process)
        finally:
            for name in self.pipeline_bound:
                setattr(self.cmdlet, name, False if self.binder.by_name[name].is_switch else None)
                self.cmdlet.bound.pop(name, None)
            self.pipeline_bound = []

    def end(self) -> None:
        self._call(self.cmdlet.end)

    def _call(self, method: Callable[[], None]) -> None:
        """One begin/process/end call, atomic in the lab: a call that fails undoes its own changes
        and nothing else. What earlier calls (earlier records, earlier commands of the pipeline)
        did stands, as in PowerShell, which undoes nothing. (try/except, not a context manager:
        this runs once per pipeline record.)"""
        session = self.context.session
        mark = session.savepoint()
        try:
            method()
        except TerminatingError as error:
            # Downstream commands run inside this call (write_object streams): an error that comes
            # back up from one of them is theirs (marked by the output sink), this call's work stands.
            session.release_savepoint(mark, rollback=not error.undone)
            error.undone = True
            self._attribute(error)
            raise
        except BaseException:  # break/continue/exit signals; internal errors roll back at the top
            session.release_savepoint(mark)
            raise
        session.release_savepoint(mark)

    def _attribute(self, error: TerminatingError) -> None:
        """An error raised below the cmdlet with no command of its own (the host refusing a prompt)
        is reported as this command's, with its position."""
        record = error.record
        if record.command_name is None and record.position is None and not record.is_parse_error:
            record.command_name = self.context.command_name or self.context.invocation_name
            record.command_class = self.context.dotnet_class or None
            record.position = command_position(self.context.script, self.context.name_extent)


class NativeProcessor(Processor):
    """An external program: its arguments are strings, its stdout lines are the output objects."""

    def __init__(self, function: Callable, context: CommandContext, argv: list[str]) -> None:
        self.context = context
        self.function = function
        self.argv = argv

    def end(self) -> None:
        self.context.session.run_native(self.function, self.argv, self.context)
