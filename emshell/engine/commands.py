"""The command table: cmdlets, aliases and native programs declared by `emshell.cmdlets` modules.

Each module of the package may declare `CMDLETS` (Cmdlet classes), `ALIASES` (name -> target)
and `NATIVE_COMMANDS` (program name -> function). Modules are imported on first lookup, so a
shell that runs `$null` imports none of them.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

from emshell.engine import snapins
from emshell.engine.cmdlet import Cmdlet


@dataclass
class CommandEntry:
    name: str
    kind: str  # Cmdlet, Alias, Function, Filter, Application, ExternalScript
    target: Any  # Cmdlet class, alias target name, FunctionInfo, native function, script path
    module: str = ""


class CommandTable:
    def __init__(self) -> None:
        self._loaded = False
        self.cmdlets: dict[str, type[Cmdlet]] = {}
        self.aliases: dict[str, str] = {}
        self.read_only_aliases: set[str] = set()  # built-in ReadOnly aliases not yet replaced with -Force
        self.natives: dict[str, Any] = {}
        self.modules: dict[str, str] = {}  # lower command name -> module name
        self.snapins: list[str] = snapins.start_up_snapins()  # loaded, in the order they were added
        self._snapin_of: dict[str, str | None] = {}  # lower cmdlet name -> snap-in name

    def _load(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        from emshell.cmdlets import MODULES

        for module_name in MODULES:
            module = importlib.import_module(f"emshell.cmdlets.{module_name}")
            for cmdlet in getattr(module, "CMDLETS", ()):
                self.cmdlets[cmdlet.name.lower()] = cmdlet
                self.modules[cmdlet.name.lower()] = module_name
                self._snapin_of[cmdlet.name.lower()] = snapins.snapin_of(cmdlet.name, cmdlet.dotnet_class)
            for alias, target in getattr(module, "ALIASES", {}).items():
                self.aliases[alias.lower()] = target
            self.read_only_aliases.update(a.lower() for a in getattr(module, "READ_ONLY_ALIASES", ()))
            for name, function in getattr(module, "NATIVE_COMMANDS", {}).items():
                self.natives[name.lower()] = function

    def find_cmdlet(self, name: str) -> type[Cmdlet] | None:
        """A cmdlet of a loaded snap-in, by name or snap-in-qualified name (`Snap.In\\Get-Date`)."""
        self._load()
        qualifier, _, bare = name.rpartition("\\")
        cmdlet = self.cmdlets.get(bare.lower())
        if cmdlet is None or not self.is_loaded(cmdlet):
            return None
        if qualifier and (self.snapin_of(cmdlet) or "").lower() != qualifier.lower():
            return None
        return cmdlet

    def snapin_of(self, cmdlet: type[Cmdlet]) -> str | None:
        self._load()
        return self._snapin_of.get(cmdlet.name.lower())

    def is_loaded(self, cmdlet: type[Cmdlet]) -> bool:
        snapin = self.snapin_of(cmdlet)
        return snapin is None or snapin in self.snapins

    def find_alias(self, name: str) -> str | None:
        self._load()
        return self.aliases.get(name.lower())

    def find_native(self, name: str) -> Any:
        self._load()
        return self.natives.get(name.lower())

    def is_read_only_alias(self, name: str) -> bool:
        self._load()
        return name.lower() in self.read_only_aliases

    def set_alias(self, name: str, target: str) -> None:
        """Define or replace an alias; a replacement is a plain alias with no options."""
        self._load()
        self.aliases[name.lower()] = target
        self.read_only_aliases.discard(name.lower())

    def all_cmdlets(self) -> list[type[Cmdlet]]:
        self._load()
        return sorted((c for c in self.cmdlets.values() if self.is_loaded(c)), key=lambda c: c.name.lower())

    def all_aliases(self) -> list[tuple[str, str]]:
        self._load()
        return sorted(self.aliases.items())

    def all_natives(self) -> list[str]:
        self._load()
        return sorted(self.natives)
