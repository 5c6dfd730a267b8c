"""Time series of a run for the charts: traffic, ERP throughput, 429s and stock latency.

Pure functions of the evidence (no I/O), so the HTML report and the run store compute the
same numbers, and a test can pin them with a small hand-built evidence object. Seconds are
counted from ``Evidence.started_wall`` (when the driver began publishing).

ERP requests are split by status (2xx, 429, anything else) from ``journals["erp"]``; stock
latency samples come from the stock-latency check, which owns their definition.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from .inputs import EvidenceLike

if TYPE_CHECKING:
    from harness.evidence import Evidence

PER_SECOND = ("published", "erp_2xx", "erp_429", "erp_other")


@dataclass(frozen=True)
class Series:
    started: float  # epoch of second 0
    per_second: dict[str, list[int]] = field(default_factory=dict)  # PER_SECOND name -> count in each second
    stock_latency: list[tuple[float, float]] = field(default_factory=list)  # (seconds since started, latency seconds)

    @property
    def seconds(self) -> int:
        return max((len(values) for values in self.per_second.values()), default=0)

    def latency_stats(self) -> dict[str, float]:
        """count, p50, p95 and max of the stock latency samples (nearest rank); empty with no samples."""
        latencies = sorted(latency for _, latency in self.stock_latency)
        if not latencies:
            return {}
        return {
            "count": float(len(latencies)),
            "p50": percentile(latencies, 50),
            "p95": percentile(latencies, 95),
            "max": latencies[-1],
        }


def percentile(ordered: Sequence[float], p: float) -> float:
    """Nearest-rank percentile of an ascending, non-empty sequence."""
    rank = max(1, math.ceil(round(p * len(ordered) / 100, 9)))  # rounded: 7% of 100 is rank 7, not 8
    return ordered[min(rank, len(ordered)) - 1]


def per_second(times: Iterable[float], started: float, length: int = 0) -> list[int]:
    """How many of ``times`` (epochs) fall in each second after ``started``; earlier ones count in second 0."""
    counts = [0] * length
    for moment in times:
        index = max(0, int(moment - started))
        if index >= len(counts):
            counts.extend([0] * (index + 1 - len(counts)))
        counts[index] += 1
    return counts


def erp_requests(journal: Sequence[Mapping[str, Any]]) -> dict[str, list[float]]:
    """Start times of the ERP's journalled requests, split into 2xx, 429 and every other status."""
    split: dict[str, list[float]] = {"erp_2xx": [], "erp_429": [], "erp_other": []}
    for entry in journal:
        status = int(entry.get("status", 0))
        key = "erp_2xx" if 200 <= status < 300 else "erp_429" if status == 429 else "erp_other"
        split[key].append(float(entry["started_at"]))
    return split


def stock_latency(evidence: EvidenceLike) -> list[tuple[float, float]]:
    """(seconds after the start the sale was published, latency) per applied shop stock movement.

    The samples are the stock-latency check's own (``latency_samples``), so the chart shows
    exactly the latencies the verdict was given on.
    """
    from harness.checks.stock_latency import latency_samples

    samples = latency_samples(cast("Evidence", evidence))  # it reads only what EvidenceLike declares
    return [(published - evidence.started_wall, latency) for published, latency in samples]


def compute(evidence: EvidenceLike) -> Series:
    started = evidence.started_wall
    erp = erp_requests(evidence.journals.get("erp", []))
    raw = {"published": list(evidence.publish_times.values()), **erp}
    length = max((max(0, int(t - started)) + 1 for times in raw.values() for t in times), default=0)
    return Series(
        started=started,
        per_second={name: per_second(raw[name], started, length) for name in PER_SECOND},
        stock_latency=stock_latency(evidence),
    )
