"""PowerShell's view of values: type names, properties and ToString.

Scalars are plain Python values (str, int, float, bool, None, datetime, timedelta, bytes);
arrays are Python lists; hashtables are `Hashtable`; everything richer is a `PSObject`.
The formatting layer and the engine ask this module, never the value itself, what a value
is called in PowerShell and how it prints.
"""
from __future__ import annotations

import enum
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, ClassVar, Iterable, Iterator

INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


class ExtendedMember:
    """A member added with Add-Member whose value is computed when read (ScriptProperty,
    AliasProperty). It sits among the note properties, so it is listed and formatted with them."""

    member_type = "ScriptProperty"

    def get(self, owner: "PSObject") -> Any:
        raise NotImplementedError

    def set(self, owner: "PSObject", value: Any) -> None:
        raise NotImplementedError

    def definition(self, name: str) -> str:
        return name


class PSObject:
    """A rich object: ordered PowerShell properties plus note properties.

    Subclasses declare `TYPE_NAMES` (most derived first) and `PROPERTIES` (the visible
    property order); each property is read with `getattr(self, Name)`. `DEFAULT_DISPLAY`
    is the DefaultDisplayPropertySet used when no view exists for the type.
    """

    TYPE_NAMES: ClassVar[tuple[str, ...]] = ("System.Object",)
    PROPERTIES: ClassVar[tuple[str, ...]] = ()
    DEFAULT_DISPLAY: ClassVar[tuple[str, ...] | None] = None
    _lookup_cache: ClassVar[dict[type, dict[str, str]]] = {}

    def ps_type_names(self) -> tuple[str, ...]:
        extra = self.__dict__.get("_type_names")
        return tuple(extra) + self.TYPE_NAMES if extra else self.TYPE_NAMES

    def ps_add_type_name(self, name: str) -> None:
        """Insert a type name at the front (Select-Object's `Selected.X`, Add-Member -TypeName)."""
        self.__dict__.setdefault("_type_names", []).insert(0, name)

    # -- properties ---------------------------------------------------------------------
    def _declared(self) -> dict[str, str]:
        cls = type(self)
        table = PSObject._lookup_cache.get(cls)
        if table is None:
            table = {name.lower(): name for name in cls.PROPERTIES}
            PSObject._lookup_cache[cls] = table
        return table

    def _notes(self) -> dict[str, Any]:
        return self.__dict__.setdefault("_note_values", {})

    def ps_property_names(self) -> list[str]:
        return list(self.PROPERTIES) + list(self._notes().keys())

    def ps_canonical(self, name: str) -> str | None:
        """The property's real spelling, or None when the object has no such property."""
        declared = self._declared().get(name.lower())
        if declared is not None:
            return declared
        for note in self._notes():
            if note.lower() == name.lower():
                return note
        return None

    def ps_has(self, name: str) -> bool:
        return self.ps_canonical(name) is not None

    def ps_get(self, name: str) -> Any:
        canonical = self.ps_canonical(name)
        if canonical is None:
            raise KeyError(name)
        notes = self._notes()
        if canonical in notes:
            value = notes[canonical]
            return value.get(self) if isinstance(value, ExtendedMember) else value
        return getattr(self, canonical)

    def ps_set(self, name: str, value: Any) -> None:
        canonical = self.ps_canonical(name)
        if canonical is None:
            raise KeyError(name)
        notes = self._notes()
        if canonical in notes and isinstance(notes[canonical], ExtendedMember):
            notes[canonical].set(self, value)
        elif canonical in notes:
            notes[canonical] = value
        else:
            setattr(self, canonical, value)

    def ps_add_note(self, name: str, value: Any) -> None:
        self._notes()[name] = value

    def ps_settable(self, name: str) -> bool:
        """Whether assignment to the property is allowed (read-only unless a subclass says so)."""
        canonical = self.ps_canonical(name)
        return canonical is not None and canonical in self._notes()

    def ps_display_properties(self) -> list[str]:
        """Properties a view-less formatter shows: DefaultDisplayPropertySet, else all."""
        if self.DEFAULT_DISPLAY:
            return list(self.DEFAULT_DISPLAY)
        return self.ps_property_names()

    # -- methods ------------------------------------------------------------------------
    def ps_script_methods(self) -> dict[str, Any]:
        """Methods added with Add-Member -MemberType ScriptMethod: name -> callable(*args)."""
        return self.__dict__.setdefault("_script_methods", {})

    def ps_methods(self) -> dict[str, Any]:
        """Extra .NET-style methods callable from PowerShell (`$x.GetNetworkCredential()`)."""
        return {}

    def ps_to_string(self) -> str:
        return self.ps_type_names()[0]

    def __str__(self) -> str:  # pragma: no cover - convenience for debugging
        return self.ps_to_string()


class PSCustomObject(PSObject):
    """An object made of note properties only (Select-Object, New-Object PSObject, [pscustomobject])."""

    TYPE_NAMES = ("System.Management.Automation.PSCustomObject", "System.Object")

    def __init__(self, values: Iterable[tuple[str, Any]] | dict[str, Any] = ()) -> None:
        items = values.items() if isinstance(values, dict) else values
        for name, value in items:
            self.ps_add_note(name, value)

    def ps_settable(self, name: str) -> bool:
        return self.ps_has(name)

    def ps_to_string(self) -> str:
        parts = [f"{name}={to_string(self.ps_get(name))}" for name in self.ps_property_names()]
        return "@{" + "; ".join(parts) + "}"


class Hashtable:
    """PowerShell's @{} : case-insensitive keys, insertion order kept for display."""

    TYPE_NAMES = ("System.Collections.Hashtable", "System.Object")

    def __init__(self, items: Iterable[tuple[Any, Any]] = ()) -> None:
        self._data: dict[Any, tuple[Any, Any]] = {}
        for key, value in items:
            self[key] = value

    @staticmethod
    def _norm(key: Any) -> Any:
        if isinstance(key, str):
            return ("s", key.lower())
        if isinstance(key, list):
            return ("r", id(key))  # an array key is compared by reference, as .NET hashes arrays
        return ("o", key)

    def __setitem__(self, key: Any, value: Any) -> None:
        norm = self._norm(key)
        existing = self._data.get(norm)
        self._data[norm] = (existing[0] if existing else key, value)

    def __getitem__(self, key: Any) -> Any:
        return self._data[self._norm(key)][1]

    def get(self, key: Any, default: Any = None) -> Any:
        entry = self._data.get(self._norm(key))
        return entry[1] if entry else default

    def __contains__(self, key: Any) -> bool:
        return self._norm(key) in self._data

    def __delitem__(self, key: Any) -> None:
        del self._data[self._norm(key)]

    def __len__(self) -> int:
        return len(self._data)

    def keys(self) -> list[Any]:
        return [k for k, _ in self._data.values()]

    def values(self) -> list[Any]:
        return [v for _, v in self._data.values()]

    def items(self) -> list[tuple[Any, Any]]:
        return list(self._data.values())

    def __iter__(self) -> Iterator[Any]:
        return iter(self.keys())

    def copy(self) -> "Hashtable":
        return Hashtable(self.items())


class DictionaryEntry(PSObject):
    """One hashtable entry as the formatter sees it (Name/Key, Value)."""

    TYPE_NAMES = ("System.Collections.DictionaryEntry", "System.ValueType", "System.Object")
    PROPERTIES = ("Name", "Key", "Value")

    def __init__(self, key: Any, value: Any) -> None:
        self.Key = key
        self.Name = key
        self.Value = value

    def ps_to_string(self) -> str:
        return "System.Collections.DictionaryEntry"


class SecureString:
    """A password that never prints. Only the PKI code asks for the clear text."""

    TYPE_NAMES = ("System.Security.SecureString", "System.Object")

    def __init__(self, value: str) -> None:
        self.__value = value

    def reveal(self) -> str:
        """The clear text, for code that must use it (PFX passwords); never for display."""
        return self.__value

    @property
    def Length(self) -> int:
        return len(self.__value)

    def __repr__(self) -> str:
        return "SecureString(****)"

    def __reduce__(self):  # never pickle a secret by accident
        raise TypeError("SecureString cannot be serialised")


class PSEnum(enum.Enum):
    """A .NET enum; a subclass names its .NET type in `__ps_type__` (the class name otherwise)."""

    @classmethod
    def ps_type_name(cls) -> str:
        return getattr(cls, "__ps_type__", cls.__name__)

    def ps_to_string(self) -> str:
        return self.name


class PSFlags(enum.IntFlag):
    """A .NET [Flags] enum: prints as member names in ascending bit order joined by ', '."""

    @classmethod
    def ps_type_name(cls) -> str:
        return getattr(cls, "__ps_type__", cls.__name__)

    def ps_to_string(self) -> str:
        value = int(self)
        if value == 0:
            zero = [m for m in type(self).__members__.values() if int(m) == 0]
            return zero[0].name if zero else "0"
        names = []
        for member in sorted(type(self).__members__.values(), key=int):
            bit = int(member)
            if bit and bit & (bit - 1) == 0 and value & bit:
                names.append(member.name)
        return ", ".join(names)


def is_enum(value: Any) -> bool:
    return isinstance(value, (PSEnum, PSFlags))


def type_names(value: Any) -> tuple[str, ...]:
    """The type-name chain PowerShell reports for a value (most derived first)."""
    if value is None:
        return ()
    if isinstance(value, PSObject):
        return value.ps_type_names()
    if isinstance(value, bool):
        return ("System.Boolean", "System.ValueType", "System.Object")
    if isinstance(value, int) and not is_enum(value):
        if INT32_MIN <= value <= INT32_MAX:
            name = "System.Int32"
        elif INT64_MIN <= value <= INT64_MAX:
            name = "System.Int64"
        else:
            name = "System.Decimal"
        return (name, "System.ValueType", "System.Object")
    if isinstance(value, float):
        return ("System.Double", "System.ValueType", "System.Object")
    if isinstance(value, Decimal):
        return ("System.Decimal", "System.ValueType", "System.Object")
    if isinstance(value, str):
        return ("System.String", "System.Object")
    if isinstance(value, datetime):
        return ("System.DateTime", "System.ValueType", "System.Object")
    if isinstance(value, timedelta):
        return ("System.TimeSpan", "System.ValueType", "System.Object")
    if isinstance(value, (bytes, bytearray)):
        return ("System.Byte[]", "System.Array", "System.Object")
    if isinstance(value, list):  # a list subclass (ArrayList) names its own type
        return tuple(getattr(value, "TYPE_NAMES", ("System.Object[]", "System.Array", "System.Object")))
    if is_enum(value):
        return (type(value).ps_type_name(), "System.Enum", "System.ValueType", "System.Object")
    names = getattr(value, "TYPE_NAMES", None)
    if names:
        return tuple(names)
    return ("System.Object",)


def type_name(value: Any) -> str:
    names = type_names(value)
    return names[0] if names else ""


def short_type_name(value: Any) -> str:
    """`System.String` -> `String` (as CategoryInfo and some messages print it)."""
    return type_name(value).rsplit(".", 1)[-1]


# Types that are never formatted as objects: written with ToString on their own line.
SCALAR_TYPES = frozenset(
    {
        "System.String", "System.SByte", "System.Byte", "System.Int16", "System.UInt16",
        "System.Int32", "System.UInt32", "System.Int64", "System.UInt64", "System.Char",
        "System.Single", "System.Double", "System.Boolean", "System.Decimal", "System.IntPtr",
        "System.Security.SecureString",
    }
)


def is_scalar(value: Any) -> bool:
    """Well-known types PowerShell writes with ToString() instead of a table or list."""
    if value is None:
        return False
    if is_enum(value):
        return True
    return type_name(value) in SCALAR_TYPES


# -- ToString (current culture: en-US) ------------------------------------------------------

def format_double(value: float) -> str:
    """.NET Framework Double.ToString(): 15 significant digits, `E+XX` exponents."""
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    text = "%.15G" % value
    if "E" in text:
        mantissa, exponent = text.split("E")
        sign = exponent[0]
        digits = exponent[1:].lstrip("0").rjust(2, "0")
        text = f"{mantissa}E{sign}{digits}"
    return text


def format_datetime(value: datetime) -> str:
    """en-US general date/time: `M/d/yyyy h:mm:ss tt`."""
    hour12 = value.hour % 12 or 12
    ampm = "AM" if value.hour < 12 else "PM"
    return f"{value.month}/{value.day}/{value.year} {hour12}:{value.minute:02d}:{value.second:02d} {ampm}"


def format_datetime_invariant(value: datetime) -> str:
    """Invariant culture (string expansion, [string] casts): `MM/dd/yyyy HH:mm:ss`."""
    return value.strftime("%m/%d/%Y %H:%M:%S")


def format_timespan(value: timedelta) -> str:
    """TimeSpan.ToString(): `[-][d.]hh:mm:ss[.fffffff]`."""
    ticks = (value.days * 86400 + value.seconds) * 10_000_000 + value.microseconds * 10
    sign = "-" if ticks < 0 else ""
    ticks = abs(ticks)
    total_seconds, fraction = divmod(ticks, 10_000_000)
    days, rest = divmod(total_seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    text = f"{hours:02d}:{minutes:02d}:{seconds:02d}"
    if days:
        text = f"{days}.{text}"
    if fraction:
        text += f".{fraction:07d}"
    return sign + text


def to_string(value: Any) -> str:
    """Value.ToString() in the current culture (en-US), as the formatter uses it."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "True" if value else "False"
    if is_enum(value):
        return value.ps_to_string()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return format_double(value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, timedelta):
        return format_timespan(value)
    if isinstance(value, PSObject):
        return value.ps_to_string()
    if isinstance(value, (bytes, bytearray)):
        return "System.Byte[]"
    if isinstance(value, list):
        return type_names(value)[0]
    if isinstance(value, Hashtable):
        return "System.Collections.Hashtable"
    method = getattr(value, "ps_to_string", None)
    if method is not None:
        return method()
    return type_name(value) or str(value)
