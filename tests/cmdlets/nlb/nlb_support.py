"""A console on a fresh deterministic lab for the NLB and network command tests."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from emshell.host.capture import captured_session


class Console:
    """`run` executes command lines on a lab computer and returns what they printed."""

    def __init__(self, session, host) -> None:
        self.session = session
        self.host = host
        self.lab = session.lab
        self._printed = 0

    def run(self, *commands: str, on: str = "CAS01", answers: tuple[str, ...] = ()) -> str:
        self.session.computer = on
        self.host.answers.extend(answers)
        for command in commands:
            self.session.execute(command)
        text = self.host.text[self._printed:]
        self._printed = len(self.host.text)
        return text


@contextmanager
def console() -> Iterator[Console]:
    with captured_session() as (session, host):
        yield Console(session, host)


def screen(*lines: str) -> str:
    """Console text from its lines, one per argument so that trailing spaces stay visible."""
    return "".join(line + "\n" for line in lines)


def table(*lines: str) -> str:
    """A table as Out-Default prints it: a blank line, the lines padded to 79 columns, two blank lines."""
    return screen("", *(line.ljust(79) for line in lines), "", "")
