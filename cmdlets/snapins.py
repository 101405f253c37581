"""Get-PSSnapin, Add-PSSnapin and Remove-PSSnapin over the session's loaded snap-ins.

The Exchange snap-in is registered on the lab's Exchange servers only: a script that starts with
`Add-PSSnapin Microsoft.Exchange.Management.PowerShell.Admin` runs in the shell (which has it
loaded already, as the Exchange Management Shell does) after removing it, or fails on DC01.
"""
from __future__ import annotations

from emshell.engine import conversion as conv
from emshell.engine import operators
from emshell.engine import snapins
from emshell.engine.cmdlet import Cmdlet, Example, Param, Switch
from emshell.engine.objects import PSObject
from emshell.formatting.views import ListItem, ListView, register_view
from emshell.lab import exchange

_CORE = "Microsoft.PowerShell.Commands."
_INFO = "System.Management.Automation.PSSnapInInfo"
NOT_FOUND = "No Windows PowerShell snap-ins matching the pattern '{}' were found."
NOT_INSTALLED = "The Windows PowerShell snap-in '{}' is not installed on this machine."
ALREADY_ADDED = "Cannot add Windows PowerShell snap-in {} because it is already added. Verify the name of the " \
                "snap-in and try again."
SYSTEM_SNAPIN = "Cannot remove Windows PowerShell snap-in {} because it is a system snap-in."


class PSSnapInInfo(PSObject):
    TYPE_NAMES = (_INFO, "System.Object")
    PROPERTIES = ("Name", "IsDefault", "ApplicationBase", "AssemblyName", "ModuleName", "PSVersion", "Version",
                  "Types", "Formats", "Description", "Vendor")
    PSVersion = "1.0"
    Vendor = "Microsoft Corporation"

    def __init__(self, spec: snapins.SnapInSpec, application_base: str) -> None:
        self.Name = spec.name
        self.IsDefault = spec.is_default
        self.ApplicationBase = application_base
        self.AssemblyName = spec.assembly_name
        self.ModuleName = f"{application_base}\\{spec.assembly}.dll"
        self.Version = spec.version
        self.Types = list(spec.types)
        self.Formats = list(spec.formats)
        self.Description = spec.description

    def ps_to_string(self) -> str:
        return self.Name


register_view(_INFO, ListView(tuple(ListItem(name, name) for name in ("Name", "PSVersion", "Description"))))


class _SnapInCmdlet(Cmdlet):
    """Shared look-ups: the snap-in catalogue as this computer sees it."""

    def info(self, spec: snapins.SnapInSpec) -> PSSnapInInfo:
        profile = self.session.profile
        base = profile.ps_home if spec.is_default else profile.exchange_install + "bin"
        return PSSnapInInfo(spec, base)

    def registered(self) -> list[snapins.SnapInSpec]:
        """The snap-ins installed on this computer: the system ones, and Exchange's on Exchange servers."""
        exchange_here = any(s.name.upper() == self.computer for s in exchange.list_exchange_servers(self.lab))
        return [s for s in snapins.SNAPINS if s.is_default or exchange_here]

    def loaded(self) -> list[snapins.SnapInSpec]:
        return [spec for name in self.session.commands.snapins if (spec := snapins.find_spec(name))]

    def names(self) -> list[str]:
        return [conv.expand_string(n) for n in conv.to_list(self.Name)]

    def matching(self, specs: list[snapins.SnapInSpec], pattern: str) -> list[snapins.SnapInSpec]:
        found = [s for s in specs if operators.like(s.name, pattern)]
        if not found and not any(c in pattern for c in "*?["):
            self.write_error(NOT_FOUND.format(pattern), "NoPSSnapInsFound", "InvalidArgument", pattern,
                             "PSArgumentException")
        return found


class GetPSSnapin(_SnapInCmdlet):
    name = "Get-PSSnapin"
    dotnet_class = _CORE + "GetPSSnapinCommand"
    synopsis = "Gets the Windows PowerShell snap-ins on the computer."
    description = ("Without -Registered, the snap-ins loaded in the shell; with -Registered, the snap-ins "
                   "installed on this computer that are not system snap-ins.")
    parameters = (
        Param("Name", list[str], position=0, help="Snap-in names (wildcards allowed)."),
        Param("Registered", Switch, help="The installed snap-ins instead of the loaded ones."),
    )
    examples = (Example("Get-PSSnapin", "Lists the loaded snap-ins."),
                Example("Get-PSSnapin -Registered", "Lists the installed snap-ins other than the system ones."))

    def process(self) -> None:
        specs = [s for s in self.registered() if not s.is_default] if self.Registered else self.loaded()
        patterns = self.names()
        if not patterns:
            self.write_objects(self.info(s) for s in specs)
            return
        for pattern in patterns:
            self.write_objects(self.info(s) for s in self.matching(specs, pattern))


class AddPSSnapin(_SnapInCmdlet):
    name = "Add-PSSnapin"
    dotnet_class = _CORE + "AddPSSnapinCommand"
    synopsis = "Adds one or more Windows PowerShell snap-ins to the current console."
    description = "Loads installed snap-ins, so that their cmdlets can be run."
    parameters = (
        Param("Name", list[str], position=0, mandatory=True, pipeline_by_name=True, help="Snap-in names."),
        Param("PassThru", Switch, help="Writes an object for each snap-in added."),
    )
    examples = (Example("Add-PSSnapin Microsoft.Exchange.Management.PowerShell.Admin",
                        "Loads the Exchange cmdlets (a script's first line)."),)

    def process(self) -> None:
        loaded = self.session.commands.snapins
        for name in self.names():
            spec = next((s for s in self.registered() if s.name.lower() == name.lower()), None)
            if spec is None:
                self.write_error(NOT_INSTALLED.format(name), "AddPSSnapInRead", "InvalidArgument", name,
                                 "PSArgumentException")
            elif spec.name in loaded:
                self.write_error(ALREADY_ADDED.format(spec.name), "AddPSSnapInRead", "InvalidArgument", name,
                                 "PSArgumentException")
            else:
                loaded.append(spec.name)
                if self.PassThru:
                    self.write_object(self.info(spec))


class RemovePSSnapin(_SnapInCmdlet):
    name = "Remove-PSSnapin"
    dotnet_class = _CORE + "RemovePSSnapinCommand"
    synopsis = "Removes Windows PowerShell snap-ins from the current console."
    description = "Unloads snap-ins: their cmdlets are no longer found. System snap-ins cannot be removed."
    supports_should_process = True
    parameters = (
        Param("Name", list[str], position=0, mandatory=True, pipeline_by_name=True, help="Snap-in names."),
        Param("PassThru", Switch, help="Writes an object for each snap-in removed."),
    )
    examples = (Example("Remove-PSSnapin Microsoft.Exchange.Management.PowerShell.Admin",
                        "Unloads the Exchange cmdlets."),)

    def process(self) -> None:
        loaded = self.session.commands.snapins
        for pattern in self.names():
            for spec in self.matching(self.loaded(), pattern):
                if spec.is_default:
                    self.write_error(SYSTEM_SNAPIN.format(spec.name), "RemovePSSnapIn", "InvalidArgument",
                                     spec.name, "PSArgumentException")
                elif self.should_process(spec.name):
                    loaded.remove(spec.name)
                    if self.PassThru:
                        self.write_object(self.info(spec))


CMDLETS = (GetPSSnapin, AddPSSnapin, RemovePSSnapin)
ALIASES = {"gsnp": "Get-PSSnapin", "asnp": "Add-PSSnapin", "rsnp": "Remove-PSSnapin"}
