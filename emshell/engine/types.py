""".NET types as PowerShell scripts see them: `[int]`, `[string[]]`, `[DateTime]::Now` ...

A `PSType` knows its full name, how a cast converts to it, how `-is` tests it, and its static
members. Static members receive the running session (lab clock, lab files, lab randomness).
Modules add types with `register_type` (the Exchange enums, for instance).
"""
from __future__ import annotations

import base64
import math
import re
import sys
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, Callable

from emshell.engine import conversion as conv
from emshell.engine import regex
from emshell.engine.regex import RegexValue
from emshell.engine.objects import (
    Hashtable, PSCustomObject, PSEnum, PSFlags, PSObject, SecureString, is_enum, to_string, type_names,
)


class ScriptBlockType:
    """Marker: the [scriptblock] type (the engine's ScriptBlock class registers itself)."""


@dataclass
class PSType:
    full_name: str
    convert: Callable[[Any], Any]
    is_instance: Callable[[Any], bool]
    static_properties: dict[str, Callable[[Any], Any]] = field(default_factory=dict)
    static_methods: dict[str, Callable[..., Any]] = field(default_factory=dict)
    element: "PSType | None" = None
    base_type: str | None = "System.Object"  # the .NET base class, as [type].BaseType shows it

    @property
    def short_name(self) -> str:
        return self.full_name.rsplit(".", 1)[-1]

    def ps_to_string(self) -> str:
        return self.full_name


# A [type] value in PowerShell (`[int]` alone) prints as its short name in lists and tables.
class TypeValue(PSObject):
    TYPE_NAMES = ("System.RuntimeType", "System.Type", "System.Object")
    PROPERTIES = ("Name", "FullName", "IsPublic", "IsSerial", "BaseType")

    def __init__(self, ps_type: PSType) -> None:
        self.type = ps_type

    @property
    def Name(self) -> str:
        return self.type.short_name

    @property
    def FullName(self) -> str:
        return self.type.full_name

    IsPublic = True
    IsSerial = True

    @property
    def BaseType(self) -> str | None:
        if self.type.full_name.endswith("[]"):
            return "System.Array"
        if self.type.full_name in _VALUE_TYPES:
            return "System.ValueType"
        return self.type.base_type

    def ps_to_string(self) -> str:
        return self.type.full_name


# The structs among the registered types (their BaseType is System.ValueType).
_VALUE_TYPES = {"System.Int32", "System.Int64", "System.Byte", "System.Double", "System.Single", "System.Decimal",
                "System.Char", "System.Boolean", "System.DateTime", "System.TimeSpan", "System.Guid",
                "System.UInt32", "System.UInt64", "System.Int16", "System.UInt16", "System.SByte"}
_REGISTRY: dict[str, PSType] = {}
_ACCELERATORS: dict[str, str] = {}


def register_type(ps_type: PSType, *aliases: str) -> PSType:
    _REGISTRY[ps_type.full_name.lower()] = ps_type
    for alias in aliases:
        _ACCELERATORS[alias.lower()] = ps_type.full_name.lower()
    return ps_type


def register_enum(enum_type: type, *aliases: str) -> PSType:
    """Make a PSEnum/PSFlags class usable as `[Its.Full.Name]` and in `-is` tests."""
    return register_type(
        PSType(enum_type.ps_type_name(), lambda v: conv.to_enum(v, enum_type), lambda v: isinstance(v, enum_type),
               static_properties={name: (lambda ctx, m=member: m) for name, member in enum_type.__members__.items()},
               base_type="System.Enum"),
        *aliases,
    )


class UnknownType(Exception):
    def __init__(self, name: str) -> None:
        super().__init__(f"Unable to find type [{name}]: make sure that the assembly containing this type is loaded.")
        self.name = name


def resolve_type(name: str) -> PSType:
    """`int`, `System.Int32`, `string[]`, `Microsoft.Exchange...AllowedServices` -> PSType."""
    clean = name.strip()
    if clean.endswith("[]"):
        element = resolve_type(clean[:-2])
        return _array_type(element)
    key = clean.lower()
    key = _ACCELERATORS.get(key, key)
    if key in _REGISTRY:
        return _REGISTRY[key]
    if "system." + key in _REGISTRY:
        return _REGISTRY["system." + key]
    raise UnknownType(clean)


def _array_type(element: PSType) -> PSType:
    def convert(value: Any) -> list:
        if isinstance(value, str) and element.full_name == "System.Char":
            return list(value)  # [char[]]"abc": the string's characters
        return [element.convert(item) for item in conv.to_list(value)]

    return PSType(element.full_name + "[]", convert, lambda v: isinstance(v, list), element=element)


def cast(value: Any, type_name: str) -> Any:
    """`[type]value`: raises ConversionError / UnknownType with PowerShell's text."""
    return resolve_type(type_name).convert(value)


def is_instance(value: Any, type_name: str) -> bool:
    ps_type = resolve_type(type_name)
    if ps_type.is_instance(value):
        return True
    return ps_type.full_name in type_names(value)


# -- the common types -------------------------------------------------------------------------
def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and not is_enum(v)


def _to_string_cast(value: Any) -> str:
    return conv.expand_string(value)


def _to_object(value: Any) -> Any:
    return value


def _to_array(value: Any) -> list:
    return list(conv.to_list(value))


def _to_psobject(value: Any) -> Any:
    if isinstance(value, Hashtable):
        return PSCustomObject([(str(k), v) for k, v in value.items()])
    return value


def _guid(ctx: Any) -> "GuidValue":
    return GuidValue(str(ctx.lab.random.guid()))


class GuidValue(PSObject):
    TYPE_NAMES = ("System.Guid", "System.ValueType", "System.Object")
    PROPERTIES = ("Guid",)

    def __init__(self, text: str) -> None:
        self.Guid = text

    def ps_to_string(self) -> str:
        return self.Guid


def _read_all_bytes(ctx: Any, path: Any) -> bytes:
    from emshell.lab import paths

    return paths.read_bytes(ctx.resolve_path(conv.expand_string(path)))


def _write_all_bytes(ctx: Any, path: Any, data: Any) -> None:
    from emshell.lab import paths

    paths.write_bytes(ctx.resolve_path(conv.expand_string(path)), to_bytes(data))


def _read_all_text(ctx: Any, path: Any) -> str:
    return _read_all_bytes(ctx, path).decode("utf-8-sig", errors="replace")


def to_bytes(value: Any) -> bytes:
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    if isinstance(value, list):
        return bytes(conv.to_int(item) & 0xFF for item in value)
    raise conv.ConversionError(
        f'Cannot convert the "{to_string(value)}" value of type "{type_names(value)[0] if type_names(value) else ""}" '
        f'to type "System.Byte[]".')


class Encoding(PSObject):
    """System.Text.Encoding instances (`[Text.Encoding]::Unicode.GetBytes(...)`)."""

    TYPE_NAMES = ("System.Text.Encoding", "System.Object")
    PROPERTIES = ("EncodingName", "WebName")

    def __init__(self, codec: str, name: str, web: str) -> None:
        self.codec = codec
        self.EncodingName = name
        self.WebName = web

    def ps_methods(self) -> dict[str, Any]:
        return {
            "GetBytes": lambda ctx, text: self._encode(conv.expand_string(text)),
            "GetString": lambda ctx, data: to_bytes(data).decode(self.codec, errors="replace"),
        }

    def _encode(self, text: str) -> bytes:
        # .NET joins surrogate pairs, writes U+FFFD for a lone surrogate and '?' for what the code page lacks
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
        return text.encode(self.codec, errors="replace")


_ENCODINGS = {
    "Unicode": Encoding("utf-16-le", "Unicode", "utf-16"),
    "UTF8": Encoding("utf-8", "Unicode (UTF-8)", "utf-8"),
    "ASCII": Encoding("ascii", "US-ASCII", "us-ascii"),
    "Default": Encoding("cp1252", "Western European (Windows)", "Windows-1252"),
}


_INTEGER_TEXT = re.compile(r"\s*[+-]?\d+\s*")


def _int32_parse(ctx: Any, text: Any) -> int:
    """Int32.Parse: decimal digits only (no hex, no multipliers, no fraction), as .NET reports it."""
    text = conv.expand_string(text)
    if not _INTEGER_TEXT.fullmatch(text):
        raise conv.ConversionError("Input string was not in a correct format.", "FormatException")
    number = int(text)
    if not -(2**31) <= number < 2**31:
        raise conv.ConversionError("Value was either too large or too small for an Int32.", "OverflowException")
    return number


def _datetime_parse(ctx: Any, text: Any) -> datetime:
    try:
        return conv.to_datetime(conv.expand_string(text))
    except conv.ConversionError:
        raise conv.ConversionError("String was not recognized as a valid DateTime.", "FormatException") from None


def _timespan_from(amount: Any, unit: str) -> timedelta:
    number = conv.to_double(amount)
    return conv.checked_timespan(lambda: timedelta(**{unit: number}))


def _install_builtin_types() -> None:
    register_type(PSType("System.Int32", conv.to_int, _is_int, {
        "MaxValue": lambda ctx: 2**31 - 1, "MinValue": lambda ctx: -(2**31)},
        {"Parse": _int32_parse}), "int", "int32")
    register_type(PSType("System.Int64", lambda v: conv.to_int(v, 64), _is_int, {
        "MaxValue": lambda ctx: 2**63 - 1, "MinValue": lambda ctx: -(2**63)}), "long", "int64")
    register_type(PSType("System.Byte", _to_byte, _is_int), "byte")
    register_type(PSType("System.Double", conv.to_double, lambda v: isinstance(v, float), {
        "MaxValue": lambda ctx: sys.float_info.max, "MinValue": lambda ctx: -sys.float_info.max,
        "Epsilon": lambda ctx: 5e-324, "NaN": lambda ctx: math.nan,
        "PositiveInfinity": lambda ctx: math.inf, "NegativeInfinity": lambda ctx: -math.inf}),
        "double", "float", "single")
    register_type(PSType("System.Decimal", conv.to_decimal, lambda v: isinstance(v, Decimal)), "decimal")
    register_type(PSType("System.String", _to_string_cast, lambda v: isinstance(v, str), {
        "Empty": lambda ctx: ""}, {
        "Join": lambda ctx, sep, items: conv.expand_string(sep).join(conv.expand_string(i) for i in conv.to_list(items)),
        "IsNullOrEmpty": lambda ctx, text: text is None or conv.expand_string(text) == "",
        "Format": lambda ctx, fmt, *args: ctx.format_operator(fmt, list(args)),
        "Concat": lambda ctx, *args: "".join(conv.expand_string(a) for a in args)}), "string")
    register_type(PSType("System.Char", conv.to_char, lambda v: isinstance(v, str) and len(v) == 1), "char")
    register_type(PSType("System.Boolean", conv.to_bool, lambda v: isinstance(v, bool)), "bool", "boolean")
    register_type(PSType("System.DateTime", conv.to_datetime, lambda v: isinstance(v, datetime), {
        "Now": lambda ctx: ctx.lab_now(), "Today": lambda ctx: ctx.lab_now().replace(hour=0, minute=0, second=0),
        "UtcNow": lambda ctx: ctx.lab_now(), "MinValue": lambda ctx: datetime(1, 1, 1),
        "MaxValue": lambda ctx: datetime(9999, 12, 31, 23, 59, 59)},
        {"Parse": _datetime_parse}), "datetime")
    register_type(PSType("System.TimeSpan", conv.to_timespan, lambda v: isinstance(v, timedelta), {
        "Zero": lambda ctx: timedelta(0), "MaxValue": lambda ctx: conv.TIMESPAN_MAX,
        "MinValue": lambda ctx: -conv.TIMESPAN_MAX - timedelta(microseconds=1)}, {
        "FromSeconds": lambda ctx, n: _timespan_from(n, "seconds"),
        "FromMinutes": lambda ctx, n: _timespan_from(n, "minutes"),
        "FromHours": lambda ctx, n: _timespan_from(n, "hours"),
        "FromDays": lambda ctx, n: _timespan_from(n, "days"),
        "FromMilliseconds": lambda ctx, n: _timespan_from(n, "milliseconds")}), "timespan")
    register_type(PSType("System.Object", _to_object, lambda v: v is not None, base_type=None), "object", "psobject")
    register_type(PSType("System.Management.Automation.PSCustomObject", _to_psobject,
                         lambda v: isinstance(v, PSCustomObject)), "pscustomobject")
    register_type(PSType("System.Array", _to_array, lambda v: isinstance(v, list)), "array")
    register_type(PSType("System.Collections.Hashtable", conv.to_hashtable, lambda v: isinstance(v, Hashtable)),
                  "hashtable")
    register_type(PSType("System.Security.SecureString", conv.to_secure_string,
                         lambda v: isinstance(v, SecureString)), "securestring")
    register_type(PSType("System.Management.Automation.SwitchParameter", lambda v: conv.SwitchValue(conv.to_bool(v)),
                         lambda v: isinstance(v, conv.SwitchValue)), "switch")
    register_type(PSType("System.Text.RegularExpressions.Regex", regex.to_regex, lambda v: isinstance(v, RegexValue),
                         static_methods=regex.STATIC_METHODS), "regex")
    register_type(PSType("System.Guid", lambda v: GuidValue(conv.expand_string(v)), lambda v: isinstance(v, GuidValue),
                         static_methods={"NewGuid": _guid}), "guid")
    register_type(PSType("System.Void", lambda v: None, lambda v: False), "void")
    register_type(PSType("System.Math", _no_cast("System.Math"), lambda v: False, {
        "PI": lambda ctx: math.pi, "E": lambda ctx: math.e}, {
        "Max": lambda ctx, a, b: max(conv.to_number(a), conv.to_number(b)),
        "Min": lambda ctx, a, b: min(conv.to_number(a), conv.to_number(b)),
        "Abs": lambda ctx, a: abs(conv.to_number(a)),
        "Round": lambda ctx, a, digits=0: _round(conv.to_number(a), conv.to_int(digits)),
        "Floor": lambda ctx, a: _whole(math.floor, a),
        "Ceiling": lambda ctx, a: _whole(math.ceil, a),
        "Sqrt": lambda ctx, a: _sqrt(conv.to_double(a)),
        "Pow": lambda ctx, a, b: _pow(conv.to_double(a), conv.to_double(b)),
        "Truncate": lambda ctx, a: _whole(math.trunc, a)}), "math")
    register_type(PSType("System.Convert", _no_cast("System.Convert"), lambda v: False, {}, {
        "ToBase64String": lambda ctx, data: base64.b64encode(to_bytes(data)).decode("ascii"),
        "FromBase64String": lambda ctx, text: _from_base64(conv.expand_string(text)),
        "ToInt32": lambda ctx, v, base=None: _to_int32(v) if base is None else _int32_in_base(v, conv.to_int(base)),
        "ToString": lambda ctx, v: conv.expand_string(v)}), "convert")
    register_type(PSType("System.IO.File", _no_cast("System.IO.File"), lambda v: False, {}, {
        "ReadAllBytes": _read_all_bytes, "WriteAllBytes": _write_all_bytes, "ReadAllText": _read_all_text,
        "Exists": lambda ctx, path: ctx.path_exists(conv.expand_string(path))}), "io.file")
    register_type(PSType("System.Text.Encoding", _no_cast("System.Text.Encoding"), lambda v: isinstance(v, Encoding),
                         {name: (lambda ctx, e=enc: e) for name, enc in _ENCODINGS.items()}), "text.encoding")
    register_type(PSType("System.Environment", _no_cast("System.Environment"), lambda v: False, {
        "MachineName": lambda ctx: ctx.computer, "NewLine": lambda ctx: "\r\n",
        "UserName": lambda ctx: "Administrator", "UserDomainName": lambda ctx: ctx.domain_netbios()}))
    register_type(PSType("System.Byte[]", to_bytes, lambda v: isinstance(v, (bytes, bytearray))), "byte[]")


def _to_byte(value: Any) -> int:
    number = conv.to_int(value)
    if not 0 <= number < 256:
        raise conv.ConversionError(
            f'Cannot convert value "{to_string(value)}" to type "System.Byte". Error: '
            f'"Value was either too large or too small for an unsigned byte."')
    return number


def _to_int32(value: Any) -> int:
    return _int32_parse(None, value) if isinstance(value, str) else conv.to_int(value)


def _int32_in_base(value: Any, base: int) -> int:
    """Convert.ToInt32(text, base): digits of base 2, 8, 10 or 16; hex and binary wrap as 32-bit patterns."""
    if base not in (2, 8, 10, 16):
        raise conv.ConversionError("Invalid Base.", "ArgumentException")
    text = conv.expand_string(value).strip()
    if base == 16 and text[:2].lower() == "0x":
        text = text[2:]
    try:
        number = int(text, base) if text and text[0] not in "+-_" and "_" not in text else None
    except ValueError:
        number = None
    if number is None:
        raise conv.ConversionError("Could not find any recognizable digits.", "FormatException")
    if base != 10 and number < 2**32:
        return number - 2**32 if number >= 2**31 else number
    if not -(2**31) <= number < 2**31:
        raise conv.ConversionError("Value was either too large or too small for an Int32.", "OverflowException")
    return number


def _round(value: Any, digits: int) -> float:
    if not 0 <= digits <= 15:
        raise conv.ConversionError("Rounding digits must be between 0 and 15, inclusive.\r\nParameter name: digits",
                                   "ArgumentOutOfRangeException")
    if isinstance(value, float) and not math.isfinite(value):
        return value
    return float(round(Decimal(str(value)), digits))


def _whole(rounding: Callable[[float], int], value: Any) -> float:
    """Math.Floor/Ceiling/Truncate of a Double: NaN and the infinities come back unchanged."""
    number = conv.to_double(value)
    return float(rounding(number)) if math.isfinite(number) else number


def _sqrt(number: float) -> float:
    return math.sqrt(number) if number >= 0 or math.isnan(number) else math.nan


def _pow(base: float, exponent: float) -> float:
    """Math.Pow: IEEE results (Infinity on overflow, NaN for a negative base's fractional power)."""
    try:
        result = base ** exponent
    except OverflowError:
        return math.inf if base > 0 or exponent % 2 != 1 else -math.inf
    except ZeroDivisionError:  # 0 ** negative
        return math.inf
    return math.nan if isinstance(result, complex) else result


def _from_base64(text: str) -> bytes:
    compact = re.sub(r"[ \t\r\n]", "", text)
    if not re.fullmatch(r"[A-Za-z0-9+/]*={0,2}", compact):
        raise conv.ConversionError("Invalid character in a Base-64 string.", "FormatException")
    try:
        return base64.b64decode(compact, validate=True)
    except (ValueError, base64.binascii.Error):
        raise conv.ConversionError("Invalid length for a Base-64 char array.", "FormatException") from None


def _no_cast(name: str) -> Callable[[Any], Any]:
    def convert(value: Any) -> Any:
        raise conv.ConversionError(
            f'Cannot convert the "{to_string(value)}" value of type "{type_names(value)[0] if type_names(value) else ""}" '
            f'to type "{name}".')

    return convert


_install_builtin_types()


__all__ = [
    "PSType", "TypeValue", "register_type", "register_enum", "resolve_type", "cast", "is_instance",
    "UnknownType", "RegexValue", "GuidValue", "Encoding", "to_bytes", "PSEnum", "PSFlags",
]
