"""A requests-per-second token bucket, shared by the simulators that rate-limit by rate.

``rate`` tokens a second, holding at most ``burst``; one token per request. Over the limit
the caller learns how many whole seconds to wait (what goes in ``Retry-After``). The
clock is handed in, so tests move time instead of sleeping.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable

EPSILON = 1e-6  # clocks in POSIX seconds lose ~1e-7 s to float rounding; never starve a caller for it


class TokenBucket:
    def __init__(self, rate: float, burst: int, now: Callable[[], float]) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError("a token bucket needs rate > 0 and burst >= 1")
        self.rate = rate
        self.burst = burst
        self._now = now
        self._lock = threading.Lock()
        self._tokens = float(burst)
        self._stamp = now()
        self.rejected = 0

    def take(self) -> int | None:
        """None when the request may pass, else the whole seconds to wait (``Retry-After``)."""
        with self._lock:
            now = self._now()
            self._tokens = min(float(self.burst), self._tokens + max(0.0, now - self._stamp) * self.rate)
            self._stamp = now
            if self._tokens >= 1.0 - EPSILON:
                self._tokens = max(0.0, self._tokens - 1.0)
                return None
            self.rejected += 1
            return max(1, math.ceil((1.0 - self._tokens) / self.rate - EPSILON))
