"""The processes of lab computers, derived from their services and kept in the lab state.

Document kind `processes`, one per computer (key: upper-case NetBIOS name), made the first time
anything asks for the computer's processes:

    {boot, next_id, shell_generation, ended: [slot, ..],
     processes: [{slot, id, name, services, handles, npm, pm, ws, vm, peak_ws, peak_vm, threads,
                  cpu, start_time, base_priority, session_id}, ..]}

Each process fills a *slot*: `boot:<image>` and `logon:<image>` (service_catalog.BOOT_PROCESSES and
LOGON_PROCESSES), `svc:<service>:<image>` (a running service's own executable), `host:<group>` (a
svchost.exe while any service of its group runs) and `shell:<n>` (the console of the shell run on
the computer). After every service state change (computers.STATUS_HOOKS) the document is
reconciled with the services: a stopped service's process goes, a started one gets a new process
with a new Id. Ids, memory figures and CPU times come from the lab's "processes" random stream,
so a deterministic lab shows the same numbers on every machine, and they are stored, so they stay.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Iterator, NamedTuple

from emshell.lab import computers
from emshell.lab.errors import LabError
from emshell.lab.lab import Lab
from emshell.lab.service_catalog import (BOOT_PROCESSES, LOGON_PROCESSES, SERVICE_IMAGES, SVCHOST_GROUP_ORDER,
                                         SVCHOST_GROUPS)

KIND = "processes"
STREAM = "processes"
SHELL_IMAGE = "powershell"
# Processes Windows will not let even an administrator end (TerminateProcess: access denied).
CRITICAL = frozenset({"idle", "system", "smss", "csrss", "winlogon", "services", "lsass"})
EXCHANGE_BIN = "C:\\Program Files\\Microsoft\\Exchange Server\\Bin\\"
COMPANY = "Microsoft Corporation"
CPU_TICK = 1 / 64  # processor time is counted in 15.625 ms clock ticks


class Profile(NamedTuple):
    """Ranges a process's figures are drawn from: handles, NPM/PM/WS in KB, VM in MB, threads, CPU s."""

    handles: tuple[int, int]
    npm: tuple[int, int]
    pm: tuple[int, int]
    ws: tuple[int, int]
    vm: tuple[int, int]
    threads: tuple[int, int]
    cpu: tuple[float, float]


DEFAULT_PROFILE = Profile((60, 260), (2, 8), (1100, 5200), (2600, 8400), (24, 60), (3, 18), (0.05, 3.5))
MANAGED_PROFILE = Profile((180, 520), (6, 16), (14000, 42000), (16000, 46000), (140, 320), (9, 30), (0.5, 25.0))
PROFILES: dict[str, Profile] = {
    "idle": Profile((0, 0), (0, 0), (0, 0), (16, 16), (0, 0), (1, 1), (0.0, 0.0)),
    "system": Profile((380, 620), (0, 0), (0, 0), (220, 300), (1, 2), (50, 90), (20.0, 240.0)),
    "smss": Profile((19, 21), (1, 1), (150, 180), (380, 460), (3, 4), (3, 3), (0.03, 0.2)),
    "csrss": Profile((380, 720), (5, 9), (1500, 2600), (3800, 7200), (24, 40), (10, 14), (2.0, 40.0)),
    "winlogon": Profile((480, 640), (12, 22), (6500, 9000), (2600, 8000), (45, 60), (18, 22), (0.5, 6.0)),
    "services": Profile((300, 460), (6, 12), (2800, 5200), (3200, 5600), (22, 36), (15, 20), (3.0, 40.0)),
    "lsass": Profile((380, 900), (10, 40), (3800, 12000), (1800, 9000), (38, 60), (20, 40), (2.0, 60.0)),
    "svchost": Profile((90, 1600), (3, 40), (1400, 16000), (3200, 26000), (30, 120), (5, 80), (0.1, 60.0)),
    "explorer": Profile((300, 480), (9, 14), (10000, 19000), (14000, 24000), (60, 90), (10, 16), (2.0, 30.0)),
    "ctfmon": Profile((60, 80), (3, 4), (800, 1100), (3000, 3800), (30, 34), (1, 1), (0.05, 0.4)),
    "store": Profile((2000, 4200), (60, 130), (160000, 420000), (180000, 480000), (700, 1300), (60, 110),
                     (60.0, 900.0)),
    "edgetransport": Profile((900, 1500), (40, 70), (70000, 150000), (60000, 120000), (420, 620), (30, 50),
                             (20.0, 300.0)),
    "w3wp": Profile((500, 900), (20, 40), (40000, 90000), (42000, 88000), (300, 480), (25, 45), (5.0, 90.0)),
    "inetinfo": Profile((300, 600), (12, 24), (7000, 14000), (9000, 18000), (80, 140), (18, 30), (1.0, 20.0)),
    "mad": Profile((700, 1100), (20, 40), (18000, 30000), (20000, 36000), (180, 260), (40, 70), (10.0, 120.0)),
    "msftesql": Profile((300, 500), (10, 20), (8000, 16000), (10000, 22000), (90, 140), (20, 40), (1.0, 40.0)),
    "powershell": Profile((300, 480), (8, 12), (30000, 48000), (30000, 44000), (140, 170), (8, 14), (0.9, 4.0)),
}
FRESH_CPU = (0.03, 1.5)  # a process started after boot has used little processor time yet

# FileDescription of the images; a service's own image without an entry is described by the
# service's display name.
DESCRIPTIONS: dict[str, str] = {
    "smss": "Windows NT Session Manager", "csrss": "Client Server Runtime Process",
    "winlogon": "Windows NT Logon Application", "services": "Services and Controller app",
    "lsass": "LSA Shell (Export Version)", "svchost": "Generic Host Process for Win32 Services",
    "explorer": "Windows Explorer", "ctfmon": "CTF Loader", "spoolsv": "Spooler SubSystem App",
    "msdtc": "MS DTCconsole program", "dns": "Domain Name System (DNS) Server",
    "ismserv": "Windows NT Intersite Messaging Service", "dfssvc": "Windows NT Distributed File System Service",
    "ntfrs": "File Replication Service", "certsrv": "Microsoft\u00ae Certificate Services",
    "inetinfo": "Internet Information Services", "w3wp": "IIS Worker Process", "msiexec": "Windows\u00ae installer",
    "vssvc": "Microsoft\u00ae Volume Shadow Copy Service", "wmiapsrv": "WMI Performance Reverse Adapter",
    "locator": "RPC Locator", "alg": "Application Layer Gateway Service", "powershell": "Windows PowerShell",
}
OS_PRODUCT = "Microsoft\u00ae Windows\u00ae Operating System"
OS_VERSIONS: dict[str, str] = {  # FileVersion of the system files, by operating system (Service Pack 2)
    "Windows Server 2003": "5.2.3790.3959 (srv03_sp2_rtm.070216-1710)",
    "Windows Server 2003 R2": "5.2.3790.3959 (srv03_sp2_rtm.070216-1710)",
    "Windows XP Professional": "5.1.2600.2180 (xpsp_sp2_rtm.040803-2158)",
    "Windows XP Home Edition": "5.1.2600.2180 (xpsp_sp2_rtm.040803-2158)",
}
EXCHANGE_PRODUCT, EXCHANGE_VERSION = "Microsoft\u00ae Exchange", "08.01.0240.006"
SHELL_VERSION = "6.0.5430.0 (winmain(wmbla).061104-1700)"
BASE_PRIORITIES: dict[str, int] = {"idle": 0, "smss": 11, "csrss": 13, "winlogon": 13, "services": 9, "lsass": 9}


class Process(NamedTuple):
    computer: str
    id: int
    name: str
    slot: str
    services: tuple[str, ...]  # the services that end with it (none for the boot and logon processes)
    handles: int
    npm: int  # bytes, as .NET's NonpagedSystemMemorySize
    pm: int  # PagedMemorySize
    ws: int  # WorkingSet
    vm: int  # VirtualMemorySize
    peak_ws: int
    peak_vm: int
    threads: int
    cpu: float | None  # TotalProcessorTime in seconds; None where Windows does not tell (Idle)
    start_time: datetime | None
    base_priority: int
    session_id: int
    path: str | None
    description: str | None
    company: str | None
    file_version: str | None
    product: str | None

    @property
    def is_critical(self) -> bool:
        return self.name.lower() in CRITICAL

    @property
    def is_shell(self) -> bool:
        return self.slot.startswith("shell:")

    @property
    def product_version(self) -> str | None:
        return self.file_version.split(" ", 1)[0] if self.file_version else None


class ProcessNotFound(LabError):
    def __init__(self, process_id: int) -> None:
        self.process_id = process_id
        super().__init__(f"No process with process ID {process_id} was found.")


class ProcessAccessDenied(LabError):
    """TerminateProcess refused: the Win32Exception text, which has no full stop."""

    def __init__(self, process: Process) -> None:
        self.process = process
        super().__init__("Access is denied")


# -- reading ---------------------------------------------------------------------------------------
def list_processes(lab: Lab, computer: str, with_shell: bool = True) -> list[Process]:
    """The computer's processes in start order; `with_shell` adds the console of a shell run there."""
    machine = computers.get_computer(lab, computer)
    doc = _current(lab, machine, with_shell)
    return [_process_from(machine, row, _service_names(lab, machine)) for row in doc["processes"]]


def shell_process(lab: Lab, computer: str) -> Process:
    """The shell's own process on the computer ($PID)."""
    return next(p for p in list_processes(lab, computer) if p.is_shell)


def get_process(lab: Lab, computer: str, process_id: int) -> Process:
    for process in list_processes(lab, computer):
        if process.id == process_id:
            return process
    raise ProcessNotFound(process_id)


def services_changed(lab: Lab, computer: str) -> None:
    """computers.STATUS_HOOKS: a service started or stopped; its processes follow (once they exist)."""
    machine = computers.get_computer(lab, computer)
    doc = lab.store.get(KIND, machine.name.upper())
    if doc is not None and _reconcile(lab, machine, doc, with_shell=False):
        lab.store.put(KIND, machine.name.upper(), doc)


# -- ending ----------------------------------------------------------------------------------------
def stop_process(lab: Lab, computer: str, process_id: int) -> Process:
    """End a process: its services stop (and with them every process they own); a boot or logon
    process stays gone; a critical one cannot be ended (ProcessAccessDenied)."""
    process = get_process(lab, computer, process_id)
    if process.is_critical:
        raise ProcessAccessDenied(process)
    key = process.computer.upper()
    if process.services:
        for name in process.services:
            if computers.get_service(lab, process.computer, name).status == "Running":
                computers.stop_service(lab, process.computer, name)
        return process
    doc = lab.store.get(KIND, key)
    doc["processes"] = [row for row in doc["processes"] if row["slot"] != process.slot]
    if process.is_shell:
        doc["shell_generation"] += 1
    else:
        doc["ended"].append(process.slot)
    lab.store.put(KIND, key, doc)
    return process


# -- the document ----------------------------------------------------------------------------------
def _current(lab: Lab, machine: computers.Computer, with_shell: bool) -> dict:
    key = machine.name.upper()
    doc = lab.store.get(KIND, key)
    if doc is None:
        doc = _booted(lab, machine)
        _reconcile(lab, machine, doc, with_shell)
        lab.store.put(KIND, key, doc)
    elif _reconcile(lab, machine, doc, with_shell):
        lab.store.put(KIND, key, doc)
    return doc


def _booted(lab: Lab, machine: computers.Computer) -> dict:
    """The processes the computer had when the lab first looked: it booted some days before the lab
    was made (so start times do not depend on how many commands ran first)."""
    created = lab.store.meta_get("lab.created")
    anchor = datetime.fromisoformat(created) if created else lab.clock.now()
    stream = _stream(machine.name)
    boot = anchor - timedelta(seconds=lab.random.randint(3 * 86400, 20 * 86400, stream=stream))
    doc = {"boot": boot.isoformat(), "next_id": 8, "shell_generation": 1, "ended": [], "processes": []}
    clock = boot
    for slot, image, services in _wanted(lab, machine, doc):
        if slot.startswith("logon:"):
            clock = max(clock, boot + timedelta(seconds=40))  # the console logon follows the services
        clock += timedelta(seconds=lab.random.randint(0, 3, stream=stream))
        doc["processes"].append(_new_row(lab, machine, doc, (slot, image, services), clock, fresh=False))
    return doc


def _reconcile(lab: Lab, machine: computers.Computer, doc: dict, with_shell: bool) -> bool:
    """Drop the processes whose services stopped, start those of started services; True on a change."""
    wanted = {slot: (image, services) for slot, image, services in _wanted(lab, machine, doc)}
    rows = [row for row in doc["processes"] if row["slot"] in wanted or row["slot"].startswith("shell:")]
    changed = len(rows) != len(doc["processes"])
    present = {row["slot"] for row in rows}
    for row in rows:
        services = list(wanted.get(row["slot"], (None, []))[1])
        if row["slot"] in wanted and row["services"] != services:
            row["services"], changed = services, True
    now = lab.clock.now()
    for slot, (image, services) in wanted.items():
        if slot not in present:
            rows.append(_new_row(lab, machine, doc, (slot, image, services), now, fresh=True))
            changed = True
    if with_shell and not any(row["slot"].startswith("shell:") for row in rows):
        shell_slot = f"shell:{doc['shell_generation']}"
        rows.append(_new_row(lab, machine, doc, (shell_slot, SHELL_IMAGE, []), now, fresh=False))
        changed = True
    doc["processes"] = rows
    return changed


def _wanted(lab: Lab, machine: computers.Computer, doc: dict) -> Iterator[tuple[str, str, list[str]]]:
    """(slot, image, services) of every process the computer's state calls for, in start order."""
    running = [s.name for s in computers.list_services(lab, machine.name) if s.status == "Running"]
    ended = set(doc["ended"])
    yield from ((f"boot:{image}", image, []) for image in BOOT_PROCESSES if f"boot:{image}" not in ended)
    for group in SVCHOST_GROUP_ORDER:
        members = [name for name in running if SVCHOST_GROUPS.get(name.lower()) == group]
        if members:
            yield f"host:{group}", "svchost", members
    for name in running:
        for image in SERVICE_IMAGES.get(name.lower(), ()):
            yield f"svc:{name.lower()}:{image.lower()}", image, [name]
    yield from ((f"logon:{image}", image, []) for image in LOGON_PROCESSES if f"logon:{image}" not in ended)


def _stream(computer: str) -> str:
    """Each computer draws from a stream of its own: its numbers do not depend on which computer
    the lab looked at first."""
    return f"{STREAM}.{computer.upper()}"


def _new_row(lab: Lab, machine: computers.Computer, doc: dict, wanted: tuple[str, str, list[str]],
             start: datetime, fresh: bool) -> dict:
    slot, image, services = wanted
    draws = _Draws(lab.random.bytes(48, _stream(machine.name)))
    profile = PROFILES.get(image.lower()) or (MANAGED_PROFILE if _is_managed(image) else DEFAULT_PROFILE)
    ws = 4096 * draws.between(profile.ws[0] // 4, profile.ws[1] // 4)
    vm = 4096 * draws.between(profile.vm[0] * 256, profile.vm[1] * 256)
    cpu_low, cpu_high = FRESH_CPU if fresh and image != SHELL_IMAGE else profile.cpu
    row = {
        "slot": slot, "id": _next_id(doc, image, draws, fresh), "name": image, "services": list(services),
        "handles": draws.between(*profile.handles),
        "npm": draws.between(profile.npm[0] * 1024, profile.npm[1] * 1024),
        "pm": 4096 * draws.between(profile.pm[0] // 4, profile.pm[1] // 4),
        "ws": ws, "vm": vm,
        "peak_ws": ws + 4096 * draws.between(0, ws // 16384),
        "peak_vm": vm + 4096 * draws.between(0, vm // 65536),
        "threads": draws.between(*profile.threads),
        "cpu": CPU_TICK * draws.between(int(cpu_low / CPU_TICK), int(cpu_high / CPU_TICK)),
        "start_time": start.isoformat(),
        "base_priority": BASE_PRIORITIES.get(image.lower(), 8),
        "session_id": 0,
    }
    if image.lower() in ("idle", "system"):
        row["cpu"] = None if image.lower() == "idle" else row["cpu"]
        row["start_time"] = None  # Windows does not tell the start of these two
    return row


def _next_id(doc: dict, image: str, draws: "_Draws", fresh: bool) -> int:
    """Windows process Ids are multiples of four: Idle is 0, System 4, the rest climb."""
    if image.lower() == "idle":
        return 0
    if image.lower() == "system":
        return 4
    if doc["next_id"] == 8:
        step = draws.between(60, 90)  # smss starts after the kernel's own threads
    else:
        step = draws.between(8, 80) if fresh else draws.between(1, 24)
    doc["next_id"] += 4 * step
    return doc["next_id"]


def _is_managed(image: str) -> bool:
    lower = image.lower()
    return lower.startswith("microsoft.exchange") or lower.startswith("msexchange")


class _Draws:
    """Integers cut from one block of lab randomness (one draw per process keeps the stream short)."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._offset = 0

    def between(self, low: int, high: int) -> int:
        if high <= low:
            return low
        chunk = self._data[self._offset:self._offset + 4]
        self._offset = (self._offset + 4) % len(self._data)
        return low + int.from_bytes(chunk, "big") % (high - low + 1)


# -- rows to processes -----------------------------------------------------------------------------
def _service_names(lab: Lab, machine: computers.Computer) -> dict[str, str]:
    return {s.name.lower(): s.display_name for s in computers.list_services(lab, machine.name)}


def _process_from(machine: computers.Computer, row: dict, display_names: dict[str, str]) -> Process:
    image, services = row["name"], tuple(row["services"])
    start = datetime.fromisoformat(row["start_time"]) if row["start_time"] else None
    path, description, file_version, product = _file_info(machine, image, services, display_names)
    return Process(
        computer=machine.name, id=row["id"], name=image, slot=row["slot"], services=services,
        handles=row["handles"], npm=row["npm"], pm=row["pm"], ws=row["ws"], vm=row["vm"],
        peak_ws=row["peak_ws"], peak_vm=row["peak_vm"], threads=row["threads"], cpu=row["cpu"],
        start_time=start, base_priority=row["base_priority"], session_id=row["session_id"], path=path,
        description=description, company=COMPANY if path else None, file_version=file_version, product=product)


def _file_info(machine: computers.Computer, image: str, services: tuple[str, ...],
               display_names: dict[str, str]) -> tuple[str | None, str | None, str | None, str | None]:
    """(Path, Description, FileVersion, Product) of a process's executable."""
    lower = image.lower()
    if lower in ("idle", "system"):
        return None, None, None, None
    windows = f"{machine.system_drive}:\\WINDOWS"
    exchange = any(s.lower().startswith(("msexchange", "msftesql")) for s in services)
    description = DESCRIPTIONS.get(lower) or (display_names.get(services[0].lower()) if services else image)
    if exchange:
        return f"{EXCHANGE_BIN}{image}.exe", description, EXCHANGE_VERSION, EXCHANGE_PRODUCT
    folders = {"smss": "\\SystemRoot\\System32", "csrss": f"\\??\\{windows}\\system32",
               "winlogon": f"\\??\\{windows}\\system32", "explorer": windows,
               "inetinfo": f"{windows}\\system32\\inetsrv", "w3wp": f"{windows}\\system32\\inetsrv",
               "aspnet_state": f"{windows}\\Microsoft.NET\\Framework\\v2.0.50727",
               "powershell": f"{windows}\\system32\\WindowsPowerShell\\v1.0"}
    version = SHELL_VERSION if lower == SHELL_IMAGE else OS_VERSIONS.get(machine.os)
    return f"{folders.get(lower, windows + chr(92) + 'system32')}\\{image}.exe", description, version, OS_PRODUCT
