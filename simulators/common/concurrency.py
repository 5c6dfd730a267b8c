"""A cap on requests in flight at once, the way NetSuite governs an account.

NetSuite does not queue: the request that finds every slot taken fails at once. The
limiter records how close the integration came (peak) and how often it went over
(rejected), which the harness reports as rate-limit behaviour.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass


@dataclass(frozen=True)
class ConcurrencyStats:
    limit: int
    in_flight: int
    peak: int
    admitted: int
    rejected: int


class ConcurrencyLimiter:
    def __init__(self, limit: int) -> None:
        if limit < 1:
            raise ValueError("a concurrency limit must be at least 1")
        self.limit = limit
        self._lock = threading.Lock()
        self._in_flight = 0
        self._peak = 0
        self._admitted = 0
        self._rejected = 0

    def try_acquire(self) -> bool:
        with self._lock:
            if self._in_flight >= self.limit:
                self._rejected += 1
                return False
            self._in_flight += 1
            self._admitted += 1
            self._peak = max(self._peak, self._in_flight)
            return True

    def release(self) -> None:
        with self._lock:
            self._in_flight = max(0, self._in_flight - 1)

    def stats(self) -> ConcurrencyStats:
        with self._lock:
            return ConcurrencyStats(self.limit, self._in_flight, self._peak, self._admitted, self._rejected)

    def reset(self, limit: int | None = None) -> None:
        with self._lock:
            if limit is not None:
                self.limit = limit
            self._in_flight = self._peak = self._admitted = self._rejected = 0
