"""NewStore payloads -> ERP records: sales orders, fulfilment invoices, credit memos.

Pure functions over the event payloads (shapes in ``simulators/newstore/models``). Each
builder maps references in the contract's order (store, currency, payment method, tax
codes, items) and raises :class:`~.mappings.Unmappable` at the first value with no row.

* an order (in-store or web) -> ``salesOrder`` eid = its ``external_id``; an in-store sale
  also moves stock (``STOCK-<external_id>``), a web order's stock moves with each parcel;
* a completed fulfilment request -> ``invoice`` eid ``INV-<request id>`` of that parcel's
  units, stock ``STOCK-INV-<request id>``;
* a return -> ``creditMemo`` eid ``RET-<return id>`` at the returning store, rate =
  ``refund_excl_tax`` per unit; stock comes back (``STOCK-RET-<return id>``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .mappings import Lookups
from .records import Posting, Unit, dec, item_lines, sale_header, stock_adjustment


def captured(order: dict[str, Any]) -> bool:
    return any(p.get("type") == "captured" for p in order.get("payments") or [])


def tenders(order: dict[str, Any]) -> dict[str, Decimal]:
    """Payment method -> amount taken, in order of first use (captured payments; all if none is)."""
    payments = order.get("payments") or []
    counted = [p for p in payments if p.get("type") == "captured"] or payments
    totals: dict[str, Decimal] = {}
    for payment in counted:
        method = str(payment.get("method"))
        totals[method] = totals.get(method, Decimal(0)) + dec(payment.get("amount", 0))
    return totals


def largest_tender(order: dict[str, Any]) -> str | None:
    """The payment method that took the most money."""
    totals = tenders(order)
    return max(totals, key=lambda m: totals[m]) if totals else None


def unit_net(item: dict[str, Any], price_method: str, strip_included_tax: bool = True) -> Decimal:
    """One unit's price excluding tax, after item and order discounts (unrounded)."""
    price = dec(item["pricebook_price"]) - dec(item.get("item_discounts") or 0) - dec(item.get("order_discounts") or 0)
    if price_method == "tax_included" and strip_included_tax:
        rate = sum((dec(t.get("rate", 0)) for t in item.get("tax_provider_details") or []), Decimal(0))
        price = price / (1 + rate)
    return price


def _tax_name(item: dict[str, Any]) -> str | None:
    details = item.get("tax_provider_details") or []
    return str(details[0]["name"]) if details else None


def order_units(order: dict[str, Any], strip_included_tax: bool = True) -> list[Unit]:
    method = str(order.get("price_method", "tax_included"))
    return [
        Unit(str(i["product_id"]), int(i.get("quantity", 1)), unit_net(i, method, strip_included_tax), _tax_name(i))
        for i in order.get("items", [])
    ]


def business_day(timestamp: object) -> str:
    return str(timestamp)[:10]


def sales_order(order: dict[str, Any], store_id: str, lookups: Lookups, strip_included_tax: bool = True) -> Posting:
    """The ``salesOrder`` of an in-store sale or a web order (collected at ``store_id``)."""
    external_id = str(order["external_id"])
    refs = lookups.store(store_id)
    customer = lookups.customer(store_id)
    currency = lookups.currency(str(order["currency"]))
    methods = {method: lookups.payment_method(method) for method in tenders(order)}  # every tender must map
    method = largest_tender(order)
    payment_method = methods[method] if method is not None else None
    units = order_units(order, strip_included_tax)
    day = business_day(order.get("placed_at") or order.get("created_at"))
    body = sale_header(refs, customer, currency, day, f"NewStore order {order['id']}")
    body["otherRefNum"] = external_id
    if payment_method is not None:
        body["paymentMethod"] = {"id": payment_method}
    body["item"] = {"items": item_lines(units, lookups, refs.location)}
    in_store = order.get("channel_type") == "store"
    adjustment = stock_adjustment(units, -1, refs, day, f"NewStore sale {external_id}", lookups) if in_store else None
    return Posting("salesOrder", external_id, body, adjustment)


def parcel_units(order: dict[str, Any], parcel: dict[str, str], strip_included_tax: bool = True) -> list[Unit]:
    """The order's units in one parcel (``parcel``: unit id -> product id), priced as on the order."""
    method = str(order.get("price_method", "tax_included"))
    by_id = {str(i["id"]): i for i in order.get("items", [])}
    by_product = {str(i["product_id"]): i for i in order.get("items", [])}
    units = []
    for unit_id, product_id in parcel.items():
        item = by_id.get(unit_id) or by_product.get(product_id)
        if item is None:
            continue  # not an item of this order: nothing to invoice for it
        units.append(Unit(str(item["product_id"]), 1, unit_net(item, method, strip_included_tax), _tax_name(item)))
    return units


def invoice(
    order: dict[str, Any],
    request_id: str,
    parcel: dict[str, str],
    store_id: str,
    picked_at_store: str,
    picked_on: str,
    lookups: Lookups,
    strip_included_tax: bool = True,
) -> Posting:
    """The ``invoice`` of one collected fulfilment request: that parcel's units, grouped per product.

    It belongs to the collecting store (``store_id``), like its order; its stock left the
    store that picked it (``picked_at_store``), on the day the last unit was picked.
    """
    external_id = f"INV-{request_id}"
    refs = lookups.store(store_id)
    picked_at = lookups.store(picked_at_store) if picked_at_store != store_id else refs
    units = parcel_units(order, parcel, strip_included_tax)
    day = picked_on or business_day(order.get("placed_at") or order.get("created_at"))
    body: dict[str, Any] = {
        "externalId": external_id,
        "location": {"id": refs.location},
        "tranDate": day,
        "memo": f"NewStore fulfilment request {request_id}",
        "item": {"items": item_lines(units, lookups, refs.location)},
    }
    adjustment = stock_adjustment(units, -1, picked_at, day, f"NewStore parcel {request_id}", lookups)
    return Posting("invoice", external_id, body, adjustment)


@dataclass(frozen=True)
class OrderRef:
    """What a return needs of its original order."""

    order_id: str
    external_id: str
    tax_names: dict[str, str] = field(default_factory=dict)  # product id -> tax name on the order

    @classmethod
    def of(cls, order: dict[str, Any]) -> OrderRef:
        taxes = {str(i["product_id"]): name for i in order.get("items", []) if (name := _tax_name(i)) is not None}
        return cls(str(order["id"]), str(order["external_id"]), taxes)


def credit_memo(ret: dict[str, Any], original: OrderRef | None, lookups: Lookups) -> Posting:
    """The ``creditMemo`` of a return at its returning store (createdFrom is set when it is written)."""
    external_id = f"RET-{ret['id']}"
    store_id = str(ret["return_location_id"])
    refs = lookups.store(store_id)
    customer = lookups.customer(store_id)
    currency = lookups.currency(str(ret["currency"]))
    units = []
    for item in ret.get("items", []):
        quantity = int(item.get("quantity", 1))
        tax = original.tax_names.get(str(item["product_id"])) if original is not None else None
        units.append(Unit(str(item["product_id"]), quantity, dec(item["refund_excl_tax"]) / quantity, tax))
    day = business_day(ret.get("returned_at"))
    body = sale_header(refs, customer, currency, day, f"NewStore return {ret['id']}")
    body["item"] = {"items": item_lines(units, lookups, refs.location)}
    adjustment = stock_adjustment(units, +1, refs, day, f"NewStore return {ret['id']}", lookups)
    return Posting("creditMemo", external_id, body, adjustment)
