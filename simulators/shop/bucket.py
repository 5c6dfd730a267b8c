"""Shopify's REST leaky bucket: request credit per app that drains at a constant rate.

Each request drops one marble in, the bucket leaks ``leak_per_second`` marbles a second,
and a request that would overflow it is refused (429) without adding a marble. The clock
is injected (a callable returning seconds) so tests move time by hand instead of sleeping.
Nothing here is Shopify-specific beyond the numbers: it could move to simulators/common.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from dataclasses import dataclass

_EPSILON = 1e-9


@dataclass(frozen=True)
class BucketDecision:
    allowed: bool
    used: int  # marbles in the bucket, rounded up, as X-Shopify-Shop-Api-Call-Limit shows them
    size: int
    wait_seconds: float  # until one more request fits; 0.0 when allowed

    @property
    def header(self) -> str:
        return f"{self.used}/{self.size}"


class LeakyBucket:
    def __init__(self, size: int, leak_per_second: float, clock: Callable[[], float]) -> None:
        if size < 1 or leak_per_second <= 0:
            raise ValueError("a leaky bucket needs size >= 1 and leak_per_second > 0")
        self.size = size
        self.leak_per_second = leak_per_second
        self._clock = clock
        self._lock = threading.Lock()
        self._level = 0.0
        self._last = clock()
        self.admitted = 0
        self.refused = 0

    def take(self) -> BucketDecision:
        """Admit one request (adding a marble) or refuse it."""
        with self._lock:
            self._drain()
            overflow = self._level + 1 - self.size
            if overflow > _EPSILON:
                self.refused += 1
                return BucketDecision(False, self._used(), self.size, overflow / self.leak_per_second)
            self._level += 1
            self.admitted += 1
            return BucketDecision(True, self._used(), self.size, 0.0)

    def level(self) -> float:
        with self._lock:
            self._drain()
            return self._level

    def _drain(self) -> None:
        now = self._clock()
        self._level = max(0.0, self._level - max(0.0, now - self._last) * self.leak_per_second)
        self._last = now

    def _used(self) -> int:
        return min(self.size, max(0, math.ceil(self._level - _EPSILON)))
