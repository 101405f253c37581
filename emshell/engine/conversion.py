"""Value conversion as PowerShell's LanguagePrimitives does it (casts, binding, operators).

Conversions raise `ConversionError` with PowerShell's message; the binder wraps it in
"Cannot bind parameter 'X'. ..." and casts wrap it in a runtime error.
"""
from __future__ import annotations

import math
import re
from contextvars import ContextVar
from datetime import datetime, timedelta
from decimal import Context, Decimal, InvalidOperation
from typing import Any, Callable

from emshell.engine.objects import (
    Hashtable, PSEnum, PSFlags, SecureString, format_datetime_invariant, format_double,
    is_enum, to_string, type_name,
)


class ConversionError(Exception):
    """A value could not be converted; the message is PowerShell's text. `exception_type` is the
    .NET exception it stands for (a cast's PSInvalidCastException, Int32.Parse's FormatException)."""

    def __init__(self, message: str, exception_type: str = "PSInvalidCastException") -> None:
        super().__init__(message)
        self.exception_type = exception_type


class AutomationNull:
    """The 'nothing' a command without output returns (distinct from $null in pipelines)."""

    _instance: "AutomationNull | None" = None

    def __new__(cls) -> "AutomationNull":
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance


# -- truthiness, strings and numbers ---------------------------------------------------------
def to_bool(value: Any) -> bool:
    """PowerShell's truthiness (LanguagePrimitives.IsTrue)."""
    if value is None or isinstance(value, AutomationNull):
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float, Decimal)) and not is_enum(value):
        return value != 0
    if is_enum(value):
        return int(value.value if isinstance(value, PSEnum) else value) != 0
    if isinstance(value, str):
        return value != ""
    if isinstance(value, list):
        if len(value) == 0:
            return False
        if len(value) == 1:
            return to_bool(value[0])
        return True
    if isinstance(value, SwitchValue):
        return value.is_present
    return True


class SwitchValue:
    """A [switch] parameter's value (SwitchParameter): prints as True/False."""

    TYPE_NAMES = ("System.Management.Automation.SwitchParameter", "System.ValueType", "System.Object")

    def __init__(self, present: bool) -> None:
        self.is_present = present

    def ps_to_string(self) -> str:
        return "True" if self.is_present else "False"

    def __bool__(self) -> bool:
        return self.is_present


def expand_string(value: Any, ofs: str = " ") -> str:
    """Invariant-culture text used by string expansion and [string] casts (§A7)."""
    if value is None or isinstance(value, AutomationNull):
        return ""
    if isinstance(value, list):
        return ofs.join(expand_string(item, ofs) for item in value)
    if isinstance(value, datetime):
        return format_datetime_invariant(value)
    if isinstance(value, float):
        return format_double(value)
    return to_string(value)


_INT_RE = re.compile(r"^\s*([+-]?)\s*(0[xX][0-9a-fA-F]+|\d+)\s*$")
_FLOAT_RE = re.compile(r"^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$")
_MULTIPLIER_RE = re.compile(r"^\s*([+-]?(?:\d+\.?\d*|\.\d+))\s*(kb|mb|gb|tb|pb)\s*$", re.IGNORECASE)
_FACTORS = {"kb": 1024, "mb": 1024**2, "gb": 1024**3, "tb": 1024**4, "pb": 1024**5}


def parse_number_text(text: str) -> int | float | None:
    """A string as PowerShell reads a number from it (for arithmetic and comparison)."""
    text = text.strip()
    if text == "":
        return 0
    match = _INT_RE.match(text)
    if match:
        sign = -1 if match.group(1) == "-" else 1
        digits = match.group(2)
        return sign * (int(digits, 16) if digits.lower().startswith("0x") else int(digits))
    if _FLOAT_RE.match(text):
        return float(text)
    match = _MULTIPLIER_RE.match(text)
    if match:
        number = float(match.group(1)) * _FACTORS[match.group(2).lower()]
        return int(number) if number.is_integer() else number
    return None


def to_number(value: Any) -> int | float | Decimal:
    """A value as a number for arithmetic; strings are parsed, $null is 0."""
    if type(value) in (int, float):  # the common case, without the subclass checks
        return value
    if value is None or isinstance(value, AutomationNull):
        return 0
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float, Decimal)) and not is_enum(value):
        return value
    if is_enum(value):
        return int(value.value) if isinstance(value, PSEnum) else int(value)
    if isinstance(value, SwitchValue):
        return int(value.is_present)
    if isinstance(value, str):
        number = parse_number_text(value)
        if number is None:
            raise ConversionError(
                f'Cannot convert value "{value}" to type "System.Int32". Error: "Input string was not in a correct format."')
        return number
    if isinstance(value, list) and len(value) == 1:
        return to_number(value[0])
    raise ConversionError(
        f'Cannot convert the "{to_string(value)}" value of type "{type_name(value)}" to type "System.Int32".')


# -- conversions to a target type ----------------------------------------------------------------
def to_int(value: Any, bits: int = 32) -> int:
    name = "System.Int32" if bits == 32 else "System.Int64"
    if isinstance(value, str):
        number = parse_number_text(value)
        if number is None:
            raise ConversionError(
                f'Cannot convert value "{value}" to type "{name}". Error: "Input string was not in a correct format."')
    else:
        try:
            number = to_number(value)
        except ConversionError:
            raise ConversionError(
                f'Cannot convert the "{to_string(value)}" value of type "{type_name(value)}" to type "{name}".') from None
    if isinstance(number, float) and not math.isfinite(number):
        number = 2 ** bits  # NaN and infinities are out of range, as .NET's Convert reports them
    elif isinstance(number, float):
        number = _round_half_even(number)
    number = int(number)
    limit = 2 ** (bits - 1)
    if not -limit <= number < limit:
        raise ConversionError(
            f'Cannot convert value "{to_string(value)}" to type "{name}". Error: '
            f'"Value was either too large or too small for an {name.split(".")[-1]}."')
    return number


def _round_half_even(value: float) -> int:
    """[int]2.5 is 2: .NET's Convert rounds to even."""
    return int(round(value))


def to_double(value: Any) -> float:
    try:
        return float(to_number(value))
    except ConversionError:
        raise ConversionError(
            f'Cannot convert value "{to_string(value)}" to type "System.Double". Error: '
            f'"Input string was not in a correct format."') from None


_DECIMAL_TEXT = re.compile(r"\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*")
_DECIMAL_CONTEXT = Context(prec=29)  # System.Decimal keeps 28-29 significant digits


def to_decimal(value: Any) -> Decimal:
    if isinstance(value, str) and _DECIMAL_TEXT.fullmatch(value):
        number = _DECIMAL_CONTEXT.create_decimal(value.strip())  # all the digits, not a Double's 15-17
        return number.quantize(Decimal(1)) if number.as_tuple().exponent > 0 else number
    if isinstance(value, int) and not isinstance(value, bool) and not is_enum(value):
        return Decimal(value)
    try:
        return Decimal(str(to_number(value)))
    except (ConversionError, InvalidOperation):
        raise ConversionError(
            f'Cannot convert value "{to_string(value)}" to type "System.Decimal". Error: '
            f'"Input string was not in a correct format."') from None


def to_boolean_strict(value: Any, type_label: str = "System.Boolean") -> bool:
    """[bool] parameters accept only booleans and numbers (§B4)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, SwitchValue):
        return value.is_present
    if isinstance(value, (int, float)) and not is_enum(value):
        return value != 0
    raise ConversionError(
        f'Cannot convert value "{expand_string(value)}" to type "{type_label}". Boolean parameters accept only '
        f'Boolean values and numbers, such as $True, $False, 1 or 0.')


_MONTHS = {name: number for number, names in enumerate((
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
    ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
    ("november", "nov"), ("december", "dec")), start=1) for name in names}
_DAY_NAMES = {"monday", "mon", "tuesday", "tue", "wednesday", "wed", "thursday", "thu", "friday", "fri",
              "saturday", "sat", "sunday", "sun"}
_TIME_TEXT = re.compile(
    r"(?<![\d:])(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,7}))?)?(?:\s*([AaPp])\.?[Mm]\.?)?(?![\w:])"
    r"|(?<![\d:])(\d{1,2})\s*([AaPp])\.?[Mm]\.?(?![\w])")
_DATE_TOKEN = re.compile(r"\d+|[A-Za-z]+")


def to_datetime(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str):
        parsed = parse_datetime_text(value)
        if parsed is None:
            raise ConversionError(
                f'Cannot convert value "{value}" to type "System.DateTime". Error: '
                f'"String was not recognized as a valid DateTime."')
        return parsed
    raise ConversionError(
        f'Cannot convert the "{to_string(value)}" value of type "{type_name(value)}" to type "System.DateTime".')


def parse_datetime_text(text: str) -> datetime | None:
    """DateTime.Parse(text, InvariantCulture), as a PowerShell cast reads a date.

    The date part is month/day/year (`3/18/2008`, `03-18-2008`, `3/18`), year-month-day
    (`2008-03-18`, `2008/3/18`) or uses a month name (`18 Mar 2008`, `March 18, 2008`, `Mar 2008`);
    a day name is ignored. The time is `H:mm[:ss[.fffffff]]` with an optional AM/PM, or `10 PM`,
    also after a `T` (`2008-03-18T10:15:32`, a trailing `Z` allowed). A time alone is today's date.
    """
    rest = re.sub(r"(?<=\d)T(?=\d)", " ", text.strip())
    rest = re.sub(r"(?<=\d)Z$", "", rest)
    hour = minute = second = micro = 0
    has_time = False
    found = _TIME_TEXT.search(rest)
    if found:
        if found.group(1) is not None:
            hour, minute = int(found.group(1)), int(found.group(2))
            second = int(found.group(3) or 0)
            micro = int((found.group(4) or "0").ljust(7, "0")[:7]) // 10
            meridiem = found.group(5)
        else:
            hour, meridiem = int(found.group(6)), found.group(7)
        if meridiem:
            if not 1 <= hour <= 12:
                return None
            hour = hour % 12 + (12 if meridiem.lower() == "p" else 0)
        has_time = True
        rest = rest[:found.start()] + " " + rest[found.end():]
    date = _parse_date_part(rest)
    if date is None:
        return None
    if date == ():
        if not has_time:
            return None
        today = _lab_today()
        date = (today.year, today.month, today.day)
    try:
        return datetime(*date, hour, minute, second, micro)
    except ValueError:
        return None


def _parse_date_part(text: str) -> tuple[int, int, int] | tuple[()] | None:
    """(year, month, day); () when there is no date; None when the text is not a date."""
    if re.search(r"[^\w\s,./-]", text):
        return None
    tokens = _DATE_TOKEN.findall(text)
    words = [t.lower() for t in tokens if t.isalpha()]
    numbers = [t for t in tokens if t.isdigit()]
    if any(word not in _MONTHS and word not in _DAY_NAMES for word in words):
        return None
    months = [_MONTHS[word] for word in words if word in _MONTHS]
    if not numbers and not months:
        return None if words else ()
    if months:
        if len(months) > 1 or len(numbers) > 2:
            return None
        month = months[0]
        if len(numbers) == 2:
            first, second = numbers
            year, day = (int(first), int(second)) if len(first) > 2 else (_year(second), int(first))
        elif len(numbers) == 1:
            number = numbers[0]
            year, day = (_year(number), 1) if len(number) > 2 else (_lab_today().year, int(number))
        else:
            return None
        return year, month, day
    if len(numbers) == 3:
        if len(numbers[0]) > 2:
            return int(numbers[0]), int(numbers[1]), int(numbers[2])
        return _year(numbers[2]), int(numbers[0]), int(numbers[1])
    if len(numbers) == 2 and all(len(n) <= 2 for n in numbers):
        return _lab_today().year, int(numbers[0]), int(numbers[1])
    return None


def _year(digits: str) -> int:
    """Two-digit years fall in 1930-2029 (the Gregorian calendar's TwoDigitYearMax)."""
    year = int(digits)
    if len(digits) <= 2:
        year += 2000 if year <= 29 else 1900
    return year


# The running session's clock, for casts of a time alone (`[datetime]"14:05"` is today at 14:05).
# Conversions carry no session: the session sets this while it runs a script.
lab_clock: ContextVar[Callable[[], datetime] | None] = ContextVar("lab_clock", default=None)


def _lab_today() -> datetime:
    """The lab's current date; outside a running session, the deterministic start date."""
    clock = lab_clock.get()
    if clock is not None:
        return clock()
    from emshell.lab.clock import DETERMINISTIC_START

    return DETERMINISTIC_START


def to_timespan(value: Any) -> timedelta:
    if isinstance(value, timedelta):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return checked_timespan(lambda: timedelta(microseconds=value / 10))  # ticks
    if isinstance(value, str):
        match = re.fullmatch(r"\s*(-)?(?:(\d+)\.)?(\d+):(\d+)(?::(\d+)(?:\.(\d+))?)?\s*", value)
        if match:
            sign, days, hours, minutes, seconds, fraction = match.groups()
            delta = timedelta(days=int(days or 0), hours=int(hours), minutes=int(minutes),
                              seconds=int(seconds or 0), microseconds=int((fraction or "0").ljust(6, "0")[:6]))
            return -delta if sign else delta
    raise ConversionError(f'Cannot convert value "{to_string(value)}" to type "System.TimeSpan".')


# The most characters or elements one string or array may hold: what a 32-bit .NET 2.0 process
# can allocate in one piece is far less than Int32.MaxValue (docs/fidelity.md).
ALLOCATION_LIMIT = 50_000_000


def check_allocation(size: int) -> int:
    """size, or .NET's OutOfMemoryException when a string or array that large could not be allocated."""
    if size > ALLOCATION_LIMIT:
        raise ConversionError("Exception of type 'System.OutOfMemoryException' was thrown.",
                              "OutOfMemoryException")
    return size


TIMESPAN_MAX = timedelta(microseconds=(2**63 - 1) // 10)  # TimeSpan.MaxValue: Int64.MaxValue ticks
DATE_ARITHMETIC = "The added or subtracted value results in an un-representable DateTime."


def checked_timespan(make: Callable[[], timedelta]) -> timedelta:
    """A TimeSpan computed by `make`, or .NET's OverflowException when it exceeds TimeSpan's range."""
    try:
        span = make()
    except ValueError:
        raise ConversionError("TimeSpan does not accept floating point Not-a-Number values.",
                              "ArgumentException") from None
    except OverflowError:
        span = None
    if span is None or abs(span) > TIMESPAN_MAX:
        raise ConversionError("TimeSpan overflowed because the duration is too long.", "OverflowException")
    return span


def shift_date(date: datetime, delta: timedelta, parameter: str = "value") -> datetime:
    """date + delta, or .NET's ArgumentOutOfRangeException when the result is not a DateTime."""
    try:
        return date + delta
    except OverflowError:
        raise ConversionError(f"{DATE_ARITHMETIC}\r\nParameter name: {parameter}",
                              "ArgumentOutOfRangeException") from None


def to_enum(value: Any, enum_type: type) -> Any:
    """String -> enum: exact, case-insensitive, unique prefix; comma lists OR flags (§B6)."""
    if isinstance(value, enum_type):
        return value
    if isinstance(value, list):
        value = ",".join(expand_string(item) for item in value)
    if isinstance(value, int) and not isinstance(value, bool):
        if issubclass(enum_type, PSFlags) and value & ~sum(int(m) for m in enum_type.__members__.values()):
            raise _enum_error(value, enum_type)  # bits no member names: not a defined value
        try:
            return enum_type(value)
        except ValueError:
            raise _enum_error(value, enum_type) from None
    text = expand_string(value)
    names = [name.strip() for name in text.split(",")]
    is_flags = issubclass(enum_type, PSFlags)
    if len(names) > 1 and not is_flags:
        raise ConversionError(
            f'Cannot convert value "{text}" to type "{enum_type.ps_type_name()}" because no commas are allowed '
            f'for this enumeration.')
    result = None
    for name in names:
        member = _enum_member(name, enum_type, text)
        if member is None:
            raise _enum_error(text, enum_type)
        result = member if result is None else result | member
    return result


def _enum_member(name: str, enum_type: type, text: str) -> Any:
    members = enum_type.__members__
    if name in members:
        return members[name]
    lower = name.lower()
    for key, member in members.items():
        if key.lower() == lower:
            return member
    if not lower:
        return None
    # EnumMinimumDisambiguation: a unique prefix names its member; several are an error that lists
    # them in Enum.GetNames order (by value).
    matches = sorted(((key, member) for key, member in members.items() if key.lower().startswith(lower)),
                     key=lambda pair: _enum_sort_value(pair[1]))
    if len(matches) > 1:
        raise ConversionError(
            f'Cannot convert value "{text}" to type "{enum_type.ps_type_name()}". Error: "The identifier name '
            f'{name} cannot be processed because it is either too similar or identical to the following '
            f'enumerator names: {", ".join(key for key, _ in matches)}. Use a more specific identifier name."')
    return matches[0][1] if matches else None


def _enum_sort_value(member: Any) -> int:
    number = member.value if isinstance(member, PSEnum) else int(member)
    return number % 2**64 if isinstance(number, int) else 0  # GetNames sorts by the unsigned value


def _enum_error(value: Any, enum_type: type) -> ConversionError:
    names = ", ".join(enum_type.__members__)
    return ConversionError(
        f'Cannot convert value "{expand_string(value)}" to type "{enum_type.ps_type_name()}" due to invalid '
        f'enumeration values. Specify one of the following enumeration values and try again. The possible '
        f'enumeration values are "{names}".')


def to_secure_string(value: Any) -> SecureString:
    if isinstance(value, SecureString):
        return value
    raise ConversionError(
        f'Cannot convert the "{to_string(value)}" value of type "{type_name(value)}" to type '
        f'"System.Security.SecureString".')


def to_hashtable(value: Any) -> Hashtable:
    if isinstance(value, Hashtable):
        return value
    raise ConversionError(
        f'Cannot convert the "{to_string(value)}" value of type "{type_name(value)}" to type '
        f'"System.Collections.Hashtable".')


def to_list(value: Any) -> list:
    """Wrap a scalar into an array; arrays stay as they are; $null is an empty array."""
    if value is None or isinstance(value, AutomationNull):
        return []
    if isinstance(value, list):
        return value
    if isinstance(value, tuple):
        return list(value)
    return [value]


def to_char(value: Any) -> str:
    if isinstance(value, str) and len(value) == 1:
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        if not 0 <= value <= 0xFFFF:
            raise ConversionError(f'Cannot convert value "{value}" to type "System.Char". Error: "Value was either '
                                  f'too large or too small for a character."')
        return chr(value)
    raise ConversionError(
        f'Cannot convert value "{to_string(value)}" to type "System.Char". Error: '
        f'"String must be exactly one character long."')


