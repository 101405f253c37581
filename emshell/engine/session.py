"""A shell session: scopes, the command table, the lab, the host, and top-level execution.

`Session.execute(text)` is the one entry point the hosts use: it parses, runs each top-level
statement in its own lab transaction, sends output through Out-Default, renders errors in the
PowerShell 1.0 layout and keeps `$?`, `$Error` and `$LASTEXITCODE` up to date. The engine
knows nothing of terminals: everything visible goes through the `Host` protocol.
"""
from __future__ import annotations

import contextlib
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, Callable, Iterable, Protocol

from emshell.engine import binder as binding
from emshell.engine import conversion as conv
from emshell.engine import members
from emshell.engine.arraylist import ArrayList
from emshell.engine.cmdlet import Param, PSCredentialType, ScriptBlockParam, StopUpstream
from emshell.engine.commands import CommandTable
from emshell.engine.errors import ErrorRecord, ParseError, ScriptPosition, TerminatingError
from emshell.engine.evaluator import (
    BreakSignal, ContinueSignal, Evaluator, ExitSignal, ReturnSignal, ScriptBlock, enumerate_value,
)
from emshell.engine.history import HistoryInfo
from emshell.engine.invocation import ExternalScriptInfo, InvocationInfo, ScriptInfo
from emshell.engine.objects import Hashtable
from emshell.engine.output import HostOutput, RedirectedOutput, redirect, redirections_of
from emshell.engine.pipeline import (
    NO_INPUT, CmdletProcessor, CommandContext, NativeProcessor, Processor, command_position, token_position,
)
from emshell.engine.scopes import Scope, VariableError
from emshell.lab.errors import LabError
from emshell.language import ast
from emshell.profile import PROFILE, Profile

if TYPE_CHECKING:
    from emshell.lab.lab import Lab
    from emshell.lab.paths import LabPath


class Host(Protocol):
    """What the engine needs from a terminal, a script runner or a transcript replayer."""

    width: int
    interactive: bool

    def write_lines(self, stream: str, lines: list[str]) -> None:
        """Write whole lines to a stream: output, error, warning, verbose, debug, host."""

    def write_text(self, text: str) -> None:
        """Write-Host -NoNewline: text without a line end."""

    def read_line(self, prompt: str) -> str | None:
        """Show `prompt` (no newline) and read one answer; None when no answer can be read."""

    def read_secret(self, prompt: str) -> str | None:
        """Like read_line, masking the typed characters."""


@dataclass
class FunctionInfo:
    name: str
    block: ScriptBlock
    is_filter: bool = False

    TYPE_NAMES = ("System.Management.Automation.FunctionInfo", "System.Object")


class Session:
    def __init__(self, host: Host, lab_opener: Callable[[], "Lab"], computer: str = "CAS01",
                 profile: Profile = PROFILE, non_interactive: bool = False) -> None:
        self.host = host
        self.profile = profile
        self.non_interactive = non_interactive
        self._lab_opener = lab_opener
        self._lab: Lab | None = None
        self._transaction: contextlib.ExitStack | None = None
        self._savepoints: list[str | None] = []  # one per running cmdlet call
        self.computer = computer.upper()
        self.remote_stack: list[str] = []  # computers entered with Enter-PSSession
        self.locations: dict[str, LabPath] = {}
        self.global_scope = Scope(is_script=True)
        self.scope = self.global_scope
        self.commands = CommandTable()
        self.evaluator = Evaluator(self)
        self.errors: list[ErrorRecord] = ArrayList()  # $Error
        self.last_success = True
        self.last_exit_code: int | None = None
        self.exit_code: int | None = None
        self.exited = False  # `exit` ran or a script-terminating error stopped the input
        self.interactive_input = False  # typed input (not a script file): `exit` leaves a remote session
        self.debug = False  # re-raise internal errors (emshell --debug)
        self.statement_failed = False
        self.formatter: Any = None
        self.transcript: Any = None  # Start-Transcript hooks
        self.history: list[HistoryInfo] = []  # the command lines typed, for Get-History
        self.history_line: str | None = None  # what Invoke-History ran, recorded instead of `r`
        self.invoking_history = False
        self._install_variables()

    # -- lab, lazily opened, one transaction per top-level statement ---------------------------
    @property
    def lab(self) -> "Lab":
        if self._lab is None:
            self._lab = self._lab_opener()
        if self._transaction is None:
            stack = contextlib.ExitStack()
            stack.enter_context(self._lab.transaction())
            self._transaction = stack
            self._lab.clock.tick()
            for index, name in enumerate(self._savepoints):  # cmdlet calls already running
                if name is None:
                    self._savepoints[index] = f"call{index}"
                    self._lab.store.savepoint(self._savepoints[index])
        return self._lab

    # -- savepoints: a failing cmdlet call undoes only its own changes ---------------------------
    def savepoint(self) -> int:
        """Mark the start of a cmdlet call; returns its depth for release/rollback."""
        index = len(self._savepoints)
        name = None
        if self._transaction is not None:
            name = f"call{index}"
            self._lab.store.savepoint(name)
        self._savepoints.append(name)
        return index

    def release_savepoint(self, index: int, rollback: bool = False) -> None:
        name = self._savepoints[index]
        del self._savepoints[index:]
        if name is not None and self._transaction is not None:
            if rollback:
                self._lab.store.rollback_to(name)
            else:
                self._lab.store.release(name)

    def _finish_transaction(self, failed: bool) -> None:
        self._savepoints.clear()
        stack, self._transaction = self._transaction, None
        if stack is None:
            return
        if failed:
            stack.__exit__(RuntimeError, RuntimeError("statement failed"), None)
        else:
            stack.close()

    def close(self) -> None:
        self._finish_transaction(failed=False)
        if self._lab is not None:
            self._lab.close()

    def lab_now(self) -> Any:
        return self.lab.clock.now()

    # -- locations -----------------------------------------------------------------------------------
    @property
    def cwd(self) -> "LabPath":
        from emshell.lab import paths

        location = self.locations.get(self.computer)
        if location is None:
            location = paths.resolve(self.lab, self.computer, None, self.profile.home)
            self.locations[self.computer] = location
        return location

    def location_text(self) -> str:
        """The current location as the prompt shows it, without opening the lab when possible."""
        location = self.locations.get(self.computer)
        if location is None:
            return self.profile.home
        # PathInfo.ToString() qualifies provider paths without a drive (UNC shares).
        return location.display if not location.display.startswith("\\\\") else \
            "Microsoft.PowerShell.Core\\FileSystem::" + location.display

    def resolve_path(self, text: str) -> "LabPath":
        from emshell.lab import paths

        return paths.resolve(self.lab, self.computer, self.cwd, text)

    def path_exists(self, text: str) -> bool:
        from emshell.lab import paths

        try:
            return paths.exists(self.resolve_path(text))
        except Exception:
            return False

    def prompt(self) -> str:
        prefix = f"[{self.computer}]: " if self.remote_stack else ""
        return f"{prefix}{self.profile.prompt_prefix}{self.location_text()}>"

    def domain_netbios(self) -> str:
        from emshell.lab import directory

        return directory.domain(self.lab).netbios

    # -- variables -----------------------------------------------------------------------------------
    def _install_variables(self) -> None:
        scope = self.global_scope
        for name, value in self.profile.variables().items():
            scope.set(name, value)
        for name in ("true", "false", "null"):
            scope.variables[name] = _constant_variable(name)

    def preference(self, name: str) -> str:
        value = self.get_variable(name)
        return conv.expand_string(value) if value is not None else ""

    def get_variable(self, name: str) -> Any:
        lower = name.lower()
        if lower in _AUTOMATIC:
            return _AUTOMATIC[lower](self)
        qualifier, _, rest = name.partition(":")
        if rest and qualifier.lower() == "env":
            return self.environment().get(rest.lower())
        scope = self._scope_for(qualifier) if rest else self.scope
        variable = scope.find(rest or name)
        return variable.value if variable is not None else None

    def set_variable(self, name: str, value: Any, type_name: str | None = None) -> None:
        """`$name = value`; with `type_name` (`[int]$name = value`) the variable keeps that type, and
        later assignments to it are converted (ConversionError when they cannot be)."""
        qualifier, _, rest = name.partition(":")
        if rest and qualifier.lower() == "env":
            raise VariableError("Environment variables of lab computers are read-only in emshell.", "EnvReadOnly")
        if name.lower() in ("true", "false", "null", "?", "host", "error", "pwd", "pid"):
            raise VariableError(f"Cannot overwrite variable {name} because it is read-only or constant.",
                                "VariableNotWritable")
        scope = self._scope_for(qualifier) if rest else self.scope
        key = rest or name
        existing = scope.variables.get(key.lower())
        constraint = type_name or (existing.type_name if existing is not None else None)
        if constraint is not None:
            from emshell.engine.types import cast

            value = cast(value, constraint)
        scope.set(key, value)
        scope.variables[key.lower()].type_name = constraint

    def _scope_for(self, qualifier: str) -> Scope:
        lower = qualifier.lower()
        if lower == "global":
            return self.global_scope
        if lower == "script":
            return self.scope.script_scope()
        return self.scope

    def environment(self) -> dict[str, str]:
        return {key.lower(): value for key, value in self.profile.environment(self.computer).items()}

    # -- errors and host streams ---------------------------------------------------------------------
    def record_error(self, record: ErrorRecord, display: bool = True) -> None:
        self.statement_failed = True
        self.errors.insert(0, record)
        limit = conv.to_int(self.get_variable("MaximumErrorCount") or 256)
        del self.errors[limit:]
        if display:
            self.display_error(record)

    def display_error(self, record: ErrorRecord) -> None:
        from emshell.formatting import messages

        self.flush_output_pause()
        self.host.write_lines("error", messages.render_error(record, self.host.width))

    def host_warning(self, text: str) -> None:
        self.host_stream("WARNING", text)

    def host_stream(self, kind: str, text: str) -> None:
        from emshell.formatting import messages

        renderers = {"WARNING": messages.render_warning, "VERBOSE": messages.render_verbose,
                     "DEBUG": messages.render_debug}
        self.host.write_lines(kind.lower(), renderers[kind](text, self.host.width))

    def host_line(self, text: str) -> None:
        self.host.write_lines("host", [text])

    def flush_output_pause(self) -> None:
        """Hook for hosts that buffer; output is already written as it is formatted."""

    # -- prompts --------------------------------------------------------------------------------------
    def read_line(self, prompt: str) -> str:
        if self.non_interactive:
            raise self._non_interactive_error()
        answer = self.host.read_line(prompt)
        if answer is None:
            raise self._non_interactive_error()
        return answer

    def read_secret(self, prompt: str) -> str:
        if self.non_interactive:
            raise self._non_interactive_error()
        answer = self.host.read_secret(prompt)
        if answer is None:
            raise self._non_interactive_error()
        return answer

    def _non_interactive_error(self) -> TerminatingError:
        record = ErrorRecord("Windows PowerShell is in NonInteractive mode. Read and Prompt functionality is not "
                             "available.", error_id="HostFunctionNotImplemented", category="ResourceUnavailable",
                             exception_type="PSInvalidOperationException")
        return TerminatingError(record)

    def confirm(self, caption: str, message: str, suspend: bool = True) -> str:
        """A Yes/Yes to All/No/No to All[/Suspend] choice (PowerShell 1.0 layout, real-outputs §7A)."""
        from emshell.formatting import messages

        count = len(messages.SHOULD_PROCESS_CHOICES) if suspend else 4
        lines = messages.render_confirm(caption, message, messages.YES_NO_CHOICES[:count], width=self.host.width)
        if lines:
            self.host.write_lines("host", lines[:-1])
        prompt = lines[-1] if lines else ""
        while True:
            answer = self.read_line(prompt).strip().upper()
            if answer == "":
                return "Y"
            if answer in ("Y", "A", "N", "L"):
                return answer
            if answer == "S" and suspend:
                return "N"
            if answer == "?":
                self.host.write_lines("host", messages.confirm_help(messages.SHOULD_PROCESS_CHOICES[:count]))

    def ask_continue_after_error(self, record: ErrorRecord) -> bool:
        self.display_error(record)
        return self.confirm("Confirm", "Continue with this operation?") in ("Y", "A")

    def prompt_mandatory(self, context: CommandContext, missing: list[Param],
                         binder: binding.ParameterBinder) -> dict[str, Any]:
        """Ask for missing mandatory parameters (§B7), or fail with PowerShell's text."""
        from emshell.formatting import messages

        if self.non_interactive or not self.host.interactive and not getattr(self.host, "answers_prompts", False):
            names = "".join(f" {p.name}" for p in missing)
            raise binding.BindingError(
                f"Cannot process command because of one or more missing mandatory parameters:{names}.",
                "MissingMandatoryParameter", None, category="InvalidArgument")
        self.host.write_lines("host", messages.render_mandatory_prompt_header(context.command_name, 1))
        values: dict[str, Any] = {}
        for param in missing:
            values[param.name] = self._prompt_parameter(param, binder)
        return values

    def _prompt_parameter(self, param: Param, binder: binding.ParameterBinder) -> Any:
        import typing

        is_array = typing.get_origin(param.type) in (list, tuple)
        if param.type is PSCredentialType:
            from emshell.cmdlets.security import prompt_credential

            return prompt_credential(self, None)
        if is_array:
            items: list[str] = []
            while True:
                answer = self.read_line(f"{param.name}[{len(items)}]: ")
                if answer == "":
                    break
                items.append(answer)
            return binder.convert(param, items, None)
        secret = param.type.__name__ == "SecureString" if isinstance(param.type, type) else False
        answer = self.read_secret(f"{param.name}: ") if secret else self.read_line(f"{param.name}: ")
        if secret:
            from emshell.engine.objects import SecureString

            return SecureString(answer)
        return binder.convert(param, answer, None)

    # -- execution --------------------------------------------------------------------------------------
    def execute(self, text: str, file: str | None = None) -> bool:
        """Run one input (an interactive line or a whole script). Returns False after a failure."""
        from emshell.language.parser import parse

        self.interactive_input = file is None
        if self.transcript is not None:
            self.transcript.command(self.prompt(), text)
        start = self._lab.clock.now() if self._lab is not None else None
        try:
            script = parse(text, file)
        except ParseError as error:
            self.record_error(error.record)
            self.last_success = False
            ok = False
        else:
            self._set_top_invocation(script, external=False)
            ok = self.run_script(script)
        if text.strip():
            self.add_history(self.history_line or text.rstrip("\n"), "Completed" if ok else "Failed", start)
        self.history_line = None
        return ok

    # -- history -------------------------------------------------------------------------------------
    def add_history(self, line: str, status: str, start: Any = None) -> HistoryInfo:
        """Append a command line; the oldest go beyond $MaximumHistoryCount (64)."""
        end = self._lab.clock.now() if self._lab is not None else None
        entry = HistoryInfo(self.history[-1].Id + 1 if self.history else 1, line, status, start or end, end,
                            self.lab_now)
        self.history.append(entry)
        limit = conv.to_int(self.get_variable("MaximumHistoryCount") or 64)
        del self.history[:-limit]
        return entry

    def invoke_command_line(self, text: str) -> list:
        """Run a command line from the history in the global scope; its output is returned."""
        from emshell.language.parser import parse

        script = parse(text)
        return self.invoke_script_block(ScriptBlock(script.block, script, text), new_scope=False)

    def _set_top_invocation(self, script: ast.Script, external: bool) -> None:
        """$MyInvocation outside any function: the script file run from the host, or the input typed."""
        block = ScriptBlock(script.block, script, script.text)
        command = partial(ExternalScriptInfo, script.file, block) if external else partial(ScriptInfo, block)
        self.global_scope.set("MyInvocation", InvocationInfo(command, script.file or "", None))

    def _leave_remote_session(self) -> None:
        from emshell.language.parser import parse

        statement = parse("Exit-PSSession").block.statements[0]
        self.evaluator.run_statement(statement, lambda value: None)
        self._finish_transaction(failed=False)

    def run_script_text(self, text: str, file: str, argv: list[str]) -> bool:
        """Run a .ps1 file from the host with command-line arguments bound to its param() block."""
        from emshell.engine.functions import bind_script_arguments, parameters_of
        from emshell.language.parser import parse

        try:
            script = parse(text, file)
        except ParseError as error:
            self.record_error(error.record)
            self.last_success = False
            self.exit_code = 1
            return False
        params, advanced = parameters_of(script.block)
        binder = binding.ParameterBinder(params, ["__AllParameterSets"], None, self.convert_parameter)
        try:
            result, extra_args = bind_script_arguments(binder, advanced, _string_arguments(argv, binder), False)
        except binding.BindingError as error:
            self.record_error(ErrorRecord(error.message, error_id=error.error_id, category=error.category,
                                          exception_type=error.exception_type, command_name=file))
            self.last_success = False
            self.exit_code = 1
            return False
        for param in params:
            self.global_scope.set(param.name, result.values.get(param.name))
        self.global_scope.set("args", extra_args)
        self._set_top_invocation(script, external=True)
        return self.run_script(script)

    def report_internal_error(self, error: BaseException) -> None:
        """A bug in emshell: shown as an error record rather than a Python traceback."""
        record = ErrorRecord(f"An internal error occurred in emshell: {type(error).__name__}: {error}. "
                             f"Run emshell with --debug to see the details.", error_id="InternalError",
                             category="NotSpecified", exception_type="InvalidOperationException")
        self.record_error(record)
        self.last_success = False

    def report_host_error(self, message: str) -> None:
        self.record_error(ErrorRecord(message, error_id="HostError", category="ReadError",
                                      exception_type="IOException"))
        self.last_success = False
        self.exit_code = 1

    def run_script(self, script: ast.Script) -> bool:
        formatter = self._open_formatter()
        previous = self.formatter
        self.formatter = formatter
        clock = conv.lab_clock.set(self.lab_now)
        ok = True
        try:
            ok = self._run_top_level(script, formatter.emit)
        finally:
            conv.lab_clock.reset(clock)
            formatter.close()
            self.formatter = previous
        return ok

    def _run_top_level(self, script: ast.Script, emit: Callable[[Any], None]) -> bool:
        self.evaluator.script = script
        block = script.block
        statements = block.statements if not block.has_named_blocks else (block.end or [])
        traps = [s for s in statements if isinstance(s, ast.TrapAst)]
        for statement in statements:
            if isinstance(statement, ast.TrapAst):
                continue
            ok, stop = self._run_one(statement, emit, traps)
            if stop:
                return ok
        return self.last_success

    def _run_one(self, statement: ast.Node, emit: Callable[[Any], None], traps: list) -> tuple[bool, bool]:
        """Run a top-level statement; returns (success, stop the script)."""
        self.statement_failed = False
        failed = False
        try:
            if traps:
                self.evaluator.run_block([*traps, statement], emit)
            else:
                self.evaluator.run_statement(statement, emit)
        except TerminatingError as error:
            failed = True
            self.record_error(error.reported())
            self.last_success = False
            self._finish_transaction(failed=False)  # the failing call undid its own changes
            if error.script_terminating:
                self.exit_code = 1
                self.exited = True
                return False, True
            return False, False
        except binding.BindingError as error:
            failed = True
            self.record_error(self.binding_record(error, None, None))
        except ExitSignal as signal:
            self._finish_transaction(failed=False)
            if self.remote_stack and self.interactive_input:
                self._leave_remote_session()  # `exit` typed in a remote session ends that session (2.0)
                return True, True
            self.exit_code = signal.code
            self.exited = True
            self.last_success = signal.code == 0
            return signal.code == 0, True
        except (BreakSignal, ContinueSignal, ReturnSignal):
            # `return`, or a break/continue that found no loop to end: the script ends here
            # (PowerShell looks for the loop up the call stack and stops at the script).
            self._finish_transaction(failed=False)
            self.last_success = not self.statement_failed
            return self.last_success, True
        except LabError as error:  # lab failures carry user-facing text; commands normally wrap them
            failed = True
            self._finish_transaction(failed=True)
            self.record_error(ErrorRecord(str(error), error_id=type(error).__name__, category="InvalidOperation",
                                          exception_type="InvalidOperationException",
                                          position=self._statement_position(statement)))
            self.last_success = False
            return False, False
        except RecursionError:
            failed = True
            self._finish_transaction(failed=True)
            self.record_error(ErrorRecord(
                "The script failed due to call depth overflow.  The call depth reached 101 and the maximum is 100.",
                error_id="CallDepthOverflow", category="InvalidOperation",
                exception_type="ScriptCallDepthException"))
            self.last_success = False
            return False, False
        except Exception as error:  # a bug: report it like PowerShell would report a .NET exception
            if self.debug:
                raise
            failed = True
            self._finish_transaction(failed=True)
            self.report_internal_error(error)
            return False, False
        self._finish_transaction(failed=failed)
        self.last_success = not (failed or self.statement_failed)
        return self.last_success, False

    def _statement_position(self, statement: ast.Node) -> ScriptPosition | None:
        from emshell.engine.pipeline import node_position

        return node_position(self.evaluator.script, statement.extent)

    def _open_formatter(self) -> Any:
        return HostOutput(self)

    def format_context(self) -> Any:
        from emshell.formatting.context import FormatContext

        return FormatContext(
            width=self.host.width,
            enumeration_limit=self._enumeration_limit(),
            get_property=members.get_property_or_null,
            property_names=members.property_names,
            display_property_names=members.display_property_names,
            evaluate=lambda block, value: self._evaluate_for_format(block, value),
        )

    def _enumeration_limit(self) -> int:
        """$FormatEnumerationLimit; a value that is no integer is ignored, as the formatter does."""
        limit = self.global_scope.find("FormatEnumerationLimit")
        try:
            return conv.to_int(limit.value) if limit is not None else self.profile.format_enumeration_limit
        except conv.ConversionError:
            return self.profile.format_enumeration_limit

    def _evaluate_for_format(self, block: Any, value: Any) -> Any:
        if isinstance(block, ScriptBlock):
            items = self.invoke_script_block(block, dollar_under=value, new_scope=False)
            return items[0] if len(items) == 1 else (items or None)
        return members.get_property(value, conv.expand_string(block))

    # -- pipelines ------------------------------------------------------------------------------------------
    def run_pipeline(self, node: ast.PipelineAst, emit: Callable[[Any], None]) -> None:
        elements = node.elements
        processors: list[Processor] = []
        first_expression = elements[0] if isinstance(elements[0], ast.CommandExpressionAst) else None
        commands = elements[1:] if first_expression is not None else elements
        offset = len(elements) - len(commands)
        for index, element in enumerate(commands):
            expects_input = first_expression is not None or index > 0
            processor = self.make_processor(element, expects_input)
            processor.context.pipeline = (offset + index + 1, len(elements))
            processors.append(processor)
        files: list[RedirectedOutput] = []
        downstream = emit
        # What a begin block writes waits for the next command's begin to have run, as in PowerShell.
        pending: list[list[Any] | None] = [[] for _ in processors]
        for index in reversed(range(len(processors))):
            processor = processors[index]
            target = redirect(self, redirections_of(commands[index]), downstream, processor.context, files)
            processor.context.emit = self._output_sink(processor, target)
            downstream = _after_begin(processor, pending, index)
        stopped = 0  # the commands before this index were stopped by the one at it (Select -First)
        for index, processor in enumerate(processors):
            if index >= stopped:
                stopped = _until_stopped(partial(_begin, processor, pending, index), processors, stopped)
        if stopped == 0 and first_expression is not None:
            target = redirect(self, first_expression.redirections, downstream, None, files)
            stopped = _until_stopped(lambda: self._feed(first_expression.expression, target), processors, stopped)
        elif stopped == 0 and processors:
            stopped = _until_stopped(lambda: processors[0].process(NO_INPUT), processors, stopped)
        for index, processor in enumerate(processors):
            if index >= stopped:
                stopped = _until_stopped(processor.end, processors, stopped)
            self._finish_command(processor)
        for redirected in files:
            redirected.close()

    def _feed(self, expression: ast.Node, target: Callable[[Any], None]) -> None:
        """Send the first element's values down the pipeline; a bare range streams."""
        if isinstance(expression, ast.BinaryAst) and expression.op == "..":
            values: Iterable[Any] = self.evaluator.range_values(expression)
        else:
            values = self.evaluator.output_values(expression)
        for item in values:
            target(item)

    def _output_sink(self, processor: Processor, downstream: Callable[[Any], None]) -> Callable[[Any], None]:
        """Where a command's output goes: the next command (running inside this one's call, so an
        error that comes back from there is marked as not this command's to undo)."""
        context = processor.context

        def sink(value: Any) -> None:
            if context.out_variable:
                context.collected_output.append(value)
            try:
                downstream(value)
            except TerminatingError as error:
                error.undone = True
                raise
        return sink

    def _finish_command(self, processor: Processor) -> None:
        context = processor.context
        if context.error_variable:
            self._append_variable(context.error_variable, context.collected_errors)
        if context.warning_variable:
            self._append_variable(context.warning_variable, context.collected_warnings)
        if context.out_variable and context.out_variable.startswith("+"):  # `+name` appends
            self._append_variable(context.out_variable, context.collected_output)
        elif context.out_variable:
            self.set_variable(context.out_variable, _unwrap_list(context.collected_output))

    def _append_variable(self, name: str, items: list) -> None:
        if name.startswith("+"):
            existing = conv.to_list(self.get_variable(name[1:]))
            self.set_variable(name[1:], list(existing) + list(items))
        else:
            self.set_variable(name, list(items))

    def make_processor(self, node: ast.CommandAst, expects_input: bool) -> Processor:
        name = node.name if isinstance(node.name, str) else None
        invocation = name if name is not None else conv.expand_string(self.evaluator.eval(node.name))
        if not isinstance(node.name, str) and isinstance(self.evaluator.eval(node.name), ScriptBlock):
            return self._script_block_processor(self.evaluator.eval(node.name), node, expects_input,
                                                new_scope=node.invocation != ".")
        return self._resolve_processor(invocation, node, expects_input)

    def _resolve_processor(self, invocation: str, node: ast.CommandAst, expects_input: bool) -> Processor:
        script = self.evaluator.script
        resolved = invocation
        for _ in range(8):  # aliases may chain
            target = self.commands.find_alias(resolved)
            if target is None:
                break
            resolved = target
        function = self.scope.find_function(resolved)
        if function is not None:
            return self._function_processor(function, invocation, node, expects_input)
        cmdlet = self.commands.find_cmdlet(resolved)
        if cmdlet is not None:
            context = CommandContext(self, invocation, cmdlet.name, cmdlet.dotnet_class, script, node.name_extent)
            arguments = self.evaluate_arguments(node)
            if any(isinstance(argument, binding.NamedArgument) and argument.name == "?" for argument in arguments):
                return self._help_processor(cmdlet.name, node)  # `Get-Date -?` is `Get-Help Get-Date`
            try:
                return CmdletProcessor(cmdlet, context, arguments, expects_input)
            except binding.BindingError as error:
                raise TerminatingError(self.binding_record(error, context, node)) from None
        native = self.commands.find_native(resolved) or self.commands.find_native(resolved.rsplit("\\", 1)[-1])
        if native is not None:
            context = CommandContext(self, invocation, invocation, "", script, node.name_extent)
            return NativeProcessor(native, context, self.native_arguments(node))
        script_path = self._script_path(invocation)
        if script_path is not None:
            return self._script_file_processor(script_path, invocation, node, expects_input)
        raise TerminatingError(self.command_not_found(invocation, node))

    def _help_processor(self, name: str, node: ast.CommandAst) -> Processor:
        help_cmdlet = self.commands.find_cmdlet("Get-Help")
        context = CommandContext(self, "Get-Help", help_cmdlet.name, help_cmdlet.dotnet_class, self.evaluator.script,
                                 node.name_extent)
        return CmdletProcessor(help_cmdlet, context, [binding.PositionalArgument(name)], False)

    def command_not_found(self, name: str, node: ast.CommandAst) -> ErrorRecord:
        return ErrorRecord(self.profile.command_not_found.format(name), error_id="CommandNotFoundException",
                           category="ObjectNotFound", target=name, exception_type="CommandNotFoundException",
                           position=command_position(self.evaluator.script, node.name_extent))

    def binding_record(self, error: binding.BindingError, context: CommandContext | None,
                       node: ast.CommandAst | None) -> ErrorRecord:
        script = self.evaluator.script
        if error.extent is not None:
            position = token_position(script, error.extent)
        elif node is not None:
            position = command_position(script, node.name_extent)
        elif context is not None:
            position = command_position(context.script, context.name_extent)
        else:
            position = None
        return ErrorRecord(error.message, error_id=error.error_id, category=error.category, target=error.target,
                           exception_type=error.exception_type,
                           command_name=(context.command_name or context.invocation_name) if context else None,
                           command_class=context.dotnet_class or None if context else None, position=position)

    # -- arguments ------------------------------------------------------------------------------------------
    def evaluate_arguments(self, node: ast.CommandAst) -> list:
        arguments: list = []
        after_marker = False
        for element in node.elements:
            if isinstance(element, ast.RedirectionAst):
                continue
            if isinstance(element, ast.EndOfParametersAst):
                after_marker = True
                continue
            if isinstance(element, ast.CommandParameterAst):
                if after_marker:
                    arguments.append(binding.PositionalArgument(element.text, element.text, element.extent))
                    continue
                value = self.evaluator.eval(element.argument) if element.argument is not None else binding.MISSING
                arguments.append(binding.NamedArgument(element.name, value, element.text, element.extent,
                                                       element.colon))
                continue
            if isinstance(element, ast.VariableAst) and element.splat:
                arguments.extend(self._splat(element))
                continue
            value = self.evaluator.eval(element)
            text = element.text if isinstance(element, ast.ConstantAst) else None
            arguments.append(binding.PositionalArgument(value, text, element.extent))
        return arguments

    def _splat(self, node: ast.VariableAst) -> list:
        value = self.get_variable(node.name)
        if isinstance(value, Hashtable):
            return [binding.NamedArgument(str(key), True if item is True else item, f"-{key}", node.extent, True)
                    for key, item in value.items()]
        return [binding.PositionalArgument(item, None, node.extent) for item in enumerate_value(value)]

    def native_arguments(self, node: ast.CommandAst) -> list[str]:
        argv: list[str] = []
        for element in node.elements:
            if isinstance(element, ast.RedirectionAst):
                continue
            if isinstance(element, ast.EndOfParametersAst):
                argv.append("--")
            elif isinstance(element, ast.CommandParameterAst):
                if element.argument is None:
                    argv.append(element.text)
                else:
                    value = self.evaluator.eval(element.argument)
                    argv.append(element.text + conv.expand_string(value))
            else:
                value = self.evaluator.eval(element)
                if isinstance(element, ast.ConstantAst) and isinstance(value, (int, float)):
                    argv.append(element.text)
                else:
                    argv.extend(conv.expand_string(item) for item in (value if isinstance(value, list) else [value]))
        return argv

    def convert_parameter(self, spec: Any, value: Any) -> Any:
        """Binder hook for engine-level parameter types (script blocks, credentials, PSTypes)."""
        from emshell.engine.types import PSType

        if spec is ScriptBlockParam:
            if isinstance(value, ScriptBlock):
                return value
            raise conv.ConversionError(
                f'Cannot convert the "{conv.expand_string(value)}" value of type "{_type_name(value)}" to type '
                f'"System.Management.Automation.ScriptBlock".')
        if spec is PSCredentialType:
            from emshell.cmdlets.security import PSCredential, prompt_credential

            if isinstance(value, PSCredential):
                return value
            return prompt_credential(self, conv.expand_string(value))
        if isinstance(spec, PSType):
            return spec.convert(value)
        return value

    # -- functions, script blocks, scripts ---------------------------------------------------------------------
    def define_function(self, node: ast.FunctionDefinitionAst, script: ast.Script | None) -> None:
        text = script.text[node.body.extent.start:node.body.extent.end] if script else ""
        block = ScriptBlock(node.body, script, text)
        self.scope.functions[node.name.lower()] = FunctionInfo(node.name, block, node.is_filter)

    def script_block_from_text(self, text: str) -> ScriptBlock:
        from emshell.language.parser import parse

        script = parse(text)
        return ScriptBlock(script.block, script, text)

    def invoke_script_block(self, block: ScriptBlock, dollar_under: Any = None, args: tuple = (),
                            new_scope: bool = True, this: Any = None) -> list:
        """Run a script block and return its output (ForEach-Object, Where-Object, `.Invoke()`);
        `this` is $this of a script property or method."""
        output: list[Any] = []
        scope = Scope(parent=self.scope) if new_scope else self.scope
        if this is not None and new_scope:
            scope.set("this", this)
        previous_scope, self.scope = self.scope, scope
        previous_script, self.evaluator.script = self.evaluator.script, block.script
        saved_under = scope.save("_")
        saved_args = scope.save("args")
        try:
            if dollar_under is not None or not new_scope:
                scope.set("_", dollar_under)
            scope.set("args", self._bind_block_parameters(block, scope, list(args)))
            self._run_block_body(block, output.append, [dollar_under] if dollar_under is not None else [])
        except ReturnSignal:
            pass
        finally:
            scope.restore("_", saved_under)
            scope.restore("args", saved_args)
            self.scope = previous_scope
            self.evaluator.script = previous_script
        return output

    def _bind_block_parameters(self, block: ScriptBlock, scope: Scope, args: list) -> list:
        """`{ param($x) ... }.Invoke(1)`: positional arguments fill the param() block; returns $args."""
        declared = block.block.parameters or []
        for index, parameter in enumerate(declared):
            if index < len(args):
                value = args[index]
            elif parameter.default is not None:
                value = self.evaluator.collect(parameter.default)
            else:
                value = None
            if parameter.type_name:
                from emshell.engine.types import cast

                value = cast(value, parameter.type_name) if value is not None else value
            scope.set(parameter.name, value)
        return args[len(declared):]

    def _run_block_body(self, block: ScriptBlock, emit: Callable[[Any], None], input_items: list) -> None:
        body = block.block
        if body.has_named_blocks:
            for part in (body.begin, body.process, body.end):
                if part is not None:
                    self.evaluator.run_block(part, emit)
        else:
            self.evaluator.run_block(body.statements, emit)

    def _function_processor(self, function: FunctionInfo, invocation: str, node: ast.CommandAst,
                            expects_input: bool) -> Processor:
        from emshell.engine.functions import FunctionProcessor

        context = CommandContext(self, invocation, function.name, "", self.evaluator.script, node.name_extent)
        try:
            return FunctionProcessor(self, function.block, context, self.evaluate_arguments(node), expects_input,
                                     is_filter=function.is_filter, new_scope=True,
                                     command=partial(_function_command_info, function))
        except binding.BindingError as error:
            raise TerminatingError(self.binding_record(error, context, node)) from None

    def _script_block_processor(self, block: ScriptBlock, node: ast.CommandAst, expects_input: bool,
                                new_scope: bool) -> Processor:
        from emshell.engine.functions import FunctionProcessor

        context = CommandContext(self, node.invocation or "", "", "", self.evaluator.script,
                                 node.name_extent)
        return FunctionProcessor(self, block, context, self.evaluate_arguments(node), expects_input,
                                 new_scope=new_scope, command=partial(ScriptInfo, block))

    def _script_path(self, invocation: str) -> "LabPath | None":
        if not invocation.lower().endswith(".ps1") or ("\\" not in invocation and "/" not in invocation):
            return None
        from emshell.lab import paths

        try:
            path = self.resolve_path(invocation)
        except Exception:
            return None
        return path if paths.exists(path) and not paths.is_dir(path) else None

    def _script_file_processor(self, path: "LabPath", invocation: str, node: ast.CommandAst,
                               expects_input: bool) -> Processor:
        from emshell.engine.functions import FunctionProcessor
        from emshell.lab import paths
        from emshell.language.parser import parse

        text = paths.read_bytes(path).decode("utf-8-sig", errors="replace")
        script = parse(text, path.display)
        block = ScriptBlock(script.block, script, text)
        context = CommandContext(self, invocation, path.display, "", self.evaluator.script, node.name_extent)
        try:
            return FunctionProcessor(self, block, context, self.evaluate_arguments(node), expects_input,
                                     new_scope=True, script_scope=True,
                                     command=partial(ExternalScriptInfo, path.display, block))
        except binding.BindingError as error:
            raise TerminatingError(self.binding_record(error, context, node)) from None

    def run_native(self, function: Any, argv: list[str], context: CommandContext) -> None:
        native = _StreamingNative(self, context)
        code = function(native, argv)
        self.last_exit_code = code
        if code:
            context.had_error = True
            self.statement_failed = True

    # -- helpers for cmdlets ------------------------------------------------------------------------------------
    def get_property(self, value: Any, name: str) -> Any:
        return members.get_property(value, name)

    def format_operator(self, fmt: Any, args: list) -> str:
        from emshell.engine import operators

        return operators.format_operator(fmt, args)


class _StreamingNative:
    """NativeContext for a running native program: its lines go straight downstream."""

    def __init__(self, session: Session, context: CommandContext) -> None:
        self.session = session
        self.context = context

    @property
    def lab(self) -> Any:
        return self.session.lab

    @property
    def computer(self) -> str:
        return self.session.computer

    def write_line(self, text: str) -> None:
        self.context.emit(text)

    def resolve_path(self, text: str) -> Any:
        return self.session.resolve_path(text)


def _string_arguments(argv: list[str], binder: binding.ParameterBinder) -> list:
    """Command-line words as PowerShell passes them to a script: `-Name` starts a named argument."""
    arguments: list = []
    for word in argv:
        if word.startswith(("-", "\u2013")) and len(word) > 1 and not word[1:2].isdigit():
            name, colon, value = word[1:].partition(":")
            arguments.append(binding.NamedArgument(name, value if colon else binding.MISSING, word, None, bool(colon)))
        else:
            arguments.append(binding.PositionalArgument(word, word, None))
    return arguments


def _unwrap_list(items: list) -> Any:
    return items[0] if len(items) == 1 else list(items)


def _type_name(value: Any) -> str:
    from emshell.engine.objects import type_name

    return type_name(value)


def _constant_variable(name: str) -> Any:
    from emshell.engine.scopes import Variable

    value = {"true": True, "false": False, "null": None}[name]
    return Variable(name, value, constant=True)


_AUTOMATIC: dict[str, Callable[[Session], Any]] = {
    "?": lambda s: s.last_success,
    "lastexitcode": lambda s: s.last_exit_code,
    "error": lambda s: s.errors,
    "host": lambda s: s.profile.host_object(s),
    "pwd": lambda s: _path_info(s.cwd),
    "pid": lambda s: _shell_pid(s),
}


def _function_command_info(function: FunctionInfo) -> Any:
    from emshell.cmdlets.shell import FunctionCommandInfo

    return FunctionCommandInfo(function)


def _shell_pid(session: Session) -> int:
    """$PID: the Id of the shell's own powershell process on the computer it runs on."""
    from emshell.lab import processes

    return processes.shell_process(session.lab, session.computer).id


def _path_info(location: "LabPath") -> Any:
    """$PWD is a PathInfo, as Get-Location returns (its view, `.Path`, `.Drive`)."""
    from emshell.cmdlets.filesystem import PathInfo

    return PathInfo(location)


def _until_stopped(call: Callable[[], None], processors: list[Processor], stopped: int) -> int:
    """Run one begin/process/end call; when a command of this pipeline stops the ones before it,
    the index of that command (the commands before it get no more calls)."""
    try:
        call()
    except StopUpstream as stop:
        index = next((i for i, processor in enumerate(processors) if processor.context is stop.context), None)
        if index is None:
            raise  # a command of an enclosing pipeline stopped: it is that pipeline's to handle
        return max(stopped, index)
    return stopped


def _after_begin(processor: Processor, pending: list[list[Any] | None], index: int) -> Callable[[Any], None]:
    """The command's input: held in `pending[index]` until its begin has run."""
    def process(value: Any) -> None:
        waiting = pending[index]
        if waiting is None:
            processor.process(value)
        else:
            waiting.append(value)
    return process


def _begin(processor: Processor, pending: list[list[Any] | None], index: int) -> None:
    processor.begin()
    waiting, pending[index] = pending[index], None
    for value in waiting or ():
        processor.process(value)
