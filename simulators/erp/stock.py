"""On-hand quantity per (item, location): the seeded baseline plus every posted movement.

Flavour-neutral. Each record that moves stock (a NetSuite inventoryAdjustment) registers
its movements under its own id; updating the record replaces them and deleting it drops
them, so the on-hand figure is always the baseline plus what the stored records say.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Movement:
    item: str
    location: str
    quantity: float


class StockLedger:
    def __init__(self) -> None:
        self.baseline: dict[tuple[str, str], float] = {}
        self._movements: dict[str, list[Movement]] = {}

    def set_baseline(self, item: str, location: str, quantity: float) -> None:
        self.baseline[(item, location)] = float(quantity)

    def post(self, record_id: str, movements: list[Movement]) -> None:
        """Record (or replace) the movements of one record."""
        if movements:
            self._movements[record_id] = list(movements)
        else:
            self._movements.pop(record_id, None)

    def drop(self, record_id: str) -> None:
        self._movements.pop(record_id, None)

    def on_hand(self) -> dict[tuple[str, str], float]:
        totals: dict[tuple[str, str], float] = defaultdict(float, self.baseline)
        for movements in self._movements.values():
            for m in movements:
                totals[(m.item, m.location)] += m.quantity
        return {key: round(value, 6) for key, value in sorted(totals.items())}

    def quantity(self, item: str, location: str) -> float:
        return self.on_hand().get((item, location), 0.0)

    def rows(self) -> list[dict[str, Any]]:
        return [{"item": item, "location": location, "quantityOnHand": qty} for (item, location), qty in self.on_hand().items()]
