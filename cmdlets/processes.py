"""Process cmdlets (PowerShell 1.0): Get-Process and Stop-Process, over the processes of the lab
computer the shell runs on (`emshell.lab.processes`: derived from its services, kept in the lab).

Both select processes the way ProcessBaseCommand does: by -Name (wildcards), -Id or -InputObject,
each process once, sorted by ProcessName and then Id, errors for names and Ids that match nothing
written first. Stopping a service's process stops the service; stopping the shell's own process
ends the shell (after every other process the command stops). Texts are PowerShell 1.0's.
"""
from __future__ import annotations

from datetime import timedelta
from typing import Any, Iterable

from emshell.engine.cmdlet import Cmdlet, Example, Param, Switch
from emshell.engine.objects import PSEnum, PSObject, to_string, type_name
from emshell.engine.operators import like
from emshell.formatting.netformat import format_number
from emshell.formatting.views import TableColumn, TableView, register_view
from emshell.lab import processes
from emshell.lab.processes import Process

_MANAGEMENT = "Microsoft.PowerShell.Commands."
NO_NAME = 'Cannot find a process with the name "{0}". Verify the process name and call the cmdlet again.'
CANNOT_STOP = "Process '{0} ({1})' cannot be stopped due to the following error: {2}"
KILLED_EXIT_CODE = -1  # Process.Kill() ends a process with TerminateProcess(handle, -1)
MAX_WORKING_SET, MIN_WORKING_SET = 1413120, 204800  # Windows' defaults (1380 KB, 200 KB)


class ProcessPriorityClass(PSEnum):
    Normal = 32
    Idle = 64
    High = 128
    RealTime = 256
    BelowNormal = 16384
    AboveNormal = 32768


ProcessPriorityClass.__ps_type__ = "System.Diagnostics.ProcessPriorityClass"


class ProcessObject(PSObject):
    """A System.Diagnostics.Process with the PowerShell 1.0 types.ps1xml members (Name, Handles,
    VM, WS, PM, NPM aliases; Path, Company, CPU, FileVersion, ProductVersion, Description,
    Product script properties), then a subset of the .NET properties."""

    TYPE_NAMES = ("System.Diagnostics.Process", "System.ComponentModel.Component", "System.MarshalByRefObject",
                  "System.Object")
    PROPERTIES = (
        "__NounName", "Name", "Handles", "VM", "WS", "PM", "NPM", "Path", "Company", "CPU", "FileVersion",
        "ProductVersion", "Description", "Product", "Id", "PriorityClass", "HandleCount", "WorkingSet",
        "PagedMemorySize", "PrivateMemorySize", "VirtualMemorySize", "TotalProcessorTime", "BasePriority",
        "ExitCode", "HasExited", "ExitTime", "MachineName", "MainWindowHandle", "MainWindowTitle",
        "MaxWorkingSet", "MinWorkingSet", "NonpagedSystemMemorySize", "NonpagedSystemMemorySize64",
        "PagedMemorySize64", "PagedSystemMemorySize", "PagedSystemMemorySize64", "PeakPagedMemorySize",
        "PeakPagedMemorySize64", "PeakWorkingSet", "PeakWorkingSet64", "PeakVirtualMemorySize",
        "PeakVirtualMemorySize64", "PriorityBoostEnabled", "PrivateMemorySize64", "PrivilegedProcessorTime",
        "ProcessName", "Responding", "SessionId", "StartTime", "Threads", "UserProcessorTime",
        "VirtualMemorySize64", "WorkingSet64",
    )
    DEFAULT_DISPLAY = ("Id", "Handles", "CPU", "Name")  # types.ps1xml DefaultDisplayPropertySet

    def __init__(self, process: Process) -> None:
        self.process = process
        setattr(self, "__NounName", "Process")
        self.Name = self.ProcessName = process.name
        self.Id = process.id
        self.Handles = self.HandleCount = process.handles
        self._memory(process)
        self._times(process)
        self._file(process)
        self.BasePriority = process.base_priority
        self.PriorityClass = None if process.name == "Idle" else _priority_class(process.base_priority)
        self.PriorityBoostEnabled = None if process.name == "Idle" else True
        self.ExitCode = self.ExitTime = None
        self.HasExited = False
        self.MachineName = "."
        self.MainWindowHandle = 0
        self.MainWindowTitle = ""
        limits = (None, None) if process.name == "Idle" else (MAX_WORKING_SET, MIN_WORKING_SET)
        self.MaxWorkingSet, self.MinWorkingSet = limits
        self.Responding = True
        self.SessionId = process.session_id
        self.Threads = ["System.Diagnostics.ProcessThread"] * process.threads

    def _memory(self, process: Process) -> None:
        self.NPM = self.NonpagedSystemMemorySize = self.NonpagedSystemMemorySize64 = process.npm
        self.PM = self.PagedMemorySize = self.PagedMemorySize64 = process.pm
        self.PrivateMemorySize = self.PrivateMemorySize64 = process.pm
        self.PeakPagedMemorySize = self.PeakPagedMemorySize64 = process.pm
        self.PagedSystemMemorySize = self.PagedSystemMemorySize64 = process.npm * 3 // 2
        self.WS = self.WorkingSet = self.WorkingSet64 = process.ws
        self.PeakWorkingSet = self.PeakWorkingSet64 = process.peak_ws
        self.VM = self.VirtualMemorySize = self.VirtualMemorySize64 = process.vm
        self.PeakVirtualMemorySize = self.PeakVirtualMemorySize64 = process.peak_vm

    def _times(self, process: Process) -> None:
        self.CPU = process.cpu
        self.StartTime = process.start_time
        if process.cpu is None:
            self.TotalProcessorTime = self.UserProcessorTime = self.PrivilegedProcessorTime = None
            return
        ticks = round(process.cpu * 64)
        user = ticks * 3 // 5
        self.TotalProcessorTime = timedelta(seconds=ticks / 64)
        self.UserProcessorTime = timedelta(seconds=user / 64)
        self.PrivilegedProcessorTime = timedelta(seconds=(ticks - user) / 64)

    def _file(self, process: Process) -> None:
        self.Path = process.path
        self.Company = process.company
        self.FileVersion = process.file_version
        self.ProductVersion = process.product_version
        self.Description = process.description
        self.Product = process.product

    @property
    def target(self) -> str:
        """How ShouldProcess and the errors name a process: `name (id)`."""
        return f"{self.ProcessName} ({self.Id})"

    def ps_to_string(self) -> str:
        return f"System.Diagnostics.Process ({self.ProcessName})"


ProcessObject.__ps_type__ = "System.Diagnostics.Process"


def _priority_class(base_priority: int) -> ProcessPriorityClass:
    if base_priority >= 13:
        return ProcessPriorityClass.High
    return ProcessPriorityClass.Idle if base_priority <= 4 else ProcessPriorityClass.Normal


def _member(process: Any, name: str) -> Any:
    return process.ps_get(name) if isinstance(process, PSObject) and process.ps_has(name) else None


def _scaled(name: str, unit: int) -> Any:
    """The view's `[int]($_.NPM / 1024)`: .NET rounds halves to even, as Python's round does."""
    def cell(process: Any) -> int | None:
        value = _member(process, name)
        return round(value / unit) if isinstance(value, (int, float)) else None
    return cell


def _cpu(process: Any) -> str | None:
    """The view's `if ($_.CPU -ne $()) { $_.CPU.ToString("N") }`."""
    value = _member(process, "CPU")
    return format_number(value, "N") if isinstance(value, (int, float)) else None


# DotNetTypes.format.ps1xml: the "process" table view.
register_view("System.Diagnostics.Process", TableView((
    TableColumn("Handles", "Handles", width=7, alignment="right"),
    TableColumn("NPM(K)", _scaled("NPM", 1024), width=7, alignment="right"),
    TableColumn("PM(K)", _scaled("PM", 1024), width=8, alignment="right"),
    TableColumn("WS(K)", _scaled("WS", 1024), width=10, alignment="right"),
    TableColumn("VM(M)", _scaled("VM", 1048576), width=5, alignment="right"),
    TableColumn("CPU(s)", _cpu, width=8, alignment="right"),
    TableColumn("Id", "Id", width=6, alignment="right"),
    TableColumn("ProcessName", "ProcessName"),
)))


def _has_wildcards(text: str) -> bool:
    return any(char in "*?[" for char in text)


def _sort_key(process: ProcessObject) -> tuple[str, int]:
    return process.ProcessName.lower(), process.Id


class _ProcessCommand(Cmdlet):
    """ProcessBaseCommand: the matching processes, each once, by name then Id."""

    def selected(self) -> list[ProcessObject]:
        chosen: dict[tuple[str, int], ProcessObject] = {}
        for process in self._candidates():
            chosen.setdefault((process.process.computer, process.Id), process)
        return sorted(chosen.values(), key=_sort_key)

    def _candidates(self) -> Iterable[ProcessObject]:
        if self.InputObject is not None:
            return self._inputs()
        running = [ProcessObject(p) for p in processes.list_processes(self.lab, self.computer)]
        if self.Id is not None:
            return self._by_id(running)
        return self._by_name(running)

    def _inputs(self) -> list[ProcessObject]:
        items = self.InputObject if isinstance(self.InputObject, list) else [self.InputObject]
        found = []
        for item in items:
            if isinstance(item, ProcessObject):
                found.append(item)
            elif item is not None:
                self.write_error(f"Cannot bind parameter 'InputObject'. Cannot convert the \"{to_string(item)}\" "
                                 f'value of type "{type_name(item)}" to type "System.Diagnostics.Process".',
                                 "CannotConvertArgument", "InvalidArgument", item)
        return found

    def _by_id(self, running: list[ProcessObject]) -> list[ProcessObject]:
        found = []
        for process_id in self.Id or ():
            matches = [p for p in running if p.Id == process_id]
            if not matches:
                self.write_error(str(processes.ProcessNotFound(process_id)), "NoProcessFoundForGivenId",
                                 "ObjectNotFound", process_id, "ProcessCommandException")
            found.extend(matches)
        return found

    def _by_name(self, running: list[ProcessObject]) -> list[ProcessObject]:
        if self.Name is None:
            return running
        found = []
        for pattern in self.Name:
            matches = [p for p in running if like(p.ProcessName, pattern)]
            if not matches and not _has_wildcards(pattern):
                self.write_error(NO_NAME.format(pattern), "NoProcessFoundForGivenName", "ObjectNotFound", pattern,
                                 "ProcessCommandException")
            found.extend(matches)
        return found


def _input_object(mandatory: bool) -> Param:
    return Param("InputObject", ProcessObject, mandatory=mandatory, sets=("InputObject",), pipeline=True,
                 display_type="Process[]", help="Process objects, such as Get-Process returns.")


class GetProcess(_ProcessCommand):
    name = "Get-Process"
    dotnet_class = _MANAGEMENT + "GetProcessCommand"
    synopsis = "Gets the processes that are running on the local computer."
    description = ("Gets the processes of the lab computer the shell runs on: the Windows processes, one for each "
                   "running service that has an executable of its own (store, EdgeTransport, w3wp, ...), and the "
                   "shell's own powershell process ($PID). Without parameters it gets every process; -Name "
                   "(wildcards allowed) or -Id picks some.")
    parameters = (
        Param("Name", list[str], position=0, sets=("Name",), aliases=("ProcessName",), pipeline_by_name=True,
              help="Process names; wildcards are permitted."),
        Param("Id", list[int], mandatory=True, sets=("Id",), aliases=("PID",), pipeline_by_name=True,
              help="Process identifiers (PIDs)."),
        _input_object(True),
    )
    default_set = "Name"
    examples = (
        Example("Get-Process", "Lists the processes of this computer, sorted by name."),
        Example("Get-Process store, EdgeTransport", "Shows the Information Store and the transport worker."),
        Example("Get-Process -Id $PID | Format-List *", "Shows every property of the shell's own process."),
    )

    def process(self) -> None:
        self.write_objects(self.selected())


class StopProcess(_ProcessCommand):
    name = "Stop-Process"
    dotnet_class = _MANAGEMENT + "StopProcessCommand"
    synopsis = "Stops one or more running processes."
    description = ("Stops processes of the lab computer, given by Id, name or process object. Stopping the process "
                   "of a service stops that service (Get-Service then shows it Stopped); the critical Windows "
                   "processes (Idle, System, smss, csrss, winlogon, services, lsass) cannot be stopped. Stopping "
                   "the shell's own process ($PID) ends the shell once the other processes are stopped.")
    supports_should_process = True
    parameters = (
        Param("Id", list[int], position=0, mandatory=True, sets=("Id",), pipeline_by_name=True,
              help="Process identifiers (PIDs) of the processes to stop."),
        Param("Name", list[str], mandatory=True, sets=("Name",), aliases=("ProcessName",), pipeline_by_name=True,
              help="Names of the processes to stop; wildcards are permitted."),
        _input_object(True),
        Param("PassThru", Switch, help="Passes the stopped processes down the pipeline."),
        Param("Force", Switch, help="Stops the processes without prompting for confirmation."),
    )
    default_set = "Id"
    examples = (
        Example("Stop-Process -Name store", "Ends store.exe: the Information Store service stops with it."),
        Example("Get-Process w3wp | Stop-Process -WhatIf", "Shows which processes would be stopped."),
    )

    def begin(self) -> None:
        self.own_process: ProcessObject | None = None

    def process(self) -> None:
        for process in self.selected():
            if not self.should_process(process.target):
                continue
            if process.process.is_shell and process.process.computer.upper() == self.computer.upper():
                self.own_process = process  # PowerShell stops its own process last
                continue
            self._stop(process)

    def end(self) -> None:
        if self.own_process is None:
            return
        from emshell.engine.evaluator import ExitSignal

        processes.stop_process(self.lab, self.own_process.process.computer, self.own_process.Id)
        raise ExitSignal(KILLED_EXIT_CODE)

    def _stop(self, process: ProcessObject) -> None:
        try:
            processes.stop_process(self.lab, process.process.computer, process.Id)
        except processes.ProcessNotFound:
            return  # it has exited already
        except processes.ProcessAccessDenied as error:
            self.write_error(CANNOT_STOP.format(process.ProcessName, process.Id, error), "CouldNotStopProcess",
                             "CloseError", process, "ProcessCommandException")
            return
        process.HasExited = True
        process.ExitCode = KILLED_EXIT_CODE
        if self.PassThru:
            self.write_object(process)


CMDLETS = (GetProcess, StopProcess)
ALIASES = {"gps": "Get-Process", "ps": "Get-Process", "spps": "Stop-Process", "kill": "Stop-Process"}
