"""A deterministic ehlo lab per test, and a runner for native commands as the shell calls them."""
from __future__ import annotations

import shutil
from typing import Callable

import pytest

from cryptography.hazmat.primitives import serialization

from emshell.engine.native import CapturedNativeContext
from emshell.lab import keys, manage, paths, pki
from emshell.lab.lab import Lab

ADMIN = "EHLO\\Administrator"
ARTICLE_NAMES = ["mail.ehlo.dk", "autodiscover.ehlo.dk", "cas01.ehlo.dk", "cas02.ehlo.dk"]


@pytest.fixture(scope="module")
def built_lab(tmp_path_factory):
    root = tmp_path_factory.mktemp("native") / "lab"
    manage.create_lab(root, deterministic=True).close()
    return root


@pytest.fixture
def lab(built_lab, tmp_path):
    """A copy of the module's freshly built lab (building once keeps the tests fast)."""
    root = tmp_path / "lab"
    shutil.copytree(built_lab, root)
    lab = Lab(root)
    yield lab
    lab.close()


def run(lab: Lab, computer: str, command: Callable, *argv: str) -> tuple[int, str]:
    """Run a native command in one transaction, as the engine does; (exit code, output text)."""
    context = CapturedNativeContext(lab, computer)
    with lab.transaction():
        code = command(context, list(argv))
    return code, "".join(line + "\n" for line in context.lines)


def host_file(lab: Lab, computer: str, windows_path: str):
    """The host path of a lab file, for reading what a command wrote."""
    return paths.resolve(lab, computer, None, windows_path).host_path


def write_file(lab: Lab, computer: str, windows_path: str, data: bytes) -> None:
    with lab.transaction():
        paths.write_bytes(paths.resolve(lab, computer, None, windows_path), data)


def article_request(lab: Lab) -> bytes:
    """The article's request (New-ExchangeCertificate -GenerateRequest, 1024-bit key), as PEM."""
    subject = pki.parse_windows_dn("C=dk, O=EHLO organization, CN=mailehlo.dk")
    csr = pki.build_request(keys.new_rsa_key(lab, 1024), subject, ARTICLE_NAMES)
    return csr.public_bytes(serialization.Encoding.PEM)
