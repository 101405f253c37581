"""Format-Table, Format-List and the default formatting as streaming shapers.

A shaper takes objects one at a time (`feed`) and returns format records (records.py);
`close` ends the stream. The first in-band object fixes the layout; later objects that
the layout does not apply to are written out of band (§C2).
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, Callable, Iterable, Sequence

from emshell.engine.objects import DictionaryEntry, Hashtable, is_scalar, to_string, type_names
from emshell.formatting.context import FormatContext
from emshell.formatting.records import (
    ColumnHeader, FormatEnd, FormatStart, GroupEnd, GroupStart, ListEntry, Record, TableRow,
    TextEntry,
)
from emshell.formatting.properties import Field, field_text, field_value, parse_properties, resolve
from emshell.formatting.text import Alignment, ELLIPSIS, split_lines
from emshell.formatting.views import CustomView, ListView, Shape, TableView, View, WideView, find_view

PROPERTY_COUNT_FOR_TABLE = 4   # <= 4 display properties -> table, else list (§C1 step 2)
MAX_GENERATED_COLUMNS = 10     # a table built from *all* properties shows 10 (§C1 step 3)


def default_alignment(value: Any) -> Alignment:
    """Strings and objects left, other well-known scalars (numbers, Booleans, enums) right (§C5)."""
    return "right" if is_scalar(value) and not isinstance(value, str) else "left"


def expand(obj: Any) -> Iterable[Any]:
    """One level of enumeration; hashtables become DictionaryEntry objects (§C1 step 5)."""
    if isinstance(obj, (list, tuple)):
        for item in obj:
            yield from (_entries(item) if isinstance(item, Hashtable) else (item,))
    else:
        yield from _entries(obj) if isinstance(obj, Hashtable) else (obj,)


def _entries(table: Hashtable) -> Iterable[DictionaryEntry]:
    return (DictionaryEntry(key, value) for key, value in table.items())


def _out_of_band_view(obj: Any) -> CustomView | None:
    match = find_view(type_names(obj), "custom")
    if match is not None and isinstance(match[1], CustomView) and match[1].out_of_band:
        return match[1]
    return None


def text_entry(obj: Any) -> TextEntry:
    """A scalar or property-less object: its ToString, line by line, out of band (§C1 step 4)."""
    return TextEntry(tuple(split_lines(to_string(obj))), out_of_band=True, cut=False)


# -- shapers --------------------------------------------------------------------------------

class Stream(ABC):
    """Per-object routing shared by every shaper: nulls, out-of-band views, plain values."""

    def __init__(self, ctx: FormatContext, explicit: bool = False, force: bool = False) -> None:
        self.ctx = ctx
        self.explicit = explicit  # a -Property list: scalars are formatted as objects too
        self.force = force        # -Force: out-of-band views (ErrorRecord) are formatted too

    def feed(self, obj: Any) -> list[Record]:
        out: list[Record] = []
        for item in expand(obj):
            out += self._route(self._one(item))
        return out

    def _route(self, records: list[Record]) -> list[Record]:
        return records

    def _one(self, item: Any) -> list[Record]:
        if item is None:
            return []
        view = None if self.force else _out_of_band_view(item)
        if view is not None:
            return [TextEntry(tuple(view.render(item)), out_of_band=True)]
        if not self.explicit and self._plain(item):
            return [text_entry(item)]
        return self.handle(item)

    def _plain(self, item: Any) -> bool:
        if is_scalar(item):
            return True
        return find_view(type_names(item)) is None and not self.ctx.display_property_names(item)

    @abstractmethod
    def handle(self, item: Any) -> list[Record]:
        """Records for an object that is formatted (not written as plain text)."""

    @abstractmethod
    def close(self) -> list[Record]:
        """Records that end the stream."""


class Shaper(Stream):
    """One shape: the first object fixes the layout (`_begin`), each object makes `_entry`."""

    shape: Shape

    def __init__(self, ctx: FormatContext, explicit: bool = False, force: bool = False) -> None:
        super().__init__(ctx, explicit, force)
        self.view_type: str | None = None  # set when a declared view is in use
        self.started = False

    def handle(self, item: Any) -> list[Record]:
        if not self.started:
            self.started = True
            return self._begin(item) + self._entry(item)
        if self.view_type is not None and self.view_type.lower() not in (
                name.lower() for name in type_names(item)):
            return [self._out_of_band_list(item)]
        return self._entry(item)

    def close(self) -> list[Record]:
        return [GroupEnd(self.shape), FormatEnd(self.shape)] if self.started else []

    def _out_of_band_list(self, item: Any) -> Record:
        """An object the declared view does not apply to: a list of its display properties."""
        names = self.ctx.display_property_names(item)
        if is_scalar(item) or not names:
            return text_entry(item)
        items = tuple((n, field_text(Field(n, n), item, self.ctx)) for n in names)
        return ListEntry(items, out_of_band=True)

    @abstractmethod
    def _begin(self, item: Any) -> list[Record]:
        """Fix the layout from the first object; return the start records."""

    @abstractmethod
    def _entry(self, item: Any) -> list[Record]:
        """The entry for one object."""


class TableShaper(Shaper):
    """Format-Table (`-AutoSize`, `-Wrap`, `-HideTableHeaders`)."""

    shape: Shape = "table"

    def __init__(self, ctx: FormatContext, properties: Sequence[Any] | None = None,
                 auto_size: bool = False, wrap: bool = False, hide_headers: bool = False,
                 force: bool = False, view: tuple[str, View] | None = None, group_by: Any = None) -> None:
        super().__init__(ctx, explicit=bool(properties), force=force)
        self.specs = parse_properties(properties, "table", ctx) if properties else None
        self.auto_size, self.wrap, self.hide_headers = auto_size, wrap, hide_headers
        self.view = view
        self.fields: list[Field] = []
        self.columns: list[ColumnHeader] = []
        self.pending: list[Record] = []   # -AutoSize: everything from the first row on
        self.group = _group_field(group_by, ctx) if group_by is not None else None
        self.group_key: str | None = None
        self.group_control: Callable[[Any], Sequence[str]] | None = None

    def _begin(self, item: Any) -> list[Record]:
        self.fields, declared = self._fields_for(item)
        self.columns = [ColumnHeader(f.label, f.width, self._alignment(f, item, declared))
                        for f in self.fields]
        return [] if self.auto_size else self._start_records()

    def _alignment(self, field: Field, item: Any, declared: bool) -> Alignment:
        """Declared views default to left; generated columns follow the first object's value."""
        if field.alignment is not None:
            return field.alignment
        return "left" if declared else default_alignment(field_value(field, item, self.ctx))

    def _fields_for(self, item: Any) -> tuple[list[Field], bool]:
        """(fields, whether they come from a declared view)."""
        if self.specs is not None:
            return resolve(self.specs, item, self.ctx, keep_missing=True), False
        match = self.view or find_view(type_names(item), "table")
        if match is not None and isinstance(match[1], TableView):
            self.view_type = match[0]
            group_by = match[1].group_by
            if group_by is not None and self.group is None:
                self.group = Field(group_by.label, group_by.value)
                self.group_control = group_by.control
            return [Field(c.label, c.value, c.format_string, c.width, c.alignment)
                    for c in match[1].columns], True
        names = self.ctx.display_property_names(item)
        if names == self.ctx.property_names(item):
            names = names[:MAX_GENERATED_COLUMNS]
        return [Field(n, n) for n in names], False

    def _start_records(self) -> list[Record]:
        start = FormatStart("table", tuple(self.columns), self.hide_headers, self.wrap)
        return [start] if self.group is not None else [start, GroupStart("table")]

    def _entry(self, item: Any) -> list[Record]:
        row = TableRow(tuple(field_text(f, item, self.ctx) for f in self.fields))
        return self._group_change(item) + [row]

    def _group_change(self, item: Any) -> list[Record]:
        """A grouped table starts a group, headed `   Label: value`, whenever the value changes."""
        if self.group is None:
            return []
        key = field_text(self.group, item, self.ctx)
        if key == self.group_key:
            return []
        previous, self.group_key = self.group_key, key
        header = self.group_control(item) if self.group_control else (f"   {self.group.label}: {key}",)
        start = GroupStart("table", header=tuple(header))
        return [start] if previous is None else [GroupEnd("table"), start]

    def _route(self, records: list[Record]) -> list[Record]:
        """-AutoSize needs every row before the widths are known: hold them until close."""
        if self.auto_size and self.started:
            self.pending += records
            return []
        return records

    def close(self) -> list[Record]:
        if not (self.auto_size and self.started):
            return super().close()
        if self.group is not None:
            return self._start_records() + self._sized_groups() + super().close()
        self.columns = self._sized(self.pending)
        return self._start_records() + self.pending + super().close()

    def _sized(self, records: list[Record]) -> list[ColumnHeader]:
        rows = [r for r in records if isinstance(r, TableRow)]
        return [ColumnHeader(c.label, self._widest(i, c.label, rows), c.alignment)
                for i, c in enumerate(self.columns)]

    def _sized_groups(self) -> list[Record]:
        """Out-Default sizes an auto-sized table one group at a time: each group gets its widths."""
        starts = [i for i, r in enumerate(self.pending) if isinstance(r, GroupStart)]
        out: list[Record] = []
        for n, index in enumerate(starts):
            end = starts[n + 1] if n + 1 < len(starts) else len(self.pending)
            segment = self.pending[index + 1:end]
            start = self.pending[index]
            assert isinstance(start, GroupStart)
            out += [GroupStart("table", start.header, tuple(self._sized(segment)))] + segment
        return out

    def _widest(self, index: int, label: str, rows: list[TableRow]) -> int:
        return max([len(label)] + [_cell_width(row.cells[index], self.wrap) for row in rows])


def _group_field(spec: Any, ctx: FormatContext) -> Field:
    """Format-Table -GroupBy: a property name or a calculated property."""
    (parsed,) = parse_properties([spec], "table", ctx)
    return Field(parsed, parsed) if isinstance(parsed, str) else parsed


def _cell_width(text: str, wrap: bool) -> int:
    """Display width of a cell: its longest line with -Wrap, else the first line plus `...`."""
    lines = split_lines(text)
    if wrap:
        return max(len(line) for line in lines)
    return len(lines[0]) + (len(ELLIPSIS) if len(lines) > 1 else 0)



class WideShaper(Shaper):
    """Format-Wide: one value per object, laid out across the line in equal columns (written as a
    headerless table, which is how its columns share the console width)."""

    shape: Shape = "table"

    def __init__(self, ctx: FormatContext, prop: Any = None, columns: int | None = None,
                 auto_size: bool = False, force: bool = False) -> None:
        super().__init__(ctx, explicit=True, force=force)
        self.specs = parse_properties([prop], "table", ctx) if prop is not None else None
        self.count = columns if columns and columns > 0 else None
        self.auto_size = auto_size and self.count is None
        self.field: Field | None = None
        self.cells: list[str] = []

    def _begin(self, item: Any) -> list[Record]:
        self.field = self._field_for(item)
        if self.auto_size:
            return []
        self.count = self.count or 2
        return self._start_records(0)

    def _field_for(self, item: Any) -> Field | None:
        """-Property, else the type's wide view, else the first display property (None: the value)."""
        if self.specs is not None:
            return resolve(self.specs, item, self.ctx, keep_missing=True)[0]
        match = find_view(type_names(item), "wide")
        if match is not None and isinstance(match[1], WideView):
            self.view_type = match[0]
            return Field("", match[1].value)
        if is_scalar(item):
            return None
        name = _display_name_property(self.ctx.property_names(item)) or \
            next(iter(self.ctx.display_property_names(item)), None)
        return Field(name, name) if name else None

    def _start_records(self, width: int) -> list[Record]:
        columns = tuple(ColumnHeader("", width, "left") for _ in range(self.count or 1))
        return [FormatStart("table", columns, hide_headers=True), GroupStart("table")]

    def _entry(self, item: Any) -> list[Record]:
        self.cells.append(field_text(self.field, item, self.ctx) if self.field else to_string(item))
        if self.auto_size or len(self.cells) < (self.count or 0):
            return []
        row, self.cells = TableRow(tuple(self.cells)), []
        return [row]

    def close(self) -> list[Record]:
        if not self.started:
            return []
        if not self.auto_size:
            rest = [TableRow(tuple(self.cells + [""] * (self.count - len(self.cells))))] if self.cells else []
            return rest + super().close()
        widest = max(_cell_width(cell, False) for cell in self.cells)
        self.count = max(1, (self.ctx.columns + 1) // (widest + 1))  # as many as fit, one space apart
        cells = self.cells + [""] * (-len(self.cells) % self.count)
        rows = [TableRow(tuple(cells[i:i + self.count])) for i in range(0, len(cells), self.count)]
        return self._start_records(widest) + rows + super().close()

# PowerShell's guess at the property that names an object, in order of preference.
_NAME_PATTERNS = ("name", "id", "key", "*key", "*name", "*id")


def _display_name_property(names: Sequence[str]) -> str | None:
    from fnmatch import fnmatchcase

    for pattern in _NAME_PATTERNS:
        found = next((n for n in names if fnmatchcase(n.lower(), pattern)), None)
        if found is not None:
            return found
    return None


class ListShaper(Shaper):
    """Format-List (`*` lists every property)."""

    shape: Shape = "list"

    def __init__(self, ctx: FormatContext, properties: Sequence[Any] | None = None,
                 force: bool = False, view: tuple[str, View] | None = None) -> None:
        super().__init__(ctx, explicit=bool(properties), force=force)
        self.specs = parse_properties(properties, "list", ctx) if properties else None
        self.view = view
        self.items: list[Field] | None = None   # fixed by a declared view

    def _begin(self, item: Any) -> list[Record]:
        match = None if self.specs is not None else self.view or find_view(type_names(item), "list")
        if match is not None and isinstance(match[1], ListView):
            self.view_type = match[0]
            self.items = [Field(i.label, i.value, i.format_string) for i in match[1].items]
        return [FormatStart("list"), GroupStart("list")]

    def _entry(self, item: Any) -> list[Record]:
        fields = self.items or self._fields_for(item)
        return [ListEntry(tuple((f.label, field_text(f, item, self.ctx)) for f in fields))]

    def _fields_for(self, item: Any) -> list[Field]:
        """Without a view the property list is worked out again for every object (§C2)."""
        if self.specs is not None:
            return resolve(self.specs, item, self.ctx, keep_missing=False)
        return [Field(n, n) for n in self.ctx.display_property_names(item)]


class CustomShaper(Shaper):
    """A custom view such as DateTime's: one text block per object."""

    shape: Shape = "custom"

    def __init__(self, ctx: FormatContext, view: tuple[str, CustomView]) -> None:
        super().__init__(ctx)
        self.view_type, self.view = view

    def _begin(self, item: Any) -> list[Record]:
        return [FormatStart("custom"), GroupStart("custom")]

    def _entry(self, item: Any) -> list[Record]:
        return [TextEntry(tuple(self.view.render(item)))]


def _default_shaper(item: Any, ctx: FormatContext) -> Shaper:
    """§C1: the type's first declared view, else a table for <= 4 display properties, else a list."""
    match = find_view(type_names(item))
    if match is None:
        count = len(ctx.display_property_names(item))
        return TableShaper(ctx) if count <= PROPERTY_COUNT_FOR_TABLE else ListShaper(ctx)
    view = match[1]
    if isinstance(view, TableView):
        return TableShaper(ctx, view=match, auto_size=view.auto_size)
    if isinstance(view, ListView):
        return ListShaper(ctx, view=match)
    return CustomShaper(ctx, (match[0], view))


class DefaultShaper(Stream):
    """What Out-Default does with raw objects: the first formatted object picks the shaper."""

    def __init__(self, ctx: FormatContext) -> None:
        super().__init__(ctx)
        self.inner: Shaper | None = None

    def handle(self, item: Any) -> list[Record]:
        if self.inner is None:
            self.inner = _default_shaper(item, self.ctx)
        return self.inner.handle(item)

    def _route(self, records: list[Record]) -> list[Record]:
        """An auto-sized view holds its rows until the end, as -AutoSize does."""
        return self.inner._route(records) if self.inner is not None else records

    def close(self) -> list[Record]:
        return self.inner.close() if self.inner is not None else []

