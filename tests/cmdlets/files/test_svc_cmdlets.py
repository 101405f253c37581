"""Get-Service, Start-Service, Stop-Service and Restart-Service; CertSvc re-reads its registry
configuration only when it starts again."""
from __future__ import annotations

from cryptography.hazmat.primitives import serialization

from emshell.lab import keys, pki
from fs_shell import shell

HEADER = ("Status   Name               DisplayName                           \n"
          "------   ----               -----------                           \n")


def services(*rows: str) -> str:
    return "\n" + HEADER + "".join(row.ljust(66) + "\n" for row in rows) + "\n\n"


CERTSVC_RUNNING = "Running  CertSvc            Certificate Services"
CERTSVC_STOPPED = "Stopped  CertSvc            Certificate Services"


def test_get_service() -> None:
    with shell("DC01") as sh:
        assert sh("Get-Service certsvc") == services(CERTSVC_RUNNING)
        assert sh("Get-Service CertSvc, Alerter, nope") == (
            "Get-Service : Cannot find any service with service name 'nope'.\n"
            "At line:1 char:12\n"
            "+ Get-Service  <<<< CertSvc, Alerter, nope\n"
            + services("Stopped  Alerter            Alerter", CERTSVC_RUNNING))
        assert sh("Get-Service -DisplayName Cert*", "Get-Service nothing*", "Get-Service -DisplayName nope") == (
            services(CERTSVC_RUNNING)
            + "Get-Service : Cannot find any service with display name 'nope'.\n"
            "At line:1 char:12\n"
            "+ Get-Service  <<<< -DisplayName nope\n")
        assert sh("Get-Service -Name *Sv* -Exclude Cert* -Include Cr*") == services(
            "Running  CryptSvc           Cryptographic Services")
        assert sh("gsv | Measure-Object | % { $_.Count -gt 40 }", "(Get-Service certsvc).Status") == (
            "True\nRunning\n")
    with shell("CAS01") as sh:
        assert sh("Get-Service certsvc") == (
            "Get-Service : Cannot find any service with service name 'certsvc'.\n"
            "At line:1 char:12\n"
            "+ Get-Service  <<<< certsvc\n")


def test_start_stop_restart() -> None:
    with shell("DC01") as sh:
        assert sh("Stop-Service certsvc") == ""
        assert sh("Get-Service certsvc") == services(CERTSVC_STOPPED)
        assert sh("Stop-Service certsvc", "Start-Service certsvc", "Start-Service certsvc", "Restart-Service certsvc") == ""
        assert sh("Get-Service certsvc | Stop-Service -PassThru") == services(CERTSVC_STOPPED)
        assert sh("net start certsvc") == (
            "The Certificate Services service is starting.\n"
            "The Certificate Services service was started successfully.\n\n")
        assert sh("Restart-Service -DisplayName 'Certificate Services' -PassThru") == services(CERTSVC_RUNNING)
        assert sh("Restart-Service certsvc -WhatIf", "Start-Service nope, alerter") == (
            'What if: Performing operation "Restart-Service" on Target "Certificate Services (CertSvc)".\n'
            "Start-Service : Cannot find any service with service name 'nope'.\n"
            "At line:1 char:14\n"
            "+ Start-Service  <<<< nope, alerter\n"
            "Start-Service : Service 'Alerter (Alerter)' cannot be started due to the follow\n"
            "ing error: Cannot start service Alerter on computer '.'.\n"
            "At line:1 char:14\n"
            "+ Start-Service  <<<< nope, alerter\n")


SUBMIT = 'certreq -submit -attrib "CertificateTemplate:WebServer\\nSAN:dns=mail.ehlo.dk&dns=owa.ehlo.dk" c:\\san.req '


def test_the_san_flag_takes_effect_after_restart_service() -> None:
    with shell("DC01") as sh:
        with sh.lab.transaction():
            request = pki.build_request(keys.new_rsa_key(sh.lab, 1024), pki.parse_windows_dn("CN=mail.ehlo.dk"),
                                        ["mail.ehlo.dk"])
        (sh.drive("DC01") / "san.req").write_bytes(request.public_bytes(serialization.Encoding.PEM))
        sh("certutil -setreg policy\\EditFlags +EDITF_ATTRIBUTESUBJECTALTNAME2")
        issued = "Certificate retrieved(Issued) Issued\n"
        assert sh(SUBMIT + "c:\\before.cer") == "RequestId: 2\n" + issued
        assert sh("Restart-Service certsvc") == ""
        assert sh(SUBMIT + "c:\\after.cer") == "RequestId: 3\n" + issued

        def names(file: str) -> list[str]:
            return pki.dns_names(pki.load_certificates((sh.drive("DC01") / file).read_bytes())[0])

        assert names("before.cer") == ["mail.ehlo.dk"]
        assert names("after.cer") == ["mail.ehlo.dk", "owa.ehlo.dk"]
