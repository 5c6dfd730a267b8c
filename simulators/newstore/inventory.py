"""Stocked products, locations, stock locations and stores, seeded through ``/_sim/seed``.

Stock moves with fulfilment: a fulfillment request allocates a unit at its node, a
shipment takes it off hand, a rejection releases it. ``atp`` is always derived, so what
an integration reads stays consistent with what happened.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .models import Location, StockedProduct, StockedProductSeed, StockLocation, Store


@dataclass
class StockRow:
    sku: str
    product_id: str
    on_hand: int
    allocations: int
    safety_stock: int
    fulfillment_node_id: str
    price: float | None
    currency: str | None

    @property
    def atp(self) -> int:
        return max(0, self.on_hand - self.allocations - self.safety_stock)

    def to_dict(self) -> dict[str, Any]:
        return StockedProduct(
            sku=self.sku,
            product_id=self.product_id,
            atp=self.atp,
            on_hand=self.on_hand,
            allocations=self.allocations,
            safety_stock=self.safety_stock,
            fulfillment_node_id=self.fulfillment_node_id,
            price=self.price,
            currency=self.currency,
        ).model_dump(mode="json")


def _row(seed: StockedProductSeed) -> StockRow:
    row = StockRow(
        seed.sku,
        seed.product_id or seed.sku,
        seed.on_hand,
        seed.allocations,
        seed.safety_stock,
        seed.fulfillment_node_id,
        seed.price,
        seed.currency,
    )
    if seed.atp is not None and seed.atp != row.atp:
        raise ValueError(f"stocked product {seed.sku}: atp {seed.atp} != on_hand - allocations - safety_stock ({row.atp})")
    return row


class Inventory:
    def __init__(self) -> None:
        self.rows: list[StockRow] = []
        self.stores: dict[str, Store] = {}
        self.locations: dict[str, Location] = {}
        self.stock_locations: list[StockLocation] = [StockLocation(name="main")]

    def seed(self, world: dict[str, Any]) -> None:
        """Replace each collection ``world`` names; validate everything before changing anything."""
        rows = (
            [_row(StockedProductSeed.model_validate(p)) for p in world["stocked_products"]]
            if "stocked_products" in world
            else None
        )
        stores = [Store.model_validate(s) for s in world["stores"]] if "stores" in world else None
        locations = [Location.model_validate(x) for x in world["locations"]] if "locations" in world else None
        bins = [StockLocation.model_validate(x) for x in world["stock_locations"]] if "stock_locations" in world else None
        if rows is not None:
            self.rows = rows
        if stores is not None:
            self.stores = {s.store_id: s for s in stores}
        if locations is not None:
            self.locations = {x.id: x for x in locations}
        if bins is not None:
            self.stock_locations = bins

    # -- reads ---------------------------------------------------------------------------
    def page(self, limit: int, offset: int, node: str | None = None) -> dict[str, Any]:
        rows = [r for r in self.rows if node is None or r.fulfillment_node_id == node]
        items = [r.to_dict() for r in rows[offset : offset + limit]]
        return {"items": items, "pagination_info": {"count": len(items), "total": len(rows), "offset": offset}}

    def all_locations(self) -> list[dict[str, Any]]:
        """Seeded locations, then every store not already listed (as a ``store`` location)."""
        listed = [x.model_dump(mode="json") for x in self.locations.values()]
        for store in self.stores.values():
            if store.store_id not in self.locations:
                listed.append(
                    Location(
                        id=store.store_id, name=store.display_name, type="store", fulfillment_node_id=store.fulfillment_node_id
                    ).model_dump(mode="json")
                )
        return listed

    def store(self, store_id: str) -> dict[str, Any] | None:
        store = self.stores.get(store_id)
        return store.model_dump(mode="json") if store is not None else None

    def sku_of(self, product_id: str) -> str:
        return next((r.sku for r in self.rows if product_id in (r.product_id, r.sku)), product_id)

    def node_of_store(self, store_id: str) -> str | None:
        store = self.stores.get(store_id)
        return (store.fulfillment_node_id or store.store_id) if store is not None else None

    # -- stock movements -------------------------------------------------------------------
    def _find(self, node: str, product_id: str) -> StockRow | None:
        return next((r for r in self.rows if r.fulfillment_node_id == node and product_id in (r.product_id, r.sku)), None)

    def allocate(self, node: str, product_id: str) -> None:
        if (row := self._find(node, product_id)) is not None:
            row.allocations += 1

    def release(self, node: str, product_id: str) -> None:
        if (row := self._find(node, product_id)) is not None:
            row.allocations = max(0, row.allocations - 1)

    def ship(self, node: str, product_id: str) -> None:
        if (row := self._find(node, product_id)) is not None:
            row.allocations = max(0, row.allocations - 1)
            row.on_hand = max(0, row.on_hand - 1)
