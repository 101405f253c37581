"""The fidelity profile: every version-specific choice in one place (DESIGN.md "Fidelity profile").

Exchange Server 2007 SP1 on Windows Server 2003, Windows PowerShell 1.0 console host, en-US,
80 columns. A later Exchange 2010 profile would be another instance of this class.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Profile:
    name: str
    powershell_version: str
    exchange_version: str  # AdminDisplayVersion
    prompt_prefix: str
    home: str
    exchange_install: str
    format_enumeration_limit: int
    services_letters: str  # one letter per AllowedServices member, in enum order
    self_signed_years: int
    command_not_found: str
    windows_dir: str = "C:\\WINDOWS"
    extra_variables: dict[str, Any] = field(default_factory=dict)

    def variables(self) -> dict[str, Any]:
        """Global variables a fresh Exchange Management Shell has."""
        return {
            "ErrorActionPreference": "Continue",
            "WarningPreference": "Continue",
            "VerbosePreference": "SilentlyContinue",
            "DebugPreference": "SilentlyContinue",
            "ProgressPreference": "Continue",
            "ConfirmPreference": "High",
            "WhatIfPreference": False,
            "FormatEnumerationLimit": self.format_enumeration_limit,
            "MaximumErrorCount": 256,
            "MaximumHistoryCount": 64,
            "ShellId": "Microsoft.PowerShell",
            "PSHOME": self.ps_home,
            "HOME": self.home,
            # Exchange.ps1 (the EMS start-up script) defines these.
            "exinstall": self.exchange_install,
            "exbin": self.exchange_install + "bin\\",
            "exscripts": self.exchange_install + "Scripts\\",
            **self.extra_variables,
        }

    @property
    def ps_home(self) -> str:
        return f"{self.windows_dir}\\system32\\WindowsPowerShell\\v1.0"

    def environment(self, computer: str) -> dict[str, str]:
        return {
            "COMPUTERNAME": computer,
            "USERNAME": "Administrator",
            "USERDOMAIN": "EHLO",
            "windir": self.windows_dir,
            "SystemRoot": self.windows_dir,
            "SystemDrive": "C:",
            "ProgramFiles": "C:\\Program Files",
            "USERPROFILE": self.home,
            "HOMEDRIVE": "C:",
            "HOMEPATH": self.home[2:],
            "TEMP": "C:\\DOCUME~1\\ADMINI~1\\LOCALS~1\\Temp",
            "TMP": "C:\\DOCUME~1\\ADMINI~1\\LOCALS~1\\Temp",
            "OS": "Windows_NT",
            "PATHEXT": ".COM;.EXE;.BAT;.CMD;.VBS;.VBE;.JS;.JSE;.WSF;.WSH;.MSC",
            "Path": f"{self.windows_dir}\\system32;{self.windows_dir};{self.windows_dir}\\System32\\Wbem;"
                    f"{self.ps_home};{self.exchange_install}bin",
        }

    def host_object(self, session: Any) -> Any:
        from emshell.engine.objects import PSCustomObject

        size = PSCustomObject({"Width": session.host.width, "Height": 3000})
        raw = PSCustomObject({"BufferSize": size, "WindowSize": PSCustomObject({"Width": session.host.width,
                                                                               "Height": 50})})
        ui = PSCustomObject({"RawUI": raw})
        host = PSCustomObject({
            "Name": "ConsoleHost", "Version": self.powershell_version,
            "InstanceId": "8d4a8d4e-3b5c-4f3e-9a6e-2f1d0c0b0a09", "UI": ui,
            "CurrentCulture": "en-US", "CurrentUICulture": "en-US", "PrivateData": None,
        })
        host.ps_add_type_name("System.Management.Automation.Internal.Host.InternalHost")
        return host


PROFILE = Profile(
    name="Exchange2007SP1-PS1",
    powershell_version="1.0.0.0",
    exchange_version="Version 8.1 (Build 240.6)",
    prompt_prefix="[PS] ",
    home="C:\\Documents and Settings\\Administrator",
    exchange_install="C:\\Program Files\\Microsoft\\Exchange Server\\",
    format_enumeration_limit=16,
    services_letters="IPUWS",
    self_signed_years=1,
    command_not_found="The term '{0}' is not recognized as a cmdlet, function, operable program, or script file. "
                      "Verify the term and try again.",
)
