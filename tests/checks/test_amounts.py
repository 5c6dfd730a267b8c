"""Amounts: lines, quantities, rates, record type and business day as the truth says."""

from __future__ import annotations

from harness.checks import amounts
from tests.checks.builders import everything, evidence_of, find, kinds


def test_passes_when_every_record_has_the_truths_lines() -> None:
    result = amounts.check(evidence_of(everything()))
    assert result.passed, result.discrepancies
    assert result.checked == 8  # 6 main records and 2 fulfilment invoices


def test_a_lost_discount_is_a_rate_discrepancy_with_both_totals() -> None:
    evidence = evidence_of(everything())
    find(evidence, "salesOrder", "LEE01-T1-000001")["item"]["items"][0]["rate"] = 10.0  # gross, not net
    result = amounts.check(evidence)
    assert kinds(result) == {"LEE01-T1-000001": {"rate"}}
    (rate,) = result.discrepancies
    assert rate.expected == "LEE01-T1-000001: item 5001 at rate 8.33" and rate.found == "rate 10.00"
    assert rate.evidence["expected_net_total"] == "49.99" and rate.evidence["found_net_total"] == "53.33"
    assert rate.evidence["erp_record"]["erp_journal_seqs"] == [1]


def test_lines_split_per_unit_are_summed_before_comparing() -> None:
    evidence = evidence_of(everything())
    sale = find(evidence, "salesOrder", "LEE01-T1-000001")
    first = sale["item"]["items"][0]
    sale["item"]["items"] = [{**first, "quantity": 1.0}, {**first, "quantity": 1.0}, *sale["item"]["items"][1:]]
    assert amounts.check(evidence).passed


def test_wrong_quantity_missing_and_extra_lines_are_named() -> None:
    evidence = evidence_of(everything())
    lines = find(evidence, "cashSale", "SITOO-501")["item"]["items"]
    lines[0]["quantity"] = 3.0
    find(evidence, "salesOrder", "LEE01-T1-000002")["item"]["items"][0]["item"] = {"id": "5002"}
    result = amounts.check(evidence)
    assert kinds(result) == {"SITOO-501": {"quantity"}, "LEE01-T1-000002": {"missing-line", "extra-line"}}


def test_a_fulfilment_invoice_at_the_wrong_rate_is_named_by_its_web_order() -> None:
    evidence = evidence_of(everything())
    find(evidence, "invoice", "INV-FR-2")["item"]["items"][1]["rate"] = 40.0
    assert kinds(amounts.check(evidence)) == {"WEB-1001": {"rate"}}


def test_wrong_record_type_and_business_day() -> None:
    evidence = evidence_of(everything())
    sale = find(evidence, "salesOrder", "LEE01-T1-000002")
    evidence.erp_records["salesOrder"].remove(sale)
    evidence.erp_records["cashSale"].append({**sale, "tranDate": "2026-11-28"})
    assert kinds(amounts.check(evidence)) == {"LEE01-T1-000002": {"wrong-type", "tran-date"}}
