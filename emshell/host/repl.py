"""The interactive shell on prompt-toolkit: the EMS prompt, history, highlighting, `>> ` continuation.

prompt-toolkit is imported only here, so scripts and `-Command` never pay for it. Enter parses
the buffer: incomplete input (an open brace, quote or trailing pipe) continues on a `>> ` line,
anything else runs. Ctrl-C cancels the line, `exit` leaves. Passwords never reach the history:
secrets are read outside the line editor, and a command line that looks like it carries one is
kept for the session's up-arrow but never saved to the history file.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any, Callable

# PSReadLine's rule for what stays out of the saved history.
SENSITIVE_LINE = re.compile(r"password|asplaintext|token|apikey|secret", re.IGNORECASE)


class TerminalHost:
    """The console: output on stdout, prompts through prompt-toolkit, passwords masked."""

    interactive = True
    answers_prompts = True

    def __init__(self, width: int) -> None:
        self.width = width

    def write_lines(self, stream: str, lines: list[str]) -> None:
        sys.stdout.write("".join(line + "\n" for line in lines))
        sys.stdout.flush()

    def write_text(self, text: str) -> None:
        sys.stdout.write(text)
        sys.stdout.flush()

    def read_line(self, prompt: str) -> str | None:
        from prompt_toolkit import prompt as ask

        try:
            return ask(prompt)
        except EOFError:
            return None

    def read_secret(self, prompt: str) -> str | None:
        from emshell.host.console import read_masked

        return read_masked(prompt, sys.stdout)


def _history_path() -> Path:
    import platformdirs

    folder = Path(platformdirs.user_data_dir("emshell"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "history"


def _saved_history(path: Path) -> Any:
    from prompt_toolkit.history import FileHistory

    class HistoryWithoutSecrets(FileHistory):
        def store_string(self, string: str) -> None:
            if not SENSITIVE_LINE.search(string):
                super().store_string(string)

    return HistoryWithoutSecrets(str(path))


def run_repl(options: Any, make_session: Callable[..., Any], cleanup: list[Callable[[], None]]) -> int:
    from prompt_toolkit import PromptSession
    from prompt_toolkit.lexers import PygmentsLexer
    from pygments.lexers.shell import PowerShellLexer

    from emshell.host.cli import exit_status

    host = TerminalHost(options.width)
    session = make_session(options, host, cleanup)
    prompt_session: PromptSession = PromptSession(
        history=_saved_history(_history_path()), lexer=PygmentsLexer(PowerShellLexer), multiline=True,
        key_bindings=_enter_binding(), prompt_continuation=lambda width, line, wrap: ">> ")
    try:
        while not session.exited:
            try:
                text = prompt_session.prompt(session.prompt())
            except KeyboardInterrupt:
                continue
            except EOFError:
                break
            if text.strip().lower() == "exit":
                break
            if text.strip():
                _run_guarded(session, text, options.debug)
    finally:
        session.close()
        for step in reversed(cleanup):
            step()
    return exit_status(session) if session.exited else 0


def _run_guarded(session: Any, text: str, debug: bool) -> None:
    try:
        session.execute(text)
    except KeyboardInterrupt:
        sys.stdout.write("\n")
    except Exception as error:  # never a traceback at the prompt
        if debug:
            raise
        session.report_internal_error(error)


def _enter_binding() -> Any:
    from prompt_toolkit.key_binding import KeyBindings

    bindings = KeyBindings()

    @bindings.add("enter")
    def _(event: Any) -> None:
        buffer = event.current_buffer
        if _needs_more(buffer.text):
            buffer.insert_text("\n")
        else:
            buffer.validate_and_handle()

    return bindings


def _needs_more(text: str) -> bool:
    """PowerShell's console continues with `>> ` while the input is incomplete (§A9); an empty
    `>> ` line ends the input, which then runs or reports what is missing."""
    from emshell.engine.errors import ParseError
    from emshell.language.parser import parse

    if not text.strip() or ("\n" in text and not text.rsplit("\n", 1)[1].strip()):
        return False
    try:
        parse(text)
    except ParseError as error:
        return error.incomplete
    return False
