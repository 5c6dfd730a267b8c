"""A bounded intake queue: webhooks put events in, one flow worker takes them out in order.

``offer`` takes a whole delivery (one NewStore event, or a Sitoo batch of up to 10) or
none of it, so the webhook can answer "queued" (200) or "full, try again" (503) truthfully.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Sequence
from typing import Generic, TypeVar

T = TypeVar("T")


class Inbox(Generic[T]):
    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._items: deque[T] = deque()
        self._cond = threading.Condition()
        self._working = 0
        self._closed = False

    def offer(self, items: Sequence[T]) -> bool:
        """Queue all of ``items``, or none when they do not fit."""
        with self._cond:
            if len(self._items) + len(items) > self.limit:
                return False
            self._items.extend(items)
            self._cond.notify_all()
            return True

    def room(self) -> int:
        with self._cond:
            return max(0, self.limit - len(self._items))

    def take(self, most: int = 1) -> list[T]:
        """Up to ``most`` items, waiting for the first; [] once closed."""
        with self._cond:
            while not self._items and not self._closed:
                self._cond.wait()
            if self._closed:
                return []
            taken = [self._items.popleft() for _ in range(min(most, len(self._items)))]
            self._working += 1
            return taken

    def done(self) -> None:
        """The items last taken are handled (for :meth:`pending`)."""
        with self._cond:
            self._working -= 1

    def pending(self) -> int:
        with self._cond:
            return len(self._items) + self._working

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()
