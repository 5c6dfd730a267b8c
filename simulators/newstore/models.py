"""NewStore payload shapes: the event-stream envelope, order events and registrations.

These pydantic models are the single source of truth: the scenario generator builds
payloads with them and ``contracts/`` generates the committed JSON Schemas from them.
Field names follow NewStore's documentation (see ../shared/reference/apis.md).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

EventName = Literal[
    "order.created",
    "order.opened",
    "order.completed",
    "order.cancelled",
    "order.items_cancelled",
    "order.items_swapped",
    "fulfillment_request.assigned",
    "fulfillment_request.items_completed",
    "fulfillment_request.items_failed",
    "fulfillment_request.items_ready_for_handover",
    "return.processed",
    "refund_request.issued",
    "payment_account.amount_refunded",
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Address(_Strict):
    first_name: str
    last_name: str
    address_line1: str
    zip_code: str
    city: str
    state: str | None = None
    country: str
    phone: str | None = None


class ExternalIdentifiers(_Strict):
    sku: str
    ean13: str | None = None
    upc: str | None = None


class TaxProviderDetail(_Strict):
    name: str
    amount: float
    rate: float


class ExtendedAttribute(_Strict):
    name: str
    value: str


class OrderItem(_Strict):
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


class Payment(_Strict):
    processor: str
    correlation_ref: str
    type: Literal["authorized", "captured"]
    amount: float
    method: str
    processed_at: str


class OrderPayload(_Strict):
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


class EventEnvelope(_Strict):
    """What the integration receives: ``{"tenant","name","published_at","payload"}``."""

    tenant: str
    name: EventName
    published_at: str
    payload: dict[str, object]


class CallbackParameters(BaseModel):
    model_config = ConfigDict(extra="allow")
    callback_url: str = Field(pattern=r"^https?://")
    api_key: str | None = None


class EventStreamRegistration(BaseModel):
    """``POST /api/v1/org/integrations/eventstream`` body."""

    model_config = ConfigDict(extra="allow")
    id: str = Field(min_length=1)
    callback_parameters: CallbackParameters
    integration_type: Literal["permanent", "temporary"] = "permanent"
    filter_conditions: list[str] | dict[str, object] | None = None


class PublishedEvent(_Strict):
    """One event the harness asks the simulator to publish (admin surface)."""

    name: EventName
    published_at: str
    payload: dict[str, object]
