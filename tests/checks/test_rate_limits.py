"""Rate limits: Retry-After honoured, concurrency within the limit, 429 budget, no lost write."""

from __future__ import annotations

import random
from array import array
from bisect import bisect_left, bisect_right
from typing import Any

import pytest

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


@pytest.mark.parametrize(
    "values",
    [
        [],
        [1.0],
        [1.0, 2.0, 2.0, 3.0],  # in order: the array itself
        [3.0, 1.0, 2.0],
        [float(n % 7) for n in range(50)],
        [0.0, -0.0, 1.0, -0.0, 0.0, -1.0],  # equal zeros keep their order, as sorted() keeps them
        [2.0, float("nan"), 1.0, 3.0],
        [float("inf"), 1.0, float("-inf"), 1e300],
        [1.0, float("inf"), 0.5, 2.0, float("inf"), -3.0, 0.25],  # inf (no -inf): sorted a chunk at a time
    ],
)
def test_sort_is_as_sorted_whatever_the_order(monkeypatch: pytest.MonkeyPatch, values: list[float]) -> None:
    monkeypatch.setattr(rate_limits, "SORTED_CHUNK", 3)  # several chunks, values carried from one to the next
    got = array("d", values)
    rate_limits._sort(got)
    want = sorted(values)
    assert list(map(repr, got)) == list(map(repr, want)), "the very values, -0.0 and 0.0 and NaN included"


def test_sort_puts_a_nearly_ordered_column_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rate_limits, "SORTED_CHUNK", 16)
    rng = random.Random(7)
    values = [n / 10 + rng.uniform(-2.0, 2.0) for n in range(1000)]  # a journal's ends: starts plus durations
    values[500] = -5.0  # one far out of place: carried through every chunk before it
    got = array("d", values)
    rate_limits._sort(got)
    assert list(got) == sorted(values)


def _old_retry_after(journal: list[dict[str, Any]], throttled: list[dict[str, Any]]) -> list[int]:
    """The seqs the check named before it read columns: every entry as a dict, sorted by start."""
    windows = [(rate_limits._ended(e), w, e) for e in throttled for w in (rate_limits.retry_after_seconds(e),) if w]
    ordered = sorted(journal, key=lambda e: float(e["started_at"]))
    starts = [float(e["started_at"]) for e in ordered]
    found: dict[int, None] = {}
    for ended, wait, _ in windows:
        for entry in ordered[bisect_right(starts, ended + 0.1) : bisect_left(starts, ended + wait - 0.1)]:
            found.setdefault(int(entry["seq"]), None)
    return sorted(found)


@pytest.mark.parametrize("seed", range(5))
def test_retry_after_on_a_journal_out_of_start_order_names_the_same_requests(seed: int) -> None:
    rng = random.Random(seed)
    evidence = evidence_of(everything())
    journal = evidence.journals["erp"]
    for _ in range(60):  # two clients' requests, journalled as they end: not in start order
        at = 900.0 + rng.uniform(0.0, 20.0)
        if rng.random() < 0.1:
            _entry(journal, at, 429, response_headers={"Retry-After": str(rng.choice((1, 2)))})
        else:
            _entry(journal, at, 204, path=f"/services/rest/record/v1/salesOrder/eid:X{rng.randrange(5)}")
    throttled = [e for e in journal if e["status"] == 429]
    result = rate_limits.check(evidence)
    named = sorted(d.evidence["request"]["seq"] for d in result.discrepancies if d.kind == "retry-after")
    assert named == _old_retry_after(journal, throttled) != []


def test_concurrency_on_a_journal_out_of_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rate_limits, "SORTED_CHUNK", 2)
    evidence = evidence_of(everything())
    journal = evidence.journals["erp"]
    added = {n: _entry(journal, 600.0 + n * 0.001, duration_ms=500.0 - n) for n in (6, 2, 0, 5, 1, 3, 4)}  # out of order
    result = rate_limits.check(evidence)
    assert kinds(result) == {None: {"concurrency"}}
    assert result.metrics["erp_max_in_flight"] == 7 and result.metrics["erp_requests_over_limit"] == 2
    (found,) = result.discrepancies
    assert found.evidence["erp_journal_seqs"] == sorted([added[5]["seq"], added[6]["seq"]]), "the sixth and seventh to start"


@pytest.mark.parametrize(
    ("values", "in_order"),
    [
        ([], True),
        ([1.0], True),
        ([1.0, 1.0, 2.0, 3.0, 3.0, 4.0, 5.0], True),
        ([1.0, 2.0, 3.0, 2.5, 4.0], False),  # a step down where one chunk meets the next
        ([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 0.5], False),
        ([0.0, -0.0, 0.0], True),  # equal: sorted() leaves them as they are
        ([1.0, float("nan"), 2.0], False),  # no order to trust: sorted, as ever
        ([float("-inf"), 1.0, float("inf")], False),
        ([1.0, 2.0, float("inf")], True),
    ],
)
def test_in_order_reads_every_pair(monkeypatch: pytest.MonkeyPatch, values: list[float], in_order: bool) -> None:
    monkeypatch.setattr(rate_limits, "SORTED_CHUNK", 3)
    assert rate_limits._in_order(array("d", values)) is in_order


def test_column_holds_what_the_iterator_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rate_limits, "SORTED_CHUNK", 3)
    for length in (0, 1, 3, 7):
        values = [n / 4 for n in range(length)]
        assert list(rate_limits._column(iter(values), length)) == values
