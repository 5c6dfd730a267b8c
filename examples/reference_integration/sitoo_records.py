"""Sitoo orders -> ERP records: a sale is a ``cashSale``, a refund a ``creditMemo``.

Pure functions over an order as ``GET .../orders.json`` serves it (Sitoo REST v2: money as
2-decimal strings, dates as Unix seconds). The store is found through the order's
``warehouseid`` (``sitoo_warehouses.csv``). A refund is an order with ``creditorderid`` set
and negative quantities: its credit memo has positive quantities and is createdFrom the
cash sale ``SITOO-<creditorderid>`` (set when it is written, see ``erp_writer``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from .mappings import Lookups
from .records import Posting, Unit, dec, item_lines, sale_header, stock_adjustment, stock_units

PRODUCT_LINE = 10
CLOSED = 10
PAYMENT_SUCCESSFUL = 20


def external_id(orderid: object) -> str:
    return f"SITOO-{orderid}"


def is_refund(order: dict[str, Any]) -> bool:
    return order.get("creditorderid") is not None


def is_final(order: dict[str, Any]) -> bool:
    """Closed and paid: the only state in which a till order becomes an ERP record."""
    return order.get("orderstateid") == CLOSED and order.get("paymentstateid") == PAYMENT_SUCCESSFUL


def business_day(epoch_seconds: object) -> str:
    return datetime.fromtimestamp(int(str(epoch_seconds)), UTC).date().isoformat()


def order_units(order: dict[str, Any]) -> list[Unit]:
    """Product lines as positive units: net unit price less the unit's share of the line discount."""
    units = []
    for line in order.get("orderitems", []):
        quantity = abs(int(line.get("quantity", 0)))
        if line.get("orderitemtype", PRODUCT_LINE) != PRODUCT_LINE or quantity == 0 or not line.get("sku"):
            continue
        net = abs(dec(line.get("moneynetpriceperunit") or 0)) - abs(dec(line.get("moneydiscount") or 0)) / quantity
        taxes = line.get("salestaxes") or []
        tax = str(taxes[0]["name"]) if taxes and taxes[0].get("name") else None
        units.append(Unit(str(line["sku"]), quantity, net, tax))
    return units


def tenders(order: dict[str, Any]) -> dict[str, Decimal]:
    """Payment name -> amount taken (refunds: given back), in order of first use."""
    totals: dict[str, Decimal] = {}
    for payment in order.get("payments", []):
        name = str(payment["name"])
        totals[name] = totals.get(name, Decimal(0)) + abs(dec(payment.get("moneyamount") or 0))
    return totals


def largest_tender(order: dict[str, Any]) -> str | None:
    totals = tenders(order)
    return max(totals, key=lambda m: totals[m]) if totals else None


def store_of(order: dict[str, Any], lookups: Lookups) -> str:
    return lookups.sitoo_store(order.get("warehouseid"))


def posting(order: dict[str, Any], lookups: Lookups) -> Posting:
    """The ``cashSale`` of a sale or the ``creditMemo`` of a refund."""
    refund = is_refund(order)
    store_id = store_of(order, lookups)
    refs = lookups.store(store_id)
    customer = lookups.customer(store_id)
    code = order.get("currencycode")
    currency = lookups.currency(str(code)) if code else None
    methods = {method: lookups.payment_method(method) for method in tenders(order)}  # every tender must map
    method = None if refund else largest_tender(order)
    payment_method = methods[method] if method is not None else None
    units = order_units(order)
    day = business_day(order["orderdate"])
    eid = external_id(order["orderid"])
    body = sale_header(refs, customer, currency, day, f"Sitoo order {order['orderid']}")
    if payment_method is not None:
        body["paymentMethod"] = {"id": payment_method}
    body["item"] = {"items": item_lines(units, lookups, refs.location)}
    adjustment = stock_adjustment(units, +1 if refund else -1, refs, day, f"Sitoo order {order['orderid']}", lookups)
    return Posting("creditMemo" if refund else "cashSale", eid, body, adjustment)


def stock_moves(order: dict[str, Any]) -> dict[str, int]:
    """SKU -> signed quantity the order moved at its store (a sale takes, a refund gives back)."""
    return stock_units(order_units(order), +1 if is_refund(order) else -1)
