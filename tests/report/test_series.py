"""The charts' time series, computed from a small hand-built evidence object."""

from __future__ import annotations

import pytest

from harness.report.series import Series, compute, per_second, percentile
from tests.report.fakes import T0, evidence


def test_counts_per_second_from_publish_times_and_the_erp_journal() -> None:
    series = compute(evidence())
    assert series.started == T0
    assert series.per_second == {
        "published": [1, 2, 0],
        "erp_2xx": [1, 1, 0],
        "erp_429": [1, 0, 0],
        "erp_other": [0, 0, 1],
    }
    assert series.seconds == 3


def test_stock_latency_samples_are_the_checks_relative_to_the_start() -> None:
    samples = compute(evidence()).stock_latency
    # seed and checkout ("order ...") changes are not the integration's; one change of -2 applies two sales
    assert [t for t, _ in samples] == pytest.approx([0.2, 1.5, 1.7])
    assert [latency for _, latency in samples] == pytest.approx([0.3, 1.2, 1.0])


def test_latency_stats_are_nearest_rank() -> None:
    stats = compute(evidence()).latency_stats()
    assert stats["count"] == 3
    assert stats["p50"] == pytest.approx(1.0)
    assert stats["p95"] == pytest.approx(1.2)
    assert stats["max"] == pytest.approx(1.2)
    assert Series(started=T0).latency_stats() == {}


def test_per_second_counts_early_times_in_second_zero_and_pads_to_length() -> None:
    assert per_second([T0 - 3, T0 + 0.99, T0 + 4], T0) == [2, 0, 0, 0, 1]
    assert per_second([], T0, length=2) == [0, 0]


def test_percentile() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == 50
    assert percentile(values, 95) == 95
    assert percentile([7.0], 95) == 7
    assert percentile(values, 7) == 7  # 7% of 100 is 7.000000000000001 in floating point


def test_an_empty_run_has_empty_series() -> None:
    empty = evidence()
    empty.publish_times, empty.journals, empty.shop_inventory = {}, {}, []
    series = compute(empty)
    assert series.seconds == 0 and series.stock_latency == []
