"""Get-ExecutionPolicy and Set-ExecutionPolicy (Microsoft.PowerShell.Security), PowerShell 1.0 style.

1.0 has one execution policy per computer (HKLM\\SOFTWARE\\Microsoft\\PowerShell\\1\\ShellIds\\
Microsoft.PowerShell, value ExecutionPolicy), kept in the lab as that registry value. Exchange 2007
setup sets RemoteSigned on the servers it installs (the Exchange Management Shell runs scripts);
other computers keep PowerShell's default, Restricted. Changing it asks nothing in 1.0 (the
"Execution Policy Change" question came with 2.0), and emshell does not block scripts by policy.
"""
from __future__ import annotations

from emshell.engine.cmdlet import Cmdlet, Example, Param, Switch
from emshell.engine.objects import PSEnum

_SECURITY = "Microsoft.PowerShell.Commands."
SHELL_KEY = "SOFTWARE\\Microsoft\\PowerShell\\1\\ShellIds\\Microsoft.PowerShell"


class ExecutionPolicy(PSEnum):
    """Microsoft.PowerShell.ExecutionPolicy in 1.0; Default is another name for Restricted."""

    __ps_type__ = "Microsoft.PowerShell.ExecutionPolicy"
    Unrestricted = 0
    RemoteSigned = 1
    AllSigned = 2
    Restricted = 3
    Default = 3


def current_policy(cmdlet: Cmdlet) -> ExecutionPolicy:
    from emshell.lab import settings
    from emshell.lab.computers import get_computer

    default = "RemoteSigned" if get_computer(cmdlet.lab, cmdlet.computer).is_exchange_server else "Restricted"
    return ExecutionPolicy[settings.get_value(cmdlet.lab, cmdlet.computer, SHELL_KEY, "ExecutionPolicy", default)]


class GetExecutionPolicy(Cmdlet):
    name = "Get-ExecutionPolicy"
    dotnet_class = _SECURITY + "GetExecutionPolicyCommand"
    synopsis = "Gets the current execution policy for the shell."
    description = ("Returns the execution policy of the computer the shell runs on: Restricted, AllSigned, "
                   "RemoteSigned or Unrestricted. Exchange 2007 setup leaves its servers at RemoteSigned.")
    examples = (Example("Get-ExecutionPolicy", "Shows the execution policy (RemoteSigned on an Exchange server)."),)

    def end(self) -> None:
        self.write_object(current_policy(self))


class SetExecutionPolicy(Cmdlet):
    name = "Set-ExecutionPolicy"
    dotnet_class = _SECURITY + "SetExecutionPolicyCommand"
    synopsis = "Changes the user preference for the execution policy of the shell."
    description = ("Sets the execution policy of the computer the shell runs on. Default sets Restricted. "
                   "-Force (PowerShell 2.0) is accepted and changes nothing: 1.0 asks no question.")
    supports_should_process = True
    parameters = (
        Param("ExecutionPolicy", ExecutionPolicy, position=0, mandatory=True, pipeline_by_name=True,
              help="The new execution policy."),
        Param("Force", Switch, help="Accepted for PowerShell 2.0 scripts; 1.0 never asks."),
    )
    examples = (Example("Set-ExecutionPolicy RemoteSigned",
                        "Lets the shell run local scripts and signed scripts from the Internet."),)

    def end(self) -> None:
        from emshell.lab import settings

        policy = ExecutionPolicy(self.ExecutionPolicy.value)  # Default is stored as Restricted
        if self.should_process(policy.name):
            settings.set_value(self.lab, self.computer, SHELL_KEY, "ExecutionPolicy", policy.name)


CMDLETS = (GetExecutionPolicy, SetExecutionPolicy)
