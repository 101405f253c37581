"""Native (non-PowerShell) programs of the lab computers: certutil, certreq, net, nlb, netsh ...

A native command receives its arguments as strings, exactly as PowerShell passes them to an
external program, writes text lines to stdout and returns an exit code ($LASTEXITCODE). Modules
in `emshell.cmdlets` declare them in a module-level `NATIVE_COMMANDS = {"certutil": func}`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Protocol

if TYPE_CHECKING:
    from emshell.lab.lab import Lab
    from emshell.lab.paths import LabPath


class NativeContext(Protocol):
    lab: "Lab"
    computer: str  # the lab computer the shell runs on (upper-case NetBIOS name)

    def write_line(self, text: str) -> None: ...

    def resolve_path(self, text: str) -> "LabPath": ...


NativeCommand = Callable[[NativeContext, list[str]], int]


@dataclass
class CapturedNativeContext:
    """A NativeContext that keeps the lines it is given (tests and the engine's capture)."""

    lab: "Lab"
    computer: str
    cwd: "LabPath | None" = None
    lines: list[str] = field(default_factory=list)

    def write_line(self, text: str) -> None:
        self.lines.append(text)

    def resolve_path(self, text: str) -> "LabPath":
        from emshell.lab import paths

        return paths.resolve(self.lab, self.computer, self.cwd, text)
