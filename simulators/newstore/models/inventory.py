"""Stock, locations and stores as the integration reads them, and as ``/_sim/seed`` takes them.

Only ``stocked_products`` has a documented shape (apis.md); locations, stock locations and
stores keep the fields an integration looks up (ids, names, node ids) and accept more.
"""

from __future__ import annotations

from pydantic import Field

from .common import Lenient, Strict


class StockedProduct(Strict):
    """One row of ``GET /_/v0/hq/stocked_products``. ``atp`` is derived:
    ``max(0, on_hand - allocations - safety_stock)``."""

    sku: str
    product_id: str
    atp: int
    on_hand: int
    allocations: int
    safety_stock: int
    fulfillment_node_id: str
    price: float | None = None
    currency: str | None = None


class StockedProductSeed(Strict):
    """A stocked product in ``/_sim/seed``; ``atp``, when given, must equal the derived one."""

    sku: str = Field(min_length=1)
    product_id: str | None = None
    on_hand: int = Field(ge=0)
    allocations: int = Field(0, ge=0)
    safety_stock: int = Field(0, ge=0)
    atp: int | None = None
    fulfillment_node_id: str = Field(min_length=1)
    price: float | None = None
    currency: str | None = None


class PaginationInfo(Strict):
    count: int
    total: int
    offset: int


class StockedProductsPage(Strict):
    items: list[StockedProduct]
    pagination_info: PaginationInfo


class StoreAddress(Lenient):
    address_line_1: str | None = None
    city: str | None = None
    zip_code: str | None = None
    country: str | None = None


class Store(Lenient):
    """``GET /_/v0/stores/{store_id}``; each store is also a location (type ``store``)."""

    store_id: str = Field(min_length=1)
    display_name: str
    fulfillment_node_id: str | None = None
    timezone: str = "UTC"
    currency: str | None = None
    physical_address: StoreAddress | None = None
    active: bool = True


class Location(Lenient):
    """One entry of ``GET /v0/locations``: a store, a DC or any other stock-holding place."""

    id: str = Field(min_length=1)
    name: str
    type: str = "store"
    fulfillment_node_id: str | None = None


class StockLocation(Lenient):
    """One entry of ``GET /v0/stock_locations``: a bin inside a node (``main``, ``damaged``)."""

    name: str = Field(min_length=1)
    sellable: bool = True
