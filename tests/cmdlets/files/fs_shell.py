"""A shell on a fresh deterministic lab for the file, service and remoting cmdlet tests."""
from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from emshell.engine.session import Session
from emshell.host.capture import CaptureHost
from emshell.lab import manage
from emshell.lab.lab import Lab


class Shell:
    """Runs command lines and returns what each batch printed, as an 80-column console shows it."""

    def __init__(self, lab: Lab, computer: str, answers: list[str] | None) -> None:
        self.lab = lab
        self.host = CaptureHost(80, answers)
        self.session = Session(self.host, lambda: lab, computer=computer)

    def __call__(self, *commands: str) -> str:
        start = len(self.host.parts)
        for command in commands:
            self.session.execute(command)
        return "".join(self.host.parts[start:])

    def drive(self, computer: str = "CAS01", letter: str = "C") -> Path:
        """The host folder behind a lab drive."""
        return self.lab.drives_root / computer / letter


@contextmanager
def shell(computer: str = "CAS01", answers: list[str] | None = None) -> Iterator[Shell]:
    with manage.fresh_lab("ehlo", deterministic=True) as lab:
        yield Shell(lab, computer, answers)


def tree(root: Path) -> list[tuple[str, int | None]]:
    """Every entry below a host folder with its size (None for folders): a state snapshot."""
    found = []
    for folder, names, files in os.walk(root):
        for name in names + files:
            path = Path(folder, name)
            found.append((str(path.relative_to(root)), None if path.is_dir() else path.stat().st_size))
    return sorted(found)
