"""Operators and conversions as Windows PowerShell does them, with exact console text.

-replace substitutions, arithmetic that widens to Double, culture-ordered case-sensitive
comparison, -split options, wildcard brackets, Double constants, [char[]], DateTime and Decimal
casts, ambiguous enum prefixes.
"""
from __future__ import annotations

import warnings

import pytest

from emshell.host.capture import console_text, run_commands


CASES = [
    # -replace: .NET substitutions
    ("$& is the match", '"aaa" -replace "a","$&$&"', "aaaaaa\n"),
    ("$0 is the match", "'ab' -replace 'a','<$0>'", "<a>b\n"),
    ("$$ is one dollar", "'ab' -replace 'a','$$'", "$b\n"),
    ("numbered groups", "'ab' -replace '(a)(b)','$2$1'", "ba\n"),
    ("named group", "'ab' -replace '(?<x>a)','[${x}]'", "[a]b\n"),
    ("braced number", "'ab' -replace '(a)','${1}1'", "a1b\n"),
    ("a missing group stays literal", "'ab' -replace '(a)','$3'", "$3b\n"),
    ("a missing name stays literal", "'ab' -replace 'a','${nope}'", "${nope}b\n"),
    ("a two-digit number that is no group", "'ab' -replace '(a)','$10'", "$10b\n"),
    ("text before and after the match", "'abc' -replace 'b','<$`|$''>'", "a<a|c>c\n"),
    ("named groups are numbered after the unnamed ones", "'ab' -replace '(?<n>a)(b)','$1$2'", "ba\n"),
    ("a backslash is literal", "'ab' -replace 'a','\\'", "\\b\n"),
    ("a group that did not take part is empty", "'b' -replace '(a)?b','[$1]'", "[]\n"),
    # arithmetic widens to Double when the operand type overflows
    ("Int32 overflow", "[int]::MaxValue + 1", "2147483648\n"),
    ("Int32 overflow is a Double", "([int]::MaxValue + 1).GetType().Name", "Double\n"),
    ("Int32 multiplication overflow", "([int]::MaxValue * 2).GetType().Name", "Double\n"),
    ("Int32 subtraction overflow", "[int]::MinValue - 1", "-2147483649\n"),
    ("Int32 increment overflow", "$x = [int]::MaxValue; $x++; $x.GetType().Name", "Double\n"),
    ("Int32 with Int64 stays Int64", "(2147483647 + 2147483648).GetType().Name", "Int64\n"),
    ("Int64 overflow", "[long]::MaxValue + 1", "9.22337203685478E+18\n"),
    ("Int64 multiplication overflow", "9223372036854775807 * 10", "9.22337203685478E+19\n"),
    ("no overflow stays Int32", "(2 + 3).GetType().Name", "Int32\n"),
    # case-sensitive comparison follows the culture's order
    ("-cgt letters first", '"B" -cgt "a"', "True\n"),
    ("-clt lowercase first", '"a" -clt "A"', "True\n"),
    ("-cgt lowercase first", '"a" -cgt "A"', "False\n"),
    ("-clt letters first", '"a" -clt "B"', "True\n"),
    ("-cge equal", '"Ab" -cge "Ab"', "True\n"),
    ("-gt ignores case", '"a" -gt "A"', "False\n"),
    ("-lt ignores case", '"a" -lt "B"', "True\n"),
    # -split options and max-substrings
    ("SimpleMatch", '"a.b" -split ".",0,"SimpleMatch"', "a\nb\n"),
    ("regex by default", '("a.b" -split ".").Count', "4\n"),
    ("RegexMatch", '"a1b22c" -split "\\d+",0,"RegexMatch"', "a\nb\nc\n"),
    ("IgnoreCase overrides -csplit", '"aXbxc" -csplit "x",0,"SimpleMatch,IgnoreCase"', "a\nb\nc\n"),
    ("-csplit is case-sensitive", '"aXbxc" -csplit "x"', "aXb\nc\n"),
    ("max substrings", '"a,b,c" -split ",",2', "a\nb,c\n"),
    ("one substring", '"a,b,c" -split ",",1', "a,b,c\n"),
    ("ExplicitCapture", '"a(b" -split "(\\()",0,"ExplicitCapture"', "a\nb\n"),
    ("captures are kept", '"a(b" -split "(\\()"', "a\n(\nb\n"),
    ("Singleline", '("xa`nby" -split "a.b",0,"Singleline") -join "|"', "x|y\n"),
    ("without Singleline . stops at a newline", '("xa`nby" -split "a.b") -join "|"', "xa\nby\n"),
    # wildcards
    ("a bracket in a class", '"a[1]" -like "a[[]1]"', "True\n"),
    ("a range", '"c" -like "[a-d]"', "True\n"),
    ("no negation in a class", '"^" -like "[^a]"', "True\n"),
    ("a backslash in a class", '"\\" -like "[\\]"', "True\n"),
    # Double constants
    ("Double MaxValue", "[double]::MaxValue", "1.79769313486232E+308\n"),
    ("Double MinValue", "[double]::MinValue", "-1.79769313486232E+308\n"),
    ("Double NaN", "[double]::NaN", "NaN\n"),
    ("Double PositiveInfinity", "[double]::PositiveInfinity", "Infinity\n"),
    ("Double NegativeInfinity", "[double]::NegativeInfinity", "-Infinity\n"),
    ("Double Epsilon", "[double]::Epsilon", "4.94065645841247E-324\n"),
    # casts
    ("char array", '[char[]]"abc"', "a\nb\nc\n"),
    ("char array count", '([char[]]"abc").Count', "3\n"),
    ("ISO date and time", '[string][datetime]"2008-03-05 14:05"', "03/05/2008 14:05:00\n"),
    ("day, month name, year", '[string][datetime]"5 Mar 2008"', "03/05/2008 00:00:00\n"),
    ("month name, day, year", '[string][datetime]"March 5, 2008"', "03/05/2008 00:00:00\n"),
    ("a time alone is today's lab date", '[string][datetime]"14:05"', "03/18/2008 14:05:00\n"),
    ("US date with AM/PM", '[string][datetime]"3/18/2008 10:15:32 PM"', "03/18/2008 22:15:32\n"),
    ("ISO with T", '[string][datetime]"2008-03-18T10:15:32"', "03/18/2008 10:15:32\n"),
    ("two-digit year", '[string][datetime]"3/18/08"', "03/18/2008 00:00:00\n"),
    ("a date prints with its long form", '[datetime]"3/18/2008 10:15:32 AM"',
     "\nTuesday, March 18, 2008 10:15:32 AM\n\n\n"),
    ("decimal keeps its digits", '[decimal]"1.2345678901234567890123"', "1.2345678901234567890123\n"),
    ("decimal type", '([decimal]"1.2345678901234567890123").GetType().FullName', "System.Decimal\n"),
    ("decimal keeps its scale", '[decimal]"12.50"', "12.50\n"),
]


@pytest.mark.parametrize("name, command, expected", CASES, ids=[case[0] for case in CASES])
def test_operator_and_conversion(name: str, command: str, expected: str) -> None:
    assert run_commands(command) == expected


def test_missing_replace_group_is_not_a_python_error() -> None:
    assert "invalid group reference" not in run_commands("'ab' -replace '(a)','$3'")


def test_like_with_a_bracket_in_a_class_warns_nothing() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert run_commands('"a[1]" -like "a[[]1]"', '"x[" -like "x[[]"') == "True\nTrue\n"


def test_split_option_combinations_are_checked() -> None:
    assert run_commands('"a.b" -split ".",0,"SimpleMatch,Multiline"') == console_text(
        "The combination of options with the -split operator is not valid.",
        "At line:1 char:1",
        '+  <<<< "a.b" -split ".",0,"SimpleMatch,Multiline"',
    )


def test_hashtable_addition_names_the_existing_key() -> None:
    assert run_commands("@{k=1} + @{K=2}") == console_text(
        "Item has already been added. Key in dictionary: 'k'  Key being added: 'K'",
        "At line:1 char:1",
        "+  <<<< @{k=1} + @{K=2}",
    )


def test_ambiguous_enum_prefix() -> None:
    assert run_commands("New-ExchangeCertificate -Services I") == console_text(
        "New-ExchangeCertificate : Cannot bind parameter 'Services'. Cannot convert value \"I\" to type "
        "\"Microsoft.Exchange.Management.SystemConfigurationTasks.AllowedServices\". Error: \"The identifier "
        "name I cannot be processed because it is either too similar or identical to the following enumerator "
        "names: IMAP, IIS. Use a more specific identifier name.\"",
        "At line:1 char:34",
        "+ New-ExchangeCertificate -Services  <<<< I",
    )


def test_unique_enum_prefix_still_matches() -> None:
    assert run_commands("New-ExchangeCertificate -Services IM, P -WhatIf") == (
        'What if: Generate Certificate:\tFriendlyName="Microsoft Exchange",\tSubjectName="",\tDomainName="",'
        '\tServices="IMAP, POP",\tKeySize="2048"\n')


def test_a_time_alone_takes_the_lab_date_of_the_session() -> None:
    from datetime import timedelta

    from emshell.host.capture import captured_session

    with captured_session() as (session, host):
        session.lab.clock.advance(timedelta(days=3))
        session.execute('[string][datetime]"14:05"')
        assert host.text == "03/21/2008 14:05:00\n"


def test_an_invalid_date_keeps_the_dotnet_message() -> None:
    assert run_commands('[datetime]"13/1/2008"') == console_text(
        'Cannot convert value "13/1/2008" to type "System.DateTime". Error: "String was not recognized as a '
        'valid DateTime."',
        "At line:1 char:1",
        '+  <<<< [datetime]"13/1/2008"',
    )
