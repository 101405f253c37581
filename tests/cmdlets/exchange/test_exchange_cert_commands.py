"""New-, Enable-, Export- and Remove-ExchangeCertificate at work: the SMTP overwrite question, the
Remove confirmation, -WhatIf/-Confirm, -Force, IIS and Require SSL, renewal, request and PFX exports."""
from __future__ import annotations

import base64

from emshell.lab import certstore, pki
from exchange_support import SETUP_THUMBPRINT, foreign_chain, pfx, screen, shell

WHATIF = screen(
    'What if: Generate Certificate:\tFriendlyName="Microsoft Exchange",\tSubjectName="",'
    '\tDomainName="cas01.ehlo.dk",\tServices="IMAP, POP, SMTP",\tKeySize="2048"',
    '',
    'Thumbprint                                Services   Subject                   ',
    '----------                                --------   -------                   ',
    '03FE00D073D333D6CC566DC4BCB21964DD6F1024  IP.WS      CN=CAS01                  ',
    '',
    '',
)
NEW_NO = screen(
    '',
    'Confirm',
    'Overwrite the existing default SMTP certificate?',
    '',
    "Current certificate: '03FE00D073D333D6CC566DC4BCB21964DD6F1024' (expires ",
    '3/18/2009 10:15:32 AM)',
    "Replace it with certificate: 'E88B0D934894A1AD2B5E18D0D1F12960142C87F6' ",
    '(expires 3/18/2009 10:15:35 AM)',
    '[Y] Yes  [A] Yes to All  [N] No  [L] No to All  [?] Help (default is "Y"):n',
    '',
    'Thumbprint                                Services   Subject                   ',
    '----------                                --------   -------                   ',
    'E88B0D934894A1AD2B5E18D0D1F12960142C87F6  IP..S      CN=CAS01                  ',
    '',
    '',
)
REMOVE_SMTP = screen(
    '',
    'Confirm',
    'Are you sure you want to perform this action?',
    'Remove certificate with thumbprint 03FE00D073D333D6CC566DC4BCB21964DD6F1024 ',
    "from the computer's certificate store?",
    '[Y] Yes  [A] Yes to All  [N] No  [L] No to All  [S] Suspend  [?] Help ',
    '(default is "Y"):y',
    'Remove-ExchangeCertificate : The internal transport certificate cannot be remov',
    'ed because that would cause the Microsoft Exchange Transport service to stop. T',
    'o replace the internal transport certificate, create a new certificate. The new',
    ' certificate will automatically become the internal transport certificate. You ',
    'can then remove the existing certificate.',
    'At line:1 char:27',
    '+ Remove-ExchangeCertificate  <<<< 03FE00D073D333D6CC566DC4BCB21964DD6F1024',
)
ENABLE_SMTP = screen(
    '',
    'Confirm',
    'Overwrite the existing default SMTP certificate?',
    '',
    "Current certificate: '03FE00D073D333D6CC566DC4BCB21964DD6F1024' (expires ",
    '3/18/2009 10:15:32 AM)',
    "Replace it with certificate: 'E88B0D934894A1AD2B5E18D0D1F12960142C87F6' ",
    '(expires 3/18/2009 10:15:35 AM)',
    '[Y] Yes  [A] Yes to All  [N] No  [L] No to All  [?] Help (default is "Y"):y',
)
REMOVE = screen(
    '',
    'Confirm',
    'Are you sure you want to perform this action?',
    'Remove certificate with thumbprint 03FE00D073D333D6CC566DC4BCB21964DD6F1024 ',
    "from the computer's certificate store?",
    '[Y] Yes  [A] Yes to All  [N] No  [L] No to All  [S] Suspend  [?] Help ',
    '(default is "Y"):n',
    '',
    'Confirm',
    'Are you sure you want to perform this action?',
    'Remove certificate with thumbprint 03FE00D073D333D6CC566DC4BCB21964DD6F1024 ',
    "from the computer's certificate store?",
    '[Y] Yes  [A] Yes to All  [N] No  [L] No to All  [S] Suspend  [?] Help ',
    '(default is "Y"):y',
    '',
    'Thumbprint                                Services   Subject                   ',
    '----------                                --------   -------                   ',
    'E88B0D934894A1AD2B5E18D0D1F12960142C87F6  IP..S      CN=CAS01                  ',
    '',
    '',
)
CONFIRM = screen(
    '',
    'Confirm',
    'Are you sure you want to perform this action?',
    'Enable certificate with thumbprint E88B0D934894A1AD2B5E18D0D1F12960142C87F6?',
    '[Y] Yes  [A] Yes to All  [N] No  [L] No to All  [S] Suspend  [?] Help ',
    '(default is "Y"):y',
    '',
    'Thumbprint                                Services   Subject                   ',
    '----------                                --------   -------                   ',
    'E88B0D934894A1AD2B5E18D0D1F12960142C87F6  IP.WS      CN=CAS01                  ',
    '',
    '',
)
RENEW = screen(
    '',
    '',
    'FriendlyName         : Renewed',
    'Subject              : CN=CAS01',
    'CertificateDomains   : {CAS01, cas01.ehlo.dk}',
    # POP and IMAP follow the name they look for (CAS01, from the first Enable): both
    # certificates carry it, so both show them (exchange-cmdlets §6.3)
    'Services             : IMAP, POP',
    'PublicKeySize        : 2048',
    'PrivateKeyExportable : False',
    '',
    '',
    '',
    '',
    'Thumbprint                                Services   Subject                   ',
    '----------                                --------   -------                   ',
    '8FEE06C97164672661FE64482E78F5F3B116A7F8  IP...      CN=CAS01                  ',
    'E88B0D934894A1AD2B5E18D0D1F12960142C87F6  IP.WS      CN=CAS01                  ',
    '',
    '',
)
FORCE = screen(
    '',
    'Thumbprint                                Services   Subject                   ',
    '----------                                --------   -------                   ',
    '997D0BA63CA1AD790867ECA108BA8B1E26F98D69  ...WS      CN=smtp.ehlo.dk           ',
    '03FE00D073D333D6CC566DC4BCB21964DD6F1024  IP..S      CN=CAS01                  ',
    '',
    '',
)
REQUEST_EXPORTS = screen(
    '-----BEGIN NEW CERTIFICATE REQUEST-----',
    'MIIBkDCB+gIBADAXMRUwEwYDVQQDDAxtYWlsLmVobG8uZGswgZ8wDQYJKoZIhvcN',
    'AQEBBQADgY0AMIGJAoGBAMDZphwKsCh0JxWdOBpjUzk7UehSY0Wr1Flp04ngNAaP',
    'BX/NIVgNfI4RoSOkQH309u1MlLtl2QRSqfvQVycj8pb7q4NyebQgLMN+6aZeNPq1',
    '4gS9Q9mjwyKk3fli2mL5FDZ3HD7Rma0LQg7z8QXQdc/CxP+Qd6P87lN4+JJMBJ4T',
    'AgMBAAGgOjA4BgkqhkiG9w0BCQ4xKzApMBcGA1UdEQQQMA6CDG1haWwuZWhsby5k',
    'azAOBgNVHQ8BAf8EBAMCBaAwDQYJKoZIhvcNAQELBQADgYEAoBImq8MY+uTsZNxg',
    'jlEOheDSYKRoaBIZyHC4hUl3m8AdVUEJADb3O4hrbML3r5emWYkt80FfH07KkdNB',
    'Qu2KvvNnv5isZecKX/CTGzBZvtywUiyFWKgu5hFVndLkPrGZAm8kuDDt94TRGKA9',
    '8X7xYWRcy0iU+iuiMfrAbA3GFu8=',
    '-----END NEW CERTIFICATE REQUEST-----',
    '',
    "Export-ExchangeCertificate : The file 'C:\\mail.req' already exists.",
    'At line:1 char:27',
    '+ Export-ExchangeCertificate  <<<< $r.Thumbprint -Path c:\\mail.req',
)
NO_PASSWORD = screen(
    'Export-ExchangeCertificate : Exporting a certificate with its private key requi',
    'res that a password be specified to protect the private key.',
    'At line:1 char:27',
    '+ Export-ExchangeCertificate  <<<< $s.Thumbprint -Path c:\\nopw.pfx',
)
ON_CAS02 = screen(
    '',
    '',
    'Thumbprint           : 997D0BA63CA1AD790867ECA108BA8B1E26F98D69',
    'FriendlyName         : From CAS01',
    'PrivateKeyExportable : True',
    'Services             : None',
    'Status               : Valid',
    'RootCAType           : None',
    '',
    '',
    '',
    'Import-ExchangeCertificate : Cannot import certificate. A certificate with the ',
    'thumbprint 997D0BA63CA1AD790867ECA108BA8B1E26F98D69 already exists.',
    'At line:1 char:27',
    '+ Import-ExchangeCertificate  <<<< -Path c:\\smtp.pfx -Password $pw',
)


def test_self_signed_certificates_the_smtp_question_and_removal() -> None:
    with shell() as sh:
        assert sh.run("New-ExchangeCertificate -DomainName cas01.ehlo.dk -WhatIf", "Get-ExchangeCertificate") == WHATIF
        assert sh.run("$n = New-ExchangeCertificate -PrivateKeyExportable $true", "$n", answers=["n"]) == NEW_NO
        assert sh.run(f"Remove-ExchangeCertificate {SETUP_THUMBPRINT}", answers=["y"]) == REMOVE_SMTP
        assert sh.run("Enable-ExchangeCertificate $n.Thumbprint -Services SMTP", answers=["y"]) == ENABLE_SMTP
        remove = f"Remove-ExchangeCertificate {SETUP_THUMBPRINT}"
        assert sh.run(remove, remove, "Get-ExchangeCertificate", answers=["n", "y"]) == REMOVE
        assert sh.run("Enable-ExchangeCertificate $n.Thumbprint -Services IIS -DoNotRequireSsl -Confirm",
                      "Get-ExchangeCertificate", answers=["y"]) == CONFIRM
        assert not certstore.iis_requires_ssl(sh.session.lab, "CAS01")
        assert sh.run("$n | New-ExchangeCertificate -Services POP -FriendlyName Renewed | fl FriendlyName,Subject,"
                      "CertificateDomains,Services,PublicKeySize,PrivateKeyExportable",
                      "Get-ExchangeCertificate") == RENEW


def test_force_iis_and_exports() -> None:
    with shell() as sh:
        assert sh.run("$s = New-ExchangeCertificate -SubjectName CN=smtp.ehlo.dk -Services IIS -PrivateKeyExportable "
                      "$true", "Enable-ExchangeCertificate $s.Thumbprint -Services SMTP -Force",
                      "Get-ExchangeCertificate") == FORCE
        assert certstore.iis_requires_ssl(sh.session.lab, "CAS01")
        assert sh.run("$r = New-ExchangeCertificate -GenerateRequest -SubjectName CN=mail.ehlo.dk -KeySize 1024",
                      "Export-ExchangeCertificate $r.Thumbprint",
                      "Export-ExchangeCertificate $r.Thumbprint -Path c:\\mail.req -BinaryEncoded",
                      "Export-ExchangeCertificate $r.Thumbprint -Path c:\\mail.req",
                      "Export-ExchangeCertificate $r.Thumbprint -Path c:\\mail.req -Force") == REQUEST_EXPORTS
        assert pki.load_request(sh.file("c:\\mail.req").read_bytes()).subject.rfc4514_string() == "CN=mail.ehlo.dk"
        assert sh.run("$pw = ConvertTo-SecureString 'Pa$$w0rd' -AsPlainText -Force",
                      "Export-ExchangeCertificate $s.Thumbprint -Path c:\\nopw.pfx",
                      "Export-ExchangeCertificate $s.Thumbprint -Path c:\\smtp.pfx -Password $pw") == NO_PASSWORD
        assert not sh.file("c:\\nopw.pfx").exists()
        assert sh.file("c:\\smtp.pfx").read_bytes().startswith(b"MII")  # Base64 unless -BinaryEncoded
        sh.run("Copy-Item c:\\smtp.pfx \\\\cas02\\c$\\")
        assert sh.run("$pw = ConvertTo-SecureString 'Pa$$w0rd' -AsPlainText -Force",
                      "Import-ExchangeCertificate -Path c:\\smtp.pfx -Password $pw -PrivateKeyExportable $true "
                      "-FriendlyName 'From CAS01' | fl Thumbprint,FriendlyName,PrivateKeyExportable,Services,Status,"
                      "RootCAType", "Import-ExchangeCertificate -Path c:\\smtp.pfx -Password $pw",
                      on="CAS02") == ON_CAS02


def test_include_switches_add_accepted_and_autodiscover_names() -> None:
    with shell() as sh:
        assert sh.run("New-ExchangeCertificate -GenerateRequest -IncludeAcceptedDomains -IncludeAutoDiscover "
                      "-DomainName EHLO.dk,mail.ehlo.dk | fl CertificateDomains") == screen(
            '',
            '',
            'CertificateDomains : {CAS01, EHLO.dk, mail.ehlo.dk, autodiscover.ehlo.dk}',
            '',
            '',
            '',
        )
        assert sh.run("New-ExchangeCertificate -GenerateRequest -SubjectName CN=mbx01.ehlo.dk -IncludeAutoDiscover "
                      "| fl CertificateDomains", on="MBX01") == screen(
            'WARNING: You can only use the IncludeAutodiscover parameter with the Client ',
            "Access server role. The Autodiscover names weren't included on the certificate.",
            '',
            '',
            'CertificateDomains : {mbx01.ehlo.dk}',
            '',
            '',
            '',
        )
        request = certstore.list_store(sh.session.lab, "CAS01", certstore.REQUEST)[0].request
    assert pki.dns_names(request) == ["EHLO.dk", "mail.ehlo.dk", "autodiscover.ehlo.dk"]


def test_services_bind_as_arrays_add_up_and_certificates_flow_through_the_pipeline() -> None:
    root, cert, key = foreign_chain()
    data = base64.b64encode(pfx(key, cert, [root], b"secret")).decode()
    with shell() as sh:
        sh.session.set_variable("lines", [data[i:i + 64] for i in range(0, len(data), 64)])  # Get-Content's lines
        assert sh.run(
            "$c = New-ExchangeCertificate -SubjectName CN=a.ehlo.dk -Services None",
            "Enable-ExchangeCertificate $c.Thumbprint -Services IIS,POP",
            "Get-ExchangeCertificate $c.Thumbprint | Enable-ExchangeCertificate -Services UM",
            "Get-ExchangeCertificate $c.Thumbprint | fl Services",
            "$pw = ConvertTo-SecureString secret -AsPlainText -Force",
            "$lines | Import-ExchangeCertificate -Password $pw | Enable-ExchangeCertificate -Services IMAP",
            "Get-ExchangeCertificate",
        ) == screen(
            '',
            '',
            'Services : POP, UM, IIS',
            '',
            '',
            '',
            '',
            'Thumbprint                                Services   Subject                   ',
            '----------                                --------   -------                   ',
            'AA607154C153145B7BFF8D40EE05E9CD86A7F74E  .PUW.      CN=a.ehlo.dk              ',
            '03FE00D073D333D6CC566DC4BCB21964DD6F1024  ....S      CN=CAS01                  ',
            '4EDE014A1A760DAD4CB64862892A398A44AAA431  I....      CN=web.example.com        ',
            '',
            '',
        )


def test_whatifpreference_and_confirm_answered_no_change_nothing() -> None:
    with shell() as sh:
        before = sh.session.lab.store.list(certstore.CERT_KIND)
        assert sh.run(
            "$WhatIfPreference = $true",
            "New-ExchangeCertificate -GenerateRequest -SubjectName CN=x.ehlo.dk -Path c:\\x.req",
            "$WhatIfPreference = $false",
            "New-ExchangeCertificate -GenerateRequest -SubjectName CN=x.ehlo.dk -Path c:\\x.req -Confirm",
            answers=["n"],
        ) == screen(
            'What if: Generate Certificate Request:\tFriendlyName="Microsoft Exchange",\tSubjectName="CN=x.ehlo.dk",'
            '\tDomainName="",\tServices="None",\tKeySize="2048"',
            '',
            'Confirm',
            'Are you sure you want to perform this action?',
            # The console moves each TAB to the next 8-column stop before the line wraps.
            'Generate Certificate Request:   FriendlyName="Microsoft Exchange",      ',
            'SubjectName="CN=x.ehlo.dk",     DomainName="",  Services="None",        ',
            'KeySize="2048"',
            '[Y] Yes  [A] Yes to All  [N] No  [L] No to All  [S] Suspend  [?] Help ',
            '(default is "Y"):n',
        )
        assert sh.session.lab.store.list(certstore.CERT_KIND) == before
        assert not sh.file("c:\\x.req").exists()


def test_passwords_from_read_host_and_get_credential_never_print() -> None:
    with shell() as sh:
        assert sh.run(
            "$p = Read-Host -AsSecureString 'Password'",
            "$p",
            "$c = New-ExchangeCertificate -SubjectName CN=x.ehlo.dk -Services None -PrivateKeyExportable $true",
            "Export-ExchangeCertificate $c.Thumbprint -Path c:\\x.pfx -BinaryEncoded -Password $p",
            "Remove-ExchangeCertificate $c.Thumbprint -Confirm:$false",
            "Import-ExchangeCertificate -Path c:\\x.pfx -Password (Get-Credential).Password | ft Thumbprint,Services,"
            "HasPrivateKey -auto",
            answers=["Secret1", "admin", "Secret1"],
        ) == screen(
            'Password: *******',
            'System.Security.SecureString',
            '',
            'cmdlet Get-Credential at command pipeline position 1',
            'Supply values for the following parameters:',
            'User: admin',
            'Password for user admin: *******',
            '',
            'Thumbprint                               Services HasPrivateKey',
            '----------                               -------- -------------',
            'CB9B11D75663774A3994A869B0CB51B17C93C612     None          True',
            '',
            '',
        )
        assert "Secret1" not in sh.host.text
