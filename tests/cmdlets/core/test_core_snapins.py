"""Snap-ins (issue 2): Get-PSSnapin, Add-PSSnapin, Remove-PSSnapin and the cmdlets they bring."""
from __future__ import annotations

from emshell.host.capture import run_commands

EXCHANGE = "Microsoft.Exchange.Management.PowerShell.Admin"


def test_get_pssnapin_lists_the_system_snap_ins_then_exchange_in_the_list_view() -> None:
    text = run_commands("Get-PSSnapin")
    assert text.startswith(
        "\n\n"
        "Name        : Microsoft.PowerShell.Core\n"
        "PSVersion   : 1.0\n"
        "Description : This Windows PowerShell snap-in contains Windows PowerShell manag\n"
        "              ement cmdlets used to manage components of Windows PowerShell.\n"
        "\n"
        "Name        : Microsoft.PowerShell.Host\n")
    assert text.endswith(
        "Name        : Microsoft.Exchange.Management.PowerShell.Admin\n"
        "PSVersion   : 1.0\n"
        "Description : Admin Tasks for the Exchange Server\n"
        "\n\n\n")
    assert [line[14:] for line in text.splitlines() if line.startswith("Name")] == [
        "Microsoft.PowerShell.Core", "Microsoft.PowerShell.Host", "Microsoft.PowerShell.Management",
        "Microsoft.PowerShell.Security", "Microsoft.PowerShell.Utility", EXCHANGE]


def test_adding_a_loaded_snap_in_or_an_unknown_one_is_an_error() -> None:
    assert run_commands(f"Add-PSSnapin {EXCHANGE}", "asnp Foo.Bar") == (
        "Add-PSSnapin : Cannot add Windows PowerShell snap-in Microsoft.Exchange.Managem\n"
        "ent.PowerShell.Admin because it is already added. Verify the name of the snap-i\n"
        "n and try again.\n"
        "At line:1 char:13\n"
        "+ Add-PSSnapin  <<<< Microsoft.Exchange.Management.PowerShell.Admin\n"
        "Add-PSSnapin : The Windows PowerShell snap-in 'Foo.Bar' is not installed on thi\n"
        "s machine.\n"
        "At line:1 char:5\n"
        "+ asnp  <<<< Foo.Bar\n")


def test_removing_exchange_hides_its_cmdlets_until_it_is_added_again() -> None:
    text = run_commands(
        f"Remove-PSSnapin {EXCHANGE}",
        "Get-ExchangeCertificate",
        "(Get-Command -PSSnapin Microsoft.Exchange.*) -eq $null",
        f"Add-PSSnapin {EXCHANGE} -PassThru | ForEach-Object {{ $_.Name }}",
        "(Get-ExchangeCertificate | Measure-Object).Count",
        "(Get-Command -PSSnapin Microsoft.Exchange.*).Count -gt 20",
    )
    assert text == (
        "The term 'Get-ExchangeCertificate' is not recognized as a cmdlet, function, ope\n"
        "rable program, or script file. Verify the term and try again.\n"
        "At line:1 char:24\n"
        "+ Get-ExchangeCertificate <<<< \n"
        "True\n"
        f"{EXCHANGE}\n"
        "1\n"
        "True\n")


def test_system_snap_ins_stay_and_unknown_patterns_are_reported() -> None:
    assert run_commands("Remove-PSSnapin Microsoft.PowerShell.Core", "Get-PSSnapin Nope*", "gsnp Nope") == (
        "Remove-PSSnapin : Cannot remove Windows PowerShell snap-in Microsoft.PowerShell\n"
        ".Core because it is a system snap-in.\n"
        "At line:1 char:16\n"
        "+ Remove-PSSnapin  <<<< Microsoft.PowerShell.Core\n"
        "Get-PSSnapin : No Windows PowerShell snap-ins matching the pattern 'Nope' were \n"
        "found.\n"
        "At line:1 char:5\n"
        "+ gsnp  <<<< Nope\n")


def test_exchange_snap_in_is_registered_on_exchange_servers_only() -> None:
    assert run_commands("(Get-PSSnapin -Registered).Name") == f"{EXCHANGE}\n"
    assert run_commands(f"Remove-PSSnapin {EXCHANGE}", "Get-PSSnapin -Registered", f"Add-PSSnapin {EXCHANGE}",
                        computer="DC01") == (
        "Add-PSSnapin : The Windows PowerShell snap-in 'Microsoft.Exchange.Management.Po\n"
        "werShell.Admin' is not installed on this machine.\n"
        "At line:1 char:13\n"
        "+ Add-PSSnapin  <<<< Microsoft.Exchange.Management.PowerShell.Admin\n")


def test_snap_in_qualified_names_and_the_pssnapin_property() -> None:
    assert run_commands(
        "Microsoft.PowerShell.Utility\\Write-Output qualified",
        "(Get-Command Get-Service).PSSnapIn",
        "(Get-Command Get-ExchangeCertificate).PSSnapIn",
        "(Get-Command Get-NlbCluster).PSSnapIn -eq $null",
    ) == "qualified\nMicrosoft.PowerShell.Management\nMicrosoft.Exchange.Management.PowerShell.Admin\nTrue\n"
