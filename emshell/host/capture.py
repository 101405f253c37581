"""A host that records a console session as text: what a user would see on an 80-column console.

Every stream goes into one transcript in the order it was written; prompts are answered from a
list and echoed the way a console shows them (a `*` per character for passwords). Tests, the
golden-transcript runner and Start-Transcript replays all use it.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator


def console_text(*lines: str, width: int = 80) -> str:
    """Logical lines as a console of that width shows them: each hard-wrapped at width - 1
    (how errors and expected outputs of tests are written)."""
    from emshell.formatting.text import hard_wrap

    return "".join(part + "\n" for line in lines for part in (hard_wrap(line, width - 1) or [""]))


class CaptureHost:
    interactive = False
    answers_prompts = True

    def __init__(self, width: int = 80, answers: list[str] | None = None) -> None:
        self.width = width
        self.answers = list(answers or [])
        self.parts: list[str] = []

    @property
    def text(self) -> str:
        return "".join(self.parts)

    def write_lines(self, stream: str, lines: list[str]) -> None:
        self.parts.append("".join(line + "\n" for line in lines))

    def write_text(self, text: str) -> None:
        self.parts.append(text)

    def _next_answer(self) -> str | None:
        return self.answers.pop(0) if self.answers else None

    def read_line(self, prompt: str) -> str | None:
        answer = self._next_answer()
        self.parts.append(prompt + (answer if answer is not None else "") + "\n")
        return answer

    def read_secret(self, prompt: str) -> str | None:
        answer = self._next_answer()
        self.parts.append(prompt + ("*" * len(answer) if answer is not None else "") + "\n")
        return answer


@contextmanager
def captured_session(template: str = "ehlo", computer: str = "CAS01", width: int = 80,
                     answers: list[str] | None = None, deterministic: bool = True) -> Iterator[tuple]:
    """A session on a fresh lab with a CaptureHost: yields (session, host)."""
    from emshell.engine.session import Session
    from emshell.lab import manage

    with manage.fresh_lab(template, deterministic) as lab:
        host = CaptureHost(width, answers)
        session = Session(host, lambda: lab, computer=computer)
        try:
            yield session, host
        finally:
            session._finish_transaction(failed=False)


def run_commands(*commands: str, computer: str = "CAS01", width: int = 80, answers: list[str] | None = None,
                 template: str = "ehlo") -> str:
    """Run commands, each as its own input line, in one fresh deterministic lab; return the console text."""
    with captured_session(template, computer, width, answers) as (session, host):
        for command in commands:
            session.execute(command)
        return host.text
