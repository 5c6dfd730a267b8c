"""Deterministic ids: UUID-shaped, derived from tenant, seed, kind and a counter.

Two runs that create the same resources in the same order get the same ids, which keeps
journals and reports comparable byte for byte.
"""

from __future__ import annotations

import hashlib
import threading
import uuid
from collections import defaultdict


class IdFactory:
    def __init__(self, tenant: str, seed: int) -> None:
        self._prefix = f"{tenant}:{seed}"
        self._lock = threading.Lock()
        self._counters: dict[str, int] = defaultdict(int)

    def next(self, kind: str) -> str:
        with self._lock:
            self._counters[kind] += 1
            counter = self._counters[kind]
        digest = hashlib.sha256(f"{self._prefix}:{kind}:{counter}".encode()).digest()
        return str(uuid.UUID(bytes=digest[:16], version=4))
