"""A Sitoo store's day close -> one balanced ``journalEntry`` (eid ``Z-<store>-<YYYY-MM-DD>``).

A store day close closes each of the store's registers (one Z-report each, announced by a
``z-report`` event) and then announces the store's close (``store-z-report``). The
register Z-reports are read through the REST API and summed here:

* debit each tender's account (``accounts.csv`` ``tender:<method>``) with that tender's
  total over sales and refunds (refund payments are negative, so they reduce it);
* credit ``sales`` with the net and ``vat`` with the tax, refunds included.

Each line goes to the store's location. A tender with no account row is an exception
(``field`` ``payment_method``), never a posting to the suspense account. A negative total
flips its side (a day of more refunds than sales credits the tender and debits sales).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .mappings import Lookups, Unmappable
from .records import Posting, dec, money
from .sitoo_records import business_day

# Where the faulty ``suspense-account`` variant parks a tender it cannot map.
SUSPENSE_ACCOUNT = "9999"


class Unbalanced(ValueError):
    """The Z-reports' tenders do not add up to their net sales plus VAT."""


@dataclass(frozen=True)
class DayTotals:
    day: str
    currency: str
    tenders: dict[str, Decimal]  # payment name -> total taken (refunds subtracted)
    net: Decimal
    vat: Decimal


def day_totals(zreports: Iterable[dict[str, Any]], day: str | None = None) -> DayTotals:
    """The money of a store's day, summed exactly over its registers' Z-reports.

    ``day`` is the business day the receipts were rung up on, when the caller knows it;
    else the day the first register opened. (When the close itself happened is no guide:
    a late close may fall after midnight.)
    """
    reports = list(zreports)
    tenders: dict[str, Decimal] = {}
    net = vat = Decimal(0)
    for report in reports:
        for payment in [*report.get("paymentssales", []), *report.get("paymentsrefund", [])]:
            tenders[payment["name"]] = tenders.get(payment["name"], Decimal(0)) + dec(payment["moneytotal"])
        net += dec(report.get("moneysalestotalnet") or 0) + dec(report.get("moneyrefundtotalnet") or 0)
        for group in [*report.get("vatgroupssales", []), *report.get("vatgroupsrefund", [])]:
            vat += dec(group["moneytotalvat"])
    opened = min((int(r["dateopened"]) for r in reports), default=0)
    currency = next((str(r["currencycode"]) for r in reports if r.get("currencycode")), "")
    return DayTotals(day or business_day(opened), currency, tenders, net, vat)


def journal_id(store_id: str, day: str) -> str:
    return f"Z-{store_id}-{day}"


def _line(account: str, amount: Decimal, debit_side: bool, memo: str, location: str) -> dict[str, Any] | None:
    """A journal line for a signed amount; its side flips when the amount is negative."""
    value = money(amount)
    if value == 0:
        return None
    side = "debit" if (value > 0) == debit_side else "credit"
    return {"account": {"id": account}, side: float(abs(value)), "memo": memo, "location": {"id": location}}


def journal_entry(
    store_id: str,
    totals: DayTotals,
    lookups: Lookups,
    report_unmapped_tender: bool = True,
    debit_each_tender: bool = True,
) -> Posting:
    """The day's journal entry; raises Unmappable (store, currency, tender) or Unbalanced."""
    refs = lookups.store(store_id)
    currency = lookups.currency(totals.currency) if totals.currency else None
    tender_accounts: dict[str, str] = {}
    for name in totals.tenders:
        try:
            tender_accounts[name] = lookups.account(f"tender:{name}", field="payment_method")
        except Unmappable:
            if report_unmapped_tender:
                raise
            tender_accounts[name] = SUSPENSE_ACCOUNT
    sales, vat = lookups.account("sales"), lookups.account("vat")
    debits = [(tender_accounts[name], total, f"tender:{name}") for name, total in totals.tenders.items()]
    if not debit_each_tender and debits:
        debits = [(debits[0][0], sum((total for _, total, _ in debits), Decimal(0)), debits[0][2])]
    lines = [_line(account, total, True, memo, refs.location) for account, total, memo in debits]
    lines += [_line(sales, totals.net, False, "sales", refs.location), _line(vat, totals.vat, False, "vat", refs.location)]
    items = [line for line in lines if line is not None]
    debit = sum((dec(line.get("debit", 0)) for line in items), Decimal(0))
    credit = sum((dec(line.get("credit", 0)) for line in items), Decimal(0))
    if debit != credit:
        raise Unbalanced(f"the Z-reports do not balance: tenders {debit} against sales and VAT {credit}")
    body: dict[str, Any] = {
        "subsidiary": {"id": refs.subsidiary},
        "tranDate": totals.day,
        "memo": f"Sitoo day close {store_id} {totals.day}",
        "line": {"items": items},
    }
    if currency is not None:
        body["currency"] = {"id": currency}
    return Posting("journalEntry", journal_id(store_id, totals.day), body)
