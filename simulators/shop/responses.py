"""What the Admin API answers, as pydantic models: the bodies ``spec.py`` publishes.

Each resource extends the payload that already declares its fields (a seed location, a
seed variant, a ``set`` body, a basket line) with what Shopify adds on the way out: ids,
timestamps, ``admin_graphql_api_id``. A shape is written once. Answers forbid unknown
fields and require every field, so a field the state starts rendering without declaring
it here fails ``tests/contracts/test_shop_fuzz.py``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .models import (
    FinancialStatus,
    Integer,
    Money,
    Positive,
    SeedLocation,
    SeedProduct,
    SeedVariant,
    SetLevel,
    ShopId,
    SimOrderLine,
)

# Set on every answer, including the ones that extend a request model with its own config.
ANSWER = ConfigDict(extra="forbid", json_schema_serialization_defaults_required=True)


class Location(SeedLocation):
    model_config = ANSWER
    id: ShopId
    legacy: bool
    created_at: datetime
    updated_at: datetime
    admin_graphql_api_id: str


class Variant(SeedVariant):
    model_config = ANSWER
    id: ShopId
    product_id: ShopId
    inventory_item_id: ShopId
    position: Positive
    compare_at_price: Money | None
    inventory_management: Literal["shopify"] | None
    inventory_quantity: Integer  # summed over every location; negative when oversold
    created_at: datetime
    updated_at: datetime
    admin_graphql_api_id: str


class Product(SeedProduct):
    model_config = ANSWER
    id: ShopId
    handle: str
    status: Literal["active", "archived", "draft"]
    variants: list[Variant] = Field(min_length=1)
    created_at: datetime
    updated_at: datetime
    published_at: datetime | None
    admin_graphql_api_id: str


class InventoryLevel(SetLevel):
    model_config = ANSWER
    updated_at: datetime
    admin_graphql_api_id: str


class LineItem(SimOrderLine):
    model_config = ANSWER
    id: ShopId
    variant_id: ShopId
    product_id: ShopId
    sku: str
    price: Money
    title: str
    variant_title: str
    fulfillable_quantity: Integer
    fulfillment_status: Literal["fulfilled", "partial", "not_eligible"] | None
    requires_shipping: bool


class ShippingLine(BaseModel):
    """Click and collect: the pickup location's name as ``title`` and ``code``."""

    model_config = ANSWER
    id: ShopId
    title: str
    code: str
    source: str
    price: Money
    discounted_price: Money


class Order(BaseModel):
    model_config = ANSWER
    id: ShopId
    admin_graphql_api_id: str
    name: str
    order_number: Positive
    email: str | None
    created_at: datetime
    updated_at: datetime
    processed_at: datetime
    closed_at: datetime | None
    cancelled_at: datetime | None
    currency: str
    financial_status: FinancialStatus
    fulfillment_status: Literal["fulfilled", "partial", "restocked"] | None
    source_name: str
    location_id: ShopId | None  # the pickup location, for click and collect
    subtotal_price: Money
    total_tax: Money
    total_price: Money
    line_items: list[LineItem]
    shipping_lines: list[ShippingLine]


class ProductList(BaseModel):
    model_config = ANSWER
    products: list[Product]


class ProductAnswer(BaseModel):
    model_config = ANSWER
    product: Product


class LocationList(BaseModel):
    model_config = ANSWER
    locations: list[Location]


class InventoryLevelList(BaseModel):
    model_config = ANSWER
    inventory_levels: list[InventoryLevel]


class InventoryLevelAnswer(BaseModel):
    model_config = ANSWER
    inventory_level: InventoryLevel


class OrderList(BaseModel):
    model_config = ANSWER
    orders: list[Order]


class OrderAnswer(BaseModel):
    model_config = ANSWER
    order: Order


class ErrorMessage(BaseModel):
    """``{"errors": "Not Found"}``: a request-level failure (401, 404, 429)."""

    model_config = ANSWER
    errors: str


class FieldErrors(BaseModel):
    """``{"errors": {"available": ["is invalid"]}}``: what is wrong, by field (400, 422)."""

    model_config = ANSWER
    errors: dict[str, list[str]]
