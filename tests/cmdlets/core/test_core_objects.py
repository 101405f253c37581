"""Object cmdlets (issue 2): Where/ForEach, Sort, Select, Group, Measure, Tee, Compare, Get-Member, New-Object,
as an 80-column PowerShell 1.0 console prints them."""
from __future__ import annotations

from datetime import datetime

from emshell.engine.objects import PSObject
from emshell.host.capture import captured_session, run_commands

PAD = " " * 79


def row(text: str, width: int = 79) -> str:
    """A table line: every cell padded, so the line ends with spaces up to the table's width."""
    return text.ljust(width) + "\n"


def test_foreach_format_list_and_hashtable_table() -> None:
    assert run_commands("1..5 | % { $_ * 2 } | fl", "@{a=1;b='x'} | ft") == (
        "2\n4\n6\n8\n10\n"
        "\n"
        + row("Name                           Value")
        + row("----                           -----")
        + row("a                              1")
        + row("b                              x")
        + "\n\n"
    )


def test_select_object_calculated_properties_and_type_name() -> None:
    assert run_commands(
        "1..3 | Select-Object @{Name='Number';Expression={$_}}, @{n='Square';e={$_ * $_}}",
        "'x' | Select-Object Length | Get-Member -MemberType NoteProperty",
    ) == (
        "\n"
        "                                 Number                                  Square\n"
        "                                 ------                                  ------\n"
        "                                      1                                       1\n"
        "                                      2                                       4\n"
        "                                      3                                       9\n"
        "\n\n"
        "\n\n"
        "   TypeName: Selected.System.String\n"
        "\n"
        "Name   MemberType   Definition           \n"
        "----   ----------   ----------           \n"
        "Length NoteProperty System.Int32 Length=1\n"
        "\n\n"
    )


def test_select_first_last_skip_unique_and_expand() -> None:
    assert run_commands(
        "1..10 | Select-Object -First 2",
        "1..10 | Select-Object -Last 2",
        "1..10 | Select-Object -Skip 7",
        "'a','A','a','b' | Select-Object -Unique",
        "'abc','de' | Select-Object -ExpandProperty Length",
        "'abc' | Select-Object -ExpandProperty Nope",
    ) == (
        "1\n2\n9\n10\n8\n9\n10\na\nA\nb\n3\n2\n"
        "Select-Object : Property \"Nope\" cannot be found.\n"
        "At line:1 char:22\n"
        "+ 'abc' | Select-Object  <<<< -ExpandProperty Nope\n"
    )


def test_sort_object() -> None:
    assert run_commands(
        "3,1,2,10 | Sort-Object -Descending",
        "'b','C','a' | Sort-Object",
        "'b','B','a','A' | Sort-Object -Unique",
        "'ab','a' | Sort-Object Length",
    ) == "10\n3\n2\n1\na\nb\nC\na\nb\na\nab\n"


def test_group_object_table() -> None:
    assert run_commands("'b','a','c','a','b','a' | Group-Object", "1,2,3,4 | group { $_ % 2 }") == (
        "\n"
        + row("Count Name                      Group")
        + row("----- ----                      -----")
        + row("    2 b                         {b, b}")
        + row("    3 a                         {a, a, a}")
        + row("    1 c                         {c}")
        + "\n\n\n"
        + row("Count Name                      Group")
        + row("----- ----                      -----")
        + row("    2 1                         {1, 3}")
        + row("    2 0                         {2, 4}")
        + "\n\n"
    )


def test_measure_object_list_layout() -> None:
    assert run_commands(
        "1..4 | Measure-Object -Sum -Average -Maximum -Minimum",
        "'one two','three' | Measure-Object -Line -Word -Character",
    ) == (
        "\n\n"
        "Count    : 4\n"
        "Average  : 2.5\n"
        "Sum      : 10\n"
        "Maximum  : 4\n"
        "Minimum  : 1\n"
        "Property : \n"
        "\n\n\n"
        "\n"
        + row("              Lines               Words          Characters Property")
        + row("              -----               -----          ---------- --------")
        + row("                  2                   3                  12")
        + "\n\n"
    )


def test_measure_object_errors() -> None:
    assert run_commands("'a' | Measure-Object -Sum | Out-Null", "1 | Measure-Object Nope") == (
        "Measure-Object : Input object \"a\" is not numeric.\n"
        "At line:1 char:21\n"
        "+ 'a' | Measure-Object  <<<< -Sum | Out-Null\n"
        "Measure-Object : Property \"Nope\" cannot be found in any object(s) input.\n"
        "At line:1 char:19\n"
        "+ 1 | Measure-Object  <<<< Nope\n"
    )


def test_where_tee_and_compare() -> None:
    assert run_commands(
        "1..6 | Where-Object { $_ % 3 -eq 0 } | Tee-Object -Variable kept | Out-Null; $kept",
        "Compare-Object 1,2,3 2,3,4",
        "Compare-Object 1,2 2,3 -IncludeEqual -PassThru",
    ) == (
        "3\n6\n"
        "\n"
        + row("                            InputObject SideIndicator")
        + row("                            ----------- -------------")
        + row("                                      4 =>")
        + row("                                      1 <=")
        + "\n\n"
        "2\n3\n1\n"
    )


def test_get_member_of_a_string() -> None:
    lines = [
        ("Clone", "Method", "System.Object Clone()"),
        ("CompareTo", "Method", "System.Int32 CompareTo(Object value),..."),
        ("Contains", "Method", "System.Boolean Contains(String value)"),
        ("CopyTo", "Method", "System.Void CopyTo(Int32 sourceIndex,..."),
        ("EndsWith", "Method", "System.Boolean EndsWith(String value)..."),
        ("Equals", "Method", "System.Boolean Equals(Object obj), Sy..."),
        ("get_Chars", "Method", "System.Char get_Chars(Int32 index)"),
        ("get_Length", "Method", "System.Int32 get_Length()"),
        ("GetEnumerator", "Method", "System.CharEnumerator GetEnumerator()"),
        ("GetHashCode", "Method", "System.Int32 GetHashCode()"),
        ("GetType", "Method", "System.Type GetType()"),
        ("GetTypeCode", "Method", "System.TypeCode GetTypeCode()"),
        ("IndexOf", "Method", "System.Int32 IndexOf(Char value, Int3..."),
        ("IndexOfAny", "Method", "System.Int32 IndexOfAny(Char[] anyOf,..."),
        ("Insert", "Method", "System.String Insert(Int32 startIndex..."),
        ("IsNormalized", "Method", "System.Boolean IsNormalized(), System..."),
        ("LastIndexOf", "Method", "System.Int32 LastIndexOf(Char value, ..."),
        ("LastIndexOfAny", "Method", "System.Int32 LastIndexOfAny(Char[] an..."),
        ("Normalize", "Method", "System.String Normalize(), System.Str..."),
        ("PadLeft", "Method", "System.String PadLeft(Int32 totalWidt..."),
        ("PadRight", "Method", "System.String PadRight(Int32 totalWid..."),
        ("Remove", "Method", "System.String Remove(Int32 startIndex..."),
        ("Replace", "Method", "System.String Replace(Char oldChar, C..."),
        ("Split", "Method", "System.String[] Split(Params Char[] s..."),
        ("StartsWith", "Method", "System.Boolean StartsWith(String valu..."),
        ("Substring", "Method", "System.String Substring(Int32 startIn..."),
        ("ToCharArray", "Method", "System.Char[] ToCharArray(), System.C..."),
        ("ToLower", "Method", "System.String ToLower(), System.Strin..."),
        ("ToLowerInvariant", "Method", "System.String ToLowerInvariant()"),
        ("ToString", "Method", "System.String ToString(), System.Stri..."),
        ("ToUpper", "Method", "System.String ToUpper(), System.Strin..."),
        ("ToUpperInvariant", "Method", "System.String ToUpperInvariant()"),
        ("Trim", "Method", "System.String Trim(Params Char[] trim..."),
        ("TrimEnd", "Method", "System.String TrimEnd(Params Char[] t..."),
        ("TrimStart", "Method", "System.String TrimStart(Params Char[]..."),
        ("Chars", "ParameterizedProperty", "System.Char Chars(Int32 index) {get;}"),
        ("Length", "Property", "System.Int32 Length {get;}"),
    ]
    table = "".join(row(f"{n:<16} {t:<21} {d}") for n, t, d in lines)
    assert run_commands("'abc' | Get-Member") == (
        "\n\n   TypeName: System.String\n\n"
        + row("Name             MemberType            Definition")
        + row("----             ----------            ----------")
        + table + "\n\n"
    )


class ExchangeLikeCertificate(PSObject):
    TYPE_NAMES = ("Microsoft.Exchange.Management.SystemConfigurationTasks.ExchangeCertificate", "System.Object")
    PROPERTIES = ("Thumbprint", "NotAfter", "FriendlyName")
    PROPERTY_TYPES = {"FriendlyName": "System.String"}

    def __init__(self) -> None:
        self.Thumbprint = "03FE00D073D333D6CC566DC4BCB21964DD6F1024"
        self.NotAfter = datetime(2009, 3, 18, 10, 15, 32)
        self.FriendlyName = None

    def ps_settable(self, name: str) -> bool:
        return name == "FriendlyName"


def test_get_member_of_an_exchange_style_object_and_filters() -> None:
    with captured_session() as (session, host):
        session.set_variable("cert", ExchangeLikeCertificate())
        session.execute("$cert | Get-Member")
        session.execute("$cert, 'x' | Get-Member -MemberType Property -Name *e*")
        session.execute("Get-Member")
    assert host.text == (
        "\n\n   TypeName: Microsoft.Exchange.Management.SystemConfigurationTasks.ExchangeCer\n"
        "tificate\n\n"
        "Name             MemberType Definition                                \n"
        "----             ---------- ----------                                \n"
        "Equals           Method     System.Boolean Equals(Object obj)         \n"
        "get_FriendlyName Method     System.String get_FriendlyName()          \n"
        "get_NotAfter     Method     System.DateTime get_NotAfter()            \n"
        "get_Thumbprint   Method     System.String get_Thumbprint()            \n"
        "GetHashCode      Method     System.Int32 GetHashCode()                \n"
        "GetType          Method     System.Type GetType()                     \n"
        "set_FriendlyName Method     System.Void set_FriendlyName(String value)\n"
        "ToString         Method     System.String ToString()                  \n"
        "FriendlyName     Property   System.String FriendlyName {get;set;}     \n"
        "NotAfter         Property   System.DateTime NotAfter {get;}           \n"
        "Thumbprint       Property   System.String Thumbprint {get;}           \n"
        "\n\n"
        "\n\n   TypeName: Microsoft.Exchange.Management.SystemConfigurationTasks.ExchangeCer\n"
        "tificate\n\n"
        "Name         MemberType Definition                           \n"
        "----         ---------- ----------                           \n"
        "FriendlyName Property   System.String FriendlyName {get;set;}\n"
        "NotAfter     Property   System.DateTime NotAfter {get;}      \n"
        "\n\n"
        "   TypeName: System.String\n\n"
        "Name   MemberType Definition                \n"
        "----   ---------- ----------                \n"
        "Length Property   System.Int32 Length {get;}\n"
        "\n\n"
        "Get-Member : No object has been specified to get-member.\n"
        "At line:1 char:11\n"
        "+ Get-Member <<<< \n"
    )


def test_new_object() -> None:
    assert run_commands(
        "$o = New-Object PSObject -Property @{Name='CAS01'}; $o.Name",
        "$l = New-Object System.Collections.ArrayList; $l.Add('a'); [void]$l.Add('b'); $l.Count; $l.GetType().FullName",
        "(New-Object DateTime 2008,3,18).DayOfWeek",
        "New-Object System.Net.WebClient",
    ) == (
        "CAS01\n0\n2\nSystem.Collections.ArrayList\nTuesday\n"
        "New-Object : Cannot find type [System.Net.WebClient]: make sure the assembly co\n"
        "ntaining this type is loaded.\n"
        "At line:1 char:11\n"
        "+ New-Object  <<<< System.Net.WebClient\n"
    )


def test_new_object_credential_and_constructor_errors() -> None:
    assert run_commands(
        '$p = ConvertTo-SecureString "P@ssw0rd" -AsPlainText -Force',
        '$c = New-Object System.Management.Automation.PSCredential "ehlo\\hwalther", $p',
        "$c.UserName; $c.GetNetworkCredential().Password",
        'New-Object Management.Automation.PSCredential "ehlo\\hwalther", "plain"',
        "New-Object ArrayList",
    ) == (
        "ehlo\\hwalther\nP@ssw0rd\n"
        'New-Object : Exception calling ".ctor" with "2" argument(s): "Cannot convert th\n'
        'e "plain" value of type "System.String" to type "System.Security.SecureString".\n'
        '"\n'
        "At line:1 char:11\n"
        '+ New-Object  <<<< Management.Automation.PSCredential "ehlo\\hwalther", "plain"\n'
        "New-Object : Cannot find type [ArrayList]: make sure the assembly containing th\n"
        "is type is loaded.\n"
        "At line:1 char:11\n"
        "+ New-Object  <<<< ArrayList\n"
    )


def test_a_failed_method_call_points_after_its_parenthesis() -> None:
    assert run_commands('"abc".Substring(5)', "$x = 1; $x.Foo(2)") == (
        'Exception calling "Substring" with "1" argument(s): "startIndex cannot be large\n'
        "r than length of string.\n"
        'Parameter name: startIndex"\n'
        "At line:1 char:16\n"
        '+ "abc".Substring( <<<< 5)\n'
        "Method invocation failed because [System.Int32] doesn't contain a method named \n"
        "'Foo'.\n"
        "At line:1 char:15\n"
        "+ $x = 1; $x.Foo( <<<< 2)\n"
    )


def test_sort_object_orders_enums_by_value_not_by_name() -> None:
    # ServiceControllerStatus: Stopped = 1 sorts before Running = 4 (ObjectCommandComparer compares enums as numbers)
    text = run_commands("Get-Service | Sort-Object Status | Select-Object -First 1 -ExpandProperty Status",
                        "Get-Service | Sort-Object Status -Descending | Select-Object -First 1 -ExpandProperty Status")
    assert text == "Stopped\nRunning\n"


def test_static_parse_methods_report_the_dotnet_exception() -> None:
    # Int32.Parse takes decimal digits only; its FormatException/OverflowException texts, not the cast's
    assert run_commands('[int]::Parse(" 42 ") + 1', '[int]::Parse("0x10")', '[datetime]::Parse("nope")') == (
        "43\n"
        'Exception calling "Parse" with "1" argument(s): "Input string was not in a corr\n'
        'ect format."\n'
        "At line:1 char:13\n"
        '+ [int]::Parse( <<<< "0x10")\n'
        'Exception calling "Parse" with "1" argument(s): "String was not recognized as a\n'
        ' valid DateTime."\n'
        "At line:1 char:18\n"
        '+ [datetime]::Parse( <<<< "nope")\n'
    )


def test_index_assignment_errors_point_at_the_index() -> None:
    assert run_commands("$h = @{}; $h[$null] = 1", "$a = 1,2; $a[5] = 1") == (
        "Index operation failed; the array index evaluated to null.\n"
        "At line:1 char:14\n"
        "+ $h = @{}; $h[ <<<< $null] = 1\n"
        "Array assignment failed because index '5' was out of range.\n"
        "At line:1 char:14\n"
        "+ $a = 1,2; $a[ <<<< 5] = 1\n"
    )
