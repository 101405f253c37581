"""Fill a fresh lab from a template: computers, directory, Exchange, network data, files, PKI.

Every domain member registers a DNS A record for its first adapter (the NLB adapter, listed
second on the CAS servers, does not register); the template adds the cluster names. DNS
records belong to emshell.lab.network, NLB clusters to emshell.lab.nlb.
"""
from __future__ import annotations

from importlib import resources

from emshell.lab import directory, exchange, network, nlb, paths
from emshell.lab.computers import Adapter, Computer, add_computer, list_computers
from emshell.lab.lab import Lab
from emshell.lab.template import validate

# Folders every computer has, and those Exchange setup adds (below the system drive).
COMMON_FOLDERS = ("Documents and Settings\\Administrator", "Program Files", "WINDOWS\\system32")
EXCHANGE_SCRIPTS = "Program Files\\Microsoft\\Exchange Server\\Scripts"
EXCHANGE_FOLDERS = ("Program Files\\Microsoft\\Exchange Server\\Bin", EXCHANGE_SCRIPTS)


def build(lab: Lab, template: dict) -> None:
    """Populate an empty lab (from Lab.initialise) in one transaction."""
    data = validate(template)
    with lab.transaction():
        _build_directory(lab, data)
        for spec in data["computers"]:
            add_computer(lab, _computer(spec), _adapters(spec))
        if data["exchange"] is not None:
            _build_exchange(lab, data)
        _build_users(lab, data)
        _build_network(lab, data)
        _build_files(lab)
        install_pki(lab, data)


def install_pki(lab: Lab, data: dict) -> None:
    """The CA, its root in every member's trust store, and setup's self-signed certificates."""
    from emshell.lab import ca, certstore

    authorities = [spec for spec in data["computers"] if spec["ca"] is not None]
    for spec in authorities:
        ca.install_enterprise_root_ca(lab, spec["name"].upper(), spec["ca"]["name"], data["domain"]["fqdn"])
    if authorities:
        ca.trust_root_on_domain_members(lab)
    for spec in data["computers"]:
        if {"ClientAccess", "HubTransport"} & set(spec["roles"]):
            certstore.create_setup_certificate(lab, spec["name"].upper())


def _build_directory(lab: Lab, data: dict) -> None:
    directory.add_domain(lab, data["domain"]["fqdn"], data["domain"]["netbios"])
    for site in data["sites"]:
        directory.add_site(lab, site["name"], site["guid"])


def _computer(spec: dict) -> Computer:
    drives = tuple(letter.upper() for letter in spec["drives"])
    shares = {f"{letter}$": f"{letter}:\\" for letter in drives}
    shares["ADMIN$"] = f"{drives[0]}:\\WINDOWS"
    shares.update(spec["shares"])
    return Computer(
        name=spec["name"].upper(),
        fqdn=spec["fqdn"],
        os=spec["os"],
        service_pack=spec["service_pack"],
        roles=tuple(spec["roles"]),
        domain_joined=spec["domain_joined"],
        site=spec["site"],
        drives=drives,
        software=tuple(spec["software"]),
        shares=shares,
    )


def _adapters(spec: dict) -> list[Adapter]:
    name = spec["name"].upper()
    return [Adapter(name, a["name"], a["ip"], a["mask"], a["enabled"]) for a in spec["adapters"]]


def _build_exchange(lab: Lab, data: dict) -> None:
    config = data["exchange"]
    exchange.add_organization(lab, config["organization"], config["offline_address_book"])
    for domain in config["accepted_domains"]:
        exchange.add_accepted_domain(
            lab, domain["name"], domain["domain_name"], domain["domain_type"], domain["default"]
        )
    computers = {c.name: c for c in list_computers(lab)}
    for spec in data["computers"]:
        if spec["exchange"] is not None:
            _build_server(lab, config, computers[spec["name"].upper()], spec["exchange"])


def _build_server(lab: Lab, config: dict, computer: Computer, spec: dict) -> None:
    server = exchange.add_server(lab, computer, spec["version"], spec["edition"])
    if server.is_client_access_server:
        exchange.add_client_access(lab, server, _at(config["autodiscover_internal_uri"], server))
        for vdir in config["virtual_directories"]:
            internal, external = _at(vdir["internal_url"], server), _at(vdir["external_url"], server)
            exchange.add_virtual_directory(lab, server.name, vdir["kind"], vdir["name"], internal, external)
    for group in spec["storage_groups"]:
        for database in group["databases"]:
            exchange.add_database(lab, server.name, group["name"], database)


def _at(url: str | None, server: exchange.ExchangeServer) -> str | None:
    """A template URL for one server: `{fqdn}` becomes the server's FQDN, in lower case as System.Uri
    keeps a host name."""
    return url.replace("{fqdn}", server.fqdn.lower()) if url is not None else None


def _build_users(lab: Lab, data: dict) -> None:
    for spec in data["users"]:
        user = directory.add_user(
            lab,
            sam_account_name=spec["sam_account_name"],
            name=spec["name"],
            password=spec["password"],
            display_name=spec["display_name"],
            first_name=spec["first_name"],
            last_name=spec["last_name"],
            user_principal_name=spec["user_principal_name"],
            domain_admin=spec["domain_admin"],
        )
        mailbox = spec["mailbox"]
        if mailbox is not None:
            exchange.enable_mailbox(lab, user, mailbox["alias"], mailbox["database"], mailbox["hidden"])


def _build_network(lab: Lab, data: dict) -> None:
    domain = data["domain"]["fqdn"]
    records = [(c["fqdn"], c["adapters"][0]["ip"]) for c in data["computers"] if c["domain_joined"]]
    records += [(f"{r['name']}.{domain}", r["address"]) for r in data["dns_records"]]
    for fqdn, address in records:
        network.add_dns_record(lab, fqdn, address)
    for cluster in data["nlb_clusters"]:
        nlb.add_cluster(lab, cluster)


# The repository's scripts/ that Exchange setup puts in every Exchange server's Scripts folder
# (the walkthrough scripts beside them are not Exchange's).
EXCHANGE_SCRIPT_FILES = ("new-TestCasConnectivityUser.ps1",)


def _build_files(lab: Lab) -> None:
    package = resources.files("emshell.scripts")
    scripts = [package.joinpath(name) for name in EXCHANGE_SCRIPT_FILES]
    for computer in list_computers(lab):
        for letter in computer.drives:
            paths.LabPath.root(lab, computer.name, letter).drive_host_path.mkdir(parents=True, exist_ok=True)
        folders = COMMON_FOLDERS + (EXCHANGE_FOLDERS if computer.is_exchange_server else ())
        for folder in folders:
            paths.mkdir(_system_path(lab, computer, folder), exist_ok=True)
        for script in scripts if computer.is_exchange_server else ():
            paths.write_bytes(_system_path(lab, computer, f"{EXCHANGE_SCRIPTS}\\{script.name}"), script.read_bytes())


def _system_path(lab: Lab, computer: Computer, windows_path: str) -> paths.LabPath:
    """A path below the system drive from our own constants (no resolving needed; the file
    operations still check confinement)."""
    return paths.LabPath(lab, computer.name, computer.system_drive, tuple(windows_path.split("\\")))
