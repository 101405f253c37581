"""Which Windows services a lab computer has, by operating system and role.

Pure data: `(Name, DisplayName, StartType, Status)` rows as the Services snap-in shows them
after a clean install. A computer's services are its OS family's rows, then each of its
roles' rows, then the domain-member rows; a later row with the same name replaces an earlier
one (installing IIS makes "HTTP SSL" automatic, joining a domain starts Net Logon).

Sources: Windows Server 2003 SP2 / Windows XP SP2 default service configurations; Exchange
2007 "Services Installed by Exchange Setup" (TechNet aa998342) for the Exchange rows;
reference/adcs-nlb-autodiscover.md "1.8 Restarting CertSvc" for CertSvc's 2003 display name.
"""
from __future__ import annotations

Row = tuple[str, str, str, str]

WINDOWS_SERVER_2003: tuple[Row, ...] = (
    ("Alerter", "Alerter", "Disabled", "Stopped"),
    ("ALG", "Application Layer Gateway Service", "Manual", "Stopped"),
    ("AppMgmt", "Application Management", "Manual", "Stopped"),
    ("AudioSrv", "Windows Audio", "Disabled", "Stopped"),
    ("BITS", "Background Intelligent Transfer Service", "Manual", "Stopped"),
    ("Browser", "Computer Browser", "Automatic", "Running"),
    ("CryptSvc", "Cryptographic Services", "Automatic", "Running"),
    ("DcomLaunch", "DCOM Server Process Launcher", "Automatic", "Running"),
    ("Dhcp", "DHCP Client", "Automatic", "Running"),
    ("dmserver", "Logical Disk Manager", "Automatic", "Running"),
    ("Dnscache", "DNS Client", "Automatic", "Running"),
    ("ERSvc", "Error Reporting Service", "Automatic", "Running"),
    ("Eventlog", "Event Log", "Automatic", "Running"),
    ("EventSystem", "COM+ Event System", "Automatic", "Running"),
    ("helpsvc", "Help and Support", "Automatic", "Running"),
    ("HTTPFilter", "HTTP SSL", "Manual", "Stopped"),
    ("lanmanserver", "Server", "Automatic", "Running"),
    ("lanmanworkstation", "Workstation", "Automatic", "Running"),
    ("LmHosts", "TCP/IP NetBIOS Helper", "Automatic", "Running"),
    ("Messenger", "Messenger", "Disabled", "Stopped"),
    ("MSDTC", "Distributed Transaction Coordinator", "Automatic", "Running"),
    ("MSIServer", "Windows Installer", "Manual", "Stopped"),
    ("Netlogon", "Net Logon", "Manual", "Stopped"),
    ("Netman", "Network Connections", "Manual", "Running"),
    ("Nla", "Network Location Awareness (NLA)", "Manual", "Running"),
    ("NtLmSsp", "NT LM Security Support Provider", "Manual", "Stopped"),
    ("PlugPlay", "Plug and Play", "Automatic", "Running"),
    ("PolicyAgent", "IPSEC Services", "Automatic", "Running"),
    ("ProtectedStorage", "Protected Storage", "Automatic", "Running"),
    ("RasMan", "Remote Access Connection Manager", "Manual", "Stopped"),
    ("RemoteAccess", "Routing and Remote Access", "Disabled", "Stopped"),
    ("RemoteRegistry", "Remote Registry", "Automatic", "Running"),
    ("RpcLocator", "Remote Procedure Call (RPC) Locator", "Manual", "Stopped"),
    ("RpcSs", "Remote Procedure Call (RPC)", "Automatic", "Running"),
    ("SamSs", "Security Accounts Manager", "Automatic", "Running"),
    ("Schedule", "Task Scheduler", "Automatic", "Running"),
    ("seclogon", "Secondary Logon", "Automatic", "Running"),
    ("SENS", "System Event Notification", "Automatic", "Running"),
    ("SharedAccess", "Windows Firewall/Internet Connection Sharing (ICS)", "Disabled", "Stopped"),
    ("ShellHWDetection", "Shell Hardware Detection", "Automatic", "Running"),
    ("Spooler", "Print Spooler", "Automatic", "Running"),
    ("swprv", "Microsoft Software Shadow Copy Provider", "Manual", "Stopped"),
    ("TermService", "Terminal Services", "Manual", "Running"),
    ("Themes", "Themes", "Disabled", "Stopped"),
    ("TrkWks", "Distributed Link Tracking Client", "Automatic", "Running"),
    ("UPS", "Uninterruptible Power Supply", "Manual", "Stopped"),
    ("VSS", "Volume Shadow Copy", "Manual", "Stopped"),
    ("W32Time", "Windows Time", "Automatic", "Running"),
    ("winmgmt", "Windows Management Instrumentation", "Automatic", "Running"),
    ("WmiApSrv", "WMI Performance Adapter", "Manual", "Stopped"),
    ("wuauserv", "Automatic Updates", "Automatic", "Running"),
)

WINDOWS_XP: tuple[Row, ...] = (
    ("Alerter", "Alerter", "Disabled", "Stopped"),
    ("ALG", "Application Layer Gateway Service", "Manual", "Running"),
    ("AppMgmt", "Application Management", "Manual", "Stopped"),
    ("AudioSrv", "Windows Audio", "Automatic", "Running"),
    ("BITS", "Background Intelligent Transfer Service", "Manual", "Stopped"),
    ("Browser", "Computer Browser", "Automatic", "Running"),
    ("CryptSvc", "Cryptographic Services", "Automatic", "Running"),
    ("DcomLaunch", "DCOM Server Process Launcher", "Automatic", "Running"),
    ("Dhcp", "DHCP Client", "Automatic", "Running"),
    ("dmserver", "Logical Disk Manager", "Automatic", "Running"),
    ("Dnscache", "DNS Client", "Automatic", "Running"),
    ("ERSvc", "Error Reporting Service", "Automatic", "Running"),
    ("Eventlog", "Event Log", "Automatic", "Running"),
    ("EventSystem", "COM+ Event System", "Manual", "Running"),
    ("FastUserSwitchingCompatibility", "Fast User Switching Compatibility", "Manual", "Running"),
    ("helpsvc", "Help and Support", "Automatic", "Running"),
    ("lanmanserver", "Server", "Automatic", "Running"),
    ("lanmanworkstation", "Workstation", "Automatic", "Running"),
    ("LmHosts", "TCP/IP NetBIOS Helper", "Automatic", "Running"),
    ("Messenger", "Messenger", "Disabled", "Stopped"),
    ("MSIServer", "Windows Installer", "Manual", "Stopped"),
    ("Netlogon", "Net Logon", "Manual", "Stopped"),
    ("Netman", "Network Connections", "Manual", "Running"),
    ("Nla", "Network Location Awareness (NLA)", "Manual", "Running"),
    ("PlugPlay", "Plug and Play", "Automatic", "Running"),
    ("PolicyAgent", "IPSEC Services", "Automatic", "Running"),
    ("ProtectedStorage", "Protected Storage", "Automatic", "Running"),
    ("RasMan", "Remote Access Connection Manager", "Manual", "Stopped"),
    ("RemoteRegistry", "Remote Registry", "Automatic", "Running"),
    ("RpcSs", "Remote Procedure Call (RPC)", "Automatic", "Running"),
    ("SamSs", "Security Accounts Manager", "Automatic", "Running"),
    ("Schedule", "Task Scheduler", "Automatic", "Running"),
    ("seclogon", "Secondary Logon", "Automatic", "Running"),
    ("SENS", "System Event Notification", "Automatic", "Running"),
    ("SharedAccess", "Windows Firewall/Internet Connection Sharing (ICS)", "Automatic", "Running"),
    ("ShellHWDetection", "Shell Hardware Detection", "Automatic", "Running"),
    ("Spooler", "Print Spooler", "Automatic", "Running"),
    ("srservice", "System Restore Service", "Automatic", "Running"),
    ("SSDPSRV", "SSDP Discovery Service", "Manual", "Running"),
    ("stisvc", "Windows Image Acquisition (WIA)", "Manual", "Stopped"),
    ("TermService", "Terminal Services", "Manual", "Running"),
    ("Themes", "Themes", "Automatic", "Running"),
    ("TrkWks", "Distributed Link Tracking Client", "Automatic", "Running"),
    ("upnphost", "Universal Plug and Play Device Host", "Manual", "Stopped"),
    ("W32Time", "Windows Time", "Automatic", "Running"),
    ("WebClient", "WebClient", "Automatic", "Running"),
    ("winmgmt", "Windows Management Instrumentation", "Automatic", "Running"),
    ("wscsvc", "Security Center", "Automatic", "Running"),
    ("wuauserv", "Automatic Updates", "Automatic", "Running"),
    ("WZCSVC", "Wireless Zero Configuration", "Automatic", "Running"),
)

# Operating systems a template may name, and the service rows each starts with.
OPERATING_SYSTEMS: dict[str, tuple[Row, ...]] = {
    "Windows Server 2003": WINDOWS_SERVER_2003,
    "Windows Server 2003 R2": WINDOWS_SERVER_2003,
    "Windows XP Professional": WINDOWS_XP,
    "Windows XP Home Edition": WINDOWS_XP,
}

_EXCHANGE_COMMON: tuple[Row, ...] = (
    ("MSExchangeADTopology", "Microsoft Exchange Active Directory Topology", "Automatic", "Running"),
    ("MSExchangeMonitoring", "Microsoft Exchange Monitoring", "Manual", "Stopped"),
)

ROLE_SERVICES: dict[str, tuple[Row, ...]] = {
    "DomainController": (
        ("Dfs", "Distributed File System", "Automatic", "Running"),
        ("IsmServ", "Intersite Messaging", "Automatic", "Running"),
        ("kdc", "Kerberos Key Distribution Center", "Automatic", "Running"),
        ("NtFrs", "File Replication Service", "Automatic", "Running"),
    ),
    "DNS": (("DNS", "DNS Server", "Automatic", "Running"),),
    "CertificateAuthority": (("CertSvc", "Certificate Services", "Automatic", "Running"),),
    "WebServer": (
        ("aspnet_state", "ASP.NET State Service", "Manual", "Stopped"),
        ("HTTPFilter", "HTTP SSL", "Automatic", "Running"),
        ("IISADMIN", "IIS Admin Service", "Automatic", "Running"),
        ("W3SVC", "World Wide Web Publishing Service", "Automatic", "Running"),
    ),
    "ClientAccess": _EXCHANGE_COMMON + (
        ("MSExchangeFDS", "Microsoft Exchange File Distribution", "Automatic", "Running"),
        ("MSExchangeIMAP4", "Microsoft Exchange IMAP4", "Manual", "Stopped"),
        ("MSExchangePOP3", "Microsoft Exchange POP3", "Manual", "Stopped"),
        ("MSExchangeServiceHost", "Microsoft Exchange Service Host", "Automatic", "Running"),
    ),
    "HubTransport": _EXCHANGE_COMMON + (
        ("MSExchangeAntispamUpdate", "Microsoft Exchange Anti-spam Update", "Automatic", "Running"),
        ("MSExchangeEdgeSync", "Microsoft Exchange EdgeSync", "Automatic", "Running"),
        ("MSExchangeTransport", "Microsoft Exchange Transport", "Automatic", "Running"),
        ("MSExchangeTransportLogSearch", "Microsoft Exchange Transport Log Search", "Automatic", "Running"),
    ),
    "Mailbox": _EXCHANGE_COMMON + (
        ("MSExchangeIS", "Microsoft Exchange Information Store", "Automatic", "Running"),
        ("MSExchangeMailboxAssistants", "Microsoft Exchange Mailbox Assistants", "Automatic", "Running"),
        ("MSExchangeMailSubmission", "Microsoft Exchange Mail Submission", "Automatic", "Running"),
        ("MSExchangeRepl", "Microsoft Exchange Replication Service", "Automatic", "Running"),
        ("MSExchangeSA", "Microsoft Exchange System Attendant", "Automatic", "Running"),
        ("MSExchangeSearch", "Microsoft Exchange Search Indexer", "Automatic", "Running"),
        ("MSExchangeServiceHost", "Microsoft Exchange Service Host", "Automatic", "Running"),
        ("MSExchangeTransportLogSearch", "Microsoft Exchange Transport Log Search", "Automatic", "Running"),
        ("msftesql-Exchange", "Microsoft Search (Exchange)", "Automatic", "Running"),
    ),
}

# Joining a domain makes Net Logon automatic and started.
DOMAIN_MEMBER: tuple[Row, ...] = (("Netlogon", "Net Logon", "Automatic", "Running"),)

# Roles that make a computer an Exchange server (the rest are Windows roles).
EXCHANGE_ROLES = ("ClientAccess", "HubTransport", "Mailbox")


def services_for(os_name: str, roles: list[str], domain_joined: bool) -> list[Row]:
    """The computer's service rows, later declarations overriding earlier ones, sorted by name."""
    rows: dict[str, Row] = {}
    layers = [OPERATING_SYSTEMS[os_name], *(ROLE_SERVICES[role] for role in roles)]
    if domain_joined:
        layers.append(DOMAIN_MEMBER)
    for layer in layers:
        for row in layer:
            rows[row[0].lower()] = row
    return [rows[key] for key in sorted(rows)]


# -- processes -----------------------------------------------------------------------------------
# What a computer runs whatever its services (image names without ".exe", as ProcessName shows
# them): the boot processes before the services start, the console logon's after them. Id 0 is
# "Idle" to .NET (Task Manager's "System Idle Process").
BOOT_PROCESSES: tuple[str, ...] = ("Idle", "System", "smss", "csrss", "winlogon", "services", "lsass")
LOGON_PROCESSES: tuple[str, ...] = ("explorer", "ctfmon")

# Services with an executable of their own: one process per image while the service runs.
# Services not listed here and not in SVCHOST_GROUPS live inside services.exe (Eventlog,
# PlugPlay) or lsass.exe (SamSs, Netlogon, kdc, NtLmSsp, PolicyAgent, ProtectedStorage, HTTP SSL).
SERVICE_IMAGES: dict[str, tuple[str, ...]] = {
    "alg": ("alg",),
    "aspnet_state": ("aspnet_state",),
    "certsvc": ("certsrv",),
    "dfs": ("dfssvc",),
    "dns": ("dns",),
    "iisadmin": ("inetinfo",),
    "ismserv": ("ismserv",),
    "msdtc": ("msdtc",),
    "msiserver": ("msiexec",),
    "ntfrs": ("ntfrs",),
    "rpclocator": ("locator",),
    "spooler": ("spoolsv",),
    "ups": ("ups",),
    "vss": ("vssvc",),
    "w3svc": ("w3wp",),  # the DefaultAppPool worker; W3SVC itself runs in svchost -k iissvcs
    "wmiapsrv": ("wmiapsrv",),
    "msexchangeadtopology": ("MSExchangeADTopologyService",),
    "msexchangeantispamupdate": ("Microsoft.Exchange.AntispamUpdateSvc",),
    "msexchangeedgesync": ("Microsoft.Exchange.EdgeSyncSvc",),
    "msexchangefds": ("MSExchangeFDS",),
    "msexchangeimap4": ("Microsoft.Exchange.Imap4Service",),
    "msexchangeis": ("store",),
    "msexchangemailboxassistants": ("MSExchangeMailboxAssistants",),
    "msexchangemailsubmission": ("MSExchangeMailSubmission",),
    "msexchangemonitoring": ("Microsoft.Exchange.Monitoring",),
    "msexchangepop3": ("Microsoft.Exchange.Pop3Service",),
    "msexchangerepl": ("Microsoft.Exchange.Cluster.ReplayService",),
    "msexchangesa": ("mad",),
    "msexchangesearch": ("Microsoft.Exchange.Search.ExSearch",),
    "msexchangeservicehost": ("Microsoft.Exchange.ServiceHost",),
    "msexchangetransport": ("MSExchangeTransport", "EdgeTransport"),  # the service and its worker
    "msexchangetransportlogsearch": ("MSExchangeTransportLogSearch",),
    "msftesql-exchange": ("msftesql",),
}

# Services sharing a svchost.exe (`svchost -k group`): one svchost per group while any member runs.
_SVCHOST_MEMBERS: dict[str, tuple[str, ...]] = {
    "DcomLaunch": ("DcomLaunch", "TermService"),
    "rpcss": ("RpcSs",),
    "NetworkService": ("Dnscache",),
    "LocalService": ("Alerter", "LmHosts", "RemoteRegistry", "SSDPSRV", "upnphost", "WebClient"),
    "netsvcs": ("AppMgmt", "AudioSrv", "BITS", "Browser", "CryptSvc", "Dhcp", "dmserver", "ERSvc", "EventSystem",
                "FastUserSwitchingCompatibility", "helpsvc", "lanmanserver", "lanmanworkstation", "Messenger",
                "Netman", "Nla", "RasMan", "RemoteAccess", "Schedule", "seclogon", "SENS", "SharedAccess",
                "ShellHWDetection", "srservice", "Themes", "TrkWks", "W32Time", "winmgmt", "wscsvc",
                "wuauserv", "WZCSVC"),
    "iissvcs": ("W3SVC",),
    "swprv": ("swprv",),
    "imgsvc": ("stisvc",),
}
SVCHOST_GROUP_ORDER: tuple[str, ...] = tuple(_SVCHOST_MEMBERS)
SVCHOST_GROUPS: dict[str, str] = {member.lower(): group for group, members in _SVCHOST_MEMBERS.items()
                                  for member in members}

# -- Test-ServiceHealth ------------------------------------------------------------------------------
# Per Exchange role, in ServerRole order: the role's name in the output and the services it needs,
# spelled as Exchange 2007 SP1 lists them (IISAdmin, W3Svc) rather than as the services call themselves.
EXCHANGE_REQUIRED_SERVICES: dict[str, tuple[str, tuple[str, ...]]] = {
    "Mailbox": ("Mailbox Server Role", (
        "IISAdmin", "MSExchangeADTopology", "MSExchangeIS", "MSExchangeMailboxAssistants",
        "MSExchangeMailSubmission", "MSExchangeRepl", "MSExchangeSA", "MSExchangeSearch", "MSExchangeServiceHost",
        "MSExchangeTransportLogSearch", "MSFTESQL-Exchange", "W3Svc")),
    "ClientAccess": ("Client Access Server Role", (
        "IISAdmin", "MSExchangeADTopology", "MSExchangeFDS", "MSExchangeServiceHost", "W3Svc")),
    "UnifiedMessaging": ("Unified Messaging Server Role", (
        "MSExchangeADTopology", "MSExchangeFDS", "MSExchangeSpeechEngine", "MSExchangeUM")),
    "HubTransport": ("Hub Transport Server Role", (
        "MSExchangeADTopology", "MSExchangeEdgeSync", "MSExchangeTransport", "MSExchangeTransportLogSearch")),
    "Edge": ("Edge Transport Server Role", ("ADAM_MSExchange", "MSExchangeTransport", "MSExchangeTransportLogSearch")),
}
