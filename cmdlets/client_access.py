"""The Exchange configuration a client meets: servers, Client Access settings, virtual directories
and mailboxes (exchange-cmdlets.md §12-§14).

    Get-ExchangeServer [-Identity]                       Get-ClientAccessServer [-Identity]
    Set-ClientAccessServer -Identity -AutoDiscoverServiceInternalUri
    Get-/Set-{Owa,WebServices,Oab,ActiveSync,Autodiscover,UM}VirtualDirectory (-InternalUrl, -ExternalUrl)
    Get-MailboxDatabase [-Identity] [-Server]
    Get-Mailbox [-Identity] [-Server] [-Database] [-ResultSize]      New-Mailbox

The data is the lab's (`emshell.lab.exchange`, `emshell.lab.directory`); this module wraps it in
the Exchange 2007 objects and their views. Default tables: Get-Mailbox from the 2007 test-user
transcript (adcs-nlb-autodiscover.md §8), Get-ExchangeServer from an Exchange 2010 capture on an
80-column console (docs/fidelity.md); the other views are recorded assumptions there.
"""
from __future__ import annotations

import zlib
from typing import Any, NoReturn

from emshell.engine import conversion as conv
from emshell.engine.cmdlet import Cmdlet, Example, Param
from emshell.engine.objects import PSFlags, PSObject, SecureString
from emshell.engine.types import PSType, register_enum
from emshell.formatting.views import TableColumn, TableView, register_view
from emshell.lab import clientaccess, computers, directory, exchange
from emshell.lab.lab import LabError

_MANAGEMENT = "Microsoft.Exchange.Data.Directory.Management."
_CONFIGURATION = "Microsoft.Exchange.Data.Directory.SystemConfiguration."
_TASKS = "Microsoft.Exchange.Management.SystemConfigurationTasks."
_RECIPIENT_TASKS = "Microsoft.Exchange.Management.RecipientTasks."
_BASE = ("Microsoft.Exchange.Data.Directory.ADObject", "Microsoft.Exchange.Data.ConfigurableObject",
         "System.Object")

# ServerRole flags, printed in ascending value order (exchange.SERVER_ROLE_ORDER).
ServerRole = PSFlags("ServerRole", [("None", 0), ("Mailbox", 2), ("ClientAccess", 4), ("UnifiedMessaging", 16),
                                    ("HubTransport", 32), ("Edge", 64)])
ServerRole.__ps_type__ = _CONFIGURATION + "ServerRole"
register_enum(ServerRole)

# The keyword GUID of the Autodiscover service connection point in Active Directory.
AUTODISCOVER_SCP_CLASS = "ms-Exchange-AutoDiscover-Service"
AUTODISCOVER_SCP_GUID = "77378f46-2c66-4aa9-a6a6-3e7a48b19596"
QUOTA_UNLIMITED = "unlimited"  # Unlimited<ByteQuantifiedSize>.ToString(); the lab keeps no mailbox quotas
RESULT_SIZE = 1000  # Get-Mailbox's default -ResultSize
# exchange-cmdlets.md §14 (the 2013 text; 2007's "differs slightly" and was not retrieved).
RESULT_SIZE_WARNING = (
    "By default, only the first {0} items are returned. Use the ResultSize parameter to specify the number of "
    "items returned. To return all items, specify \"-ResultSize Unlimited\". Be aware that, depending on the actual "
    "number of items, returning all items can take a long time and consume a large amount of memory. Also, we "
    "don't recommend storing the results in a variable. Instead, pipe the results to another task or script to "
    "perform batch changes."
)


# -- small .NET values -------------------------------------------------------------------------------
class ServerVersion(PSObject):
    """AdminDisplayVersion: prints `Version 8.1 (Build 240.6)`, has Major/Minor/Build/Revision."""

    TYPE_NAMES = ("Microsoft.Exchange.Data.ServerVersion", "System.Object")
    PROPERTIES = ("Major", "Minor", "Build", "Revision")

    def __init__(self, text: str) -> None:
        self.text = text
        numbers = [int(n) for n in text.replace("(", " ").replace(")", " ").replace(".", " ").split() if n.isdigit()]
        self.Major, self.Minor, self.Build, self.Revision = (numbers + [0, 0, 0, 0])[:4]

    def ps_to_string(self) -> str:
        return self.text


class ADObjectId(PSObject):
    """A reference to a directory object: prints its canonical name."""

    TYPE_NAMES = ("Microsoft.Exchange.Data.Directory.ADObjectId", "System.Object")
    PROPERTIES = ("Name", "ObjectGuid", "DistinguishedName")

    def __init__(self, canonical: str, guid: str, distinguished_name: str) -> None:
        self.canonical = canonical
        self.Name = canonical.rsplit("/", 1)[-1]
        self.ObjectGuid = guid
        self.DistinguishedName = distinguished_name

    def ps_to_string(self) -> str:
        return self.canonical


def _site_id(site: directory.Site, domain: directory.Domain) -> ADObjectId:
    dn = f"CN={site.name},CN=Sites,CN=Configuration,{domain.distinguished_name}"
    return ADObjectId(site.canonical_name, site.guid, dn)


# -- the objects -------------------------------------------------------------------------------------
class ExchangeServerObject(PSObject):
    TYPE_NAMES = (_MANAGEMENT + "ExchangeServer",) + _BASE
    PROPERTIES = ("Name", "DataPath", "Domain", "Edition", "ExchangeLegacyDN", "Fqdn", "IsHubTransportServer",
                  "IsClientAccessServer", "IsExchange2007OrLater", "IsEdgeServer", "IsMailboxServer",
                  "IsProvisionedServer", "IsUnifiedMessagingServer", "NetworkAddress", "AdminDisplayVersion",
                  "Site", "ServerRole", "Identity", "Guid")

    def __init__(self, server: exchange.ExchangeServer, site: ADObjectId, install_path: str) -> None:
        roles = set(server.server_role)
        self.Name = server.name
        self.DataPath = install_path + "Mailbox"
        self.Domain = server.domain
        self.Edition = server.edition
        self.ExchangeLegacyDN = server.exchange_legacy_dn
        self.Fqdn = server.fqdn
        self.IsHubTransportServer = "HubTransport" in roles
        self.IsClientAccessServer = "ClientAccess" in roles
        self.IsExchange2007OrLater = True
        self.IsEdgeServer = "Edge" in roles
        self.IsMailboxServer = "Mailbox" in roles
        self.IsProvisionedServer = False
        self.IsUnifiedMessagingServer = "UnifiedMessaging" in roles
        # The RPC bindings Exchange publishes for a server, NetBIOS name or FQDN each.
        self.NetworkAddress = [f"ncacn_vns_spp:{server.name}", f"netbios:{server.name}", f"ncacn_np:{server.name}",
                               f"ncacn_spx:{server.name}", f"ncacn_ip_tcp:{server.fqdn}", f"ncalrpc:{server.name}"]
        self.AdminDisplayVersion = ServerVersion(server.admin_display_version)
        self.Site = site
        self.ServerRole = ServerRole(sum(int(ServerRole[r]) for r in roles))
        self.Identity = server.name
        self.Guid = server.guid

    def ps_to_string(self) -> str:
        return self.Name


class ClientAccessServerObject(PSObject):
    TYPE_NAMES = (_MANAGEMENT + "ClientAccessServer",) + _BASE
    PROPERTIES = ("Name", "OutlookAnywhereEnabled", "AutoDiscoverServiceCN", "AutoDiscoverServiceClassName",
                  "AutoDiscoverServiceGuid", "AutoDiscoverServiceInternalUri", "AutoDiscoverSiteScope", "Identity",
                  "Guid")

    def __init__(self, cas: exchange.ClientAccessServer, server: exchange.ExchangeServer,
                 outlook_anywhere: bool) -> None:
        self.Name = cas.name
        self.OutlookAnywhereEnabled = outlook_anywhere  # an RPC over HTTP directory exists on the server
        self.AutoDiscoverServiceCN = cas.name
        self.AutoDiscoverServiceClassName = AUTODISCOVER_SCP_CLASS
        self.AutoDiscoverServiceGuid = AUTODISCOVER_SCP_GUID
        self.AutoDiscoverServiceInternalUri = cas.autodiscover_service_internal_uri
        self.AutoDiscoverSiteScope = list(cas.autodiscover_site_scope)
        self.Identity = cas.name
        self.Guid = server.guid

    def ps_to_string(self) -> str:
        return self.Name


class VirtualDirectoryObject(PSObject):
    """One of the ADxxxVirtualDirectory classes (TYPE_NAMES set per kind in VDIR_TYPES)."""

    PROPERTIES = ("Name", "Server", "InternalUrl", "ExternalUrl", "MetabasePath", "Identity")

    def __init__(self, vdir: exchange.VirtualDirectory, server_fqdn: str) -> None:
        self.Name = vdir.name
        self.Server = vdir.server
        self.InternalUrl = vdir.internal_url
        self.ExternalUrl = vdir.external_url
        self.MetabasePath = f"IIS://{server_fqdn}/W3SVC/1/ROOT/{vdir.name.split(' (', 1)[0]}"
        self.Identity = vdir.identity

    def ps_to_string(self) -> str:
        return self.Identity


class OwaVirtualDirectoryObject(VirtualDirectoryObject):
    PROPERTIES = ("Name", "Server", "OwaVersion", "InternalUrl", "ExternalUrl", "MetabasePath", "Identity")
    OwaVersion = "Exchange2007"


class MailboxObject(PSObject):
    TYPE_NAMES = (_MANAGEMENT + "Mailbox", "Microsoft.Exchange.Data.Directory.Management.MailEnabledOrgPerson",
                  "Microsoft.Exchange.Data.Directory.Management.MailEnabledRecipient",
                  "Microsoft.Exchange.Data.Directory.ADPresentationObject") + _BASE[1:]
    PROPERTIES = ("Database", "ExchangeGuid", "UseDatabaseQuotaDefaults", "IssueWarningQuota", "ProhibitSendQuota",
                  "ProhibitSendReceiveQuota", "ServerLegacyDN", "ServerName", "SamAccountName", "UserPrincipalName",
                  "Alias", "OrganizationalUnit", "DisplayName", "HiddenFromAddressListsEnabled", "LegacyExchangeDN",
                  "PrimarySmtpAddress", "RecipientType", "RecipientTypeDetails", "Identity", "Name",
                  "DistinguishedName", "Guid")

    def __init__(self, mailbox: exchange.Mailbox, user: directory.User, server: exchange.ExchangeServer) -> None:
        self.Database = mailbox.database
        self.ExchangeGuid = mailbox.exchange_guid
        self.UseDatabaseQuotaDefaults = True
        self.IssueWarningQuota = self.ProhibitSendQuota = self.ProhibitSendReceiveQuota = QUOTA_UNLIMITED
        self.ServerLegacyDN = server.exchange_legacy_dn
        self.ServerName = server.name.lower()  # Exchange stores the server's name in lower case
        self.SamAccountName = user.sam_account_name
        self.UserPrincipalName = user.user_principal_name
        self.Alias = mailbox.alias
        self.OrganizationalUnit = mailbox.organizational_unit
        self.DisplayName = mailbox.display_name
        self.HiddenFromAddressListsEnabled = mailbox.hidden
        self.LegacyExchangeDN = mailbox.legacy_exchange_dn
        self.PrimarySmtpAddress = mailbox.primary_smtp_address
        self.RecipientType = "UserMailbox"
        self.RecipientTypeDetails = "UserMailbox"
        self.Identity = mailbox.identity
        self.Name = mailbox.name
        self.DistinguishedName = user.distinguished_name
        self.Guid = user.object_guid

    def ps_to_string(self) -> str:
        return self.Identity


class MailboxDatabaseObject(PSObject):
    TYPE_NAMES = (_CONFIGURATION + "MailboxDatabase", _CONFIGURATION + "Database") + _BASE
    PROPERTIES = ("Name", "Server", "StorageGroup", "Recovery", "Identity")

    def __init__(self, database: exchange.MailboxDatabase) -> None:
        self.Name = database.name
        self.Server = database.server
        self.StorageGroup = f"{database.server}\\{database.storage_group}"
        self.Recovery = False  # the lab has no recovery storage groups
        self.Identity = database.identity

    def ps_to_string(self) -> str:
        return self.Identity


register_view(ExchangeServerObject.TYPE_NAMES[0], TableView((
    TableColumn("Name", "Name", width=19), TableColumn("Site", "Site", width=20),
    TableColumn("ServerRole", "ServerRole", width=11), TableColumn("Edition", "Edition", width=11),
    TableColumn("AdminDisplayVersion", "AdminDisplayVersion"))))
register_view(ClientAccessServerObject.TYPE_NAMES[0], TableView((
    TableColumn("Name", "Name"), TableColumn("OutlookAnywhereEnabled", "OutlookAnywhereEnabled"))))
register_view(MailboxDatabaseObject.TYPE_NAMES[0], TableView((
    TableColumn("Name", "Name", width=25), TableColumn("Server", "Server", width=17),
    TableColumn("StorageGroup", "StorageGroup", width=17), TableColumn("Recovery", "Recovery"))))
register_view(MailboxObject.TYPE_NAMES[0], TableView((
    TableColumn("Name", "Name", width=25), TableColumn("Alias", "Alias", width=20),
    TableColumn("ServerName", "ServerName", width=16), TableColumn("ProhibitSendQuota", "ProhibitSendQuota"))))


# -- virtual directory kinds: noun, .NET class, object class, what the cmdlets say about them --------
VDIR_TYPES: dict[str, tuple[str, str, type[VirtualDirectoryObject]]] = {
    "Owa": ("OwaVirtualDirectory", "ADOwaVirtualDirectory", OwaVirtualDirectoryObject),
    "WebServices": ("WebServicesVirtualDirectory", "ADWebServicesVirtualDirectory", VirtualDirectoryObject),
    "Oab": ("OabVirtualDirectory", "ADOabVirtualDirectory", VirtualDirectoryObject),
    "ActiveSync": ("ActiveSyncVirtualDirectory", "ADMobileSyncVirtualDirectory", VirtualDirectoryObject),
    "Autodiscover": ("AutodiscoverVirtualDirectory", "ADAutodiscoverVirtualDirectory", VirtualDirectoryObject),
    "UM": ("UMVirtualDirectory", "ADUMVirtualDirectory", VirtualDirectoryObject),
}
_VDIR_BASE = (_CONFIGURATION + "ADExchangeServiceVirtualDirectory", _CONFIGURATION + "ADVirtualDirectory") + _BASE


def _vdir_class(kind: str) -> type[VirtualDirectoryObject]:
    _, dotnet, base = VDIR_TYPES[kind]
    cls = type(dotnet, (base,), {"TYPE_NAMES": (_CONFIGURATION + dotnet,) + _VDIR_BASE})
    columns = (TableColumn("Name", "Name"), TableColumn("Server", "Server"))
    if kind == "Owa":
        columns += (TableColumn("OwaVersion", "OwaVersion"),)
    register_view(cls.TYPE_NAMES[0], TableView(columns))
    return cls


VDIR_CLASSES = {kind: _vdir_class(kind) for kind in VDIR_TYPES}


# -- shared by the cmdlets ---------------------------------------------------------------------------
def _to_uri(value: Any) -> str:
    text = conv.expand_string(value)
    try:
        return clientaccess.parse_url(text).text
    except clientaccess.InvalidUrl as error:
        raise conv.ConversionError(f'Cannot convert value "{text}" to type "System.Uri". Error: "{error}"') from None


URI = PSType("System.Uri", _to_uri, lambda v: isinstance(v, str))
UNLIMITED_SIZE = "Unlimited"


def _to_result_size(value: Any) -> int | str:
    """Unlimited<UInt32>: `Unlimited` or a non-negative number."""
    text = conv.expand_string(value).strip()
    if text.lower() == "unlimited":
        return UNLIMITED_SIZE
    if text.isdigit() and int(text) <= 0xFFFFFFFF:
        return int(text)
    raise conv.ConversionError(
        f'Cannot convert value "{text}" to type "Microsoft.Exchange.Data.Unlimited`1[System.UInt32]".')


RESULT_SIZE_TYPE = PSType("Microsoft.Exchange.Data.Unlimited`1[System.UInt32]", _to_result_size,
                          lambda v: isinstance(v, (int, str)))


def identity_of(value: Any) -> str:
    """An -Identity argument as text: an Exchange object stands for its Identity (else its Name)."""
    if isinstance(value, PSObject):
        for name in ("Identity", "Name"):
            if value.ps_has(name):
                return conv.expand_string(value.ps_get(name))
    return conv.expand_string(value)


class ExchangeServerNotFound(LabError):
    """exchange-cmdlets.md §3.5 (2013 text): a server identity that names no Exchange server."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(f'Exchange server "{name}" was not found. Please make sure you typed the name correctly.')


def local_exchange_server(lab: Any, computer: str) -> exchange.ExchangeServer:
    """The Exchange server the shell runs on, for the cmdlets that act on the local server only
    (the 2007 certificate cmdlets); on any other computer, §3.5's error naming it as the lab does."""
    try:
        return exchange.get_exchange_server(lab, computer)
    except directory.ObjectNotFound:
        raise ExchangeServerNotFound(computers.get_computer(lab, computer).name) from None


def error_id(error: LabError) -> str:
    """Exchange's FullyQualifiedErrorId starts with an 8-digit hex id; derive a stable one."""
    return f"{zlib.crc32(type(error).__name__.encode('ascii')):08X}"


class ExchangeTask(Cmdlet):
    """Lab objects in, Exchange objects out; lab errors become Exchange's error records."""

    def fail(self, error: LabError, target: Any = None) -> NoReturn:
        self.throw_terminating(str(error), error_id(error), _category(error), target)

    def report(self, error: LabError, target: Any = None) -> None:
        self.write_error(str(error), error_id(error), _category(error), target)

    def server_object(self, server: exchange.ExchangeServer) -> ExchangeServerObject:
        site_name = server.site.rsplit("/", 1)[-1]
        site = _site_id(directory.get_site(self.lab, site_name), directory.get_domain(self.lab))
        return ExchangeServerObject(server, site, self.session.profile.exchange_install)

    def cas_object(self, cas: exchange.ClientAccessServer) -> ClientAccessServerObject:
        server = exchange.get_exchange_server(self.lab, cas.name)
        rpc = exchange.list_virtual_directories(self.lab, "Rpc", cas.name)
        return ClientAccessServerObject(cas, server, bool(rpc))

    def vdir_object(self, vdir: exchange.VirtualDirectory) -> VirtualDirectoryObject:
        fqdn = exchange.get_exchange_server(self.lab, vdir.server).fqdn
        return VDIR_CLASSES[vdir.kind](vdir, fqdn)

    def mailbox_object(self, mailbox: exchange.Mailbox) -> MailboxObject:
        user = directory.find_user(self.lab, mailbox.sam_account_name)
        return MailboxObject(mailbox, user, exchange.get_exchange_server(self.lab, mailbox.server))

    def unchanged(self, identity: str) -> None:
        self.write_warning(f"The command completed successfully but no settings of '{identity}' have been modified.")


def _category(error: LabError) -> str:
    if isinstance(error, (directory.ObjectNotFound, directory.AmbiguousIdentity)):
        return "InvalidArgument"
    if isinstance(error, (exchange.RecipientExists, directory.ObjectExists, directory.AccountInUse)):
        return "InvalidOperation"
    return "NotSpecified"


def _identity(help_text: str, mandatory: bool = False) -> Param:
    return Param("Identity", object, position=0, mandatory=mandatory, pipeline=True, pipeline_by_name=True,
                 help=help_text, display_type="ServerIdParameter")


# -- Get-ExchangeServer ------------------------------------------------------------------------------
class GetExchangeServer(ExchangeTask):
    name = "Get-ExchangeServer"
    dotnet_class = _TASKS + "GetExchangeServer"
    synopsis = "Use the Get-ExchangeServer cmdlet to view the attributes of Exchange servers in the organization."
    description = ("Without parameters it lists every Exchange server of the organization; -Identity picks one by "
                   "name, FQDN, legacy DN or GUID and -Domain those of a domain. Pipe to Format-List to see all "
                   "attributes.")
    parameters = (
        Param("Identity", object, position=0, pipeline=True, pipeline_by_name=True, sets=("Identity",),
              display_type="ServerIdParameter", help="The server's name, FQDN, legacy DN or GUID."),
        Param("Domain", str, mandatory=True, sets=("Domain",), display_type="Fqdn",
              help="The FQDN of the domain whose servers are returned."),
    )
    default_set = "Identity"
    examples = (Example("Get-ExchangeServer | Format-List", "Shows every attribute of every Exchange server."),
                Example("Get-ExchangeServer -Identity MBX01 | Format-List", "Shows one server."))

    def process(self) -> None:
        try:
            servers = self._servers()
        except LabError as error:
            self.report(error, self.Identity)
            return
        self.write_objects(self.server_object(s) for s in sorted(servers, key=lambda s: s.name))

    def _servers(self) -> list[exchange.ExchangeServer]:
        if self.Identity is not None:
            return [exchange.get_exchange_server(self.lab, identity_of(self.Identity))]
        servers = exchange.list_exchange_servers(self.lab)
        if self.Domain is not None:
            servers = [s for s in servers if s.domain.lower() == self.Domain.lower()]
        return servers


# -- Get-/Set-ClientAccessServer ---------------------------------------------------------------------
class GetClientAccessServer(ExchangeTask):
    name = "Get-ClientAccessServer"
    dotnet_class = _TASKS + "GetClientAccessServer"
    synopsis = "Use the Get-ClientAccessServer cmdlet to view settings that are associated with the Client Access " \
               "server role."
    description = "Lists the Client Access servers of the organization, or the one -Identity names."
    parameters = (_identity("The Client Access server's name, FQDN, legacy DN or GUID."),)
    examples = (Example("Get-ClientAccessServer | Format-List", "Shows the Autodiscover settings of every CAS."),)

    def process(self) -> None:
        try:
            if self.Identity is not None:
                found = [exchange.get_client_access_server(self.lab, identity_of(self.Identity))]
            else:
                found = sorted(exchange.list_client_access_servers(self.lab), key=lambda c: c.name)
        except LabError as error:
            self.report(error, self.Identity)
            return
        self.write_objects(self.cas_object(cas) for cas in found)


class SetClientAccessServer(ExchangeTask):
    name = "Set-ClientAccessServer"
    dotnet_class = _TASKS + "SetClientAccessServer"
    synopsis = "Use the Set-ClientAccessServer cmdlet to set properties on specified Client Access server objects."
    description = ("-AutoDiscoverServiceInternalUri sets the URL the server publishes in its Autodiscover service "
                   "connection point: where domain-joined Outlook 2007 clients look for Autodiscover. $null "
                   "clears it.")
    parameters = (
        _identity("The Client Access server to change.", mandatory=True),
        Param("AutoDiscoverServiceInternalUri", URI, display_type="Uri",
              help="The Autodiscover URL published in Active Directory."),
    )
    supports_should_process = True
    examples = (Example("Set-ClientAccessServer -Identity CAS01 -AutoDiscoverServiceInternalUri "
                        "https://autodiscover.ehlo.dk/Autodiscover/Autodiscover.xml",
                        "Publishes the Autodiscover URL of the load-balanced name."),)

    def process(self) -> None:
        identity = identity_of(self.Identity)
        try:
            cas = exchange.get_client_access_server(self.lab, identity)
        except LabError as error:
            self.fail(error, identity)
        if "AutoDiscoverServiceInternalUri" not in self.bound or \
                self.AutoDiscoverServiceInternalUri == cas.autodiscover_service_internal_uri:
            self.unchanged(cas.name)
            return
        if self.should_process(cas.name):
            exchange.set_autodiscover_internal_uri(self.lab, cas.name, self.AutoDiscoverServiceInternalUri)


# -- Get-/Set-*VirtualDirectory ----------------------------------------------------------------------
class _GetVirtualDirectory(ExchangeTask):
    kind = ""
    parameters = (
        Param("Identity", object, position=0, pipeline=True, pipeline_by_name=True, sets=("Identity",),
              display_type="VirtualDirectoryIdParameter",
              help="SERVER\\name of the virtual directory, e.g. \"CAS01\\owa (Default Web Site)\"."),
        Param("Server", object, mandatory=True, sets=("Server",), pipeline=True, display_type="ServerIdParameter",
              help="Return the server's virtual directories of this kind."),
    )
    default_set = "Identity"

    def process(self) -> None:
        try:
            found = self._find()
        except LabError as error:
            self.report(error, self.Identity)
            return
        self.write_objects(self.vdir_object(v) for v in found)

    def _find(self) -> list[exchange.VirtualDirectory]:
        if self.Identity is not None:
            return [exchange.get_virtual_directory(self.lab, identity_of(self.Identity), self.kind)]
        server = identity_of(self.Server) if self.Server is not None else None
        return sorted(exchange.list_virtual_directories(self.lab, self.kind, server), key=lambda v: v.identity)


class _SetVirtualDirectory(ExchangeTask):
    kind = ""
    parameters = (
        Param("Identity", object, position=0, mandatory=True, pipeline=True, pipeline_by_name=True,
              display_type="VirtualDirectoryIdParameter",
              help="SERVER\\name of the virtual directory, e.g. \"CAS01\\owa (Default Web Site)\"."),
        Param("InternalUrl", URI, display_type="Uri", help="The URL clients inside the network use ($null clears)."),
        Param("ExternalUrl", URI, display_type="Uri", help="The URL clients on the Internet use ($null clears)."),
    )
    supports_should_process = True

    def process(self) -> None:
        identity = identity_of(self.Identity)
        try:
            vdir = exchange.get_virtual_directory(self.lab, identity, self.kind)
        except LabError as error:
            self.fail(error, identity)
        changes = {name.lower() + "_url": getattr(self, name + "Url") for name in ("Internal", "External")
                   if name + "Url" in self.bound and getattr(self, name + "Url") != getattr(vdir, name.lower() + "_url")}
        if not changes:
            self.unchanged(vdir.identity)
            return
        if self.should_process(vdir.identity):
            exchange.set_virtual_directory_urls(self.lab, vdir.identity, self.kind, **changes)


def _vdir_cmdlets(kind: str) -> tuple[type[Cmdlet], type[Cmdlet]]:
    noun = VDIR_TYPES[kind][0]
    example = f"Set-{noun} -Identity \"CAS01\\{_DEFAULT_NAMES[kind]}\" -InternalUrl https://mail.ehlo.dk/{_PATHS[kind]}"
    get = type(f"Get{noun}", (_GetVirtualDirectory,), {
        "name": f"Get-{noun}", "kind": kind, "dotnet_class": _TASKS + f"Get{noun}",
        "synopsis": f"Use the Get-{noun} cmdlet to view the {_LABELS[kind]} virtual directories of Client Access "
                    f"servers.",
        "description": "Lists every such directory, those of -Server, or the one -Identity names, with its internal "
                       "and external URLs.",
        "examples": (Example(f"Get-{noun} | Format-List Server,Name,*Url", "Shows the URLs of every server."),),
    })
    set_ = type(f"Set{noun}", (_SetVirtualDirectory,), {
        "name": f"Set-{noun}", "kind": kind, "dotnet_class": _TASKS + f"Set{noun}",
        "synopsis": f"Use the Set-{noun} cmdlet to set the URLs of a {_LABELS[kind]} virtual directory.",
        "description": "-InternalUrl and -ExternalUrl are what Autodiscover hands out and what the Test-*Connectivity "
                       "cmdlets test; $null clears one.",
        "examples": (Example(example, "Points the internal URL at the load-balanced name."),),
    })
    return get, set_


_LABELS = {"Owa": "Outlook Web Access", "WebServices": "Exchange Web Services", "Oab": "offline address book",
           "ActiveSync": "Exchange ActiveSync", "Autodiscover": "Autodiscover", "UM": "Unified Messaging"}
_DEFAULT_NAMES = {"Owa": "owa (Default Web Site)", "WebServices": "EWS (Default Web Site)",
                  "Oab": "OAB (Default Web Site)", "ActiveSync": "Microsoft-Server-ActiveSync (Default Web Site)",
                  "Autodiscover": "Autodiscover (Default Web Site)", "UM": "UnifiedMessaging (Default Web Site)"}
_PATHS = {"Owa": "owa", "WebServices": "EWS/Exchange.asmx", "Oab": "OAB", "ActiveSync": "Microsoft-Server-ActiveSync",
          "Autodiscover": "Autodiscover/Autodiscover.xml", "UM": "UnifiedMessaging/Service.asmx"}
VDIR_CMDLETS = tuple(cmdlet for kind in VDIR_TYPES for cmdlet in _vdir_cmdlets(kind))


# -- Get-MailboxDatabase ------------------------------------------------------------------------------
class GetMailboxDatabase(ExchangeTask):
    name = "Get-MailboxDatabase"
    dotnet_class = _TASKS + "GetMailboxDatabase"
    synopsis = "Use the Get-MailboxDatabase cmdlet to retrieve one or more mailbox database objects."
    description = "Lists the mailbox databases of the organization, of a -Server, or the one -Identity names."
    parameters = (
        Param("Identity", object, position=0, pipeline=True, pipeline_by_name=True, sets=("Identity",),
              display_type="DatabaseIdParameter", help="SERVER\\Storage Group\\Database, or a unique name."),
        Param("Server", object, mandatory=True, sets=("Server",), display_type="ServerIdParameter",
              help="Return this server's databases."),
    )
    default_set = "Identity"
    examples = (Example("Get-MailboxDatabase -Server MBX01", "Lists the databases of MBX01."),)

    def process(self) -> None:
        try:
            if self.Identity is not None:
                found = [exchange.get_database(self.lab, identity_of(self.Identity))]
            else:
                server = identity_of(self.Server) if self.Server is not None else None
                found = sorted(exchange.list_databases(self.lab, server), key=lambda d: d.identity.lower())
        except LabError as error:
            self.report(error, self.Identity)
            return
        self.write_objects(MailboxDatabaseObject(d) for d in found)


# -- Get-Mailbox, New-Mailbox --------------------------------------------------------------------------
class GetMailbox(ExchangeTask):
    name = "Get-Mailbox"
    dotnet_class = _RECIPIENT_TASKS + "GetMailbox"
    synopsis = "Use the Get-Mailbox cmdlet to retrieve the attributes and objects for a mailbox."
    description = ("Lists mailboxes: the one -Identity names (name, alias, e-mail address, UPN, DOMAIN\\user, "
                   "GUID...), those of a -Server or -Database, or all. -ResultSize caps the list (1000 by default, "
                   "Unlimited for all).")
    parameters = (
        Param("Identity", object, position=0, pipeline=True, pipeline_by_name=True, sets=("Identity",),
              display_type="MailboxIdParameter", help="The mailbox: name, alias, address, UPN or DOMAIN\\user."),
        Param("Server", object, mandatory=True, sets=("Server",), display_type="ServerIdParameter",
              help="Return the mailboxes on this server."),
        Param("Database", object, mandatory=True, sets=("Database",), display_type="DatabaseIdParameter",
              help="Return the mailboxes in this database."),
        Param("ResultSize", RESULT_SIZE_TYPE, display_type="Unlimited", help="How many mailboxes at most, or Unlimited."),
    )
    default_set = "Identity"
    examples = (Example("Get-Mailbox -ResultSize Unlimited", "Lists every mailbox."),
                Example("Get-Mailbox CAS_fbdd554565104f38@ehlo.dk -ErrorAction SilentlyContinue",
                        "Returns nothing (and no error) when the test user does not exist."))

    def process(self) -> None:
        limit = self._limit()
        try:
            found = self._mailboxes()
        except LabError as error:
            self.report(error, self.Identity)
            return
        self.write_objects(self.mailbox_object(m) for m in found[:limit])
        if limit is not None and len(found) > limit:
            self.write_warning(RESULT_SIZE_WARNING.format(limit))

    def _limit(self) -> int | None:
        if self.ResultSize is None:
            return RESULT_SIZE
        return None if self.ResultSize == UNLIMITED_SIZE else self.ResultSize

    def _mailboxes(self) -> list[exchange.Mailbox]:
        if self.Identity is not None:
            return [exchange.find_mailbox(self.lab, identity_of(self.Identity))]
        server = identity_of(self.Server) if self.Server is not None else None
        database = identity_of(self.Database) if self.Database is not None else None
        return sorted(exchange.list_mailboxes(self.lab, server, database), key=lambda m: m.name.lower())


class NewMailbox(ExchangeTask):
    name = "New-Mailbox"
    dotnet_class = _RECIPIENT_TASKS + "NewMailbox"
    synopsis = "Use the New-Mailbox cmdlet to create a user in Active Directory and mailbox-enable this new user."
    description = ("Creates the user in the Users container and its mailbox in -Database. The alias defaults to "
                   "the part of the UPN before '@', the sAMAccountName to the alias (20 characters at most).")
    parameters = (
        Param("Name", str, mandatory=True, position=0, help="The user's common name."),
        Param("UserPrincipalName", str, mandatory=True, help="The logon name, user@domain."),
        Param("Password", SecureString, mandatory=True, help="The initial password."),
        Param("Database", object, mandatory=True, display_type="DatabaseIdParameter",
              help="The mailbox database: SERVER\\Storage Group\\Database, or a unique name."),
        Param("Alias", str, help="The mailbox alias (the local part of its e-mail address)."),
        Param("DisplayName", str, help="The name shown in address lists."),
        Param("FirstName", str), Param("LastName", str),
        Param("SamAccountName", str, help="The pre-Windows 2000 logon name."),
        Param("OrganizationalUnit", str, display_type="OrganizationalUnitIdParameter",
              help="Where the user is created; the lab has the Users container only."),
    )
    supports_should_process = True
    examples = (Example("New-Mailbox -Name 'Kim Akers' -UserPrincipalName kim@ehlo.dk -Password (Read-Host "
                        "-AsSecureString 'Password') -Database 'MBX01\\First Storage Group\\Mailbox Database'",
                        "Creates the user Kim Akers with a mailbox."),)

    def process(self) -> None:
        self._check_unit()
        alias = self.Alias or self.UserPrincipalName.split("@", 1)[0]
        if not self.should_process(self.Name):
            return
        try:
            mailbox = exchange.create_user_with_mailbox(
                self.lab, name=self.Name, alias=alias, password=self.Password.reveal(),
                database=identity_of(self.Database), user_principal_name=self.UserPrincipalName,
                sam_account_name=self.SamAccountName, display_name=self.DisplayName,
                first_name=self.FirstName or "", last_name=self.LastName or "")
        except LabError as error:
            self.fail(error, self.Name)
        self.write_object(self.mailbox_object(mailbox))

    def _check_unit(self) -> None:
        if self.OrganizationalUnit is None:
            return
        domain = directory.get_domain(self.lab)
        users = ("Users", f"{domain.fqdn}/Users", f"CN=Users,{domain.distinguished_name}")
        if self.OrganizationalUnit.lower() not in (u.lower() for u in users):
            self.fail(directory.ObjectNotFound(self.OrganizationalUnit, directory.domain_controller(self.lab)),
                      self.OrganizationalUnit)


CMDLETS = (GetExchangeServer, GetClientAccessServer, SetClientAccessServer, *VDIR_CMDLETS, GetMailboxDatabase,
           GetMailbox, NewMailbox)
