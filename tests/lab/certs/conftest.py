"""Fixtures for the certificate tests: a deterministic lab with CAS01 and CAS02, and test CAs
made with cryptography (the lab's own CA module is tested elsewhere)."""
from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Callable, Iterator

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID

from emshell.lab import certstore, computers, pki
from emshell.lab.lab import Lab

START = datetime(2008, 3, 18, 10, 15, 32)  # a deterministic lab's first instant
_KEYS = [rsa.generate_private_key(65537, 2048) for _ in range(2)]


def _computer(name: str) -> computers.Computer:
    return computers.Computer(
        name=name, fqdn=f"{name}.ehlo.dk", os="Windows Server 2003", service_pack="Service Pack 2",
        roles=("ClientAccess", "HubTransport"), domain_joined=True, site="Default-First-Site-Name",
        drives=("C",), software=(), shares={},
    )


@pytest.fixture
def make_lab(tmp_path: Path) -> Callable[[str], Lab]:
    def make(name: str = "lab") -> Lab:
        lab = Lab.initialise(tmp_path / name, deterministic=True)
        with lab.transaction():
            for computer in ("CAS01", "CAS02"):
                computers.add_computer(lab, _computer(computer), [])
        return lab
    return make


@pytest.fixture
def lab(make_lab: Callable[[str], Lab]) -> Iterator[Lab]:
    lab = make_lab("lab")
    with lab.transaction():
        yield lab
    lab.close()


class LabCA:
    """A CA issuing like the Web Server template (SAN from the request, Server Authentication)."""

    def __init__(self, cert: x509.Certificate, key: rsa.RSAPrivateKey) -> None:
        self.cert, self.key = cert, key

    def issue(self, csr: x509.CertificateSigningRequest, days: int = 730, serial: int = 0x610A) -> x509.Certificate:
        return (
            x509.CertificateBuilder()
            .subject_name(csr.subject)
            .issuer_name(self.cert.subject)
            .public_key(csr.public_key())
            .serial_number(serial)
            .not_valid_before(START)
            .not_valid_after(START + timedelta(days=days))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(n) for n in pki.dns_names(csr)]), False)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), False)
            .sign(self.key, hashes.SHA256())
        )

    def trust(self, lab: Lab, computer: str, physical: str = "Enterprise") -> None:
        certstore.add_certificate(lab, computer, certstore.ROOT, self.cert, physical=physical)


@pytest.fixture
def make_ca() -> Callable[..., LabCA]:
    """make_ca(name): a root CA; make_ca(name, issuer=ca): an intermediate CA under `ca`."""

    def make(name: str = "CN=ehlo-DC01-CA, DC=ehlo, DC=dk", issuer: LabCA | None = None) -> LabCA:
        key = _KEYS[issuer is not None]
        subject = pki.parse_windows_dn(name)
        if issuer is None:
            cert = pki.self_signed_certificate(
                key, subject, [], START - timedelta(days=30), START + timedelta(days=1825), 1, ekus=(), is_ca=True
            )
            return LabCA(cert, key)
        cert = (
            x509.CertificateBuilder().subject_name(subject).issuer_name(issuer.cert.subject)
            .public_key(key.public_key()).serial_number(2).not_valid_before(START - timedelta(days=1))
            .not_valid_after(START + timedelta(days=1000))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), True)
            .sign(issuer.key, hashes.SHA256())
        )
        return LabCA(cert, key)

    return make


@pytest.fixture
def ca(make_ca: Callable[..., LabCA]) -> LabCA:
    return make_ca()
