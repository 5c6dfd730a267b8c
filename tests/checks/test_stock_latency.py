"""Stock latency: every store movement reaches the web shop, within the objectives."""

from __future__ import annotations

from harness.checks import stock_latency
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
