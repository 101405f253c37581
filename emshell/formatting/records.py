"""Format records: what Format-Table / Format-List write into the pipeline for Out-* to render.

A formatted stream is FormatStart, GroupStart, entries, GroupEnd, FormatEnd (PowerShell's
FormatStartData ... FormatEndData, so `Get-Date | Format-Table | Measure-Object` counts 5).
Entries hold finished cell and value texts; only the line width is left to the writer.
Out-of-band entries may appear anywhere, inside or outside a group.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Union

from emshell.formatting.text import Alignment
from emshell.formatting.views import Shape

_NS = "Microsoft.PowerShell.Commands.Internal.Format."


@dataclass(frozen=True)
class ColumnHeader:
    label: str
    width: int          # 0: take a share of the line (§C5)
    alignment: Alignment


@dataclass(frozen=True)
class FormatStart:
    shape: Shape
    columns: tuple[ColumnHeader, ...] = ()
    hide_headers: bool = False
    wrap: bool = False
    TYPE_NAMES: ClassVar[tuple[str, ...]] = (_NS + "FormatStartData", "System.Object")


@dataclass(frozen=True)
class GroupStart:
    """A group; a grouped view's group carries its header (`   TypeName: X`) and, when the table
    is auto-sized, the widths of this group's columns (each group is sized on its own)."""

    shape: Shape
    header: tuple[str, ...] = ()
    columns: tuple[ColumnHeader, ...] = ()
    TYPE_NAMES: ClassVar[tuple[str, ...]] = (_NS + "GroupStartData", "System.Object")


@dataclass(frozen=True)
class TableRow:
    cells: tuple[str, ...]
    shape: ClassVar[Shape] = "table"
    out_of_band: ClassVar[bool] = False
    TYPE_NAMES: ClassVar[tuple[str, ...]] = (_NS + "FormatEntryData", "System.Object")


@dataclass(frozen=True)
class ListEntry:
    items: tuple[tuple[str, str], ...]   # (label, value text)
    out_of_band: bool = False
    shape: ClassVar[Shape] = "list"
    TYPE_NAMES: ClassVar[tuple[str, ...]] = (_NS + "FormatEntryData", "System.Object")


@dataclass(frozen=True)
class TextEntry:
    """Custom-view text (cut at the line width when written) or a ToString line (written as is)."""

    lines: tuple[str, ...]
    out_of_band: bool = False
    cut: bool = True
    shape: ClassVar[Shape] = "custom"
    TYPE_NAMES: ClassVar[tuple[str, ...]] = (_NS + "FormatEntryData", "System.Object")


@dataclass(frozen=True)
class GroupEnd:
    shape: Shape
    TYPE_NAMES: ClassVar[tuple[str, ...]] = (_NS + "GroupEndData", "System.Object")


@dataclass(frozen=True)
class FormatEnd:
    shape: Shape
    TYPE_NAMES: ClassVar[tuple[str, ...]] = (_NS + "FormatEndData", "System.Object")


Record = Union[FormatStart, GroupStart, TableRow, ListEntry, TextEntry, GroupEnd, FormatEnd]
RECORD_TYPES = (FormatStart, GroupStart, TableRow, ListEntry, TextEntry, GroupEnd, FormatEnd)
