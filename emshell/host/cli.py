"""The `emshell` command line (DESIGN.md "CLI contract").

    emshell                        interactive shell on the default lab
    emshell FILE.ps1 [ARGS...]     run a script
    emshell -Command TEXT          run TEXT (alias -c); `-` or piped stdin reads commands from stdin
    emshell test PATH... [--update]  replay golden transcripts and scripts
    emshell lab info|reset         show or rebuild the lab
      --lab DIR | --fresh          which lab (also EMSHELL_LAB)
      --template NAME|FILE         the template a new lab is built from (default ehlo)
      --computer NAME              the lab computer the shell runs on (default CAS01)
      --deterministic              reproducible output (also EMSHELL_DETERMINISTIC=1)
      --width N                    console width (default 80)
      -NonInteractive              prompts fail instead of asking
      --debug                      show Python tracebacks of internal errors

Exit status: 0 when the last pipeline succeeded, 1 after a failure, 2 for usage errors.
"""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

USAGE = __doc__.split("\n\n", 1)[1].split("\n\nExit status")[0] + "\n"


class UsageError(Exception):
    pass


@dataclass
class Options:
    lab: str | None = None
    fresh: bool = False
    template: str = "ehlo"
    computer: str = "CAS01"
    deterministic: bool = False
    width: int = 80
    non_interactive: bool = False
    debug: bool = False
    command: str | None = None
    file: str | None = None
    args: list[str] = field(default_factory=list)
    subcommand: str | None = None
    sub_args: list[str] = field(default_factory=list)


_VALUE_OPTIONS = {"--lab": "lab", "--template": "template", "--computer": "computer", "--width": "width"}
_FLAGS = {"--fresh": "fresh", "--deterministic": "deterministic", "--debug": "debug",
          "-noninteractive": "non_interactive", "--non-interactive": "non_interactive"}
_IGNORED = {"-noprofile", "-nologo"}


def parse_args(argv: list[str], environ: dict[str, str]) -> Options:
    options = Options(deterministic=environ.get("EMSHELL_DETERMINISTIC", "") not in ("", "0"))
    i = 0
    while i < len(argv):
        arg = argv[i]
        lower = arg.lower()
        if lower in ("-h", "--help", "-?", "/?"):
            raise SystemExit(_print_usage())
        if lower in _VALUE_OPTIONS:
            if i + 1 >= len(argv):
                raise UsageError(f"Missing value for {arg}.")
            setattr(options, _VALUE_OPTIONS[lower], argv[i + 1])
            i += 2
            continue
        if lower in _FLAGS:
            setattr(options, _FLAGS[lower], True)
        elif lower in _IGNORED:
            pass
        elif lower in ("-command", "-c", "--command"):
            options.command = " ".join(argv[i + 1:]) if i + 1 < len(argv) else "-"
            break
        elif options.subcommand is None and options.file is None and lower in ("test", "lab"):
            options.subcommand = lower
            options.sub_args = argv[i + 1:]
            break
        elif arg.startswith("-") and len(arg) > 1:
            raise UsageError(f"Unknown option '{arg}'.")
        else:
            options.file = arg
            options.args = argv[i + 1:]
            break
        i += 1
    try:
        options.width = int(options.width)
    except ValueError:
        raise UsageError(f"--width takes a number, not '{options.width}'.") from None
    if not 20 <= options.width <= 1000:
        raise UsageError("--width must be between 20 and 1000.")
    return options


def _print_usage() -> int:
    sys.stdout.write("usage:\n" + USAGE)
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    _tolerate_unencodable_output()
    try:
        options = parse_args(argv, dict(os.environ))
    except UsageError as error:
        sys.stderr.write(f"emshell: {error}\nusage:\n{USAGE}")
        return 2
    try:
        if options.subcommand == "lab":
            return lab_command(options)
        if options.subcommand == "test":
            from emshell.host.golden import test_command

            return test_command(options.sub_args, options)
        return run_shell(options)
    except KeyboardInterrupt:
        return 130


def _tolerate_unencodable_output() -> None:
    """A console shows `?` for a character it cannot show (a lone surrogate such as [char]0xD800)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")


def lab_opener(options: Options, cleanup: list[Callable[[], None]]) -> Callable[[], object]:
    """Open (or build) the lab only when a command first needs it: `$null` never touches it."""

    def open_lab() -> object:
        from emshell.lab import manage

        if options.fresh:
            context = manage.fresh_lab(options.template, options.deterministic)
            lab = context.__enter__()
            cleanup.append(lambda: context.__exit__(None, None, None))
            return lab
        path = manage.resolve_lab_dir(options.lab, os.environ)
        return manage.open_lab(path, create_if_missing=True, template=options.template,
                               deterministic=options.deterministic)

    return open_lab


def make_session(options: Options, host: object, cleanup: list[Callable[[], None]]) -> object:
    from emshell.engine.session import Session

    session = Session(host, lab_opener(options, cleanup), computer=options.computer.upper(),
                      non_interactive=options.non_interactive)
    session.debug = options.debug  # scripts and -Command show internal errors' tracebacks too
    return session


def run_shell(options: Options) -> int:
    cleanup: list[Callable[[], None]] = []
    stdin_is_tty = _isatty(sys.stdin)
    interactive = options.file is None and options.command is None and stdin_is_tty
    if interactive:
        from emshell.host.repl import run_repl

        return run_repl(options, make_session, cleanup)
    from emshell.host.console import StreamHost

    host = StreamHost(width=options.width)
    session = make_session(options, host, cleanup)
    try:
        _guarded(options, session, lambda: _run_non_interactive(options, session, host))
    finally:
        session.close()
        for step in reversed(cleanup):
            step()
    return exit_status(session)


def _run_non_interactive(options: Options, session: object, host: object) -> None:
    if options.file is not None:
        path = Path(options.file)
        try:
            text = path.read_bytes().decode("utf-8-sig", errors="replace")
        except OSError as error:
            session.report_host_error(f"The file '{options.file}' could not be read: {error.strerror}.")
            return
        session.run_script_text(text, options.file, options.args)
    elif options.command is not None and options.command != "-":
        session.execute(options.command)
    else:
        run_stdin_commands(session, host)


def run_stdin_commands(session: object, host: object) -> None:
    """Commands from stdin, one complete statement at a time (prompts read the lines after it)."""
    from emshell.engine.errors import ParseError
    from emshell.language.parser import parse

    buffer: list[str] = []
    while True:
        line = host._read_line()
        if line is None:
            break
        buffer.append(line)
        text = "\n".join(buffer)
        try:
            parse(text)
        except ParseError as error:
            if error.incomplete:
                continue
        buffer = []
        session.execute(text)
        if session.exit_code is not None and session.exited:
            break
    if buffer:
        session.execute("\n".join(buffer))


def _guarded(options: Options, session: object, action: Callable[[], None]) -> None:
    """Internal failures become a PowerShell-style error, never a traceback (unless --debug)."""
    try:
        action()
    except Exception as error:  # the last line of defence: report, do not crash
        if options.debug:
            raise
        session.report_internal_error(error)


def exit_status(session: object) -> int:
    if session.exit_code is not None:
        return session.exit_code
    return 0 if session.last_success else 1


def lab_command(options: Options) -> int:
    from emshell.lab import manage

    args = list(options.sub_args)
    action = args.pop(0).lower() if args else "info"
    extra = parse_args(args, dict(os.environ)) if args else options
    for name in ("lab", "template", "deterministic"):
        if getattr(extra, name) != getattr(Options(), name):
            setattr(options, name, getattr(extra, name))
    path = manage.resolve_lab_dir(options.lab, os.environ)
    if action == "reset":
        lab = manage.reset_lab(path) if (path / "lab.db").exists() else manage.create_lab(
            path, options.template, options.deterministic)
        lab.close()
        sys.stdout.write(f"Lab at {path} rebuilt.\n")
        return 0
    if action == "info":
        lab = manage.open_lab(path, create_if_missing=True, template=options.template,
                              deterministic=options.deterministic)
        with lab.transaction():
            info = manage.lab_info(lab)
        lab.close()
        width = max(len(key) for key in info)
        for key, value in info.items():
            shown = ", ".join(value) if isinstance(value, (list, tuple)) else value
            sys.stdout.write(f"{key.ljust(width)} : {shown}\n")
        return 0
    sys.stderr.write(f"emshell: unknown lab action '{action}' (use info or reset)\n")
    return 2


def _isatty(stream: object) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


if __name__ == "__main__":
    raise SystemExit(main())
