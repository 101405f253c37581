"""Variable scopes: global, script, function and script-block scopes, looked up outward."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Variable:
    name: str
    value: Any
    read_only: bool = False
    constant: bool = False
    description: str = ""

    TYPE_NAMES = ("System.Management.Automation.PSVariable", "System.Object")


class VariableError(Exception):
    def __init__(self, message: str, error_id: str) -> None:
        super().__init__(message)
        self.error_id = error_id


@dataclass
class Scope:
    parent: "Scope | None" = None
    variables: dict[str, Variable] = field(default_factory=dict)
    functions: dict[str, Any] = field(default_factory=dict)
    is_script: bool = False

    def find(self, name: str) -> Variable | None:
        key = name.lower()
        scope: Scope | None = self
        while scope is not None:
            variable = scope.variables.get(key)
            if variable is not None:
                return variable
            scope = scope.parent
        return None

    def set(self, name: str, value: Any) -> None:
        key = name.lower()
        existing = self.variables.get(key)
        if existing is not None:
            if existing.constant or existing.read_only:
                raise VariableError(
                    f"Cannot overwrite variable {existing.name} because it is read-only or constant.",
                    "VariableNotWritable")
            existing.value = value
            return
        self.variables[key] = Variable(name, value)

    def remove(self, name: str) -> bool:
        return self.variables.pop(name.lower(), None) is not None

    def find_function(self, name: str) -> Any:
        key = name.lower()
        scope: Scope | None = self
        while scope is not None:
            function = scope.functions.get(key)
            if function is not None:
                return function
            scope = scope.parent
        return None

    def script_scope(self) -> "Scope":
        scope: Scope = self
        while not scope.is_script and scope.parent is not None:
            scope = scope.parent
        return scope

    def global_scope(self) -> "Scope":
        scope: Scope = self
        while scope.parent is not None:
            scope = scope.parent
        return scope

    def all_variables(self) -> list[Variable]:
        """Visible variables, innermost first wins, sorted by name (Get-Variable)."""
        seen: dict[str, Variable] = {}
        scope: Scope | None = self
        while scope is not None:
            for key, variable in scope.variables.items():
                seen.setdefault(key, variable)
            scope = scope.parent
        return sorted(seen.values(), key=lambda v: v.name.lower())
