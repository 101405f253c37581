"""Enter-PSSession / Exit-PSSession: an interactive session on another lab computer.

PowerShell 2.0 cmdlets, offered in the 1.0 shell so a walkthrough can hop between servers.
Entering switches `session.computer` (every later command runs there) and pushes the computer
left behind on `session.remote_stack`; the prompt gets the `[CAS02]: ` prefix and the location
starts in the remote user's home folder. Error texts are PowerShell 2.0's (WinRM 2.0).
"""
from __future__ import annotations

import ipaddress
import weakref
from typing import Any, NoReturn

from emshell.engine.cmdlet import Cmdlet, Example, Param, PSCredentialType
from emshell.lab import computers, paths
from emshell.lab.paths import LabPath

_CORE = "Microsoft.PowerShell.Commands."
_HELP = " For more information, see the about_Remote_Troubleshooting Help topic."
_FAILED = "Connecting to remote server failed with the following error message : "
NESTED = "You are currently in a Windows PowerShell PSSession and cannot use the Enter-PSSession cmdlet to enter " \
         "another PSSession."
UNRESOLVED = _FAILED + "The WinRM client cannot process the request because the server name cannot be resolved." + _HELP
UNREACHABLE = _FAILED + (
    "WinRM cannot complete the operation. Verify that the specified computer name is valid, that the computer is "
    "accessible over the network, and that a firewall exception for the WinRM service is enabled and allows "
    "access from this computer.") + _HELP
NOT_TRUSTED = _FAILED + (
    "The WinRM client cannot process the request. If the authentication scheme is different from Kerberos, or if "
    "the client computer is not joined to a domain, then HTTPS transport must be used or the destination machine "
    "must be added to the TrustedHosts configuration setting. Use winrm.cmd to configure TrustedHosts. Note that "
    "computers in the TrustedHosts list might not be authenticated. You can get more information about that by "
    "running the following command: winrm help config.") + _HELP

# The location each session had on the computer it left (entering the same computer again must
# not lose it).
_LEFT: "weakref.WeakKeyDictionary[Any, list[LabPath | None]]" = weakref.WeakKeyDictionary()


class EnterPSSession(Cmdlet):
    name = "Enter-PSSession"
    dotnet_class = _CORE + "EnterPSSessionCommand"
    synopsis = "Starts an interactive session with a remote computer."
    description = ("Runs the following commands on another lab computer until Exit-PSSession. The computer "
                   "is named by its NetBIOS name or FQDN; an IP address (NTLM) needs TrustedHosts, as in "
                   "PowerShell 2.0, and so does a computer outside the domain.")
    parameters = (
        Param("ComputerName", str, position=0, mandatory=True, aliases=("Cn",), pipeline_by_name=True),
        Param("Credential", PSCredentialType),
    )
    examples = (Example("Enter-PSSession -ComputerName CAS02", "The prompt becomes [CAS02]: ..."),)

    def process(self) -> None:
        if self.session.remote_stack:
            self.throw_terminating(NESTED, "RemoteHostDoesNotSupportPushRunspace", "InvalidArgument",
                                   exception_type="ArgumentException")
        target = self._connect(self.ComputerName)
        session = self.session
        _LEFT.setdefault(session, []).append(session.locations.get(session.computer))
        session.remote_stack.append(session.computer)
        session.computer = target.name.upper()
        session.locations[session.computer] = paths.resolve(self.lab, session.computer, None, session.profile.home)

    def _connect(self, name: str) -> computers.Computer:
        """The computer WinRM would reach, or the error PowerShell 2.0 reports."""
        local = computers.get_computer(self.lab, self.computer)
        if name.lower() == "localhost":
            return local
        try:
            target, adapter = computers.computer_for_address(self.lab, name)
        except computers.UnknownComputer:
            self._fail(UNRESOLVED)
        if _is_address(name) or not (target.domain_joined and local.domain_joined):
            self._fail(NOT_TRUSTED)  # no Kerberos for an address or outside the domain
        if not (_up(self.lab, target.name, adapter) and _up(self.lab, local.name, None)):
            self._fail(UNREACHABLE)
        return target

    def _fail(self, message: str) -> NoReturn:
        self.throw_terminating(message, "CreateRemoteRunspaceFailed", "InvalidArgument", self.ComputerName,
                               "PSRemotingTransportException")


def _is_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def _up(lab: Any, computer: str, adapter: computers.Adapter | None) -> bool:
    if adapter is not None:
        return adapter.enabled
    return any(a.enabled for a in computers.list_adapters(lab, computer))


class ExitPSSession(Cmdlet):
    name = "Exit-PSSession"
    dotnet_class = _CORE + "ExitPSSessionCommand"
    synopsis = "Ends an interactive session with a remote computer."
    description = "Returns to the computer and location the shell had before Enter-PSSession; locally it does nothing."
    examples = (Example("Exit-PSSession", "Leaves the remote session."),)

    def process(self) -> None:
        session = self.session
        if not session.remote_stack:
            return
        session.locations.pop(session.computer, None)
        session.computer = session.remote_stack.pop()
        location = _LEFT[session].pop()
        if location is not None:
            session.locations[session.computer] = location


CMDLETS = (EnterPSSession, ExitPSSession)
ALIASES = {"etsn": "Enter-PSSession", "exsn": "Exit-PSSession"}
