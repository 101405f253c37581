"""List entries: `Label : value` (§C4), values cut at a fixed column as PowerShell 1.0 does."""
from __future__ import annotations

from typing import Sequence

from emshell.formatting.text import hard_wrap

SEPARATOR = " : "


def list_lines(items: Sequence[tuple[str, str]], available: int) -> list[str]:
    """Labels padded to the longest one; long values continue under the value column.

    PowerShell 1.0/2.0 cut values mid-word at the line width (real-outputs 7D, 8A); an empty
    value leaves the line ending in `" : "`. Labels longer than the line width - 4 are clipped.
    """
    label_width = min(max((len(label) for label, _ in items), default=0), max(available - 4, 1))
    indent = " " * (label_width + len(SEPARATOR))
    lines: list[str] = []
    for label, value in items:
        pieces = hard_wrap(value, available - len(indent))
        lines.append(label[:label_width].ljust(label_width) + SEPARATOR + pieces[0])
        lines += [indent + piece for piece in pieces[1:]]
    return lines
