"""Value -> display text, as table cells and list values show it (`SmartToString`, §C6)."""
from __future__ import annotations

from typing import Any, Iterable

from emshell.engine.objects import Hashtable, to_string
from emshell.formatting.netformat import FormatError, composite_format, format_value

NULL_ELEMENT = "$null"  # a null element of a collection (`objName = "$null"`, §C6)


def elements(value: Any) -> Iterable[Any] | None:
    """The items SmartToString enumerates, or None for a non-collection.

    Dictionaries count as collections; they show their keys (assumption, see docs/fidelity.md).
    """
    if isinstance(value, (list, tuple)):
        return value
    if isinstance(value, (bytes, bytearray)):
        return list(value)
    if isinstance(value, Hashtable):
        return value.keys()
    return None


def collection_text(items: Iterable[Any], limit: int) -> str:
    """`{a, b, c...}`: at most `limit` items, `...` right after the last one shown."""
    shown: list[str] = []
    for item in items:
        if 0 <= limit == len(shown):
            return "{" + ", ".join(shown) + "...}"
        shown.append(NULL_ELEMENT if item is None else to_string(item))
    return "{" + ", ".join(shown) + "}"


def smart_to_string(value: Any, limit: int) -> str:
    """Collections as `{...}` (nested ones by type name), everything else by ToString."""
    items = elements(value)
    if items is not None:
        return collection_text(items, limit)
    return to_string(value)


def format_field(value: Any, format_string: str | None, limit: int) -> str:
    """A calculated property's value with its FormatString applied (FormatField, §C6).

    A directive containing `{0` or `}` is a composite format, any other one goes to
    `value.ToString(directive)`; either way collections are not expanded. A value the
    directive cannot format falls back to its plain display text.
    """
    if not format_string:
        return smart_to_string(value, limit)
    try:
        if "{0" in format_string or "}" in format_string:
            return composite_format(format_string, [value])
        return format_value(value, format_string)
    except FormatError:
        return smart_to_string(value, limit)
