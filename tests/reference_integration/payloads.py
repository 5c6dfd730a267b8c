"""Hand-made POS payloads, each validated against the simulator's own pydantic model.

NewStore payloads go through ``simulators.newstore.models`` (the event schemas); Sitoo
orders through ``simulators.sitoo.orders.build_order``, which turns a written order into
the stored one a ``GET`` serves, totals and all.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from simulators.newstore.models import FulfillmentRequestPayload, OrderPayload, ReturnProcessedPayload
from simulators.sitoo.models import Order
from simulators.sitoo.orders import build_order

from .rig import LEEDS, PRICE, VAT

PLACED = "2026-11-27T10:15:00.000Z"


def _money(value: Decimal) -> float:
    return float(value.quantize(Decimal("0.01"), ROUND_HALF_UP))


def unit(unit_id: str, sku: str, price: str | None = None, discount: str = "0", tax: str = VAT) -> dict[str, Any]:
    gross = Decimal(price or PRICE[sku])
    return {
        "id": unit_id,
        "product_id": sku,
        "pricebook_price": float(gross),
        "list_price": float(gross),
        "item_discounts": float(Decimal(discount)),
        "tax": _money((gross - Decimal(discount)) / 6),
        "tax_provider_details": [{"name": tax, "amount": _money((gross - Decimal(discount)) / 6), "rate": 0.2}],
        "status": "completed",
        "external_identifiers": {"sku": sku},
    }


def order(
    order_id: str,
    external_id: str,
    units: list[dict[str, Any]],
    channel: str = LEEDS,
    channel_type: str = "store",
    payments: list[tuple[str, str, str]] | None = None,
    status: str = "completed",
) -> dict[str, Any]:
    """An ``order.*`` payload; ``payments`` are (method, amount, type) and default to one captured card payment."""
    gross = sum((Decimal(str(u["pricebook_price"])) - Decimal(str(u["item_discounts"])) for u in units), Decimal(0))
    paid = payments if payments is not None else [("card", str(gross), "captured")]
    payload = {
        "id": order_id,
        "external_id": external_id,
        "created_at": PLACED,
        "placed_at": PLACED,
        "channel_type": channel_type,
        "channel": channel,
        "price_method": "tax_included",
        "subtotal": float(gross),
        "discount_total": 0.0,
        "shipping_total": 0.0,
        "shipping_tax": 0.0,
        "tax_total": float(sum((Decimal(str(u["tax"])) for u in units), Decimal(0))),
        "grand_total": float(gross),
        "currency": "GBP",
        "items": units,
        "payments": [
            {
                "processor": "adyen",
                "correlation_ref": f"ref-{n}",
                "type": kind,
                "amount": float(amount),
                "method": method,
                "processed_at": PLACED,
            }
            for n, (method, amount, kind) in enumerate(paid)
        ],
        "status": status,
    }
    return OrderPayload.model_validate(payload).model_dump(mode="json")


def fulfilment(
    request_id: str, order_id: str, units: list[dict[str, Any]], store: str = LEEDS, timestamp: int = 1
) -> dict[str, Any]:
    payload = {
        "id": request_id,
        "order_id": order_id,
        "logical_timestamp": timestamp,
        "fulfillment_location_id": store,
        "service_level": "click_and_collect",
        "items": [{"id": u["id"], "product_id": u["product_id"]} for u in units],
    }
    return FulfillmentRequestPayload.model_validate(payload).model_dump(mode="json")


def returned(return_id: str, order_id: str | None, units: list[dict[str, Any]], store: str) -> dict[str, Any]:
    items = []
    for u in units:
        net = Decimal(str(u["pricebook_price"])) - Decimal(str(u["item_discounts"]))
        items.append(
            {
                "id": u["id"],
                "product_id": u["product_id"],
                "quantity": 1,
                "refund_amount": float(net),
                "refund_excl_tax": _money(net / Decimal("1.2")),
                "refund_tax": _money(net - net / Decimal("1.2")),
            }
        )
    payload = {
        "id": return_id,
        "order_id": order_id,
        "returned_at": "2026-11-27T15:00:00.000Z",
        "total_refund_amount": sum(i["refund_amount"] for i in items),
        "total_refund_excl_tax": sum(i["refund_excl_tax"] for i in items),
        "total_refund_tax": sum(i["refund_tax"] for i in items),
        "currency": "GBP",
        "return_location_id": store,
        "items": items,
    }
    return ReturnProcessedPayload.model_validate(payload).model_dump(mode="json")


def sitoo_order(
    lines: list[tuple[str, int, str]],
    payments: list[tuple[str, str]],
    warehouseid: int = 1,
    creditorderid: int | None = None,
    registerid: str | None = None,
    discount: str = "0",
) -> dict[str, Any]:
    """A till order as ``POST /_sim/orders`` takes it: lines are (sku, quantity, net unit price)."""
    body: dict[str, Any] = {
        "warehouseid": warehouseid,
        "currencycode": "GBP",
        "orderdate": 1795772100,  # 2026-11-27T09:35:00Z
        "orderitems": [
            {"sku": sku, "quantity": quantity, "moneynetpriceperunit": price, "vatvalue": 20, "moneydiscount": discount}
            for sku, quantity, price in lines
        ],
        "payments": [{"name": name, "moneyamount": amount} for name, amount in payments],
    }
    if creditorderid is not None:
        body["creditorderid"] = creditorderid
    if registerid is not None:
        body["registerid"] = registerid
    return body


def stored_sitoo_order(body: dict[str, Any], orderid: int) -> dict[str, Any]:
    """The order as Sitoo stores and serves it (closed and paid, as the tills ring it up)."""
    return build_order(
        Order.model_validate({"orderstateid": 10, "paymentstateid": 20, "eshopid": 1, **body}), orderid, 1795772100
    )
