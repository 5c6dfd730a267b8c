"""Conservation: passes when every transaction is in its one place, names each way it is not."""

from __future__ import annotations

from harness.checks import conservation
from tests.checks.builders import duplicate, everything, evidence_of, find, kinds


def test_passes_when_every_transaction_is_in_its_one_place() -> None:
    result = conservation.check(evidence_of(everything()))
    assert result.passed, result.discrepancies
    assert result.checked == 8  # the cancelled order is the ghost check's
    assert result.counts == {"in_erp": 6, "reported": 2}


def test_a_sale_in_neither_place_is_missing_with_the_requests_that_tried() -> None:
    evidence = evidence_of(everything())
    sale = find(evidence, "salesOrder", "LEE01-T1-000002")
    evidence.erp_records["salesOrder"].remove(sale)
    result = conservation.check(evidence)
    assert kinds(result) == {"LEE01-T1-000002": {"missing"}}
    (missing,) = result.discrepancies
    assert missing.evidence["erp_requests"]  # the journalled PUT that named its eid
    assert missing.evidence["traffic_seq"] == 2


def test_a_sale_posted_twice_without_external_id_is_a_duplicate_found_by_other_ref_num() -> None:
    evidence = evidence_of(everything())
    duplicate(evidence, "salesOrder", "LEE01-T1-000002", externalId=None)
    result = conservation.check(evidence)
    assert kinds(result) == {"LEE01-T1-000002": {"duplicate"}}
    assert len(result.discrepancies[0].evidence["erp_records"]) == 2


def test_a_record_is_attributed_by_a_memo_naming_the_source_order() -> None:
    evidence = evidence_of(everything())
    sale = find(evidence, "salesOrder", "LEE01-T1-000002")
    sale.update(externalId=None, otherRefNum=None, memo="NewStore order ord-LEE01-T1-000002")
    assert conservation.check(evidence).passed


def test_an_unmappable_sale_posted_instead_of_reported_is_misrouted() -> None:
    evidence = evidence_of(everything())
    evidence.exceptions = [r for r in evidence.exceptions if r["source_id"] != "LEE01-T2-000001"]
    duplicate(evidence, "salesOrder", "LEE01-T1-000002", externalId="LEE01-T2-000001", otherRefNum="LEE01-T2-000001")
    assert kinds(conservation.check(evidence)) == {"LEE01-T2-000001": {"misrouted"}}


def test_posted_and_reported_is_double_handled() -> None:
    evidence = evidence_of(everything())
    evidence.exceptions.append({**evidence.exceptions[0], "id": 99, "source_id": "LEE01-T1-000001"})
    assert kinds(conservation.check(evidence)) == {"LEE01-T1-000001": {"double-handled"}}


def test_records_and_reports_no_transaction_explains_are_phantoms() -> None:
    evidence = evidence_of(everything())
    duplicate(evidence, "cashSale", "SITOO-501", externalId="SITOO-999", otherRefNum="SITOO-999")
    evidence.exceptions.append({**evidence.exceptions[0], "id": 99, "source_id": "LEE01-T9-000009"})
    assert kinds(conservation.check(evidence)) == {"SITOO-999": {"phantom"}, "LEE01-T9-000009": {"phantom"}}
