"""Where a pipeline's output goes: the host, formatted as Out-Default formats it, or a lab file
through a redirection (`>`, `>>`, `2>`, `2>&1`, `> $null`)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from emshell.engine import conversion as conv
from emshell.engine.errors import ErrorRecord, TerminatingError
from emshell.engine.pipeline import CommandContext
from emshell.language import ast

if TYPE_CHECKING:
    from emshell.engine.session import Session


def redirect(session: "Session", redirections: list[ast.RedirectionAst], downstream: Callable[[Any], None],
             context: CommandContext | None, files: list["RedirectedOutput"]) -> Callable[[Any], None]:
    """`2>&1` merges errors into the output; `>`/`>>` send output, `2>`/`2>>` errors, to a file."""
    target = downstream
    for redirection in redirections:
        op = redirection.op
        if op == "2>&1":
            if context is not None:
                context.error_redirect = downstream
            continue
        target_value = session.evaluator.eval(redirection.target)
        if target_value is None:  # `> $null` / `2>$null` discard the stream
            if op.startswith("2"):
                if context is not None:
                    context.error_redirect = lambda record: None
            else:
                target = lambda value: None  # noqa: E731
            continue
        path = conv.expand_string(target_value)
        redirected = RedirectedOutput(session, path, append=op.endswith(">>"), errors=op.startswith("2"))
        files.append(redirected)
        if redirected.errors:
            if context is not None:
                context.error_redirect = redirected.add
        else:
            target = redirected.add
    return target


class HostOutput:
    """Out-Default for one input: objects in, formatted lines to the host as they come."""

    def __init__(self, session: "Session") -> None:
        self.session = session
        self.formatter: Any = None  # created on the first object: `$null` imports no formatting code

    def emit(self, value: Any) -> None:
        if isinstance(value, ErrorRecord):  # 2>&1 merged errors print as errors
            self.session.display_error(value)
            return
        from emshell.formatting.out import FormatSequenceError, OutputFormatter

        if self.formatter is None:
            self.formatter = OutputFormatter(self.session.format_context())
        try:
            lines = self.formatter.feed(value)
        except FormatSequenceError as error:
            raise TerminatingError(ErrorRecord(error.message, error_id=error.error_id, category=error.category,
                                               exception_type="InvalidOperationException",
                                               command_name=error.command_name)) from None
        if lines:
            self.session.host.write_lines("output", lines)

    def close(self) -> None:
        lines = self.formatter.close() if self.formatter is not None else []
        if lines:
            self.session.host.write_lines("output", lines)


class RedirectedOutput:
    """The file side of `>`: objects formatted as Out-File formats them, written when the command ends."""

    def __init__(self, session: "Session", path: str, append: bool, errors: bool) -> None:
        from emshell.formatting.out import OutputFormatter

        self.session = session
        self.path = path
        self.append = append
        self.errors = errors
        self.formatter = OutputFormatter(session.format_context())
        self.lines: list[str] = []

    def add(self, value: Any) -> None:
        from emshell.formatting import messages

        if isinstance(value, ErrorRecord):
            self.lines += messages.render_error(value, self.session.host.width)
        else:
            self.lines += self.formatter.feed(value)

    def close(self) -> None:
        from emshell.lab import paths

        self.lines += self.formatter.close()
        text = "".join(line + "\r\n" for line in self.lines)
        target = self.session.resolve_path(self.path)
        appending = self.append and paths.exists(target)
        # `>` is Out-File: Unicode (UTF-16LE) with a byte-order mark, as in PowerShell 1.0.
        data = text.encode("utf-16-le") if appending else b"\xff\xfe" + text.encode("utf-16-le")
        paths.write_bytes(target, data, append=appending)


def redirections_of(element: ast.Node) -> list[ast.RedirectionAst]:
    if isinstance(element, ast.CommandAst):
        return [e for e in element.elements if isinstance(e, ast.RedirectionAst)]
    return list(getattr(element, "redirections", []))
