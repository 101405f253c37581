"""Helpers of the client access tests: a console on one deterministic lab that can move between lab
computers, and the article's certificate steps on the Client Access servers."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from emshell.host.capture import captured_session
from emshell.lab import certstore, paths

# The article's commands, as printed (en dashes and curly quotes included).
REQUEST = ("New-ExchangeCertificate \u2013GenerateRequest \u2013SubjectName \u201cC=dk, O=EHLO organization, "
           "CN=mailehlo.dk\u201d \u2013DomainName mail.ehlo.dk, autodiscover.ehlo.dk, cas01.ehlo.dk, cas02.ehlo.dk "
           "\u2013FriendlyName \u201cCAS SAN Certificate\u201d \u2013KeySize 1024 \u2013Path c:\\CAS_SAN_cert.req "
           "\u2013PrivateKeyExportable:$true")
IMPORT_P7B = "Import-ExchangeCertificate \u2013Path c:\\certnew.p7b"
IMPORT_PFX = "Import-ExchangeCertificate \u2013Path c:\\exported_cert.pfx \u2013Password:(Get-Credential).password"
ENABLE = "Enable-ExchangeCertificate \u2013Thumbprint {0} -Services \u201cIIS, POP, IMAP\u201d"
EXPORT = "Export-ExchangeCertificate -Thumbprint {0} -Path c:\\exported_cert.pfx -Password:(Get-Credential).password"
# The web enrollment page's part, done with certreq on the CA; the answer goes back to CAS01's c:\.
SUBMIT = ('certreq -submit -attrib "CertificateTemplate:WebServer" \\\\cas01\\c$\\CAS_SAN_cert.req '
          '\\\\cas01\\c$\\certnew.cer \\\\cas01\\c$\\certnew.p7b')
CREDENTIAL = ["Administrator", "P@ssw0rd"]
CREATE_TEST_USER = "& $exscripts\\new-TestCasConnectivityUser.ps1"


class Console:
    """One lab; `run` executes command lines on a lab computer and returns what they printed."""

    def __init__(self, session, host) -> None:
        self.session, self.host, self.seen = session, host, 0

    def run(self, *commands: str, on: str = "CAS01", answers: tuple[str, ...] = ()) -> str:
        self.session.computer = on
        self.host.answers.extend(answers)
        for command in commands:
            self.session.execute(command)
        text, self.seen = self.host.text[self.seen:], len(self.host.text)
        return text

    def san_thumbprint(self) -> str:
        """The CA-issued certificate on CAS01 (its thumbprint depends on what ran before)."""
        self.run("$null")
        views = certstore.exchange_certificates(self.session.lab, "CAS01")
        return next(v.thumbprint for v in views if not v.is_self_signed and v.status != "PendingRequest")

    def san_on_cas01(self) -> str:
        """The article's steps on the first node: request, CA, import, enable. Returns the output."""
        text = self.run(REQUEST) + self.run(SUBMIT, on="DC01") + self.run(IMPORT_P7B)
        return text + self.run(ENABLE.format(self.san_thumbprint()))

    def san_on_cas02(self) -> str:
        """Export with the key from CAS01, copy to CAS02's c:\\, import and enable there."""
        thumbprint = self.san_thumbprint()
        text = self.run(EXPORT.format(thumbprint), answers=CREDENTIAL)
        lab = self.session.lab
        paths.copy(paths.resolve(lab, "CAS01", None, "c:\\exported_cert.pfx"),
                   paths.resolve(lab, "CAS02", None, "c:\\"))
        return text + self.run(IMPORT_PFX, ENABLE.format(thumbprint), on="CAS02", answers=CREDENTIAL)


@contextmanager
def console() -> Iterator[Console]:
    with captured_session() as (session, host):
        yield Console(session, host)


def screen(*lines: str) -> str:
    """Console text, one argument per line (so trailing spaces stay visible in the source)."""
    return "".join(line + "\n" for line in lines)
