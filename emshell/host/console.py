"""Hosts that talk to real streams: the script/-Command host and the helpers the REPL shares.

Prompts read the terminal; when stdin is not a terminal they read its next line and echo the
answer (a `*` per character for secrets), so a piped session prints what a console shows.
"""
from __future__ import annotations

import os
import sys
from typing import IO, Callable

ERROR_STREAMS = ("error", "warning", "verbose", "debug")


class StreamHost:
    """Output to stdout, errors/warnings/verbose to stderr (as powershell.exe does when redirected)."""

    interactive = False
    answers_prompts = True

    def __init__(self, width: int = 80, stdin: IO[str] | None = None, stdout: IO[str] | None = None,
                 stderr: IO[str] | None = None, read_line: Callable[[], str | None] | None = None) -> None:
        self.width = width
        self.stdin = stdin or sys.stdin
        self.stdout = stdout or sys.stdout
        self.stderr = stderr or sys.stderr
        self._read_line = read_line or self._default_read_line
        self.tty = _isatty(self.stdin)

    def _default_read_line(self) -> str | None:
        line = self.stdin.readline()
        if line == "":
            return None
        return line.rstrip("\r\n")

    def write_lines(self, stream: str, lines: list[str]) -> None:
        target = self.stderr if stream in ERROR_STREAMS else self.stdout
        if target is self.stderr:
            self.stdout.flush()
        target.write("".join(line + "\n" for line in lines))
        target.flush()

    def write_text(self, text: str) -> None:
        self.stdout.write(text)
        self.stdout.flush()

    def read_line(self, prompt: str) -> str | None:
        self.stdout.write(prompt)
        self.stdout.flush()
        answer = self._read_line()
        if answer is not None and not self.tty:
            self.stdout.write(answer + "\n")  # echo what a console would show
        elif answer is None:
            self.stdout.write("\n")
        self.stdout.flush()
        return answer

    def read_secret(self, prompt: str) -> str | None:
        if self.tty:
            return read_masked(prompt, self.stdout)
        self.stdout.write(prompt)
        answer = self._read_line()
        self.stdout.write(("*" * len(answer) if answer is not None else "") + "\n")
        self.stdout.flush()
        return answer


def _isatty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def read_masked(prompt: str, out: IO[str]) -> str | None:
    """Read a password from the terminal, echoing `*` per character (PowerShell's console)."""
    import termios
    import tty

    out.write(prompt)
    out.flush()
    fd = sys.stdin.fileno()
    saved = termios.tcgetattr(fd)
    chars: list[str] = []
    try:
        tty.setraw(fd)
        while True:
            c = os.read(fd, 1).decode(errors="replace")
            if c in ("\r", "\n"):
                break
            if c == "\x03":
                raise KeyboardInterrupt
            if c == "\x04" and not chars:
                return None
            if c in ("\x7f", "\b"):
                if chars:
                    chars.pop()
                    out.write("\b \b")
                    out.flush()
                continue
            chars.append(c)
            out.write("*")
            out.flush()
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)
        out.write("\n")
        out.flush()
    return "".join(chars)
