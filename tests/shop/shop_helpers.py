"""Test data and a hand-driven clock shared by the web-shop simulator tests."""

from __future__ import annotations

from typing import Any

TOKEN = "shpat_test_app"
API = "/admin/api/2024-10"
WALL_START = 1_700_000_000.0


class FakeClock:
    """A clock tests move by hand, so the leaky bucket never needs a sleep."""

    def __init__(self, start: float = 0.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def world() -> dict[str, Any]:
    return {
        "access_tokens": [TOKEN],
        "locations": [{"id": 11, "name": "London Flagship", "city": "London"}, {"id": 12, "name": "Leeds"}],
        "products": [
            {
                "id": 21,
                "title": "Linen Shirt",
                "variants": [
                    {"id": 31, "sku": "SHIRT-S", "price": "39.5", "inventory_item_id": 41},
                    {"id": 32, "sku": "SHIRT-M", "price": 39.5, "inventory_item_id": 42},
                ],
            },
            {"id": 22, "title": "Tote Bag", "variants": [{"id": 33, "sku": "TOTE", "price": "12", "inventory_item_id": 43}]},
        ],
        "inventory": [
            {"inventory_item_id": 41, "location_id": 11, "available": 5},
            {"sku": "SHIRT-M", "location_id": 11, "available": 2},
            {"sku": "SHIRT-M", "location_id": 12, "available": 1},
        ],
    }
