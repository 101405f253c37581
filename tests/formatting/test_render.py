"""Value -> text (§C6) and .NET format strings."""
from datetime import datetime
from decimal import Decimal

import pytest

from emshell.engine.objects import Hashtable, PSCustomObject, PSFlags
from emshell.formatting.netformat import (
    FormatError, composite_format, format_value, long_date_time,
)
from emshell.formatting.render import format_field, smart_to_string


class Services(PSFlags):
    IMAP = 1
    POP = 2
    UM = 4
    IIS = 8
    SMTP = 16


@pytest.mark.parametrize("value, limit, text", [
    ([1, 2, 3], 16, "{1, 2, 3}"),
    (list(range(20)), 16, "{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15...}"),
    (list(range(5)), 4, "{0, 1, 2, 3...}"),
    ([0, 1, 2, 3], 4, "{0, 1, 2, 3}"),
    ([1, 2], 0, "{...}"),
    ([1, 2], 1, "{1...}"),
    (list(range(30)), -1, "{" + ", ".join(map(str, range(30))) + "}"),
    ([], 16, "{}"),
    (["a", None, "b"], 16, "{a, $null, b}"),
    ([[1, 2], "x"], 16, "{System.Object[], x}"),
    ([Hashtable([("a", 1)])], 16, "{System.Collections.Hashtable}"),
    (Hashtable([("a", 1), ("b", 2)]), 16, "{a, b}"),
    (None, 16, ""),
    (True, 16, "True"),
    (2.5, 16, "2.5"),
    (Services.IMAP | Services.POP | Services.IIS | Services.SMTP, 16, "IMAP, POP, IIS, SMTP"),
    (datetime(2026, 11, 2, 17, 59, 59), 16, "11/2/2026 5:59:59 PM"),
    (PSCustomObject({"a": 1, "b": "x"}), 16, "@{a=1; b=x}"),
])
def test_smart_to_string(value, limit, text):
    assert smart_to_string(value, limit) == text


@pytest.mark.parametrize("value, spec, text", [
    (1234.5678, "N2", "1,234.57"),
    (2.675, "F2", "2.68"),          # .NET Framework rounds the 15-digit value half away from zero
    (-1234.5, "C", "($1,234.50)"),
    (0.125, "P1", "12.5 %"),
    (255, "X4", "00FF"),
    (-1, "x", "ffffffff"),
    (42, "D5", "00042"),
    (1234.5678, "E2", "1.23E+003"),
    (123456789, "G3", "1.23E+08"),
    (1234.5678, "0.00", "1234.57"),
    (1234567.891, "#,##0.0", "1,234,567.9"),
    (0.5, "#.##", ".5"),
    (0.5, "0%", "50%"),
    (5551234567, "(###) ###-####", "(555) 123-4567"),
    (-3, "0;(0)", "(3)"),
    (0, "0;(0);zero", "zero"),
    (Decimal("2.5"), "N0", "3"),
    ("text", "N2", "text"),
    (True, "N2", "True"),
])
def test_number_formats(value, spec, text):
    assert format_value(value, spec) == text


def test_date_formats_use_the_windows_2003_en_us_patterns():
    moment = datetime(2008, 3, 5, 14, 7, 9, 123456)
    assert format_value(moment, "D") == "Wednesday, March 05, 2008"
    assert format_value(moment, "g") == "3/5/2008 2:07 PM"
    assert format_value(moment, "yyyy-MM-dd HH:mm:ss.fff") == "2008-03-05 14:07:09.123"
    assert format_value(moment, "ddd d MMM yy h:m:s tt") == "Wed 5 Mar 08 2:7:9 PM"
    assert format_value(moment, "s") == "2008-03-05T14:07:09"
    assert format_value(moment, "%d") == "5"
    assert long_date_time(datetime(2008, 3, 18, 10, 15, 32)) == "Tuesday, March 18, 2008 10:15:32 AM"


def test_composite_format_and_errors():
    assert composite_format("{0,-6:N1}|{1,5}|{{x}}|{0}", [3.14159, "ab"]) == "3.1   |   ab|{x}|3.14159"
    with pytest.raises(FormatError, match="correct format"):
        composite_format("{0", [1])
    with pytest.raises(FormatError, match="Index"):
        composite_format("{1}", [1])


def test_format_field_directives():
    assert format_field(1536 / 1024, "N2", 16) == "1.50"
    assert format_field(5, "{0:D3} items", 16) == "005 items"
    assert format_field([1, 2], "{0}", 16) == "System.Object[]"   # not expanded with a directive
    assert format_field([1, 2], None, 16) == "{1, 2}"
    assert format_field(1.5, "D", 16) == "1.5"                    # the directive does not apply
