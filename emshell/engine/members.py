"""Member access on values: `$x.Name`, `$x.Method(...)`, `[Type]::Member`.

Python values get the .NET members PowerShell scripts commonly use (String, DateTime, arrays,
hashtables ...); `PSObject`s expose their declared properties and `ps_methods()`. Missing
properties read as $null, as in PowerShell; missing methods raise `MemberError` with its text.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, Callable

from emshell.engine import conversion as conv
from emshell.formatting import netformat
from emshell.engine.objects import (
    DictionaryEntry, Hashtable, PSEnum, PSFlags, PSObject, SecureString, is_enum, to_string, type_name,
)
from emshell.engine.types import PSType, TypeValue, resolve_type


# `Exception calling "Parse" with "1" argument(s): "<the method's own exception message>"`
_METHOD_FAILURE = re.compile(r'Exception calling "[^"]*" with "\d+" argument\(s\): "(.*)"', re.DOTALL)


class MemberError(Exception):
    """A failed member access. For a method that ran and threw (MethodInvocationException),
    `inner_type` names the .NET exception it threw."""

    def __init__(self, message: str, error_id: str = "MethodNotFound", inner_type: str | None = None) -> None:
        super().__init__(message)
        self.error_id = error_id
        self.inner_type = inner_type

    def wrapped(self) -> tuple[str, str] | None:
        """(type, message) of the exception a MethodInvocationException wraps."""
        match = _METHOD_FAILURE.fullmatch(str(self)) if self.error_id == "MethodInvocationException" else None
        return (self.inner_type or "Exception", match.group(1)) if match else None


def _string_methods(s: str) -> dict[str, Callable[..., Any]]:
    text = lambda v: conv.expand_string(v)  # noqa: E731
    return {
        "ToUpper": lambda: s.upper(),
        "ToLower": lambda: s.lower(),
        "ToUpperInvariant": lambda: s.upper(),
        "ToLowerInvariant": lambda: s.lower(),
        "Trim": lambda chars=None: s.strip(text(chars)) if chars is not None else s.strip(),
        "TrimStart": lambda chars=None: s.lstrip(text(chars)) if chars is not None else s.lstrip(),
        "TrimEnd": lambda chars=None: s.rstrip(text(chars)) if chars is not None else s.rstrip(),
        "Split": lambda *seps: _split(s, seps),
        "Substring": lambda start, length=None: _substring(s, start, length),
        "Replace": lambda old, new: s.replace(_old_value(old), text(new)),
        "Contains": lambda part: text(part) in s,
        "StartsWith": lambda part, *_: s.startswith(text(part)),
        "EndsWith": lambda part, *_: s.endswith(text(part)),
        "IndexOf": lambda part, start=0: s.find(_not_null(part, "value"), _index(s, start, _BAD_INDEX)),
        "LastIndexOf": lambda part: s.rfind(text(part)),
        "PadLeft": lambda width, char=" ": s.rjust(_pad_width(width), text(char)),
        "PadRight": lambda width, char=" ": s.ljust(_pad_width(width), text(char)),
        "Insert": lambda index, part: _insert(s, _index(s, index, _OUT_OF_RANGE), _not_null(part, "value")),
        "Remove": lambda start, count=None: _remove(s, conv.to_int(start), count),
        "ToCharArray": lambda: list(s),
        "CompareTo": lambda other: (s > text(other)) - (s < text(other)),
        "Equals": lambda other: s == text(other),
        "Normalize": lambda *_: s,
    }


def _split(s: str, seps: tuple) -> list[str]:
    if not seps:
        return s.split(" ") if s else [""]
    chars: list[str] = []
    for sep in seps:
        for item in conv.to_list(sep):
            chars.extend(conv.expand_string(item))
    parts = [""]
    for c in s:
        if c in chars:
            parts.append("")
        else:
            parts[-1] += c
    return parts


_BAD_INDEX = "Index was out of range. Must be non-negative and less than the size of the collection."
_OUT_OF_RANGE = "Specified argument was out of the range of valid values."


def _argument_error(message: str, parameter: str, exception: str = "ArgumentOutOfRangeException",
                    ) -> conv.ConversionError:
    """A .NET ArgumentException as its message reads: the text, then the parameter's name."""
    return conv.ConversionError(f"{message}\r\nParameter name: {parameter}", exception)


def _not_null(value: Any, parameter: str) -> str:
    if value is None:
        raise _argument_error("Value cannot be null.", parameter, "ArgumentNullException")
    return conv.expand_string(value)


def _old_value(value: Any) -> str:
    old = _not_null(value, "oldValue")
    if not old:
        raise _argument_error("String cannot be of zero length.", "oldValue", "ArgumentException")
    return old


def _index(s: str, value: Any, message: str) -> int:
    index = conv.to_int(value)
    if not 0 <= index <= len(s):
        raise _argument_error(message, "startIndex")
    return index


def _pad_width(value: Any) -> int:
    width = conv.to_int(value)
    if width < 0:
        raise _argument_error("Non-negative number required.", "totalWidth")
    return conv.check_allocation(width)


def _insert(s: str, index: int, part: str) -> str:
    return s[:index] + part + s[index:]


def _remove(s: str, start: int, count: Any) -> str:
    if start < 0:
        raise _argument_error("StartIndex cannot be less than zero.", "startIndex")
    if count is None:
        if start >= len(s):
            raise _argument_error("startIndex must be less than length of string.", "startIndex")
        return s[:start]
    length = conv.to_int(count)
    if length < 0:
        raise _argument_error("Count cannot be less than zero.", "count")
    if start + length > len(s):
        raise _argument_error("Index and count must refer to a location within the string.", "count")
    return s[:start] + s[start + length:]


def _substring(s: str, start: Any, length: Any) -> str:
    begin = conv.to_int(start)
    if begin < 0 or begin > len(s):
        raise MemberError('Exception calling "Substring" with "1" argument(s): "startIndex cannot be larger than '
                          'length of string.\r\nParameter name: startIndex"', "MethodInvocationException",
                          "ArgumentOutOfRangeException")
    if length is None:
        return s[begin:]
    count = conv.to_int(length)
    if count < 0 or begin + count > len(s):
        raise MemberError('Exception calling "Substring" with "2" argument(s): "Index and length must refer to a '
                          'location within the string.\r\nParameter name: length"', "MethodInvocationException",
                          "ArgumentOutOfRangeException")
    return s[begin:begin + count]


_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _date_properties(d: datetime) -> dict[str, Any]:
    """Get-Date's DisplayHint note and the ETS DateTime first, then .NET's properties in declaration order."""
    midnight = d.replace(hour=0, minute=0, second=0, microsecond=0)
    hint = vars(d).get("display_hint") if hasattr(d, "__dict__") else None  # a note of this instance only
    notes = {"DisplayHint": hint} if hint is not None else {}
    return {
        **notes, "DateTime": netformat.long_date_time(d), "Date": midnight, "Day": d.day,
        "DayOfWeek": _DAYS[d.weekday()], "DayOfYear": d.timetuple().tm_yday, "Hour": d.hour, "Kind": "Local",
        "Millisecond": d.microsecond // 1000, "Minute": d.minute, "Month": d.month, "Second": d.second,
        "Ticks": _ticks(d), "TimeOfDay": d - midnight, "Year": d.year,
    }


def _ticks(d: datetime) -> int:
    return ((d - datetime(1, 1, 1)) // timedelta(microseconds=1)) * 10


def _date_methods(d: datetime) -> dict[str, Callable[..., Any]]:
    return {
        "AddDays": lambda n: _add_time(d, n, "days"),
        "AddHours": lambda n: _add_time(d, n, "hours"),
        "AddMinutes": lambda n: _add_time(d, n, "minutes"),
        "AddSeconds": lambda n: _add_time(d, n, "seconds"),
        "AddMilliseconds": lambda n: _add_time(d, n, "milliseconds"),
        "AddMonths": lambda n: _add_months(d, conv.to_int(n)),
        "AddYears": lambda n: _add_years(d, conv.to_int(n)),
        "ToString": lambda fmt=None: netformat.format_datetime(d, conv.expand_string(fmt)) if fmt else to_string(d),
        "ToShortDateString": lambda: netformat.format_datetime(d, "d"),
        "ToLongDateString": lambda: netformat.format_datetime(d, "D"),
        "ToShortTimeString": lambda: netformat.format_datetime(d, "t"),
        "ToLongTimeString": lambda: netformat.format_datetime(d, "T"),
        "ToUniversalTime": lambda: d,
        "ToLocalTime": lambda: d,
        "Subtract": lambda other: d - other if isinstance(other, datetime)
        else conv.shift_date(d, -conv.to_timespan(other)),
        "CompareTo": lambda other: (d > other) - (d < other),
        "Equals": lambda other: d == other,
    }


def _add_time(d: datetime, amount: Any, unit: str) -> datetime:
    try:
        delta = timedelta(**{unit: conv.to_double(amount)})
    except (OverflowError, ValueError):  # beyond any DateTime (or NaN), as DateTime.Add reports it
        raise _argument_error("Value to add was out of range.", "value") from None
    return conv.shift_date(d, delta)


def _add_years(d: datetime, years: int) -> datetime:
    if not -10000 <= years <= 10000:
        raise _argument_error("Years value must be between +/-10000.", "years")
    return _add_months(d, 12 * years)


def _add_months(d: datetime, months: int) -> datetime:
    if not -120000 <= months <= 120000:
        raise _argument_error("Months value must be between +/-120000.", "months")
    index = d.month - 1 + months
    year, month = d.year + index // 12, index % 12 + 1
    if not 1 <= year <= 9999:
        raise _argument_error(conv.DATE_ARITHMETIC, "months")
    for day in (d.day, 30, 29, 28):
        try:
            return d.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    return d


def _timespan_properties(t: timedelta) -> dict[str, Any]:
    total = t.total_seconds()
    sign = -1 if total < 0 else 1
    whole = abs(t)
    return {
        "Days": sign * whole.days, "Hours": sign * (whole.seconds // 3600), "Minutes": sign * (whole.seconds // 60 % 60),
        "Seconds": sign * (whole.seconds % 60), "Milliseconds": sign * (whole.microseconds // 1000),
        "Ticks": int(total * 10_000_000), "TotalDays": total / 86400, "TotalHours": total / 3600,
        "TotalMinutes": total / 60, "TotalSeconds": total, "TotalMilliseconds": total * 1000,
    }


def _number_methods(n: Any) -> dict[str, Callable[..., Any]]:
    return {
        "ToString": lambda fmt=None: netformat.format_value(n, conv.expand_string(fmt)) if fmt else to_string(n),
        "CompareTo": lambda other: (n > conv.to_number(other)) - (n < conv.to_number(other)),
        "Equals": lambda other: n == conv.to_number(other),
    }


def _list_methods(items: list) -> dict[str, Callable[..., Any]]:
    return {
        "Contains": lambda value: value in items,
        "IndexOf": lambda value: items.index(value) if value in items else -1,
        "Clone": lambda: list(items),
        "Add": lambda value: _fixed_size(),
    }


def _fixed_size() -> None:
    raise MemberError('Exception calling "Add" with "1" argument(s): "Collection was of a fixed size."',
                      "MethodInvocationException", "NotSupportedException")


def _hashtable_methods(h: Hashtable) -> dict[str, Callable[..., Any]]:
    return {
        "ContainsKey": lambda key: key in h,
        "Contains": lambda key: key in h,
        "ContainsValue": lambda value: value in h.values(),
        "Add": lambda key, value: _hashtable_add(h, key, value),
        "Remove": lambda key: h.__delitem__(key) if key in h else None,
        "Clear": lambda: [h.__delitem__(k) for k in list(h.keys())] and None,
        "GetEnumerator": lambda: [DictionaryEntry(k, v) for k, v in h.items()],
        "Clone": lambda: h.copy(),
    }


def _hashtable_add(h: Hashtable, key: Any, value: Any) -> None:
    if key in h:
        raise MemberError(
            f'Exception calling "Add" with "2" argument(s): "Item has already been added. Key in dictionary: '
            f"'{to_string(key)}'  Key being added: '{to_string(key)}'\"", "MethodInvocationException",
            "ArgumentException")
    h[key] = value


# -- public API ----------------------------------------------------------------------------------------
def native_properties(value: Any) -> dict[str, Any] | None:
    """Properties of non-PSObject values, or None when the value has none we model."""
    if isinstance(value, str):
        return {"Length": len(value)}
    if isinstance(value, datetime):
        return _date_properties(value)
    if isinstance(value, timedelta):
        return _timespan_properties(value)
    if isinstance(value, list):
        return {"Count": len(value), "Length": len(value), "Rank": 1, "IsReadOnly": False, "IsFixedSize": True}
    if isinstance(value, (bytes, bytearray)):
        return {"Count": len(value), "Length": len(value)}
    if isinstance(value, Hashtable):
        return {"Count": len(value), "Keys": value.keys(), "Values": value.values(), "IsReadOnly": False}
    if isinstance(value, SecureString):
        return {"Length": value.Length}
    if is_enum(value):
        return {"value__": int(value.value) if isinstance(value, PSEnum) else int(value)}
    return None


def get_property(value: Any, name: str) -> Any:
    """`$value.Name`; $null when there is no such property (member enumeration for arrays)."""
    if value is None:
        return None
    if isinstance(value, PSObject):
        return value.ps_get(name) if value.ps_has(name) else None
    if isinstance(value, Hashtable):
        if name in value:
            return value[name]
    props = native_properties(value)
    if props is not None:
        for key, item in props.items():
            if key.lower() == name.lower():
                return item
    if isinstance(value, list):
        collected = [get_property(item, name) for item in value]
        collected = [item for item in collected if item is not None]
        return collected[0] if len(collected) == 1 else (collected or None)
    names = getattr(value, "TYPE_NAMES", None)
    if names is not None:
        for attr in dir(value):
            if attr.lower() == name.lower() and not attr.startswith("_"):
                return getattr(value, attr)
    return None


def get_property_or_null(value: Any, name: str) -> Any:
    """A formatter's read: a property whose getter fails (a script property that throws) shows
    empty, as PowerShell's formatters show it, instead of stopping the whole table or list."""
    try:
        return get_property(value, name)
    except MemberError:
        return None


def property_names(value: Any) -> list[str]:
    if isinstance(value, PSObject):
        return value.ps_property_names()
    props = native_properties(value)
    return list(props) if props else []


def display_property_names(value: Any) -> list[str]:
    """DefaultDisplayPropertySet, else every property (what a view-less formatter shows)."""
    if isinstance(value, PSObject):
        return value.ps_display_properties()
    return property_names(value)


def set_property(value: Any, name: str, new_value: Any) -> None:
    if isinstance(value, Hashtable):
        value[name] = new_value
        return
    if isinstance(value, PSObject):
        if value.ps_has(name) and value.ps_settable(name):
            value.ps_set(name, new_value)
            return
        if value.ps_has(name):
            raise MemberError(f"'{value.ps_canonical(name)}' is a ReadOnly property.", "PropertyAssignmentException")
    raise MemberError(f"Property '{name}' cannot be found on this object; make sure it exists and is settable.",
                      "PropertyAssignmentException")


def invoke_method(value: Any, name: str, args: list[Any], ctx: Any) -> Any:
    """`$value.Name(args)`."""
    methods = _methods_of(value, ctx)
    from emshell.lab.errors import LabError

    for key, method in methods.items():
        if key.lower() == name.lower():
            try:
                return method(*args)
            except TypeError:
                raise MemberError(
                    f'Cannot find an overload for "{key}" and the argument count: "{len(args)}".',
                    "MethodCountCouldNotFindBest") from None
            except (LabError, conv.ConversionError) as error:
                raise _method_failure(key, args, error) from None
    if value is None:
        raise MemberError("You cannot call a method on a null-valued expression.", "InvokeMethodOnNull")
    raise MemberError(f"Method invocation failed because [{type_name(value)}] doesn't contain a method named "
                      f"'{name}'.", "MethodNotFound")


def _method_failure(name: str, args: list[Any], error: Exception) -> MemberError:
    """.NET wraps an exception thrown by a method this way (MethodInvocationException)."""
    return MemberError(f'Exception calling "{name}" with "{len(args)}" argument(s): "{error}"',
                       "MethodInvocationException", getattr(error, "exception_type", None))


def _methods_of(value: Any, ctx: Any) -> dict[str, Callable[..., Any]]:
    common: dict[str, Callable[..., Any]] = {
        "GetType": lambda: TypeValue(_type_of(value)),
        "ToString": lambda *a: to_string(value),
        "GetHashCode": lambda: hash(str(value)) & 0x7FFFFFFF,
        "Equals": lambda other: value == other,
    }
    if value is None:
        return {}
    if isinstance(value, str):
        common.update(_string_methods(value))
    elif isinstance(value, datetime):
        common.update(_date_methods(value))
    elif isinstance(value, (int, float, Decimal)) and not isinstance(value, bool) and not is_enum(value):
        common.update(_number_methods(value))
    elif isinstance(value, list):
        common.update(_list_methods(value))
    elif isinstance(value, Hashtable):
        common.update(_hashtable_methods(value))
    elif isinstance(value, PSFlags):
        common["HasFlag"] = lambda flag: bool(value & conv.to_enum(flag, type(value)))
    if isinstance(value, PSObject) or hasattr(value, "ps_methods"):
        for key, method in value.ps_methods().items():
            common[key] = (lambda m: lambda *a: m(ctx, *a))(method)
    if isinstance(value, PSObject):
        common.update(value.ps_script_methods())
    return common


def _type_of(value: Any) -> PSType:
    name = type_name(value)
    try:
        return resolve_type(name)
    except Exception:
        return PSType(name, lambda v: v, lambda v: False)


def get_static(ps_type: PSType, name: str, ctx: Any) -> Any:
    for key, getter in ps_type.static_properties.items():
        if key.lower() == name.lower():
            return getter(ctx)
    return None


def invoke_static(ps_type: PSType, name: str, args: list[Any], ctx: Any) -> Any:
    from emshell.lab.errors import LabError

    for key, method in ps_type.static_methods.items():
        if key.lower() == name.lower():
            try:
                return method(ctx, *args)
            except TypeError:
                raise MemberError(f'Cannot find an overload for "{key}" and the argument count: "{len(args)}".',
                                  "MethodCountCouldNotFindBest") from None
            except (LabError, conv.ConversionError) as error:
                raise _method_failure(key, args, error) from None
    raise MemberError(f"Method invocation failed because [{ps_type.full_name}] doesn't contain a method named "
                      f"'{name}'.", "MethodNotFound")
