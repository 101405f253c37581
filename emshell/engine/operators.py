"""PowerShell operators on values (about_Operators, about_Comparison_Operators; §A4).

Comparisons are case-insensitive unless `c`-prefixed; with an array on the left they filter;
the right operand is converted to the left operand's type.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, Callable

from emshell.engine import conversion as conv
from emshell.formatting import netformat
from emshell.engine.objects import Hashtable, is_enum, to_string


class OperatorError(Exception):
    def __init__(self, message: str, error_id: str = "RuntimeException") -> None:
        super().__init__(message)
        self.error_id = error_id


def _is_number(value: Any) -> bool:
    if type(value) in (int, float):  # the common case, without the subclass checks
        return True
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool) and not is_enum(value)


# -- arithmetic ---------------------------------------------------------------------------------
def add(left: Any, right: Any) -> Any:
    if left is None:
        return right
    if isinstance(left, str):
        return left + conv.expand_string(right)
    if isinstance(left, list):
        return left + (right if isinstance(right, list) else [right])
    if isinstance(left, Hashtable):
        if not isinstance(right, Hashtable):
            raise OperatorError("You can add another hash table only to a hash table.", "AddHashTableToNonHashTable")
        merged = left.copy()
        for key, value in right.items():
            if key in merged:
                raise OperatorError(f"Item has already been added. Key in dictionary: '{to_string(key)}'  Key being "
                                    f"added: '{to_string(key)}'", "ArgumentException")
            merged[key] = value
        return merged
    if isinstance(left, datetime):
        return left + conv.to_timespan(right)
    if isinstance(left, timedelta):
        return left + conv.to_timespan(right)
    return _arith(left, right, "+", lambda a, b: a + b)


def subtract(left: Any, right: Any) -> Any:
    if isinstance(left, datetime):
        if isinstance(right, datetime):
            return left - right
        return left - conv.to_timespan(right)
    if isinstance(left, timedelta):
        return left - conv.to_timespan(right)
    return _arith(left, right, "-", lambda a, b: a - b)


def multiply(left: Any, right: Any) -> Any:
    if isinstance(left, str):
        return left * conv.to_int(right)
    if isinstance(left, list):
        return left * conv.to_int(right)
    return _arith(left, right, "*", lambda a, b: a * b)


def divide(left: Any, right: Any) -> Any:
    def div(a: Any, b: Any) -> Any:
        if b == 0:
            raise OperatorError("Attempted to divide by zero.", "RuntimeException")
        if isinstance(a, int) and isinstance(b, int):
            return a // b if a % b == 0 else a / b
        return a / b

    return _arith(left, right, "/", div)


def modulo(left: Any, right: Any) -> Any:
    def mod(a: Any, b: Any) -> Any:
        if b == 0:
            raise OperatorError("Attempted to divide by zero.", "RuntimeException")
        result = abs(a) % abs(b)
        return -result if a < 0 else result

    return _arith(left, right, "%", mod)


def _arith(left: Any, right: Any, op: str, fn: Callable[[Any, Any], Any]) -> Any:
    try:
        a = conv.to_number(left)
        b = conv.to_number(right)
    except conv.ConversionError as error:
        if isinstance(left, (list, Hashtable)) or left is not None and not _is_number(left) and not isinstance(left, (str, bool)):
            raise OperatorError(f"Method invocation failed because [{_type(left)}] doesn't contain a method named "
                                f"'op_{_OP_NAMES[op]}'.", "MethodNotFound") from None
        raise OperatorError(str(error), "InvalidCastFromStringToInteger") from None
    if isinstance(a, Decimal) or isinstance(b, Decimal):
        a, b = Decimal(str(a)), Decimal(str(b))
    return fn(a, b)


_OP_NAMES = {"+": "Addition", "-": "Subtraction", "*": "Multiply", "/": "Division", "%": "Modulus"}


def _type(value: Any) -> str:
    from emshell.engine.objects import type_name

    return type_name(value)


# -- comparison --------------------------------------------------------------------------------
def _coerce_right(left: Any, right: Any) -> Any:
    if _is_number(left):
        try:
            return conv.to_number(right)
        except conv.ConversionError:
            return right
    if isinstance(left, str):
        return conv.expand_string(right)
    if isinstance(left, bool):
        return conv.to_bool(right)
    if isinstance(left, datetime) and isinstance(right, str):
        try:
            return conv.to_datetime(right)
        except conv.ConversionError:
            return right
    if is_enum(left) and isinstance(right, str):
        try:
            return conv.to_enum(right, type(left))
        except conv.ConversionError:
            return right
    return right


def equals(left: Any, right: Any, case_sensitive: bool = False) -> bool:
    right = _coerce_right(left, right)
    if isinstance(left, str) and isinstance(right, str):
        return left == right if case_sensitive else left.lower() == right.lower()
    if _is_number(left) and not _is_number(right):
        return False
    if left is None or right is None:
        return left is None and right is None
    try:
        return bool(left == right)
    except Exception:
        return False


def compare(left: Any, right: Any, case_sensitive: bool = False) -> int:
    right = _coerce_right(left, right)
    if isinstance(left, str) and isinstance(right, str):
        a, b = (left, right) if case_sensitive else (left.lower(), right.lower())
        return (a > b) - (a < b)
    if left is None:
        return 0 if right is None else -1
    if right is None:
        return 1
    try:
        return (left > right) - (left < right)
    except TypeError:
        a, b = conv.expand_string(left), conv.expand_string(right)
        return (a > b) - (a < b)


def wildcard_to_regex(pattern: str) -> str:
    """`-like` wildcards: `*`, `?`, `[a-z]`, backtick escapes."""
    out = ["^"]
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "`" and i + 1 < len(pattern):
            out.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        if c == "*":
            out.append(".*")
        elif c == "?":
            out.append(".")
        elif c == "[":
            end = pattern.find("]", i + 1)
            if end < 0:
                out.append(re.escape(c))
            else:
                out.append("[" + pattern[i + 1:end].replace("\\", "\\\\") + "]")
                i = end
        else:
            out.append(re.escape(c))
        i += 1
    out.append("$")
    return "".join(out)


def like(value: Any, pattern: Any, case_sensitive: bool = False) -> bool:
    flags = re.DOTALL | (0 if case_sensitive else re.IGNORECASE)
    return re.match(wildcard_to_regex(conv.expand_string(pattern)), conv.expand_string(value), flags) is not None


def dotnet_regex(pattern: str) -> str:
    """The .NET regex features PowerShell scripts use, in Python syntax (named groups)."""
    return re.sub(r"\(\?<([A-Za-z_]\w*)>", r"(?P<\1>", pattern)


def match(value: Any, pattern: Any, case_sensitive: bool = False) -> re.Match | None:
    flags = 0 if case_sensitive else re.IGNORECASE
    try:
        return re.search(dotnet_regex(conv.expand_string(pattern)), conv.expand_string(value), flags)
    except re.error as error:
        raise OperatorError(f'Invalid regular expression pattern: {conv.expand_string(pattern)}. ({error})',
                            "InvalidRegularExpression") from None


def matches_table(found: re.Match) -> Hashtable:
    """`$Matches` after a successful scalar -match."""
    table = Hashtable()
    table[0] = found.group(0)
    for index, group in enumerate(found.groups(), start=1):
        if group is not None:
            table[index] = group
    for name, group in found.groupdict().items():
        if group is not None:
            table[name] = group
    return table


def replace(value: Any, arguments: Any, case_sensitive: bool = False) -> str:
    items = arguments if isinstance(arguments, list) else [arguments]
    pattern = conv.expand_string(items[0]) if items else ""
    replacement = conv.expand_string(items[1]) if len(items) > 1 else ""
    flags = 0 if case_sensitive else re.IGNORECASE
    python_replacement = re.sub(r"\$(\d+)|\$\{(\w+)\}|\\", _replacement_group, replacement)
    try:
        return re.sub(dotnet_regex(pattern), python_replacement, conv.expand_string(value), flags=flags)
    except re.error as error:
        raise OperatorError(f"Invalid regular expression pattern: {pattern}. ({error})",
                            "InvalidRegularExpression") from None


def _replacement_group(found: re.Match) -> str:
    if found.group(0) == "\\":
        return "\\\\"
    return f"\\g<{found.group(1) or found.group(2)}>"


def split(value: Any, separator: Any = None, case_sensitive: bool = False) -> list[str]:
    if separator is None:
        return [part for part in re.split(r"\s+", conv.expand_string(value).strip()) if part != ""] or [""]
    items = separator if isinstance(separator, list) else [separator]
    pattern = conv.expand_string(items[0])
    limit = conv.to_int(items[1]) if len(items) > 1 else 0
    flags = 0 if case_sensitive else re.IGNORECASE
    return re.split(dotnet_regex(pattern), conv.expand_string(value), maxsplit=max(limit - 1, 0), flags=flags)


def join(value: Any, separator: Any = "") -> str:
    return conv.expand_string(separator).join(conv.expand_string(item) for item in conv.to_list(value))


def format_operator(fmt: Any, args: Any) -> str:
    try:
        return netformat.composite_format(conv.expand_string(fmt), args if isinstance(args, list) else [args])
    except netformat.FormatError as error:
        raise OperatorError(str(error), "FormatError") from None


def value_range(start: Any, end: Any) -> list[int]:
    a, b = conv.to_int(start), conv.to_int(end)
    step = 1 if b >= a else -1
    if abs(b - a) > 50_000_000:
        raise OperatorError("The range is too large.", "RangeTooBig")
    return list(range(a, b + step, step))


# -- dispatch --------------------------------------------------------------------------------------
def _comparison(name: str) -> Callable[[Any, Any, bool], Any]:
    return {
        "eq": lambda a, b, cs: equals(a, b, cs),
        "ne": lambda a, b, cs: not equals(a, b, cs),
        "gt": lambda a, b, cs: compare(a, b, cs) > 0,
        "ge": lambda a, b, cs: compare(a, b, cs) >= 0,
        "lt": lambda a, b, cs: compare(a, b, cs) < 0,
        "le": lambda a, b, cs: compare(a, b, cs) <= 0,
        "like": lambda a, b, cs: like(a, b, cs),
        "notlike": lambda a, b, cs: not like(a, b, cs),
        "match": lambda a, b, cs: match(a, b, cs) is not None,
        "notmatch": lambda a, b, cs: match(a, b, cs) is None,
    }[name]


FILTERING = {"eq", "ne", "gt", "ge", "lt", "le", "like", "notlike", "match", "notmatch"}


def split_operator(op: str) -> tuple[str, bool]:
    """`-ceq` -> ("eq", True); `-ieq`/`-eq` -> ("eq", False)."""
    name = op.lstrip("-").lower()
    if name[0] in "ci" and name[1:] in FILTERING | {"contains", "notcontains", "in", "notin", "replace", "split"}:
        return name[1:], name[0] == "c"
    return name, False


def comparison(op: str, left: Any, right: Any) -> Any:
    """A comparison-class operator; arrays on the left filter (§A4)."""
    name, case_sensitive = split_operator(op)
    if name in FILTERING:
        test = _comparison(name)
        if isinstance(left, list):
            return [item for item in left if test(item, right, case_sensitive)]
        return test(left, right, case_sensitive)
    if name == "contains":
        return any(equals(item, right, case_sensitive) for item in conv.to_list(left))
    if name == "notcontains":
        return not any(equals(item, right, case_sensitive) for item in conv.to_list(left))
    if name == "in":
        return any(equals(item, left, case_sensitive) for item in conv.to_list(right))
    if name == "notin":
        return not any(equals(item, left, case_sensitive) for item in conv.to_list(right))
    if name == "replace":
        if isinstance(left, list):
            return [replace(item, right, case_sensitive) for item in left]
        return replace(left, right, case_sensitive)
    if name == "split":
        items = conv.to_list(left) if isinstance(left, list) else [left]
        out: list[str] = []
        for item in items:
            out.extend(split(item, right, case_sensitive))
        return out
    if name == "join":
        return join(left, right)
    raise OperatorError(f"The operator '{op}' is not supported.", "OperatorNotSupported")


def bitwise(op: str, left: Any, right: Any) -> Any:
    name = op.lstrip("-").lower()
    a, b = conv.to_int(left, 64), conv.to_int(right, 64)
    if name == "band":
        result = a & b
    elif name == "bor":
        result = a | b
    elif name == "bxor":
        result = a ^ b
    elif name == "shl":
        result = a << b
    else:
        result = a >> b
    if is_enum(left):
        try:
            return type(left)(result)
        except ValueError:
            return result
    return result
