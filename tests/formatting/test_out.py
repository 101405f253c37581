"""The Out-Default state machine: shapes, framing and mixed output (§C1-§C3)."""
from datetime import datetime, timedelta

import pytest

from emshell.engine.errors import ErrorRecord, ScriptPosition
from emshell.engine.objects import Hashtable, PSCustomObject, PSObject
from emshell.formatting.context import FormatContext
from emshell.formatting.out import FormatSequenceError, OutputFormatter
from emshell.formatting.shape import ListShaper, TableShaper

from .support import AllowedServices as S
from .support import FakeCertificate, out_default

DATE = datetime(2008, 3, 18, 10, 15, 32)
CERT = FakeCertificate("C07B19E88671134C4C4A38D72F0A587974CE137D", S.IMAP | S.POP, "CN=CAS01")
CERT_ROW = "C07B19E88671134C4C4A38D72F0A587974CE137D  IP...      CN=CAS01" + " " * 18


def test_null_and_empty_collections_print_nothing():
    assert out_default([None, [], [None, None]]) == []


def test_scalars_are_written_as_lines():
    assert out_default([1, "two\r\nlines", True, 2.5, S.IIS | S.SMTP, [[1, 2]]]) == [
        "1", "two", "lines", "True", "2.5", "IIS, SMTP", "System.Object[]",
    ]


def test_property_less_object_prints_its_tostring():
    class Opaque(PSObject):
        TYPE_NAMES = ("Test.Opaque", "System.Object")

    assert out_default([Opaque()]) == ["Test.Opaque"]


def test_datetime_custom_view_framing_and_zero_padded_long_date():
    assert out_default([DATE]) == ["", "Tuesday, March 18, 2008 10:15:32 AM", "", ""]
    assert out_default([[DATE, datetime(2008, 3, 5, 9, 5, 7)], "x"]) == [
        "", "Tuesday, March 18, 2008 10:15:32 AM", "Wednesday, March 05, 2008 9:05:07 AM", "x", "", "",
    ]


def test_generated_table_takes_every_later_object_as_a_row():
    lines = out_default(["first", PSCustomObject({"Name": "a"}), "text", PSCustomObject({"Other": 1}), CERT])
    assert lines == [
        "first",
        "",
        "Name" + " " * 75,
        "----" + " " * 75,
        "a" + " " * 78,
        "text",
        " " * 79,
        " " * 79,
        "",
        "",
    ]


def test_declared_view_writes_other_types_out_of_band():
    error = ErrorRecord("boom", command_name="Get-X", position=ScriptPosition(1, 7, "Get-X -Foo", 6))
    lines = out_default([CERT, PSCustomObject({"Id": 5, "Kind": "x"}), "scalar", error, DATE, CERT])
    assert lines[4:] == [
        "",
        "Id   : 5",
        "Kind : x",
        "",
        "scalar",
        "Get-X : boom",
        "At line:1 char:7",
        "+ Get-X  <<<< -Foo",
        "3/18/2008 10:15:32 AM",   # the default context knows no DateTime properties: ToString
        CERT_ROW,
        "",
        "",
    ]


def test_hashtables_are_enumerated_into_one_dictionary_table():
    tables = [Hashtable([("a", 1), ("b", "x")]), Hashtable([("c", [1, 2])])]
    assert out_default([tables]) == [
        "",
        "Name" + " " * 26 + " " + "Value" + " " * 43,
        "----" + " " * 26 + " " + "-----" + " " * 43,
        "a" + " " * 29 + " " + "1" + " " * 47,
        "b" + " " * 29 + " " + "x" + " " * 47,
        "c" + " " * 29 + " " + "{1, 2}" + " " * 42,
        "",
        "",
    ]


def test_generated_list_recomputes_properties_per_object():
    wide = PSCustomObject({"A": 1, "B": 2, "C": 3, "D": 4, "E": 5})
    assert out_default([wide, PSCustomObject({"Z": 0})]) == [
        "", "", "A : 1", "B : 2", "C : 3", "D : 4", "E : 5", "", "Z : 0", "", "", "",
    ]


def test_format_records_then_raw_objects_in_one_output():
    ctx = FormatContext()
    writer = OutputFormatter(ctx)
    shaper = TableShaper(ctx, ["Name"], auto_size=True)
    lines = [line for record in shaper.feed(PSCustomObject({"Name": "x"})) + shaper.close()
             for line in writer.write(record)]
    lines += writer.feed(DATE) + writer.close()
    assert lines == ["", "Name", "----", "x   ", "", "",
                     "", "Tuesday, March 18, 2008 10:15:32 AM", "", ""]


def test_format_records_while_the_default_view_is_open_are_out_of_sequence():
    ctx = FormatContext()
    writer = OutputFormatter(ctx)
    writer.feed(DATE)
    shaper = ListShaper(ctx)
    records = shaper.feed(PSCustomObject({"A": 1}))
    with pytest.raises(FormatSequenceError) as caught:
        writer.feed(records)
    assert caught.value.message == (
        'Object of type "Microsoft.PowerShell.Commands.Internal.Format.FormatStartData" is not legal '
        'or not in the correct sequence. This is likely caused by a user-specified "format-list" '
        "command which is conflicting with the default formatting."
    )


def test_entry_without_a_start_is_out_of_sequence():
    ctx = FormatContext()
    records = TableShaper(ctx).feed(PSCustomObject({"A": 1}))
    with pytest.raises(FormatSequenceError, match="FormatEntryData"):
        OutputFormatter(ctx).feed(records[2])


def test_out_string_width():
    writer = OutputFormatter(FormatContext(), columns=20)
    lines = writer.feed(PSCustomObject({"Name": "abcdefghijklmnopqrstuvwxyz", "N": 1})) + writer.close()
    assert lines == ["", "Name" + " " * 15 + "N", "----" + " " * 15 + "-",
                     "abcdefg..." + " " * 9 + "1", "", ""]


def test_timespan_list_view():
    span = timedelta(seconds=-90)
    assert out_default([span]) == [
        "", "",
        "Days              : 0",
        "Hours             : 0",
        "Minutes           : -1",
        "Seconds           : -30",
        "Milliseconds      : 0",
        "Ticks             : -900000000",
        "TotalDays         : -0.00104166666666667",
        "TotalHours        : -0.025",
        "TotalMinutes      : -1.5",
        "TotalSeconds      : -90",
        "TotalMilliseconds : -90000",
        "", "", "",
    ]
