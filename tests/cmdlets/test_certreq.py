"""certreq: the article's SAN request through the Enterprise CA, and the files it writes."""
from __future__ import annotations

import shutil
import subprocess

import pytest
from cryptography import x509

from emshell.cmdlets.certreq import certreq
from emshell.cmdlets.certutil import certutil
from emshell.cmdlets.net import net
from emshell.lab import ca, certstore, pki
from native_lab import ARTICLE_NAMES, article_request, built_lab, host_file, lab, run, write_file  # noqa: F401

CONFIG = "DC01.ehlo.dk\\ehlo-DC01-CA"
ISSUED = "Certificate retrieved(Issued) Issued\n"


@pytest.fixture
def request_file(lab) -> str:
    write_file(lab, "CAS01", "c:\\CAS_SAN_cert.req", article_request(lab))
    return "c:\\CAS_SAN_cert.req"


def submit(lab, request_file: str, template: str = "WebServer", *outputs: str) -> tuple[int, str]:
    return run(lab, "CAS01", certreq, "-submit", "-attrib", f"CertificateTemplate:{template}", "-config", CONFIG,
               request_file, *outputs)


def issued_names(lab, path: str = "c:\\certnew.cer") -> list[str]:
    return pki.dns_names(pki.load_certificates(host_file(lab, "CAS01", path).read_bytes())[0])


def test_the_article_request(lab, request_file) -> None:
    code, text = submit(lab, request_file, "WebServer", "c:\\certnew.cer", "c:\\certnew.p7b")
    assert (code, text) == (0, "RequestId: 2\n" + ISSUED)
    cer = host_file(lab, "CAS01", "c:\\certnew.cer").read_bytes()
    assert cer.startswith(b"-----BEGIN CERTIFICATE-----\r\nMII") and cer.endswith(b"\r\n-----END CERTIFICATE-----\r\n")
    assert max(len(line) for line in cer.split(b"\r\n")) == 64
    (cert,) = pki.load_certificates(cer)
    assert pki.dns_names(cert) == ARTICLE_NAMES
    assert pki.issuer_string(cert) == "CN=ehlo-DC01-CA, DC=ehlo, DC=dk"
    p7b = host_file(lab, "CAS01", "c:\\certnew.p7b").read_bytes()
    assert p7b.startswith(b"-----BEGIN CERTIFICATE-----\r\n")
    root = ca.get_ca(lab, "ehlo-DC01-CA").certificate
    assert pki.load_certificates(p7b) == [cert, root]
    # Import-ExchangeCertificate -Path c:\certnew.p7b, once the request is pending on CAS01
    assert certstore.validate(lab, "CAS01", cert).status == "Valid"


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")
def test_openssl_reads_the_chain(lab, request_file) -> None:
    submit(lab, request_file, "WebServer", "c:\\certnew.cer", "c:\\certnew.p7b")
    result = subprocess.run(
        ["openssl", "pkcs7", "-print_certs", "-noout", "-in", str(host_file(lab, "CAS01", "c:\\certnew.p7b"))],
        capture_output=True, text=True, check=True,
    )
    assert result.stdout.split("\n\n")[:2] == [
        "subject=C = dk, O = EHLO organization, CN = mailehlo.dk\nissuer=DC = dk, DC = ehlo, CN = ehlo-DC01-CA",
        "subject=DC = dk, DC = ehlo, CN = ehlo-DC01-CA\nissuer=DC = dk, DC = ehlo, CN = ehlo-DC01-CA",
    ]


def test_binary_output_and_retrieve(lab, request_file) -> None:
    assert run(lab, "CAS01", certreq, "-binary", "-attrib", "CertificateTemplate:WebServer", request_file,
               "c:\\bin.cer") == (0, "RequestId: 2\n" + ISSUED)
    cert = x509.load_der_x509_certificate(host_file(lab, "CAS01", "c:\\bin.cer").read_bytes())
    assert run(lab, "CAS01", certreq, "-retrieve", "2", "c:\\again.cer") == (0, ISSUED)
    assert pki.load_certificates(host_file(lab, "CAS01", "c:\\again.cer").read_bytes()) == [cert]
    assert run(lab, "CAS01", certreq, "-retrieve", "7") == (
        -2146885628, "Certificate Request Processor: Cannot find object or property. 0x80092004 (-2146885628)\n"
    )


def test_denied_requests(lab, request_file) -> None:
    assert submit(lab, request_file, "WebSrv", "c:\\certnew.cer") == (0, (
        "RequestId: 2\nCertificate not issued (Denied) Denied by Policy Module  0x80094800, The request was for "
        "certificate template (WebSrv) that is not supported by the Certificate Services policy.\n"
    ))
    assert not host_file(lab, "CAS01", "c:\\certnew.cer").exists()
    assert run(lab, "CAS01", certreq, "-retrieve", "2")[1].startswith("Certificate not issued (Denied) Denied by")


def test_issued_with_a_policy_message(lab, request_file) -> None:
    lab.store.delete("mailbox", "administrator")
    assert submit(lab, request_file, "User") == (0, (
        "RequestId: 2\nCertificate retrieved(Issued) Issued  0x80094004, The Enrollee "
        "(CN=Administrator,CN=Users,DC=ehlo,DC=dk) has no E-Mail name registered in the Active Directory.  "
        "The E-Mail name will not be included in the certificate.\n"
    ))


def test_the_san_attribute_waits_for_a_certsvc_restart(lab, request_file) -> None:
    attributes = "CertificateTemplate:WebServer\\nSAN:dns=mail.ehlo.dk&dns=autodiscover.ehlo.dk"

    def names_with_attribute() -> list[str]:
        argv = ("-f", "-attrib", attributes, "-config", CONFIG, request_file, "c:\\certnew.cer")
        code, _ = run(lab, "CAS01", certreq, *argv)
        assert code == 0
        return issued_names(lab)

    assert names_with_attribute() == ARTICLE_NAMES
    run(lab, "DC01", certutil, "-setreg", "policy\\EditFlags", "+EDITF_ATTRIBUTESUBJECTALTNAME2")
    assert names_with_attribute() == ARTICLE_NAMES
    assert run(lab, "DC01", net, "stop", "certsvc")[0] == 0
    assert run(lab, "DC01", net, "start", "certsvc")[0] == 0
    assert names_with_attribute() == ["mail.ehlo.dk", "autodiscover.ehlo.dk"]


def test_errors(lab, request_file) -> None:
    run(lab, "DC01", net, "stop", "certsvc")
    assert submit(lab, request_file) == (
        -2147023174, "Certificate Request Processor: The RPC server is unavailable. 0x800706ba (WIN32: 1722)\n"
    )
    run(lab, "DC01", net, "start", "certsvc")
    assert submit(lab, "c:\\nothing.req") == (
        -2147024894, "Certificate Request Processor: The system cannot find the file specified. 0x80070002 (WIN32: 2)\n"
    )
    junk = b"-----BEGIN NEW CERTIFICATE REQUEST-----\r\nAAAA\r\n-----END NEW CERTIFICATE REQUEST-----\r\n"
    write_file(lab, "CAS01", "c:\\junk.req", junk)
    assert submit(lab, "c:\\junk.req") == (
        -2146881269, "Certificate Request Processor: ASN1 bad tag value met. 0x8009310b (ASN: 267)\n"
    )
    write_file(lab, "CAS01", "c:\\taken.cer", b"x")
    assert submit(lab, request_file, "WebServer", "c:\\taken.cer") == (
        -2147024816, "Certificate Request Processor: The file exists. 0x80070050 (WIN32: 80)\n"
    )
    assert run(lab, "CAS01", certreq, "-retrieve", "2")[0] == -2146885628  # nothing was submitted
    assert run(lab, "HOMEPC", certreq, "-config", CONFIG, "\\\\cas01\\c$\\CAS_SAN_cert.req") == (
        -2147024891, "Certificate Request Processor: Access is denied. 0x80070005 (WIN32: 5)\n"
    )


def test_usage(lab) -> None:
    for argv in ((), ("-submit",), ("-accept", "x.cer"), ("-retrieve", "2", "a", "b", "c")):
        code, text = run(lab, "CAS01", certreq, *argv)
        assert code == -2147024809
        assert text.startswith("Usage:\n  CertReq -?\n")
        assert "\n  CertReq -Retrieve [Options] RequestId [CertFileOut [CertChainFileOut" in text
