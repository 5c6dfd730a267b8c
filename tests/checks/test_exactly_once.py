"""Exactly once: duplicates of any record, repeated parcels and lines, double stock movements."""

from __future__ import annotations

import copy

from harness.checks import exactly_once
from tests.checks.builders import SHOP_ADJUST, duplicate, everything, evidence_of, find, kinds


def test_passes_when_everything_happened_once() -> None:
    result = exactly_once.check(evidence_of(everything()))
    assert result.passed, result.discrepancies
    assert set(result.metrics) == {"deliveries_retried", "delivery_attempts_failed", "erp_5xx"}


def test_a_record_posted_twice_under_one_other_ref_num_is_a_duplicate() -> None:
    evidence = evidence_of(everything())
    duplicate(evidence, "cashSale", "SITOO-501", externalId=None)
    result = exactly_once.check(evidence)
    assert kinds(result) == {"SITOO-501": {"duplicate"}}
    assert result.discrepancies[0].evidence["erp_records"][0]["erp_journal_seqs"]


def test_a_parcel_invoiced_twice_is_a_repeated_invoice() -> None:
    evidence = evidence_of(everything())
    duplicate(evidence, "invoice", "INV-FR-1", externalId=None, otherRefNum="WEB-1001")  # a retried transform
    assert kinds(exactly_once.check(evidence)) == {"WEB-1001": {"repeated-invoice"}}


def test_an_upsert_retried_without_replace_repeats_the_lines() -> None:
    evidence = evidence_of(everything())
    sale = find(evidence, "salesOrder", "LEE01-T1-000002")
    sale["item"]["items"] += copy.deepcopy(sale["item"]["items"])
    assert kinds(exactly_once.check(evidence)) == {"LEE01-T1-000002": {"repeated-lines"}}


def test_an_adjustment_moving_its_units_twice_is_a_double_movement() -> None:
    evidence = evidence_of(everything())
    adjustment = find(evidence, "inventoryAdjustment", "STOCK-LEE01-T1-000001")
    adjustment["inventory"]["items"] += copy.deepcopy(adjustment["inventory"]["items"])
    assert kinds(exactly_once.check(evidence)) == {"LEE01-T1-000001": {"double-movement"}}


def test_an_adjustment_posted_again_without_any_key_is_a_double_movement() -> None:
    evidence = evidence_of(everything())
    duplicate(evidence, "inventoryAdjustment", "STOCK-LEE01-T1-000002", externalId=None)
    result = exactly_once.check(evidence)
    assert kinds(result) == {None: {"double-movement"}}
    assert "item 5001" in result.discrepancies[0].expected


def test_a_shop_adjustment_sent_twice_is_a_double_movement_naming_the_sale() -> None:
    evidence = evidence_of(everything())
    level = next(lv for lv in evidence.shop_inventory if lv["sku"] == "HOODIE-L" and lv["location_id"] == 1002)
    sale_change = next(c for c in level["changes"] if c["delta"] == -2)  # SITOO-501
    level["changes"].append({**sale_change, "at": sale_change["at"] + 1, "request_id": "req-retry"})
    result = exactly_once.check(evidence)
    assert kinds(result) == {None: {"double-movement"}}
    assert "SITOO-501" in result.discrepancies[0].evidence["transactions"]
    assert result.discrepancies[0].found == "3 adjust call(s), 5 unit(s)"
    assert SHOP_ADJUST in sale_change["via"]
