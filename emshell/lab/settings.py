"""Per-computer registry values that lab commands read and change.

Document kind owned here (key: upper-case computer name, a backslash, the key path as given):

    registry  {value name: value, ..}

Only values someone has set are stored; readers pass the default the computer would have.
"""
from __future__ import annotations

from typing import Any

from emshell.lab.lab import Lab

KIND = "registry"


def _key(computer: str, path: str) -> str:
    return f"{computer.upper()}\\{path}"


def get_value(lab: Lab, computer: str, path: str, name: str, default: Any = None) -> Any:
    doc = lab.store.get(KIND, _key(computer, path)) or {}
    return doc.get(name, default)


def set_value(lab: Lab, computer: str, path: str, name: str, value: Any) -> None:
    key = _key(computer, path)
    doc = lab.store.get(KIND, key) or {}
    doc[name] = value
    lab.store.put(KIND, key, doc)
