"""Map a NewStore in-store order to a NetSuite sales order, through the cross-reference tables.

Every reference goes through a lookup; the first value with no row stops the mapping
and names the field, so the record can go to the exception queue instead of the ERP.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from .mappings import CrossReference

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Unmappable:
    field: str
    value: str

    @property
    def reason(self) -> str:
        return f"no ERP mapping for {self.field} {self.value!r}"


class _Missing(Exception):
    def __init__(self, problem: Unmappable) -> None:
        self.problem = problem


def _need(xref: CrossReference, table: str, field: str, value: str) -> str:
    mapped = xref.lookup(table, value)
    if mapped is None:
        raise _Missing(Unmappable(field, value))
    return mapped


def _net(price: float, rate: float, price_method: str) -> str:
    gross = Decimal(str(price))
    if price_method == "tax_included":
        return str((gross / (1 + Decimal(str(rate)))).quantize(CENT, rounding=ROUND_HALF_UP))
    return str(gross.quantize(CENT, rounding=ROUND_HALF_UP))


def sales_order_body(order: dict[str, Any], xref: CrossReference) -> dict[str, Any] | Unmappable:
    """The salesOrder body for ``order``, or what could not be mapped."""
    try:
        store = str(order["channel"])
        location = _need(xref, "locations", "location", store)
        body: dict[str, Any] = {
            "entity": {"id": _need(xref, "store_customers", "customer", store)},
            "subsidiary": {"id": _need(xref, "store_subsidiaries", "subsidiary", store)},
            "location": {"id": location},
            "currency": {"id": _need(xref, "currencies", "currency", str(order["currency"]))},
            "tranDate": str(order["placed_at"])[:10],
            "otherRefNum": str(order["external_id"]),
            "memo": f"NewStore order {order['id']}",
        }
        payments = order.get("payments") or []
        method = str(payments[0]["method"]) if payments else "none"
        body["paymentMethod"] = {"id": _need(xref, "payment_methods", "payment_method", method)}
        lines: OrderedDict[str, dict[str, Any]] = OrderedDict()
        for unit in order["items"]:
            product_id = str(unit["product_id"])
            if product_id in lines:
                lines[product_id]["quantity"] += int(unit.get("quantity", 1))
                continue
            tax = (unit.get("tax_provider_details") or [{"name": "none", "rate": 0}])[0]
            lines[product_id] = {
                "item": {"id": _need(xref, "items", "item", product_id)},
                "quantity": int(unit.get("quantity", 1)),
                "rate": float(_net(unit["pricebook_price"], tax["rate"], str(order["price_method"]))),
                "taxCode": {"id": _need(xref, "tax_codes", "tax_code", str(tax["name"]))},
                "location": {"id": location},
            }
        body["item"] = {"items": list(lines.values())}
        return body
    except _Missing as missing:
        return missing.problem
