"""The lab's requests and PKCS#12 files against the real `openssl` command, and OpenSSL's files
against the lab."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

from emshell.lab import certstore, pki

ARTICLE_SUBJECT = "C=dk, O=EHLO organization, CN=mailehlo.dk"

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="the openssl command is not installed")


def openssl(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["openssl", *args], capture_output=True, text=True, check=check)


def _pem(cert) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def test_article_request_verifies_in_openssl(lab, tmp_path: Path) -> None:
    csr, _ = certstore.generate_request(
        lab, "CAS01", ARTICLE_SUBJECT, ["mail.ehlo.dk", "autodiscover.ehlo.dk", "cas01.ehlo.dk", "cas02.ehlo.dk"],
        key_size=1024, exportable=True, friendly_name="CAS SAN Certificate",
    )
    path = tmp_path / "CAS_SAN_cert.req"
    path.write_text(pki.base64_text(csr.public_bytes(serialization.Encoding.DER), "NEW CERTIFICATE REQUEST"))
    result = openssl("req", "-in", str(path), "-verify", "-noout", "-text")
    assert "verify OK" in result.stdout + result.stderr
    assert "Subject: CN = mailehlo.dk, O = EHLO organization, C = dk" in result.stdout
    assert "DNS:mail.ehlo.dk, DNS:autodiscover.ehlo.dk, DNS:cas01.ehlo.dk, DNS:cas02.ehlo.dk" in result.stdout
    assert "Public-Key: (1024 bit)" in result.stdout
    assert "Digital Signature, Key Encipherment" in result.stdout


def _san_certificate(lab, ca) -> certstore.CertificateView:
    csr, _ = certstore.generate_request(lab, "CAS01", "CN=mail.ehlo.dk", ["mail.ehlo.dk"], key_size=1024,
                                        exportable=True, friendly_name="CAS SAN Certificate")
    ca.trust(lab, "CAS01")
    return certstore.import_certificate(lab, "CAS01", ca.issue(csr).public_bytes(serialization.Encoding.DER))


def test_exported_pfx_opens_in_openssl(lab, ca, tmp_path: Path) -> None:
    view = _san_certificate(lab, ca)
    path = tmp_path / "exported_cert.pfx"
    path.write_bytes(certstore.export_pfx(lab, "CAS01", view.thumbprint, "P@ssw0rd"))
    result = openssl("pkcs12", "-in", str(path), "-passin", "pass:P@ssw0rd", "-nodes")
    assert result.stdout.count("-----BEGIN CERTIFICATE-----") == 2
    assert "-----BEGIN PRIVATE KEY-----" in result.stdout
    assert "friendlyName: CAS SAN Certificate" in result.stdout
    assert pki.load_certificates(result.stdout.encode())[0] == view.cert
    wrong = openssl("pkcs12", "-in", str(path), "-passin", "pass:wrong", "-nodes", check=False)
    assert wrong.returncode != 0


def _openssl_request(tmp_path: Path) -> tuple[Path, Path]:
    key, req = tmp_path / "key.pem", tmp_path / "req.pem"
    openssl("req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(req),
            "-subj", "/C=dk/O=EHLO organization/CN=mail.ehlo.dk", "-addext", "subjectAltName=DNS:mail.ehlo.dk")
    return key, req


def test_openssl_request_loads(tmp_path: Path) -> None:
    _, req = _openssl_request(tmp_path)
    request = pki.load_request(req.read_bytes())
    assert pki.format_windows_dn(request.subject) == "CN=mail.ehlo.dk, O=EHLO organization, C=dk"
    assert pki.dns_names(request) == ["mail.ehlo.dk"]


@pytest.mark.parametrize("options", [[], ["-certpbe", "PBE-SHA1-3DES", "-keypbe", "PBE-SHA1-3DES", "-macalg", "sha1"]],
                         ids=["openssl3-default", "windows-2003-compatible"])
def test_openssl_pkcs12_imports(lab, ca, tmp_path: Path, options: list[str]) -> None:
    key, req = _openssl_request(tmp_path)
    cert = ca.issue(pki.load_request(req.read_bytes()))
    (tmp_path / "cert.pem").write_bytes(_pem(cert))
    (tmp_path / "ca.pem").write_bytes(_pem(ca.cert))
    pfx = tmp_path / "openssl.pfx"
    openssl("pkcs12", "-export", "-in", str(tmp_path / "cert.pem"), "-inkey", str(key), "-certfile",
            str(tmp_path / "ca.pem"), "-name", "From OpenSSL", "-passout", "pass:secret", "-out", str(pfx), *options)
    with pytest.raises(certstore.WrongPasswordError):
        certstore.import_certificate(lab, "CAS02", pfx.read_bytes(), password="Secret")
    ca.trust(lab, "CAS02")
    view = certstore.import_certificate(lab, "CAS02", pfx.read_bytes(), password="secret")
    assert (view.thumbprint, view.friendly_name, view.status, view.has_private_key) == (
        pki.thumbprint(cert), "From OpenSSL", "Valid", True)


@pytest.mark.parametrize("outform", ["PEM", "DER"])
def test_openssl_p7b_answers_a_lab_request(lab, ca, tmp_path: Path, outform: str) -> None:
    csr, request = certstore.generate_request(lab, "CAS01", "CN=mail.ehlo.dk", ["mail.ehlo.dk"], key_size=1024)
    ca.trust(lab, "CAS01")
    (tmp_path / "leaf.pem").write_bytes(_pem(ca.issue(csr)))
    (tmp_path / "ca.pem").write_bytes(_pem(ca.cert))
    p7b = tmp_path / "certnew.p7b"
    openssl("crl2pkcs7", "-nocrl", "-certfile", str(tmp_path / "leaf.pem"), "-certfile", str(tmp_path / "ca.pem"),
            "-outform", outform, "-out", str(p7b))
    view = certstore.import_certificate(lab, "CAS01", p7b.read_bytes())
    assert (view.status, view.root_ca_type, view.has_private_key) == ("Valid", "Enterprise", True)
    assert certstore.list_store(lab, "CAS01", "REQUEST") == []
