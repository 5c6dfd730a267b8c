"""Order payloads: ``order.created|opened|completed|cancelled`` carry the whole order;
``order.items_cancelled`` and ``order.items_swapped`` carry the items that changed.

Field names follow ../shared/reference/apis.md. The two item-change payloads are not
documented field by field: their shapes are *inferred* (see docs/simulators/newstore.md).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .common import Address, ExtendedAttribute, Strict


class ExternalIdentifiers(Strict):
    sku: str
    ean13: str | None = None
    upc: str | None = None


class TaxProviderDetail(Strict):
    name: str
    amount: float
    rate: float


class OrderItem(Strict):
    """One unit: order injection lists one item entry per unit (quantity 1)."""

    id: str
    item_type: Literal["product"] = "product"
    product_id: str
    pricebook_price: float
    list_price: float
    item_discounts: float = 0.0
    order_discounts: float = 0.0
    tax: float
    tax_provider_details: list[TaxProviderDetail] = Field(default_factory=list)
    quantity: int = 1
    status: str
    external_identifiers: ExternalIdentifiers


class Payment(Strict):
    processor: str
    correlation_ref: str
    type: Literal["authorized", "captured"]
    amount: float
    method: str
    processed_at: str


class OrderPayload(Strict):
    """The payload of ``order.created`` / ``order.completed`` events and of order GETs."""

    id: str
    external_id: str
    created_at: str
    placed_at: str
    associate_id: str | None = None
    channel_type: Literal["store", "web"]
    channel: str
    is_exchange: bool = False
    customer_email: str | None = None
    customer_id: str | None = None
    billing_address: Address | None = None
    shipping_address: Address | None = None
    price_method: Literal["tax_excluded", "tax_included"]
    subtotal: float
    discount_total: float
    shipping_total: float
    shipping_tax: float
    tax_total: float
    grand_total: float
    currency: str
    tax_exempt: bool = False
    extended_attributes: list[ExtendedAttribute] = Field(default_factory=list)
    items: list[OrderItem]
    payments: list[Payment] = Field(default_factory=list)
    status: str = "created"


class CancelledItem(Strict):
    """One cancelled unit (*inferred* shape)."""

    id: str
    product_id: str
    quantity: int = 1


class OrderItemsCancelledPayload(Strict):
    """``order.items_cancelled``: some units of an order were cancelled (*inferred* shape)."""

    id: str
    external_id: str | None = None
    cancelled_at: str
    reason: str | None = None
    items: list[CancelledItem] = Field(min_length=1)


class SwappedItem(Strict):
    """One unit whose product was exchanged for another (*inferred* shape)."""

    id: str
    previous_product_id: str
    product_id: str


class OrderItemsSwappedPayload(Strict):
    """``order.items_swapped``: units swapped for other products, e.g. a size (*inferred*)."""

    id: str
    external_id: str | None = None
    swapped_at: str
    items: list[SwappedItem] = Field(min_length=1)
