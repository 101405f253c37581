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
from emshell.engine.objects import Hashtable, PSFlags, is_enum, to_string
from emshell.engine.regex import compile_pattern, regex_substitute


class OperatorError(Exception):
    """An operator failed; `exception_type` names the .NET exception behind it, if any."""

    def __init__(self, message: str, error_id: str = "RuntimeException", exception_type: str | None = None) -> None:
        super().__init__(message)
        self.error_id = error_id
        self.exception_type = exception_type


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
                existing = to_string(_stored_key(left, key))
                raise OperatorError(f"Item has already been added. Key in dictionary: '{existing}'  Key being "
                                    f"added: '{to_string(key)}'", "ArgumentException")
            merged[key] = value
        return merged
    if isinstance(left, datetime):
        return conv.shift_date(left, conv.to_timespan(right), "t")
    if isinstance(left, timedelta):
        return conv.checked_timespan(lambda: left + conv.to_timespan(right))
    return _arith(left, right, "+", lambda a, b: a + b)


def _stored_key(table: Hashtable, key: Any) -> Any:
    """The key as the hashtable holds it (`k` when `K` is being added): .NET names both."""
    probe = Hashtable([(key, None)])
    return next((existing for existing in table.keys() if existing in probe), key)


def subtract(left: Any, right: Any) -> Any:
    if isinstance(left, datetime):
        if isinstance(right, datetime):
            return left - right
        return conv.shift_date(left, -conv.to_timespan(right), "t")
    if isinstance(left, timedelta):
        return conv.checked_timespan(lambda: left - conv.to_timespan(right))
    return _arith(left, right, "-", lambda a, b: a - b)


def multiply(left: Any, right: Any) -> Any:
    if isinstance(left, (str, list)):
        times = conv.to_int(right)
        conv.check_allocation(len(left) * times)
        return left * times
    return _arith(left, right, "*", lambda a, b: a * b)


def divide(left: Any, right: Any) -> Any:
    def div(a: Any, b: Any) -> Any:
        if b == 0:
            raise OperatorError("Attempted to divide by zero.", "RuntimeException", "DivideByZeroException")
        if isinstance(a, int) and isinstance(b, int):
            return a // b if a % b == 0 else a / b
        return a / b

    return _arith(left, right, "/", div)


def modulo(left: Any, right: Any) -> Any:
    def mod(a: Any, b: Any) -> Any:
        if b == 0:
            raise OperatorError("Attempted to divide by zero.", "RuntimeException", "DivideByZeroException")
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
        raise OperatorError(str(error), "InvalidCastFromStringToInteger", error.exception_type) from None
    if isinstance(a, Decimal) or isinstance(b, Decimal) or _beyond_int64(a) or _beyond_int64(b):
        a, b = _as_decimal(a), _as_decimal(b)
        return fn(a, b)
    if type(a) is int and type(b) is int:
        # Int32 op Int32 is done in Int32, anything with an Int64 in Int64; a result that overflows
        # that type is computed again in Double, as PowerShell does ([int]::MaxValue + 1 -> Double).
        result = fn(a, b)
        if isinstance(result, int):
            limit = _INT32_LIMIT if -_INT32_LIMIT <= a < _INT32_LIMIT and -_INT32_LIMIT <= b < _INT32_LIMIT \
                else _INT64_LIMIT
            if not -limit <= result < limit:
                return fn(float(a), float(b))
        return result
    return fn(a, b)


_INT32_LIMIT = 2**31
_INT64_LIMIT = 2**63


def _beyond_int64(value: Any) -> bool:
    """Integers too large for Int64 stand for Decimal values (a literal like 79228162514264337593543950335)."""
    return type(value) is int and not -_INT64_LIMIT <= value < _INT64_LIMIT


def _as_decimal(value: Any) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(value) if isinstance(value, int) else Decimal(str(value))


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
        if case_sensitive:
            return _culture_compare(left, right)
        a, b = left.lower(), right.lower()
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


def _culture_compare(left: str, right: str) -> int:
    """String.Compare in the culture (case-sensitive): letters compare alphabetically first, and only
    strings that differ in case alone are ordered by it, lowercase first ("a" < "A" < "b" < "B")."""
    a, b = left.lower(), right.lower()
    if a != b:
        return (a > b) - (a < b)
    a, b = left.swapcase(), right.swapcase()  # lowercase letters become the smaller code points
    return (a > b) - (a < b)


def wildcard_to_regex(pattern: str) -> str:
    """`-like` wildcards: `*`, `?`, `[abc]` and `[a-z]` (no negation), backtick escapes.

    Characters inside brackets are literal except a `-` between two of them, so `[[]` matches `[`.
    A `[` without a closing `]`, or an empty `[]`, is taken literally (see docs/fidelity.md).
    """
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
            if end <= i + 1:
                out.append(re.escape(c))
            else:
                out.append(_bracket_class(pattern[i + 1:end]))
                i = end
        else:
            out.append(re.escape(c))
        i += 1
    out.append("$")
    return "".join(out)


def _bracket_class(contents: str) -> str:
    """A wildcard `[...]` as a regex class: every character escaped, `x-y` kept as a range."""
    parts: list[str] = []
    i = 0
    while i < len(contents):
        if i + 2 < len(contents) and contents[i + 1] == "-" and contents[i] <= contents[i + 2]:
            parts.append(f"{re.escape(contents[i])}-{re.escape(contents[i + 2])}")
            i += 3
        else:
            parts.append("\\" + contents[i] if contents[i] in "\\[]^-" else contents[i])
            i += 1
    return "[" + "".join(parts) + "]"


_LIKE_CACHE: dict[tuple[str, bool], re.Pattern] = {}


def like(value: Any, pattern: Any, case_sensitive: bool = False) -> bool:
    text = conv.expand_string(pattern)
    compiled = _LIKE_CACHE.get((text, case_sensitive))
    if compiled is None:
        flags = re.DOTALL | (0 if case_sensitive else re.IGNORECASE)
        compiled = re.compile(wildcard_to_regex(text), flags)
        if len(_LIKE_CACHE) < 4096:
            _LIKE_CACHE[(text, case_sensitive)] = compiled
    return compiled.match(conv.expand_string(value)) is not None


def _compile(pattern: str, flags: int) -> re.Pattern:
    """An operator's pattern; a bad one fails with .NET's ArgumentException text, as -match does."""
    try:
        return compile_pattern(pattern, flags)
    except conv.ConversionError as error:
        raise OperatorError(str(error), "System.ArgumentException", error.exception_type) from None


def match(value: Any, pattern: Any, case_sensitive: bool = False) -> re.Match | None:
    flags = 0 if case_sensitive else re.IGNORECASE
    return _compile(conv.expand_string(pattern), flags).search(conv.expand_string(value))


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
    compiled = _compile(pattern, 0 if case_sensitive else re.IGNORECASE)
    return regex_substitute(compiled, conv.expand_string(value), replacement)


SplitOptions = PSFlags("SplitOptions", [
    ("SimpleMatch", 1), ("RegexMatch", 2), ("CultureInvariant", 4), ("IgnorePatternWhitespace", 8),
    ("Multiline", 16), ("Singleline", 32), ("IgnoreCase", 64), ("ExplicitCapture", 128)])
SplitOptions.__ps_type__ = "System.Management.Automation.SplitOptions"


def split(value: Any, separator: Any = None, case_sensitive: bool = False) -> list[str]:
    """`-split`: unary on white space; binary `pattern[, max-substrings[, "options"]]` (about_Split)."""
    if separator is None:
        return [part for part in re.split(r"\s+", conv.expand_string(value).strip()) if part != ""] or [""]
    items = separator if isinstance(separator, list) else [separator]
    pattern = conv.expand_string(items[0]) if items else ""
    limit = conv.to_int(items[1]) if len(items) > 1 and items[1] is not None else 0
    options = conv.to_enum(items[2], SplitOptions) if len(items) > 2 and items[2] is not None else SplitOptions(0)
    if options & SplitOptions.SimpleMatch:
        if options & ~(SplitOptions.SimpleMatch | SplitOptions.IgnoreCase):
            raise OperatorError("The combination of options with the -split operator is not valid.",
                                "InvalidSplitOptionCombination")
        pattern = re.escape(pattern)
    elif (options & SplitOptions.Multiline) and (options & SplitOptions.Singleline):
        raise OperatorError("The combination of options with the -split operator is not valid.",
                            "InvalidSplitOptionCombination")
    else:
        if options & SplitOptions.ExplicitCapture:
            pattern = _without_unnamed_captures(pattern)
    flags = 0 if case_sensitive and not options & SplitOptions.IgnoreCase else re.IGNORECASE
    for option, flag in ((SplitOptions.Multiline, re.MULTILINE), (SplitOptions.Singleline, re.DOTALL),
                         (SplitOptions.IgnorePatternWhitespace, re.VERBOSE)):
        if options & option:
            flags |= flag
    text = conv.expand_string(value)
    if limit == 1:
        return [text]
    return _compile(pattern, flags).split(text, maxsplit=max(limit - 1, 0))


def _without_unnamed_captures(pattern: str) -> str:
    """RegexOptions.ExplicitCapture: `(...)` groups do not capture (escapes and classes left alone)."""
    out: list[str] = []
    i, in_class = 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(" and not pattern.startswith("?", i + 1):
            out.append("(?:")
            i += 1
            continue
        out.append(c)
        i += 1
    return "".join(out)


def join(value: Any, separator: Any = "") -> str:
    return conv.expand_string(separator).join(conv.expand_string(item) for item in conv.to_list(value))


def format_operator(fmt: Any, args: Any) -> str:
    try:
        return netformat.composite_format(conv.expand_string(fmt), args if isinstance(args, list) else [args])
    except netformat.FormatError as error:
        raise OperatorError(str(error), "FormatError") from None


def range_of(start: Any, end: Any) -> range:
    """The numbers of `start..end`, not yet made into an array."""
    a, b = conv.to_int(start), conv.to_int(end)
    step = 1 if b >= a else -1
    return range(a, b + step, step)


def value_range(start: Any, end: Any) -> list[int]:
    numbers = range_of(start, end)
    if len(numbers) > conv.ALLOCATION_LIMIT:
        raise OperatorError("The range is too large.", "RangeTooBig")
    return list(numbers)


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
