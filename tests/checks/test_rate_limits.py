"""Rate limits: Retry-After honoured, concurrency within the limit, 429 budget, no lost write."""

from __future__ import annotations

from typing import Any

from harness.checks import rate_limits
from tests.checks.builders import everything, evidence_of, find, kinds


def _entry(
    journal: list[dict[str, Any]],
    at: float,
    status: int = 204,
    path: str = "/services/rest/record/v1/salesOrder/eid:X",
    **more: Any,
) -> dict[str, Any]:
    entry = {
        "seq": len(journal) + 1,
        "started_at": at,
        "duration_ms": 10.0,
        "method": "PUT",
        "path": path,
        "status": status,
        "response_headers": {},
        "notes": [],
        **more,
    }
    journal.append(entry)
    return entry


def test_passes_on_a_well_behaved_integration() -> None:
    result = rate_limits.check(evidence_of(everything()))
    assert result.passed, result.discrepancies
    assert result.metrics["erp_429s"] == 0 and result.metrics["erp_max_in_flight"] <= 5


def test_a_request_sent_inside_retry_after_is_named_with_both_seqs() -> None:
    evidence = evidence_of(everything())
    journal = evidence.journals["erp"]
    told = _entry(journal, 500.0, 429, response_headers={"Retry-After": "2"}, notes=["governance: CONCURRENCY_LIMIT_EXCEEDED"])
    early = _entry(journal, 501.0, 204, path="/services/rest/record/v1/salesOrder/eid:LEE01-T1-000002")
    _entry(journal, 502.5, 204)  # after the window: fine
    result = rate_limits.check(evidence)
    assert kinds(result) == {"LEE01-T1-000002": {"retry-after"}}
    (violation,) = result.discrepancies
    assert violation.evidence["request"]["seq"] == early["seq"] and violation.evidence["throttled"]["seq"] == told["seq"]
    assert result.metrics["erp_retry_after_violations"] == 1


def test_more_requests_in_flight_than_the_limit_is_named() -> None:
    evidence = evidence_of(everything())
    journal = evidence.journals["erp"]
    for n in range(7):
        _entry(journal, 600.0 + n * 0.001, duration_ms=500.0)
    result = rate_limits.check(evidence)
    assert kinds(result) == {None: {"concurrency"}}
    assert result.metrics["erp_max_in_flight"] == 7 and result.metrics["erp_requests_over_limit"] == 2


def test_more_429s_than_the_budget_fails_but_injected_ones_do_not_count() -> None:
    story = everything()
    story.objectives = {"max_429s": 1}
    evidence = evidence_of(story)
    journal = evidence.journals["erp"]
    for n in range(2):
        _entry(journal, 700.0 + n * 5, 429, path="/services/rest/record/v1/salesOrder/eid:LEE01-T1-000001")
    _entry(
        journal, 720.0, 429, notes=["fault: status 429 (rule 1)"], path="/services/rest/record/v1/salesOrder/eid:LEE01-T1-000001"
    )
    result = rate_limits.check(evidence)
    assert kinds(result) == {None: {"budget"}}
    assert result.metrics["erp_429s"] == 3 and result.metrics["erp_429s_not_injected"] == 2


def test_a_throttled_write_never_retried_is_lost() -> None:
    evidence = evidence_of(everything())
    evidence.erp_records["salesOrder"].remove(find(evidence, "salesOrder", "LEE01-T1-000002"))
    _entry(evidence.journals["erp"], 800.0, 429, path="/services/rest/record/v1/salesOrder/eid:LEE01-T1-000002")
    result = rate_limits.check(evidence)
    assert kinds(result) == {"LEE01-T1-000002": {"lost-write"}}


def test_per_second_counts_requests_and_429s() -> None:
    evidence = evidence_of(everything())
    journal = evidence.journals["erp"] = []
    _entry(journal, 100.2)
    _entry(journal, 100.7, 429)
    _entry(journal, 102.1)
    assert rate_limits.per_second(evidence) == [(100, 2, 1), (102, 1, 0)]
