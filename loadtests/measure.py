"""What a load test measures, from what the simulators recorded: plain functions over dicts.

* **Sale -> ERP lag**: from the moment the event that completes a transaction was published
  (``event_seq`` in the ground truth, its time in the publish log) to the moment the last of
  its expected ERP records (the sale, return or journal, and any fulfilment invoices) was
  first written: the end of the first successful write in the ERP's request journal.
* **Sale -> web stock lag**: per SKU and shop location, the expected stock movements in
  publish order against the integration's changes to the shop's stock, matched by
  cumulative units (an integration may merge or split adjustments).
* **Per-second timeline**: the harness's one-second samples of the simulators' counters,
  with the lags bucketed by the second they landed in.

No Locust import: the harness calls this after the load, in its own process.
"""

from __future__ import annotations

import bisect
import json
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

WRITE_METHODS = frozenset({"PUT", "POST", "PATCH"})
RECORD_PREFIX = "/record/v1/"


@dataclass(frozen=True)
class Landing:
    """One measured delay: what landed, when (epoch seconds), and how long after its publish."""

    key: str
    landed_at: float
    lag: float


def percentile(values: Sequence[float], q: float) -> float | None:
    """Nearest-rank percentile (``q`` in 0..1) of ``values``; None when there are none."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


def summary(values: Sequence[float]) -> dict[str, float | int | None]:
    return {
        "count": len(values),
        "p50": percentile(values, 0.50),
        "p95": percentile(values, 0.95),
        "p99": percentile(values, 0.99),
        "max": max(values) if values else None,
    }


def written_record(entry: Mapping[str, Any]) -> tuple[str, str] | None:
    """``(record type, externalId)`` a successful ERP write created or replaced, else None."""
    if entry.get("method") not in WRITE_METHODS or not 200 <= int(entry.get("status", 0)) < 300:
        return None
    path = str(entry.get("path", ""))
    if RECORD_PREFIX not in path:
        return None
    segments = [unquote(s) for s in urlsplit(path).path.split(RECORD_PREFIX, 1)[1].split("/") if s]
    if not segments:
        return None
    record_type = segments[segments.index("!transform") + 1] if "!transform" in segments[:-1] else segments[0]
    if len(segments) == 2 and segments[1].startswith("eid:"):
        return record_type, segments[1][4:]
    try:
        body = json.loads(entry.get("request_body") or "{}")
    except ValueError:
        return None
    external_id = body.get("externalId") if isinstance(body, dict) else None
    return (record_type, str(external_id)) if external_id else None


def erp_landing_times(journal: Iterable[Mapping[str, Any]]) -> dict[tuple[str, str], float]:
    """When each ERP record (type, externalId) was first written: the end of its first 2xx write."""
    landed: dict[tuple[str, str], float] = {}
    for entry in journal:
        record = written_record(entry)
        if record is None:
            continue
        done = float(entry["started_at"]) + float(entry.get("duration_ms", 0.0)) / 1000
        if record not in landed or done < landed[record]:
            landed[record] = done
    return landed


def _expected_records(item: Mapping[str, Any]) -> list[tuple[str, str]]:
    records = [item.get("record")] + list(item.get("fulfilments") or [])
    return [(str(r["record_type"]), str(r["external_id"])) for r in records if isinstance(r, Mapping)]


def erp_lags(
    items: Iterable[Mapping[str, Any]], landed: Mapping[tuple[str, str], float], publish_times: Mapping[int, float]
) -> tuple[list[Landing], list[str]]:
    """Sale -> ERP lag of every published truth item (transaction or journal) expected in the
    ERP, and the source ids of those with an expected record that never landed."""
    lags: list[Landing] = []
    missing: list[str] = []
    for item in items:
        if item.get("outcome") != "erp" or int(item.get("event_seq", -1)) not in publish_times:
            continue
        records = _expected_records(item)
        key = str(item.get("source_id") or item.get("record", {}).get("external_id", ""))
        if not records:
            continue
        times = [landed.get(record) for record in records]
        if any(t is None for t in times):
            missing.append(key)
            continue
        last = max(t for t in times if t is not None)
        lags.append(Landing(key, last, last - publish_times[int(item["event_seq"])]))
    return lags, missing


def stock_lags(
    transactions: Iterable[Mapping[str, Any]], shop_inventory: Iterable[Mapping[str, Any]], publish_times: Mapping[int, float]
) -> list[Landing]:
    """Sale -> web stock lag of every expected shop movement that the shop's stock reflects."""
    expected: dict[tuple[str, str], list[tuple[float, int, str]]] = defaultdict(list)
    for item in transactions:
        published = publish_times.get(int(item.get("event_seq", -1)))
        if published is None:
            continue
        for move in item.get("stock") or []:
            if move.get("shop_location") is not None and move.get("quantity"):
                key = (str(move["sku"]), str(move["shop_location"]))
                expected[key].append((published, abs(int(move["quantity"])), str(item.get("source_id", ""))))
    applied: dict[tuple[str, str], list[tuple[float, int]]] = defaultdict(list)
    for level in shop_inventory:
        key = (str(level.get("sku")), str(level.get("location_id")))
        for change in level.get("changes") or []:
            via = str(change.get("via", ""))
            if via != "seed" and not via.startswith("order ") and change.get("delta"):
                applied[key].append((float(change["at"]), abs(int(change["delta"]))))
    lags: list[Landing] = []
    for key, moves in expected.items():
        changes = sorted(applied.get(key, []))
        reached, cumulative = [], 0  # units the shop has reflected, after each change
        for _, units in changes:
            cumulative += units
            reached.append(cumulative)
        needed = 0
        for published, units, source in sorted(moves):
            needed += units
            index = bisect.bisect_left(reached, needed)
            if index < len(changes):
                landed_at = changes[index][0]
                lags.append(Landing(f"{source}:{key[0]}@{key[1]}", landed_at, landed_at - published))
    return lags


def _bucket(times: Iterable[float], t0: float) -> dict[int, int]:
    counts: dict[int, int] = defaultdict(int)
    for moment in times:
        counts[int(moment - t0)] += 1
    return counts


def _lag_buckets(landings: Iterable[Landing], t0: float) -> dict[int, list[float]]:
    buckets: dict[int, list[float]] = defaultdict(list)
    for landing in landings:
        buckets[int(landing.landed_at - t0)].append(landing.lag)
    return buckets


TIMELINE_COLUMNS = (
    "second",
    "phase",
    "users",
    "pos_events",
    "webhooks_delivered",
    "erp_writes",
    "erp_429",
    "shop_429",
    "backlog",
    "erp_in_flight",
    "erp_lag_p50",
    "erp_lag_p95",
    "stock_lag_p95",
)


COUNTERS = ("delivered", "erp_writes", "erp_429", "shop_429")  # cumulative in every sample


def _counter_at(samples: Sequence[Mapping[str, Any]], times: Sequence[float], name: str, moment: float) -> float:
    """A cumulative counter at ``moment``, linearly between the samples around it."""
    index = bisect.bisect_right(times, moment)
    if index == 0:
        return float(samples[0].get(name, 0))
    if index == len(times):
        return float(samples[-1].get(name, 0))
    before, after = samples[index - 1], samples[index]
    share = (moment - times[index - 1]) / ((times[index] - times[index - 1]) or 1.0)
    return float(before.get(name, 0)) + share * (float(after.get(name, 0)) - float(before.get(name, 0)))


def timeline(
    samples: Sequence[Mapping[str, Any]],
    t0: float,
    publish_times: Mapping[int, float],
    erp: Sequence[Landing],
    stock: Sequence[Landing],
    users: Mapping[int, int] | None = None,
) -> list[dict[str, Any]]:
    """One row per second from ``t0`` to the last sample: the rise of each cumulative counter
    over that second (between samples, spread evenly: a busy machine samples late), the
    backlog and ERP in-flight of the last sample taken by then, the events published, and
    the lags that landed in that second. ``users`` maps a second to Locust's user count."""
    if not samples:
        return []
    published = _bucket(publish_times.values(), t0)
    erp_buckets, stock_buckets = _lag_buckets(erp, t0), _lag_buckets(stock, t0)
    times = [float(sample["at"]) for sample in samples]
    rows: list[dict[str, Any]] = []
    current_users: int | str = ""
    for second in range(0, max(0, int(times[-1] - t0)) + 1):
        start, end = t0 + second, t0 + second + 1
        latest = samples[max(0, bisect.bisect_right(times, end) - 1)]
        rises = {
            name: round(_counter_at(samples, times, name, end) - _counter_at(samples, times, name, start)) for name in COUNTERS
        }
        current_users = (users or {}).get(second, current_users)
        erp_lag, stock_lag = erp_buckets.get(second, []), stock_buckets.get(second, [])
        rows.append(
            {
                "second": second,
                "phase": latest.get("phase", ""),
                "users": current_users,
                "pos_events": published.get(second, 0),
                "webhooks_delivered": rises["delivered"],
                "erp_writes": rises["erp_writes"],
                "erp_429": rises["erp_429"],
                "shop_429": rises["shop_429"],
                "backlog": int(latest.get("backlog", 0)),
                "erp_in_flight": int(latest.get("erp_in_flight", 0)),
                "erp_lag_p50": _round(percentile(erp_lag, 0.50)),
                "erp_lag_p95": _round(percentile(erp_lag, 0.95)),
                "stock_lag_p95": _round(percentile(stock_lag, 0.95)),
            }
        )
    return rows


def _round(value: float | None) -> float | str:
    return "" if value is None else round(value, 3)


def flatten_activity(at: float, phase: str, activity: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """One sample from the simulators' ``/_sim/activity``: the counters the timeline needs."""
    newstore, sitoo = activity.get("newstore", {}), activity.get("sitoo", {})
    erp, shop = activity.get("erp", {}), activity.get("shop", {})
    sitoo_events = sitoo.get("events", {}) if isinstance(sitoo.get("events"), Mapping) else {}
    return {
        "at": at,
        "phase": phase,
        "delivered": int(newstore.get("delivered", 0)) + int(sitoo_events.get("delivered", 0)),
        "erp_writes": int(erp.get("writes", 0)),
        "erp_429": int(erp.get("rejected", 0)) + int(erp.get("rate_limited", 0)),
        "shop_429": int(shop.get("throttled", 0)),
        "backlog": int(newstore.get("pending", 0)) + int(sitoo.get("pending", 0)),
        "erp_in_flight": int(erp.get("in_flight", 0)),
    }
