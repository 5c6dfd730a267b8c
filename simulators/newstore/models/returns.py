"""Returns and refunds: event payloads and the bodies an integration posts."""

from __future__ import annotations

from pydantic import Field

from .common import MAX_AMOUNT, Lenient, Strict, UnsignedAmount


class ReturnItem(Strict):
    id: str
    product_id: str
    quantity: int = 1
    refund_amount: float
    refund_excl_tax: float
    refund_tax: float
    item_condition: str | None = None
    return_reason: str | None = None
    return_code: str | None = None


class ReturnProcessedPayload(Strict):
    """``return.processed``. ``order_id`` is null and ``external_order_id`` (*inferred*
    name) carries the POS's order reference for blind returns of externally managed orders."""

    id: str
    order_id: str | None
    returned_at: str
    total_refund_amount: float
    total_refund_excl_tax: float
    total_refund_tax: float
    return_fee: float = 0.0
    currency: str
    return_location_id: str
    customer_id: str | None = None
    items: list[ReturnItem]
    external_order_id: str | None = None


class RefundRequestIssuedPayload(Strict):
    """``refund_request.issued``."""

    id: str
    order_id: str
    payment_account_id: str
    amount: float
    currency: str
    requested_at: str
    reason_code: str | None = None


class AmountRefundedPayload(Strict):
    """``payment_account.amount_refunded`` (*inferred* shape: ``id`` is the refund
    transaction, so deduplicating on id + event name never merges two refunds)."""

    id: str
    payment_account_id: str
    order_id: str
    refund_request_id: str
    amount: float
    currency: str
    refunded_at: str


class ReturnRequestItem(Lenient):
    product_id: str = Field(min_length=1)
    reason: str | None = None
    item_condition: str | None = None
    return_code: str | None = None


class ReturnRequest(Lenient):
    """``POST /v0/d/orders/{order_id}/returns`` body."""

    items: list[ReturnRequestItem] = Field(min_length=1)
    returned_from: str = Field(min_length=1)
    returned_at: str | None = None
    return_fee: UnsignedAmount = 0.0


class RefundRequest(Lenient):
    """``POST /v0/d/orders/{order_id}/refunds`` body (*inferred* fields)."""

    amount: float = Field(gt=0, le=MAX_AMOUNT)
    currency: str | None = None
    reason_code: str | None = None
    reason: str | None = None
    payment_account_id: str | None = None
