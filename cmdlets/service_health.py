"""Test-ServiceHealth (Exchange 2007): for each Exchange role of a server, whether the Windows
services the role needs are running (`emshell.lab.service_health`).

    Role                    : Client Access Server Role
    RequiredServicesRunning : True
    ServicesRunning         : {IISAdmin, MSExchangeADTopology, MSExchangeFDS, ...}
    ServicesNotRunning      : {}

Without -Server it tests the server the shell runs on. The result prints as a list (the 2007
Exchange.format.ps1xml view; the object has only four properties, so a table would be the
default otherwise).
"""
from __future__ import annotations

from emshell.engine.cmdlet import Example, Param
from emshell.engine.objects import PSObject
from emshell.formatting.views import ListItem, ListView, register_view
from emshell.lab import exchange, service_health
from emshell.lab.lab import LabError

from emshell.cmdlets.client_access import ExchangeTask, identity_of, local_exchange_server

_TASKS = "Microsoft.Exchange.Monitoring."


class ServiceHealthResult(PSObject):
    TYPE_NAMES = (_TASKS + "ServiceHealthResult", "System.Object")
    PROPERTIES = ("Role", "RequiredServicesRunning", "ServicesRunning", "ServicesNotRunning")

    def __init__(self, health: service_health.RoleHealth) -> None:
        self.Role = health.role
        self.RequiredServicesRunning = health.required_services_running
        self.ServicesRunning = list(health.running)
        self.ServicesNotRunning = list(health.not_running)


register_view(ServiceHealthResult.TYPE_NAMES[0], ListView(tuple(ListItem(name, name)
                                                                for name in ServiceHealthResult.PROPERTIES)))


class ServiceHealthTest(ExchangeTask):
    name = "Test-ServiceHealth"
    dotnet_class = "Microsoft.Exchange.Monitoring.TestServiceHealth"
    synopsis = ("Use the Test-ServiceHealth cmdlet to test whether all the required services that are configured "
                "to start automatically on a server have started.")
    description = ("For each Exchange role installed on the server (Mailbox, Client Access, Hub Transport) it "
                   "reports whether the Windows services the role needs are running, and lists them under "
                   "ServicesRunning and ServicesNotRunning. Without -Server it tests the local server.")
    parameters = (
        Param("Server", object, position=0, pipeline=True, pipeline_by_name=True, display_type="ServerIdParameter",
              help="The server to test (default: the server the shell runs on)."),
        Param("ActiveDirectoryTimeout", int, help="Seconds each directory operation may take (accepted)."),
        Param("DomainController", str, display_type="Fqdn", help="The domain controller to read from (accepted)."),
        Param("MonitoringContext", bool, display_type="$true | $false",
              help="Accepted; no monitoring events are added."),
    )
    supports_should_process = True
    examples = (
        Example("Test-ServiceHealth", "Tests the services of the local server's roles."),
        Example("Test-ServiceHealth MBX01", "Tests the Mailbox server's services, e.g. after stopping MSExchangeIS."),
    )

    def process(self) -> None:
        try:
            server = self._server()
        except LabError as error:
            self.report(error, self.Server)
            return
        for health in service_health.service_health(self.lab, server.name):
            self.write_object(ServiceHealthResult(health))

    def _server(self) -> exchange.ExchangeServer:
        if self.Server is None:
            return local_exchange_server(self.lab, self.computer)
        return exchange.get_exchange_server(self.lab, identity_of(self.Server))


CMDLETS = (ServiceHealthTest,)
