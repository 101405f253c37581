"""The article's certificate walkthrough (issue 3, done-when): the SAN request on CAS01, the CA's answer
imported from a .p7b, enabled for IIS, POP and IMAP, exported to a PFX, imported and enabled on CAS02."""
from __future__ import annotations

from cryptography import x509
from cryptography.hazmat.primitives.serialization import pkcs12

from emshell.lab import certstore, pki
from exchange_support import (
    ARTICLE_NAMES, ARTICLE_REQUEST, SETUP_THUMBPRINT, SUBMIT, needs_openssl, openssl, screen, shell,
)

ISSUED = "B7F5B15981BB5BE6360C21A1EACC2C0D46756AF9"
ENABLE = f"Enable-ExchangeCertificate \u2013Thumbprint {ISSUED} -Services \u201cIIS, POP, IMAP\u201d"
EXPORT = (f"Export-ExchangeCertificate -Thumbprint {ISSUED} -Path c:\\exported_cert.pfx -BinaryEncoded "
          f"-Password:(Get-Credential).password")
IMPORT_PFX = "Import-ExchangeCertificate \u2013Path c:\\exported_cert.pfx \u2013Password:(Get-Credential).password"
CREDENTIAL = ["Administrator", "P@ssw0rd"]

PENDING = screen(
    '',
    'Thumbprint                                Services   Subject                   ',
    '----------                                --------   -------                   ',
    '0CDC33DEE0E83CEA159082C3DFC9AE9B3D58D3C6  .....      C=dk, O=EHLO organizati...',
    '',
    '',
)
SUBMITTED = screen(
    'RequestId: 2',
    'Certificate retrieved(Issued) Issued',
)
IMPORTED = screen(
    '',
    'Thumbprint                                Services   Subject                   ',
    '----------                                --------   -------                   ',
    # POP3 and IMAP4 look for the server's FQDN, which the SAN certificate carries (§6.3)
    'B7F5B15981BB5BE6360C21A1EACC2C0D46756AF9  IP...      CN=mailehlo.dk, O=EHLO ...',
    '',
    '',
)
DETAILS = screen(
    '',
    '',
    'AccessRules        : {System.Security.AccessControl.CryptoKeyAccessRule, System',
    '                     .Security.AccessControl.CryptoKeyAccessRule}',
    'CertificateDomains : {mailehlo.dk, mail.ehlo.dk, autodiscover.ehlo.dk, cas01.eh',
    '                     lo.dk, cas02.ehlo.dk}',
    'HasPrivateKey      : True',
    'IsSelfSigned       : False',
    'Issuer             : CN=ehlo-DC01-CA, DC=ehlo, DC=dk',
    'NotAfter           : 3/18/2010 10:15:34 AM',
    'NotBefore          : 3/18/2008 10:05:34 AM',
    'PublicKeySize      : 1024',
    'RootCAType         : Enterprise',
    'SerialNumber       : 6C60A0AA000000000002',
    'Services           : IMAP, POP',
    'Status             : Valid',
    'Subject            : CN=mailehlo.dk, O=EHLO organization, C=dk',
    'Thumbprint         : B7F5B15981BB5BE6360C21A1EACC2C0D46756AF9',
    '',
    '',
    '',
)
ENABLED_ON_CAS01 = screen(
    '',
    'Thumbprint                                Services   Subject                   ',
    '----------                                --------   -------                   ',
    '03FE00D073D333D6CC566DC4BCB21964DD6F1024  ....S      CN=CAS01                  ',
    'B7F5B15981BB5BE6360C21A1EACC2C0D46756AF9  IP.W.      CN=mailehlo.dk, O=EHLO ...',
    '',
    '',
)
CREDENTIAL_PROMPT = screen(
    '',
    'cmdlet Get-Credential at command pipeline position 1',
    'Supply values for the following parameters:',
    'User: Administrator',
    'Password for user Administrator: ********',
)
ON_CAS02 = CREDENTIAL_PROMPT + IMPORTED + screen(
    '',
    'Thumbprint                                Services   Subject                   ',
    '----------                                --------   -------                   ',
    'EA37251217BC0790A42CBDFB146F617001E7017D  ....S      CN=CAS02                  ',
    'B7F5B15981BB5BE6360C21A1EACC2C0D46756AF9  IP.W.      CN=mailehlo.dk, O=EHLO ...',
    '',
    '',
)
TRANSCRIPT = PENDING + SUBMITTED + IMPORTED + DETAILS + ENABLED_ON_CAS01 + CREDENTIAL_PROMPT + ON_CAS02


def walkthrough(sh) -> str:
    """The article's commands as typed, in order, then those typed in a shell on CAS02."""
    text = sh.run(ARTICLE_REQUEST) + sh.run(SUBMIT, on="DC01")
    text += sh.run("Import-ExchangeCertificate \u2013Path c:\\certnew.p7b", on="CAS01")
    text += sh.run(f"Get-ExchangeCertificate -Thumbprint {ISSUED} | FL", ENABLE, "Get-ExchangeCertificate")
    text += sh.run(EXPORT, "Copy-Item c:\\exported_cert.pfx \\\\cas02\\c$\\", answers=CREDENTIAL)
    return text + sh.run(IMPORT_PFX, ENABLE, "Get-ExchangeCertificate", on="CAS02", answers=CREDENTIAL)


def test_the_article_request_writes_a_csr_and_prints_the_pending_request() -> None:
    with shell() as sh:
        assert sh.run(ARTICLE_REQUEST) == PENDING
        data = sh.file("c:\\CAS_SAN_cert.req").read_bytes()
        assert sh.run("Get-ExchangeCertificate | fl Status,RootCAType,IsSelfSigned,FriendlyName") == screen(
            '',
            '',
            'Status       : PendingRequest',
            'RootCAType   : Unknown',
            'IsSelfSigned : False',
            'FriendlyName : CAS SAN Certificate',
            '',
            'Status       : Valid',
            'RootCAType   : Registry',
            'IsSelfSigned : True',
            'FriendlyName : Microsoft Exchange',
            '',
            '',
            '',
        )
    assert data.startswith(b"-----BEGIN NEW CERTIFICATE REQUEST-----\r\nMII")
    assert data.endswith(b"\r\n-----END NEW CERTIFICATE REQUEST-----\r\n")
    csr = x509.load_pem_x509_csr(data)
    assert csr.is_signature_valid
    assert pki.dns_names(csr) == ARTICLE_NAMES
    assert csr.public_key().key_size == 1024
    # Windows encodes the typed DN most specific RDN first (X500DistinguishedNameFlags.Reversed)
    assert csr.subject.rfc4514_string() == "C=dk,O=EHLO organization,CN=mailehlo.dk"


@needs_openssl
def test_openssl_verifies_the_article_request() -> None:
    with shell() as sh:
        sh.run(ARTICLE_REQUEST)
        result = openssl("req", "-verify", "-noout", "-text", "-in", str(sh.file("c:\\CAS_SAN_cert.req")))
    text = result.stdout.decode()
    assert result.returncode == 0, result.stderr
    assert "verify OK" in result.stderr.decode()
    assert "Subject: CN = mailehlo.dk, O = EHLO organization, C = dk" in text
    assert "Public-Key: (1024 bit)" in text
    assert "DNS:mail.ehlo.dk, DNS:autodiscover.ehlo.dk, DNS:cas01.ehlo.dk, DNS:cas02.ehlo.dk" in text


def test_the_walkthrough_twice_prints_the_same_and_leaves_both_servers_serving_the_san_certificate() -> None:
    runs = []
    for _ in range(2):
        with shell() as sh:
            text = walkthrough(sh)
            pfx = sh.file("c:\\exported_cert.pfx").read_bytes()
            lab = sh.session.lab
            servers = {name: {v.thumbprint: (v.services, v.status) for v in certstore.exchange_certificates(lab, name)}
                       for name in ("CAS01", "CAS02")}
            requests = certstore.list_store(lab, "CAS01", certstore.REQUEST)
        runs.append((text, pfx))
    assert runs[0] == runs[1]
    assert runs[0][0] == TRANSCRIPT
    web = certstore.Services.IIS | certstore.Services.POP | certstore.Services.IMAP
    assert servers["CAS01"] == {ISSUED: (web, "Valid"), SETUP_THUMBPRINT: (certstore.Services.SMTP, "Valid")}
    assert servers["CAS02"][ISSUED] == (web, "Valid")
    assert requests == []  # the pending request was answered
    key, cert, chain = pkcs12.load_key_and_certificates(runs[0][1], b"P@ssw0rd")
    assert pki.thumbprint(cert) == ISSUED and key.key_size == 1024
    assert [pki.subject_string(c) for c in chain] == ["CN=ehlo-DC01-CA, DC=ehlo, DC=dk"]


@needs_openssl
def test_openssl_opens_the_exported_pfx_with_its_password() -> None:
    with shell() as sh:
        walkthrough(sh)
        path = str(sh.file("c:\\exported_cert.pfx"))
        good = openssl("pkcs12", "-in", path, "-passin", "pass:P@ssw0rd", "-nodes")
        bad = openssl("pkcs12", "-in", path, "-passin", "pass:wrong", "-nodes")
    assert good.returncode == 0, good.stderr
    text = good.stdout.decode()
    assert text.count("-----BEGIN CERTIFICATE-----") == 2 and "-----BEGIN PRIVATE KEY-----" in text
    assert "friendlyName: CAS SAN Certificate" in text
    assert bad.returncode != 0
