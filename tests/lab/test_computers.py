"""Lab computers: look-up, services by OS and role, service state and hooks, adapters."""
from __future__ import annotations

import sys
import types

import pytest

from emshell.lab import builder, computers, manage
from emshell.lab.computers import (
    Adapter,
    Service,
    get_computer,
    get_service,
    list_adapters,
    list_services,
    start_service,
    stop_service,
)


@pytest.fixture
def lab(tmp_path, monkeypatch):
    monkeypatch.setattr(builder, "install_pki", lambda lab, data: None)
    lab = manage.create_lab(tmp_path / "lab", deterministic=True)
    yield lab
    lab.close()


def names(services: list[Service]) -> list[str]:
    return [service.name for service in services]


def test_computers_of_the_ehlo_lab(lab) -> None:
    assert [(c.name, c.fqdn, c.os, c.domain_joined) for c in computers.list_computers(lab)] == [
        ("CAS01", "cas01.ehlo.dk", "Windows Server 2003", True),
        ("CAS02", "cas02.ehlo.dk", "Windows Server 2003", True),
        ("CLIENT01", "client01.ehlo.dk", "Windows XP Professional", True),
        ("DC01", "dc01.ehlo.dk", "Windows Server 2003 R2", True),
        ("HOMEPC", "homepc", "Windows XP Home Edition", False),
        ("MBX01", "mbx01.ehlo.dk", "Windows Server 2003", True),
    ]
    cas = get_computer(lab, "cas01")
    assert (cas.roles, cas.drives, cas.site, cas.system_drive, cas.is_exchange_server) == (
        ("WebServer", "ClientAccess", "HubTransport"), ("C",), "Default-First-Site-Name", "C", True
    )
    assert cas.shares == {"C$": "C:\\", "ADMIN$": "C:\\WINDOWS"}
    assert get_computer(lab, "CLIENT01").software == ("Microsoft Office Outlook 2007",)
    assert get_computer(lab, "DC01").is_exchange_server is False


@pytest.mark.parametrize("name", ["CAS02", "cas02", "Cas02", "cas02.ehlo.dk", "CAS02.EHLO.DK"])
def test_get_computer_by_netbios_name_or_fqdn(lab, name) -> None:
    assert get_computer(lab, name).name == "CAS02"


def test_unknown_computer(lab) -> None:
    with pytest.raises(computers.UnknownComputer, match=r"^The computer 'CAS03' does not exist in the lab\.$"):
        get_computer(lab, "CAS03")


def test_computer_for_address(lab) -> None:
    computer, adapter = computers.computer_for_address(lab, "192.168.1.21")
    assert (computer.name, adapter) == ("CAS01", Adapter("CAS01", "NLB LAN", "192.168.1.21", "255.255.255.0", True))
    assert computers.computer_for_address(lab, "mbx01.ehlo.dk")[0].name == "MBX01"
    assert computers.computer_for_address(lab, "MBX01")[1] is None


def test_services_follow_os_and_roles(lab) -> None:
    dc = {s.name: s for s in list_services(lab, "DC01")}
    assert dc["CertSvc"] == Service("DC01", "CertSvc", "Certificate Services", "Automatic", "Running")
    assert dc["NtFrs"].display_name == "File Replication Service"
    assert dc["W3SVC"].display_name == "World Wide Web Publishing Service"
    assert "MSExchangeIS" not in dc
    cas = {s.name: s for s in list_services(lab, "CAS01")}
    assert cas["MSExchangeTransport"] == Service(
        "CAS01", "MSExchangeTransport", "Microsoft Exchange Transport", "Automatic", "Running"
    )
    assert (cas["MSExchangePOP3"].start_type, cas["MSExchangePOP3"].status) == ("Manual", "Stopped")
    assert (cas["MSExchangeIMAP4"].display_name, cas["MSExchangeIMAP4"].status) == ("Microsoft Exchange IMAP4", "Stopped")
    assert cas["MSExchangeADTopology"].display_name == "Microsoft Exchange Active Directory Topology"
    assert cas["HTTPFilter"].start_type == "Automatic"  # IIS makes HTTP SSL automatic
    assert "MSExchangeIS" not in cas and "CertSvc" not in cas
    mbx = {s.name: s for s in list_services(lab, "MBX01")}
    assert mbx["MSExchangeIS"].display_name == "Microsoft Exchange Information Store"
    assert "MSExchangeTransport" not in mbx and "MSExchangePOP3" not in mbx
    client = {s.name: s for s in list_services(lab, "CLIENT01")}
    assert client["Netlogon"] == Service("CLIENT01", "Netlogon", "Net Logon", "Automatic", "Running")
    assert client["wscsvc"].display_name == "Security Center"
    home = {s.name: s for s in list_services(lab, "HOMEPC")}
    assert (home["Netlogon"].start_type, home["Netlogon"].status) == ("Manual", "Stopped")
    assert len(list_services(lab, "CAS01")) == 64  # 51 Windows + 3 IIS + 6 CAS + 4 Hub


def test_services_are_listed_by_name_ignoring_case(lab) -> None:
    listed = names(list_services(lab, "CAS01"))
    assert listed == sorted(listed, key=str.lower)
    assert listed[:4] == ["Alerter", "ALG", "AppMgmt", "aspnet_state"]


@pytest.mark.parametrize("name", ["certsvc", "CERTSVC", "Certificate Services", "certificate services"])
def test_get_service_by_name_or_display_name(lab, name) -> None:
    assert get_service(lab, "dc01", name).name == "CertSvc"


def test_unknown_service(lab) -> None:
    with pytest.raises(computers.UnknownService) as caught:
        get_service(lab, "CAS01", "CertSvc")
    assert str(caught.value) == "Cannot find any service with service name 'CertSvc'."
    assert caught.value.service_name == "CertSvc"


def test_start_and_stop(lab) -> None:
    stopped = stop_service(lab, "CAS01", "msexchangetransport")
    assert stopped == Service("CAS01", "MSExchangeTransport", "Microsoft Exchange Transport", "Automatic", "Stopped")
    assert get_service(lab, "CAS01", "MSExchangeTransport").status == "Stopped"
    assert get_service(lab, "CAS02", "MSExchangeTransport").status == "Running"
    with pytest.raises(computers.ServiceNotActive) as caught:
        stop_service(lab, "CAS01", "MSExchangeTransport")
    assert (str(caught.value), caught.value.win32_error) == ("The service has not been started.", 1062)
    assert caught.value.display_name == "Microsoft Exchange Transport"
    assert start_service(lab, "CAS01", "Microsoft Exchange Transport").status == "Running"
    with pytest.raises(computers.ServiceAlreadyRunning) as caught:
        start_service(lab, "CAS01", "MSExchangeTransport")
    assert (str(caught.value), caught.value.win32_error) == ("An instance of the service is already running.", 1056)
    with pytest.raises(computers.ServiceDisabled, match="^The service cannot be started, either because it is disabled"):
        start_service(lab, "CAS01", "Messenger")
    with pytest.raises(computers.UnknownService):
        start_service(lab, "CAS01", "nosuch")


def test_service_hooks_run_after_the_change(lab, monkeypatch) -> None:
    calls = []
    hooks = types.ModuleType("lab_test_hooks")
    hooks.started = lambda lab, computer: calls.append(("started", computer, get_service(lab, computer, "w3svc").status))
    hooks.stopped = lambda lab, computer: calls.append(("stopped", computer, get_service(lab, computer, "w3svc").status))
    monkeypatch.setitem(sys.modules, "lab_test_hooks", hooks)
    monkeypatch.setitem(computers.SERVICE_HOOKS, "w3svc", {"start": "lab_test_hooks:started", "stop": "lab_test_hooks:stopped"})
    stop_service(lab, "cas02", "W3SVC")
    start_service(lab, "CAS02", "World Wide Web Publishing Service")
    stop_service(lab, "CAS02", "IISADMIN")  # no hook declared
    assert calls == [("stopped", "CAS02", "Stopped"), ("started", "CAS02", "Running")]


def test_certsvc_hooks_are_declared_for_the_ca_module() -> None:
    assert computers.SERVICE_HOOKS["certsvc"] == {
        "start": "emshell.lab.ca:service_started",
        "stop": "emshell.lab.ca:service_stopped",
    }


def test_adapters(lab) -> None:
    assert list_adapters(lab, "CAS01") == [
        Adapter("CAS01", "Local Area Connection", "192.168.1.11", "255.255.255.0", True),
        Adapter("CAS01", "NLB LAN", "192.168.1.21", "255.255.255.0", True),
    ]
    changed = computers.set_adapter_enabled(lab, "cas01", "nlb lan", False)
    assert changed == Adapter("CAS01", "NLB LAN", "192.168.1.21", "255.255.255.0", False)
    assert [a.enabled for a in list_adapters(lab, "CAS01")] == [True, False]
    assert [a.enabled for a in list_adapters(lab, "CAS02")] == [True, True]
    with pytest.raises(computers.UnknownAdapter, match=r"^The computer 'CAS01' has no network adapter named 'WLAN'\.$"):
        computers.set_adapter_enabled(lab, "CAS01", "WLAN", True)


def test_add_share(lab) -> None:
    computers.add_share(lab, "dc01", "CertEnroll", "C:\\WINDOWS\\system32\\CertSrv\\CertEnroll")
    assert get_computer(lab, "DC01").shares["CertEnroll"] == "C:\\WINDOWS\\system32\\CertSrv\\CertEnroll"


def test_changes_roll_back_with_the_transaction(lab) -> None:
    with pytest.raises(RuntimeError):
        with lab.transaction():
            stop_service(lab, "MBX01", "MSExchangeIS")
            computers.set_adapter_enabled(lab, "MBX01", "Local Area Connection", False)
            raise RuntimeError
    assert get_service(lab, "MBX01", "MSExchangeIS").status == "Running"
    assert list_adapters(lab, "MBX01")[0].enabled is True
