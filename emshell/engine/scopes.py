"""Variable scopes: global, script, function and script-block scopes, looked up outward."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator


@dataclass
class Variable:
    name: str
    value: Any
    read_only: bool = False
    constant: bool = False
    description: str = ""
    type_name: str | None = None  # `[int]$x = 5`: later assignments are converted to this type

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

    def chain(self) -> Iterator["Scope"]:
        """This scope, then its parents up to the global scope."""
        scope: Scope | None = self
        while scope is not None:
            yield scope
            scope = scope.parent

    def find(self, name: str) -> Variable | None:
        key = name.lower()
        return next((s.variables[key] for s in self.chain() if key in s.variables), None)

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

    def save(self, name: str) -> tuple[Variable, Any] | None:
        """This scope's own variable and its value now, for `restore` (set changes a Variable in
        place, so the value is kept apart): how `$_` comes back after a nested pipeline."""
        variable = self.variables.get(name.lower())
        return None if variable is None else (variable, variable.value)

    def restore(self, name: str, saved: tuple[Variable, Any] | None) -> None:
        if saved is None:
            self.variables.pop(name.lower(), None)
        else:
            variable, variable.value = saved
            self.variables[name.lower()] = variable

    def find_function(self, name: str) -> Any:
        key = name.lower()
        return next((s.functions[key] for s in self.chain() if key in s.functions), None)

    def script_scope(self) -> "Scope":
        return next((s for s in self.chain() if s.is_script), self.global_scope())

    def global_scope(self) -> "Scope":
        *_, outermost = self.chain()
        return outermost

    def all_variables(self) -> list[Variable]:
        """Visible variables, innermost first wins, sorted by name (Get-Variable)."""
        seen: dict[str, Variable] = {}
        for scope in self.chain():
            for key, variable in scope.variables.items():
                seen.setdefault(key, variable)
        return sorted(seen.values(), key=lambda v: v.name.lower())
