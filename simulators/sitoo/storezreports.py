"""Store day close: every register of a store closes its day, then one store Z-report sums them.

Sitoo's Events SPI names a ``store-z-report`` event (a Z-report consolidated per store at day
close); no public REST path for reading one was found, so store Z-reports are kept for the
admin surface only (``GET /_sim/storezreports``). ``POST /_sim/dayclose {"store_id", "staff"?}``
closes each of the store's registers exactly as a register close does (own Z-report, own
``z-report`` event), then stores the sum of those reports and publishes ``store-z-report``
with ``{"eshop_id", "store_id", "store_zreport_id"}`` (inferred shape). All sums are exact
:class:`~decimal.Decimal`; VAT groups merge by ``vatvalue``, payments by ``name``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from pydantic import Field

from . import errors
from .models import _Open, money, parse

if TYPE_CHECKING:
    from .state import SitooState

MONEY = (
    "moneysalestotal",
    "moneysalestotalnet",
    "moneyrefundtotal",
    "moneyrefundtotalnet",
    "moneysummarytotal",
    "moneycash_expected",
    "moneycash_counted",
    "moneycash_diff",
)
COUNTS = ("numsales", "numsalesitems", "numrefund", "numrefunditems", "numreceipts")


class StoreDayClose(_Open):
    store_id: str = Field(min_length=1)
    staff: str = ""


def close_store(state: SitooState, body: Any) -> dict[str, Any]:
    """Close every register of ``store_id``, store the summed store Z-report and publish its event."""
    close = parse(StoreDayClose, body)
    for per_register in ("registerid", "moneycash_counted"):
        if per_register in (close.model_extra or {}):
            raise errors.bad_request(f"{per_register} cannot be given with store_id")
    tills = state.tills
    store = next((s for s in state.inventory.stores.values() if str(s["storeid"]) == close.store_id), None)
    mine = [r["registerid"] for r in tills.registers.values() if r["store_id"] == close.store_id]
    if store is None and not mine:
        raise errors.not_found(f"Store {close.store_id}")
    reports = [state.day_close({"registerid": registerid, "staff": close.staff}) for registerid in mine]
    eshopid = store["eshopid"] if store and store["eshopid"] is not None else None
    if eshopid is None:
        eshopid = tills.registers[mine[0]]["eshopid"] if mine else next(iter(state.sites))
    now = state.now()
    storezreportid = max(tills.storezreports, default=0) + 1
    report = {
        "storezreportid": storezreportid,
        "store_id": close.store_id,
        "store_name": store["name"] if store else tills.registers[mine[0]]["store_name"],
        "eshopid": eshopid,
        "datecreated": now,
        "dateopened": min((z["dateopened"] for z in reports), default=now),
        "currencycode": next((z["currencycode"] for z in reports if z["currencycode"]), ""),
        "staff": close.staff,
        "zreportids": [z["zreportid"] for z in reports],
        **merge(reports),
    }
    tills.storezreports[storezreportid] = report
    data = {"eshop_id": eshopid, "store_id": close.store_id, "store_zreport_id": storezreportid}
    state.publish([{"event_type": "store-z-report", "data": data}])
    return report


def merge(reports: list[dict[str, Any]]) -> dict[str, Any]:
    """The money part of a store Z-report: the register reports' fields summed exactly."""
    out: dict[str, Any] = {}
    for name in MONEY:
        out[name] = money(sum((Decimal(z[name]) for z in reports), Decimal(0)))
    for name in COUNTS:
        out[name] = sum(z[name] for z in reports)
    for kind in ("sales", "refund"):
        out[f"vatgroups{kind}"] = _vat_groups([g for z in reports for g in z[f"vatgroups{kind}"]])
        out[f"payments{kind}"] = _payments([p for z in reports for p in z[f"payments{kind}"]])
    return {k: out[k] for k in ORDER if k in out}


ORDER = (
    "moneysalestotal",
    "moneysalestotalnet",
    "numsales",
    "numsalesitems",
    "vatgroupssales",
    "moneyrefundtotal",
    "moneyrefundtotalnet",
    "numrefund",
    "numrefunditems",
    "vatgroupsrefund",
    "paymentssales",
    "paymentsrefund",
    "moneysummarytotal",
    "numreceipts",
    "moneycash_expected",
    "moneycash_counted",
    "moneycash_diff",
)


def _vat_groups(groups: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One group per VAT rate, lowest first (the register reports' rendering of the rate kept)."""
    merged: dict[Decimal, tuple[Any, Decimal, Decimal]] = {}
    for group in groups:
        rate = Decimal(str(group["vatvalue"]))
        _, net, vat = merged.get(rate, (group["vatvalue"], Decimal(0), Decimal(0)))
        merged[rate] = (group["vatvalue"], net + Decimal(group["moneytotalnet"]), vat + Decimal(group["moneytotalvat"]))
    return [
        {"vatvalue": shown, "moneytotal": money(net + vat), "moneytotalnet": money(net), "moneytotalvat": money(vat)}
        for _, (shown, net, vat) in sorted(merged.items())
    ]


def _payments(payments: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One entry per payment name, in order of first use across the registers."""
    totals: dict[str, Decimal] = {}
    for payment in payments:
        totals[payment["name"]] = totals.get(payment["name"], Decimal(0)) + Decimal(payment["moneytotal"])
    return [{"name": name, "moneytotal": money(total), "subpayments": []} for name, total in totals.items()]
