"""[regex] objects as .NET's System.Text.RegularExpressions gives them to scripts: static and
instance methods, Match/Group/Capture objects, case-sensitive by default, and .NET's texts for a
bad pattern (in casts and in the -match family of operators)."""
from __future__ import annotations

import pytest

from emshell.host.capture import console_text, run_commands


CASES = [
    ("Matches enumerates each match", '[regex]::Matches("a1b2", "\\d") | % { $_.Value }', "1\n2\n"),
    ("Matches counts", '([regex]::Matches("a1b22", "\\d+")).Count', "2\n"),
    ("case-sensitive by default", '([regex]"A").IsMatch("a")', "False\n"),
    ("RegexOptions by name", '[regex]::IsMatch("a", "A", "IgnoreCase")', "True\n"),
    ("an instance with options", '$r = New-Object regex "A", "IgnoreCase"; $r.IsMatch("a"); $r.Options',
     "True\nIgnoreCase\n"),
    ("Replace with a group", "[regex]::Replace('ab12', '(\\d)', '<$1>')", "ab<1><2>\n"),
    ("Split", '[regex]::Split("a1b2c", "\\d") -join ","', "a,b,c\n"),
    ("Escape leaves ] alone", '[regex]::Escape("a.b [c]")', "a\\.b\\ \\[c]\n"),
    ("Unescape", '[regex]::Unescape("a\\.b\\tc")', "a.b\tc\n"),
    ("group names: numbers, then names", '([regex]"(a)(?<n>b)(c)").GetGroupNames() -join ","', "0,1,2,n\n"),
    ("groups by .NET number", '$m = [regex]::Match("abc", "(?<n>a)(b)"); $m.Groups[1].Value; $m.Groups[2].Value',
     "b\na\n"),
    ("NextMatch", '$m = [regex]::Match("x1y2", "\\d"); $m.NextMatch().Value; $m.NextMatch().NextMatch().Success',
     "2\nFalse\n"),
    ("no match", '$m = [regex]::Match("abc", "\\d"); $m.Success; $m.Index; $m.Value.Length', "False\n0\n0\n"),
    ("a Match is shown as a list", '[regex]::Match("ab12", "(\\d)(\\d)")',
     "\n\nGroups   : {12, 1, 2}\nSuccess  : True\nCaptures : {12}\nIndex    : 2\nLength   : 2\nValue    : 12\n\n\n\n"),
    ("a regex is its pattern in a string", '$r = [regex]"\\d+"; "pattern $r"', "pattern \\d+\n"),
]


@pytest.mark.parametrize("name, command, expected", CASES, ids=[case[0] for case in CASES])
def test_regex(name: str, command: str, expected: str) -> None:
    assert run_commands(command) == expected


def test_a_bad_pattern_in_a_cast_is_a_cast_error() -> None:
    assert run_commands('[regex]"(("') == console_text(
        'Cannot convert value "((" to type "System.Text.RegularExpressions.Regex". Error: '
        '"parsing "((" - Not enough )\'s."',
        "At line:1 char:1",
        '+  <<<< [regex]"(("',
    )


@pytest.mark.parametrize("command, reason", [
    ('"a" -match "("', "Not enough )'s."),
    ('"a" -replace ")", "b"', "Too many )'s."),
    ('"a" -split "["', "Unterminated [] set."),
    ('"a" -match "\\h"', "Unrecognized escape sequence \\h."),
])
def test_a_bad_pattern_in_an_operator_quotes_dotnet(command: str, reason: str) -> None:
    pattern = command.split('"')[3]
    assert run_commands(command).startswith(f'parsing "{pattern}" - {reason}\nAt line:1 char:1\n')


def test_a_bad_pattern_is_an_argument_exception() -> None:
    assert run_commands('try { "a" -match "(" } catch [System.ArgumentException] { "caught" }') == "caught\n"
