"""Value conversion as PowerShell's LanguagePrimitives does it (casts, binding, operators).

Conversions raise `ConversionError` with PowerShell's message; the binder wraps it in
"Cannot bind parameter 'X'. ..." and casts wrap it in a runtime error.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from emshell.engine.objects import (
    Hashtable, PSEnum, PSFlags, SecureString, format_datetime_invariant, format_double,
    is_enum, to_string, type_name,
)


class ConversionError(Exception):
    """A value could not be converted; the message is PowerShell's text."""


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
    if isinstance(number, float):
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


def to_decimal(value: Any) -> Decimal:
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


_DATE_FORMATS = (
    "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %H:%M", "%m/%d/%Y %I:%M %p", "%m/%d/%Y",
    "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d", "%m-%d-%Y", "%d %B %Y", "%B %d, %Y",
)


def to_datetime(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str):
        text = value.strip()
        for fmt in _DATE_FORMATS:
            try:
                return datetime.strptime(text, fmt)
            except ValueError:
                continue
        raise ConversionError(
            f'Cannot convert value "{value}" to type "System.DateTime". Error: '
            f'"String was not recognized as a valid DateTime."')
    raise ConversionError(
        f'Cannot convert the "{to_string(value)}" value of type "{type_name(value)}" to type "System.DateTime".')


def to_timespan(value: Any) -> timedelta:
    if isinstance(value, timedelta):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return timedelta(microseconds=value / 10)  # ticks
    if isinstance(value, str):
        match = re.fullmatch(r"\s*(-)?(?:(\d+)\.)?(\d+):(\d+)(?::(\d+)(?:\.(\d+))?)?\s*", value)
        if match:
            sign, days, hours, minutes, seconds, fraction = match.groups()
            delta = timedelta(days=int(days or 0), hours=int(hours), minutes=int(minutes),
                              seconds=int(seconds or 0), microseconds=int((fraction or "0").ljust(6, "0")[:6]))
            return -delta if sign else delta
    raise ConversionError(f'Cannot convert value "{to_string(value)}" to type "System.TimeSpan".')


def to_enum(value: Any, enum_type: type) -> Any:
    """String -> enum: exact, case-insensitive, unique prefix; comma lists OR flags (§B6)."""
    if isinstance(value, enum_type):
        return value
    if isinstance(value, list):
        value = ",".join(expand_string(item) for item in value)
    if isinstance(value, int) and not isinstance(value, bool):
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
        member = _enum_member(name, enum_type)
        if member is None:
            raise _enum_error(text, enum_type)
        result = member if result is None else result | member
    return result


def _enum_member(name: str, enum_type: type) -> Any:
    members = enum_type.__members__
    if name in members:
        return members[name]
    lower = name.lower()
    for key, member in members.items():
        if key.lower() == lower:
            return member
    matches = [member for key, member in members.items() if lower and key.lower().startswith(lower)]
    return matches[0] if len(matches) == 1 else None


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
        return chr(value)
    raise ConversionError(
        f'Cannot convert value "{to_string(value)}" to type "System.Char". Error: '
        f'"String must be exactly one character long."')


