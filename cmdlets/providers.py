"""Windows PowerShell drives and providers: Get-PSDrive, Get-PSProvider (Microsoft.PowerShell.Management).

A PowerShell 1.0 session has the providers of the Core snap-in (Alias, Environment, FileSystem,
Function, Registry, Variable) and the Security snap-in's Certificate provider. Their drives are
the lab computer's disks (from the lab, so `\\\\cas02\\c$` style paths stay the file-system
layer's business) plus Alias, Env, Function, HKCU, HKLM, Variable and cert, as 1.0 names them.
Only the FileSystem drives hold items in emshell; the others are listed, not browsable.
"""
from __future__ import annotations

from typing import Any, NamedTuple

from emshell.engine import conversion as conv
from emshell.engine.cmdlet import Cmdlet, Example, Param
from emshell.engine.objects import PSFlags, PSObject, to_string
from emshell.engine.operators import like
from emshell.formatting.views import ListItem, ListView, TableColumn, TableView, register_view

_MANAGEMENT = "Microsoft.PowerShell.Commands."
_SMA = "System.Management.Automation."
DRIVE_NOT_FOUND = "Cannot find drive. A drive with the name '{0}' does not exist."
PROVIDER_NOT_FOUND = "Cannot find a provider with the name '{0}'."


class ProviderCapabilities(PSFlags):
    Include = 1
    Exclude = 2
    Filter = 4
    ExpandWildcards = 8
    ShouldProcess = 16
    Credentials = 32


ProviderCapabilities.__ps_type__ = _SMA + "Provider.ProviderCapabilities"


class ProviderSpec(NamedTuple):
    name: str
    snapin: str
    implementing_type: str
    capabilities: ProviderCapabilities


_SHOULD = ProviderCapabilities.ShouldProcess
# In the order Get-PSProvider lists them in 1.0: Core's providers, then Security's.
PROVIDERS: tuple[ProviderSpec, ...] = (
    ProviderSpec("Alias", "Microsoft.PowerShell.Core", _MANAGEMENT + "AliasProvider", _SHOULD),
    ProviderSpec("Environment", "Microsoft.PowerShell.Core", _MANAGEMENT + "EnvironmentProvider", _SHOULD),
    ProviderSpec("FileSystem", "Microsoft.PowerShell.Core", _MANAGEMENT + "FileSystemProvider",
                 ProviderCapabilities.Filter | _SHOULD),
    ProviderSpec("Function", "Microsoft.PowerShell.Core", _MANAGEMENT + "FunctionProvider", _SHOULD),
    ProviderSpec("Registry", "Microsoft.PowerShell.Core", _MANAGEMENT + "RegistryProvider", _SHOULD),
    ProviderSpec("Variable", "Microsoft.PowerShell.Core", _MANAGEMENT + "VariableProvider", _SHOULD),
    ProviderSpec("Certificate", "Microsoft.PowerShell.Security", _MANAGEMENT + "CertificateProvider", _SHOULD),
)

# The drives every session mounts besides the disks: (name, provider, root, description).
_FIXED_DRIVES: tuple[tuple[str, str, str, str], ...] = (
    ("Alias", "Alias", "", "Drive containing a view of the aliases stored in session state."),
    ("Env", "Environment", "", "Drive containing a view of the environment variables for the process."),
    ("Function", "Function", "", "Drive containing a view of the functions stored in session state."),
    ("HKLM", "Registry", "HKEY_LOCAL_MACHINE", "The configuration settings for the local computer"),
    ("HKCU", "Registry", "HKEY_CURRENT_USER", "The software settings for the current user"),
    ("Variable", "Variable", "", "Drive containing a view of the variables stored in session state."),
    ("cert", "Certificate", "\\", "X509 Certificate Provider"),
)


class ProviderInfo(PSObject):
    TYPE_NAMES = (_SMA + "ProviderInfo", "System.Object")
    PROPERTIES = ("ImplementingType", "HelpFile", "Name", "PSSnapIn", "Description", "Capabilities", "Home",
                  "Drives")

    def __init__(self, spec: ProviderSpec, home: str) -> None:
        self.Name, self.PSSnapIn, self.ImplementingType = spec.name, spec.snapin, spec.implementing_type
        self.Capabilities = spec.capabilities
        self.HelpFile = ("Microsoft.PowerShell.Security.dll-Help.xml" if spec.name == "Certificate"
                         else "System.Management.Automation.dll-Help.xml")
        self.Description = ""
        self.Home = home if spec.name == "FileSystem" else ""
        self.Drives: list[PSDriveInfo] = []

    def ps_to_string(self) -> str:
        """ProviderInfo.ToString(): the snap-in-qualified name."""
        return f"{self.PSSnapIn}\\{self.Name}"


class PSDriveInfo(PSObject):
    TYPE_NAMES = (_SMA + "PSDriveInfo", "System.Object")
    PROPERTIES = ("CurrentLocation", "Name", "Provider", "Root", "Description", "Credential")

    def __init__(self, name: str, provider: ProviderInfo, root: str, description: str, location: str) -> None:
        self.Name, self.Provider, self.Root, self.Description = name, provider, root, description
        self.CurrentLocation = location
        self.Credential = None

    def ps_to_string(self) -> str:
        return self.Name


# PowerShellCore.format.ps1xml (1.0): on 80 columns the right-aligned CurrentLocation column is
# what is left of the line (18 characters), so long locations lose their head: `...s\Administrator`.
register_view(_SMA + "PSDriveInfo", TableView((
    TableColumn("Name", "Name", width=10),
    TableColumn("Provider", lambda drive: drive.Provider.Name, width=13),
    TableColumn("Root", "Root", width=35),
    TableColumn("CurrentLocation", "CurrentLocation", width=30, alignment="right"),
)))
register_view(_SMA + "PSDriveInfo", ListView(tuple(ListItem(n, n) for n in (
    "Name", "Description", "Provider", "Root", "CurrentLocation"))))
register_view(_SMA + "ProviderInfo", TableView((
    TableColumn("Name", "Name", width=20), TableColumn("Capabilities", "Capabilities"),
    TableColumn("Drives", "Drives"),
)))


def session_providers(cmdlet: Cmdlet) -> list[ProviderInfo]:
    """The providers with their drives, the disks of the shell's computer first in name order."""
    from emshell.lab.computers import get_computer

    providers = {spec.name: ProviderInfo(spec, cmdlet.session.profile.home) for spec in PROVIDERS}
    file_system = providers["FileSystem"]
    for letter in get_computer(cmdlet.lab, cmdlet.computer).drives:
        file_system.Drives.append(PSDriveInfo(letter, file_system, f"{letter}:\\", "", _location_on(cmdlet, letter)))
    for name, provider, root, description in _FIXED_DRIVES:
        providers[provider].Drives.append(PSDriveInfo(name, providers[provider], root, description, ""))
    return list(providers.values())


def _location_on(cmdlet: Cmdlet, letter: str) -> str:
    """CurrentLocation: the path below the drive root when the shell stands on that drive."""
    cwd = cmdlet.session.cwd
    if cwd.unc or cwd.computer != cmdlet.computer or cwd.drive != letter:
        return ""
    return "\\".join(cwd.parts)


def _patterns(value: Any) -> list[str]:
    return [to_string(item) for item in conv.to_list(value)]


def _has_wildcards(text: str) -> bool:
    return any(char in text for char in "*?[")


class GetPSDrive(Cmdlet):
    name = "Get-PSDrive"
    dotnet_class = _MANAGEMENT + "GetPSDriveCommand"
    synopsis = "Gets information about Windows PowerShell drives."
    description = ("Lists the drives of the session: the lab computer's disks (FileSystem) and the drives of the "
                   "other providers (Alias, Env, Function, HKLM, HKCU, Variable, cert). -Name and -PSProvider "
                   "take wildcards; CurrentLocation is where the shell stands on that drive.")
    parameters = (
        Param("Name", list[str], position=0, pipeline_by_name=True, help="The drive names to get (wildcards)."),
        Param("Scope", str, pipeline_by_name=True, help="The scope of the drives (Global, Local, Script, or a "
                                                        "number); every drive here is global."),
        Param("PSProvider", list[str], pipeline_by_name=True,
              help="Gets only the drives of these providers (wildcards)."),
    )
    examples = (
        Example("Get-PSDrive", "Lists the drives of the session."),
        Example("Get-PSDrive -PSProvider FileSystem", "Lists the disks of the lab computer."),
        Example("Get-PSDrive C | Format-List", "Shows drive C's name, provider, root and current location."),
    )

    def process(self) -> None:
        providers = session_providers(self)
        wanted = _patterns(self.PSProvider)
        for pattern in wanted:
            if not _has_wildcards(pattern) and not any(p.Name.lower() == pattern.lower() for p in providers):
                self.write_error(PROVIDER_NOT_FOUND.format(pattern), "GetLocationNoMatchingDrive", "ObjectNotFound",
                                 self.PSProvider, "ProviderNotFoundException")
                return
        drives = sorted((d for p in providers if not wanted or any(like(p.Name, w) for w in wanted)
                         for d in p.Drives), key=lambda d: d.Name.lower())
        for pattern in _patterns(self.Name) or ["*"]:
            found = [drive for drive in drives if like(drive.Name, pattern)]
            if not found and not _has_wildcards(pattern):
                self.write_error(DRIVE_NOT_FOUND.format(pattern), "GetDriveNoMatchingDrive", "ObjectNotFound",
                                 pattern, "DriveNotFoundException")
            self.write_objects(found)


class GetPSProvider(Cmdlet):
    name = "Get-PSProvider"
    dotnet_class = _MANAGEMENT + "GetPSProviderCommand"
    synopsis = "Gets information about the specified Windows PowerShell provider."
    description = ("Lists the providers of the session (the data stores PowerShell shows as drives), what they "
                   "can do, and their drives.")
    parameters = (Param("PSProvider", list[str], position=0, help="The providers to get (wildcards)."),)
    examples = (Example("Get-PSProvider", "Lists the providers and their drives."),
                Example("Get-PSProvider FileSystem | Format-List", "Shows the FileSystem provider in detail."))

    def process(self) -> None:
        providers = session_providers(self)
        for pattern in _patterns(self.PSProvider) or ["*"]:
            found = [provider for provider in providers if like(provider.Name, pattern)]
            if not found and not _has_wildcards(pattern):
                self.write_error(PROVIDER_NOT_FOUND.format(pattern), "ProviderNotFound", "ObjectNotFound",
                                 pattern, "ProviderNotFoundException")
            self.write_objects(found)


CMDLETS = (GetPSDrive, GetPSProvider)
ALIASES = {"gdr": "Get-PSDrive"}
READ_ONLY_ALIASES = ("gdr",)
