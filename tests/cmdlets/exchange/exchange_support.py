"""Shared helpers of the Exchange certificate cmdlet tests: one deterministic lab per shell, commands
run as a console would show them, lab computers switched between commands, and OpenSSL."""
from __future__ import annotations

import shutil
import subprocess
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Sequence

import pytest

from emshell.host.capture import captured_session
from emshell.lab import paths

# The article's request, pasted as it is (en dashes and curly quotes included).
ARTICLE_REQUEST = (
    "New-ExchangeCertificate \u2013GenerateRequest \u2013SubjectName \u201cC=dk, O=EHLO organization, "
    "CN=mailehlo.dk\u201d \u2013DomainName mail.ehlo.dk, autodiscover.ehlo.dk, cas01.ehlo.dk, cas02.ehlo.dk "
    "\u2013FriendlyName \u201cCAS SAN Certificate\u201d \u2013KeySize 1024 \u2013Path c:\\CAS_SAN_cert.req "
    "\u2013PrivateKeyExportable:$true"
)
ARTICLE_NAMES = ["mail.ehlo.dk", "autodiscover.ehlo.dk", "cas01.ehlo.dk", "cas02.ehlo.dk"]
# The article's way to the CA (certreq on the domain controller), answers written back to CAS01.
SUBMIT = ('certreq -submit -attrib "CertificateTemplate:WebServer" \\\\cas01\\c$\\CAS_SAN_cert.req '
          '\\\\cas01\\c$\\certnew.cer \\\\cas01\\c$\\certnew.p7b')
SETUP_THUMBPRINT = "03FE00D073D333D6CC566DC4BCB21964DD6F1024"  # CAS01's setup certificate

needs_openssl = pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")


class Shell:
    """A console on one lab; `run` returns what the commands printed since the previous call, and `on`
    moves it to another lab computer first (the administrator opening the shell there)."""

    def __init__(self, session, host) -> None:
        self.session = session
        self.host = host
        self._seen = 0

    def run(self, *commands: str, on: str | None = None, answers: Sequence[str] = ()) -> str:
        if on is not None:
            self.session.computer = on.upper()
        self.host.answers.extend(answers)
        for command in commands:
            self.session.execute(command)
        text = self.host.text[self._seen:]
        self._seen = len(self.host.text)
        return text

    def commit(self) -> None:
        """Keep lab changes a test made directly: the next command's failure would roll them back."""
        self.run("$null")

    def path(self, windows_path: str, on: str = "CAS01") -> paths.LabPath:
        return paths.resolve(self.session.lab, on, None, windows_path)

    def file(self, windows_path: str, on: str = "CAS01") -> Path:
        """The host file behind a lab path, for OpenSSL and for reading what a command wrote."""
        return self.path(windows_path, on).host_path

    def write(self, windows_path: str, data: bytes, on: str = "CAS01") -> None:
        paths.write_bytes(self.path(windows_path, on), data)


@contextmanager
def shell(computer: str = "CAS01") -> Iterator[Shell]:
    with captured_session(computer=computer) as (session, host):
        yield Shell(session, host)


def openssl(*args: str, data: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(["openssl", *args], input=data, capture_output=True, check=False)


def issue_article_certificate(sh: Shell) -> str:
    """The article's request on CAS01 and the CA's answer in c:\\certnew.p7b; returns the output."""
    return sh.run(ARTICLE_REQUEST, on="CAS01") + sh.run(SUBMIT, on="DC01") + sh.run(on="CAS01")


def screen(*lines: str) -> str:
    """Console text from its lines (written one per argument so trailing spaces stay visible)."""
    return "".join(line + "\n" for line in lines)


def foreign_chain(*ekus, name: str = "web.example.com") -> tuple:
    """A root CA no lab computer trusts and a 1024-bit certificate it issued for `name` (with the
    given extended key usages; Server Authentication by default): (root, certificate, key)."""
    from datetime import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    from emshell.lab import keys, pki

    root_key, key = keys.derived_rsa_key(b"foreign-root", 1024), keys.derived_rsa_key(b"foreign-leaf", 1024)
    start, end = datetime(2008, 1, 1), datetime(2012, 1, 1)
    root = pki.self_signed_certificate(root_key, pki.parse_windows_dn("CN=Foreign Root CA, O=Example"), [], start,
                                       end, 1, ekus=(), is_ca=True)
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)]))
            .issuer_name(root.subject).public_key(key.public_key()).serial_number(2)
            .not_valid_before(start).not_valid_after(end)
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
            .add_extension(x509.ExtendedKeyUsage(list(ekus or [ExtendedKeyUsageOID.SERVER_AUTH])), critical=False)
            .sign(root_key, hashes.SHA256()))
    return root, cert, key


def pfx(key, cert, chain: list, password: bytes | None) -> bytes:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import pkcs12

    protection = (serialization.BestAvailableEncryption(password) if password
                  else serialization.NoEncryption())
    return pkcs12.serialize_key_and_certificates(b"foreign", key, cert, chain, protection)
