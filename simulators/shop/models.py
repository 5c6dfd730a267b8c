"""Payload shapes the web-shop simulator accepts, as pydantic models.

Two families: what an integration sends to the Admin API (inventory ``set`` and
``adjust`` bodies, Shopify's field names, unknown fields ignored as Shopify ignores them)
and what the harness sends to ``/_sim/`` (the seed world and web orders, unknown fields
refused so that a typo in a scenario fails loudly). Ids are integers, as Shopify's are;
integer strings such as ``"5"`` are accepted as Rails would coerce them, booleans are not.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field


def _not_bool(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("is not a number")
    return value


Integer = Annotated[int, BeforeValidator(_not_bool)]
# The bound before the validator, so that the JSON Schema says exclusiveMinimum, not "gt".
Positive = Annotated[int, Field(gt=0), BeforeValidator(_not_bool)]
ShopId = Positive
Money = Annotated[Decimal, AfterValidator(lambda d: d.quantize(Decimal("0.01")))]
InventoryPolicy = Literal["deny", "continue"]
FinancialStatus = Literal["pending", "authorized", "paid", "partially_paid", "voided"]


class _Harness(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SeedLocation(_Harness):
    id: ShopId | None = None
    name: str
    address1: str | None = None
    city: str | None = None
    zip: str | None = None
    country_code: str = "GB"
    active: bool = True


class SeedVariant(_Harness):
    id: ShopId | None = None
    sku: str = ""
    price: Money
    title: str = "Default Title"
    barcode: str | None = None
    inventory_item_id: ShopId | None = None
    inventory_policy: InventoryPolicy = "deny"


class SeedProduct(_Harness):
    id: ShopId | None = None
    title: str
    handle: str | None = None
    vendor: str = ""
    product_type: str = ""
    tags: str = ""
    variants: Sequence[SeedVariant] = Field(min_length=1)  # Sequence: responses.Product narrows it


class SeedInventory(_Harness):
    """One inventory level; the item is named by ``inventory_item_id`` or by ``sku``."""

    inventory_item_id: ShopId | None = None
    sku: str | None = None
    location_id: ShopId
    available: Integer


class SetLevel(BaseModel):
    """``POST /inventory_levels/set.json`` (``disconnect_if_necessary`` is ignored)."""

    model_config = ConfigDict(extra="ignore")
    location_id: ShopId
    inventory_item_id: ShopId
    available: Integer


class AdjustLevel(BaseModel):
    """``POST /inventory_levels/adjust.json``."""

    model_config = ConfigDict(extra="ignore")
    location_id: ShopId
    inventory_item_id: ShopId
    available_adjustment: Integer


class SimOrderLine(_Harness):
    """A basket line, by ``variant_id`` or ``sku``; ``price`` defaults to the variant's."""

    variant_id: ShopId | None = None
    sku: str | None = None
    quantity: Positive
    price: Money | None = None


class SimOrder(_Harness):
    """A web order as the shop's checkout would create it (``POST /_sim/orders``)."""

    id: ShopId | None = None
    email: str | None = None
    pickup_location_id: ShopId | None = None
    financial_status: FinancialStatus = "paid"
    inventory_behaviour: Literal["bypass", "decrement_ignoring_policy", "decrement_obeying_policy"] = "decrement_obeying_policy"
    line_items: list[SimOrderLine] = Field(min_length=1)
