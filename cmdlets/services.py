"""Service cmdlets (PowerShell 1.0): Get-Service, Start-Service, Stop-Service, Restart-Service.

They work on the services of the computer the shell runs on, through `emshell.lab.computers`,
which runs the lab's hooks (CertSvc re-reads its configuration when it starts: the
adcs-nlb-autodiscover.md §1.8 restart). Success prints nothing; a slow service's "Waiting
for service" warning never appears because lab services change state at once. Texts are
PowerShell 1.0's ServiceController resources.
"""
from __future__ import annotations

from typing import Callable, ClassVar, Iterator

from emshell.engine.cmdlet import Cmdlet, Example, Param, Switch
from emshell.engine.objects import PSEnum, PSObject
from emshell.engine.operators import like
from emshell.formatting.views import TableColumn, TableView, register_view
from emshell.lab import computers
from emshell.lab.computers import Service

_MANAGEMENT = "Microsoft.PowerShell.Commands."
NO_NAME = "Cannot find any service with service name '{0}'."
NO_DISPLAY_NAME = "Cannot find any service with display name '{0}'."
CANNOT_START = "Service '{0} ({1})' cannot be started due to the following error: Cannot start service {1} on computer '.'."


class ServiceControllerStatus(PSEnum):
    Stopped = 1
    StartPending = 2
    StopPending = 3
    Running = 4
    ContinuePending = 5
    PausePending = 6
    Paused = 7


ServiceControllerStatus.__ps_type__ = "System.ServiceProcess.ServiceControllerStatus"


class ServiceController(PSObject):
    """A service as Get-Service returns it; MachineName "." is the local computer, as in 1.0."""

    TYPE_NAMES = ("System.ServiceProcess.ServiceController", "System.ComponentModel.Component",
                  "System.MarshalByRefObject", "System.Object")
    PROPERTIES = ("Name", "CanStop", "DisplayName", "MachineName", "ServiceName", "Status")
    DEFAULT_DISPLAY = ("Status", "Name", "DisplayName")

    def __init__(self, service: Service) -> None:
        self.service = service
        self.Name = self.ServiceName = service.name
        self.DisplayName = service.display_name
        self.MachineName = "."
        self.Status = ServiceControllerStatus[service.status]
        self.CanStop = self.Status is ServiceControllerStatus.Running

    @property
    def target(self) -> str:
        """How ShouldProcess and the errors name a service: `Display Name (Name)`."""
        return f"{self.DisplayName} ({self.Name})"


# DotNetTypes.format.ps1xml: the "service" table view.
register_view("System.ServiceProcess.ServiceController", TableView((
    TableColumn("Status", "Status", width=8),
    TableColumn("Name", "Name", width=18),
    TableColumn("DisplayName", "DisplayName", width=38),
)))


def _has_wildcards(text: str) -> bool:
    return any(char in "*?[" for char in text)


class _ServiceCommand(Cmdlet):
    """Selection shared by the service cmdlets: -Name, -DisplayName or -InputObject, then
    -Include/-Exclude; each service once, in name order (errors for missing names come first)."""

    def selected(self) -> list[ServiceController]:
        chosen: dict[str, ServiceController] = {}
        for controller in self._candidates():
            if self._filtered(controller.Name):
                chosen.setdefault(controller.Name.lower(), controller)
        if self.InputObject is not None:
            return list(chosen.values())
        return [chosen[name] for name in sorted(chosen)]

    def _candidates(self) -> Iterator[ServiceController]:
        if self.InputObject is not None:
            yield from (item for item in self.InputObject if isinstance(item, ServiceController))
            return
        services = sorted(computers.list_services(self.lab, self.computer), key=lambda s: s.name.lower())
        if self.DisplayName is not None:
            yield from self._matching(services, self.DisplayName, lambda s: s.display_name, NO_DISPLAY_NAME,
                                      "NoServiceFoundForGivenDisplayName")
        elif self.Name is not None:
            yield from self._matching(services, self.Name, lambda s: s.name, NO_NAME, "NoServiceFoundForGivenName")
        else:
            yield from (ServiceController(service) for service in services)

    def _matching(self, services: list[Service], patterns: list[str], key: Callable[[Service], str],
                  message: str, error_id: str) -> Iterator[ServiceController]:
        for pattern in patterns:
            found = [s for s in services if like(key(s), pattern)]
            if not found and not _has_wildcards(pattern):
                self.write_error(message.format(pattern), error_id, "ObjectNotFound", pattern,
                                 "ServiceCommandException")
            yield from (ServiceController(service) for service in found)

    def _filtered(self, name: str) -> bool:
        if self.Include is not None and not any(like(name, pattern) for pattern in self.Include):
            return False
        return not any(like(name, pattern) for pattern in self.Exclude or ())


_SELECTION = (
    Param("Include", list[str]),
    Param("Exclude", list[str]),
)


class GetService(_ServiceCommand):
    name = "Get-Service"
    dotnet_class = _MANAGEMENT + "GetServiceCommand"
    synopsis = "Gets the services on the local computer."
    parameters = (
        Param("Name", list[str], position=0, sets=("Default",), aliases=("ServiceName",), pipeline=True,
              pipeline_by_name=True),
        Param("DisplayName", list[str], mandatory=True, sets=("DisplayName",)),
        Param("InputObject", list[object], sets=("InputObject",), pipeline=True),
    ) + _SELECTION
    default_set = "Default"
    examples = (Example("Get-Service certsvc", "Shows the Certificate Services service on the CA."),
                Example("Get-Service MSExchange*", "Shows the Exchange services of this server."))

    def process(self) -> None:
        self.write_objects(self.selected())


def _start(cmdlet: Cmdlet, service: Service) -> Service | None:
    if service.status == "Running":
        return service
    try:
        return computers.start_service(cmdlet.lab, cmdlet.computer, service.name)
    except computers.ServiceDisabled:
        cmdlet.write_error(CANNOT_START.format(service.display_name, service.name), "CouldNotStartService",
                           "OpenError", service.name, "ServiceCommandException")
        return None


def _stop(cmdlet: Cmdlet, service: Service) -> Service | None:
    if service.status != "Running":
        return service
    return computers.stop_service(cmdlet.lab, cmdlet.computer, service.name)


class _ServiceOperation(_ServiceCommand):
    """Start-, Stop- and Restart-Service: ShouldProcess on `Display Name (Name)`, then the change."""

    supports_should_process = True
    operations: ClassVar[tuple[Callable[[Cmdlet, Service], Service | None], ...]] = ()
    parameters = (
        Param("Name", list[str], position=0, mandatory=True, sets=("Default",), aliases=("ServiceName",),
              pipeline=True, pipeline_by_name=True),
        Param("DisplayName", list[str], mandatory=True, sets=("DisplayName",)),
        Param("InputObject", list[object], mandatory=True, sets=("InputObject",), pipeline=True),
        Param("PassThru", Switch),
    ) + _SELECTION
    default_set = "Default"

    def process(self) -> None:
        for controller in self.selected():
            if self.should_process(controller.target):
                self._apply(controller)

    def _apply(self, controller: ServiceController) -> None:
        service = computers.get_service(self.lab, self.computer, controller.Name)
        for operation in self.operations:
            service = operation(self, service)
            if service is None:
                return
        if self.PassThru:
            self.write_object(ServiceController(service))


class StartService(_ServiceOperation):
    name = "Start-Service"
    dotnet_class = _MANAGEMENT + "StartServiceCommand"
    synopsis = "Starts one or more stopped services."
    operations = (_start,)
    examples = (Example("Start-Service certsvc", "Starts Certificate Services (prints nothing)."),)


class StopService(_ServiceOperation):
    name = "Stop-Service"
    dotnet_class = _MANAGEMENT + "StopServiceCommand"
    synopsis = "Stops one or more running services."
    operations = (_stop,)
    parameters = _ServiceOperation.parameters + (Param("Force", Switch),)  # dependents are not modelled
    examples = (Example("Stop-Service certsvc", "Stops Certificate Services (prints nothing)."),)


class RestartService(_ServiceOperation):
    name = "Restart-Service"
    dotnet_class = _MANAGEMENT + "RestartServiceCommand"
    synopsis = "Stops and then starts one or more services."
    description = ("Stops a running service and starts it again (a stopped service is just started). "
                   "CertSvc reads its registry configuration, such as policy\\EditFlags, when it starts.")
    operations = (_stop, _start)
    parameters = _ServiceOperation.parameters + (Param("Force", Switch),)
    examples = (Example("Restart-Service certsvc",
                        "Makes the CA use a changed EditFlags value; prints nothing on success."),)


CMDLETS = (GetService, StartService, StopService, RestartService)
ALIASES = {"gsv": "Get-Service", "sasv": "Start-Service", "spsv": "Stop-Service"}
