"""Get-PSDrive, Get-PSProvider, Get-Culture, Get-UICulture, Get-/Set-ExecutionPolicy: PowerShell 1.0 layouts."""
from __future__ import annotations

from emshell.host.capture import run_commands


def row(text: str) -> str:
    return text.ljust(79) + "\n"


DRIVE_HEADER = (
    "\n"
    + row("Name       Provider      Root                                   CurrentLocation")
    + row("----       --------      ----                                   ---------------")
)


def test_get_psdrive_lists_the_disks_and_the_provider_drives_by_name() -> None:
    # CurrentLocation is right-aligned in what is left of 79 columns (18), so it keeps its tail.
    assert run_commands("Get-PSDrive") == (
        DRIVE_HEADER
        + row("Alias      Alias")
        + row("C          FileSystem    C:\\                                 ...s\\Administrator")
        + row("cert       Certificate   \\")
        + row("Env        Environment")
        + row("Function   Function")
        + row("HKCU       Registry      HKEY_CURRENT_USER")
        + row("HKLM       Registry      HKEY_LOCAL_MACHINE")
        + row("Variable   Variable")
        + "\n\n"
    )


def test_get_psdrive_filters_and_errors() -> None:
    assert run_commands(
        "gdr -PSProvider Registry",
        "Get-PSDrive X*; Get-PSDrive Q",
        "cd \\; (Get-PSDrive C).CurrentLocation -eq ''",
    ) == (
        DRIVE_HEADER
        + row("HKCU       Registry      HKEY_CURRENT_USER")
        + row("HKLM       Registry      HKEY_LOCAL_MACHINE")
        + "\n\n"
        # A wildcard that matches nothing is no error; a missing name is.
        "Get-PSDrive : Cannot find drive. A drive with the name 'Q' does not exist.\n"
        "At line:1 char:28\n"
        "+ Get-PSDrive X*; Get-PSDrive  <<<< Q\n"
        "True\n"
    )


def test_get_psdrive_list_view_shows_the_provider_by_full_name() -> None:
    assert run_commands("Get-PSDrive C | Format-List") == (
        "\n\n"
        "Name            : C\n"
        "Description     : \n"
        "Provider        : Microsoft.PowerShell.Core\\FileSystem\n"
        "Root            : C:\\\n"
        "CurrentLocation : Documents and Settings\\Administrator\n"
        "\n\n\n"
    )


def test_get_psprovider_table() -> None:
    assert run_commands("Get-PSProvider", "Get-PSProvider Nope") == (
        "\n"
        + row("Name                 Capabilities                  Drives")
        + row("----                 ------------                  ------")
        + row("Alias                ShouldProcess                 {Alias}")
        + row("Environment          ShouldProcess                 {Env}")
        + row("FileSystem           Filter, ShouldProcess         {C}")
        + row("Function             ShouldProcess                 {Function}")
        + row("Registry             ShouldProcess                 {HKLM, HKCU}")
        + row("Variable             ShouldProcess                 {Variable}")
        + row("Certificate          ShouldProcess                 {cert}")
        + "\n\n"
        "Get-PSProvider : Cannot find a provider with the name 'Nope'.\n"
        "At line:1 char:15\n"
        "+ Get-PSProvider  <<<< Nope\n"
    )


def test_get_culture_and_ui_culture_are_en_us() -> None:
    table = (
        "\n"
        + row("LCID             Name             DisplayName")
        + row("----             ----             -----------")
        + row("1033             en-US            English (United States)")
        + "\n\n"
    )
    assert run_commands("Get-Culture", "Get-UICulture") == table + table
    assert run_commands(
        "(Get-Culture).Name",
        "(Get-Culture).Parent.Name",
        "(Get-UICulture).ThreeLetterWindowsLanguageName",
        "\"$(Get-Culture)\"",
    ) == "en-US\nen\nENU\nen-US\n"


def test_execution_policy_is_remote_signed_on_exchange_servers_and_can_be_changed() -> None:
    assert run_commands(
        "Get-ExecutionPolicy",
        "Set-ExecutionPolicy Unrestricted -WhatIf",
        "Get-ExecutionPolicy",
        "Set-ExecutionPolicy Default",  # Default is Restricted; 1.0 asks no question
        "Get-ExecutionPolicy",
        "Set-ExecutionPolicy RemoteSigned -Force; Get-ExecutionPolicy",
    ) == (
        "RemoteSigned\n"
        'What if: Performing operation "Set-ExecutionPolicy" on Target "Unrestricted".\n'
        "RemoteSigned\n"
        "Restricted\n"
        "RemoteSigned\n"
    )
    assert run_commands("Get-ExecutionPolicy", computer="DC01") == "Restricted\n"


def test_cmdlets_belong_to_their_1_0_snap_ins() -> None:
    assert run_commands(
        "Get-Command Get-PSDrive, Get-PSProvider, Get-Culture, Get-UICulture, Get-ExecutionPolicy, "
        "Set-ExecutionPolicy | ForEach-Object { $_.PSSnapIn }"
    ) == (
        "Microsoft.PowerShell.Management\nMicrosoft.PowerShell.Management\nMicrosoft.PowerShell.Utility\n"
        "Microsoft.PowerShell.Utility\nMicrosoft.PowerShell.Security\nMicrosoft.PowerShell.Security\n"
    )
