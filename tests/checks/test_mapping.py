"""Mapping: header and line references, and the field an exception report names."""

from __future__ import annotations

from harness.checks import mapping
from tests.checks.builders import HEAD_OFFICE, everything, evidence_of, find, kinds


def test_passes_when_every_reference_maps_as_the_tables_say() -> None:
    result = mapping.check(evidence_of(everything()))
    assert result.passed, result.discrepancies
    assert result.checked == 10  # 8 records and 2 exception reports


def test_a_sale_booked_at_head_office_names_the_location() -> None:
    evidence = evidence_of(everything())
    find(evidence, "salesOrder", "LEE01-T1-000002")["location"] = {"id": HEAD_OFFICE}
    result = mapping.check(evidence)
    assert kinds(result) == {"LEE01-T1-000002": {"location"}}
    assert result.discrepancies[0].expected == "LEE01-T1-000002: location 11"
    assert result.discrepancies[0].found == "location 1"


def test_payment_method_tax_code_and_line_location_are_each_named() -> None:
    evidence = evidence_of(everything())
    sale = find(evidence, "cashSale", "SITOO-501")
    sale["paymentMethod"] = {"id": "1"}  # card, though the tender was cash
    sale["item"]["items"][0]["taxCode"] = {"id": "8"}
    find(evidence, "creditMemo", "RET-R1")["item"]["items"][0]["location"] = {
        "id": "11"
    }  # the sale's store, not the returning one
    assert kinds(mapping.check(evidence)) == {"SITOO-501": {"payment-method", "tax-code"}, "RET-R1": {"line-location"}}


def test_an_exception_report_naming_the_wrong_field_is_named() -> None:
    evidence = evidence_of(everything())
    report = next(r for r in evidence.exceptions if r["source_id"] == "LEE01-T2-000001")
    report.update(field="location", value="LEE01")
    result = mapping.check(evidence)
    assert kinds(result) == {"LEE01-T2-000001": {"exception-field"}}
    assert result.discrepancies[0].found == "field 'location'"
