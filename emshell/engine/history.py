"""One entry of the session's command history (Get-History's HistoryInfo)."""
from __future__ import annotations

from datetime import datetime
from typing import Callable

from emshell.engine.objects import PSObject


class HistoryInfo(PSObject):
    """A command line and how it ended. Its times come from the lab clock; a line that never
    touched the lab takes the clock's time when first asked (so typing `$x = 1` opens no lab)."""

    TYPE_NAMES = ("Microsoft.PowerShell.Commands.HistoryInfo", "System.Object")
    PROPERTIES = ("Id", "CommandLine", "ExecutionStatus", "StartExecutionTime", "EndExecutionTime")

    def __init__(self, entry_id: int, line: str, status: str, start: datetime | None, end: datetime | None,
                 clock: Callable[[], datetime]) -> None:
        self.Id, self.CommandLine, self.ExecutionStatus = entry_id, line, status
        self._start, self._end, self._clock = start, end, clock

    @property
    def StartExecutionTime(self) -> datetime:
        if self._start is None:
            self._start = self._clock()
        return self._start

    @property
    def EndExecutionTime(self) -> datetime:
        if self._end is None:
            self._end = self.StartExecutionTime
        return self._end

    def ps_to_string(self) -> str:
        return self.CommandLine
