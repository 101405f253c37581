"""Views as data, keyed by type name (PowerShell's format.ps1xml).

A type may have several views (say a table and a list); the first one registered is its
default. Cmdlet modules register views for their own types at import time:

    register_view("Microsoft.Exchange.Management.SystemConfigurationTasks.ExchangeCertificate",
                  TableView((TableColumn("Thumbprint", "Thumbprint", width=41),
                             TableColumn("Services", services_string, width=10),
                             TableColumn("Subject", "Subject"))))
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Callable, Literal, Sequence, Union

from emshell.formatting.messages import error_text
from emshell.formatting.netformat import format_datetime, long_date_time
from emshell.formatting.text import Alignment

# A property name, or a function of the object (a format.ps1xml ScriptBlock).
Value = Union[str, Callable[[Any], Any]]
Shape = Literal["table", "list", "custom", "wide"]


@dataclass(frozen=True)
class TableColumn:
    label: str
    value: Value
    width: int = 0                         # 0: share the spare line width (§C5)
    alignment: Alignment | None = None     # None: left in a declared view
    format_string: str | None = None


@dataclass(frozen=True)
class GroupBy:
    """A view's GroupBy: a new group (and header `   Label: value`) whenever the value changes.

    `control` is a CustomControlName: the header lines made from the group's first object
    instead (FileSystem's `    Directory: ...`).
    """

    label: str
    value: Value
    control: Callable[[Any], Sequence[str]] | None = None


@dataclass(frozen=True)
class TableView:
    columns: tuple[TableColumn, ...]
    shape: Shape = "table"
    auto_size: bool = False                # <AutoSize/>: widths from the cells, group by group
    group_by: GroupBy | None = None


@dataclass(frozen=True)
class ListItem:
    label: str
    value: Value
    format_string: str | None = None


@dataclass(frozen=True)
class ListView:
    items: tuple[ListItem, ...]
    shape: Shape = "list"


@dataclass(frozen=True)
class CustomView:
    """Free text per object. Out-of-band views are written on their own, never grouped (§C2)."""

    render: Callable[[Any], list[str]]
    out_of_band: bool = False
    shape: Shape = "custom"


@dataclass(frozen=True)
class WideView:
    """Format-Wide's one value per object (a WideControl)."""

    value: Value
    shape: Shape = "wide"


View = Union[TableView, ListView, CustomView, WideView]

_REGISTRY: dict[str, list[View]] = {}


def register_view(type_name: str, view: View) -> None:
    """Add a view for a type; a second view of the same shape replaces the first."""
    views = _REGISTRY.setdefault(type_name.lower(), [])
    for index, existing in enumerate(views):
        if existing.shape == view.shape:
            views[index] = view
            return
    views.append(view)


def find_view(type_names: Sequence[str], shape: Shape | None = None) -> tuple[str, View] | None:
    """The view of the most derived type name that has one: `(type name, view)`."""
    for name in type_names:
        for view in _REGISTRY.get(name.lower(), ()):
            if shape is None or view.shape == shape:
                return name, view
    return None


def _date_time(value: datetime) -> list[str]:
    """The ETS `DateTime` property: Get-Date -DisplayHint Date/Time shows one half only."""
    hint = getattr(getattr(value, "display_hint", None), "name", "DateTime")
    if hint == "Date":
        return [format_datetime(value, "D")]
    if hint == "Time":
        return [format_datetime(value, "T")]
    return [long_date_time(value)]


TICKS_PER_MS = 10_000
TICKS_PER_SECOND = 1000 * TICKS_PER_MS
TICKS_PER_MINUTE = 60 * TICKS_PER_SECOND
TICKS_PER_HOUR = 60 * TICKS_PER_MINUTE
TICKS_PER_DAY = 24 * TICKS_PER_HOUR


def _ticks(value: timedelta) -> int:
    return (value.days * 86400 + value.seconds) * TICKS_PER_SECOND + value.microseconds * 10


def _component(unit: int, modulo: int | None) -> Callable[[timedelta], int]:
    """A TimeSpan component: truncated toward zero, so negative spans have negative parts."""
    def part(value: timedelta) -> int:
        ticks = _ticks(value)
        whole = abs(ticks) // unit
        return (-1 if ticks < 0 else 1) * (whole % modulo if modulo else whole)
    return part


def _total(unit: int) -> Callable[[timedelta], float]:
    return lambda value: _ticks(value) / unit


_TIMESPAN_ITEMS = (
    ListItem("Days", _component(TICKS_PER_DAY, None)),
    ListItem("Hours", _component(TICKS_PER_HOUR, 24)),
    ListItem("Minutes", _component(TICKS_PER_MINUTE, 60)),
    ListItem("Seconds", _component(TICKS_PER_SECOND, 60)),
    ListItem("Milliseconds", _component(TICKS_PER_MS, 1000)),
    ListItem("Ticks", _ticks),
    ListItem("TotalDays", _total(TICKS_PER_DAY)),
    ListItem("TotalHours", _total(TICKS_PER_HOUR)),
    ListItem("TotalMinutes", _total(TICKS_PER_MINUTE)),
    ListItem("TotalSeconds", _total(TICKS_PER_SECOND)),
    ListItem("TotalMilliseconds", _total(TICKS_PER_MS)),
)


# Built-in views (DotNetTypes.format.ps1xml / PowerShellCore.format.ps1xml, §C1 and §C6).
register_view("System.Collections.DictionaryEntry",
              TableView((TableColumn("Name", "Name", width=30), TableColumn("Value", "Value"))))
register_view("System.RuntimeType", TableView((
    TableColumn("IsPublic", "IsPublic", width=8), TableColumn("IsSerial", "IsSerial", width=8),
    TableColumn("Name", "Name", width=40), TableColumn("BaseType", "BaseType"),
)))
register_view("System.DateTime", CustomView(_date_time))
register_view("System.TimeSpan", ListView(_TIMESPAN_ITEMS))
register_view("System.Management.Automation.ErrorRecord", CustomView(error_text, out_of_band=True))
