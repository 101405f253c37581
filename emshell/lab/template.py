"""Lab templates: the JSON data a lab is built from (format: docs/templates.md).

`load_template` reads a packaged template by bare name (`ehlo` is
emshell/lab/templates/ehlo.json) or any JSON file by path, and `validate` checks it and fills
in the documented defaults, so the builder can rely on every key being present. Problems are
reported as `TemplateError`s naming the template and the offending entry.
"""
from __future__ import annotations

import copy
import ipaddress
import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

from emshell.lab.exchange import VDIR_KINDS
from emshell.lab.lab import LabError
from emshell.lab.service_catalog import EXCHANGE_ROLES, OPERATING_SYSTEMS, ROLE_SERVICES

BARE_NAME = re.compile(r"^[A-Za-z0-9_-]+$")
NETBIOS_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,14}$")  # also keeps drive folders inside the lab
SHARE_PATH = re.compile(r"^[A-Za-z]:\\")

_TEXT, _URL = (str,), (str, type(None))

# Keys each kind of entry must have, with their JSON types; everything else is optional
# and filled from DEFAULTS (or derived, see docs/templates.md).
REQUIRED: dict[str, dict[str, tuple[type, ...]]] = {
    "template": {"name": _TEXT, "domain": (dict,), "sites": (list,), "computers": (list,), "users": (list,)},
    "domain": {"fqdn": _TEXT, "netbios": _TEXT},
    "site": {"name": _TEXT, "guid": _TEXT},
    "computer": {"name": _TEXT, "os": _TEXT, "adapters": (list,)},
    "adapter": {"name": _TEXT, "ip": _TEXT, "mask": _TEXT},
    "certificate authority": {"name": _TEXT},
    "Exchange server": {"version": _TEXT, "edition": _TEXT},
    "storage group": {"name": _TEXT, "databases": (list,)},
    "user": {"sam_account_name": _TEXT, "name": _TEXT, "password": _TEXT},
    "mailbox": {"database": _TEXT},
    "exchange": {"organization": _TEXT, "offline_address_book": _TEXT, "accepted_domains": (list,),
                 "autodiscover_internal_uri": _TEXT, "virtual_directories": (list,)},
    "accepted domain": {"name": _TEXT, "domain_name": _TEXT, "domain_type": _TEXT},
    "virtual directory": {"kind": _TEXT, "name": _TEXT, "internal_url": _URL, "external_url": _URL},
    "NLB cluster": {"name": _TEXT, "ip": _TEXT, "mask": _TEXT, "mode": _TEXT, "nodes": (list,),
                    "port_rules": (list,)},
    "NLB node": {"computer": _TEXT, "adapter": _TEXT, "priority": (int,)},
    "port rule": {"ip": _TEXT, "start_port": (int,), "end_port": (int,), "protocol": _TEXT, "mode": _TEXT,
                  "affinity": _TEXT},
    "DNS record": {"name": _TEXT, "address": _TEXT},
}

# The key whose value names an entry in error messages.
LABEL = {"user": "sam_account_name", "NLB node": "computer"}

DEFAULTS: dict[str, dict[str, Any]] = {
    "template": {"description": "", "exchange": None, "nlb_clusters": [], "dns_records": []},
    "computer": {"service_pack": "", "roles": [], "domain_joined": True, "drives": ["C"],
                 "software": [], "shares": {}, "exchange": None, "ca": None},
    "adapter": {"enabled": True},
    "Exchange server": {"storage_groups": []},
    "user": {"first_name": "", "last_name": "", "domain_admin": False, "mailbox": None},
    "mailbox": {"hidden": False},
    "accepted domain": {"default": False},
}

# Allowed values (reference/adcs-nlb-autodiscover.md "5.1 Port rules"; exchange-cmdlets.md 15.1).
CHOICES: dict[str, tuple[str, ...]] = {
    "NLB mode": ("Unicast", "Multicast", "IgmpMulticast"),
    "protocol": ("Tcp", "Udp", "Both"),
    "filtering mode": ("Multiple", "Single", "Disabled"),
    "affinity": ("None", "Single", "Network"),
    "accepted domain type": ("Authoritative", "InternalRelay", "ExternalRelay"),
}


class TemplateError(LabError):
    """A template could not be read or is inconsistent."""


def template_names() -> list[str]:
    folder = resources.files("emshell.lab") / "templates"
    return sorted(entry.name[:-5] for entry in folder.iterdir() if entry.name.endswith(".json"))


def load_template(name_or_path: str) -> dict:
    """A packaged template by bare name, or a template file by path; validated, defaults filled."""
    if BARE_NAME.match(name_or_path):
        if name_or_path not in template_names():
            raise TemplateError(
                f"There is no lab template named '{name_or_path}'. "
                f"Available templates: {', '.join(template_names())}."
            )
        text = (resources.files("emshell.lab") / "templates" / f"{name_or_path}.json").read_text("utf-8")
    else:
        try:
            text = Path(name_or_path).read_text("utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise TemplateError(f"Cannot read the lab template file '{name_or_path}': {error}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise TemplateError(
            f"The lab template '{name_or_path}' is not valid JSON: {error.msg} "
            f"(line {error.lineno}, column {error.colno})."
        ) from None
    return validate(data)


def validate(template: Any) -> dict:
    """Check a template and return a copy with every optional key filled in (idempotent)."""
    if not isinstance(template, dict):
        raise TemplateError("A lab template must be a JSON object.")
    name = template.get("name")
    check = _Checker(name if isinstance(name, str) else "?")
    data = check.entry(copy.deepcopy(template), "template", "the template")
    check.entry(data["domain"], "domain", "the domain")
    check.entries(data, "sites", "site", "the template", required=True)
    _check_computers(check, data)
    _check_users(check, data)
    _check_exchange(check, data)
    _check_nlb(check, data)
    for record, where in check.entries(data, "dns_records", "DNS record", "the template"):
        check.ip(record["address"], where)
    return data


class _Checker:
    """Raises TemplateErrors that name the template and where the problem is."""

    def __init__(self, name: str) -> None:
        self.name = name

    def fail(self, message: str) -> None:
        raise TemplateError(f"Lab template '{self.name}': {message}")

    def entry(self, entry: Any, kind: str, where: str) -> dict:
        if not isinstance(entry, dict):
            self.fail(f"{where} must be a JSON object.")
        for key, types in REQUIRED.get(kind, {}).items():
            if key not in entry:
                self.fail(f"{where} is missing '{key}'.")
            if not isinstance(entry[key], types):
                self.fail(f"'{key}' of {where} has the wrong type.")
        for key, value in DEFAULTS.get(kind, {}).items():
            if value is not None and key in entry and not isinstance(entry[key], type(value)):
                self.fail(f"'{key}' of {where} has the wrong type.")
            entry.setdefault(key, copy.deepcopy(value))
        return entry

    def entries(self, parent: dict, key: str, kind: str, owner: str, required: bool = False) -> list[tuple[dict, str]]:
        """The checked entries of list `key`, each with a phrase naming it in messages."""
        value = parent.get(key, [])
        if not isinstance(value, list) or (required and not value):
            self.fail(f"'{key}' of {owner} must be a {'non-empty ' if required else ''}list.")
        checked = []
        for index, entry in enumerate(value, 1):
            label = entry.get(LABEL.get(kind, "name")) if isinstance(entry, dict) else None
            where = f"{kind} '{label}'" if isinstance(label, str) else f"{kind} #{index}"
            where = where if owner == "the template" else f"{where} of {owner}"
            checked.append((self.entry(entry, kind, where), where))
        return checked

    def choice(self, value: Any, kind: str, where: str) -> None:
        if value not in CHOICES[kind]:
            self.fail(f"{where} has {kind} '{value}'; expected one of {', '.join(CHOICES[kind])}.")

    def ip(self, value: str, where: str) -> None:
        try:
            ipaddress.IPv4Address(value)
        except ValueError:
            self.fail(f"{where} has an invalid IPv4 address '{value}'.")

    def unique(self, values: list[str], what: str) -> None:
        seen: set[str] = set()
        for value in values:
            if value.lower() in seen:
                self.fail(f"duplicate {what} '{value}'.")
            seen.add(value.lower())


def _check_computers(check: _Checker, data: dict) -> None:
    sites = [site["name"] for site in data["sites"]]
    domain = data["domain"]["fqdn"]
    computers = check.entries(data, "computers", "computer", "the template", required=True)
    for computer, where in computers:
        joined = computer["domain_joined"]
        computer.setdefault("site", sites[0] if joined else None)
        computer.setdefault("fqdn", f"{computer['name'].lower()}.{domain}" if joined else computer["name"].lower())
        _check_computer(check, computer, where, sites)
    check.unique([c["name"] for c in data["computers"]], "computer name")
    cluster_ips = [c["ip"] for c in data.get("nlb_clusters", []) if isinstance(c, dict) and "ip" in c]
    check.unique([a["ip"] for c in data["computers"] for a in c["adapters"]] + cluster_ips, "IP address")
    if not any("DomainController" in c["roles"] for c in data["computers"]):
        check.fail("no computer has the DomainController role.")


def _check_computer(check: _Checker, computer: dict, where: str, sites: list[str]) -> None:
    _check_platform(check, computer, where, sites)
    for adapter, adapter_where in check.entries(computer, "adapters", "adapter", where, required=True):
        check.ip(adapter["ip"], adapter_where)
        check.ip(adapter["mask"], adapter_where)
    check.unique([a["name"] for a in computer["adapters"]], f"adapter name on {where}")
    _check_role_entries(check, computer, where)


def _check_platform(check: _Checker, computer: dict, where: str, sites: list[str]) -> None:
    """Name, operating system, roles, site, drives and shares."""
    if not NETBIOS_NAME.match(computer["name"]):
        check.fail(f"{where} needs a NetBIOS name: 1 to 15 letters, digits or hyphens.")
    if computer["os"] not in OPERATING_SYSTEMS:
        check.fail(f"{where} has unknown os '{computer['os']}'; expected one of {', '.join(OPERATING_SYSTEMS)}.")
    for role in computer["roles"]:
        if role not in ROLE_SERVICES:
            check.fail(f"{where} has unknown role '{role}'; expected one of {', '.join(ROLE_SERVICES)}.")
    if computer["site"] is not None and computer["site"] not in sites:
        check.fail(f"{where} names unknown site '{computer['site']}'.")
    if not computer["drives"] or not all(re.fullmatch(r"[A-Za-z]", str(d)) for d in computer["drives"]):
        check.fail(f"{where} must list its drives as single letters, the system drive first.")
    drives = [letter.upper() for letter in computer["drives"]]
    for share, folder in computer["shares"].items():
        if not (isinstance(folder, str) and SHARE_PATH.match(folder) and folder[0].upper() in drives):
            check.fail(f"{where} shares '{share}' from '{folder}', which is not a folder on one of its drives.")


def _check_role_entries(check: _Checker, computer: dict, where: str) -> None:
    """The 'ca' and 'exchange' entries that go with the CA and Exchange roles."""
    if ("CertificateAuthority" in computer["roles"]) != (computer["ca"] is not None):
        check.fail(f"{where} needs both the CertificateAuthority role and a 'ca' entry, or neither.")
    if computer["ca"] is not None:
        check.entry(computer["ca"], "certificate authority", f"'ca' of {where}")
    is_exchange = any(role in EXCHANGE_ROLES for role in computer["roles"])
    if is_exchange != (computer["exchange"] is not None):
        check.fail(f"{where} needs both an Exchange role and an 'exchange' entry, or neither.")
    if is_exchange:
        if not computer["domain_joined"]:
            check.fail(f"{where} is an Exchange server and must be domain-joined.")
        check.entry(computer["exchange"], "Exchange server", f"'exchange' of {where}")
        check.entries(computer["exchange"], "storage_groups", "storage group", where)
        if ("Mailbox" in computer["roles"]) != bool(computer["exchange"]["storage_groups"]):
            check.fail(f"{where} needs storage groups exactly when it has the Mailbox role.")


def _check_users(check: _Checker, data: dict) -> None:
    databases = {
        f"{c['name']}\\{group['name']}\\{db}".lower()
        for c in data["computers"] if c["exchange"]
        for group in c["exchange"]["storage_groups"] for db in group["databases"]
    }
    for user, where in check.entries(data, "users", "user", "the template"):
        user.setdefault("display_name", user["name"])
        user.setdefault("user_principal_name", f"{user['sam_account_name']}@{data['domain']['fqdn']}")
        if user["mailbox"] is not None:
            check.entry(user["mailbox"], "mailbox", f"the mailbox of {where}")
            user["mailbox"].setdefault("alias", user["sam_account_name"])
            if user["mailbox"]["database"].lower() not in databases:
                check.fail(f"{where} has a mailbox in unknown database '{user['mailbox']['database']}'.")
    check.unique([u["sam_account_name"] for u in data["users"]], "user sam_account_name")
    check.unique([u["mailbox"]["alias"] for u in data["users"] if u["mailbox"]], "mailbox alias")


def _check_exchange(check: _Checker, data: dict) -> None:
    exchange = data["exchange"]
    if exchange is None:
        if any(c["exchange"] for c in data["computers"]):
            check.fail("Exchange servers are listed but the 'exchange' section is missing.")
        return
    check.entry(exchange, "exchange", "the 'exchange' section")
    owner = "the 'exchange' section"
    for domain, where in check.entries(exchange, "accepted_domains", "accepted domain", owner, required=True):
        check.choice(domain["domain_type"], "accepted domain type", where)
    if sum(bool(d["default"]) for d in exchange["accepted_domains"]) != 1:
        check.fail("exactly one accepted domain must be the default.")
    for vdir, where in check.entries(exchange, "virtual_directories", "virtual directory", owner):
        if vdir["kind"] not in VDIR_KINDS:
            check.fail(f"{where} has unknown kind '{vdir['kind']}'; expected one of {', '.join(VDIR_KINDS)}.")


def _check_nlb(check: _Checker, data: dict) -> None:
    adapters = {c["name"].lower(): {a["name"].lower() for a in c["adapters"]} for c in data["computers"]}
    for cluster, where in check.entries(data, "nlb_clusters", "NLB cluster", "the template"):
        check.ip(cluster["ip"], where)
        check.ip(cluster["mask"], where)
        check.choice(cluster["mode"], "NLB mode", where)
        for node, node_where in check.entries(cluster, "nodes", "NLB node", where, required=True):
            if node["computer"].lower() not in adapters:
                check.fail(f"{node_where} names unknown computer '{node['computer']}'.")
            if node["adapter"].lower() not in adapters[node["computer"].lower()]:
                check.fail(f"{node_where} names unknown adapter '{node['adapter']}'.")
            if not 1 <= node["priority"] <= 32:
                check.fail(f"{node_where} has host priority {node['priority']}; it must be 1 to 32.")
        check.unique([str(node["priority"]) for node in cluster["nodes"]], f"host priority in {where}")
        for rule, rule_where in check.entries(cluster, "port_rules", "port rule", where):
            _check_port_rule(check, rule, rule_where)


def _check_port_rule(check: _Checker, rule: dict, where: str) -> None:
    if rule["ip"] != "All":
        check.ip(rule["ip"], where)
    start, end = rule["start_port"], rule["end_port"]
    if not (0 <= start <= end <= 65535):
        check.fail(f"{where} has port range {start}-{end}; ports run 0 to 65535, start first.")
    check.choice(rule["protocol"], "protocol", where)
    check.choice(rule["mode"], "filtering mode", where)
    check.choice(rule["affinity"], "affinity", where)
