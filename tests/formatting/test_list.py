"""List layout and framing (§C3, §C4; real-outputs 2D, 7D, 8A, §10.2)."""
from datetime import datetime

from emshell.engine.errors import ErrorRecord
from emshell.engine.objects import Hashtable, PSCustomObject, PSObject
from emshell.formatting.context import FormatContext
from emshell.formatting.shape import ListShaper
from emshell.formatting.views import ListItem, ListView, register_view

from .support import AllowedServices as S
from .support import out_default, through

CTX = FormatContext()


def test_two_entries_framing_two_blank_lines_before_three_after():
    objects = [PSCustomObject({"A": 1, "B": 2, "C": 3, "D": 4, "LongerName": "x"}),
               PSCustomObject({"A": 5, "B": None, "C": 7, "D": 8, "LongerName": ""})]
    assert out_default(objects) == [
        "",
        "",
        "A          : 1",
        "B          : 2",
        "C          : 3",
        "D          : 4",
        "LongerName : x",
        "",
        "A          : 5",
        "B          : ",
        "C          : 7",
        "D          : 8",
        "LongerName : ",
        "",
        "",
        "",
    ]


def test_powershell_2_sample_7d_hard_cut_at_column_79():
    obj = PSCustomObject({
        "Permissions": "AppendData/AddSubdirectory",
        "ModifiablePath": "C:\\oracle\\ora90\\Apache\\Perl\\5.00503\\bin\\mswin32-x86",
        "IdentityReference": "BUILTIN\\Users",
        "%PATH%": "C:\\oracle\\ora90\\Apache\\Perl\\5.00503\\bin\\mswin32-x86",
        "AbuseFunction": "Write-HijackDll -DllPath "
                         "'C:\\oracle\\ora90\\Apache\\Perl\\5.00503\\bin\\mswin32-x86\\wlbsctrl.dll'",
    })
    assert out_default([obj]) == [
        "",
        "",
        "Permissions       : AppendData/AddSubdirectory",
        "ModifiablePath    : C:\\oracle\\ora90\\Apache\\Perl\\5.00503\\bin\\mswin32-x86",
        "IdentityReference : BUILTIN\\Users",
        "%PATH%            : C:\\oracle\\ora90\\Apache\\Perl\\5.00503\\bin\\mswin32-x86",
        "AbuseFunction     : Write-HijackDll -DllPath 'C:\\oracle\\ora90\\Apache\\Perl\\5.005",
        "                    03\\bin\\mswin32-x86\\wlbsctrl.dll'",
        "",
        "",
        "",
    ]


def test_exchange_2007_sample_8a_on_an_85_column_console():
    records = [
        PSCustomObject({"Id": 1006, "Type": "Information", "Message":
                        "Contacted AutoDiscover at https://ivy.jgp.co.uk/Autodiscover/Autodiscover.xml."}),
        PSCustomObject({"Id": 1006, "Type": "Success", "Message": "Successfully tested AutoDiscover."}),
    ]
    assert through(ListShaper(CTX), records, width=85) == [
        "",
        "",
        "Id      : 1006",
        "Type    : Information",
        "Message : Contacted AutoDiscover at https://ivy.jgp.co.uk/Autodiscover/Autodiscover.",
        "          xml.",
        "",
        "Id      : 1006",
        "Type    : Success",
        "Message : Successfully tested AutoDiscover.",
        "",
        "",
        "",
    ]


def test_sample_2d_property_list_with_wildcards():
    cert = PSCustomObject({
        "FriendlyName": "AAAAAA.AAAA.com (11-02-2026)",
        "IisServices": ["IIS://AAAAAnnn/W3SVC/1"],
        "Issuer": "CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1, O=DigiCert Inc, C=US",
        "NotAfter": datetime(2026, 11, 2, 17, 59, 59),
        "NotBefore": datetime(2025, 11, 2, 18, 0, 0),
        "PrivateKeyExportable": True,
        "PublicKeySize": 2048,
        "Services": S.IMAP | S.POP | S.IIS | S.SMTP,
        "Status": "Valid",
        "Subject": "CN=AAAAAA.AAAA.com, O=The Toro Company, L=Bloomington, S=Minnesota, C=US",
        "Thumbprint": "6F029E0D20605DBTRIM7016B787C4503FD0002C0",
    })
    properties = ["Subject", "Status", "Services", "not*", "thumb*", "Iis*", "PrivateKeyEx*",
                  "PublicKeyS*", "Friend*", "Issuer"]
    assert through(ListShaper(CTX, properties), [cert], width=200)[2:-3] == [
        "Subject              : CN=AAAAAA.AAAA.com, O=The Toro Company, L=Bloomington, S=Minnesota, C=US",
        "Status               : Valid",
        "Services             : IMAP, POP, IIS, SMTP",
        "NotAfter             : 11/2/2026 5:59:59 PM",
        "NotBefore            : 11/2/2025 6:00:00 PM",
        "Thumbprint           : 6F029E0D20605DBTRIM7016B787C4503FD0002C0",
        "IisServices          : {IIS://AAAAAnnn/W3SVC/1}",
        "PrivateKeyExportable : True",
        "PublicKeySize        : 2048",
        "FriendlyName         : AAAAAA.AAAA.com (11-02-2026)",
        "Issuer               : CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1, O=DigiCert Inc, C=US",
    ]


def test_collections_use_the_enumeration_limit_and_wrap_mid_word():
    domains = ["autodiscover.unitedfloral.ca", "autodiscover.ufgca.com", "mail.ufgca.com",
               "a.example", "b.example"]
    obj = PSCustomObject({"CertificateDomains": domains, "AccessRules": []})
    assert through(ListShaper(CTX), [obj]) == [
        "",
        "",
        "CertificateDomains : {autodiscover.unitedfloral.ca, autodiscover.ufgca.com, mai",
        "                     l.ufgca.com, a.example, b.example}",
        "AccessRules        : {}",
        "",
        "",
        "",
    ]
    narrow = FormatContext(enumeration_limit=4)
    lines = through(ListShaper(narrow), [obj])
    assert lines[2:4] == [
        "CertificateDomains : {autodiscover.unitedfloral.ca, autodiscover.ufgca.com, mai",
        "                     l.ufgca.com, a.example...}",
    ]


def test_embedded_newlines_continue_under_the_value_column():
    obj = PSCustomObject({"Access": "SYSTEM Allow  FullControl\r\nUsers Allow  Read", "Id": 1})
    assert through(ListShaper(CTX), [obj]) == [
        "", "", "Access : SYSTEM Allow  FullControl", "         Users Allow  Read", "Id     : 1",
        "", "", "",
    ]


def test_star_missing_names_and_calculated_items():
    obj = PSCustomObject({"Name": "CAS01", "Size": 2048})
    shaper = ListShaper(CTX, ["*", "Missing", Hashtable([("label", "KB"), ("e", "Size"), ("f", "{0:N1} KB")])])
    assert through(shaper, [obj])[2:5] == ["Name : CAS01", "Size : 2048", "KB   : 2,048.0 KB"]


class Mailbox(PSObject):
    TYPE_NAMES = ("Test.Formatting.Mailbox", "System.Object")
    PROPERTIES = ("Name", "Alias", "Database")

    def __init__(self, name: str) -> None:
        self.Name, self.Alias, self.Database = name, name.lower(), "MBX01\\SG1\\DB1"


register_view("Test.Formatting.Mailbox", ListView((
    ListItem("Name", "Name"),
    ListItem("Server", lambda m: m.Database.split("\\")[0]),
)))


def test_declared_list_view_and_an_object_it_does_not_apply_to():
    lines = through(ListShaper(CTX), [Mailbox("Ann"), PSCustomObject({"X": 1}), Mailbox("Bob")])
    assert lines == [
        "", "",
        "Name   : Ann", "Server : MBX01", "",
        "", "X : 1", "",
        "Name   : Bob", "Server : MBX01", "",
        "", "",
    ]


def test_error_records_keep_their_view_unless_forced():
    error = ErrorRecord("boom", command_name="Get-X")
    assert through(ListShaper(CTX, ["*"]), [error]) == ["Get-X : boom"]
    assert through(ListShaper(CTX, ["*"], force=True), [error])[2:7] == [
        "Exception             : System.Management.Automation.RuntimeException: boom",
        "TargetObject          : ",
        "CategoryInfo          : NotSpecified: (:) [Get-X], RuntimeException",
        "FullyQualifiedErrorId : RuntimeException",
        "InvocationInfo        : ",
    ]
