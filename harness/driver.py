"""Drive the scenario: hand each traffic event to its simulator at its (compressed) time.

A traffic event is ``{"seq", "at", "system", "action", "body"}``: at ``at`` wall seconds
after driving starts, ``body`` is POSTed to ``<system>/_sim/<action>``. Consecutive events
due together for the same system and a batchable action go in one call (NewStore
``publish`` as ``{"events": [...]}``, Sitoo ``orders`` as a list), which keeps their order.
The driver logs the wall time each event really went out: stock latency is measured from
there, not from the plan. When it falls behind the plan (a big day on a busy machine), it
says so through ``on_late`` before each send, so the run can hold the business clock to the
plan: a day close sent late must still close the scenario's business day.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .simulator_set import SimClient

MAX_BATCH = 500
LATE_SECONDS = 0.25  # behind the plan by more than this, the driver calls ``on_late``
# (system, action) -> how a batch of bodies is wrapped for the admin call
BATCHABLE: dict[tuple[str, str], Callable[[list[Any]], Any]] = {
    ("newstore", "publish"): lambda bodies: {"events": bodies},
    ("sitoo", "orders"): lambda bodies: bodies,
}
# Answers that are an outcome of the scenario, not a failure to drive it: the web shop
# refusing a checkout for stock it no longer has is what a last-unit race is about.
EXPECTED_REFUSALS: dict[tuple[str, str], frozenset[int]] = {("shop", "orders"): frozenset({422})}


@dataclass
class DriveLog:
    """When driving began and when each event (by seq) was handed to its simulator, in epoch seconds."""

    started_wall: float = 0.0
    seconds: float = 0.0
    publish_times: dict[int, float] = field(default_factory=dict)


def drive(
    traffic: Sequence[dict[str, Any]],
    simulators: dict[str, SimClient],
    on_progress: Callable[[int, int], None] | None = None,
    on_late: Callable[[float], None] | None = None,
) -> DriveLog:
    """Send all of ``traffic`` in order, paced by each event's ``at``."""
    log = DriveLog(started_wall=time.time())
    started = time.monotonic()
    index, total = 0, len(traffic)
    while index < total:
        elapsed = time.monotonic() - started
        due = float(traffic[index]["at"])
        if due > elapsed:
            time.sleep(min(due - elapsed, 0.05))
            continue
        first = traffic[index]
        batch = [first]
        index += 1
        kind = (first["system"], first["action"])
        if kind in BATCHABLE:
            while (
                index < total
                and len(batch) < MAX_BATCH
                and float(traffic[index]["at"]) <= elapsed
                and (traffic[index]["system"], traffic[index]["action"]) == kind
            ):
                batch.append(traffic[index])
                index += 1
            body = BATCHABLE[kind]([event["body"] for event in batch])
        else:
            body = first["body"]
        if on_late is not None and elapsed - due > LATE_SECONDS:
            on_late(due)
        sent = time.time()
        simulators[first["system"]].admin("POST", first["action"], json=body, accept=EXPECTED_REFUSALS.get(kind, frozenset()))
        for event in batch:
            log.publish_times[int(event["seq"])] = sent
        if on_progress is not None:
            on_progress(index, total)
    log.seconds = time.monotonic() - started
    return log
