"""Client access over the wire: what the Exchange servers listen on, and requests made to them
from a lab computer.

Endpoints (ENDPOINTS): each Client Access server serves its virtual directories over HTTPS on
443 (and HTTP on 80) while IIS (W3SVC, plus HTTP SSL for 443) runs, POP3 on 995/110 and IMAP4 on
993/143 while their Exchange services run (both are Manual and stopped after setup); each Hub
Transport server answers SMTP on 25 and 587 while MSExchangeTransport runs. A TLS endpoint
presents the certificate Exchange bound to that service (certstore.server_certificate).

A connection is made by the network layer (`network.connect`: name resolution, the NLB cluster,
latency); this module adds the application layer on the computer that answered:

    listening(lab, computer) -> [Endpoint]            what answers there now
    refuses(lab, computer, port) -> bool              a served port whose service is stopped
    parse_url(text) -> Url                            System.Uri's rules; Url.text prints as Uri does
    open_channel(lab, client, host, port, tls=None) -> Channel
                                                      TCP (+ TLS): who answered, the certificate and
                                                      the client's verdict (problem(), chain_problems())
    request(lab, client, url, method, body, credentials, trust_any) -> Response
                                                      one HTTP(S) exchange with IIS/Exchange
    autodiscover_response(lab, cas, body) -> str      the POX answer (adcs-nlb-autodiscover.md §6.2)
    autodiscover_settings(lab, cas, mailbox)          what that answer holds
    pox_request(email) / parse_settings(xml)          Outlook's request; the URLs of an answer
    server_version(admin_display_version) -> str      the POX ServerVersion hex
    mailbox_store_reachable(lab, cas, mailbox_server) whether a CAS reaches a store
    test_user / reset_test_credentials / test_credentials
                                                      the Exchange 2007 CAS test account

The client checks the server certificate the way Windows does (pki.check_server_certificate):
chain to a root in *the client's* trust stores at lab time, validity dates, the host name
against the SAN DNS names (the CN only without SAN), Server Authentication. `request` raises
TrustFailure unless the caller trusts any certificate; the failure names the problem with
.NET's SslPolicyErrors names and CryptoAPI's chain texts.

Failures are `ClientAccessError`s whose text is the .NET WebException message for the same failure
(the class names follow WebExceptionStatus: NameResolutionFailure, ConnectFailure, SendFailure,
TrustFailure).

Document kind owned here:

    cas-test-credentials  key mailbox server NAME   {user: sAMAccountName, password}
        the test account Test-*Connectivity signs in with for that mailbox server, stored when
        its credentials are reset (Test-ActiveSyncConnectivity -ResetTestAccountCredentials)
"""
from __future__ import annotations

import base64
import html
import re
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Callable, NamedTuple

from emshell.lab import computers, directory, exchange, network
from emshell.lab.lab import Lab, LabError

if TYPE_CHECKING:  # certstore and pki load `cryptography`: imported when a TLS handshake needs them
    from emshell.lab import certstore, pki

CREDENTIALS_KIND = "cas-test-credentials"


# -- endpoints ----------------------------------------------------------------------------------
class Endpoint(NamedTuple):
    role: str  # the Exchange role whose servers listen
    port: int
    protocol: str  # HTTPS | HTTP | POP3 | IMAP4 | SMTP
    services: tuple[str, ...]  # Windows services that must be running
    certificate: str | None  # the certstore.Services binding whose certificate a TLS handshake presents
    implicit_tls: bool  # TLS from the first byte (else plain text, STARTTLS where offered)


ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint("ClientAccess", 443, "HTTPS", ("W3SVC", "HTTPFilter"), "IIS", True),
    Endpoint("ClientAccess", 80, "HTTP", ("W3SVC",), None, False),
    Endpoint("ClientAccess", 995, "POP3", ("MSExchangePOP3",), "POP", True),
    Endpoint("ClientAccess", 110, "POP3", ("MSExchangePOP3",), "POP", False),
    Endpoint("ClientAccess", 993, "IMAP4", ("MSExchangeIMAP4",), "IMAP", True),
    Endpoint("ClientAccess", 143, "IMAP4", ("MSExchangeIMAP4",), "IMAP", False),
    Endpoint("HubTransport", 25, "SMTP", ("MSExchangeTransport",), "SMTP", False),
    Endpoint("HubTransport", 587, "SMTP", ("MSExchangeTransport",), "SMTP", False),
)


def listening(lab: Lab, computer: str) -> list[Endpoint]:
    """The endpoints a computer answers on now (its roles, and their services running)."""
    machine = computers.get_computer(lab, computer)
    running = {s.name.lower() for s in computers.list_services(lab, machine.name) if s.status == "Running"}
    return [e for e in ENDPOINTS if e.role in machine.roles and all(s.lower() in running for s in e.services)]


def refuses(lab: Lab, computer: str, port: int) -> bool:
    """Whether a computer actively refuses TCP connections to `port`: one of its Exchange roles
    serves that port but the service behind it is not running (POP3 and IMAP4 after setup, IIS or
    transport stopped). Ports the lab does not model for the computer's roles are taken as open."""
    roles = computers.get_computer(lab, computer).roles
    served = [e for e in ENDPOINTS if e.port == port and e.role in roles]
    return bool(served) and not any(e.port == port for e in listening(lab, computer))


# -- URLs (System.Uri's rules, as far as Exchange URLs need them) --------------------------------
DEFAULT_PORTS = {"http": 80, "https": 443}
_URL = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://(?P<host>[^/:?#]*)(?::(?P<port>[^/?#]*))?"
                  r"(?P<path>[^?#]*)(?P<query>\?[^#]*)?(?:#.*)?$")
_HOST = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$")


class InvalidUrl(LabError):
    """System.UriFormatException: the texts of .NET 2.0."""


class Url(NamedTuple):
    scheme: str  # lower case
    host: str  # lower case, as typed otherwise
    port: int  # -1 for a scheme without a default port
    path: str  # "/" at least
    query: str  # "" or "?..."

    @property
    def text(self) -> str:
        """Uri.ToString(): scheme and host in lower case, the port only when not the default."""
        port = "" if self.port in (-1, DEFAULT_PORTS.get(self.scheme)) else f":{self.port}"
        return f"{self.scheme}://{self.host}{port}{self.path}{self.query}"

    def with_path(self, path: str, query: str = "") -> "Url":
        return self._replace(path=path, query=query)


def parse_url(text: str) -> Url:
    match = _URL.match(text.strip())
    if match is None:
        raise InvalidUrl("Invalid URI: The format of the URI could not be determined.")
    scheme, host = match["scheme"].lower(), match["host"]
    if not _HOST.match(host):
        raise InvalidUrl("Invalid URI: The hostname could not be parsed.")
    port_text = match["port"]
    if port_text is None or port_text == "":
        port = DEFAULT_PORTS.get(scheme, -1)
    elif port_text.isdigit() and int(port_text) <= 65535:
        port = int(port_text)
    else:
        raise InvalidUrl("Invalid URI: Invalid port specified.")
    return Url(scheme, host.lower(), port, match["path"] or "/", match["query"] or "")


# -- failures -----------------------------------------------------------------------------------
class ClientAccessError(LabError):
    """A request failed before an HTTP answer."""


class NameResolutionFailure(ClientAccessError):
    def __init__(self, host: str) -> None:
        super().__init__(f"The remote name could not be resolved: '{host}'")


class ConnectFailure(ClientAccessError):
    def __init__(self, reason: str) -> None:
        super().__init__("Unable to connect to the remote server")
        self.reason = reason  # the socket-level cause, for logs and tests


class SendFailure(ClientAccessError):
    """The server has no certificate for the service, so the TLS handshake is cut off."""

    def __init__(self) -> None:
        super().__init__("The underlying connection was closed: An unexpected error occurred on a send.")


class TrustFailure(ClientAccessError):
    """The client rejected the server's certificate; `channel` has the certificate and the verdict."""

    def __init__(self, channel: "Channel") -> None:
        super().__init__(
            "The underlying connection was closed: Could not establish trust relationship for the SSL/TLS "
            "secure channel."
        )
        self.channel = channel


# CryptoAPI's texts for the chain problems (CERT_E_* / TRUST_E_* messages), by X509ChainStatusFlags name.
CHAIN_STATUS_TEXT = {
    "NotTimeValid": "A required certificate is not within its validity period when verifying against the "
                    "current system clock or the timestamp in the signed file.",
    "NotSignatureValid": "The signature of the certificate cannot be verified.",
    "NotValidForUsage": "The certificate is not valid for the requested usage.",
    "UntrustedRoot": "A certificate chain processed, but terminated in a root certificate which is not trusted "
                     "by the trust provider.",
    "InvalidBasicConstraints": "A certificate's basic constraint extension has not been observed.",
    "PartialChain": "A certificate chain could not be built to a trusted root authority.",
}


# -- channels -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Channel:
    """An open connection: who answered, and (TLS) the certificate and the client's verdict on it."""

    client: str
    host: str  # the name the client asked for
    port: int
    server: str  # the computer that answered
    address: str
    via_cluster: bool
    latency_ms: float
    endpoint: Endpoint
    certificate: certstore.StoreEntry | None
    check: pki.ServerCertificateCheck | None

    @property
    def trusted(self) -> bool:
        return self.check is None or self.check.ok

    @property
    def certificate_subject(self) -> str:
        from emshell.lab import pki

        return pki.subject_string(self.certificate.cert) if self.certificate else ""

    def problem(self) -> str:
        """The rejected certificate as Exchange's test tasks quote it (real-outputs.md §8A):
        `"<SslPolicyErrors>:<Subject>"`; empty when the certificate passed."""
        if self.check is None or self.check.ok:
            return ""
        return f'"{self.check.ssl_policy_errors}:{self.certificate_subject}"'

    def chain_problems(self) -> list[str]:
        """CryptoAPI's text for each problem of the certificate's chain, in flag order."""
        if self.check is None:
            return []
        return [CHAIN_STATUS_TEXT[status] for status in self.check.chain_status if status in CHAIN_STATUS_TEXT]


def open_channel(lab: Lab, client: str, host: str, port: int, tls: bool | None = None) -> Channel:
    """Connect from `client` to host:port and, for a TLS endpoint (or `tls=True` after STARTTLS),
    take the server's certificate and check it as the client sees it now."""
    from emshell.lab import certstore, pki

    connection = _connect(lab, client, host, port)
    endpoint = next((e for e in listening(lab, connection.server) if e.port == port), None)
    if endpoint is None:
        raise ConnectFailure(
            f"No connection could be made because the target machine actively refused it {connection.address}:{port}"
        )
    certificate = check = None
    if endpoint.implicit_tls if tls is None else tls:
        if endpoint.certificate is None:
            raise SendFailure()
        certificate = certstore.server_certificate(lab, connection.server, certstore.Services[endpoint.certificate])
        if certificate is None:
            raise SendFailure()
        chain = certstore.validate(lab, connection.client, certificate.cert)
        check = pki.check_server_certificate(certificate.cert, chain, host)
    return Channel(connection.client, host, port, connection.server, connection.address, connection.via_cluster,
                   connection.latency_ms, endpoint, certificate, check)


def _connect(lab: Lab, client: str, host: str, port: int) -> network.Connection:
    try:
        return network.connect(lab, client, host, port)
    except network.NameNotResolved:
        raise NameResolutionFailure(host) from None
    except network.NetworkError as error:
        raise ConnectFailure(str(error)) from None


# -- HTTP ---------------------------------------------------------------------------------------
class Credentials(NamedTuple):
    """Who the request authenticates as; `password` None means the caller's own logon (integrated)."""

    user: str
    password: str | None = None


class Response(NamedTuple):
    channel: Channel
    url: Url
    status: int
    reason: str
    headers: tuple[tuple[str, str], ...]
    body: str
    elapsed_ms: float

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


REASONS = {200: "OK", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
           501: "Not Implemented", 503: "Service Unavailable"}

# Virtual directory kinds by the first path segment they serve, and whether IIS requires SSL
# there (Exchange 2007 setup requires it everywhere but on the OAB directory).
PATH_KINDS = {"owa": "Owa", "microsoft-server-activesync": "ActiveSync", "autodiscover": "Autodiscover",
              "ews": "WebServices", "oab": "Oab", "unifiedmessaging": "UM"}
SSL_OPTIONAL = frozenset({"Oab"})
ANONYMOUS = frozenset({"Owa"})  # forms-based authentication: the logon page is public

# Server time spent on one request, by virtual directory kind (ms); the rest is the network's.
SERVER_MS = {"Owa": 140, "ActiveSync": 180, "Autodiscover": 90, "WebServices": 60, "Oab": 30, "UM": 40}


def request(
    lab: Lab,
    client: str,
    url: str | Url,
    method: str = "GET",
    body: str = "",
    credentials: Credentials | None = None,
    trust_any: bool = False,
) -> Response:
    """One HTTP(S) request from `client`, answered by whichever server the network picks."""
    target = url if isinstance(url, Url) else parse_url(url)
    if target.scheme not in DEFAULT_PORTS:
        raise ClientAccessError("The URI prefix is not recognized.")
    channel = open_channel(lab, client, target.host, target.port, tls=target.scheme == "https")
    if not channel.trusted and not trust_any:
        raise TrustFailure(channel)
    kind = _vdir_kind(lab, channel.server, target)
    status, content_type, text = _serve(lab, channel, target, kind, method.upper(), body, credentials)
    elapsed = channel.latency_ms * (3 if channel.certificate else 2) + SERVER_MS.get(kind or "", 5)
    elapsed += lab.random.randint(0, 40_000, stream="network") / 1000  # the rest of the round trip, to the µs
    headers = _headers(lab, channel.server, kind, content_type, text)
    return Response(channel, target, status, REASONS[status], headers, text, float(elapsed))


def _vdir_kind(lab: Lab, server: str, url: Url) -> str | None:
    first = url.path.strip("/").split("/", 1)[0].lower()
    kind = PATH_KINDS.get(first)
    if kind is None or not exchange.list_virtual_directories(lab, kind, server):
        return None
    return kind


def _serve(lab: Lab, channel: Channel, url: Url, kind: str | None, method: str, body: str,
           credentials: Credentials | None) -> tuple[int, str, str]:
    """(status, content type, body) of the answering server."""
    if kind is None:
        return 404, "text/html", ""
    if url.scheme == "http" and kind not in SSL_OPTIONAL:
        return 403, "text/html", ""
    if kind not in ANONYMOUS and not _authenticated(lab, credentials):
        return 401, "text/html", ""
    return HANDLERS[kind](lab, channel, url, method, body, credentials)


def _authenticated(lab: Lab, credentials: Credentials | None) -> bool:
    if credentials is None:
        return False
    try:
        directory.find_user(lab, credentials.user)
    except LabError:
        return False
    return credentials.password is None or directory.check_password(lab, credentials.user, credentials.password)


def _headers(lab: Lab, server: str, kind: str | None, content_type: str, text: str) -> tuple[tuple[str, str], ...]:
    """IIS 6 / ASP.NET 2.0 response headers in the order IIS writes them; X-FEServer names the
    node that answered."""
    headers = [("Date", http_date(lab.clock.now())), ("Server", "Microsoft-IIS/6.0"), ("X-Powered-By", "ASP.NET"),
               ("X-AspNet-Version", "2.0.50727")]
    if kind == "Owa":
        headers.append(("X-OWA-Version", _build(lab, server)))
    headers += [("X-FEServer", server), ("Cache-Control", "private"), ("Content-Type", content_type),
                ("Content-Length", str(len(text.encode("utf-8"))))]
    return tuple(headers)


DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def http_date(moment: datetime) -> str:
    """RFC 1123, as IIS writes the Date header (English names whatever the host's locale)."""
    return f"{DAYS[moment.weekday()]}, {moment:%d} {MONTHS[moment.month - 1]} {moment:%Y %H:%M:%S} GMT"


def _build(lab: Lab, server: str) -> str:
    """`Version 8.1 (Build 240.6)` -> `8.1.240.6`."""
    version = exchange.get_exchange_server(lab, server).admin_display_version
    return ".".join(re.findall(r"\d+", version))


# -- what each virtual directory answers --------------------------------------------------------
Handler = Callable[[Lab, Channel, Url, str, str, "Credentials | None"], tuple[int, str, str]]

OWA_LOGON_PAGE = """<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>Microsoft Exchange - Outlook Web Access</title>
</head>
<body>
<form action="/owa/auth/owaauth.dll" method="POST" name="logonForm" autocomplete="off">
<input type="hidden" name="destination" value={destination}>
<input type="hidden" name="flags" value="0">
<input type="text" id="username" name="username">
<input type="password" id="password" name="password">
<input type="submit" class="btn" value="Log On">
</form>
</body>
</html>
"""


def _owa(lab: Lab, channel: Channel, url: Url, method: str, body: str, credentials: Credentials | None
         ) -> tuple[int, str, str]:
    """The logon page for anyone; the forms-based sign-in (owaauth.dll) opens the user's mailbox."""
    if url.path.lower().endswith("/auth/owaauth.dll") and method == "POST":
        if not _authenticated(lab, credentials):
            return 401, "text/html", ""
        return _mailbox_status(lab, channel, credentials), "text/html; charset=utf-8", ""
    if method not in ("GET", "HEAD"):
        return 405, "text/html", ""
    page = OWA_LOGON_PAGE.format(destination=f'"{html.escape(url.with_path("/owa/").text)}"')
    return 200, "text/html; charset=utf-8", page.replace("\n", "\r\n")


# Exchange ActiveSync 12.1 (Exchange 2007 SP1) as the OPTIONS answer advertises it.
EAS_VERSIONS = "1.0,2.0,2.1,2.5,12.0,12.1"
EAS_COMMANDS = ("Sync", "SendMail", "SmartForward", "SmartReply", "GetAttachment", "GetHierarchy",
                "CreateCollection", "DeleteCollection", "MoveCollection", "FolderSync", "FolderCreate",
                "FolderDelete", "FolderUpdate", "MoveItems", "GetItemEstimate", "MeetingResponse", "Search",
                "Settings", "Ping", "ItemOperations", "Provision", "ResolveRecipients", "ValidateCert")


def _activesync(lab: Lab, channel: Channel, url: Url, method: str, body: str, credentials: Credentials | None
                ) -> tuple[int, str, str]:
    """OPTIONS answers from the CAS; a command (POST ?Cmd=...) needs the user's mailbox store."""
    if method == "OPTIONS":
        return 200, "application/vnd.ms-sync.wbxml", ""
    if method != "POST":
        return 501, "text/html", ""
    return _mailbox_status(lab, channel, credentials), "application/vnd.ms-sync.wbxml", ""


def _mailbox_status(lab: Lab, channel: Channel, credentials: Credentials | None) -> int:
    """200 when the signed-in user's mailbox store answers the CAS, else 503."""
    try:
        mailbox = exchange.find_mailbox(lab, credentials.user) if credentials else None
    except LabError:
        mailbox = None
    if mailbox is None or not mailbox_store_reachable(lab, channel.server, mailbox.server):
        return 503
    return 200


def mailbox_store_reachable(lab: Lab, cas: str, mailbox_server: str) -> bool:
    """Whether a CAS can reach the Information Store of a mailbox server (RPC, port 135)."""
    try:
        network.connect(lab, cas, computers.get_computer(lab, mailbox_server).fqdn, 135)
    except network.NetworkError:
        return False
    store = computers.get_service(lab, mailbox_server, "MSExchangeIS")
    return store.status == "Running"


def _web_service(lab: Lab, channel: Channel, url: Url, method: str, body: str, credentials: Credentials | None
                 ) -> tuple[int, str, str]:
    return 200, "text/html; charset=utf-8", ""


def _autodiscover(lab: Lab, channel: Channel, url: Url, method: str, body: str, credentials: Credentials | None
                  ) -> tuple[int, str, str]:
    text = autodiscover_response(lab, channel.server, body if method == "POST" else "")
    return 200, "text/xml; charset=utf-8", text


HANDLERS: dict[str, Handler] = {"Owa": _owa, "ActiveSync": _activesync, "Autodiscover": _autodiscover,
                                "WebServices": _web_service, "Oab": _web_service, "UM": _web_service}


# -- Autodiscover (adcs-nlb-autodiscover.md §6) ----------------------------------------------------
REQUEST_NS = "http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006"
RESPONSE_NS = "http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006"
OUTLOOK_NS = "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a"
OWA_AUTHENTICATION = "Fba"  # Exchange 2007 OWA default: forms-based authentication


class AutodiscoverSettings(NamedTuple):
    """What the Outlook provider hands out for one mailbox (the EXCH and WEB protocol blocks)."""

    display_name: str
    legacy_dn: str
    deployment_id: str
    server: str
    server_dn: str
    server_version: str
    mdb_dn: str
    as_url: str | None
    oof_url: str | None
    um_url: str | None
    oab_url: str | None
    owa_urls: tuple[str, ...]


def server_version(admin_display_version: str) -> str:
    """The POX ServerVersion: hex of major<<22 | minor<<16 | build, with the 0x70008000 marks
    every sample carries (72008287 = 8.0.647; 738180DA = 14.1.218)."""
    major, minor, build = (int(n) for n in re.findall(r"\d+", admin_display_version)[:3])
    return f"{0x70008000 | major << 22 | minor << 16 | build:08X}"


def autodiscover_settings(lab: Lab, cas: str, mailbox: exchange.Mailbox) -> AutodiscoverSettings:
    """The settings a CAS returns: its own virtual directories' internal URLs (OWA: every CAS of
    the mailbox's site), the mailbox server for the EXCH block."""
    server = exchange.get_exchange_server(lab, mailbox.server)
    site = server.site
    own = {v.kind: v for v in exchange.list_virtual_directories(lab, server=cas)}
    org = exchange.get_organization(lab)

    def url(kind: str) -> str | None:
        vdir = own.get(kind)
        return vdir.internal_url if vdir else None

    oab = url("Oab")
    owa = tuple(
        v.internal_url for v in exchange.list_virtual_directories(lab, "Owa")
        if v.internal_url and exchange.get_exchange_server(lab, v.server).site == site
    )
    return AutodiscoverSettings(
        display_name=mailbox.display_name,
        legacy_dn=mailbox.legacy_exchange_dn,
        deployment_id=org.guid,
        server=server.fqdn,
        server_dn=server.exchange_legacy_dn,
        server_version=server_version(server.admin_display_version),
        mdb_dn=f"{server.exchange_legacy_dn}/cn=Microsoft Private MDB",
        as_url=url("WebServices"),
        oof_url=url("WebServices"),
        um_url=url("UM"),
        oab_url=f"{oab.rstrip('/')}/{org.offline_address_book_guid}/" if oab else None,
        owa_urls=owa,
    )


def pox_request(email: str) -> str:
    """The POX request Outlook posts (§6.1)."""
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\r\n<Autodiscover xmlns="{REQUEST_NS}">\r\n  <Request>\r\n'
        f"    <EMailAddress>{html.escape(email, quote=False)}</EMailAddress>\r\n"
        f"    <AcceptableResponseSchema>{OUTLOOK_NS}</AcceptableResponseSchema>\r\n  </Request>\r\n</Autodiscover>\r\n"
    )


def autodiscover_response(lab: Lab, cas: str, body: str) -> str:
    """The Autodiscover service's answer to a POX request body (an error response for a
    malformed request, 600, or an unknown address, 500)."""
    address = _requested_address(body)
    if address is None:
        return _error_response(lab, 600, "Invalid Request")
    try:
        mailbox = exchange.find_mailbox(lab, address)
    except LabError:
        return _error_response(lab, 500, "The e-mail address cannot be found.")
    return _settings_xml(autodiscover_settings(lab, cas, mailbox))


def _requested_address(body: str) -> str | None:
    import xml.etree.ElementTree as ElementTree

    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError:
        return None
    for tag in ("EMailAddress", "LegacyDN"):
        found = root.find(f"{{{REQUEST_NS}}}Request/{{{REQUEST_NS}}}{tag}")
        if found is not None and found.text:
            return found.text.strip()
    return None


def _settings_xml(s: AutodiscoverSettings) -> str:
    def element(indent: int, name: str, value: str | None) -> list[str]:
        return [] if value is None else [f"{' ' * indent}<{name}>{html.escape(value, quote=False)}</{name}>"]

    lines = ['<?xml version="1.0" encoding="utf-8"?>', f'<Autodiscover xmlns="{RESPONSE_NS}">',
             f'  <Response xmlns="{OUTLOOK_NS}">', "    <User>"]
    lines += element(6, "DisplayName", s.display_name) + element(6, "LegacyDN", s.legacy_dn)
    lines += element(6, "DeploymentId", s.deployment_id)
    lines += ["    </User>", "    <Account>", "      <AccountType>email</AccountType>",
              "      <Action>settings</Action>", "      <Protocol>", "        <Type>EXCH</Type>"]
    for name, value in (("Server", s.server), ("ServerDN", s.server_dn), ("ServerVersion", s.server_version),
                        ("MdbDN", s.mdb_dn), ("ASUrl", s.as_url), ("OOFUrl", s.oof_url), ("UMUrl", s.um_url),
                        ("OABUrl", s.oab_url)):
        lines += element(8, name, value)
    lines.append("      </Protocol>")
    if s.owa_urls:
        lines += ["      <Protocol>", "        <Type>WEB</Type>", "        <Internal>"]
        lines += [f'          <OWAUrl AuthenticationMethod="{OWA_AUTHENTICATION}">{html.escape(u, quote=False)}</OWAUrl>'
                  for u in s.owa_urls]
        lines += ["        </Internal>", "      </Protocol>"]
    lines += ["    </Account>", "  </Response>", "</Autodiscover>"]
    return "\r\n".join(lines) + "\r\n"


def _error_response(lab: Lab, code: int, message: str) -> str:
    """§6.2's error form: the generic namespace on <Response>, a time of day and an id."""
    now = lab.clock.now()
    time = f"{now:%H:%M:%S}.{lab.random.randint(0, 9_999_999):07d}"
    error_id = lab.random.randint(1_000_000_000, 4_294_967_295)
    return "\r\n".join([
        '<?xml version="1.0" encoding="utf-8"?>', f'<Autodiscover xmlns="{RESPONSE_NS}">',
        f'  <Response xmlns="{RESPONSE_NS}">', f'    <Error Time="{time}" Id="{error_id}">',
        f"      <ErrorCode>{code}</ErrorCode>", f"      <Message>{html.escape(message, quote=False)}</Message>",
        "      <DebugData />", "    </Error>", "  </Response>", "</Autodiscover>",
    ]) + "\r\n"


def parse_settings(text: str) -> dict[str, list[str]]:
    """The URLs of a POX response, by protocol and element (`{"EXCH/ASUrl": [...], "WEB/OWAUrl": [...]}`),
    as a client reads them; empty for an error response."""
    import xml.etree.ElementTree as ElementTree

    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError:
        return {}
    found: dict[str, list[str]] = {}
    for protocol in root.iter(f"{{{OUTLOOK_NS}}}Protocol"):
        kind = protocol.findtext(f"{{{OUTLOOK_NS}}}Type", "")
        for child in protocol.iter():
            tag = child.tag.split("}", 1)[-1]
            if tag.endswith("Url") and child.text:
                found.setdefault(f"{kind}/{tag}", []).append(child.text.strip())
    return found


# -- the CAS test account (exchange-cmdlets.md §9.5, adcs-nlb-autodiscover.md §8) ------------------
class TestUserMissing(LabError):
    """Test-*Connectivity without its test user (2013 wording; 2007's was not retrieved)."""

    def __init__(self, account: str, mailbox_server_fqdn: str) -> None:
        super().__init__(
            f"Could not find or sign in with user {account}. If this task is being run without credentials, sign in "
            f"as a Domain Administrator, and then run Scripts\\new-TestCasConnectivityUser.ps1 to verify that the "
            f"user exists on Mailbox server {mailbox_server_fqdn}\n\n"  # the resource string ends so (§9.5)
        )
        self.account = account


class TestUserNameError(LabError):
    """The 2013 text (exchange-cmdlets.md §9.5), for a server that is not a mailbox server."""

    def __init__(self, server: str) -> None:
        super().__init__(f"This task failed to build a user name for Mailbox server {server}.  Please check that the "
                         f"server exists and is correctly configured in Active Directory.")


class TestUser(NamedTuple):
    name: str  # CAS_{16 hex}: the user's CN, display name and mailbox alias
    sam_account_name: str  # CAS_<16 hex>: 20 characters, the sAMAccountName limit
    user_principal_name: str


def test_user(lab: Lab, mailbox_server: str) -> TestUser:
    """The 2007 test account of a mailbox server: `CAS_{` + the first 16 hex digits of the
    server's GUID + `}` (the real one is built per mailbox server; e.g. CAS_{fbdd554565104f38})."""
    server = exchange.get_exchange_server(lab, mailbox_server)
    if not server.is_mailbox_server:
        raise TestUserNameError(server.name)
    digits = server.guid.replace("-", "")[:16]
    domain = directory.get_domain(lab).fqdn
    return TestUser(f"CAS_{{{digits}}}", f"CAS_{digits}", f"CAS_{digits}@{domain}")


def reset_test_credentials(lab: Lab, mailbox_server: str) -> directory.User:
    """Give the test account a new random password and remember it for the test tasks."""
    account = test_user(lab, mailbox_server)
    server = exchange.get_exchange_server(lab, mailbox_server)
    user = _test_account(lab, account, server)
    password = "Aa1!" + base64.b32encode(lab.random.bytes(15)).decode("ascii")
    directory.set_password(lab, user.sam_account_name, password)
    lab.store.put(CREDENTIALS_KIND, server.name.upper(), {"user": user.sam_account_name, "password": password})
    return user


def test_credentials(lab: Lab, mailbox_server: str) -> Credentials:
    """The stored sign-in of a mailbox server's test account, else TestUserMissing."""
    account = test_user(lab, mailbox_server)
    server = exchange.get_exchange_server(lab, mailbox_server)
    user = _test_account(lab, account, server)
    stored = lab.store.get(CREDENTIALS_KIND, server.name.upper())
    if stored is None or not directory.check_password(lab, user.sam_account_name, stored["password"]):
        raise TestUserMissing(_logon_name(lab, account), server.fqdn)
    return Credentials(user.sam_account_name, stored["password"])


def _test_account(lab: Lab, account: TestUser, server: exchange.ExchangeServer) -> directory.User:
    try:
        user = directory.find_user(lab, account.sam_account_name)
        mailbox = exchange.find_mailbox(lab, user.sam_account_name)
    except LabError:
        raise TestUserMissing(_logon_name(lab, account), server.fqdn) from None
    if mailbox.server != server.name:
        raise TestUserMissing(_logon_name(lab, account), server.fqdn)
    return user


def _logon_name(lab: Lab, account: TestUser) -> str:
    return f"{directory.get_domain(lab).netbios}\\{account.sam_account_name}"

