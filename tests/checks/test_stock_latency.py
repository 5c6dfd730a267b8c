"""Stock latency: every store movement reaches the web shop, within the objectives."""

from __future__ import annotations

import random
from array import array
from typing import cast

import pytest

from harness.checks import stock_latency
from harness.checks.base import percentile
from tests.checks.builders import STARTED, everything, evidence_of, kinds


def _change(evidence, sku: str, location: int, delta: int):  # type: ignore[no-untyped-def]
    level = next(lv for lv in evidence.shop_inventory if lv["sku"] == sku and lv["location_id"] == location)
    return next(c for c in level["changes"] if c["delta"] == delta and c["via"] != "seed"), level


def test_passes_and_measures_every_movement() -> None:
    result = stock_latency.check(evidence_of(everything()))
    assert result.passed, result.discrepancies
    assert result.metrics["moves"] == 11
    assert result.metrics["p95_seconds"] == 0.5 and result.metrics["max_seconds"] == 0.5


def test_a_movement_applied_after_the_objective_is_too_slow() -> None:
    evidence = evidence_of(everything())
    change, _ = _change(evidence, "HOODIE-L", 1002, -2)  # SITOO-501
    change["at"] += 45.0
    result = stock_latency.check(evidence)
    assert kinds(result) == {"SITOO-501": {"too-slow"}, None: {"p95"}}  # of 11 samples, the slowest is the p95
    assert result.discrepancies[0].found == "45.50s"
    assert result.discrepancies[0].evidence["shop_journal_seq"] is not None


def test_a_movement_never_applied_fails() -> None:
    evidence = evidence_of(everything())
    change, level = _change(evidence, "TEE-RED-M", 1001, 1)  # the gift return came back to stock
    level["changes"].remove(change)
    result = stock_latency.check(evidence)
    assert kinds(result) == {"RET-G1": {"never-applied"}}
    assert result.metrics["never_applied"] == 1


def test_p95_over_the_objective_fails() -> None:
    story = everything()
    story.objectives = {"stock_latency_p95_seconds": 0.25}
    result = stock_latency.check(evidence_of(story))
    assert kinds(result) == {None: {"p95"}}


def test_samples_are_publish_time_and_latency_in_publish_order() -> None:
    samples = stock_latency.latency_samples(evidence_of(everything()))
    assert len(samples) == 11
    assert samples == sorted(samples)
    assert samples[0] == (STARTED + 1.0, 0.5)


@pytest.mark.parametrize(
    "values",
    [
        [],
        [0.25],
        [float(n % 7) / 10 for n in range(40)],  # repeats across chunks
        [0.3, 0.1, 0.2, 1e-300, 5e-324, 1e300, float("inf"), 2.5],
        [-1.5, 2.0, -0.5, 3.0, -1.5],
        [0.0, 0.5, -0.0, 0.0, 1.0, -0.0],  # equal zeros: in the order sorted() keeps them
        [0.5, float("nan"), 0.25],
    ],
)
def test_ordered_latencies_read_as_the_sorted_list(monkeypatch: pytest.MonkeyPatch, values: list[float]) -> None:
    monkeypatch.setattr(stock_latency, "SORTED_CHUNK", 3)
    ordered, want = stock_latency._Ordered(array("d", values)), sorted(values)
    assert len(ordered) == len(want) and bool(ordered) == bool(want)
    assert [repr(ordered[i]) for i in range(len(want))] == list(map(repr, want)), "the very values, -0.0 included"
    assert [repr(ordered[-i]) for i in range(1, len(want) + 1)] == [repr(want[-i]) for i in range(1, len(want) + 1)]
    for fraction in (0.5, 0.95, 0.99):
        assert repr(percentile(cast("list[float]", ordered), fraction)) == repr(percentile(want, fraction))
    with pytest.raises(IndexError):
        ordered[len(want)]


def test_ordered_latencies_of_many_values_read_as_the_sorted_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stock_latency, "SORTED_CHUNK", 100)
    rng = random.Random(3)
    values = [rng.choice((0.3, 0.30000000000000004, 0.29999999999999993)) if n % 3 else rng.expovariate(2.0) for n in range(2000)]
    ordered, want = stock_latency._Ordered(array("d", values)), sorted(values)
    assert [ordered[i] for i in range(0, 2000, 7)] == want[::7] and ordered[-1] == want[-1] and ordered[0] == want[0]


def test_matched_columns_grow_past_their_size_and_are_cut_to_length() -> None:
    matched = stock_latency.Matched(size=3)
    matched.add(array("d", [1.0, 2.0]), [0.5, 0.25])
    matched.add([3.0, 4.0], [0.75, 0.0])  # one more than sized for
    matched.cut()
    assert list(matched.published) == [1.0, 2.0, 3.0, 4.0] and list(matched.latency) == [0.5, 0.25, 0.75, 0.0]
    unkept = stock_latency.Matched(size=5, keep_published=False)
    unkept.add([1.0], [0.5])
    unkept.cut()
    assert list(unkept.latency) == [0.5] and list(unkept.published) == []
