"""The lab's computers: identity, Windows services and network adapters.

Document kinds owned here (keys are upper-case NetBIOS names):

    computer  {name, fqdn, os, service_pack, roles: [..], domain_joined, site, drives: ["C"],
               software: [..], shares: {"C$": "C:\\", "ADMIN$": "C:\\WINDOWS", ..}}
    services  {services: [{name, display_name, start_type, status}, ..]}   sorted by name
    adapters  {adapters: [{name, ip, mask, enabled}, ..]}                  template order

Service state changes may have side effects elsewhere in the lab (restarting CertSvc makes
the CA re-read its policy EditFlags). Those are declared in SERVICE_HOOKS as
"module:function" strings, imported only when the service changes state and called as
`function(lab, computer_name)` after the new state is stored. Adapter changes likewise call
each of ADAPTER_HOOKS as `function(lab, computer_name, adapter_name)` (an NLB host whose
cluster adapter goes down leaves its cluster).
"""
from __future__ import annotations

import importlib
from typing import NamedTuple

from emshell.lab.lab import Lab, LabError
from emshell.lab.service_catalog import EXCHANGE_ROLES, services_for

SERVICE_HOOKS: dict[str, dict[str, str]] = {
    "certsvc": {
        "start": "emshell.lab.ca:service_started",
        "stop": "emshell.lab.ca:service_stopped",
    },
}
ADAPTER_HOOKS: tuple[str, ...] = ("emshell.lab.nlb:adapter_changed",)
# Called as `function(lab, computer_name)` after any service changes state (its process comes or goes).
STATUS_HOOKS: tuple[str, ...] = ("emshell.lab.processes:services_changed",)


class Computer(NamedTuple):
    name: str
    fqdn: str
    os: str
    service_pack: str
    roles: tuple[str, ...]
    domain_joined: bool
    site: str | None
    drives: tuple[str, ...]
    software: tuple[str, ...]
    shares: dict[str, str]  # share name -> Windows path

    @property
    def system_drive(self) -> str:
        return self.drives[0]

    @property
    def is_exchange_server(self) -> bool:
        return any(role in EXCHANGE_ROLES for role in self.roles)


class Service(NamedTuple):
    computer: str
    name: str
    display_name: str
    start_type: str  # Automatic | Manual | Disabled
    status: str  # Running | Stopped


class Adapter(NamedTuple):
    computer: str
    name: str
    ip: str
    mask: str
    enabled: bool


class UnknownComputer(LabError):
    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(f"The computer '{name}' does not exist in the lab.")


class ServiceError(LabError):
    """A service operation failed; carries the service so each tool can word it its own way."""

    def __init__(self, message: str, service_name: str, display_name: str = "") -> None:
        self.service_name = service_name
        self.display_name = display_name
        super().__init__(message)


class UnknownService(ServiceError):
    # Get-Service's ServiceCommandException text (NoServiceFoundForGivenName).
    def __init__(self, name: str) -> None:
        super().__init__(f"Cannot find any service with service name '{name}'.", name)


class ServiceAlreadyRunning(ServiceError):
    win32_error = 1056  # ERROR_SERVICE_ALREADY_RUNNING (net.exe prints NERR 2182 instead)

    def __init__(self, service: Service) -> None:
        super().__init__("An instance of the service is already running.", service.name, service.display_name)


class ServiceNotActive(ServiceError):
    win32_error = 1062  # ERROR_SERVICE_NOT_ACTIVE (net.exe prints NERR 3521 instead)

    def __init__(self, service: Service) -> None:
        super().__init__("The service has not been started.", service.name, service.display_name)


class ServiceDisabled(ServiceError):
    win32_error = 1058  # ERROR_SERVICE_DISABLED

    def __init__(self, service: Service) -> None:
        super().__init__(
            "The service cannot be started, either because it is disabled or because it has no "
            "enabled devices associated with it.",
            service.name,
            service.display_name,
        )


class UnknownAdapter(LabError):
    def __init__(self, computer: str, name: str) -> None:
        super().__init__(f"The computer '{computer}' has no network adapter named '{name}'.")


# -- computers -------------------------------------------------------------------------
def add_computer(lab: Lab, computer: Computer, adapters: list[Adapter]) -> None:
    """Store a new computer with the services its OS and roles install (used by the builder)."""
    key = computer.name.upper()
    lab.store.put("computer", key, computer._asdict())
    rows = services_for(computer.os, list(computer.roles), computer.domain_joined)
    services = [{"name": n, "display_name": d, "start_type": t, "status": s} for n, d, t, s in rows]
    lab.store.put("services", key, {"services": services})
    adapter_docs = [{"name": a.name, "ip": a.ip, "mask": a.mask, "enabled": a.enabled} for a in adapters]
    lab.store.put("adapters", key, {"adapters": adapter_docs})


def _computer_from(doc: dict) -> Computer:
    return Computer(
        name=doc["name"],
        fqdn=doc["fqdn"],
        os=doc["os"],
        service_pack=doc["service_pack"],
        roles=tuple(doc["roles"]),
        domain_joined=doc["domain_joined"],
        site=doc["site"],
        drives=tuple(doc["drives"]),
        software=tuple(doc["software"]),
        shares=dict(doc["shares"]),
    )


def list_computers(lab: Lab) -> list[Computer]:
    return [_computer_from(doc) for _, doc in lab.store.list("computer")]


def get_computer(lab: Lab, name: str) -> Computer:
    """A computer by NetBIOS name or FQDN, in any case."""
    doc = lab.store.get("computer", name.upper())
    if doc is not None:
        return _computer_from(doc)
    for computer in list_computers(lab):
        if computer.fqdn.lower() == name.lower():
            return computer
    raise UnknownComputer(name)


def computer_for_address(lab: Lab, host: str) -> tuple[Computer, Adapter | None]:
    """The computer a host name, FQDN or IPv4 address names, with the adapter when it was an address."""
    for computer in list_computers(lab):
        for adapter in list_adapters(lab, computer.name):
            if adapter.ip == host:
                return computer, adapter
    return get_computer(lab, host), None


def add_share(lab: Lab, computer: str, share: str, windows_path: str) -> None:
    """Publish a folder as \\\\computer\\share (e.g. the CA's CertEnroll share)."""
    key = get_computer(lab, computer).name.upper()
    doc = lab.store.get("computer", key)
    doc["shares"][share] = windows_path
    lab.store.put("computer", key, doc)


# -- services --------------------------------------------------------------------------
def list_services(lab: Lab, computer: str) -> list[Service]:
    name = get_computer(lab, computer).name
    doc = lab.store.get("services", name.upper())
    return [Service(computer=name, **row) for row in doc["services"]]


def get_service(lab: Lab, computer: str, name_or_display: str) -> Service:
    """A service by its short name, or else by its display name (both case-insensitive)."""
    services = list_services(lab, computer)
    wanted = name_or_display.lower()
    for attribute in ("name", "display_name"):
        for service in services:
            if getattr(service, attribute).lower() == wanted:
                return service
    raise UnknownService(name_or_display)


def start_service(lab: Lab, computer: str, name: str) -> Service:
    service = get_service(lab, computer, name)
    if service.status == "Running":
        raise ServiceAlreadyRunning(service)
    if service.start_type == "Disabled":
        raise ServiceDisabled(service)
    return _set_status(lab, service, "Running", "start")


def stop_service(lab: Lab, computer: str, name: str) -> Service:
    service = get_service(lab, computer, name)
    if service.status != "Running":
        raise ServiceNotActive(service)
    return _set_status(lab, service, "Stopped", "stop")


def _set_status(lab: Lab, service: Service, status: str, event: str) -> Service:
    key = service.computer.upper()
    doc = lab.store.get("services", key)
    for row in doc["services"]:
        if row["name"] == service.name:
            row["status"] = status
    lab.store.put("services", key, doc)
    hook = SERVICE_HOOKS.get(service.name.lower(), {}).get(event)
    if hook:
        _call_hook(hook, lab, service.computer)
    for hook in STATUS_HOOKS:
        _call_hook(hook, lab, service.computer)
    return Service(service.computer, service.name, service.display_name, service.start_type, status)


def _call_hook(hook: str, *args: object) -> None:
    module_name, function_name = hook.split(":")
    getattr(importlib.import_module(module_name), function_name)(*args)


# -- network adapters ------------------------------------------------------------------
def list_adapters(lab: Lab, computer: str) -> list[Adapter]:
    name = get_computer(lab, computer).name
    doc = lab.store.get("adapters", name.upper())
    return [Adapter(computer=name, **row) for row in doc["adapters"]]


def set_adapter_enabled(lab: Lab, computer: str, adapter_name: str, enabled: bool) -> Adapter:
    """Enable or disable an adapter by its connection name (case-insensitive)."""
    name = get_computer(lab, computer).name
    doc = lab.store.get("adapters", name.upper())
    for row in doc["adapters"]:
        if row["name"].lower() == adapter_name.lower():
            row["enabled"] = enabled
            lab.store.put("adapters", name.upper(), doc)
            for hook in ADAPTER_HOOKS:
                _call_hook(hook, lab, name, row["name"])
            return Adapter(computer=name, **row)
    raise UnknownAdapter(name, adapter_name)
