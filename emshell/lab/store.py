"""The lab's state: one SQLite database of JSON documents, grouped by kind.

Every domain module (computers, certificate stores, the CA, the NLB cluster, ...) keeps its
state as documents `(kind, key) -> dict`. The engine wraps each command in `transaction()`,
so a command that fails changes nothing.
"""
from __future__ import annotations

import json
import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    kind TEXT NOT NULL,
    key  TEXT NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (kind, key)
);
CREATE TABLE IF NOT EXISTS meta (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""


class LabStore:
    """Documents by kind and key; keys are stored as given (callers normalise case)."""

    def __init__(self, db_path: Path) -> None:
        self.path = Path(db_path)
        self._db = sqlite3.connect(str(self.path), isolation_level=None, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(SCHEMA)
        self._depth = 0
        self._cache: dict[tuple[str, str], Any] = {}

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One command's unit of work; nested calls join the outer transaction."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._db.execute("BEGIN IMMEDIATE")
        self._cache.clear()  # another process may have written since our last command
        self._depth = 1
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            self._cache.clear()
            raise
        else:
            self._db.execute("COMMIT")
        finally:
            self._depth = 0

    # -- savepoints: undo one statement of a script without undoing the others ------------
    def savepoint(self, name: str) -> None:
        self._db.execute(f"SAVEPOINT {name}")

    def release(self, name: str) -> None:
        self._db.execute(f"RELEASE {name}")

    def rollback_to(self, name: str) -> None:
        self._db.execute(f"ROLLBACK TO {name}")
        self._db.execute(f"RELEASE {name}")
        self._cache.clear()

    # -- documents --------------------------------------------------------------------
    def get(self, kind: str, key: str) -> dict | None:
        cached = self._cache.get((kind, key), _MISSING)
        if cached is not _MISSING:
            return json.loads(cached) if cached is not None else None
        row = self._db.execute(
            "SELECT data FROM documents WHERE kind=? AND key=?", (kind, key)
        ).fetchone()
        text = row[0] if row else None
        self._cache[(kind, key)] = text
        return json.loads(text) if text is not None else None

    def put(self, kind: str, key: str, doc: dict) -> None:
        text = json.dumps(doc, sort_keys=True)
        self._db.execute(
            "INSERT OR REPLACE INTO documents(kind, key, data) VALUES (?, ?, ?)", (kind, key, text)
        )
        self._cache[(kind, key)] = text

    def delete(self, kind: str, key: str) -> None:
        self._db.execute("DELETE FROM documents WHERE kind=? AND key=?", (kind, key))
        self._cache[(kind, key)] = None

    def list(self, kind: str) -> list[tuple[str, dict]]:
        rows = self._db.execute(
            "SELECT key, data FROM documents WHERE kind=? ORDER BY key", (kind,)
        ).fetchall()
        return [(key, json.loads(data)) for key, data in rows]

    def kinds(self) -> list[str]:
        return [row[0] for row in self._db.execute("SELECT DISTINCT kind FROM documents ORDER BY kind")]

    # -- meta values (clock, generator counters, lab settings) ------------------------
    def meta_get(self, name: str, default: Any = None) -> Any:
        row = self._db.execute("SELECT value FROM meta WHERE name=?", (name,)).fetchone()
        return json.loads(row[0]) if row else default

    def meta_set(self, name: str, value: Any) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO meta(name, value) VALUES (?, ?)", (name, json.dumps(value))
        )


_MISSING = object()
