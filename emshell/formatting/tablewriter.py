"""Table geometry and lines (PowerShell 1.0/2.0: no 300 ms auto-sizing, §C5)."""
from __future__ import annotations

from typing import Sequence

from emshell.formatting.records import ColumnHeader
from emshell.formatting.text import Alignment, align, fit, hard_wrap

SEPARATOR = " "  # one space between columns (`separatorCharacterCount = 1`)


def column_widths(requested: Sequence[int], available: int) -> list[int]:
    """Final widths; 0 marks a hidden column (`ColumnWidthManager`, §C5).

    Width-0 columns start at 1 and share the spare width one column at a time, left to
    right, until the line is full. A table too wide for the line loses width from its last
    visible column, and a column that would drop below 1 is hidden instead.
    """
    widths = [w if w > 0 else 1 for w in requested]
    used = sum(widths) + len(SEPARATOR) * (len(widths) - 1)
    if used > available:
        return _shrink(widths, used - available)
    flexible = [i for i, w in enumerate(requested) if w <= 0]
    if flexible:
        share, extra = divmod(available - used, len(flexible))
        for position, index in enumerate(flexible):
            widths[index] += share + (1 if position < extra else 0)
    return widths


def _shrink(widths: list[int], excess: int) -> list[int]:
    for index in range(len(widths) - 1, -1, -1):
        if widths[index] - excess >= 1:
            widths[index] -= excess
            break
        excess -= widths[index] + len(SEPARATOR)
        widths[index] = 0
        if excess <= 0:
            break
    return widths


class TableLayout:
    """Writes the header and rows of one table at a fixed line width."""

    def __init__(self, columns: Sequence[ColumnHeader], available: int, wrap: bool) -> None:
        self.widths = column_widths([c.width for c in columns], available)
        self.alignments: list[Alignment] = [c.alignment for c in columns]
        self.labels = [c.label for c in columns]
        self.wrap = wrap

    def _visible(self, values: Sequence[str]) -> list[tuple[str, int, Alignment]]:
        return [(v, w, a) for v, w, a in zip(values, self.widths, self.alignments) if w > 0]

    def header(self) -> list[str]:
        """Labels aligned like their columns (long ones wrapped), dashes as long as each label."""
        dashes = ["-" * min(len(label), width) for label, width in zip(self.labels, self.widths)]
        return self._lines(self.labels) + self._single(dashes)

    def row(self, cells: Sequence[str]) -> list[str]:
        return self._lines(cells) if self.wrap else self._single(cells)

    def _single(self, cells: Sequence[str]) -> list[str]:
        return [SEPARATOR.join(fit(text, width, alignment)
                               for text, width, alignment in self._visible(cells))]

    def _lines(self, cells: Sequence[str]) -> list[str]:
        """A multi-line row: each cell cut into pieces of its width, blank below shorter cells."""
        visible = self._visible(cells)
        pieces = [hard_wrap(text, width) for text, width, _ in visible]
        height = max((len(p) for p in pieces), default=1)
        return [
            SEPARATOR.join(align(p[line] if line < len(p) else "", width, alignment)
                           for p, (_, width, alignment) in zip(pieces, visible))
            for line in range(height)
        ]
