"""Enter-PSSession / Exit-PSSession: commands run on the entered computer, the prompt shows it,
and PowerShell 2.0's errors for unknown, untrusted and unreachable computers and nested sessions."""
from __future__ import annotations

from emshell.lab import computers
from fs_shell import shell


def failure(computer: str, message_lines: str) -> str:
    command = f"Enter-PSSession {computer}"
    return (f"Enter-PSSession : Connecting to remote server failed with the following error m\n{message_lines}"
            f"At line:1 char:16\n+ Enter-PSSession  <<<< {command[16:]}\n")


def test_copy_to_cas02_and_read_it_there() -> None:
    with shell() as sh:
        assert sh("Set-Content c:\\exported_cert.pfx 'PFX'", "cd c:\\WINDOWS",
                  "Copy-Item c:\\exported_cert.pfx \\\\cas02\\c$\\exported_cert.pfx", "Enter-PSSession -ComputerName CAS02",
                  "$env:COMPUTERNAME") == "CAS02\n"
        assert sh.session.prompt() == "[CAS02]: [PS] C:\\Documents and Settings\\Administrator>"
        assert sh("Get-Content c:\\exported_cert.pfx", "cd c:\\", "Remove-Item c:\\exported_cert.pfx",
                  "Test-Path \\\\cas01\\c$\\exported_cert.pfx") == "PFX\nTrue\n"
        assert sh.session.prompt() == "[CAS02]: [PS] C:\\>"
        assert sh("Exit-PSSession", "Test-Path \\\\cas02\\c$\\exported_cert.pfx", "Exit-PSSession") == "False\n"
        assert sh.session.prompt() == "[PS] C:\\WINDOWS>"


def test_services_follow_the_session() -> None:
    with shell() as sh:
        assert sh("Get-Service certsvc -ErrorAction SilentlyContinue", "Enter-PSSession dc01.ehlo.dk",
                  "(Get-Service certsvc).Status", "Exit-PSSession") == "Running\n"
        assert sh.session.prompt() == "[PS] C:\\Documents and Settings\\Administrator>"


def test_nested_sessions_are_refused_and_localhost_keeps_the_location() -> None:
    with shell() as sh:
        assert sh("cd c:\\WINDOWS", "Enter-PSSession localhost", "(Get-Location).Path", "Enter-PSSession CAS02") == (
            "C:\\Documents and Settings\\Administrator\n"
            "Enter-PSSession : You are currently in a Windows PowerShell PSSession and canno\n"
            "t use the Enter-PSSession cmdlet to enter another PSSession.\n"
            "At line:1 char:16\n"
            "+ Enter-PSSession  <<<< CAS02\n")
        assert sh.session.prompt() == "[CAS01]: [PS] C:\\Documents and Settings\\Administrator>"
        assert sh("Exit-PSSession", "(Get-Location).Path") == "C:\\WINDOWS\n"


TRUSTED_HOSTS = (
    "essage : The WinRM client cannot process the request. If the authentication sch\n"
    "eme is different from Kerberos, or if the client computer is not joined to a do\n"
    "main, then HTTPS transport must be used or the destination machine must be adde\n"
    "d to the TrustedHosts configuration setting. Use winrm.cmd to configure Trusted\n"
    "Hosts. Note that computers in the TrustedHosts list might not be authenticated.\n"
    " You can get more information about that by running the following command: winr\n"
    "m help config. For more information, see the about_Remote_Troubleshooting Help \n"
    "topic.\n"
)


def test_connection_errors() -> None:
    with shell() as sh:
        assert sh("Enter-PSSession nohost") == failure("nohost", (
            "essage : The WinRM client cannot process the request because the server name ca\n"
            "nnot be resolved. For more information, see the about_Remote_Troubleshooting He\n"
            "lp topic.\n"))
        assert sh("Enter-PSSession 192.168.1.12") == failure("192.168.1.12", TRUSTED_HOSTS)
        assert sh("Enter-PSSession HOMEPC") == failure("HOMEPC", TRUSTED_HOSTS)
        with sh.lab.transaction():
            computers.set_adapter_enabled(sh.lab, "CAS02", "Local Area Connection", False)
            computers.set_adapter_enabled(sh.lab, "CAS02", "NLB LAN", False)
        assert sh("Enter-PSSession CAS02", "$Error[0].FullyQualifiedErrorId") == failure("CAS02", (
            "essage : WinRM cannot complete the operation. Verify that the specified compute\n"
            "r name is valid, that the computer is accessible over the network, and that a f\n"
            "irewall exception for the WinRM service is enabled and allows access from this \n"
            "computer. For more information, see the about_Remote_Troubleshooting Help topic\n"
            ".\n")) + "CreateRemoteRunspaceFailed,Microsoft.PowerShell.Commands.EnterPSSessionCommand\n"
        assert sh.session.prompt() == "[PS] C:\\Documents and Settings\\Administrator>"
