"""$MyInvocation and ErrorRecord.InvocationInfo: which command runs, and where it was called from.

PowerShell 1.0's InvocationInfo has nine properties; the command itself (MyCommand) is built only
when a script reads it, since every function call makes one of these.
"""
from __future__ import annotations

from typing import Any, Callable

from emshell.engine.errors import ScriptPosition
from emshell.engine.objects import PSObject

_SMA = "System.Management.Automation."


class InvocationInfo(PSObject):
    TYPE_NAMES = (_SMA + "InvocationInfo", "System.Object")
    PROPERTIES = ("MyCommand", "ScriptLineNumber", "OffsetInLine", "ScriptName", "Line", "PositionMessage",
                  "InvocationName", "PipelineLength", "PipelinePosition")

    def __init__(self, command: Callable[[], Any] | None, invocation_name: str,
                 position: ScriptPosition | None, pipeline: tuple[int, int] = (0, 0)) -> None:
        self._command = command
        self._my_command: Any = None
        self.InvocationName = invocation_name
        self.ScriptLineNumber = position.line_number if position else 0
        self.OffsetInLine = position.column if position else 0
        self.ScriptName = position.file or "" if position else ""
        self.Line = position.line_text if position else ""
        self._position = position
        self.PipelinePosition, self.PipelineLength = pipeline

    @property
    def PositionMessage(self) -> str:
        """The error layout's position lines, as one text (`At line:1 char:2` / `+ f <<<< `)."""
        if self._position is None:
            return ""
        from emshell.formatting.messages import position_text

        return "\n".join(position_text(self._position))

    @property
    def MyCommand(self) -> Any:
        if self._my_command is None and self._command is not None:
            self._my_command = self._command()
        return self._my_command


class ScriptInfo(PSObject):
    """MyCommand of a script block (`& { }`) or of the command line typed at the prompt."""

    TYPE_NAMES = (_SMA + "ScriptInfo", _SMA + "CommandInfo", "System.Object")
    PROPERTIES = ("Name", "CommandType", "Definition", "ScriptBlock")
    CommandType = "Script"
    Name = ""

    def __init__(self, block: Any) -> None:
        self.ScriptBlock = block
        self.Definition = block.text if block is not None else ""

    def ps_to_string(self) -> str:
        return self.Definition


class ExternalScriptInfo(PSObject):
    """MyCommand of a .ps1 file run by path (`$MyInvocation.MyCommand.Path`)."""

    TYPE_NAMES = (_SMA + "ExternalScriptInfo", _SMA + "CommandInfo", "System.Object")
    PROPERTIES = ("Name", "CommandType", "Definition", "Path", "ScriptBlock")
    CommandType = "ExternalScript"

    def __init__(self, path: str, block: Any) -> None:
        self.Path = self.Definition = path
        self.Name = path.replace("/", "\\").rsplit("\\", 1)[-1]
        self.ScriptBlock = block

    def ps_to_string(self) -> str:
        return self.Name
