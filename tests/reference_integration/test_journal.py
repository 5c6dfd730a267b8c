"""A store's Z-reports -> one balanced journal entry. The register Z-reports are built by
the Sitoo simulator's own ``summarise`` over orders shaped by its ``build_order``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from examples.reference_integration.journal import SUSPENSE_ACCOUNT, day_totals, journal_entry
from examples.reference_integration.mappings import CrossReference, Lookups, Unmappable
from simulators.sitoo.zreports import summarise

from . import payloads as p
from .rig import HOODIE, LEEDS, MAPPINGS, SOCK, TEE

CLOSED_AT = 1795806000  # 2026-11-27T19:00:00Z (a late close would fall on the next day: see test below)


def lookups(**changes: list[tuple[str, str]]) -> Lookups:
    return Lookups(CrossReference({name: dict(rows) for name, rows in {**MAPPINGS, **changes}.items()}))


def zreport(*orders: dict[str, Any], registerid: str = "{R1}") -> dict[str, Any]:
    stored = [p.stored_sitoo_order(body, n) for n, body in enumerate(orders, start=1)]
    return {
        "zreportid": 1,
        "registerid": registerid,
        "store_id": "1",
        "datecreated": CLOSED_AT,
        "dateopened": 1795772100,
        "currencycode": "GBP",
        **summarise(stored, None),
    }


def sides(entry: dict[str, Any]) -> dict[str, tuple[str, float]]:
    return {
        line["memo"]: ("debit", line["debit"]) if "debit" in line else ("credit", line["credit"])
        for line in entry["line"]["items"]
    }


REGISTER_1 = zreport(
    p.sitoo_order([(TEE, 2, "10.00")], [("card", "24.00")]),
    p.sitoo_order([(HOODIE, 1, "40.00")], [("card", "20.00"), ("cash", "28.00")]),
)
REGISTER_2 = zreport(
    p.sitoo_order([(SOCK, 2, "5.00")], [("cash", "12.00")]),
    p.sitoo_order([(TEE, -1, "10.00")], [("card", "-12.00")], creditorderid=1),
    registerid="{R2}",
)


def test_the_days_takings_are_debited_per_tender_and_credited_to_sales_and_vat() -> None:
    totals = day_totals([REGISTER_1, REGISTER_2])
    assert totals.tenders == {"card": Decimal("32.00"), "cash": Decimal("40.00")}
    assert (totals.net, totals.vat, totals.currency) == (Decimal("60.00"), Decimal("12.00"), "GBP")
    entry = journal_entry(LEEDS, totals, lookups())
    assert (entry.record_type, entry.external_id) == ("journalEntry", "Z-store-lee01-2026-11-27")
    assert entry.body["tranDate"] == "2026-11-27" and entry.body["subsidiary"] == {"id": "1"}
    assert sides(entry.body) == {
        "tender:card": ("debit", 32.0),
        "tender:cash": ("debit", 40.0),
        "sales": ("credit", 60.0),
        "vat": ("credit", 12.0),
    }
    accounts = {line["memo"]: line["account"]["id"] for line in entry.body["line"]["items"]}
    assert accounts == {"tender:card": "1200", "tender:cash": "1100", "sales": "4000", "vat": "2200"}
    assert all(line["location"] == {"id": "11"} for line in entry.body["line"]["items"])


def test_the_business_day_is_the_receipts_day_not_the_close_time() -> None:
    late = {**REGISTER_1, "datecreated": CLOSED_AT + 6 * 3600}  # closed after midnight
    assert day_totals([late], "2026-11-27").day == "2026-11-27"
    assert day_totals([late]).day == "2026-11-27"  # without the receipts' day: the day the register opened


def test_a_day_of_more_refunds_than_sales_flips_the_sides() -> None:
    refunds = zreport(p.sitoo_order([(HOODIE, -1, "40.00")], [("card", "-48.00")], creditorderid=1))
    entry = journal_entry(LEEDS, day_totals([refunds]), lookups())
    assert sides(entry.body) == {"tender:card": ("credit", 48.0), "sales": ("debit", 40.0), "vat": ("debit", 8.0)}


def test_a_tender_with_no_account_is_reported_not_parked_on_suspense() -> None:
    voucher = zreport(p.sitoo_order([(TEE, 1, "10.00")], [("voucher", "12.00")]))
    with pytest.raises(Unmappable) as caught:
        journal_entry(LEEDS, day_totals([voucher]), lookups())
    assert (caught.value.field, caught.value.value) == ("payment_method", "voucher")
    parked = journal_entry(LEEDS, day_totals([voucher]), lookups(), report_unmapped_tender=False)
    assert parked.body["line"]["items"][0]["account"] == {"id": SUSPENSE_ACCOUNT}  # the faulty variant


def test_an_unmapped_store_is_reported_before_anything_else() -> None:
    with pytest.raises(Unmappable) as caught:
        journal_entry(LEEDS, day_totals([REGISTER_1]), lookups(locations=[], currencies=[]))
    assert (caught.value.field, caught.value.value) == ("location", LEEDS)


def test_the_first_tender_bug_puts_the_whole_day_on_one_account() -> None:
    entry = journal_entry(LEEDS, day_totals([REGISTER_1, REGISTER_2]), lookups(), debit_each_tender=False)
    debits = [line for line in entry.body["line"]["items"] if "debit" in line]
    assert [(line["account"]["id"], line["debit"]) for line in debits] == [("1200", 72.0)]
