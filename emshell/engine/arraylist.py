"""System.Collections.ArrayList: New-Object's growable list, and the type of `$Error`."""
from __future__ import annotations

from typing import Any

from emshell.engine import conversion as conv


class ArrayList(list):
    """A growable list whose Add returns the new index."""

    TYPE_NAMES = ("System.Collections.ArrayList", "System.Object")

    def ps_methods(self) -> dict[str, Any]:
        return {
            "Add": lambda ctx, item: self._add(item),
            "AddRange": lambda ctx, items: self.extend(conv.to_list(items)),
            "Remove": lambda ctx, item: self.remove(item) if item in self else None,
            "RemoveAt": lambda ctx, index: self.pop(conv.to_int(index)) and None,
            "Insert": lambda ctx, index, item: self.insert(conv.to_int(index), item),
            "Clear": lambda ctx: self.clear(),
            "ToArray": lambda ctx: list(self),
        }

    def _add(self, item: Any) -> int:
        self.append(item)
        return len(self) - 1
