"""Conservation: passes on a correct outcome, and names each kind of discrepancy."""

from __future__ import annotations

from typing import Any

from harness.checks import conservation
from harness.evidence import Evidence
from scenarios.truth import ExpectedErpRecord, ExpectedException, GroundTruth, TruthEntry


def _truth() -> GroundTruth:
    erp = ExpectedErpRecord(
        external_id="A",
        entity="1",
        subsidiary="1",
        location="11",
        currency="1",
        payment_method="1",
        tran_date="2026-11-27",
        lines=[],
        gross_total="1.00",
    )
    return GroundTruth(
        scenario="t",
        seed=1,
        entries=[
            TruthEntry(source_id="A", order_id="oa", store_id="s", outcome="erp", erp=erp.model_copy()),
            TruthEntry(
                source_id="B", order_id="ob", store_id="s", outcome="erp", erp=erp.model_copy(update={"external_id": "B"})
            ),
            TruthEntry(
                source_id="K",
                order_id="ok",
                store_id="s",
                outcome="exception",
                exception=ExpectedException(field="payment_method", value="klarna"),
            ),
        ],
    )


def _evidence(records: list[dict[str, Any]], reports: list[dict[str, Any]]) -> Evidence:
    return Evidence(truth=_truth(), erp_records={"salesOrder": records}, exceptions=reports)


def _kinds(evidence: Evidence) -> dict[str | None, str]:
    return {d.source_id: d.kind for d in conservation.check(evidence).discrepancies}


GOOD_RECORDS = [{"id": "1", "externalId": "A"}, {"id": "2", "externalId": "B"}]
GOOD_REPORTS = [{"id": 1, "source_id": "K", "reason": "no mapping for payment_method 'klarna'"}]


def test_passes_when_every_sale_is_in_its_one_place() -> None:
    result = conservation.check(_evidence(GOOD_RECORDS, GOOD_REPORTS))
    assert result.passed
    assert result.checked == 3
    assert result.counts == {"in_erp": 2, "reported": 1}


def test_missing_sale_is_named() -> None:
    assert _kinds(_evidence(GOOD_RECORDS[:1], GOOD_REPORTS)) == {"B": "missing"}


def test_unreported_exception_is_missing() -> None:
    assert _kinds(_evidence(GOOD_RECORDS, [])) == {"K": "missing"}


def test_duplicate_found_through_other_ref_num_when_no_external_id() -> None:
    records = [GOOD_RECORDS[0], {"id": "2", "otherRefNum": "B"}, {"id": "3", "otherRefNum": "B"}]
    result = conservation.check(_evidence(records, GOOD_REPORTS))
    assert _kinds(_evidence(records, GOOD_REPORTS)) == {"B": "duplicate"}
    assert [r["id"] for r in result.discrepancies[0].evidence["erp_records"]] == ["2", "3"]


def test_posting_an_unmappable_sale_is_misrouted() -> None:
    assert _kinds(_evidence([*GOOD_RECORDS, {"id": "9", "externalId": "K"}], [])) == {"K": "misrouted"}


def test_reporting_a_good_sale_instead_of_posting_is_misrouted() -> None:
    reports = [*GOOD_REPORTS, {"id": 2, "source_id": "B", "reason": "ERP rejected"}]
    assert _kinds(_evidence(GOOD_RECORDS[:1], reports)) == {"B": "misrouted"}


def test_both_posted_and_reported_is_double_handled() -> None:
    reports = [*GOOD_REPORTS, {"id": 2, "source_id": "A", "reason": "oops"}]
    assert _kinds(_evidence(GOOD_RECORDS, reports)) == {"A": "double-handled"}


def test_records_no_sale_explains_are_phantoms() -> None:
    records = [*GOOD_RECORDS, {"id": "7", "externalId": "ZZZ"}, {"id": "8"}]
    reports = [*GOOD_REPORTS, {"id": 5, "source_id": "QQQ", "reason": "?"}]
    result = conservation.check(_evidence(records, reports))
    assert sorted((d.kind, str(d.source_id)) for d in result.discrepancies) == [
        ("phantom", "None"),
        ("phantom", "QQQ"),
        ("phantom", "ZZZ"),
    ]


def test_evidence_links_records_to_the_journal_requests_that_wrote_them() -> None:
    evidence = _evidence([*GOOD_RECORDS, {"id": "3", "otherRefNum": "B"}], GOOD_REPORTS)
    evidence.erp_journal = [
        {"seq": 4, "response_headers": {"Location": "http://h/services/rest/record/v1/salesOrder/3"}},
        {"seq": 5, "response_headers": {}},
    ]
    duplicate = conservation.check(evidence).discrepancies[0]
    assert [r["journal_seqs"] for r in duplicate.evidence["erp_records"]] == [[], [4]]
