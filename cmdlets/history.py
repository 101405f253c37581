"""The session's command history: Get-History, Invoke-History, Add-History (Microsoft.PowerShell.Core).

The engine records each command line typed (interactive, -Command, stdin) in `session.history`;
prompt answers such as passwords are never command lines, so they never get there. Invoke-History
echoes the line it runs, and history then holds that line, not the `r` that ran it.
"""
from __future__ import annotations

from typing import Any

from emshell.engine import conversion as conv
from emshell.engine.cmdlet import Cmdlet, Example, Param, Switch
from emshell.engine.history import HistoryInfo
from emshell.formatting.views import TableColumn, TableView, register_view

_CORE = "Microsoft.PowerShell.Commands."
DEFAULT_COUNT = 32

register_view("Microsoft.PowerShell.Commands.HistoryInfo", TableView((
    TableColumn("Id", "Id", width=4, alignment="right"), TableColumn("CommandLine", "CommandLine"),
)))


def _not_found(cmdlet: Cmdlet, entry_id: int) -> None:
    cmdlet.write_error(f"Cannot locate history for Id {entry_id}.", "GetHistoryEntryNotFound", "ObjectNotFound",
                       entry_id, "ArgumentException")


class GetHistory(Cmdlet):
    name = "Get-History"
    dotnet_class = _CORE + "GetHistoryCommand"
    synopsis = "Gets a list of the commands entered during the current session."
    description = ("Lists the command lines run in this session with their ids, newest last: the last 32 "
                   "unless -Count says otherwise, or the entries named with -Id.")
    parameters = (
        Param("Id", list[int], position=0, pipeline=True, display_type="Int64[]",
              help="The ids of the entries to get."),
        Param("Count", int, position=1, help="How many of the most recent entries to get."),
    )
    examples = (Example("Get-History", "Lists the recent command lines."),
                Example("Get-History -Count 5", "Lists the last five."))

    def process(self) -> None:
        history = self.session.history
        if self.Id is None:
            count = DEFAULT_COUNT if self.Count is None else self.Count
            self.write_objects(history[-count:] if count > 0 else [])
            return
        for entry_id in conv.to_list(self.Id):
            entry = next((e for e in history if e.Id == entry_id), None)
            if entry is None:
                _not_found(self, entry_id)
            else:
                self.write_object(entry)


class InvokeHistory(Cmdlet):
    name = "Invoke-History"
    dotnet_class = _CORE + "InvokeHistoryCommand"
    synopsis = "Runs commands from the session history."
    description = ("Runs the last command line again, or the one with the given id (or the latest starting "
                   "with the given text), showing the line first.")
    parameters = (Param("Id", str, position=0, help="The id of the entry, or the start of its command line."),)
    examples = (Example("r", "Runs the last command again."), Example("Invoke-History 3", "Runs entry 3 again."))

    def process(self) -> None:
        entry = self._entry()
        if entry is None:
            return
        if self.session.invoking_history:
            self.throw_terminating("Invoke-History cannot invoke itself.", "InvokeHistoryLoop", "InvalidOperation",
                                   exception_type="InvalidOperationException")
        self.session.host_line(entry.CommandLine)
        self.session.history_line = entry.CommandLine  # history keeps the line that ran, not `r`
        self.session.invoking_history = True
        try:
            self.write_objects(self.session.invoke_command_line(entry.CommandLine))
        finally:
            self.session.invoking_history = False

    def _entry(self) -> HistoryInfo | None:
        history = self.session.history
        if self.Id is None:
            if not history:
                self.throw_terminating("Cannot locate the most recent history.", "InvokeHistoryNoLastHistoryEntryFound",
                                       "ObjectNotFound", exception_type="InvalidOperationException")
            return history[-1]
        text = conv.expand_string(self.Id)
        if text.lstrip("-").isdigit():
            entry = next((e for e in history if e.Id == int(text)), None)
            if entry is None:
                _not_found(self, int(text))
            return entry
        entry = next((e for e in reversed(history) if e.CommandLine.lower().startswith(text.lower())), None)
        if entry is None:
            self.write_error(f"Cannot locate most recent history for CommandLine {text}.",
                             "InvokeHistoryNoHistoryForCommandline", "ObjectNotFound", text, "ArgumentException")
        return entry


class AddHistory(Cmdlet):
    name = "Add-History"
    dotnet_class = _CORE + "AddHistoryCommand"
    synopsis = "Appends entries to the session history."
    description = "Adds HistoryInfo objects (from Get-History or Import-Csv) to the end of the history, with new ids."
    parameters = (
        Param("InputObject", list[object], position=0, pipeline=True, display_type="PSObject[]",
              help="The entries to add."),
        Param("Passthru", Switch, help="Returns the new entries."),
    )
    examples = (Example("Get-History -Id 1 | Add-History", "Adds a copy of entry 1."),)

    def process(self) -> None:
        for item in conv.to_list(self.InputObject):
            line = self.session.get_property(item, "CommandLine") if not isinstance(item, str) else item
            entry = self.session.add_history(conv.expand_string(line), "Completed")
            if self.Passthru:
                self.write_object(entry)


CMDLETS = (GetHistory, InvokeHistory, AddHistory)
ALIASES = {"h": "Get-History", "history": "Get-History", "ghy": "Get-History", "r": "Invoke-History",
           "ihy": "Invoke-History", "ahy": "Add-History"}
