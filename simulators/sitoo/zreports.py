"""Cash registers and their Z-reports (the day's journal a till prints when it closes).

A register is known by its ``registerid``, a braced GUID derived from the account and a
counter (never random); an order whose ``registerid`` is the register's was rung up on it.
``POST /_sim/dayclose`` closes a register's day: the Z-report covers the register's closed
orders (``orderstateid`` 10) with an ``orderid`` above the last one the previous Z-report
covered, so a second close never counts an order twice. Sales are orders without
``creditorderid`` and a non-negative gross total; refunds are the rest (``creditorderid``
set, or a blind return). Every sum is an exact :class:`~decimal.Decimal` of the stored
2-decimal strings; refund money keeps the orders' (negative) sign, counts are positive.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any

from pydantic import Field

from . import errors
from .models import PRODUCT_LINE, Money, _Open, money, parse
from .paging import integer

CLOSED = 10
CASH = "cash"  # payments whose name is this (any case) are the drawer's cash (inferred)


class CashRegister(_Open):
    """A register as seeded; left-out fields are derived (id, key, site, store)."""

    registerid: str | None = Field(None, min_length=1)
    registernumber: int
    registerkey: str | None = None
    eshopid: int | None = None
    warehouseid: int | None = None
    store_id: str | None = None
    store_name: str | None = None


class DayClose(_Open):
    registerid: str = Field(min_length=1)
    staff: str = ""
    moneycash_counted: Money | None = None


def register_guid(account: int, n: int) -> str:
    digest = hashlib.sha256(f"sitoo-register:{account}:{n}".encode()).hexdigest().upper()
    return "{" + "-".join((digest[:8], digest[8:12], digest[12:16], digest[16:20], digest[20:32])) + "}"


class Tills:
    """Registers and Z-reports of one account; owned by :class:`~simulators.sitoo.state.SitooState`."""

    def __init__(self, now: Callable[[], int]) -> None:
        self._now = now
        self._lock = threading.RLock()
        self.registers: dict[str, dict[str, Any]] = {}
        self.zreports: dict[int, dict[str, Any]] = {}
        self.storezreports: dict[int, dict[str, Any]] = {}  # see .storezreports
        self._covered: dict[str, int] = {}  # registerid -> highest orderid its last Z-report covered

    def add_register(self, body: Any, account: int, sites: Mapping[int, Any], inventory: Any) -> str:
        reg = parse(CashRegister, body).model_dump()
        with self._lock:
            registerid = reg["registerid"] or register_guid(account, len(self.registers) + 1)
            if registerid in self.registers:
                raise errors.bad_request(f"registerid {registerid} already exists")
            eshopid = reg["eshopid"] if reg["eshopid"] is not None else next(iter(sites))
            if eshopid not in sites:
                raise errors.bad_request(f"Unknown eshopid: {eshopid}")
            store: dict[str, Any] = {}
            if reg["warehouseid"] is not None:
                if reg["warehouseid"] not in inventory.warehouses:
                    raise errors.bad_request(f"Unknown warehouseid: {reg['warehouseid']}")
                store = inventory.stores.get(inventory.warehouses[reg["warehouseid"]].get("storeid"), {})
            reg.update(
                registerid=registerid,
                eshopid=eshopid,
                registerkey=reg["registerkey"] or f"{account}-{eshopid}-{reg['registernumber']}",
                store_id=reg["store_id"] if reg["store_id"] is not None else str(store.get("storeid", "")),
                store_name=reg["store_name"] if reg["store_name"] is not None else store.get("name", ""),
            )
            self.registers[registerid] = reg
            return registerid

    def register(self, siteid: int, registerid: str) -> dict[str, Any]:
        with self._lock:
            reg = self.registers.get(registerid)
            if reg is None or reg["eshopid"] != siteid:
                raise errors.not_found(f"Cash register {registerid}")
            return reg

    def site_registers(self, siteid: int) -> list[dict[str, Any]]:
        with self._lock:
            return [r for r in self.registers.values() if r["eshopid"] == siteid]

    def zreport(self, siteid: int, registerid: str, zreportid: int) -> dict[str, Any]:
        with self._lock:
            self.register(siteid, registerid)
            found = self.zreports.get(zreportid)
            if found is None or found["registerid"] != registerid:
                raise errors.not_found(f"Z-report {zreportid}")
            return found

    def list_zreports(self, siteid: int, registerid: str, args: Mapping[str, str]) -> list[dict[str, Any]]:
        low = integer(args["datecreatedfrom"], "datecreatedfrom") if "datecreatedfrom" in args else None
        high = integer(args["datecreatedto"], "datecreatedto") if "datecreatedto" in args else None
        with self._lock:
            self.register(siteid, registerid)
            return [
                z
                for z in self.zreports.values()
                if z["registerid"] == registerid
                and (low is None or z["datecreated"] >= low)
                and (high is None or z["datecreated"] <= high)
            ]

    def close_day(self, body: Any, orders: Iterable[dict[str, Any]]) -> dict[str, Any]:
        """Build, store and return the register's Z-report over its orders since the last one."""
        close = parse(DayClose, body)
        with self._lock:
            reg = self.registers.get(close.registerid)
            if reg is None:
                raise errors.not_found(f"Cash register {close.registerid}")
            since = self._covered.get(close.registerid, 0)
            mine = [
                o
                for o in orders
                if o.get("registerid") == close.registerid and o["orderid"] > since and o["orderstateid"] == CLOSED
            ]
            previous = [z for z in self.zreports.values() if z["registerid"] == close.registerid]
            now = self._now()
            opened = previous[-1]["datecreated"] if previous else min((o["orderdate"] for o in mine), default=now)
            zreportid = max(self.zreports, default=0) + 1
            report = {
                "zreportid": zreportid,
                **{k: reg[k] for k in ("registerid", "registerkey", "registernumber")},
                "datecreated": now,
                "dateopened": opened,
                **{k: reg[k] for k in ("eshopid", "store_id", "store_name")},
                "currencycode": next((o["currencycode"] for o in mine if o.get("currencycode")), ""),
                "staff": close.staff,
                **summarise(mine, close.moneycash_counted),
            }
            self.zreports[zreportid] = report
            self._covered[close.registerid] = max((o["orderid"] for o in mine), default=since)
            return report


def is_refund(order: Mapping[str, Any]) -> bool:
    return order.get("creditorderid") is not None or Decimal(order["moneytotal_gross_all"]) < 0


def summarise(orders: list[dict[str, Any]], counted: str | None) -> dict[str, Any]:
    """The money part of a Z-report, exact to the cent."""
    sales = [o for o in orders if not is_refund(o)]
    refunds = [o for o in orders if is_refund(o)]
    expected = sum(
        (Decimal(p["moneyamount"]) for o in orders for p in o["payments"] if p["name"].strip().lower() == CASH), Decimal(0)
    )
    cash = Decimal(counted) if counted is not None else expected
    sales_total, refund_total = _sum(sales, "moneytotal_gross_all"), _sum(refunds, "moneytotal_gross_all")
    return {
        "moneysalestotal": money(sales_total),
        "moneysalestotalnet": money(_sum(sales, "moneytotal_net")),
        "numsales": len(sales),
        "numsalesitems": _items(sales),
        "vatgroupssales": _vat_groups(sales),
        "moneyrefundtotal": money(refund_total),
        "moneyrefundtotalnet": money(_sum(refunds, "moneytotal_net")),
        "numrefund": len(refunds),
        "numrefunditems": _items(refunds),
        "vatgroupsrefund": _vat_groups(refunds),
        "paymentssales": _payments(sales),
        "paymentsrefund": _payments(refunds),
        "moneysummarytotal": money(sales_total + refund_total),
        "numreceipts": len(orders),
        "moneycash_expected": money(expected),
        "moneycash_counted": money(cash),
        "moneycash_diff": money(cash - expected),
    }


def _sum(orders: list[dict[str, Any]], name: str) -> Decimal:
    return sum((Decimal(o[name]) for o in orders), Decimal(0))


def _items(orders: list[dict[str, Any]]) -> int:
    return sum(abs(i["quantity"]) for o in orders for i in o["orderitems"] if i["orderitemtype"] == PRODUCT_LINE)


def _vat_groups(orders: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One group per VAT rate over every line, lowest rate first."""
    groups: dict[Decimal, list[Decimal]] = {}
    for item in (i for o in orders for i in o["orderitems"]):
        sums = groups.setdefault(Decimal(str(item["vatvalue"])), [Decimal(0), Decimal(0)])
        sums[0] += Decimal(item["moneyitemtotal_net"])
        sums[1] += Decimal(item["moneyitemtotal_vat"])
    return [
        {
            "vatvalue": int(rate) if rate == rate.to_integral_value() else float(rate),
            "moneytotal": money(net + vat),
            "moneytotalnet": money(net),
            "moneytotalvat": money(vat),
        }
        for rate, (net, vat) in sorted(groups.items())
    ]


def _payments(orders: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One entry per payment name, in order of first use."""
    totals: dict[str, Decimal] = {}
    for payment in (p for o in orders for p in o["payments"]):
        totals[payment["name"]] = totals.get(payment["name"], Decimal(0)) + Decimal(payment["moneyamount"])
    return [{"name": name, "moneytotal": money(total), "subpayments": []} for name, total in totals.items()]
