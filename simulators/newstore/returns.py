"""Returns and refunds against an order.

A return takes units of the order back (each returned item names the order item it
returns, so an integration can link it to the original sale) and publishes
``return.processed``. A refund pays money back, up to what was captured, and publishes
``refund_request.issued`` then ``payment_account.amount_refunded``. The caller holds the
state lock.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from pydantic import BaseModel

from . import errors
from .models import (
    AmountRefundedPayload,
    PublishedEvent,
    RefundRequest,
    RefundRequestIssuedPayload,
    ReturnItem,
    ReturnProcessedPayload,
    ReturnRequest,
)
from .orders import unit_key, units

Emit = Callable[[str, BaseModel | dict[str, Any]], None]
CENT = Decimal("0.01")


def _d(value: Any) -> Decimal:
    """A money value from a stored order; anything that is not a finite number counts as 0."""
    try:
        number = Decimal(str(value or 0))
    except InvalidOperation:
        return Decimal(0)
    return number if number.is_finite() else Decimal(0)


def _money(value: Decimal) -> float:
    return float(value.quantize(CENT, rounding=ROUND_HALF_UP))


def _refund_of(item: dict[str, Any], price_method: str | None) -> tuple[Decimal, Decimal, Decimal]:
    """(refund, excluding tax, tax) for one unit, after its discounts."""
    price = _d(item.get("pricebook_price")) - _d(item.get("item_discounts")) - _d(item.get("order_discounts"))
    tax = _d(item.get("tax"))
    if price_method == "tax_excluded":
        return price + tax, price, tax
    return price, price - tax, tax


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _sku(item: dict[str, Any]) -> Any:
    identifiers = item.get("external_identifiers")
    return identifiers.get("sku") if isinstance(identifiers, dict) else None


def captured_amount(order: dict[str, Any]) -> Decimal:
    """Captured payments; an order published without payments counts its grand total."""
    raw = order.get("payments")
    payments = [p for p in raw if isinstance(p, dict)] if isinstance(raw, list) else []
    if not payments:
        return _d(order.get("grand_total"))
    return sum((_d(p.get("amount")) for p in payments if p.get("type") == "captured"), Decimal(0))


class ReturnsDesk:
    def __init__(self, new_id: Callable[[str], str], emit: Emit, now: Callable[[], str]) -> None:
        self.new_id = new_id
        self.emit = emit
        self.now = now
        self.returns: dict[str, list[dict[str, Any]]] = {}
        self.refunds: dict[str, list[dict[str, Any]]] = {}
        self._returned: dict[str, set[str]] = {}
        self._accounts: dict[str, str] = {}

    # -- returns ---------------------------------------------------------------------------
    def create_return(self, order: dict[str, Any], request: ReturnRequest) -> dict[str, Any]:
        order_id = str(order["id"])
        claimed = set(self._returned.get(order_id, set()))
        items: list[ReturnItem] = []
        totals = [Decimal(0), Decimal(0), Decimal(0)]
        candidates = list(enumerate(units(order)))
        for wanted in request.items:
            found = next(
                (
                    (n, i)
                    for n, i in candidates
                    if unit_key(i, n) not in claimed
                    and i.get("status") != "cancelled"
                    and wanted.product_id in (i.get("product_id"), _sku(i))
                ),
                None,
            )
            if found is None:
                message = f"Product {wanted.product_id} has no unit left to return on order {order_id}."
                raise errors.bad_request(message, "item_not_returnable")
            index, unit = found
            claimed.add(unit_key(unit, index))
            refund, excl, tax = _refund_of(unit, order.get("price_method"))
            totals = [totals[0] + refund, totals[1] + excl, totals[2] + tax]
            items.append(
                ReturnItem(
                    id=unit_key(unit, index),
                    product_id=str(unit.get("product_id") or wanted.product_id),
                    refund_amount=_money(refund),
                    refund_excl_tax=_money(excl),
                    refund_tax=_money(tax),
                    item_condition=wanted.item_condition or "sellable",
                    return_reason=wanted.reason,
                    return_code=wanted.return_code,
                )
            )
        payload = ReturnProcessedPayload(
            id=self.new_id("return"),
            order_id=order_id,
            returned_at=request.returned_at or self.now(),
            total_refund_amount=_money(totals[0] - _d(request.return_fee)),
            total_refund_excl_tax=_money(totals[1]),
            total_refund_tax=_money(totals[2]),
            return_fee=request.return_fee,
            currency=str(order.get("currency") or ""),
            return_location_id=request.returned_from,
            customer_id=_text(order.get("customer_id")),
            items=items,
        )
        self._returned[order_id] = claimed
        record = payload.model_dump(mode="json")
        self.returns.setdefault(order_id, []).append(record)
        self.emit("return.processed", payload)
        return record

    def get_return(self, order_id: str, return_id: str) -> dict[str, Any]:
        found = next((r for r in self.returns.get(order_id, []) if r["id"] == return_id), None)
        if found is None:
            raise errors.not_found(f"Return {return_id} of order {order_id}")
        return found

    # -- refunds ---------------------------------------------------------------------------
    def create_refund(self, order: dict[str, Any], request: RefundRequest) -> dict[str, Any]:
        order_id = str(order["id"])
        currency = str(order.get("currency") or request.currency or "")
        if request.currency and order.get("currency") and request.currency != order["currency"]:
            raise errors.bad_request(
                f"Refund currency {request.currency} differs from order currency {currency}.", "currency_mismatch"
            )
        refunded = sum((_d(r["amount"]) for r in self.refunds.get(order_id, [])), Decimal(0))
        refundable = captured_amount(order) - refunded
        if _d(request.amount) > refundable:
            message = f"Refund of {request.amount} exceeds the refundable amount {_money(refundable)} of order {order_id}."
            raise errors.bad_request(message, "refund_amount_exceeds_captured_amount")
        account = request.payment_account_id or self._accounts.setdefault(order_id, self.new_id("payment_account"))
        issued = RefundRequestIssuedPayload(
            id=self.new_id("refund"),
            order_id=order_id,
            payment_account_id=account,
            amount=_money(_d(request.amount)),
            currency=currency,
            requested_at=self.now(),
            reason_code=request.reason_code or request.reason,
        )
        record = {**issued.model_dump(mode="json"), "status": "issued"}
        self.refunds.setdefault(order_id, []).append(record)
        self.emit("refund_request.issued", issued)
        refunded_payload = AmountRefundedPayload(
            id=self.new_id("refund_transaction"),
            payment_account_id=account,
            order_id=order_id,
            refund_request_id=issued.id,
            amount=issued.amount,
            currency=currency,
            refunded_at=self.now(),
        )
        self.emit("payment_account.amount_refunded", refunded_payload)
        return record

    def get_refund(self, order_id: str, refund_id: str) -> dict[str, Any]:
        found = next((r for r in self.refunds.get(order_id, []) if r["id"] == refund_id), None)
        if found is None:
            raise errors.not_found(f"Refund {refund_id} of order {order_id}")
        return found

    def apply(self, event: PublishedEvent) -> None:
        """Returns and refunds the POS published become visible through the API."""
        payload = event.payload
        order_id = payload.get("order_id")
        if not isinstance(order_id, str) or not order_id:
            return
        if event.name == "return.processed":
            self.returns.setdefault(order_id, []).append(dict(payload))
            items = payload.get("items")
            ids = {str(i.get("id")) for i in items if isinstance(i, dict)} if isinstance(items, list) else set()
            self._returned.setdefault(order_id, set()).update(ids)
        elif event.name == "refund_request.issued":
            self.refunds.setdefault(order_id, []).append({**payload, "status": "issued"})
