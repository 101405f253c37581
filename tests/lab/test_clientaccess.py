"""Client access over the wire: endpoints, requests through the cluster, the client's certificate
check, Autodiscover's POX answer and the CAS test account."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from cryptography.hazmat.primitives import serialization

from emshell.lab import ca, certstore, clientaccess, computers, directory, exchange, manage, nlb, pki
from emshell.lab.certstore import Services

ARTICLE_NAMES = ["mail.ehlo.dk", "autodiscover.ehlo.dk", "cas01.ehlo.dk", "cas02.ehlo.dk"]
WEB = Services.IIS | Services.POP | Services.IMAP
UNTRUSTED = ("A certificate chain processed, but terminated in a root certificate which is not trusted by the "
             "trust provider.")


@pytest.fixture
def lab():
    with manage.fresh_lab("ehlo", deterministic=True) as lab:
        with lab.transaction():
            yield lab


def san_certificate(lab, *servers: str) -> str:
    """The article's SAN certificate from the enterprise CA, enabled for IIS, POP and IMAP on each
    server (moved between them as a PFX); returns its thumbprint."""
    csr, _ = certstore.generate_request(lab, "CAS01", "C=dk, O=EHLO organization, CN=mailehlo.dk", ARTICLE_NAMES,
                                        1024, exportable=True, friendly_name="CAS SAN Certificate")
    authority = ca.get_ca(lab, "ehlo-DC01-CA")
    issued = ca.submit(lab, authority, csr.public_bytes(serialization.Encoding.PEM),
                       {"CertificateTemplate": "WebServer"}, "EHLO\\Administrator")
    view = certstore.import_certificate(lab, "CAS01", pki.build_p7b(ca.chain(authority, issued)))
    pfx = certstore.export_pfx(lab, "CAS01", view.thumbprint, "P@ssw0rd")
    for server in servers:
        if server != "CAS01":
            certstore.import_certificate(lab, server, pfx, "P@ssw0rd")
        certstore.enable_services(lab, server, view.thumbprint, WEB, confirm=lambda _: True)
    return view.thumbprint


def trust_failure(lab, client: str, url: str) -> clientaccess.Channel:
    with pytest.raises(clientaccess.TrustFailure) as raised:
        clientaccess.request(lab, client, url)
    assert str(raised.value) == ("The underlying connection was closed: Could not establish trust relationship "
                                 "for the SSL/TLS secure channel.")
    return raised.value.channel


# -- endpoints --------------------------------------------------------------------------------------
def test_what_listens_follows_roles_and_running_services(lab) -> None:
    def ports(computer: str) -> list[int]:
        return [e.port for e in clientaccess.listening(lab, computer)]

    assert ports("CAS01") == [443, 80, 25, 587]  # POP3 and IMAP4 are Manual and stopped after setup
    assert ports("MBX01") == [] and ports("CLIENT01") == []
    computers.start_service(lab, "CAS01", "MSExchangePOP3")
    computers.start_service(lab, "CAS01", "MSExchangeIMAP4")
    computers.stop_service(lab, "CAS01", "HTTPFilter")
    assert ports("CAS01") == [80, 995, 110, 993, 143, 25, 587]


def test_pop3_and_imap4_over_tls_present_the_certificates_enabled_for_them(lab) -> None:
    computers.start_service(lab, "CAS02", "MSExchangePOP3")
    thumbprint = san_certificate(lab, "CAS01", "CAS02")
    pop = clientaccess.open_channel(lab, "CLIENT01", "cas02.ehlo.dk", 995)
    assert (pop.server, pop.endpoint.protocol, pop.certificate.thumbprint, pop.trusted) == (
        "CAS02", "POP3", thumbprint, True)
    plain = clientaccess.open_channel(lab, "CLIENT01", "cas02.ehlo.dk", 110)
    assert plain.certificate is None
    starttls = clientaccess.open_channel(lab, "CLIENT01", "cas02.ehlo.dk", 110, tls=True)
    assert starttls.certificate.thumbprint == thumbprint
    with pytest.raises(clientaccess.ConnectFailure) as refused:
        clientaccess.open_channel(lab, "CLIENT01", "cas02.ehlo.dk", 993)  # IMAP4 is not running
    assert str(refused.value) == "Unable to connect to the remote server"
    assert refused.value.reason.endswith("192.168.1.12:993")


def test_smtp_answers_on_hub_transport_and_a_disabled_port_rule_drops_it_at_the_cluster(lab) -> None:
    smtp = clientaccess.open_channel(lab, "MBX01", "cas02.ehlo.dk", 25, tls=True)
    assert (smtp.server, smtp.endpoint.protocol, pki.subject_string(smtp.certificate.cert)) == (
        "CAS02", "SMTP", "CN=CAS02")
    # The article's port rules: SMTP excluded from the cluster, everything else balanced.
    nlb.remove_port_rule(lab, "mail.ehlo.dk", 0)
    nlb.add_port_rule(lab, "mail.ehlo.dk", 0, 24)
    nlb.add_port_rule(lab, "mail.ehlo.dk", 25, 25, mode="Disabled")
    nlb.add_port_rule(lab, "mail.ehlo.dk", 26, 65535)
    with pytest.raises(clientaccess.ConnectFailure):
        clientaccess.open_channel(lab, "MBX01", "mail.ehlo.dk", 25)
    assert clientaccess.open_channel(lab, "MBX01", "mail.ehlo.dk", 443).via_cluster


def test_stopped_iis_refuses_and_an_unknown_name_does_not_resolve(lab) -> None:
    computers.stop_service(lab, "CAS02", "W3SVC")
    with pytest.raises(clientaccess.ConnectFailure):
        clientaccess.request(lab, "CLIENT01", "https://cas02.ehlo.dk/owa", trust_any=True)
    with pytest.raises(clientaccess.NameResolutionFailure) as raised:
        clientaccess.request(lab, "CLIENT01", "https://webmail.ehlo.dk/owa")
    assert str(raised.value) == "The remote name could not be resolved: 'webmail.ehlo.dk'"


def test_a_service_without_a_certificate_cuts_the_handshake(lab) -> None:
    computers.start_service(lab, "CAS01", "MSExchangeIMAP4")
    certstore.remove(lab, "CAS01", san_certificate(lab, "CAS01"))  # IIS, POP and IMAP lose their certificate
    with pytest.raises(clientaccess.SendFailure) as raised:
        clientaccess.open_channel(lab, "CLIENT01", "cas01.ehlo.dk", 993)
    assert str(raised.value) == "The underlying connection was closed: An unexpected error occurred on a send."
    with pytest.raises(clientaccess.SendFailure):
        clientaccess.request(lab, "CLIENT01", "https://cas01.ehlo.dk/owa")


# -- URLs --------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "canonical"), [
    ("https://Mail.EHLO.dk/owa", "https://mail.ehlo.dk/owa"),
    ("HTTPS://mail.ehlo.dk", "https://mail.ehlo.dk/"),
    ("https://mail.ehlo.dk:443/EWS/Exchange.asmx", "https://mail.ehlo.dk/EWS/Exchange.asmx"),
    ("http://cas01.ehlo.dk:8080/OAB?x=1", "http://cas01.ehlo.dk:8080/OAB?x=1"),
])
def test_urls_print_as_system_uri_prints_them(text, canonical) -> None:
    assert clientaccess.parse_url(text).text == canonical


@pytest.mark.parametrize(("text", "message"), [
    ("mail.ehlo.dk/owa", "Invalid URI: The format of the URI could not be determined."),
    ("https://mail_ehlo.dk/owa", "Invalid URI: The hostname could not be parsed."),
    ("https://mail.ehlo.dk:99999/owa", "Invalid URI: Invalid port specified."),
])
def test_bad_urls(text, message) -> None:
    with pytest.raises(clientaccess.InvalidUrl) as raised:
        clientaccess.parse_url(text)
    assert str(raised.value) == message


# -- the client's certificate check --------------------------------------------------------------------
def test_before_the_san_certificate_the_cluster_name_mismatches(lab) -> None:
    client = trust_failure(lab, "CLIENT01", "https://mail.ehlo.dk/owa")
    assert (client.server, client.via_cluster) == ("CAS01", True)
    assert client.check.policy_errors == ["RemoteCertificateNameMismatch", "RemoteCertificateChainErrors"]
    assert client.problem() == '"RemoteCertificateNameMismatch, RemoteCertificateChainErrors:CN=CAS01"'
    assert client.chain_problems() == [UNTRUSTED]
    # On CAS01 itself its own setup certificate is trusted: only the name is wrong.
    local = trust_failure(lab, "CAS01", "https://mail.ehlo.dk/owa")
    assert (local.server, local.problem(), local.chain_problems()) == (
        "CAS01", '"RemoteCertificateNameMismatch:CN=CAS01"', [])


def test_after_the_article_steps_on_both_nodes_there_is_no_warning(lab) -> None:
    san_certificate(lab, "CAS01", "CAS02")
    response = clientaccess.request(lab, "CLIENT01", "https://mail.ehlo.dk/owa")
    assert (response.status, response.reason, response.channel.server) == (200, "OK", "CAS01")
    assert ("X-FEServer", "CAS01") in response.headers
    assert "<title>Microsoft Exchange - Outlook Web Access</title>" in response.body
    # A computer outside the domain does not even have the enterprise root.
    home = trust_failure(lab, "HOMEPC", "https://mail.ehlo.dk/owa")
    assert (home.problem(), home.chain_problems()) == (
        '"RemoteCertificateChainErrors:CN=mailehlo.dk, O=EHLO organization, C=dk"',
        ["A certificate chain could not be built to a trusted root authority."])


def test_failover_serves_from_cas02_which_needs_the_certificate_too(lab) -> None:
    san_certificate(lab, "CAS01")
    assert clientaccess.request(lab, "CLIENT01", "https://mail.ehlo.dk/owa").channel.server == "CAS01"
    computers.set_adapter_enabled(lab, "CAS01", "NLB LAN", False)
    failed = trust_failure(lab, "CLIENT01", "https://mail.ehlo.dk/owa")
    assert (failed.server, failed.check.policy_errors) == (
        "CAS02", ["RemoteCertificateNameMismatch", "RemoteCertificateChainErrors"])
    san_certificate(lab, "CAS02")
    assert clientaccess.request(lab, "CLIENT01", "https://mail.ehlo.dk/owa").channel.server == "CAS02"


def test_an_expired_certificate_is_named(lab) -> None:
    san_certificate(lab, "CAS01", "CAS02")
    lab.clock.advance(timedelta(days=3 * 365))
    channel = trust_failure(lab, "CLIENT01", "https://cas02.ehlo.dk/owa")
    assert channel.problem() == '"RemoteCertificateChainErrors:CN=mailehlo.dk, O=EHLO organization, C=dk"'
    assert channel.chain_problems() == [
        "A required certificate is not within its validity period when verifying against the current system "
        "clock or the timestamp in the signed file."]


def test_trusting_any_certificate_gets_the_answer(lab) -> None:
    response = clientaccess.request(lab, "CLIENT01", "https://mail.ehlo.dk/owa", trust_any=True)
    assert response.ok and not response.channel.trusted


# -- what the virtual directories answer ---------------------------------------------------------------
def test_answers_of_the_web_directories(lab) -> None:
    admin = clientaccess.Credentials("Administrator")
    wrong = clientaccess.Credentials("EHLO\\hwalther", "guess")

    def status(url: str, method: str = "GET", credentials=admin) -> int:
        return clientaccess.request(lab, "CAS01", url, method, credentials=credentials, trust_any=True).status

    assert status("http://cas01.ehlo.dk/owa") == 403  # SSL required
    assert status("http://cas01.ehlo.dk/OAB/") == 200  # the OAB directory is not SSL-only
    assert status("https://cas01.ehlo.dk/nothing") == 404
    assert status("https://cas01.ehlo.dk/EWS/Exchange.asmx", credentials=None) == 401
    assert status("https://cas01.ehlo.dk/EWS/Exchange.asmx", credentials=wrong) == 401
    assert status("https://cas01.ehlo.dk/Microsoft-Server-ActiveSync", "OPTIONS") == 200
    assert status("https://cas01.ehlo.dk/Microsoft-Server-ActiveSync") == 501
    assert status("https://cas01.ehlo.dk/Microsoft-Server-ActiveSync?Cmd=FolderSync", "POST") == 200
    computers.stop_service(lab, "MBX01", "MSExchangeIS")
    assert status("https://cas01.ehlo.dk/Microsoft-Server-ActiveSync?Cmd=FolderSync", "POST") == 503
    assert status("https://cas01.ehlo.dk/owa/auth/owaauth.dll", "POST", wrong) == 401


def test_response_headers_name_the_node_and_the_owa_build(lab) -> None:
    response = clientaccess.request(lab, "CAS02", "https://cas02.ehlo.dk/owa", trust_any=True)
    assert response.headers == (
        ("Date", "Tue, 18 Mar 2008 10:15:32 GMT"), ("Server", "Microsoft-IIS/6.0"), ("X-Powered-By", "ASP.NET"),
        ("X-AspNet-Version", "2.0.50727"), ("X-OWA-Version", "8.1.240.6"), ("X-FEServer", "CAS02"),
        ("Cache-Control", "private"), ("Content-Type", "text/html; charset=utf-8"), ("Content-Length", "618"))
    assert 'value="https://cas02.ehlo.dk/owa/"' in response.body


# -- Autodiscover -------------------------------------------------------------------------------------
POX = (
    '<?xml version="1.0" encoding="utf-8"?>\r\n'
    '<Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006">\r\n'
    '  <Response xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a">\r\n'
    '    <User>\r\n'
    '      <DisplayName>Henrik Walther</DisplayName>\r\n'
    '      <LegacyDN>/o=EHLO/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=hwalther'
    '</LegacyDN>\r\n'
    '      <DeploymentId>{org}</DeploymentId>\r\n'
    '    </User>\r\n'
    '    <Account>\r\n'
    '      <AccountType>email</AccountType>\r\n'
    '      <Action>settings</Action>\r\n'
    '      <Protocol>\r\n'
    '        <Type>EXCH</Type>\r\n'
    '        <Server>MBX01.ehlo.dk</Server>\r\n'
    '        <ServerDN>/o=EHLO/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Configuration/cn=Servers'
    '/cn=MBX01</ServerDN>\r\n'
    '        <ServerVersion>720180F0</ServerVersion>\r\n'
    '        <MdbDN>/o=EHLO/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Configuration/cn=Servers'
    '/cn=MBX01/cn=Microsoft Private MDB</MdbDN>\r\n'
    '        <ASUrl>https://mail.ehlo.dk/EWS/Exchange.asmx</ASUrl>\r\n'
    '        <OOFUrl>https://mail.ehlo.dk/EWS/Exchange.asmx</OOFUrl>\r\n'
    '        <UMUrl>https://cas02.ehlo.dk/UnifiedMessaging/Service.asmx</UMUrl>\r\n'
    '        <OABUrl>http://cas02.ehlo.dk/OAB/{oab}/</OABUrl>\r\n'
    '      </Protocol>\r\n'
    '      <Protocol>\r\n'
    '        <Type>WEB</Type>\r\n'
    '        <Internal>\r\n'
    '          <OWAUrl AuthenticationMethod="Fba">https://cas01.ehlo.dk/owa</OWAUrl>\r\n'
    '          <OWAUrl AuthenticationMethod="Fba">https://cas02.ehlo.dk/owa</OWAUrl>\r\n'
    '        </Internal>\r\n'
    '      </Protocol>\r\n'
    '    </Account>\r\n'
    '  </Response>\r\n'
    '</Autodiscover>\r\n'
)


def test_the_pox_answer_is_built_from_the_answering_servers_urls(lab) -> None:
    exchange.set_virtual_directory_urls(lab, "CAS02\\EWS (Default Web Site)",
                                        internal_url="https://mail.ehlo.dk/EWS/Exchange.asmx")
    request = clientaccess.pox_request("hwalther@ehlo.dk")
    assert request.startswith('<?xml version="1.0" encoding="utf-8"?>\r\n<Autodiscover xmlns="http://schemas.'
                              'microsoft.com/exchange/autodiscover/outlook/requestschema/2006">')
    response = clientaccess.request(lab, "CAS02", "https://cas02.ehlo.dk/Autodiscover/Autodiscover.xml", "POST",
                                    request, clientaccess.Credentials("Administrator"), trust_any=True)
    org = exchange.get_organization(lab)
    assert response.body == POX.format(org=org.guid, oab=org.offline_address_book_guid)
    assert clientaccess.parse_settings(response.body)["EXCH/OABUrl"] == [
        f"http://cas02.ehlo.dk/OAB/{org.offline_address_book_guid}/"]


def test_autodiscover_errors(lab) -> None:
    answer = clientaccess.autodiscover_response(lab, "CAS01", clientaccess.pox_request("nobody@ehlo.dk"))
    assert re.fullmatch(
        '<\\?xml version="1.0" encoding="utf-8"\\?>\r\n'
        '<Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006">\r\n'
        '  <Response xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006">\r\n'
        '    <Error Time="10:15:32\\.[0-9]{7}" Id="[0-9]{10}">\r\n'
        '      <ErrorCode>500</ErrorCode>\r\n'
        '      <Message>The e-mail address cannot be found.</Message>\r\n'
        '      <DebugData />\r\n'
        '    </Error>\r\n'
        '  </Response>\r\n'
        '</Autodiscover>\r\n', answer)
    assert "<ErrorCode>600</ErrorCode>\r\n      <Message>Invalid Request</Message>" in (
        clientaccess.autodiscover_response(lab, "CAS01", "not xml"))
    assert clientaccess.parse_settings("not xml") == {}


@pytest.mark.parametrize(("version", "hex_version"), [
    ("Version 8.1 (Build 240.6)", "720180F0"),
    ("Version 8.0 (Build 647.0)", "72008287"),  # the 2007 sample of the POX documentation
    ("Version 14.1 (Build 218.15)", "738180DA"),  # the ServerVersion (POX) page's default
])
def test_server_version(version, hex_version) -> None:
    assert clientaccess.server_version(version) == hex_version


# -- the CAS test account -----------------------------------------------------------------------------
def test_the_test_account_is_named_after_the_mailbox_server_and_signs_in_once_reset(lab) -> None:
    account = clientaccess.test_user(lab, "MBX01")
    digits = exchange.get_exchange_server(lab, "MBX01").guid.replace("-", "")[:16]
    assert account == clientaccess.TestUser(f"CAS_{{{digits}}}", f"CAS_{digits}", f"CAS_{digits}@ehlo.dk")
    missing = (f"Could not find or sign in with user EHLO\\CAS_{digits}. If this task is being run without "
               f"credentials, sign in as a Domain Administrator, and then run Scripts\\new-TestCasConnectivityUser"
               f".ps1 to verify that the user exists on Mailbox server MBX01.ehlo.dk\n\n")
    with pytest.raises(clientaccess.TestUserMissing) as raised:
        clientaccess.test_credentials(lab, "MBX01")
    assert str(raised.value) == missing
    exchange.create_user_with_mailbox(lab, name=account.name, alias=account.name, password="Temp0rary!",
                                      database="MBX01\\First Storage Group\\Mailbox Database",
                                      user_principal_name=account.user_principal_name,
                                      sam_account_name=account.sam_account_name)
    with pytest.raises(clientaccess.TestUserMissing):
        clientaccess.test_credentials(lab, "MBX01")  # nothing stored until the credentials are reset
    clientaccess.reset_test_credentials(lab, "MBX01")
    credentials = clientaccess.test_credentials(lab, "MBX01")
    assert credentials.user == f"CAS_{digits}"
    assert directory.check_password(lab, credentials.user, credentials.password)
    assert not directory.check_password(lab, credentials.user, "Temp0rary!")
    directory.set_password(lab, credentials.user, "Changed1!")  # an administrator's reset breaks the sign-in
    with pytest.raises(clientaccess.TestUserMissing):
        clientaccess.test_credentials(lab, "MBX01")


def test_only_a_mailbox_server_has_a_test_account(lab) -> None:
    with pytest.raises(clientaccess.TestUserNameError) as raised:
        clientaccess.test_user(lab, "CAS01")
    assert str(raised.value) == ("This task failed to build a user name for Mailbox server CAS01.  Please check that "
                                 "the server exists and is correctly configured in Active Directory.")
