"""Lab time and lab randomness.

Nothing in emshell reads the host clock or `os.urandom` directly: it asks the lab. A
deterministic lab starts at a fixed instant, moves one second per command (plus whatever
Start-Sleep or the network model adds), and draws every random value from a counter-based
SHA-256 stream, so the same commands print the same bytes on any machine and Python version.
"""
from __future__ import annotations

import hashlib
import os
import uuid
from datetime import datetime, timedelta

from emshell.lab.store import LabStore

# The article's time: Exchange 2007 SP1 on Windows Server 2003, early 2008.
DETERMINISTIC_START = datetime(2008, 3, 18, 10, 15, 32)
COMMAND_TICK = timedelta(seconds=1)


class LabClock:
    """Lab-local time (naive datetimes; the lab's zone is UTC)."""

    def __init__(self, store: LabStore, deterministic: bool) -> None:
        self._store = store
        self.deterministic = deterministic

    def now(self) -> datetime:
        if self.deterministic:
            return datetime.fromisoformat(self._store.meta_get("clock.now", DETERMINISTIC_START.isoformat()))
        offset = self._store.meta_get("clock.offset_seconds", 0.0)
        return datetime.utcnow().replace(microsecond=0) + timedelta(seconds=offset)

    def advance(self, delta: timedelta) -> None:
        """Move lab time forward (Start-Sleep, network latency, a command's own duration)."""
        if self.deterministic:
            self._store.meta_set("clock.now", (self.now() + delta).isoformat())
        else:
            offset = self._store.meta_get("clock.offset_seconds", 0.0)
            self._store.meta_set("clock.offset_seconds", offset + delta.total_seconds())

    def tick(self) -> None:
        """Called once per command: deterministic labs move one second."""
        if self.deterministic:
            self.advance(COMMAND_TICK)


class LabRandom:
    """Random values from the lab: seeded SHA-256 counter streams, or the OS when not deterministic.

    Draws come from named streams, each with its own counter, so unrelated draws do not shift
    one another: a network latency drawn before a key is generated leaves the key unchanged.
    Keys, certificate serials and GUIDs have streams of their own.
    """

    def __init__(self, store: LabStore, deterministic: bool) -> None:
        self._store = store
        self.deterministic = deterministic

    def bytes(self, count: int, stream: str = "main") -> bytes:
        if not self.deterministic:
            return os.urandom(count)
        seed = bytes.fromhex(self._store.meta_get("random.seed", "00"))
        if stream != "main":
            seed += b"/" + stream.encode()
        name = "random.counter" if stream == "main" else f"random.counter.{stream}"
        counter = self._store.meta_get(name, 0)
        out = b""
        while len(out) < count:
            out += hashlib.sha256(seed + counter.to_bytes(8, "big")).digest()
            counter += 1
        self._store.meta_set(name, counter)
        return out[:count]

    def randbelow(self, bound: int, stream: str = "main") -> int:
        """A uniform integer in [0, bound)."""
        if bound <= 0:
            raise ValueError("bound must be positive")
        size = (bound.bit_length() + 7) // 8 + 8
        return int.from_bytes(self.bytes(size, stream), "big") % bound

    def randint(self, low: int, high: int, stream: str = "main") -> int:
        """A uniform integer in [low, high]."""
        return low + self.randbelow(high - low + 1, stream)

    def guid(self) -> uuid.UUID:
        return uuid.UUID(bytes=self.bytes(16, "guids"), version=4)

    def serial_number(self, length: int = 10) -> int:
        """A positive certificate serial of `length` bytes (high bit clear, never zero)."""
        value = int.from_bytes(self.bytes(length, "serials"), "big") & ((1 << (8 * length - 1)) - 1)
        return value or 1

    def seed_material(self, label: str) -> bytes:
        """32 bytes for a derived deterministic process (an RSA key), from the keys stream."""
        return hashlib.sha256(label.encode() + self.bytes(32, "keys")).digest()
