"""Orders: turning a written order into the stored one, and the ``GET /orders.json`` filters.

Kept apart from the state object because both jobs are pure functions of their input:
the totals Sitoo derives from the lines, the refund rules, and which query parameter
matches which field. Refunds are ordinary orders with negative quantities and money
whose ``creditorderid`` points at the sale they refund.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from . import errors
from .models import MAX_AMOUNT, PRODUCT_LINE, Order, OrderItem, decimal3, money, to_decimal
from .paging import integer, integers

HEADER_TOTALS = (
    "moneytotal_net",
    "moneytotal_vat",
    "moneyfinal_net",
    "moneyfinal_vat",
    "moneyfinal_salestax",
    "moneytotal_gross_all",
)


def build_order(order: Order, orderid: int, now: int) -> dict[str, Any]:
    """The stored (and served) order: ids assigned, line and header totals filled in."""
    if order.creditorderid is not None and any(i.orderitemtype == PRODUCT_LINE and i.quantity >= 0 for i in order.orderitems):
        raise errors.bad_request("A refund order (creditorderid set) must have negative quantities on its product lines")
    items = [_build_item(item, n) for n, item in enumerate(order.orderitems)]
    values = order.model_dump()
    values.pop("orderid", None)  # ids are the server's, whatever the body says
    net = sum((Decimal(i["moneyitemtotal_net"]) for i in items), Decimal(0))
    vat = sum((Decimal(i["moneyitemtotal_vat"]) for i in items), Decimal(0))
    computed = {
        "moneytotal_net": net,
        "moneytotal_vat": vat,
        "moneyfinal_net": net,
        "moneyfinal_vat": vat,
        "moneyfinal_salestax": Decimal(0),
        "moneytotal_gross_all": net + vat,
    }
    for name in HEADER_TOTALS:
        if values[name] is None:
            values[name] = _computed(computed[name], name)
    if values["orderdate"] is None:
        values["orderdate"] = now
    additional = dict(values["additionaldata"])
    if order.creditorderid is not None:
        additional.setdefault("pos-originalsales-orderid", str(order.creditorderid))
    return {"orderid": orderid, **values, "additionaldata": additional, "orderitems": items}


def _computed(value: Decimal, what: str) -> str:
    """A money amount the server works out, held to the range of one sent (a bigger one cannot be formatted)."""
    if abs(value) >= MAX_AMOUNT:
        raise errors.bad_request(f"{what} is out of range")
    return money(value)


def _build_item(item: OrderItem, index: int) -> dict[str, Any]:
    values = item.model_dump()
    values.pop("orderitemid", None)
    if values["moneynetpriceperunit"] is None:
        if values["moneyitemtotal_net"] is None or item.quantity == 0:
            raise errors.bad_request(f"orderitems[{index}]: moneynetpriceperunit is required")
        values["moneynetpriceperunit"] = money(to_decimal(values["moneyitemtotal_net"]) / item.quantity)
    unit = Decimal(values["moneynetpriceperunit"])
    if values["moneyitemtotal_net"] is None:
        values["moneyitemtotal_net"] = _computed(unit * item.quantity, f"orderitems[{index}]: moneyitemtotal_net")
    if values["moneyitemtotal_vat"] is None:
        values["moneyitemtotal_vat"] = money(Decimal(values["moneyitemtotal_net"]) * to_decimal(item.vatvalue) / 100)
    if values["moneyoriginalprice"] is None:
        values["moneyoriginalprice"] = values["moneynetpriceperunit"]
    values["decimalquantitytotal"] = decimal3(item.quantity)
    return {"orderitemid": index, **values}


def _receiptid(order: Mapping[str, Any]) -> Any:
    return order.get("receiptid", order.get("additionaldata", {}).get("pos-receiptid"))


# Query parameter -> test on an order. List parameters take comma-separated values.
Filter = Callable[[Mapping[str, Any], str], bool]
FILTERS: dict[str, Filter] = {
    "eshopid": lambda o, v: o.get("eshopid") in integers(v, "eshopid"),
    "externalid": lambda o, v: o.get("externalid") in v.split(","),
    "orderid": lambda o, v: o["orderid"] in integers(v, "orderid"),
    "orderidfrom": lambda o, v: o["orderid"] >= integer(v, "orderidfrom"),
    "orderidto": lambda o, v: o["orderid"] <= integer(v, "orderidto"),
    "orderdatefrom": lambda o, v: o["orderdate"] >= integer(v, "orderdatefrom"),
    "orderdateto": lambda o, v: o["orderdate"] <= integer(v, "orderdateto"),
    "orderstate": lambda o, v: o["orderstateid"] in integers(v, "orderstate"),
    "paymentstate": lambda o, v: o["paymentstateid"] in integers(v, "paymentstate"),
    "ordertype": lambda o, v: o["ordertypeid"] in integers(v, "ordertype"),
    "email": lambda o, v: o.get("email") == v,
    "receiptid": lambda o, v: str(_receiptid(o)) in v.split(","),
    "creditorderid": lambda o, v: o.get("creditorderid") in integers(v, "creditorderid"),
    "warehouseid": lambda o, v: o.get("warehouseid") in integers(v, "warehouseid"),
}


def select(orders: list[dict[str, Any]], args: Mapping[str, str]) -> list[dict[str, Any]]:
    """The orders matching every filter present in ``args`` (all checked even on no orders)."""
    active = {name: args[name] for name in FILTERS if name in args}
    for name, raw in active.items():  # validate even when there is no order to test
        if name not in ("externalid", "email", "receiptid"):
            (integer if name.endswith(("from", "to")) else integers)(raw, name)
    return [o for o in orders if all(FILTERS[name](o, raw) for name, raw in active.items())]
