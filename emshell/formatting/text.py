"""Line-level text helpers shared by the writers and the host messages."""
from __future__ import annotations

import re
from typing import Literal

Alignment = Literal["left", "center", "right"]

ELLIPSIS = "..."  # [WPS] `ellipsis = "..."`; the single-character form is PowerShell 6.2+ (§C5)

_TOKENS = re.compile(r" +|[^ ]+")


def split_lines(text: str) -> list[str]:
    """Embedded newlines start new lines; carriage returns are dropped (§C4)."""
    return text.replace("\r", "").split("\n")


def hard_wrap(text: str, width: int) -> list[str]:
    """Cut every `width` characters, mid-word (PowerShell 1.0 lists and errors, real-outputs §10)."""
    width = max(width, 1)
    lines: list[str] = []
    for line in split_lines(text):
        lines.extend(line[i:i + width] for i in range(0, len(line), width))
        if not line:
            lines.append("")
    return lines


def word_wrap(text: str, width: int) -> list[str]:
    """Greedy wrap at spaces for host messages (WARNING, Confirm: real-outputs §7A).

    Runs of spaces are tokens of their own: a space that still fits stays at the end of the
    line, one that does not starts the next line (7A: `... The storage` / ` group does ...`).
    A word longer than the line is cut by characters.
    """
    width = max(width, 1)
    lines: list[str] = []
    for source in split_lines(text):
        source = source.expandtabs(8)  # the console moves a TAB to the next 8-column stop
        line = ""
        for token in _TOKENS.findall(source):
            while len(line) + len(token) > width:
                if line:
                    lines.append(line)
                    line = ""
                elif len(token) > width:
                    lines.append(token[:width])
                    token = token[width:]
                else:
                    break
            line += token
        lines.append(line)
    return lines


def align(text: str, width: int, alignment: Alignment) -> str:
    """Pad to `width` (every cell is padded, the last column too: [WPS] §C5 trailing blanks)."""
    spare = width - len(text)
    if spare <= 0:
        return text
    if alignment == "right":
        return " " * spare + text
    if alignment == "center":
        left = spare // 2
        return " " * left + text + " " * (spare - left)
    return text + " " * spare


def fit(text: str, width: int, alignment: Alignment) -> str:
    """One table cell: cut at a newline, shorten with `...`, then pad (§C5 cell text)."""
    if "\n" in text or "\r" in text:
        text = split_lines(text)[0] + ELLIPSIS
    if len(text) > width:
        keep = width - len(ELLIPSIS)
        if keep <= 0:
            text = text[-width:] if alignment == "right" else text[:width]
        elif alignment == "right":
            text = ELLIPSIS + text[-keep:]
        else:
            text = text[:keep] + ELLIPSIS
    return align(text, width, alignment)
