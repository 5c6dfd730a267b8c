"""Drive the scenario: publish each traffic event at its (compressed) time.

Events due at the same moment go to the simulator in one admin call. Pacing follows the
scenario's clock, so a trading day plays out in the wall time its ``time_factor`` says.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from scenarios.generator import TrafficEvent

from .simulator_set import SimClient

MAX_BATCH = 500


def drive(
    traffic: list[TrafficEvent], simulators: dict[str, SimClient], on_progress: Callable[[int, int], None] | None = None
) -> float:
    """Publish all of ``traffic``; returns the wall seconds it took."""
    started = time.monotonic()
    index, total = 0, len(traffic)
    while index < total:
        elapsed = time.monotonic() - started
        due = traffic[index].at
        if due > elapsed:
            time.sleep(min(due - elapsed, 0.05))
            continue
        batch = [traffic[index]]
        index += 1
        while (
            index < total and len(batch) < MAX_BATCH and traffic[index].at <= elapsed and traffic[index].system == batch[0].system
        ):
            batch.append(traffic[index])
            index += 1
        simulators[batch[0].system].admin("POST", "publish", json={"events": [e.to_publish() for e in batch]})
        if on_progress is not None:
            on_progress(index, total)
    return time.monotonic() - started
