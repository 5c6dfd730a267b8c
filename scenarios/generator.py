"""Turn a scenario and a seed into traffic (what to send the simulators, when) and ground
truth (what a correct integration must leave behind), as one stream.

One ``random.Random(seed)`` drives everything in a fixed order: the world first, then the
day. :func:`iter_run` streams ``("traffic", event)`` and ``("truth", line)`` items in flat
memory (a million-event day never sits in a list); :func:`generate` collects them for a
run that fits in memory. Same scenario and seed, same bytes, in any process.

A traffic event is ``{"seq", "at", "system", "action", "body"}``: at ``at`` wall seconds
after driving starts, ``body`` goes to ``<system>/_sim/<action>`` (see harness/driver.py).
Truth lines are :mod:`scenarios.truth` shapes as dicts: each transaction when its last
event has gone out, then the day closes' journals, the final stock, and a summary.
"""

from __future__ import annotations

import gc
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

from . import clock
from .build import build_world
from .model import Scenario, TrafficSpec
from .traffic import admin, arrivals
from .traffic.context import Context
from .traffic.engine import Item
from .traffic.fragments import dumps, encode_event
from .traffic.returns import gift_return, referenced_return
from .traffic.sitoo import sitoo_refund, sitoo_sale
from .traffic.store_sales import newstore_sale
from .traffic.web_orders import web_order
from .truth import GroundTruth
from .world import World

GC_THRESHOLD = 100_000  # allocations between young collections while a day streams (Python's default: 700)


def opening_time(traffic: TrafficSpec) -> datetime:
    """When the scenario's trading day opens: the business clock's epoch for a run."""
    return clock.opening_time(traffic.business_day, traffic.opening_hour)


WRITE_BATCH = 2_000  # lines joined per file write


class RunStream:
    """A run being generated: its world is built; iterating streams its traffic and truth."""

    def __init__(self, scenario: Scenario, seed: int | None = None) -> None:
        self.scenario = scenario
        self.seed = scenario.seed if seed is None else seed
        self._rng = random.Random(self.seed)
        self.world = build_world(scenario, self._rng)
        self._started = False

    def __iter__(self) -> Iterator[Item]:
        if self._started:
            raise RuntimeError("a RunStream streams once; start another for a second pass")
        self._started = True
        return self._items()

    def _items(self) -> Iterator[Item]:
        ctx = Context(self.scenario, self.world, self._rng)
        # The stream makes no reference cycles (reference counting frees every event), but it
        # allocates hundreds of thousands of containers a second and keeps the day's pending
        # events alive: the cyclic collector would rescan them over and over (a fifth of the
        # time at a million events). It runs less often while the day streams.
        threshold = gc.get_threshold()
        gc.set_threshold(max(threshold[0], GC_THRESHOLD), *threshold[1:])
        try:
            yield from ctx.engine.run(arrivals.merged(ctx, admin.schedule(ctx)), partial(_arrive, ctx))
        finally:
            gc.set_threshold(*threshold)
        for journal in ctx.journals.lines:
            yield "truth", journal
        for stock in ctx.ledger.lines():
            yield "truth", stock
        summary = {
            "kind": "summary",
            "scenario": self.scenario.name,
            "seed": self.seed,
            "transactions": ctx.engine.truths,
            "events": ctx.engine.seq,
            "objectives": self.scenario.objectives.model_dump(mode="json"),
        }
        yield "truth", summary


def _arrive(ctx: Context, arrival: admin.Arrival) -> None:
    """A customer (or a special moment) arrives: build what they do."""
    t, kind, _, action = arrival
    rng = ctx.rng
    if kind == arrivals.SALE:
        store = ctx.open_stores.pick(t, rng)
        if store is not None:
            basket = ctx.baskets.pick(store.index)
            (newstore_sale if store.pos == "newstore" else sitoo_sale)(ctx, t, store, basket)
    elif kind == arrivals.WEB:
        web_order(ctx, t)
    elif kind == arrivals.RETURN:
        store = ctx.open_stores.pick(t, rng)
        if store is None:
            return
        if store.pos == "sitoo":
            sitoo_refund(ctx, t)
        elif rng.random() < ctx.scenario.traffic.returns.gift_rate:
            gift_return(ctx, t, store)
        else:
            referenced_return(ctx, t)
    elif action is not None:  # a price change reaching the tills, a forced or racing sale
        action(t)


def iter_run(scenario: Scenario, seed: int | None = None) -> RunStream:
    """The run as a stream: ``.world`` at once, then ``("traffic"|"truth", dict)`` items."""
    return RunStream(scenario, seed)


@dataclass
class GeneratedRun:
    scenario: Scenario
    seed: int
    world: World
    traffic: list[dict[str, Any]] = field(default_factory=list)
    truth: GroundTruth = field(default_factory=lambda: GroundTruth(scenario="", seed=0))

    def traffic_jsonl(self) -> str:
        encode = encode_event
        return "".join([encode(event) + "\n" for event in self.traffic])

    def truth_jsonl(self) -> str:
        return "".join([dumps(line) + "\n" for line in self.truth.lines()])


def generate(scenario: Scenario, seed: int | None = None) -> GeneratedRun:
    stream = iter_run(scenario, seed)
    traffic: list[dict[str, Any]] = []
    truth: list[dict[str, Any]] = []
    for kind, line in stream:
        (traffic if kind == "traffic" else truth).append(line)
    return GeneratedRun(scenario, stream.seed, stream.world, traffic, GroundTruth.from_lines(truth))


def write_jsonl(stream: RunStream, traffic_path: Path, truth_path: Path) -> tuple[int, int]:
    """Stream a run into two JSON-lines files; returns (events, truth lines)."""
    encoders = {"traffic": encode_event, "truth": dumps}
    pending: dict[str, list[str]] = {"traffic": [], "truth": []}
    counts = {"traffic": 0, "truth": 0}
    with traffic_path.open("w", encoding="utf-8") as traffic, truth_path.open("w", encoding="utf-8") as truth:
        files = {"traffic": traffic, "truth": truth}
        for kind, line in stream:
            batch = pending[kind]
            batch.append(encoders[kind](line))
            if len(batch) >= WRITE_BATCH:
                files[kind].write("\n".join(batch) + "\n")
                counts[kind] += len(batch)
                batch.clear()
        for kind, batch in pending.items():
            if batch:
                files[kind].write("\n".join(batch) + "\n")
                counts[kind] += len(batch)
    return counts["traffic"], counts["truth"]
