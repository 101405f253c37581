"""Cmdlets and native programs, one module per area (installed as `emshell.cmdlets`).

Each module may declare `CMDLETS`, `ALIASES` and `NATIVE_COMMANDS`; the command table reads the
modules listed here on first lookup.
"""

MODULES = (
    "output",
    "objects",
    "text",
    "csvfiles",
    "reflection",
    "add_member",
    "help",
    "shell",
    "history",
    "snapins",
    "security",
    "certutil",
    "certreq",
    "net",
    "transcript",
    "exchange_certificates",
    "files",
    "locations",
    "services",
    "processes",
    "remoting",
    "nlb",
    "network",
    "client_access",
    "cas_tests",
    "service_health",
    "web",
    "providers",
    "culture",
    "policy",
)
