"""OpenSSL interoperability, both ways: what the certificate cmdlets write opens in `openssl req` and
`openssl pkcs12`, and what an OpenSSL CA issues (.cer, .p7b) or exports (.pfx) imports into emshell."""
from __future__ import annotations

from pathlib import Path

import pytest
from cryptography import x509

from emshell.lab import certstore
from exchange_support import ARTICLE_REQUEST, needs_openssl, openssl, screen, shell

pytestmark = needs_openssl

# A minimal `openssl ca` set-up: fixed validity dates around the lab's time (March 2008), the
# request's extensions copied into the certificate.
CA_CONFIG = """\
[ca]
default_ca = lab
[lab]
database = {folder}/index.txt
new_certs_dir = {folder}
serial = {folder}/serial
default_md = sha256
policy = any
preserve = yes
copy_extensions = copy
unique_subject = no
[any]
commonName = supplied
organizationName = optional
countryName = optional
[root]
basicConstraints = critical,CA:true
keyUsage = keyCertSign, cRLSign
"""
FIELDS = "fl Issuer,Status,RootCAType,HasPrivateKey,CertificateDomains,FriendlyName"


def run_openssl(*args: str) -> bytes:
    result = openssl(*args)
    assert result.returncode == 0, result.stderr.decode()
    return result.stdout


class OpenSslCA:
    """A CA run by OpenSSL, valid 2008-2012: a root, or a subordinate CA of `parent`."""

    def __init__(self, folder: Path, name: str = "OpenSSL Test CA", parent: "OpenSslCA | None" = None) -> None:
        folder.mkdir()
        self.folder = folder
        (folder / "ca.cnf").write_text(CA_CONFIG.format(folder=folder))
        (folder / "index.txt").write_text("")
        (folder / "serial").write_text("1000\n")
        self.key, self.cert = folder / "ca.key", folder / "ca.pem"
        run_openssl("req", "-new", "-newkey", "rsa:1024", "-nodes", "-keyout", str(self.key), "-out",
                    str(folder / "ca.csr"), "-subj", f"/O=OpenSSL Test/CN={name}")
        if parent is None:
            self.sign(folder / "ca.csr", self.cert, "-selfsign", "-extensions", "root")
        else:
            parent.sign(folder / "ca.csr", self.cert, "-extensions", "root")

    def sign(self, request: Path, out: Path, *extra: str) -> Path:
        run_openssl("ca", "-batch", "-notext", "-config", str(self.folder / "ca.cnf"), "-keyfile", str(self.key),
                    "-cert", str(self.cert), "-startdate", "20080101000000Z", "-enddate", "20120101000000Z",
                    "-in", str(request), "-out", str(out), *extra)
        return out

    def certificate(self) -> x509.Certificate:
        return x509.load_pem_x509_certificate(self.cert.read_bytes())


@pytest.fixture
def ca(tmp_path: Path) -> OpenSslCA:
    return OpenSslCA(tmp_path / "root")


def test_an_openssl_ca_answers_the_article_request_with_a_p7b_and_a_cer(ca: OpenSslCA, tmp_path: Path) -> None:
    with shell() as sh:
        sh.run(ARTICLE_REQUEST, "New-ExchangeCertificate -GenerateRequest -SubjectName CN=owa.ehlo.dk "
               "-Path c:\\owa.req -BinaryEncoded")
        (tmp_path / "san.req").write_bytes(sh.file("c:\\CAS_SAN_cert.req").read_bytes())
        (tmp_path / "owa.req").write_bytes(sh.file("c:\\owa.req").read_bytes())
        leaf = ca.sign(tmp_path / "san.req", tmp_path / "san.pem")
        run_openssl("crl2pkcs7", "-nocrl", "-certfile", str(leaf), "-certfile", str(ca.cert), "-outform", "DER",
                    "-out", str(tmp_path / "san.p7b"))
        run_openssl("req", "-inform", "DER", "-in", str(tmp_path / "owa.req"), "-out", str(tmp_path / "owa.pem"))
        ca.sign(tmp_path / "owa.pem", tmp_path / "owa.cer")
        sh.write("c:\\san.p7b", (tmp_path / "san.p7b").read_bytes())
        sh.write("c:\\owa.cer", (tmp_path / "owa.cer").read_bytes())
        assert sh.run("Import-ExchangeCertificate -Path c:\\san.p7b") == screen(
            'Import-ExchangeCertificate : The certificate chain terminated in a root certifi',
            'cation authority which is not trusted by the trust provider. The root certifica',
            "te must be installed in the computer's Trusted Root Certification Authorities s",
            'tore before this certificate can be imported.',
            'At line:1 char:27',
            '+ Import-ExchangeCertificate  <<<< -Path c:\\san.p7b',
        )
        certstore.add_certificate(sh.session.lab, "CAS01", certstore.ROOT, ca.certificate(), physical="ThirdParty")
        sh.commit()
        assert sh.run(f"Import-ExchangeCertificate -Path c:\\san.p7b | {FIELDS}",
                      f"Import-ExchangeCertificate -Path c:\\owa.cer -FriendlyName OWA | {FIELDS}") == screen(
            '',
            '',
            'Issuer             : O=OpenSSL Test, CN=OpenSSL Test CA',
            'Status             : Valid',
            'RootCAType         : ThirdParty',
            'HasPrivateKey      : True',
            'CertificateDomains : {mailehlo.dk, mail.ehlo.dk, autodiscover.ehlo.dk, cas01.eh',
            '                     lo.dk, cas02.ehlo.dk}',
            'FriendlyName       : CAS SAN Certificate',
            '',
            '',
            '',
            '',
            '',
            'Issuer             : O=OpenSSL Test, CN=OpenSSL Test CA',
            'Status             : Valid',
            'RootCAType         : ThirdParty',
            'HasPrivateKey      : True',
            'CertificateDomains : {owa.ehlo.dk}',
            'FriendlyName       : OWA',
            '',
            '',
            '',
        )
        assert certstore.list_store(sh.session.lab, "CAS01", certstore.REQUEST) == []


def test_a_pfx_made_by_openssl_imports_with_its_password(ca: OpenSslCA, tmp_path: Path) -> None:
    issuing = OpenSslCA(tmp_path / "issuing", "OpenSSL Issuing CA", parent=ca)
    run_openssl("req", "-new", "-newkey", "rsa:1024", "-nodes", "-keyout", str(tmp_path / "web.key"), "-out",
                str(tmp_path / "web.csr"), "-subj", "/CN=web.ehlo.dk", "-addext", "subjectAltName=DNS:web.ehlo.dk")
    issuing.sign(tmp_path / "web.csr", tmp_path / "web.pem")
    (tmp_path / "chain.pem").write_bytes(issuing.cert.read_bytes() + ca.cert.read_bytes())
    run_openssl("pkcs12", "-export", "-inkey", str(tmp_path / "web.key"), "-in", str(tmp_path / "web.pem"),
                "-certfile", str(tmp_path / "chain.pem"), "-name", "Web from OpenSSL", "-passout", "pass:s3cret",
                "-out", str(tmp_path / "web.pfx"))
    web = thumbprint(tmp_path / "web.pem")
    with shell() as sh:
        sh.write("c:\\web.pfx", (tmp_path / "web.pfx").read_bytes())
        assert sh.run("$pw = ConvertTo-SecureString s3cret -AsPlainText -Force",
                      f"Import-ExchangeCertificate -Path c:\\web.pfx -Password $pw | {FIELDS}",
                      "Get-ExchangeCertificate -DomainName web.ehlo.dk | fl Thumbprint,PrivateKeyExportable",
                      "Import-ExchangeCertificate -Path c:\\web.pfx -Password $pw | fl Thumbprint") == screen(
            '',
            '',
            'Issuer             : O=OpenSSL Test, CN=OpenSSL Issuing CA',
            'Status             : Untrusted',
            'RootCAType         : Unknown',
            'HasPrivateKey      : True',
            'CertificateDomains : {web.ehlo.dk}',
            'FriendlyName       : Web from OpenSSL',
            '',
            '',
            '',
            '',
            '',
            f'Thumbprint           : {web}',
            'PrivateKeyExportable : False',
            '',
            '',
            '',
            'Import-ExchangeCertificate : Cannot import certificate. A certificate with the ',
            f'thumbprint {web} already exists.',
            'At line:1 char:27',
            '+ Import-ExchangeCertificate  <<<< -Path c:\\web.pfx -Password $pw | fl Thumbpri',
            'nt',
        )
        # the issuing CA went to the Intermediate store; the root is not trusted silently
        lab = sh.session.lab
        assert [e.thumbprint for e in certstore.list_store(lab, "CAS01", certstore.CA)] == [thumbprint(issuing.cert)]
        assert thumbprint(ca.cert) not in {e.thumbprint for e in certstore.list_store(lab, "CAS01", certstore.ROOT)}


def thumbprint(pem: Path) -> str:
    text = run_openssl("x509", "-in", str(pem), "-noout", "-fingerprint", "-sha1").decode()
    return text.strip().split("=", 1)[1].replace(":", "")


def test_openssl_reads_exported_requests_and_base64_pfx_files(tmp_path: Path) -> None:
    with shell() as sh:
        sh.run("$pw = ConvertTo-SecureString 'Pa$$w0rd' -AsPlainText -Force",
               "$c = New-ExchangeCertificate -SubjectName CN=cas01.ehlo.dk -Services IIS -PrivateKeyExportable $true",
               "Export-ExchangeCertificate $c.Thumbprint -Path c:\\cas01.pfx -Password $pw",
               "$r = New-ExchangeCertificate -GenerateRequest -SubjectName CN=mail.ehlo.dk -KeySize 1024 "
               "-Path c:\\mail.der -BinaryEncoded",
               "Export-ExchangeCertificate $r.Thumbprint -Path c:\\mail.req")
        files = {name: sh.file(f"c:\\{name}").read_bytes() for name in ("cas01.pfx", "mail.der", "mail.req")}
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    pfx = openssl("base64", "-d", "-in", str(tmp_path / "cas01.pfx"))
    assert pfx.returncode == 0
    opened = openssl("pkcs12", "-passin", "pass:Pa$$w0rd", "-nodes", data=pfx.stdout)
    assert opened.returncode == 0, opened.stderr
    assert b"subject=CN = cas01.ehlo.dk" in opened.stdout and b"-----BEGIN PRIVATE KEY-----" in opened.stdout
    for args in (("-inform", "DER", "-in", str(tmp_path / "mail.der")), ("-in", str(tmp_path / "mail.req"))):
        checked = openssl("req", "-verify", "-noout", "-subject", *args)
        assert checked.returncode == 0, checked.stderr
        assert checked.stdout == b"subject=CN = mail.ehlo.dk\n"
