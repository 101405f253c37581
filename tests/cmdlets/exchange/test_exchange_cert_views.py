"""Get-ExchangeCertificate's views (the 5-letter Services table, the list of exchange-cmdlets.md §2.1,
`fl *`) and the values worked out from the stores, the chain, the key and the bindings at lab time."""
from __future__ import annotations

from datetime import timedelta

from emshell.lab import certstore
from exchange_support import foreign_chain, pfx, screen, shell

TABLE = screen(
    '',
    'Thumbprint                                Services   Subject                   ',
    '----------                                --------   -------                   ',
    '03FE00D073D333D6CC566DC4BCB21964DD6F1024  IP.WS      CN=CAS01                  ',
    '',
    '',
)
LIST = screen(
    '',
    '',
    'AccessRules        : {System.Security.AccessControl.CryptoKeyAccessRule, System',
    '                     .Security.AccessControl.CryptoKeyAccessRule, System.Securi',
    '                     ty.AccessControl.CryptoKeyAccessRule}',
    'CertificateDomains : {CAS01, cas01.ehlo.dk}',
    'HasPrivateKey      : True',
    'IsSelfSigned       : True',
    'Issuer             : CN=CAS01',
    'NotAfter           : 3/18/2009 10:15:32 AM',
    'NotBefore          : 3/18/2008 10:15:32 AM',
    'PublicKeySize      : 2048',
    'RootCAType         : Registry',
    'SerialNumber       : 2F8CFDF859EBA26C0595CC840A7523BC',
    'Services           : IMAP, POP, IIS, SMTP',
    'Status             : Valid',
    'Subject            : CN=CAS01',
    'Thumbprint         : 03FE00D073D333D6CC566DC4BCB21964DD6F1024',
    '',
    '',
    '',
)
STAR = screen(
    '',
    '',
    'AccessRules          : {System.Security.AccessControl.CryptoKeyAccessRule, Syst',
    '                       em.Security.AccessControl.CryptoKeyAccessRule, System.Se',
    '                       curity.AccessControl.CryptoKeyAccessRule}',
    'CertificateDomains   : {CAS01, cas01.ehlo.dk}',
    'CertificateRequest   : ',
    'IsSelfSigned         : True',
    'KeyIdentifier        : 3D98C7ACFC2DA8D34032B66475A3C8D838CFA0F4',
    'PrivateKeyExportable : False',
    'PublicKeySize        : 2048',
    'RootCAType           : Registry',
    'Services             : IMAP, POP, IIS, SMTP',
    'Status               : Valid',
    'Archived             : False',
    'Extensions           : {System.Security.Cryptography.X509Certificates.X509KeyUs',
    '                       ageExtension, System.Security.Cryptography.X509Certifica',
    '                       tes.X509SubjectKeyIdentifierExtension, System.Security.C',
    '                       ryptography.X509Certificates.X509EnhancedKeyUsageExtensi',
    '                       on, System.Security.Cryptography.X509Certificates.X509Ex',
    '                       tension}',
    'FriendlyName         : Microsoft Exchange',
    'IssuerName           : System.Security.Cryptography.X509Certificates.X500Distin',
    '                       guishedName',
    'NotAfter             : 3/18/2009 10:15:32 AM',
    'NotBefore            : 3/18/2008 10:15:32 AM',
    'HasPrivateKey        : True',
    'PrivateKey           : System.Security.Cryptography.RSACryptoServiceProvider',
    'PublicKey            : System.Security.Cryptography.X509Certificates.PublicKey',
    'RawData              : {48, 130, 3, 14, 48, 130, 1, 246, 160, 3, 2, 1, 2, 2, 16',
    '                       , 47...}',
    'SerialNumber         : 2F8CFDF859EBA26C0595CC840A7523BC',
    'SubjectName          : System.Security.Cryptography.X509Certificates.X500Distin',
    '                       guishedName',
    'SignatureAlgorithm   : System.Security.Cryptography.Oid',
    'Thumbprint           : 03FE00D073D333D6CC566DC4BCB21964DD6F1024',
    'Version              : 3',
    'Issuer               : CN=CAS01',
    'Subject              : CN=CAS01',
    '',
    '',
    '',
)
VALUES = screen(
    'IMAP, POP, IIS, SMTP',
    'Valid',
    'Registry',
    '2048',
    'True',
    'POP, IIS',
    '',
    'IdentityReference            CryptoKeyRights AccessControlType',
    '-----------------            --------------- -----------------',
    'BUILTIN\\Administrators       FullControl     Allow            ',
    'NT AUTHORITY\\SYSTEM          FullControl     Allow            ',
    'NT AUTHORITY\\NETWORK SERVICE GenericRead     Allow            ',
    '',
    '',
    '',
    '',
    'Value        : 1.2.840.113549.1.1.11',
    'FriendlyName : sha256RSA',
    '',
    '',
    '',
    '[Subject]',
    '  CN=CAS01',
    '',
    '[Issuer]',
    '  CN=CAS01',
    '',
    '[Serial Number]',
    '  2F8CFDF859EBA26C0595CC840A7523BC',
    '',
    '[Not Before]',
    '  3/18/2008 10:15:32 AM',
    '',
    '[Not After]',
    '  3/18/2009 10:15:32 AM',
    '',
    '[Thumbprint]',
    '  03FE00D073D333D6CC566DC4BCB21964DD6F1024',
    '',
    '',
    'Critical Oid                             ',
    '-------- ---                             ',
    '   False System.Security.Cryptography.Oid',
    '   False System.Security.Cryptography.Oid',
    '   False System.Security.Cryptography.Oid',
    '   False System.Security.Cryptography.Oid',
    '',
    '',
    'Key Usage',
    'Subject Key Identifier',
    'Enhanced Key Usage',
    'Subject Alternative Name',
)
SERVICES = screen(
    '',
    'Thumbprint                                Services   Subject                   ',
    '----------                                --------   -------                   ',
    '603FD435467929F95D4A1B676D7519644BFC8BBD  ..U..      CN=um.ehlo.dk             ',
    '',
    '',
    '',
    'Thumbprint                               Services Status',
    '----------                               -------- ------',
    '8104EB73CB18822870264B51645B2CCB1C26D3A3     None  Valid',
    '',
    '',
    '',
    'Thumbprint                                Services   Subject                   ',
    '----------                                --------   -------                   ',
    'CED3C567299706F92D7A035F6CD6BB5F4DB18B76  I....      CN=very-long-name.mail....',
    '',
    '',
)
UNTRUSTED = screen(
    '',
    '',
    'Status               : Untrusted',
    'RootCAType           : Unknown',
    'IsSelfSigned         : False',
    'Issuer               : CN=Foreign Root CA, O=Example',
    'CertificateDomains   : {web.example.com}',
    'PrivateKeyExportable : False',
    'FriendlyName         : foreign',
    '',
    '',
    '',
)
TRUSTED = screen(
    '',
    '',
    'Status     : Valid',
    'RootCAType : ThirdParty',
    '',
    '',
    '',
)
LATER = screen(
    '',
    'Thumbprint                                    Status RootCAType NotAfter       ',
    '----------                                    ------ ---------- --------       ',
    'CED3C567299706F92D7A035F6CD6BB5F4DB18B76 DateInvalid    Unknown 3/18/2009 10...',
    '8104EB73CB18822870264B51645B2CCB1C26D3A3 DateInvalid    Unknown 3/18/2009 10...',
    '603FD435467929F95D4A1B676D7519644BFC8BBD DateInvalid    Unknown 3/18/2009 10...',
    '03FE00D073D333D6CC566DC4BCB21964DD6F1024 DateInvalid   Registry 3/18/2009 10...',
    '4EDE014A1A760DAD4CB64862892A398A44AAA431       Valid ThirdParty 1/1/2012 12:...',
    '',
    '',
)


def test_the_default_table_the_list_view_and_all_properties() -> None:
    with shell() as sh:
        assert sh.run("Get-ExchangeCertificate") == TABLE
        assert sh.run("Get-ExchangeCertificate | Format-List") == LIST
        assert sh.run("Get-ExchangeCertificate | fl *") == STAR


def test_property_values_types_and_tostring() -> None:
    with shell() as sh:
        assert sh.run(
            "$c = Get-ExchangeCertificate", "$c.Services", "$c.Status", "$c.RootCAType", "$c.PublicKeySize",
            "$c.Services -is [Microsoft.Exchange.Management.SystemConfigurationTasks.AllowedServices]",
            "[Microsoft.Exchange.Management.SystemConfigurationTasks.AllowedServices]'IIS, pop'",
            "$c.AccessRules | ft IdentityReference,CryptoKeyRights,AccessControlType -auto",
            "$c.SignatureAlgorithm | fl", '"$c"', "$c.Extensions | ft Critical,Oid -auto",
            "$c.Extensions | % { $_.Oid.FriendlyName }",
        ) == VALUES


def test_services_strings_and_subject_truncation() -> None:
    with shell() as sh:
        assert sh.run(
            "New-ExchangeCertificate -SubjectName CN=um.ehlo.dk -Services UM",
            "New-ExchangeCertificate -SubjectName CN=none.ehlo.dk -Services None | ft Thumbprint,Services,Status -auto",
            "New-ExchangeCertificate -SubjectName 'CN=very-long-name.mail.ehlo.dk, OU=Messaging, O=EHLO organization, "
            "L=Copenhagen, C=dk' -DomainName x.ehlo.dk -Services IMAP",
        ) == SERVICES


def test_status_and_root_type_follow_the_trust_store_and_the_clock() -> None:
    root, cert, key = foreign_chain()
    with shell() as sh:
        sh.run("New-ExchangeCertificate -SubjectName CN=um.ehlo.dk -Services UM",
               "New-ExchangeCertificate -SubjectName CN=none.ehlo.dk -Services None",
               "New-ExchangeCertificate -SubjectName 'CN=very-long-name.mail.ehlo.dk, OU=Messaging, "
               "O=EHLO organization, L=Copenhagen, C=dk' -DomainName x.ehlo.dk -Services IMAP")
        sh.write("c:\\web.pfx", pfx(key, cert, [root], b"secret"))
        assert sh.run(
            "Import-ExchangeCertificate -Path c:\\web.pfx -Password (ConvertTo-SecureString secret -AsPlainText "
            "-Force) | fl Status,RootCAType,IsSelfSigned,Issuer,CertificateDomains,PrivateKeyExportable,FriendlyName"
        ) == UNTRUSTED
        certstore.add_certificate(sh.session.lab, "CAS01", certstore.ROOT, root, physical="ThirdParty")
        sh.commit()
        assert sh.run("Get-ExchangeCertificate -DomainName web.example.com | fl Status,RootCAType") == TRUSTED
        sh.session.lab.clock.advance(timedelta(days=400))
        assert sh.run("Get-ExchangeCertificate | ft Thumbprint,Status,RootCAType,NotAfter -auto") == LATER
