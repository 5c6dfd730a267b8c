"""Request-rate governance over a sliding window, per user (Business Central style).

Flavour-neutral. Business Central allows each user 6000 requests in any 5-minute
sliding window and answers the next one with 429 and ``Retry-After``; NetSuite has no
such limit by default, so the ERP simulator switches this on only when a scenario sets
``rate_window_requests``. The clock is injected, so tests move time instead of sleeping.

Only admitted requests take a place in the window (*inferred*): a client that is told
to wait and retries later is not punished for the refused attempt.
"""

from __future__ import annotations

import math
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class WindowDecision:
    admitted: bool
    retry_after: int = 0  # whole seconds until a place frees, when refused


class RateWindow:
    def __init__(self, limit: int | None, window_seconds: float, clock: Callable[[], float]) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self.configure(limit, window_seconds)

    def configure(self, limit: int | None, window_seconds: float) -> None:
        with self._lock:
            self.limit = limit
            self.window_seconds = float(window_seconds)
            self._log: dict[str, deque[float]] = {}
            self.admitted = 0
            self.rejected = 0
            self.peak = 0

    @property
    def enabled(self) -> bool:
        return self.limit is not None

    def _trim(self, log: deque[float], now: float) -> None:
        while log and log[0] <= now - self.window_seconds:
            log.popleft()

    def check(self, user: str) -> WindowDecision:
        """Whether ``user`` may send a request now; does not take a place (see :meth:`take`)."""
        if self.limit is None:
            return WindowDecision(True)
        with self._lock:
            now = self._clock()
            log = self._log.setdefault(user, deque())
            self._trim(log, now)
            if len(log) < self.limit:
                return WindowDecision(True)
            self.rejected += 1
            wait = log[len(log) - self.limit] + self.window_seconds - now
            return WindowDecision(False, max(1, math.ceil(wait)))

    def take(self, user: str) -> None:
        """Count an admitted request against ``user``'s window."""
        if self.limit is None:
            return
        with self._lock:
            log = self._log.setdefault(user, deque())
            log.append(self._clock())
            self.admitted += 1
            self.peak = max(self.peak, len(log))

    def stats(self) -> dict[str, Any]:
        with self._lock:
            now = self._clock()
            for log in self._log.values():
                self._trim(log, now)
            return {
                "limit": self.limit,
                "window_seconds": self.window_seconds,
                "admitted": self.admitted,
                "rejected": self.rejected,
                "peak": self.peak,
                "in_window": {user: len(log) for user, log in sorted(self._log.items()) if log},
            }
