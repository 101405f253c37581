"""Windows PowerShell snap-ins: which ones exist, which cmdlets each brings, which are loaded.

PowerShell 1.0 groups its cmdlets in five system snap-ins that cannot be removed; the Exchange
Management Shell adds `Microsoft.Exchange.Management.PowerShell.Admin` at start-up (exshell.psc1).
A cmdlet whose snap-in is removed is no longer found. Cmdlets that came with later Windows
versions as modules (NLB, NetAdapter) belong to no snap-in and are always present.
"""
from __future__ import annotations

from dataclasses import dataclass

EXCHANGE_ADMIN = "Microsoft.Exchange.Management.PowerShell.Admin"


@dataclass(frozen=True)
class SnapInSpec:
    name: str
    description: str
    assembly: str  # assembly simple name
    version: str = "1.0.0.0"
    is_default: bool = True  # a system snap-in, loaded in every shell, never removable
    types: tuple[str, ...] = ()
    formats: tuple[str, ...] = ()

    @property
    def assembly_name(self) -> str:
        return f"{self.assembly}, Version={self.version}, Culture=neutral, PublicKeyToken=31bf3856ad364e35"


SNAPINS: tuple[SnapInSpec, ...] = (
    SnapInSpec("Microsoft.PowerShell.Core",
               "This Windows PowerShell snap-in contains Windows PowerShell management cmdlets used to manage "
               "components of Windows PowerShell.", "System.Management.Automation",
               types=("types.ps1xml",),
               formats=("Certificate.format.ps1xml", "DotNetTypes.format.ps1xml", "FileSystem.format.ps1xml",
                        "Help.format.ps1xml", "PowerShellCore.format.ps1xml", "PowerShellTrace.format.ps1xml",
                        "Registry.format.ps1xml")),
    SnapInSpec("Microsoft.PowerShell.Host",
               "This Windows PowerShell snap-in contains cmdlets used by the Windows PowerShell host.",
               "Microsoft.PowerShell.ConsoleHost"),
    SnapInSpec("Microsoft.PowerShell.Management",
               "This Windows PowerShell snap-in contains management cmdlets used to manage Windows components.",
               "Microsoft.PowerShell.Commands.Management"),
    SnapInSpec("Microsoft.PowerShell.Security",
               "This Windows PowerShell snap-in contains cmdlets to manage Windows PowerShell security.",
               "Microsoft.PowerShell.Security"),
    SnapInSpec("Microsoft.PowerShell.Utility",
               "This Windows PowerShell snap-in contains utility Cmdlets used to manipulate data.",
               "Microsoft.PowerShell.Commands.Utility"),
    SnapInSpec(EXCHANGE_ADMIN, "Admin Tasks for the Exchange Server", "Microsoft.Exchange.PowerShell.Configuration",
               version="8.0.0.0", is_default=False, types=("Exchange.types.ps1xml",),
               formats=("Exchange.format.ps1xml",)),
)

# The PowerShell cmdlets outside Microsoft.PowerShell.Utility, by snap-in (PowerShell 1.0 lists,
# with 2.0's remoting cmdlets in Core).
_MEMBERS: dict[str, frozenset[str]] = {
    "Microsoft.PowerShell.Core": frozenset({
        "add-history", "add-pssnapin", "export-console", "foreach-object", "get-command", "get-help",
        "get-history", "get-pssnapin", "invoke-history", "remove-pssnapin", "where-object",
        "enter-pssession", "exit-pssession"}),
    "Microsoft.PowerShell.Host": frozenset({"start-transcript", "stop-transcript"}),
    "Microsoft.PowerShell.Management": frozenset({
        "add-content", "clear-content", "clear-item", "convert-path", "copy-item", "get-childitem", "get-content",
        "get-item", "get-location", "get-process", "get-psdrive", "get-psprovider", "get-service", "join-path",
        "move-item", "new-item",
        "pop-location", "push-location", "remove-item", "rename-item", "resolve-path", "restart-service",
        "set-content", "set-location", "split-path", "start-service", "stop-process", "stop-service", "test-path"}),
    "Microsoft.PowerShell.Security": frozenset({
        "convertfrom-securestring", "convertto-securestring", "get-credential", "get-acl", "set-acl",
        "get-executionpolicy", "set-executionpolicy"}),
}


def snapin_of(cmdlet_name: str, dotnet_class: str) -> str | None:
    """The snap-in that brings a cmdlet, or None for the module cmdlets of later Windows versions."""
    if dotnet_class.startswith("Microsoft.Exchange."):
        return EXCHANGE_ADMIN
    if not dotnet_class.startswith("Microsoft.PowerShell.Commands."):
        return None
    key = cmdlet_name.lower()
    for snapin, members in _MEMBERS.items():
        if key in members:
            return snapin
    return "Microsoft.PowerShell.Utility"


def find_spec(name: str) -> SnapInSpec | None:
    return next((s for s in SNAPINS if s.name.lower() == name.lower()), None)


def start_up_snapins() -> list[str]:
    """What an Exchange Management Shell has loaded when it starts."""
    return [s.name for s in SNAPINS]
