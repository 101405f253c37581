"""The Lab: one directory holding the simulated organisation.

    <lab>/lab.db                      all state (see store.py)
    <lab>/drives/<COMPUTER>/<letter>/  the files users write, as real files

Domain modules (computers, certstore, ca, network, ...) are plain functions over a `Lab`;
this class only owns the directory, the store, the clock and the random source.
"""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from emshell.lab.clock import LabClock, LabRandom
from emshell.lab.errors import LabError
from emshell.lab.store import LabStore

DB_NAME = "lab.db"


class Lab:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        db = self.root / DB_NAME
        if not db.exists():
            raise LabError(f"No lab at '{self.root}'.")
        self.store = LabStore(db)
        self.deterministic = bool(self.store.meta_get("lab.deterministic", False))
        self.clock = LabClock(self.store, self.deterministic)
        self.random = LabRandom(self.store, self.deterministic)

    @classmethod
    def initialise(cls, root: Path, *, deterministic: bool, seed: str = "emshell") -> "Lab":
        """Create an empty lab directory (the builder then fills it from a template)."""
        root = Path(root)
        root.mkdir(parents=True, exist_ok=True)
        (root / "drives").mkdir(exist_ok=True)
        store = LabStore(root / DB_NAME)
        with store.transaction():
            store.meta_set("lab.deterministic", deterministic)
            store.meta_set("random.seed", seed.encode().hex())
            store.meta_set("random.counter", 0)
        store.close()
        return cls(root)

    @property
    def drives_root(self) -> Path:
        return self.root / "drives"

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self.store.transaction():
            yield

    def close(self) -> None:
        self.store.close()
