"""Stock per store and product: what the shelves hold for the generator to sell, and the
final quantities a correct integration leaves in the ERP and in the web shop.

Flat lists indexed ``store * products + product`` keep it cheap and bounded by the world,
not the day. A sale only sells what is on the shelf; a last-unit race reserves its unit
for the racing sale. ERP quantities move only for posted records (an exception moves no
ERP stock); shop quantities move for every physical movement at a store that sells online.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..world import World


class StockLedger:
    def __init__(self, world: World) -> None:
        self.world = world
        self.width = len(world.products)
        self.start = [q for row in world.starting_stock for q in row]
        self.available = list(self.start)
        for store, product in world.races:
            self.available[store * self.width + product] = 0  # kept for the racing sale
        self.erp = [0] * len(self.start)
        self.shop = [0] * len(self.start)

    def take(self, store: int, product: int, wanted: int) -> int:
        """Units actually on the shelf for a sale (at most ``wanted``), taken off it."""
        slot = store * self.width + product
        got = min(wanted, self.available[slot])
        if got > 0:
            self.available[slot] -= got
        return max(got, 0)

    def put_back(self, store: int, product: int, quantity: int) -> None:
        self.available[store * self.width + product] += quantity

    def move(self, store: int, product: int, quantity: int, posted: bool) -> None:
        """A physical movement (signed) at a store; the ERP sees it only when ``posted``."""
        slot = store * self.width + product
        self.shop[slot] += quantity
        if posted:
            self.erp[slot] += quantity

    def lines(self) -> Iterator[dict[str, Any]]:
        """The final ``stock`` truth: ERP on-hand per item and location (baseline included),
        then web-shop ``available`` per SKU and shop location."""
        width = self.width
        for store in self.world.stores:
            if store.erp_location is None:
                continue
            base = store.index * width
            for product in self.world.products:
                slot = base + product.index
                yield {
                    "kind": "stock",
                    "system": "erp",
                    "item": product.erp_item_id,
                    "location": store.erp_location,
                    "quantity": self.start[slot] + self.erp[slot],
                }
        for store in self.world.stores:
            if store.shop_location is None:
                continue
            base = store.index * width
            location = str(store.shop_location)
            for product in self.world.products:
                slot = base + product.index
                yield {
                    "kind": "stock",
                    "system": "shop",
                    "item": product.sku,
                    "location": location,
                    "quantity": self.start[slot] + self.shop[slot],
                }
