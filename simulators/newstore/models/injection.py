"""``POST /v0/d/fulfill_order``: the order-injection body an integration sends, and the answer.

Required fields are those NewStore's API reference marks required (channel_name,
channel_type, currency, external_id, shipments, shop, shop_locale). Unknown fields are
accepted and kept: they count for the same-data comparison that makes injection idempotent.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .common import Amount, ExtendedAttribute, Lenient, Strict, UnsignedAmount


class InjectedAddress(Lenient):
    """Injection addresses spell ``address_line_1``; order payloads spell ``address_line1``."""

    address_line_1: str
    address_line_2: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    zip_code: str | None = None
    city: str | None = None
    state: str | None = None
    country: str = Field(min_length=2)
    phone: str | None = None


class TaxLine(Lenient):
    amount: Amount
    rate: float = 0.0
    name: str | None = None


class DiscountInfo(Lenient):
    price_adjustment: Amount = 0.0


class ItemPrice(Lenient):
    item_price: UnsignedAmount
    item_list_price: UnsignedAmount
    item_tax_lines: list[TaxLine] = Field(default_factory=list)
    item_discount_info: list[DiscountInfo] = Field(default_factory=list)
    item_order_discount_info: list[DiscountInfo] = Field(default_factory=list)


class InjectedItem(Lenient):
    """One unit of one product (NewStore lists a unit per item entry)."""

    external_item_id: str | None = None
    product_id: str = Field(min_length=1)
    price: ItemPrice


class ShippingOption(Lenient):
    service_level_identifier: str | None = None
    price: Amount = 0.0
    tax: Amount = 0.0


class InjectedShipment(Lenient):
    items: list[InjectedItem] = Field(min_length=1)
    shipping_option: ShippingOption | None = None


class InjectedPayment(Lenient):
    processor: str
    correlation_ref: str
    type: Literal["authorized", "captured"]
    amount: Amount
    method: str
    processed_at: str


class FulfillOrderRequest(Lenient):
    external_id: str = Field(min_length=1)
    channel_type: Literal["store", "web"]
    channel_name: str = Field(min_length=1)
    currency: str = Field(min_length=3, max_length=3)
    shop: str = Field(min_length=1)
    shop_locale: str = Field(min_length=1)
    shipments: list[InjectedShipment] = Field(min_length=1)
    placed_at: str | None = None
    price_method: Literal["tax_excluded", "tax_included"] = "tax_included"
    store_id: str | None = None
    associate_id: str | None = None
    customer_email: str | None = None
    customer_name: str | None = None
    external_customer_id: str | None = None
    billing_address: InjectedAddress | None = None
    shipping_address: InjectedAddress | None = None
    payments: list[InjectedPayment] = Field(default_factory=list)
    extended_attributes: list[ExtendedAttribute] = Field(default_factory=list)
    is_fulfilled: bool = False
    is_historical: bool = False
    is_preconfirmed: bool = False


class InjectedItemRef(Strict):
    external_item_id: str | None
    id: str
    product_id: str


class FulfillOrderResponse(Strict):
    """The answer to an injection, identical every time the same order is injected."""

    external_id: str
    id: str
    items: list[InjectedItemRef]
