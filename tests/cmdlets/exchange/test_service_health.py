"""Test-ServiceHealth (Exchange 2007): the services each Exchange role of a server needs, running
or not, from the lab's service state."""
from __future__ import annotations

from exchange_support import screen, shell

CAS_ROLES = screen(
    "",
    "",
    "Role                    : Client Access Server Role",
    "RequiredServicesRunning : True",
    "ServicesRunning         : {IISAdmin, MSExchangeADTopology, MSExchangeFDS, MSExc",
    "                          hangeServiceHost, W3Svc}",
    "ServicesNotRunning      : {}",
    "",
    "Role                    : Hub Transport Server Role",
    "RequiredServicesRunning : True",
    "ServicesRunning         : {MSExchangeADTopology, MSExchangeEdgeSync, MSExchange",
    "                          Transport, MSExchangeTransportLogSearch}",
    "ServicesNotRunning      : {}",
    "",
    "",
    "",
)
MAILBOX_WITHOUT_STORE = screen(
    "",
    "",
    "Role                    : Mailbox Server Role",
    "RequiredServicesRunning : False",
    "ServicesRunning         : {IISAdmin, MSExchangeADTopology, MSExchangeMailboxAss",
    "                          istants, MSExchangeMailSubmission, MSExchangeRepl, MS",
    "                          ExchangeSA, MSExchangeSearch, MSExchangeServiceHost, ",
    "                          MSExchangeTransportLogSearch, MSFTESQL-Exchange, W3Sv",
    "                          c}",
    "ServicesNotRunning      : {MSExchangeIS}",
    "",
    "",
    "",
)


def test_each_role_of_the_local_server() -> None:
    with shell("CAS01") as sh:
        assert sh.run("Test-ServiceHealth") == CAS_ROLES


def test_a_stopped_required_service_is_not_running() -> None:
    with shell("MBX01") as sh:
        assert sh.run("Stop-Service MSExchangeIS", "Test-ServiceHealth") == MAILBOX_WITHOUT_STORE
        assert sh.run("Start-Service MSExchangeIS", "(Test-ServiceHealth).RequiredServicesRunning") == "True\n"
        # ending the Information Store's process stops the service just the same
        assert sh.run("Stop-Process -Name store", "Test-ServiceHealth") == MAILBOX_WITHOUT_STORE


def test_stopping_a_shared_service_fails_every_role_that_needs_it() -> None:
    with shell("CAS01") as sh:
        report = 'Test-ServiceHealth | % { "$($_.Role): $($_.RequiredServicesRunning) $($_.ServicesNotRunning)" }'
        assert sh.run("Stop-Service MSExchangeADTopology", report) == (
            "Client Access Server Role: False MSExchangeADTopology\n"
            "Hub Transport Server Role: False MSExchangeADTopology\n")


def test_other_servers_and_unknown_ones() -> None:
    with shell("CAS01") as sh:
        assert sh.run("Test-ServiceHealth -Server MBX01 | % { $_.Role }",
                      "Get-ExchangeServer CAS02 | Test-ServiceHealth | % { $_.Role }") == (
            "Mailbox Server Role\nClient Access Server Role\nHub Transport Server Role\n")
        assert sh.run("Test-ServiceHealth nope") == (
            "Test-ServiceHealth : The operation could not be performed because object 'nope'\n"
            " could not be found on domain controller 'dc01.ehlo.dk'.\n"
            "At line:1 char:19\n"
            "+ Test-ServiceHealth  <<<< nope\n")
        assert sh.run("Test-ServiceHealth", on="DC01") == (
            'Test-ServiceHealth : Exchange server "DC01" was not found. Please make sure you\n'
            " typed the name correctly.\n"
            "At line:1 char:19\n"
            "+ Test-ServiceHealth <<<< \n")


def test_help_and_syntax() -> None:
    with shell("CAS01") as sh:
        assert sh.run("Get-Command Test-ServiceHealth -Syntax", "(Get-Command Test-ServiceHealth).PSSnapIn") == (
            "Test-ServiceHealth [[-Server] <ServerIdParameter>] [-ActiveDirectoryTimeout <Int32>] [-DomainController "
            "<Fqdn>] [-MonitoringContext <$true | $false>] [-Verbose] [-Debug] [-ErrorAction <ActionPreference>] "
            "[-ErrorVariable <String>] [-OutVariable <String>] [-OutBuffer <Int32>] [-WhatIf] [-Confirm]\n\n"
            "Microsoft.Exchange.Management.PowerShell.Admin\n")
        assert "Use the Test-ServiceHealth cmdlet to test whether all the required services" in sh.run(
            "Get-Help Test-ServiceHealth")
