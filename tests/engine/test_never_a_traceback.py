"""Property tests: whatever the input, a PowerShell-style result, never a Python exception."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from emshell.engine.errors import ParseError
from emshell.engine.session import Session
from emshell.host.capture import CaptureHost, console_text
from emshell.lab import manage
from emshell.language.parser import parse

# Characters PowerShell gives meaning to, so random text reaches many code paths.
POWERSHELL_ALPHABET = (
    "abcxyzGetWrite-Objc$@(){}[];,|&.:'\"`#<>=+-*/%!\n \t0123456789"
    "\u2013\u2014\u2018\u2019\u201c\u201d"
)
FRAGMENTS = [
    "Get-Date", "Write-Output", "$x", "$_", "@{a=1}", "(1,2)", "{ $_ }", "| %", "-eq", "-f", "..", "`n",
    "'s'", '"$(1)"', "if", "else", "foreach", "(", ")", "{", "}", "[int]", "::", "-Foo", "2>&1", "> c:\\x",
    "function f", "param($a)", "switch", "throw", "try", "catch", "trap", "break", "$null", "1kb", "0x1",
]

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _assert_parse_is_clean(text: str) -> None:
    try:
        parse(text)
    except ParseError as error:
        assert error.record.message
        assert error.record.position is not None


@SETTINGS
@given(st.text(alphabet=POWERSHELL_ALPHABET, max_size=60))
def test_parser_on_powershell_like_text(text: str) -> None:
    _assert_parse_is_clean(text)


@SETTINGS
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=12).map(" ".join))
def test_parser_on_fragment_soup(text: str) -> None:
    _assert_parse_is_clean(text)


@SETTINGS
@given(st.binary(max_size=80))
def test_parser_on_random_bytes(data: bytes) -> None:
    _assert_parse_is_clean(data.decode("utf-8", errors="replace"))


@pytest.mark.parametrize("depth", [50, 500, 5000])
def test_deep_nesting(depth: int) -> None:
    for text in ("(" * depth + "1" + ")" * depth, "@{a=" * depth + "1" + "}" * depth,
                 "{" * depth, "$(" * depth + ")" * depth, "if ($true) {" * depth + "1" + "}" * depth):
        _assert_parse_is_clean(text)
        output = _run(text)
        assert "Traceback" not in output and "internal error" not in output


@pytest.fixture(scope="module")
def lab():
    with manage.fresh_lab(deterministic=True) as lab:
        yield lab


def _run(text: str, lab=None) -> str:
    host = CaptureHost(answers=[])
    if lab is None:
        with manage.fresh_lab(deterministic=True) as fresh:
            session = Session(host, lambda: fresh, non_interactive=True)
            session.execute(text)
            session.close()
    else:
        session = Session(host, lambda: lab, non_interactive=True)
        session.execute(text)
        session._finish_transaction(failed=True)  # leave the shared lab as it was
    return host.text


@SETTINGS
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=10).map(" ".join))
def test_engine_on_fragment_soup(lab, text: str) -> None:
    output = _run(text, lab)
    assert "Traceback" not in output
    assert "internal error" not in output, output


@SETTINGS
@given(st.text(alphabet=POWERSHELL_ALPHABET, max_size=40))
def test_engine_on_powershell_like_text(lab, text: str) -> None:
    output = _run(text, lab)
    assert "Traceback" not in output
    assert "internal error" not in output, output


# -- inputs that once reached Python: each now gives .NET's result or PowerShell's error text ----------

def _method_error(call: str, message: str, command: str, marker: int) -> str:
    """`Exception calling "<call>": "<message>"` at the method's parenthesis (`marker` characters in);
    each line of a multi-line .NET message wraps on its own."""
    text = f'Exception calling "{call}: "{message}"'
    return console_text(*text.split("\n"), f"At line:1 char:{marker}", f"+ {command[:marker]} <<<< {command[marker:]}")


EDGE_VALUES = [
    ("a char beyond Unicode", "[char]0x110000", console_text(
        'Cannot convert value "1114112" to type "System.Char". Error: "Value was either too large or too small '
        'for a character."', "At line:1 char:1", "+  <<<< [char]0x110000")),
    ("NaN to Int32", "[int][double]::NaN", console_text(
        'Cannot convert value "NaN" to type "System.Int32". Error: "Value was either too large or too small for '
        'an Int32."', "At line:1 char:1", "+  <<<< [int][double]::NaN")),
    ("Sqrt of a negative number is NaN", "[math]::Sqrt(-1)", "NaN\n"),
    ("Pow overflows to Infinity", "[math]::Pow(10, 400)", "Infinity\n"),
    ("Floor keeps NaN", "[math]::Floor([double]::NaN)", "NaN\n"),
    ("Round takes 0-15 digits", "[math]::Round(1.5, 16)", _method_error(
        'Round" with "2" argument(s)', "Rounding digits must be between 0 and 15, inclusive.\n"
        "Parameter name: digits", "[math]::Round(1.5, 16)", 14)),
    ("ToInt32 of no digits", "[convert]::ToInt32('zz', 16)", _method_error(
        'ToInt32" with "2" argument(s)', "Could not find any recognizable digits.",
        "[convert]::ToInt32('zz', 16)", 19)),
    ("FromBase64String of no Base-64", '[convert]::FromBase64String("!!!")', _method_error(
        'FromBase64String" with "1" argument(s)', "Invalid character in a Base-64 string.",
        '[convert]::FromBase64String("!!!")', 28)),
    ("a precision beyond 28 digits", '"{0:N30}" -f 1', "1." + "0" * 30 + "\n"),
    ("an alignment of a million", '"{0,1000000}" -f 1', console_text(
        "Input string was not in a correct format.", "At line:1 char:1", '+  <<<< "{0,1000000}" -f 1')),
    ("an array as a hashtable key", "@{(1,2) = 3}.Count", "1\n"),
    ("a string too large to allocate", '"abc" * [int]::MaxValue', console_text(
        "Exception of type 'System.OutOfMemoryException' was thrown.", "At line:1 char:1",
        '+  <<<< "abc" * [int]::MaxValue')),
    ("a day after DateTime.MaxValue", "[datetime]::MaxValue.AddDays(1)", _method_error(
        'AddDays" with "1" argument(s)', "The added or subtracted value results in an un-representable DateTime."
        "\nParameter name: value", "[datetime]::MaxValue.AddDays(1)", 29)),
    ("ten thousand years on", "(Get-Date).AddYears(10000)", _method_error(
        'AddYears" with "1" argument(s)', "The added or subtracted value results in an un-representable DateTime."
        "\nParameter name: months", "(Get-Date).AddYears(10000)", 20)),
    ("a TimeSpan too long", "[timespan]::FromDays(1e300)", _method_error(
        'FromDays" with "1" argument(s)', "TimeSpan overflowed because the duration is too long.",
        "[timespan]::FromDays(1e300)", 21)),
    ("a date plus TimeSpan.MaxValue", "(Get-Date) + [timespan]::MaxValue", console_text(
        "The added or subtracted value results in an un-representable DateTime.", "Parameter name: t",
        "At line:1 char:1", "+  <<<< (Get-Date) + [timespan]::MaxValue")),
    ("Remove beyond the end", "'abc'.Remove(10)", _method_error(
        'Remove" with "1" argument(s)', "startIndex must be less than length of string.\n"
        "Parameter name: startIndex", "'abc'.Remove(10)", 13)),
    ("Replace of an empty string", "'abc'.Replace('', 'x')", _method_error(
        'Replace" with "2" argument(s)', "String cannot be of zero length.\nParameter name: oldValue",
        "'abc'.Replace('', 'x')", 14)),
    ("PadLeft to a negative width", "'abc'.PadLeft(-1)", _method_error(
        'PadLeft" with "1" argument(s)', "Non-negative number required.\nParameter name: totalWidth",
        "'abc'.PadLeft(-1)", 14)),
    ("a number as a property", "'a' | Select-Object 1", console_text(
        "Select-Object : Cannot convert System.Int32 to one of the following types {System.String, "
        "System.Management.Automation.ScriptBlock}.", "At line:1 char:20", "+ 'a' | Select-Object  <<<< 1")),
    ("a record that leaves a mandatory parameter unbound", "'x' | New-Item", console_text(
        "New-Item : The input object cannot be bound because it did not contain the information required to bind "
        "all mandatory parameters:  Path", "At line:1 char:15", "+ 'x' | New-Item <<<< ")),
    ("static members of a type with none modelled", 'Get-ExchangeCertificate | Get-Member -Static; "ok"', "ok\n"),
    ("a lone surrogate encoded", "[text.encoding]::UTF8.GetBytes([string][char]0xD800)", "239\n191\n189\n"),
]


@pytest.mark.parametrize("name, command, expected", EDGE_VALUES, ids=[case[0] for case in EDGE_VALUES])
def test_edge_values_give_dotnet_results(name: str, command: str, expected: str) -> None:
    from emshell.host.capture import run_commands

    assert run_commands(command) == expected


def test_a_huge_range_streams_into_select_first() -> None:
    from emshell.host.capture import run_commands

    assert run_commands("1..1e9 | Select-Object -First 2", "1..1e9 | % { $_ * 2 } | select -Skip 1 -First 1",
                        "1..1e9 | Select-Object -First 0", "(1..1e9).Count") == "1\n2\n4\n" + console_text(
        "The range is too large.", "At line:1 char:2", "+ ( <<<< 1..1e9).Count")


def test_begin_output_waits_for_the_next_commands_begin() -> None:
    from emshell.host.capture import run_commands

    assert run_commands('function f { begin { "b" } process { $_ } }; 1,2 | f | Sort-Object',
                        'function f { begin { "b" } }; f | Select-Object -First 1') == "1\n2\nb\nb\n"


def test_a_flags_value_with_undefined_bits_is_refused() -> None:
    from emshell.host.capture import run_commands

    assert run_commands("$c = Get-ExchangeCertificate; Enable-ExchangeCertificate $c.Thumbprint -Services 12345") \
        == console_text(
            "Enable-ExchangeCertificate : Cannot bind parameter 'Services'. Cannot convert value \"12345\" to type "
            "\"Microsoft.Exchange.Management.SystemConfigurationTasks.AllowedServices\" due to invalid enumeration "
            "values. Specify one of the following enumeration values and try again. The possible enumeration values "
            "are \"None, IMAP, POP, UM, IIS, SMTP\".", "At line:1 char:81",
            "+ $c = Get-ExchangeCertificate; Enable-ExchangeCertificate $c.Thumbprint -Services  <<<< 12345")
