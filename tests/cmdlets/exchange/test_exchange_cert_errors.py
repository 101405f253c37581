"""Errors of the certificate cmdlets: wrong password, corrupt or unreadable files, unknown thumbprints,
certificates Exchange cannot use, and paths that try to leave the lab. Each is a PowerShell error
record with the reference's text, and none changes the stores, the bindings or the files."""
from __future__ import annotations

import os

from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import ExtendedKeyUsageOID

from emshell.lab import certstore, pki
from exchange_support import SETUP_THUMBPRINT, foreign_chain, pfx, screen, shell


def state(sh) -> tuple:
    """Everything a failed command must leave alone: certificates, bindings and the files of C:."""
    lab = sh.session.lab
    files = sorted(str(p.relative_to(lab.drives_root)) for p in lab.drives_root.rglob("*"))
    return lab.store.list(certstore.CERT_KIND), lab.store.list(certstore.BINDINGS_KIND), files


BAD_FILES = screen(
    'Import-ExchangeCertificate : The source data cannot be imported or the wrong pa',
    'ssword was specified.',
    'At line:1 char:27',
    '+ Import-ExchangeCertificate  <<<< -Path c:\\web.pfx -Password $pw',
    'Import-ExchangeCertificate : The source data cannot be imported or the wrong pa',
    'ssword was specified.',
    'At line:1 char:27',
    '+ Import-ExchangeCertificate  <<<< -Path c:\\web.pfx',
    'Import-ExchangeCertificate : The source data is corrupted or not properly Base6',
    '4 encoded.',
    'At line:1 char:27',
    '+ Import-ExchangeCertificate  <<<< -Path c:\\short.pfx -Password $pw',
    'Import-ExchangeCertificate : The source data is corrupted or not properly Base6',
    '4 encoded.',
    'At line:1 char:27',
    '+ Import-ExchangeCertificate  <<<< -Path c:\\hello.txt',
    'Import-ExchangeCertificate : The source data is corrupted or not properly Base6',
    '4 encoded.',
    'At line:1 char:27',
    '+ Import-ExchangeCertificate  <<<< -Path c:\\empty.cer',
    'Import-ExchangeCertificate : The source data is corrupted or not properly Base6',
    '4 encoded.',
    'At line:1 char:27',
    '+ Import-ExchangeCertificate  <<<< -Path c:\\cut.cer',
    'Import-ExchangeCertificate : Cannot import certificate. No pending certificate ',
    'request on this server matches the certificate with thumbprint 4EDE014A1A760DAD',
    '4CB64862892A398A44AAA431.',
    'At line:1 char:27',
    '+ Import-ExchangeCertificate  <<<< -Path c:\\web.cer',
    'Import-ExchangeCertificate : Cannot import certificate. The certificate with th',
    'umbprint 4EDE014A1A760DAD4CB64862892A398A44AAA431 has no private key.',
    'At line:1 char:27',
    '+ Import-ExchangeCertificate  <<<< -Path c:\\nokey.pfx -Password (ConvertTo-Secu',
    'reString secret -AsPlainText -Force)',
)
ESCAPES = screen(
    "Import-ExchangeCertificate : Could not find a part of the path 'C:\\etc\\passwd'.",
    'At line:1 char:27',
    '+ Import-ExchangeCertificate  <<<< -Path ..\\..\\..\\..\\..\\etc\\passwd',
    "Import-ExchangeCertificate : Could not find a part of the path 'C:\\etc\\passwd'.",
    'At line:1 char:27',
    '+ Import-ExchangeCertificate  <<<< -Path /etc/passwd',
    "Import-ExchangeCertificate : Access to the path 'C:\\link\\h\\x' is denied.",
    'At line:1 char:27',
    '+ Import-ExchangeCertificate  <<<< -Path c:\\link\\h\\x',
    'Import-ExchangeCertificate : The network path was not found.',
    'At line:1 char:27',
    '+ Import-ExchangeCertificate  <<<< -Path \\\\cas99\\c$\\x.pfx',
    'Import-ExchangeCertificate : FileStream will not open Win32 devices such as dis',
    'k partitions and tape drives. Avoid use of "\\\\.\\" in the path.',
    'At line:1 char:27',
    '+ Import-ExchangeCertificate  <<<< -Path \\\\.\\C:\\x.pfx',
    "New-ExchangeCertificate : Could not find a part of the path 'C:\\tmp\\escape.req'",
    '.',
    'At line:1 char:24',
    '+ New-ExchangeCertificate  <<<< -GenerateRequest -Path ..\\..\\..\\..\\tmp\\escape.r',
    'eq',
    "New-ExchangeCertificate : Access to the path 'C:\\link\\escape.req' is denied.",
    'At line:1 char:24',
    '+ New-ExchangeCertificate  <<<< -GenerateRequest -Path c:\\link\\escape.req',
    "Export-ExchangeCertificate : Access to the path 'C:\\link\\escape.req' is denied.",
    'At line:1 char:27',
    '+ Export-ExchangeCertificate  <<<< 03FE00D073D333D6CC566DC4BCB21964DD6F1024 -Pa',
    'th c:\\link\\escape.req',
    'New-ExchangeCertificate : FileStream will not open Win32 devices such as disk p',
    'artitions and tape drives. Avoid use of "\\\\.\\" in the path.',
    'At line:1 char:24',
    "+ New-ExchangeCertificate  <<<< -GenerateRequest -Path 'c:\\con.req'",
    '',
    'Thumbprint                                Services   Subject                   ',
    '----------                                --------   -------                   ',
    '03FE00D073D333D6CC566DC4BCB21964DD6F1024  IP.WS      CN=CAS01                  ',
    '',
    '',
)
UNKNOWN = screen(
    'Get-ExchangeCertificate : The certificate with thumbprint 0123456789ABCDEF01234',
    '56789ABCDEF01234567 was not found.',
    'At line:1 char:24',
    '+ Get-ExchangeCertificate  <<<< -Thumbprint 0123456789ABCDEF0123456789ABCDEF012',
    '34567',
    'Enable-ExchangeCertificate : The certificate with thumbprint 0123456789ABCDEF01',
    '23456789ABCDEF01234567 was not found.',
    'At line:1 char:27',
    '+ Enable-ExchangeCertificate  <<<< -Thumbprint 0123456789ABCDEF0123456789ABCDEF',
    '01234567 -Services IIS',
    'Export-ExchangeCertificate : The certificate with thumbprint 0123456789ABCDEF01',
    '23456789ABCDEF01234567 was not found.',
    'At line:1 char:27',
    '+ Export-ExchangeCertificate  <<<< -Thumbprint 0123456789ABCDEF0123456789ABCDEF',
    '01234567 -Path c:\\x.pfx',
    'Remove-ExchangeCertificate : The certificate with thumbprint 0123456789ABCDEF01',
    '23456789ABCDEF01234567 was not found.',
    'At line:1 char:27',
    '+ Remove-ExchangeCertificate  <<<< -Thumbprint 0123456789ABCDEF0123456789ABCDEF',
    '01234567',
    "Enable-ExchangeCertificate : Cannot bind argument to parameter 'Thumbprint' bec",
    'ause it is null.',
    'At line:1 char:39',
    '+ Enable-ExchangeCertificate -Thumbprint  <<<< $null -Services IIS',
)
INVALID = screen(
    '',
    'Thumbprint                                Services   Subject                   ',
    '----------                                --------   -------                   ',
    '03FE00D073D333D6CC566DC4BCB21964DD6F1024  IP.WS      CN=CAS01                  ',
    '',
    '',
    '',
    '',
    'Status     : Invalid',
    'RootCAType : Unknown',
    '',
    '',
    '',
    'Enable-ExchangeCertificate : The certificate with thumbprint A36EA636326E5A91A8',
    '1DE7EF6129E12A7F1E1486 was found but is not valid for use with Exchange Server ',
    '(reason: PkixKpServerAuthNotFoundInEnhancedKeyUsage).',
    'At line:1 char:27',
    '+ Enable-ExchangeCertificate  <<<< $c.Thumbprint -Services IIS',
    'Enable-ExchangeCertificate : The certificate with thumbprint 7D21E833FF7FF4B60C',
    'CEF2FA43BB876FCDBE8298 was not found.',
    'At line:1 char:27',
    '+ Enable-ExchangeCertificate  <<<< $r.Thumbprint -Services IIS',
    '',
    'Thumbprint                                Services   Subject                   ',
    '----------                                --------   -------                   ',
    '03FE00D073D333D6CC566DC4BCB21964DD6F1024  IP.WS      CN=CAS01                  ',
    '',
    '',
)


def test_wrong_password_corrupt_data_and_certificates_that_cannot_be_imported() -> None:
    root, cert, key = foreign_chain()
    good = pfx(key, cert, [root], b"secret")
    pem = cert.public_bytes(serialization.Encoding.PEM)
    with shell() as sh:
        for name, data in (("web.pfx", good), ("short.pfx", good[:len(good) // 2]), ("hello.txt", b"hello world"),
                           ("empty.cer", b""), ("cut.cer", pem[:200]), ("web.cer", pem),
                           ("nokey.pfx", pfx(None, cert, [root], b"secret"))):
            sh.write(f"c:\\{name}", data)
        before = state(sh)
        assert sh.run(
            "$pw = ConvertTo-SecureString wrong -AsPlainText -Force",
            "Import-ExchangeCertificate -Path c:\\web.pfx -Password $pw",
            "Import-ExchangeCertificate -Path c:\\web.pfx",
            "Import-ExchangeCertificate -Path c:\\short.pfx -Password $pw",
            "Import-ExchangeCertificate -Path c:\\hello.txt",
            "Import-ExchangeCertificate -Path c:\\empty.cer",
            "Import-ExchangeCertificate -Path c:\\cut.cer",
            "Import-ExchangeCertificate -Path c:\\web.cer",
            "Import-ExchangeCertificate -Path c:\\nokey.pfx -Password (ConvertTo-SecureString secret -AsPlainText "
            "-Force)",
        ) == BAD_FILES
        assert state(sh) == before
        assert sh.session.errors[0].FullyQualifiedErrorId.endswith(
            ",Microsoft.Exchange.Management.SystemConfigurationTasks.ImportExchangeCertificate")


def test_paths_cannot_leave_the_lab() -> None:
    with shell() as sh:
        os.symlink(sh.session.lab.root.parent, sh.file("c:\\link"))
        before = state(sh)
        assert sh.run(
            r"Import-ExchangeCertificate -Path ..\..\..\..\..\etc\passwd",
            r"Import-ExchangeCertificate -Path /etc/passwd",
            r"Import-ExchangeCertificate -Path c:\link\h\x",
            r"Import-ExchangeCertificate -Path \\cas99\c$\x.pfx",
            r"Import-ExchangeCertificate -Path \\.\C:\x.pfx",
            r"New-ExchangeCertificate -GenerateRequest -Path ..\..\..\..\tmp\escape.req",
            r"New-ExchangeCertificate -GenerateRequest -Path c:\link\escape.req",
            r"Export-ExchangeCertificate 03FE00D073D333D6CC566DC4BCB21964DD6F1024 -Path c:\link\escape.req",
            r"New-ExchangeCertificate -GenerateRequest -Path 'c:\con.req'",
            "Get-ExchangeCertificate",
        ) == ESCAPES
        assert state(sh) == before
        assert not (sh.session.lab.root.parent / "escape.req").exists()


def test_unknown_thumbprints_and_certificates_exchange_cannot_use() -> None:
    client_root, client, client_key = foreign_chain(ExtendedKeyUsageOID.CLIENT_AUTH, name="client.example.com")
    _, server, _ = foreign_chain()
    with shell() as sh:
        sh.write("c:\\client.pfx", pfx(client_key, client, [client_root], b"secret"))
        before = state(sh)
        assert sh.run(
            "Get-ExchangeCertificate -Thumbprint 0123456789ABCDEF0123456789ABCDEF01234567",
            "Enable-ExchangeCertificate -Thumbprint 0123456789ABCDEF0123456789ABCDEF01234567 -Services IIS",
            "Export-ExchangeCertificate -Thumbprint 0123456789ABCDEF0123456789ABCDEF01234567 -Path c:\\x.pfx",
            "Remove-ExchangeCertificate -Thumbprint 0123456789ABCDEF0123456789ABCDEF01234567",
            "Enable-ExchangeCertificate -Thumbprint $null -Services IIS",
        ) == UNKNOWN
        assert state(sh) == before
        assert sh.run(
            "$c = Import-ExchangeCertificate -Path c:\\client.pfx -Password (ConvertTo-SecureString secret "
            "-AsPlainText -Force)",
            "Get-ExchangeCertificate",
            "Get-ExchangeCertificate $c.Thumbprint | fl Status,RootCAType",
            "Enable-ExchangeCertificate $c.Thumbprint -Services IIS",
            "$r = New-ExchangeCertificate -GenerateRequest -SubjectName CN=pending.ehlo.dk",
            "Enable-ExchangeCertificate $r.Thumbprint -Services IIS",
            "Export-ExchangeCertificate $r.Thumbprint -Path c:\\pending.req",
            "Remove-ExchangeCertificate $r.Thumbprint -Confirm:$false",
            "Get-ExchangeCertificate",
        ) == INVALID
        certstore.add_certificate(sh.session.lab, "CAS01", certstore.MY, server)  # a certificate without its key
        sh.commit()
        thumbprint = pki.thumbprint(server)
        assert sh.run(f"Enable-ExchangeCertificate {thumbprint} -Services SMTP",
                      f"Export-ExchangeCertificate {thumbprint} -Password (ConvertTo-SecureString x -AsPlainText "
                      "-Force)") == screen(
            'Enable-ExchangeCertificate : The certificate with thumbprint 4EDE014A1A760DAD4C',
            'B64862892A398A44AAA431 was found but is not valid for use with Exchange Server ',
            '(reason: PrivateKeyMissing).',
            'At line:1 char:27',
            '+ Enable-ExchangeCertificate  <<<< 4EDE014A1A760DAD4CB64862892A398A44AAA431 -Se',
            'rvices SMTP',
            'Export-ExchangeCertificate : The certificate does not have a private key. Certi',
            'ficates without a private key cannot be exported as PKCS-12.',
            'At line:1 char:27',
            '+ Export-ExchangeCertificate  <<<< 4EDE014A1A760DAD4CB64862892A398A44AAA431 -Pa',
            'ssword (ConvertTo-SecureString x -AsPlainText -Force)',
        )


def test_a_missing_file_and_a_missing_folder_read_as_dotnet_reports_them() -> None:
    """File.ReadAllBytes: FileNotFoundException for a missing file in an existing folder,
    DirectoryNotFoundException ("a part of the path") when the folder itself is missing."""
    with shell() as sh:
        assert sh.run(
            r"Import-ExchangeCertificate -Path c:\missing.pfx",
            r"Import-ExchangeCertificate -Path c:\nofolder\missing.pfx",
        ) == screen(
            "Import-ExchangeCertificate : Could not find file 'C:\\missing.pfx'.",
            'At line:1 char:27',
            '+ Import-ExchangeCertificate  <<<< -Path c:\\missing.pfx',
            "Import-ExchangeCertificate : Could not find a part of the path 'C:\\nofolder\\mis",
            "sing.pfx'.",
            'At line:1 char:27',
            '+ Import-ExchangeCertificate  <<<< -Path c:\\nofolder\\missing.pfx',
        )


NOT_AN_EXCHANGE_SERVER = screen(
    'New-ExchangeCertificate : Exchange server "CLIENT01" was not found. Please make',
    ' sure you typed the name correctly.',
    'At line:1 char:24',
    '+ New-ExchangeCertificate  <<<< -GenerateRequest -SubjectName "CN=client01.ehlo',
    '.dk" -Path c:\\client.req',
    'New-ExchangeCertificate : Exchange server "CLIENT01" was not found. Please make',
    ' sure you typed the name correctly.',
    'At line:1 char:24',
    '+ New-ExchangeCertificate  <<<< -WhatIf',
    'Get-ExchangeCertificate : Exchange server "CLIENT01" was not found. Please make',
    ' sure you typed the name correctly.',
    'At line:1 char:24',
    '+ Get-ExchangeCertificate <<<< ',
    'Import-ExchangeCertificate : Exchange server "CLIENT01" was not found. Please m',
    'ake sure you typed the name correctly.',
    'At line:1 char:27',
    '+ Import-ExchangeCertificate  <<<< -Path c:\\certnew.p7b',
    'Enable-ExchangeCertificate : Exchange server "CLIENT01" was not found. Please m',
    'ake sure you typed the name correctly.',
    'At line:1 char:27',
    f'+ Enable-ExchangeCertificate  <<<< {SETUP_THUMBPRINT} -Se',
    'rvices IIS',
    'Export-ExchangeCertificate : Exchange server "CLIENT01" was not found. Please m',
    'ake sure you typed the name correctly.',
    'At line:1 char:27',
    f'+ Export-ExchangeCertificate  <<<< {SETUP_THUMBPRINT} -Pa',
    'th c:\\e.pfx',
    'Remove-ExchangeCertificate : Exchange server "CLIENT01" was not found. Please m',
    'ake sure you typed the name correctly.',
    'At line:1 char:27',
    f'+ Remove-ExchangeCertificate  <<<< {SETUP_THUMBPRINT}',
)
DC_IS_NO_EXCHANGE_SERVER = screen(
    'Get-ExchangeCertificate : Exchange server "DC01" was not found. Please make sur',
    'e you typed the name correctly.',
    'At line:1 char:24',
    '+ Get-ExchangeCertificate <<<< ',
)


def test_the_certificate_cmdlets_refuse_computers_that_are_no_exchange_servers() -> None:
    """Exchange 2007's certificate cmdlets act on the local Exchange server (exchange-cmdlets §1.1):
    on CLIENT01 or DC01 each stops with §3.5's server-not-found text, naming the computer as the lab
    spells it, and changes nothing (no request, no file, no binding)."""
    with shell() as sh:
        sh.commit()
        before = state(sh)
        assert sh.run('New-ExchangeCertificate -GenerateRequest -SubjectName "CN=client01.ehlo.dk" '
                      '-Path c:\\client.req', "New-ExchangeCertificate -WhatIf", "Get-ExchangeCertificate",
                      "Import-ExchangeCertificate -Path c:\\certnew.p7b",
                      f"Enable-ExchangeCertificate {SETUP_THUMBPRINT} -Services IIS",
                      f"Export-ExchangeCertificate {SETUP_THUMBPRINT} -Path c:\\e.pfx",
                      f"Remove-ExchangeCertificate {SETUP_THUMBPRINT}", on="client01") == NOT_AN_EXCHANGE_SERVER
        assert sh.run("Get-ExchangeCertificate", on="DC01") == DC_IS_NO_EXCHANGE_SERVER
        sh.commit()
        assert state(sh) == before
        assert sh.run(f"(Get-ExchangeCertificate {SETUP_THUMBPRINT}).Subject", on="CAS01") == "CN=CAS01\n"
