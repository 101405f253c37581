"""The Client Access tests of Exchange 2007: Test-ActiveSyncConnectivity, Test-OwaConnectivity and
Test-OutlookWebServices (exchange-cmdlets.md §9-§11, adcs-nlb-autodiscover.md §6, §8,
real-outputs.md §5, §8).

Every test is made over the lab's network from the computer the shell runs on
(`emshell.lab.clientaccess.request`): the name is resolved, the cluster routes the connection,
the answering server presents its certificate and this computer checks it against its own
trust stores at lab time, unless -TrustAnySSLCertificate.

Test-ActiveSyncConnectivity runs the scenarios of §9.3 in order and stops at the first failure;
without -MailboxCredential it signs in as the mailbox server's test user, which
new-TestCasConnectivityUser.ps1 creates ($exscripts). Test-OutlookWebServices asks Autodiscover
for the mailbox's settings (a real POX exchange) and contacts the URLs the answer holds, reporting
the Id/Type/Message records of the 2007 capture (real-outputs.md §8A).
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Iterator, NamedTuple

from emshell.engine import conversion as conv
from emshell.engine.cmdlet import Example, Param, PSCredentialType, Switch
from emshell.engine.objects import PSEnum, PSObject, to_string, type_name
from emshell.engine.types import PSType
from emshell.formatting.views import TableColumn, TableView, register_view
from emshell.lab import clientaccess, computers, directory, exchange
from emshell.lab.lab import LabError

from emshell.cmdlets.client_access import ExchangeTask, identity_of

_MONITORING = "Microsoft.Exchange.Monitoring."
NOTHING_TESTED = "No Client Access servers were tested."
FAILED_LATENCY = timedelta(milliseconds=-1000)  # a failed scenario is re-marked with -1000 ms (§9.3, 2013 code)
DEFAULT_TIMEOUT = 30  # seconds (exchange-cmdlets.md §11)
OWA_TIMEOUT_RANGE = (1, 3599)  # Test-OwaConnectivity: "must be >0 and <3600" (exchange-cmdlets.md §11)
TIMED_OUT = "[System.Net.WebException]: The operation has timed out"

CasTransactionResult = PSEnum("CasTransactionResult", [("Undefined", 0), ("Success", 1), ("Failure", 2),
                                                       ("Skipped", 3)])
CasTransactionResult.__ps_type__ = _MONITORING + "CasTransactionResultEnum"


def _to_uint32(value: Any) -> int:
    """[UInt32], as PowerShell converts an argument to it: numbers and numeric strings, doubles
    rounded to even, anything outside 0..4294967295 refused with .NET's overflow text."""
    if isinstance(value, list):
        if len(value) != 1:
            raise conv.ConversionError("Cannot convert 'System.Object[]' to the type 'System.UInt32' required by "
                                       "parameter. Specified method is not supported.")
        value = value[0]
    try:
        number = conv.to_number(value)
    except conv.ConversionError:
        if isinstance(value, str):
            raise conv.ConversionError(f'Cannot convert value "{value}" to type "System.UInt32". Error: "Input '
                                       f'string was not in a correct format."') from None
        raise conv.ConversionError(f'Cannot convert the "{to_string(value)}" value of type "{type_name(value)}" '
                                   f'to type "System.UInt32".') from None
    number = round(number)  # .NET's Convert rounds half to even, as Python's round
    if not 0 <= number <= 0xFFFFFFFF:
        raise conv.ConversionError(f'Cannot convert value "{to_string(value)}" to type "System.UInt32". Error: '
                                   f'"Value was either too large or too small for a UInt32."')
    return int(number)


# The -Timeout type of the 2007 syntax (exchange-cmdlets.md §9.1, §11). Not registered as [uint32]:
# script casts are the engine's business.
UINT32 = PSType("System.UInt32", _to_uint32, lambda v: isinstance(v, int) and not isinstance(v, bool))


class Scenario(NamedTuple):
    name: str
    description: str
    method: str
    command: str | None  # the ActiveSync command (?Cmd=) of a POST
    wait_ms: int = 0  # time the server holds the request (Ping waits for the new item)
    counter: str = ""  # the performance counter the result feeds


# §9.3, in order. Ping waits for the item the test creates to trigger its response.
ACTIVESYNC_SCENARIOS = (
    Scenario("Options", "Issue an HTTP OPTIONS command to retrieve the Exchange ActiveSync protocol version.",
             "OPTIONS", None),
    Scenario("FolderSync", "Issue a FolderSync command to retrieve the folder hierarchy.", "POST", "FolderSync"),
    Scenario("First Sync", "Initialize the Sync partnership for the test folder and create a sync state on the "
             "server.", "POST", "Sync"),
    Scenario("GetItemEstimate", "Issue a GetItemEstimate command to retrieve count of items waiting to sync.",
             "POST", "GetItemEstimate"),
    Scenario("Sync Data", "Sync all existing data in the test folder.", "POST", "Sync"),
    Scenario("Ping", "Execute Ping command for testing DirectPush against a test folder.  An item is created in "
             "the folder to trigger the Ping response.", "POST", "Ping", 1000, "DirectPush Latency"),
    Scenario("Sync Test Item", "Sync the test item.", "POST", "Sync"),
)
RESET = Scenario("Reset Credentials", "Reset automated credentials for the Client Access test user on Mailbox "
                 "server {server}.", "", None)  # the 2007 transcript, adcs §8
OWA_LOGON = Scenario("Logon", "Log on to Outlook Web Access and verify the response page.", "POST", None)


# -- the outcome object -----------------------------------------------------------------------------
class CasTransactionOutcome(PSObject):
    """One scenario's result; the properties in the order of the 2007 capture (adcs §8)."""

    TYPE_NAMES = (_MONITORING + "CasTransactionOutcome", _MONITORING + "TransactionOutcomeBase",
                  "Microsoft.Exchange.Data.ConfigurableObject", "System.Object")
    PROPERTIES = ("ClientAccessServer", "Scenario", "ScenarioDescription", "PerformanceCounterName", "Result",
                  "MailboxServer", "StartTime", "Latency", "SecureAccess", "Error", "UserName",
                  "VirtualDirectoryName", "Url", "UrlType", "EventType", "Port", "ConnectionType")

    def __init__(self, target: "Target", scenario: Scenario, start: datetime, latency: timedelta | None,
                 error: str = "") -> None:
        self.ClientAccessServer = target.cas
        self.Scenario = scenario.name
        self.ScenarioDescription = scenario.description
        self.PerformanceCounterName = scenario.counter
        self.Result = CasTransactionResult["Failure" if error else "Success"]
        self.MailboxServer = target.mailbox_server
        self.StartTime = start
        self.Latency = FAILED_LATENCY if error or latency is None else latency
        self.SecureAccess = target.url.scheme == "https" if target.url else True
        self.Error = error
        self.UserName = target.user
        self.VirtualDirectoryName = target.vdir
        self.Url = target.url.text if target.url else ""
        self.UrlType = target.url_type
        self.EventType = "Error" if error else "Success"
        self.Port = 0  # POP3/IMAP4 outcomes only
        self.ConnectionType = "Plaintext"  # ditto


def _short_name(fqdn: str) -> str:
    """The table's server columns: the host name without its domain (2010's *ShortName properties)."""
    return fqdn.partition(".")[0]


def _latency_ms(outcome: CasTransactionOutcome) -> str:
    return f"{outcome.Latency / timedelta(milliseconds=1):.2f}"


register_view(CasTransactionOutcome.TYPE_NAMES[0], TableView((
    TableColumn("CasServer", lambda o: _short_name(o.ClientAccessServer), width=10),
    TableColumn("MailboxServer", lambda o: _short_name(o.MailboxServer), width=14),
    TableColumn("Scenario", "Scenario", width=16), TableColumn("Result", "Result", width=8),
    TableColumn("Latency(MS)", _latency_ms, width=11, alignment="right"), TableColumn("Error", "Error"))))


class WebServicesResult(PSObject):
    """A Test-OutlookWebServices record (real-outputs.md §8A)."""

    TYPE_NAMES = (_MONITORING + "TestOutlookWebServicesResult", "System.Object")
    PROPERTIES = ("Id", "Type", "Message")

    def __init__(self, event_id: int, kind: str, message: str) -> None:
        self.Id, self.Type, self.Message = event_id, kind, message


register_view(WebServicesResult.TYPE_NAMES[0], TableView((
    TableColumn("Id", "Id", width=4, alignment="right"), TableColumn("Type", "Type", width=11),
    TableColumn("Message", "Message"))))


# -- what a test runs against ------------------------------------------------------------------------
class Target(NamedTuple):
    cas: str
    mailbox_server: str
    user: str
    vdir: str
    url: clientaccess.Url | None
    url_type: str  # Internal | External | Unknown (a URL given on the command line)
    credentials: clientaccess.Credentials | None


def failure_text(error: LabError, url: clientaccess.Url) -> str:
    """A failed request as the test tasks report it: a rejected certificate in the words of
    §8A, anything else as the .NET exception."""
    if isinstance(error, clientaccess.TrustFailure):
        channel = error.channel
        return " ".join([f"When accessing {url.text} the error {channel.problem()} was reported.",
                         *channel.chain_problems()])
    return f"[System.Net.WebException]: {error}"


def http_failure_text(response: clientaccess.Response) -> str:
    return f"[System.Net.WebException]: The remote server returned an error: ({response.status}) {response.reason}."


class InsecureUrl(LabError):
    """Assumed text: the reference has none for an http:// URL without -AllowUnsecureAccess."""

    def __init__(self, url: str) -> None:
        super().__init__(f"The URL {url} doesn't use SSL. To test it, use the AllowUnsecureAccess parameter.")


class _CasTest(ExchangeTask):
    """What the Test-*Connectivity cmdlets share: which servers, which test user."""

    supports_should_process = True
    confirm_impact = "Low"
    query = ""  # the ShouldProcess question, with {cas}

    def begin(self) -> None:
        self.tested = 0  # servers there was something to test on; none ends with NOTHING_TESTED

    def process(self) -> None:
        try:
            mailbox_servers = self.mailbox_servers()
            if self.ResetTestAccountCredentials:
                self.reset_credentials(mailbox_servers)
                return
            targets = list(self.targets(mailbox_servers))
        except LabError as error:
            self.fail(error, self.ClientAccessServer)
        self.tested += len(targets)
        for target in targets:
            if self.should_process(target.cas, what_if_text=self.query.format(cas=target.cas)):
                self.test(target)

    def end(self) -> None:
        if not self.tested and not self.ResetTestAccountCredentials:
            self.write_warning(NOTHING_TESTED)

    def targets(self, mailbox_servers: list[exchange.ExchangeServer]) -> Iterator[Target]:
        raise NotImplementedError

    def test(self, target: Target) -> None:
        """Run the cmdlet's scenarios against one target and write their outcomes."""
        raise NotImplementedError

    def client_access_servers(self) -> list[exchange.ExchangeServer]:
        """-ClientAccessServer, else this server when it is one, else those of the local site."""
        if self.ClientAccessServer is not None:
            server = exchange.get_exchange_server(self.lab, identity_of(self.ClientAccessServer))
            exchange.get_client_access_server(self.lab, server.name)
            return [server]
        servers = [s for s in exchange.list_exchange_servers(self.lab) if s.is_client_access_server]
        local = [s for s in servers if s.name == self.computer]
        return local or [s for s in servers if self.in_local_site(s)]

    def mailbox_servers(self) -> list[exchange.ExchangeServer]:
        """-MailboxServer, else every mailbox server in the local site."""
        if self.MailboxServer is not None:
            return [exchange.get_exchange_server(self.lab, identity_of(self.MailboxServer))]
        return [s for s in exchange.list_exchange_servers(self.lab) if s.is_mailbox_server and self.in_local_site(s)]

    def in_local_site(self, server: exchange.ExchangeServer) -> bool:
        site = computers.get_computer(self.lab, self.computer).site
        return server.site.rsplit("/", 1)[-1] == site

    def sign_ins(self, mailbox_servers: list[exchange.ExchangeServer]) -> Iterator[tuple[str, str, Any]]:
        """(mailbox server, user name, credentials) for each mailbox to test; a missing test user is
        reported and skipped."""
        if self.MailboxCredential is not None:
            user, password = self.MailboxCredential.UserName, self.MailboxCredential.Password.reveal()
            try:
                mailbox = exchange.find_mailbox(self.lab, user)
            except LabError as error:
                self.report(error, user)
                return
            yield self.fqdn(mailbox.server), user, clientaccess.Credentials(user, password)
            return
        for server in mailbox_servers:
            try:
                credentials = clientaccess.test_credentials(self.lab, server.name)
            except LabError as error:
                self.report(error, server.name)
                continue
            yield server.fqdn, credentials.user, credentials

    def fqdn(self, server: str) -> str:
        """The outcome objects name servers by FQDN (the 2007 transcript of adcs §8)."""
        try:
            return exchange.get_exchange_server(self.lab, server).fqdn
        except LabError:  # the shell's computer when it is no Exchange server
            return server

    def secure_enough(self, url: clientaccess.Url, target: Any) -> bool:
        """An http:// URL is tested only with -AllowUnsecureAccess; else it is reported and skipped."""
        if url.scheme == "https" or self.AllowUnsecureAccess:
            return True
        self.report(InsecureUrl(url.text), target)
        return False

    def request(self, url: clientaccess.Url, method: str, credentials: Any, body: str = ""
                ) -> clientaccess.Response:
        return clientaccess.request(self.lab, self.computer, url, method, body, credentials,
                                    trust_any=bool(self.TrustAnySSLCertificate))

    def outcome(self, target: Target, scenario: Scenario, start: datetime, elapsed_ms: float
                ) -> CasTransactionOutcome:
        """A scenario that got its answers: a failure when that took longer than -Timeout."""
        if elapsed_ms > (self.Timeout or DEFAULT_TIMEOUT) * 1000:
            return CasTransactionOutcome(target, scenario, start, None, TIMED_OUT)
        return CasTransactionOutcome(target, scenario, start, timedelta(milliseconds=elapsed_ms))

    def reset_credentials(self, mailbox_servers: list[exchange.ExchangeServer]) -> None:
        """-ResetTestAccountCredentials: a new password for each test user, nothing tested."""
        for server in mailbox_servers:
            start = self.lab.clock.now()
            try:
                user = clientaccess.reset_test_credentials(self.lab, server.name)
            except LabError as error:
                self.report(error, server.name)
                continue
            target = Target(self.fqdn(self.computer), server.fqdn, user.sam_account_name, "", None, "Unknown", None)
            reset = RESET._replace(description=RESET.description.format(server=server.fqdn))
            self.write_object(CasTransactionOutcome(target, reset, start, timedelta(0)))


# -- Test-ActiveSyncConnectivity ---------------------------------------------------------------------
class TestActiveSyncConnectivity(_CasTest):
    name = "Test-ActiveSyncConnectivity"
    dotnet_class = _MONITORING + "TestMobileSyncConnectivityTask"
    synopsis = ("Use the Test-ActiveSyncConnectivity cmdlet to perform a full synchronization against a specified "
                "mailbox to test the configuration of Microsoft Exchange ActiveSync.")
    description = ("Simulates a mobile device: Options, FolderSync, First Sync, GetItemEstimate, Sync Data, Ping and "
                   "Sync Test Item against https://<CAS FQDN>/Microsoft-Server-ActiveSync (or -URL), stopping at "
                   "the first failure; -LightMode runs Options only. Without -MailboxCredential it signs in as the "
                   "test user of each mailbox server of the local site, which new-TestCasConnectivityUser.ps1 "
                   "creates. The server certificate is checked as this computer sees it unless "
                   "-TrustAnySSLCertificate.")
    parameters = (
        Param("ClientAccessServer", object, position=0, pipeline=True, display_type="ServerIdParameter",
              help="The Client Access server to test."),
        Param("URL", str, help="The Exchange ActiveSync URL to test instead."),
        Param("MailboxServer", object, display_type="ServerIdParameter",
              help="The mailbox server whose test user signs in (default: all in the local site)."),
        Param("MailboxCredential", PSCredentialType, help="Test this mailbox instead of the test user's."),
        Param("TrustAnySSLCertificate", Switch, help="Do not check the server's certificate."),
        Param("AllowUnsecureAccess", Switch, help="Allow an http:// URL."),
        Param("LightMode", Switch, help="Run the Options scenario only."),
        Param("Timeout", UINT32, display_type="UInt32", help="Seconds a scenario may take (30 by default)."),
        Param("ResetTestAccountCredentials", Switch,
              help="Give the test users new passwords (normally done every 7 days); tests nothing."),
    )
    examples = (
        Example("Test-ActiveSyncConnectivity -ClientAccessServer CAS01",
                "Synchronizes the test user's mailbox through CAS01."),
        Example("Test-ActiveSyncConnectivity -ClientAccessServer CAS01 | Format-List",
                "The detailed results."),
    )

    query = "Do you want to test Exchange ActiveSync connectivity on Client Access server {cas}?"

    def targets(self, mailbox_servers: list[exchange.ExchangeServer]) -> Iterator[Target]:
        if self.URL is not None:
            url = clientaccess.parse_url(self.URL)
            if not self.secure_enough(url, self.URL):
                return
            for mailbox_server, user, credentials in self.sign_ins(mailbox_servers):
                yield Target(url.host, mailbox_server, user, "", url, "Unknown", credentials)
            return
        cas_servers = self.client_access_servers()
        for mailbox_server, user, credentials in self.sign_ins(mailbox_servers):
            for cas in cas_servers:
                vdir = next(iter(exchange.list_virtual_directories(self.lab, "ActiveSync", cas.name)), None)
                if vdir is None:
                    continue
                url = clientaccess.parse_url(f"https://{cas.fqdn}/Microsoft-Server-ActiveSync")
                yield Target(cas.fqdn, mailbox_server, user, vdir.name, url, "Internal", credentials)

    def test(self, target: Target) -> None:
        """The scenarios in order, until one fails."""
        start = self.lab.clock.now()
        scenarios = ACTIVESYNC_SCENARIOS[:1] if self.LightMode else ACTIVESYNC_SCENARIOS
        for scenario in scenarios:
            url = target.url
            if scenario.command:
                url = url.with_path(url.path, f"?Cmd={scenario.command}&User={target.user}"
                                              f"&DeviceId=TestActiveSyncConnectivity&DeviceType=TestActiveSyncConnectivity")
            outcome = self.attempt(target, scenario, url, start)
            self.write_object(outcome)
            if outcome.Error:
                return
            start += outcome.Latency

    def attempt(self, target: Target, scenario: Scenario, url: clientaccess.Url, start: datetime
                ) -> CasTransactionOutcome:
        try:
            response = self.request(url, scenario.method, target.credentials)
        except LabError as error:
            return CasTransactionOutcome(target, scenario, start, None, failure_text(error, target.url))
        if not response.ok:
            return CasTransactionOutcome(target, scenario, start, None, http_failure_text(response))
        return self.outcome(target, scenario, start, response.elapsed_ms + scenario.wait_ms)


# -- Test-OwaConnectivity ----------------------------------------------------------------------------
class TestOwaConnectivity(_CasTest):
    name = "Test-OwaConnectivity"
    dotnet_class = _MONITORING + "TestOwaConnectivity"
    synopsis = ("Use the Test-OwaConnectivity cmdlet to verify that Microsoft Office Outlook Web Access is "
                "running as expected.")
    description = ("Without -URL it tests every Outlook Web Access virtual directory of the Client Access server "
                   "(its internal URL, or its external URL with -TestType External) for each mailbox server of "
                   "the local site, signing in as the test user. With -URL it tests that URL; behind a load "
                   "balancer whichever node answers is tested. An http:// URL or directory is reported and skipped "
                   "unless -AllowUnsecureAccess.")
    parameters = (
        Param("ClientAccessServer", object, position=0, pipeline=True, sets=("ClientAccessServer",),
              display_type="ServerIdParameter", help="The Client Access server to test."),
        Param("MailboxServer", object, sets=("ClientAccessServer",), display_type="ServerIdParameter",
              help="The mailbox server whose test user signs in (default: all in the local site)."),
        Param("TestType", str, sets=("ClientAccessServer",), validate_set=("Internal", "External"),
              display_type="Internal | External", help="Test the internal (default) or external URLs."),
        Param("VirtualDirectoryName", str, sets=("ClientAccessServer",), help="Test this virtual directory only."),
        Param("URL", str, mandatory=True, sets=("URL",), help="The Outlook Web Access URL to test."),
        Param("MailboxCredential", PSCredentialType, sets=("URL",), help="The mailbox to sign in to."),
        Param("TrustAnySSLCertificate", Switch, help="Do not check the server's certificate."),
        Param("AllowUnsecureAccess", Switch, help="Test http:// URLs and directories too."),
        Param("LightMode", Switch, help="Accepted; it changes nothing (as in Exchange 2007)."),
        Param("Timeout", UINT32, validate_range=OWA_TIMEOUT_RANGE, display_type="UInt32",
              help="Seconds the logon may take (30 by default; 1 to 3599)."),
        Param("ResetTestAccountCredentials", Switch, help="Give the test users new passwords; tests nothing."),
    )
    default_set = "ClientAccessServer"
    examples = (Example("Test-OwaConnectivity -URL https://mail.ehlo.dk/owa -MailboxCredential (Get-Credential "
                        "ehlo\\hwalther)", "Signs in to OWA through the cluster name."),
                Example("Test-OwaConnectivity -ClientAccessServer CAS02 -TrustAnySSLCertificate",
                        "Tests CAS02's OWA directories whatever certificate they present."))

    query = "Do you want to test Outlook Web Access connectivity on Client Access server {cas}?"

    def test(self, target: Target) -> None:
        self.write_object(self.logon(target))

    def targets(self, mailbox_servers: list[exchange.ExchangeServer]) -> Iterator[Target]:
        if self.URL is not None:
            url = clientaccess.parse_url(self.URL)
            if not self.secure_enough(url, self.URL):
                return
            for mailbox_server, user, credentials in self.sign_ins(mailbox_servers):
                yield Target(url.host, mailbox_server, user, "", url, "Unknown", credentials)
            return
        external = (self.TestType or "Internal").lower() == "external"
        directories = list(self.directories(external))
        for mailbox_server, user, credentials in self.sign_ins(mailbox_servers):
            for vdir, url in directories:
                yield Target(self.fqdn(vdir.server), mailbox_server, user, vdir.name, url,
                             "External" if external else "Internal", credentials)

    def directories(self, external: bool) -> Iterator[tuple[exchange.VirtualDirectory, clientaccess.Url]]:
        """The OWA directories to test and their URLs; one without SSL is skipped with an error
        unless -AllowUnsecureAccess (exchange-cmdlets.md §11)."""
        for cas in self.client_access_servers():
            for vdir in exchange.list_virtual_directories(self.lab, "Owa", cas.name):
                if self.VirtualDirectoryName is not None and vdir.name.lower() != self.VirtualDirectoryName.lower():
                    continue
                address = vdir.external_url if external else vdir.internal_url
                if address is None:
                    continue
                url = clientaccess.parse_url(address)
                if self.secure_enough(url, vdir.identity):
                    yield vdir, url

    def logon(self, target: Target) -> CasTransactionOutcome:
        """The logon page, then the forms-based sign-in (owaauth.dll) with the user's password."""
        start = self.lab.clock.now()
        logon = target.url.with_path("/owa/auth/owaauth.dll")
        elapsed = 0.0
        for url, method in ((target.url, "GET"), (logon, "POST")):
            try:
                response = self.request(url, method, target.credentials)
            except LabError as error:
                return CasTransactionOutcome(target, OWA_LOGON, start, None, failure_text(error, target.url))
            if not response.ok:
                return CasTransactionOutcome(target, OWA_LOGON, start, None, http_failure_text(response))
            elapsed += response.elapsed_ms
        return self.outcome(target, OWA_LOGON, start, elapsed)


# -- Test-OutlookWebServices -------------------------------------------------------------------------
# The services of the EXCH block, the URL each is reached at and the event id the 2007 task reports
# it under (§8A). The OAB check goes through the Availability (EWS) URL, as the capture shows. (The
# EXPR block exists only with Outlook Anywhere, which the lab's servers do not offer.)
SERVICES = (("AS", "ASUrl", 1016), ("OAB", "ASUrl", 1015), ("UM", "UMUrl", 1014))


class TestOutlookWebServices(ExchangeTask):
    name = "Test-OutlookWebServices"
    dotnet_class = _MONITORING + "TestOutlookWebServicesTask"
    synopsis = ("Use the Test-OutlookWebServices cmdlet to verify the Autodiscover service settings for Microsoft "
                "Office Outlook on a computer that has the Client Access server role installed.")
    description = ("Posts an Outlook Autodiscover request for the address to the Autodiscover URL the Client Access "
                   "server publishes (AutoDiscoverServiceInternalUri), then contacts the Availability, OAB and "
                   "Unified Messaging URLs the answer holds. Certificate problems are reported and the test goes on.")
    parameters = (
        Param("Identity", object, position=0, pipeline=True, pipeline_by_name=True,
              display_type="RecipientIdParameter", help="The e-mail address (or any identity) of the mailbox."),
        Param("ClientAccessServer", object, display_type="ClientAccessServerIdParameter",
              help="The Client Access server whose Autodiscover URL is used (default: this one)."),
    )
    supports_should_process = True
    confirm_impact = "Low"
    examples = (Example("Test-OutlookWebServices -Identity hwalther@ehlo.dk | Format-List",
                        "Tests Autodiscover and the web services for Henrik Walther's mailbox."),)

    def process(self) -> None:
        try:
            mailbox = exchange.find_mailbox(self.lab, identity_of(self.Identity or self.computer_user()))
            cas = self.autodiscover_server()
        except LabError as error:
            self.fail(error, self.Identity)
        if not self.should_process(mailbox.primary_smtp_address):
            return
        address = mailbox.primary_smtp_address
        self.record(1003, "Information", f"About to test AutoDiscover with the e-mail address {address}.")
        settings = self.autodiscover(cas.autodiscover_service_internal_uri, address)
        if settings is None:
            return
        self.exchange_services(settings)
        self.record(1006, "Success", "Successfully tested AutoDiscover.")

    def computer_user(self) -> str:
        """Who the shell runs as: the test signs in to the web services as this user."""
        return self.session.environment()["username"]

    def autodiscover_server(self) -> exchange.ClientAccessServer:
        if self.ClientAccessServer is not None:
            return exchange.get_client_access_server(self.lab, identity_of(self.ClientAccessServer))
        servers = sorted(exchange.list_client_access_servers(self.lab), key=lambda c: c.name != self.computer)
        if not servers:
            raise directory.ObjectNotFound(self.computer, directory.domain_controller(self.lab))
        return servers[0]

    def record(self, event_id: int, kind: str, message: str) -> None:
        self.write_object(WebServicesResult(event_id, kind, message))

    def contact(self, url_text: str, method: str = "GET", body: str = "") -> clientaccess.Response | None:
        """A request as the test makes it: a certificate problem is reported (1005) and the request is
        made again trusting the certificate; any other failure is reported (1013)."""
        credentials = clientaccess.Credentials(self.computer_user())
        try:
            url = clientaccess.parse_url(url_text)
            response = clientaccess.request(self.lab, self.computer, url, method, body, credentials)
        except clientaccess.TrustFailure as error:
            self.record(1005, "Error", failure_text(error, url))
            return self.contact_trusting(url, method, body, credentials)
        except LabError as error:
            self.record(1013, "Error", f"When contacting {url_text} received the error {error}")
            return None
        return self.checked(response)

    def contact_trusting(self, url: clientaccess.Url, method: str, body: str,
                         credentials: clientaccess.Credentials) -> clientaccess.Response | None:
        try:
            return self.checked(clientaccess.request(self.lab, self.computer, url, method, body, credentials,
                                                     trust_any=True))
        except LabError as error:
            self.record(1013, "Error", f"When contacting {url.text} received the error {error}")
            return None

    def checked(self, response: clientaccess.Response) -> clientaccess.Response | None:
        if response.ok:
            return response
        self.record(1013, "Error", f"When contacting {response.url.text} received the error The remote server "
                                   f"returned an error: ({response.status}) {response.reason}.")
        return None

    def autodiscover(self, uri: str | None, address: str) -> dict[str, list[str]] | None:
        if uri is None:
            self.record(1006, "Error", "The Autodiscover service connection point has no URL.")
            return None
        response = self.contact(uri, "POST", clientaccess.pox_request(address))
        if response is None:
            return None
        self.record(1006, "Information", f"Contacted AutoDiscover at {response.url.text}.")
        return clientaccess.parse_settings(response.body)

    def exchange_services(self, settings: dict[str, list[str]]) -> None:
        for service, key, event_id in SERVICES:
            urls = settings.get(f"EXCH/{key}")
            if not urls:
                self.record(event_id, "Information", f"[EXCH]-The {service} is not configured for this user.")
                continue
            if self.contact(urls[0]) is not None:
                self.record(event_id, "Success", f"[EXCH]-Successfully contacted the {service} service at {urls[0]}.")


CMDLETS = (TestActiveSyncConnectivity, TestOwaConnectivity, TestOutlookWebServices)
