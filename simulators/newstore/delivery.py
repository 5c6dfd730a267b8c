"""How each webhook leaves: duplicated, held back (reordering, delay), then handed to the
dispatcher, which retries failures with backoff and records every attempt.

All randomness comes from one ``random.Random(config.seed)``, drawn in publish order, so
a given seed and publish sequence always give the same duplicates, holds and hand-off
order. Held deliveries count as pending, so the harness never calls a run settled while
a webhook is still waiting to go out.
"""

from __future__ import annotations

import heapq
import itertools
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from .config import NewStoreConfig

T = TypeVar("T")


@dataclass(frozen=True)
class Copy:
    """One delivery of an event to one stream: the original or its duplicate."""

    duplicate: bool
    hold_ms: float


class DeliveryPlan:
    """At-least-once with duplicates at ``duplicate_rate``; each copy held for
    ``delay_ms`` (fixed, or uniform in ``[min, max]``) plus uniform ``0..reorder_window_ms``."""

    def __init__(self, config: NewStoreConfig) -> None:
        self._rng = random.Random(config.seed)
        self._duplicate_rate = float(config.duplicate_rate)
        self._window_ms = float(config.reorder_window_ms)
        self._delay_ms = config.delay_range_ms()

    def copies(self) -> list[Copy]:
        duplicated = self._duplicate_rate > 0 and self._rng.random() < self._duplicate_rate
        return [Copy(duplicate, self._hold_ms()) for duplicate in ((False, True) if duplicated else (False,))]

    def _hold_ms(self) -> float:
        low, high = self._delay_ms
        delay = low if low == high else self._rng.uniform(low, high)
        return delay + (self._rng.uniform(0.0, self._window_ms) if self._window_ms > 0 else 0.0)


class HoldQueue(Generic[T]):
    """Items released to ``release`` in due order by one background thread."""

    def __init__(self, release: Callable[[T], None]) -> None:
        self._release = release
        self._cond = threading.Condition()
        self._heap: list[tuple[float, int, T]] = []
        self._order = itertools.count()
        self._releasing = 0
        self._stopping = False
        self._thread: threading.Thread | None = None

    def start(self) -> HoldQueue[T]:
        self._thread = threading.Thread(target=self._run, name="newstore-holds", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        with self._cond:
            self._stopping = True
            self._heap.clear()
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def hold(self, due: float, item: T) -> None:
        """Release ``item`` at monotonic time ``due``."""
        with self._cond:
            heapq.heappush(self._heap, (due, next(self._order), item))
            self._cond.notify()

    def pending(self) -> int:
        with self._cond:
            return len(self._heap) + self._releasing

    def _next_due(self) -> T | None:
        with self._cond:
            while not self._stopping:
                now = time.monotonic()
                if self._heap and self._heap[0][0] <= now:
                    self._releasing += 1
                    return heapq.heappop(self._heap)[2]
                self._cond.wait(self._heap[0][0] - now if self._heap else None)
            return None

    def _run(self) -> None:
        while (item := self._next_due()) is not None:
            try:
                self._release(item)
            finally:
                with self._cond:
                    self._releasing -= 1


@dataclass(frozen=True)
class Outgoing:
    """One webhook POST waiting to be handed to the dispatcher, with what it carries."""

    url: str
    body: bytes
    headers: dict[str, str]
    label: str
    meta: dict[str, Any]
