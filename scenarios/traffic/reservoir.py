"""A bounded, seeded sample of past sales that later returns and refunds refer to.

A return needs its original order, but keeping every sale of a million-event day would
make memory grow with the day. Reservoir sampling (Vitter's algorithm R) keeps a uniform
sample of at most ``capacity`` posted sales; a sale drawn for a return leaves the sample,
so nothing is returned twice.
"""

from __future__ import annotations

import random
from typing import Generic, TypeVar

T = TypeVar("T")


class Reservoir(Generic[T]):
    def __init__(self, capacity: int, rng: random.Random) -> None:
        self.capacity = capacity
        self._rng = rng
        self._items: list[T] = []
        self._seen = 0

    def add(self, item: T) -> None:
        self._seen += 1
        if len(self._items) < self.capacity:
            self._items.append(item)
            return
        slot = self._rng.randrange(self._seen)
        if slot < self.capacity:
            self._items[slot] = item

    def take(self) -> T | None:
        """A random kept item, removed; None when empty."""
        items = self._items
        if not items:
            return None
        slot = self._rng.randrange(len(items))
        items[slot], items[-1] = items[-1], items[slot]
        return items.pop()

    def __len__(self) -> int:
        return len(self._items)
