"""Stock latency: a store sale reaches the web shop's stock within the scenario's objective.

When a peak-trading burst backs the integration up, the website keeps selling stock a
store already sold: the last item goes twice. For every stock movement the truth expects
at a shop location, the delay runs from when the driver published the event that
completed its transaction (``Evidence.publish_times``) to the web-shop stock change that
applied it. Changes made through the Admin API (``inventory_levels/adjust`` or ``set``)
are matched to movements per SKU and shop location in publish order (first in, first
out; removals and additions separately; a change may apply several movements, or part of
one); a change made before the oldest waiting movement was published applies none.

Fails on:

* ``never-applied``: a movement no change applied;
* ``too-slow``: a movement applied later than ``stock_latency_max_seconds``;
* ``p95``: the 95th percentile above ``stock_latency_p95_seconds``.

:func:`latency_samples` gives the (publish epoch, latency) pairs for charts.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from itertools import compress, count, repeat
from struct import pack, unpack
from typing import cast

from harness.evidence import Evidence, ShopMoves, expected_shop_moves
from harness.evidence_stock import change_columns

from .base import MAX_KEPT, CheckResult, Findings, Record, percentile

NAME = "stock_latency"
TITLE = "Store stock movements reach the web shop within the latency objectives"
# A change this early relative to a publish time is still taken as applying it (clock rounding).
TOLERANCE_SECONDS = 0.001
SORTED_CHUNK = 65_536  # latencies sorted at a time (as float objects) to find the percentiles
SHOP_API_CHANGE = "inventory_levels/"

Key = tuple[str, object]  # (sku, shop location id)


class Move:
    """One expected movement at a shop location, as it waits to be applied."""

    __slots__ = ("published", "source_id", "units")

    def __init__(self, published: float, units: int, source_id: str) -> None:
        self.published = published
        self.units = units  # still to apply
        self.source_id = source_id


class Matched:
    """What matching the shop's changes to the truth's movements found.

    The per-movement columns are made as long as the most movements that can be applied (``size``) up front
    and cut to length at the end: grown a level at a time, arrays of millions are copied at each growth, and
    the heap keeps the copies' space. The publish times are kept only if asked for (the check reads none)."""

    def __init__(self, size: int = 0, keep_published: bool = True) -> None:
        self.published = array("d", [0.0]) * (size if keep_published else 0)  # per applied movement, in order
        self.latency = array("d", [0.0]) * size
        self.applied = 0  # movements applied so far: the columns' length once cut
        self.keep_published = keep_published
        self.slow: list[tuple[Move, Key, Record, float]] = []  # movements over the threshold (the first few kept)
        self.slow_count = 0
        self.waiting: list[tuple[Key, list[Move]]] = []  # movements never applied
        self.unexplained = 0  # changes (or parts) that applied no waiting movement

    def add(self, published: Sequence[float], latency: Sequence[float]) -> None:
        """File applied movements' publish times and latencies, in order."""
        start, stop = self.applied, self.applied + len(latency)
        _filled(self.latency, start, stop, latency)
        if self.keep_published:
            _filled(self.published, start, stop, published)
        self.applied = stop

    def cut(self) -> None:
        """Cut the columns to the movements applied."""
        del self.latency[self.applied :]
        del self.published[self.applied :]


def _filled(column: array[float], start: int, stop: int, values: Sequence[float]) -> None:
    """Write ``values`` over ``column[start:stop]`` (grown first if it is shorter)."""
    if stop > len(column):
        column.extend(array("d", [0.0]) * (stop - len(column)))
    column[start:stop] = array("d", values)


def check(evidence: Evidence) -> CheckResult:
    objectives = evidence.truth.objectives()
    limit = objectives.stock_latency_max_seconds
    matched = _match(evidence.shop_inventory, evidence.shop_moves, limit, keep_published=False)
    findings = Findings()
    for move, key, change, latency in matched.slow:
        findings.add(
            "too-slow",
            move.source_id,
            f"{key[0]} at shop location {key[1]} within {limit:g}s",
            f"{latency:.2f}s",
            {
                "published_at": move.published,
                "applied_at": change.get("at"),
                "shop_journal_seq": evidence.shop_seq(change.get("request_id")),
            },
        )
    findings.count_only("too-slow", matched.slow_count - len(matched.slow))
    never = 0
    for key, moves in matched.waiting:
        for move in moves:
            never += 1
            findings.add(
                "never-applied",
                move.source_id,
                f"{key[0]} at shop location {key[1]} moved on the web shop",
                f"{move.units} unit(s) never applied",
                {"published_at": move.published},
            )
    ordered = _Ordered(matched.latency)  # sorts them in place, a chunk at a time
    p95 = percentile(cast("list[float]", ordered), 0.95)  # it reads len() and one index: as the sorted list reads
    metrics = {
        "moves": float(len(ordered) + never),
        "applied": float(len(ordered)),
        "never_applied": float(never),
        "unexplained_changes": float(matched.unexplained),
        "p50_seconds": percentile(cast("list[float]", ordered), 0.50),
        "p95_seconds": p95,
        "max_seconds": ordered[-1] if ordered else 0.0,
        "objective_p95_seconds": objectives.stock_latency_p95_seconds,
        "objective_max_seconds": limit,
    }
    if p95 > objectives.stock_latency_p95_seconds:
        findings.add(
            "p95",
            None,
            f"p95 stock latency within {objectives.stock_latency_p95_seconds:g}s",
            f"p95 {p95:.2f}s over {len(ordered)} applied movements (max {metrics['max_seconds']:.2f}s)",
            {"metrics": metrics},
        )
    return findings.result(NAME, TITLE, int(metrics["moves"]), metrics=metrics)


def latency_samples(evidence: Evidence) -> list[tuple[float, float]]:
    """(publish epoch, latency seconds) of every applied movement, in publish order.

    Reads only the evidence's plain fields (truth, publish_times, started_wall, shop_inventory),
    so a report can call it on any object that has them."""
    expected = expected_shop_moves(evidence.truth.transactions, evidence.publish_times, evidence.started_wall)
    matched = _match(evidence.shop_inventory, expected, float("inf"))
    return sorted(zip(matched.published, matched.latency, strict=True))


def _match(
    shop_inventory: list[Record], expected: Mapping[Key, ShopMoves], slow_after: float, keep_published: bool = True
) -> Matched:
    """Apply the shop's API changes to the truth's movements per SKU and location, in time order."""
    matched = Matched(sum(map(len, expected.values())), keep_published)  # each movement is applied once at most
    seen: set[Key] = set()
    for level in shop_inventory:
        key = (str(level.get("sku")), _location(level.get("location_id")))
        moves = expected.get(key)
        if moves is None:
            continue
        seen.add(key)
        changes = level.get("changes", ())
        if not _one_by_one(matched, key, moves, changes, slow_after):
            _match_level(matched, key, moves, changes, slow_after)
    for key, moves in expected.items():
        if key not in seen:
            matched.waiting.append((key, [Move(p, abs(q), s) for p, q, s in moves]))
    matched.cut()
    return matched


def _one_by_one(matched: Matched, key: Key, moves: ShopMoves, changes: Sequence[Record], slow_after: float) -> bool:
    """The usual case, matched at C speed: the API changes apply the movements one each, in publish order,
    none before it was published. False (and nothing matched) otherwise."""
    quantities, published = moves.quantities, moves.published
    api: list[int] = []  # the index of each API change
    at: list[float] = []
    deltas, vias, times = change_columns(changes, ("delta", None), ("via", ""), ("at", None))
    for position, delta, via in zip(count(), deltas, vias):  # columns: no dict per change
        if not delta or SHOP_API_CHANGE not in via:
            continue
        index = len(api)
        if index == len(quantities) or delta != quantities[index]:
            return False
        when = float(times[position])
        if not published[index] <= when + TOLERANCE_SECONDS:
            return False
        api.append(position)
        at.append(when)
    if len(api) < len(quantities):
        return False
    latency = list(map(max, map(float.__sub__, at, published), repeat(0.0)))  # at - published, or 0.0
    matched.add(moves.published, latency)
    slow = list(map(float(slow_after).__lt__, latency))
    if any(slow):
        matched.slow_count += sum(slow)
        for index in compress(range(len(slow)), slow):
            if len(matched.slow) < MAX_KEPT:
                move = Move(moves.published[index], abs(moves.quantities[index]), moves.sources[index])
                matched.slow.append((move, key, changes[api[index]], latency[index]))
    return True


def _match_level(matched: Matched, key: Key, moves: ShopMoves, changes: Sequence[Record], slow_after: float) -> None:
    """First in, first out: removals and additions separately, a change applying several movements or part of one."""
    applied: list[float] = []  # publish times and latencies of the movements applied, filed at the end
    latencies: list[float] = []
    published_out, latency_out = applied.append, latencies.append
    # removals and additions wait in separate queues: a head index and the head's units still to apply
    heads = [0, 0]
    left = [0, 0]
    queues = ([m for m in moves if m[1] < 0], [m for m in moves if m[1] > 0])
    deltas, vias, times = change_columns(changes, ("delta", None), ("via", ""), ("at", None))
    for position, delta, via in zip(count(), deltas, vias):  # columns: no dict per change
        if not delta or SHOP_API_CHANGE not in via:
            continue
        at = float(times[position])
        side = 0 if delta < 0 else 1
        queue, head = queues[side], heads[side]
        units = abs(int(delta))
        while units and head < len(queue) and queue[head][0] <= at + TOLERANCE_SECONDS:
            published, quantity, source_id = queue[head]
            remaining = left[side] or abs(quantity)
            if remaining > units:
                left[side] = remaining - units
                units = 0
                break
            units -= remaining
            left[side] = 0
            head += 1
            latency = at - published if at > published else 0.0
            published_out(published)
            latency_out(latency)
            if latency > slow_after:
                matched.slow_count += 1
                if len(matched.slow) < MAX_KEPT:
                    matched.slow.append((Move(published, abs(quantity), source_id), key, changes[position], latency))
        heads[side] = head
        if units:
            matched.unexplained += 1  # more units than were waiting: a repeat, or stock the truth did not move
    matched.add(applied, latencies)
    rest = [
        Move(published, (left[side] if index == heads[side] and left[side] else abs(quantity)), source_id)
        for side in (0, 1)
        for index, (published, quantity, source_id) in enumerate(queues[side])
        if index >= heads[side]
    ]
    if rest:
        matched.waiting.append((key, rest))


class _Ordered:
    """``sorted(values)`` as the percentiles read it (its length, the value at an index), without a float
    object per value at once (a million latencies as a sorted list take 32 MB) nor a second array: the
    values sorted in place a chunk at a time, the value at an index found by bisecting the float line over
    the chunks. With a NaN (no order), or a zero found (0.0 and -0.0 are equal: sorted() says which comes
    first), the sorted list after all."""

    __slots__ = ("chunks", "length", "listed", "values")

    def __init__(self, values: array[float]) -> None:
        self.values, self.length = values, len(values)
        self.listed: list[float] | None = None
        self.chunks: list[tuple[int, int]] = []  # (start, stop) of each chunk of ``values``, each sorted
        total = sum(values)
        if total != total:  # a NaN (or inf - inf): sorted() as ever
            self.listed = sorted(values)
            return
        for start in range(0, len(values), SORTED_CHUNK):
            stop = min(start + SORTED_CHUNK, len(values))
            values[start:stop] = array("d", sorted(values[start:stop]))
            self.chunks.append((start, stop))

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, index: int) -> float:
        if index < 0:
            index += self.length
        if not 0 <= index < self.length:
            raise IndexError("_Ordered index out of range")
        if self.listed is None:
            found = self._at(index)
            if found != 0.0:
                return found
            self.listed = sorted(self.values)  # stable: each chunk sorted stably, in the values' order
        return self.listed[index]

    def _at(self, index: int) -> float:
        """The least value with more than ``index`` values at or below it."""
        values, chunks = self.values, self.chunks
        low = _order_key(min(values[start] for start, _ in chunks))
        high = _order_key(max(values[stop - 1] for _, stop in chunks))
        while low < high:
            middle = (low + high) // 2
            at = _from_order_key(middle)
            if sum(bisect_right(values, at, start, stop) - start for start, stop in chunks) > index:
                high = middle
            else:
                low = middle + 1
        return _from_order_key(low)


def _order_key(value: float) -> int:
    """An int that orders as ``value`` among floats (not NaN); -0.0 just below 0.0."""
    bits = int.from_bytes(pack("<d", value), "little", signed=True)
    return bits if bits >= 0 else -(bits + 2**63) - 1


def _from_order_key(key: int) -> float:
    bits = key if key >= 0 else -(key + 1) - 2**63
    return float(unpack("<d", bits.to_bytes(8, "little", signed=True))[0])


def _location(value: object) -> object:
    """A shop location id as the truth writes it (an integer), whatever the evidence gives."""
    try:
        return int(str(value))
    except ValueError:
        return value
