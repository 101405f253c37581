"""net start / net stop as Windows Server 2003 prints them."""
from __future__ import annotations

from emshell.cmdlets.net import net
from emshell.lab import ca, computers
from native_lab import built_lab, lab, run  # noqa: F401  (fixtures)


def test_restarting_certificate_services(lab) -> None:
    assert run(lab, "DC01", net, "stop", "certsvc") == (0, (
        "The Certificate Services service is stopping.\n"
        "The Certificate Services service was stopped successfully.\n\n"
    ))
    assert computers.get_service(lab, "DC01", "CertSvc").status == "Stopped"
    assert not ca.get_ca(lab, "ehlo-DC01-CA").running
    assert run(lab, "DC01", net, "start", "Certificate Services") == (0, (
        "The Certificate Services service is starting.\n"
        "The Certificate Services service was started successfully.\n\n"
    ))
    assert ca.get_ca(lab, "ehlo-DC01-CA").running


def test_errors(lab) -> None:
    assert run(lab, "DC01", net, "start", "CertSvc") == (2, (
        "The requested service has already been started.\n\nMore help is available by typing NET HELPMSG 2182.\n\n"
    ))
    run(lab, "DC01", net, "stop", "certsvc")
    assert run(lab, "DC01", net, "stop", "certsvc") == (2, (
        "The Certificate Services service is not started.\n\nMore help is available by typing NET HELPMSG 3521.\n\n"
    ))
    assert run(lab, "CAS01", net, "stop", "certsvc") == (2, (
        "The service name is invalid.\n\nMore help is available by typing NET HELPMSG 2185.\n\n"
    ))
    assert run(lab, "DC01", net, "start", "Alerter") == (2, (
        "System error 1058 has occurred.\n\nThe service cannot be started, either because it is disabled or "
        "because it has no enabled devices associated with it.\n\n"
    ))


def test_list_of_started_services(lab) -> None:
    code, text = run(lab, "HOMEPC", net, "start")
    lines = text.split("\n")
    assert code == 0
    assert lines[:3] == ["These Windows services are started:", "", "   Application Layer Gateway Service"]
    assert lines[-4:] == ["", "The command completed successfully.", "", ""]
    started = [line.strip() for line in lines[2:-4]]
    assert started == sorted(started, key=str.lower)
    assert "Wireless Zero Configuration" in started and "Alerter" not in started


def test_syntax(lab) -> None:
    syntax = (
        "The syntax of this command is:\n\n\n"
        "NET [ ACCOUNTS | COMPUTER | CONFIG | CONTINUE | FILE | GROUP | HELP |\n"
        "      HELPMSG | LOCALGROUP | NAME | PAUSE | PRINT | SEND | SESSION |\n"
        "      SHARE | START | STATISTICS | STOP | TIME | USE | USER | VIEW ]\n\n"
    )
    for argv in ((), ("restart", "certsvc"), ("stop",), ("stop", "certsvc", "now")):
        assert run(lab, "DC01", net, *argv) == (1, syntax)
