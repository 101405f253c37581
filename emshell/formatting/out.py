"""Out-Default / Out-Host / Out-String / Out-File: objects and format records -> lines.

`OutputFormatter` is one Out-Default for a whole command line: state (the open table, the
view fixed by the first object) spans statements (§C2). Raw objects go through the default
shaper; records from Format-* cmdlets are written as they come. Framing follows [WPS]
`BaseOutputtingCommand` (§C3): FormatStart, GroupEnd and FormatEnd each write an empty line,
a table's GroupStart writes the header, a list's GroupStart and each list entry one more.
"""
from __future__ import annotations

from typing import Any, Iterable

from emshell.engine.objects import type_name
from emshell.formatting.context import FormatContext
from emshell.formatting.listwriter import list_lines
from emshell.formatting.records import (
    RECORD_TYPES, FormatEnd, FormatStart, GroupStart, ListEntry, Record, TableRow,
    TextEntry,
)
from emshell.formatting.shape import DefaultShaper
from emshell.formatting.tablewriter import TableLayout
from emshell.formatting.text import hard_wrap


class FormatSequenceError(Exception):
    """Format records out of order, e.g. `Get-Date; Get-Process | Format-Table` on one line.

    The engine reports it as an error of `out-lineoutput` (error id and category below).
    """

    error_id = "ConsoleLineOutputOutOfSequencePacket"
    category = "InvalidData"
    command_name = "out-lineoutput"

    def __init__(self, record: Record) -> None:
        self.message = (
            f'Object of type "{type_name(record)}" is not legal or not in the correct sequence. '
            f'This is likely caused by a user-specified "format-{record.shape}" command which is '
            "conflicting with the default formatting."
        )
        super().__init__(self.message)


class OutputFormatter:
    """Streaming Out-Default: `feed` each pipeline object, `close` at the end of the line.

    `columns` is the usable line width: console buffer width - 1 by default (§C7); Out-String
    and Out-File pass their own.
    """

    def __init__(self, ctx: FormatContext, columns: int | None = None) -> None:
        self.ctx = ctx
        self.columns = columns if columns is not None else ctx.columns
        self.default = DefaultShaper(ctx)
        self.open: FormatStart | None = None
        self.table: TableLayout | None = None

    def feed(self, obj: Any) -> list[str]:
        """Lines for one pipeline object; collections are unrolled one level."""
        lines: list[str] = []
        for item in obj if isinstance(obj, (list, tuple)) else (obj,):
            records = [item] if isinstance(item, RECORD_TYPES) else self.default.feed([item])
            for record in records:
                lines += self.write(record)
        return lines

    def close(self) -> list[str]:
        return [line for record in self.default.close() for line in self.write(record)]

    def write(self, record: Record) -> list[str]:
        """The lines of one format record, checking that it comes in sequence."""
        if isinstance(record, FormatStart):
            return self._start(record)
        if isinstance(record, (ListEntry, TextEntry)) and record.out_of_band:
            return self._out_of_band(record)
        if self.open is None or self.open.shape != record.shape:
            raise FormatSequenceError(record)
        if isinstance(record, GroupStart):
            return self._group_start(record)
        if isinstance(record, TableRow):
            assert self.table is not None
            return self.table.row(record.cells)
        if isinstance(record, ListEntry):
            return list_lines(record.items, self.columns) + [""]
        if isinstance(record, TextEntry):
            return self._text(record)
        if isinstance(record, FormatEnd):
            self.open = self.table = None
        return [""]  # GroupEnd and FormatEnd

    def _start(self, record: FormatStart) -> list[str]:
        if self.open is not None:
            raise FormatSequenceError(record)
        self.open = record
        if record.shape == "table":
            self.table = TableLayout(record.columns, self.columns, record.wrap)
        return [""]

    def _group_start(self, record: GroupStart) -> list[str]:
        """A group header is framed by empty lines; an auto-sized group brings its own widths."""
        assert self.open is not None
        header = ["", *(piece for line in record.header for piece in hard_wrap(line, self.columns)), ""] \
            if record.header else []
        if self.open.shape == "list":
            return header or [""]
        if record.columns:
            self.table = TableLayout(record.columns, self.columns, self.open.wrap)
        if self.table is not None and not self.open.hide_headers:
            return header + self.table.header()
        return header

    def _out_of_band(self, record: ListEntry | TextEntry) -> list[str]:
        """Written without disturbing the open table; a list is framed by empty lines (§C2)."""
        if isinstance(record, ListEntry):
            return [""] + list_lines(record.items, self.columns) + [""]
        return self._text(record)

    def _text(self, record: TextEntry) -> list[str]:
        if not record.cut:
            return list(record.lines)
        return [piece for line in record.lines for piece in hard_wrap(line, self.columns)]


def format_lines(objects: Iterable[Any], ctx: FormatContext, columns: int | None = None) -> list[str]:
    """Everything a command line's output prints (Out-String's text, one line per item)."""
    formatter = OutputFormatter(ctx, columns)
    lines = [line for obj in objects for line in formatter.feed(obj)]
    return lines + formatter.close()
