"""The formatter's window on the engine: console width, `$FormatEnumerationLimit`, member access.

The engine plugs its own member resolution into these callables; the defaults understand
`PSObject` and `Hashtable` only, which is enough for the formatting layer's own tests.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from emshell.engine.objects import Hashtable, PSObject


def default_get_property(obj: Any, name: str) -> Any:
    """`$obj.Name`: None when the object has no such member (PowerShell's non-strict mode)."""
    if isinstance(obj, PSObject):
        return obj.ps_get(name) if obj.ps_has(name) else None
    if isinstance(obj, Hashtable):
        return obj.get(name)
    return None


def default_property_names(obj: Any) -> list[str]:
    return obj.ps_property_names() if isinstance(obj, PSObject) else []


def default_display_property_names(obj: Any) -> list[str]:
    return obj.ps_display_properties() if isinstance(obj, PSObject) else []


def default_evaluate(script: Any, obj: Any) -> Any:
    """Stand-in for running a script block with `$_` bound: Python callables take the object."""
    return script(obj)


@dataclass
class FormatContext:
    width: int = 80                      # console buffer width; usable = width - 1 (§C7)
    enumeration_limit: int = 16          # $FormatEnumerationLimit (the Exchange shell's value)
    get_property: Callable[[Any, str], Any] = field(default=default_get_property)
    property_names: Callable[[Any], list[str]] = field(default=default_property_names)
    # DefaultDisplayPropertySet, else all properties (§C1 step 2)
    display_property_names: Callable[[Any], list[str]] = field(default=default_display_property_names)
    evaluate: Callable[[Any, Any], Any] = field(default=default_evaluate)

    @property
    def columns(self) -> int:
        """Usable line width: the console writes at most buffer width - 1 characters (§C7)."""
        return self.width - 1
