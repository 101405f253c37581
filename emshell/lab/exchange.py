"""Exchange 2007 configuration: organisation, servers, databases, virtual directories, recipients.

Document kinds owned here:

    exchange-org      key name (lower)       {name, guid, legacy_dn, offline_address_book,
                                              offline_address_book_guid}
    exchange-server   key NAME               {name, fqdn, domain, site, server_role: [..],
                                              edition, admin_display_version, exchange_legacy_dn, guid}
    client-access     key NAME               {name, autodiscover_service_internal_uri,
                                              autodiscover_site_scope: [..]}
    mailbox-database  key identity (lower)   {server, storage_group, name}
    vdir              key SERVER\\name(lower) {server, kind, name, internal_url, external_url}
    accepted-domain   key name (lower)       {name, domain_name, domain_type, default}
    mailbox           key alias (lower)      {alias, name, display_name, primary_smtp_address,
                                              server, database, hidden, sam_account_name,
                                              organizational_unit, exchange_guid, legacy_exchange_dn}

Identities are matched the way the Exchange cmdlets match them (directory.pick).
"""
from __future__ import annotations

from typing import Any, Callable, NamedTuple

from emshell.lab import directory
from emshell.lab.computers import Computer
from emshell.lab.lab import Lab, LabError

# ServerRole is a flags enum; .NET prints set flags in ascending value order
# (Mailbox=2, ClientAccess=4, UnifiedMessaging=16, HubTransport=32, Edge=64).
SERVER_ROLE_ORDER = ("Mailbox", "ClientAccess", "UnifiedMessaging", "HubTransport", "Edge")

# The administrative group every Exchange 2007 server lives in (fixed name, with its
# famous Caesar-shifted suffix), as it appears in legacy DNs.
ADMIN_GROUP = "Exchange Administrative Group (FYDIBOHF23SPDLT)"

# Virtual-directory kinds, named after their cmdlet noun: Get-<Kind>VirtualDirectory.
VDIR_KINDS = ("Owa", "WebServices", "Oab", "ActiveSync", "Autodiscover", "UM")

KEEP: Any = object()  # "leave this setting as it is" for the set_* functions


class Organization(NamedTuple):
    name: str
    guid: str
    legacy_dn: str
    offline_address_book: str
    offline_address_book_guid: str


class ExchangeServer(NamedTuple):
    name: str
    fqdn: str
    domain: str
    site: str
    server_role: tuple[str, ...]
    edition: str
    admin_display_version: str
    exchange_legacy_dn: str
    guid: str

    @property
    def is_client_access_server(self) -> bool:
        return "ClientAccess" in self.server_role

    @property
    def is_hub_transport_server(self) -> bool:
        return "HubTransport" in self.server_role

    @property
    def is_mailbox_server(self) -> bool:
        return "Mailbox" in self.server_role


class ClientAccessServer(NamedTuple):
    name: str
    autodiscover_service_internal_uri: str | None
    autodiscover_site_scope: tuple[str, ...]


class MailboxDatabase(NamedTuple):
    server: str
    storage_group: str
    name: str

    @property
    def identity(self) -> str:
        return f"{self.server}\\{self.storage_group}\\{self.name}"


class VirtualDirectory(NamedTuple):
    server: str
    kind: str
    name: str
    internal_url: str | None
    external_url: str | None

    @property
    def identity(self) -> str:
        return f"{self.server}\\{self.name}"


class AcceptedDomain(NamedTuple):
    name: str
    domain_name: str
    domain_type: str  # Authoritative | InternalRelay | ExternalRelay
    default: bool


class Mailbox(NamedTuple):
    alias: str
    name: str
    display_name: str
    primary_smtp_address: str
    server: str
    database: str
    hidden: bool
    sam_account_name: str
    organizational_unit: str
    exchange_guid: str
    legacy_exchange_dn: str

    @property
    def identity(self) -> str:
        return f"{self.organizational_unit}/{self.name}"


class RecipientExists(LabError):
    def __init__(self, alias: str) -> None:
        super().__init__(f"The alias '{alias}' is already used by another recipient.")


# -- organisation ----------------------------------------------------------------------
def add_organization(lab: Lab, name: str, offline_address_book: str) -> Organization:
    org = Organization(
        name=name,
        guid=str(lab.random.guid()),
        legacy_dn=f"/o={name}",
        offline_address_book=offline_address_book,
        offline_address_book_guid=str(lab.random.guid()),
    )
    lab.store.put("exchange-org", name.lower(), org._asdict())
    return org


def get_organization(lab: Lab) -> Organization:
    (_, doc), = lab.store.list("exchange-org")
    return Organization(**doc)


# -- servers ---------------------------------------------------------------------------
def add_server(lab: Lab, computer: Computer, admin_display_version: str, edition: str) -> ExchangeServer:
    org = get_organization(lab)
    server = ExchangeServer(
        name=computer.name,
        # dNSHostName as setup registers it: the computer name as typed (upper case), then the domain
        # (the 2007 test-user transcript of adcs §8 prints "WIN2K8EX2007.trivirdev.com")
        fqdn=f"{computer.name}.{computer.fqdn.partition('.')[2]}",
        domain=directory.get_domain(lab).fqdn,
        site=directory.get_site(lab, computer.site).canonical_name,
        server_role=tuple(role for role in SERVER_ROLE_ORDER if role in computer.roles),
        edition=edition,
        admin_display_version=admin_display_version,
        exchange_legacy_dn=f"{org.legacy_dn}/ou={ADMIN_GROUP}/cn=Configuration/cn=Servers/cn={computer.name}",
        guid=str(lab.random.guid()),
    )
    lab.store.put("exchange-server", computer.name.upper(), server._asdict())
    return server


def list_exchange_servers(lab: Lab) -> list[ExchangeServer]:
    return [_server_from(doc) for _, doc in lab.store.list("exchange-server")]


def _server_from(doc: dict) -> ExchangeServer:
    return ExchangeServer(**{**doc, "server_role": tuple(doc["server_role"])})


def get_exchange_server(lab: Lab, identity: str) -> ExchangeServer:
    """By name, FQDN, legacy DN or GUID."""
    servers = list_exchange_servers(lab)
    return directory.pick(lab, identity, servers, lambda s: (s.name, s.fqdn, s.exchange_legacy_dn, s.guid))


# -- client access ---------------------------------------------------------------------
def add_client_access(lab: Lab, server: ExchangeServer, autodiscover_uri: str) -> ClientAccessServer:
    site_name = server.site.rsplit("/", 1)[-1]
    cas = ClientAccessServer(server.name, autodiscover_uri, (site_name,))
    _put_cas(lab, cas)
    return cas


def _put_cas(lab: Lab, cas: ClientAccessServer) -> None:
    lab.store.put("client-access", cas.name.upper(), cas._asdict())


def list_client_access_servers(lab: Lab) -> list[ClientAccessServer]:
    return [_cas_from(doc) for _, doc in lab.store.list("client-access")]


def _cas_from(doc: dict) -> ClientAccessServer:
    return ClientAccessServer(**{**doc, "autodiscover_site_scope": tuple(doc["autodiscover_site_scope"])})


def get_client_access_server(lab: Lab, identity: str) -> ClientAccessServer:
    server = get_exchange_server(lab, identity)
    doc = lab.store.get("client-access", server.name.upper())
    if doc is None:
        raise directory.ObjectNotFound(identity, directory.domain_controller(lab))
    return _cas_from(doc)


def set_autodiscover_internal_uri(lab: Lab, identity: str, uri: str | None) -> ClientAccessServer:
    cas = get_client_access_server(lab, identity)
    updated = ClientAccessServer(cas.name, uri, cas.autodiscover_site_scope)
    _put_cas(lab, updated)
    return updated


# -- databases -------------------------------------------------------------------------
def add_database(lab: Lab, server: str, storage_group: str, name: str) -> MailboxDatabase:
    database = MailboxDatabase(server, storage_group, name)
    lab.store.put("mailbox-database", database.identity.lower(), database._asdict())
    return database


def list_databases(lab: Lab, server: str | None = None) -> list[MailboxDatabase]:
    databases = [MailboxDatabase(**doc) for _, doc in lab.store.list("mailbox-database")]
    if server is None:
        return databases
    name = get_exchange_server(lab, server).name
    return [db for db in databases if db.server == name]


def get_database(lab: Lab, identity: str) -> MailboxDatabase:
    """By SERVER\\Storage Group\\Name, Storage Group\\Name or Name."""
    databases = list_databases(lab)
    names = lambda db: (db.identity, f"{db.storage_group}\\{db.name}", db.name)  # noqa: E731
    return directory.pick(lab, identity, databases, names)


# -- virtual directories ---------------------------------------------------------------
def add_virtual_directory(
    lab: Lab, server: str, kind: str, name: str, internal_url: str | None, external_url: str | None
) -> VirtualDirectory:
    vdir = VirtualDirectory(server, kind, name, internal_url, external_url)
    lab.store.put("vdir", _vdir_key(vdir), vdir._asdict())
    return vdir


def _vdir_key(vdir: VirtualDirectory) -> str:
    return f"{vdir.server.upper()}\\{vdir.name.lower()}"


def list_virtual_directories(lab: Lab, kind: str | None = None, server: str | None = None) -> list[VirtualDirectory]:
    vdirs = [VirtualDirectory(**doc) for _, doc in lab.store.list("vdir")]
    if kind is not None:
        vdirs = [v for v in vdirs if v.kind.lower() == kind.lower()]
    if server is not None:
        name = get_exchange_server(lab, server).name
        vdirs = [v for v in vdirs if v.server == name]
    return vdirs


def get_virtual_directory(lab: Lab, identity: str, kind: str | None = None) -> VirtualDirectory:
    """By SERVER\\name (e.g. CAS01\\owa (Default Web Site)) or, when unique, by name alone."""
    return directory.pick(lab, identity, list_virtual_directories(lab, kind), lambda v: (v.identity, v.name))


def set_virtual_directory_urls(
    lab: Lab, identity: str, kind: str | None = None, *, internal_url: Any = KEEP, external_url: Any = KEEP
) -> VirtualDirectory:
    """Change InternalUrl and/or ExternalUrl (None clears one)."""
    vdir = get_virtual_directory(lab, identity, kind)
    updated = VirtualDirectory(
        vdir.server,
        vdir.kind,
        vdir.name,
        vdir.internal_url if internal_url is KEEP else internal_url,
        vdir.external_url if external_url is KEEP else external_url,
    )
    lab.store.put("vdir", _vdir_key(updated), updated._asdict())
    return updated


# -- accepted domains ------------------------------------------------------------------
def add_accepted_domain(lab: Lab, name: str, domain_name: str, domain_type: str, default: bool) -> AcceptedDomain:
    domain = AcceptedDomain(name, domain_name, domain_type, default)
    lab.store.put("accepted-domain", name.lower(), domain._asdict())
    return domain


def list_accepted_domains(lab: Lab) -> list[AcceptedDomain]:
    return [AcceptedDomain(**doc) for _, doc in lab.store.list("accepted-domain")]


def get_accepted_domain(lab: Lab, identity: str) -> AcceptedDomain:
    return directory.pick(lab, identity, list_accepted_domains(lab), lambda d: (d.name, d.domain_name))


def default_accepted_domain(lab: Lab) -> AcceptedDomain:
    return next(d for d in list_accepted_domains(lab) if d.default)


# -- mailboxes -------------------------------------------------------------------------
def enable_mailbox(lab: Lab, user: directory.User, alias: str, database: str, hidden: bool = False) -> Mailbox:
    """Give an existing user a mailbox; the address follows the default policy, alias@default domain."""
    if lab.store.get("mailbox", alias.lower()) is not None:
        raise RecipientExists(alias)
    db = get_database(lab, database)
    org = get_organization(lab)
    mailbox = Mailbox(
        alias=alias,
        name=user.name,
        display_name=user.display_name,
        primary_smtp_address=f"{alias}@{default_accepted_domain(lab).domain_name}",
        server=db.server,
        database=db.identity,
        hidden=hidden,
        sam_account_name=user.sam_account_name,
        organizational_unit=user.organizational_unit,
        exchange_guid=str(lab.random.guid()),
        legacy_exchange_dn=f"{org.legacy_dn}/ou={ADMIN_GROUP}/cn=Recipients/cn={alias}",
    )
    lab.store.put("mailbox", alias.lower(), mailbox._asdict())
    return mailbox


def create_user_with_mailbox(
    lab: Lab,
    *,
    name: str,
    alias: str,
    password: str,
    database: str,
    user_principal_name: str | None = None,
    sam_account_name: str | None = None,
    display_name: str | None = None,
    first_name: str = "",
    last_name: str = "",
    hidden: bool = False,
) -> Mailbox:
    """New-Mailbox: a new AD user plus its mailbox (sAMAccountName defaults to the alias, max 20 chars)."""
    if lab.store.get("mailbox", alias.lower()) is not None:
        raise RecipientExists(alias)
    get_database(lab, database)  # fail before creating the user
    user = directory.add_user(
        lab,
        sam_account_name=sam_account_name or alias[:20],
        name=name,
        password=password,
        display_name=display_name,
        first_name=first_name,
        last_name=last_name,
        user_principal_name=user_principal_name,
    )
    return enable_mailbox(lab, user, alias, database, hidden)


def list_mailboxes(lab: Lab, server: str | None = None, database: str | None = None) -> list[Mailbox]:
    mailboxes = [Mailbox(**doc) for _, doc in lab.store.list("mailbox")]
    if server is not None:
        name = get_exchange_server(lab, server).name
        mailboxes = [m for m in mailboxes if m.server == name]
    if database is not None:
        identity = get_database(lab, database).identity
        mailboxes = [m for m in mailboxes if m.database == identity]
    return mailboxes


def _mailbox_keys(lab: Lab, users: dict[str, directory.User]) -> Callable[[Mailbox], tuple[str, ...]]:
    def keys(mailbox: Mailbox) -> tuple[str, ...]:
        user = users[mailbox.sam_account_name.lower()]
        own = (mailbox.alias, mailbox.name, mailbox.display_name, mailbox.primary_smtp_address,
               mailbox.identity, mailbox.legacy_exchange_dn, mailbox.exchange_guid)
        return own + directory.user_keys(lab, user)

    return keys


def find_mailbox(lab: Lab, identity: str) -> Mailbox:
    """By alias, name, display name, e-mail address, UPN, DOMAIN\\user, sAMAccountName, DN or GUID."""
    users = {u.sam_account_name.lower(): u for u in directory.list_users(lab)}
    return directory.pick(lab, identity, list_mailboxes(lab), _mailbox_keys(lab, users))


def find_recipient_user(lab: Lab, identity: str) -> directory.User:
    """A user by any directory name or, for mailbox users, by alias or e-mail address too."""
    try:
        return directory.find_user(lab, identity)
    except directory.ObjectNotFound:
        mailbox = find_mailbox(lab, identity)
        return directory.find_user(lab, mailbox.sam_account_name)


def set_mailbox_hidden(lab: Lab, identity: str, hidden: bool) -> Mailbox:
    """HiddenFromAddressListsEnabled."""
    mailbox = find_mailbox(lab, identity)
    doc = mailbox._asdict()
    doc["hidden"] = hidden
    lab.store.put("mailbox", mailbox.alias.lower(), doc)
    return Mailbox(**doc)
