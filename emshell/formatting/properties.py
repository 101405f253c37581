"""Property lists of Format-Table / Format-List: names, wildcards, calculated properties.

`-Property` items are property names (wildcards allowed), script blocks, or hashtables
`@{Name|Label=...; Expression=...; FormatString=...; Width=...; Alignment=...}` whose keys
may be abbreviated to any prefix (about_Calculated_Properties lists which cmdlet takes which).
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any, Sequence

from emshell.engine.conversion import ConversionError, to_int
from emshell.engine.objects import Hashtable, to_string, type_name
from emshell.formatting.context import FormatContext
from emshell.formatting.render import format_field
from emshell.formatting.text import Alignment
from emshell.formatting.views import Shape, Value


class FormatSpecError(ValueError):
    """A bad calculated-property hashtable (the Format-* cmdlet reports it as its error)."""


@dataclass(frozen=True)
class Field:
    """A resolved column or list item."""

    label: str
    value: Value
    format_string: str | None = None
    width: int = 0
    alignment: Alignment | None = None


# -- property lists (-Property) -------------------------------------------------------------

_KEYS = {
    "table": ("name", "label", "expression", "formatstring", "width", "alignment"),
    "list": ("name", "label", "expression", "formatstring"),
}


def parse_properties(items: Sequence[Any], shape: Shape, ctx: FormatContext) -> list[str | Field]:
    """Names (wildcards allowed) stay strings; hashtables and script blocks become Fields."""
    specs: list[str | Field] = []
    for item in items:
        if isinstance(item, str):
            specs.append(item)
        elif isinstance(item, Hashtable):
            specs.append(_calculated(item, shape, ctx))
        else:
            problem = property_type_error(item)
            if problem:
                raise FormatSpecError(problem)
            specs.append(Field(to_string(item), functools.partial(ctx.evaluate, item)))
    return specs


_EXPRESSION_TYPES = ("System.String", "System.Management.Automation.ScriptBlock")


def property_type_error(value: Any) -> str | None:
    """The text PowerShell gives a -Property item that is neither a name, a script block nor a
    hashtable (`Select-Object 1`), else None."""
    kind = type_name(value)
    if kind in _EXPRESSION_TYPES or isinstance(value, Hashtable) or callable(value):
        return None
    return f"Cannot convert {kind} to one of the following types {{{', '.join(_EXPRESSION_TYPES)}}}."


def expression_type_error(value: Any) -> str | None:
    """The text PowerShell gives a calculated property whose Expression is neither a name nor a
    script block, else None."""
    kind = type_name(value)
    if kind in _EXPRESSION_TYPES or callable(value):  # a callable: a view's expression given from Python
        return None
    return (f"The Expression key has a type, {kind}, that is not valid; it must be one of the following types: "
            f"{{{', '.join(_EXPRESSION_TYPES)}}}.")


def _width(value: Any) -> int:
    try:
        return to_int(value)
    except ConversionError:
        raise FormatSpecError(f"The Width key has a type, {type_name(value)}, that is not valid; it must be of "
                              f"type System.Int32.") from None


def _calculated(table: Hashtable, shape: Shape, ctx: FormatContext) -> Field:
    """`@{n=...; e=...; f=...; w=...; a=...}`: any prefix of a key name is accepted."""
    keys: dict[str, Any] = {}
    for key, value in table.items():
        name = next((k for k in _KEYS[shape] if k.startswith(str(key).lower())), None)
        if not key or name is None:
            raise FormatSpecError(f"Illegal key {key}")
        keys[name] = value
    if "expression" not in keys:
        raise FormatSpecError("Missing mandatory key Expression")
    expression = keys["expression"]
    problem = expression_type_error(expression)
    if problem:
        raise FormatSpecError(problem)
    value: Value = (expression if isinstance(expression, str)
                    else functools.partial(ctx.evaluate, expression))
    label = keys.get("label", keys.get("name"))
    return Field(
        label=to_string(label if label is not None else expression),
        value=value,
        format_string=to_string(keys["formatstring"]) if "formatstring" in keys else None,
        width=_width(keys.get("width", 0)),
        alignment=_alignment(keys["alignment"]) if "alignment" in keys else None,
    )


def _alignment(value: Any) -> Alignment:
    text = to_string(value).lower()
    if text not in ("left", "center", "right"):
        raise FormatSpecError(f'Cannot convert value "{to_string(value)}" to type Alignment')
    return text  # type: ignore[return-value]


@functools.lru_cache(maxsize=256)
def _wildcard(pattern: str) -> re.Pattern[str]:
    """PowerShell wildcards: `*`, `?`, `[a-z]`, backtick escapes; case-insensitive."""
    out, index = [], 0
    while index < len(pattern):
        char = pattern[index]
        if char == "`" and index + 1 < len(pattern):
            index += 1
            out.append(re.escape(pattern[index]))
        elif char == "*":
            out.append(".*")
        elif char == "?":
            out.append(".")
        elif char == "[" and "]" in pattern[index + 1:]:
            end = pattern.index("]", index + 1)
            out.append("[" + pattern[index + 1:end].replace("\\", "\\\\") + "]")
            index = end
        else:
            out.append(re.escape(char))
        index += 1
    return re.compile("".join(out), re.IGNORECASE | re.DOTALL)


def resolve(specs: Sequence[str | Field], obj: Any, ctx: FormatContext,
            keep_missing: bool) -> list[Field]:
    """Expand wildcards against the object's properties; names get their real spelling.

    A missing name is kept as an empty column in a table and dropped from a list.
    """
    names = ctx.property_names(obj)
    fields: list[Field] = []
    for spec in specs:
        if isinstance(spec, Field):
            fields.append(spec)
            continue
        if any(c in spec for c in "*?["):
            fields += [Field(n, n) for n in names if _wildcard(spec).fullmatch(n)]
            continue
        canonical = next((n for n in names if n.lower() == spec.lower()), None)
        if canonical is not None or keep_missing:
            fields.append(Field(canonical or spec, canonical or spec))
    return fields


# -- values ---------------------------------------------------------------------------------

def field_value(field: Field, obj: Any, ctx: FormatContext) -> Any:
    if isinstance(field.value, str):
        return ctx.get_property(obj, field.value)
    return field.value(obj)


def field_text(field: Field, obj: Any, ctx: FormatContext) -> str:
    return format_field(field_value(field, obj, ctx), field.format_string, ctx.enumeration_limit)
