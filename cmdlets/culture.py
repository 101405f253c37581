"""Get-Culture and Get-UICulture (Microsoft.PowerShell.Utility): the shell's en-US culture.

The fidelity profile is an en-US Windows Server 2003, so both return .NET 2.0's en-US CultureInfo
(LCID 1033). Its format and calendar objects are shown by type name only, as their ToString does.
"""
from __future__ import annotations

from typing import NamedTuple

from emshell.engine.cmdlet import Cmdlet, Example
from emshell.engine.objects import PSObject
from emshell.formatting.views import TableColumn, TableView, register_view

_UTILITY = "Microsoft.PowerShell.Commands."
_GLOBALIZATION = "System.Globalization."


class CultureSpec(NamedTuple):
    lcid: int
    name: str
    display_name: str
    two_letter: str
    three_letter: str
    windows_three_letter: str
    parent: str | None  # the parent culture's name; None for the invariant culture


CULTURES: dict[str, CultureSpec] = {
    "en-US": CultureSpec(1033, "en-US", "English (United States)", "en", "eng", "ENU", "en"),
    "en": CultureSpec(9, "en", "English", "en", "eng", "ENU", ""),
    "": CultureSpec(127, "", "Invariant Language (Invariant Country)", "iv", "IVL", "IVL", None),
}


class _Opaque(PSObject):
    """A .NET object shown only by its ToString (the type name): NumberFormatInfo, Calendar ..."""

    def __init__(self, type_name: str, text: str | None = None) -> None:
        self.TYPE_NAMES = (type_name, "System.Object")
        self._text = text or type_name

    def ps_to_string(self) -> str:
        return self._text


class CultureInfo(PSObject):
    TYPE_NAMES = (_GLOBALIZATION + "CultureInfo", "System.Object")
    PROPERTIES = ("Parent", "LCID", "KeyboardLayoutId", "Name", "IetfLanguageTag", "DisplayName", "NativeName",
                  "EnglishName", "TwoLetterISOLanguageName", "ThreeLetterISOLanguageName",
                  "ThreeLetterWindowsLanguageName", "CompareInfo", "TextInfo", "IsNeutralCulture", "CultureTypes",
                  "NumberFormat", "DateTimeFormat", "Calendar", "OptionalCalendars", "UseUserOverride",
                  "IsReadOnly")

    def __init__(self, name: str, user_default: bool = False) -> None:
        spec = CULTURES[name]
        self._spec = spec
        self.LCID = self.KeyboardLayoutId = spec.lcid
        self.Name = self.IetfLanguageTag = spec.name
        self.DisplayName = self.NativeName = self.EnglishName = spec.display_name
        self.TwoLetterISOLanguageName = spec.two_letter
        self.ThreeLetterISOLanguageName = spec.three_letter
        self.ThreeLetterWindowsLanguageName = spec.windows_three_letter
        self.CompareInfo = _Opaque(_GLOBALIZATION + "CompareInfo", f"CompareInfo - {spec.lcid}")
        self.TextInfo = _Opaque(_GLOBALIZATION + "TextInfo", f"TextInfo - {spec.lcid}")
        self.IsNeutralCulture = spec.name == "en"
        self.CultureTypes = ("NeutralCultures, InstalledWin32Cultures, FrameworkCultures" if self.IsNeutralCulture
                             else "SpecificCultures, InstalledWin32Cultures, FrameworkCultures")
        self.NumberFormat = _Opaque(_GLOBALIZATION + "NumberFormatInfo")
        self.DateTimeFormat = _Opaque(_GLOBALIZATION + "DateTimeFormatInfo")
        self.Calendar = _Opaque(_GLOBALIZATION + "GregorianCalendar")
        self.OptionalCalendars = [_Opaque(_GLOBALIZATION + "GregorianCalendar")] * (2 if spec.name == "en-US" else 1)
        self.UseUserOverride = user_default
        self.IsReadOnly = user_default  # the thread's culture is read-only; a new CultureInfo is not

    @property
    def Parent(self) -> "CultureInfo":
        """The neutral culture above (en-US -> en -> invariant); the invariant culture is its own parent."""
        return CultureInfo(self._spec.parent if self._spec.parent is not None else "")

    def ps_to_string(self) -> str:
        return self.Name


# DotNetTypes.format.ps1xml: LCID and Name 16 characters wide, then DisplayName.
register_view(_GLOBALIZATION + "CultureInfo", TableView((
    TableColumn("LCID", "LCID", width=16), TableColumn("Name", "Name", width=16),
    TableColumn("DisplayName", "DisplayName"),
)))


class GetCulture(Cmdlet):
    name = "Get-Culture"
    dotnet_class = _UTILITY + "GetCultureCommand"
    synopsis = "Gets information about the regional settings on a computer."
    description = ("Returns the culture the shell formats numbers and dates with: en-US (English (United "
                   "States), LCID 1033) in this profile.")
    examples = (Example("Get-Culture", "Shows the LCID, name and display name of the current culture."),
                Example("(Get-Culture).DisplayName", "Returns English (United States)."))

    def end(self) -> None:
        self.write_object(CultureInfo("en-US", user_default=True))


class GetUICulture(GetCulture):
    name = "Get-UICulture"
    dotnet_class = _UTILITY + "GetUICultureCommand"
    synopsis = "Gets information about the current user interface culture for Windows PowerShell."
    description = ("Returns the culture of the shell's messages and help: en-US (English (United States), "
                   "LCID 1033) in this profile.")
    examples = (Example("Get-UICulture", "Shows the LCID, name and display name of the user interface culture."),)


CMDLETS = (GetCulture, GetUICulture)
