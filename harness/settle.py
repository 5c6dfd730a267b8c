"""Decide when the integration has settled: quiescence, not sleep-and-hope.

Settled means: every webhook is delivered (or given up on), every Sitoo event handed to
the integration's Events SPI endpoint (or given up on), nothing is in flight at the ERP,
no Retry-After window is still open, and no simulator has seen a new request for
``quiet_seconds``. A deadline bounds the wait; missing it is reported, not hidden.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from .simulator_set import SimClient


@dataclass(frozen=True)
class SettleOutcome:
    settled: bool
    waited_seconds: float
    last_activity: dict[str, Any]


def _fingerprint(activity: dict[str, dict[str, Any]]) -> tuple[Any, ...]:
    return tuple(activity[name].get("requests") for name in sorted(activity)) + (
        activity["newstore"].get("delivered"),
        activity["newstore"].get("failed"),
        repr(activity.get("sitoo", {}).get("events")),
    )


def wait_until_settled(
    simulators: dict[str, SimClient], quiet_seconds: float, deadline_seconds: float, poll_seconds: float = 0.05
) -> SettleOutcome:
    started = time.monotonic()
    last_change = started
    previous: tuple[Any, ...] | None = None
    activity: dict[str, dict[str, Any]] = {}
    while True:
        now = time.monotonic()
        activity = {name: client.admin("GET", "activity") for name, client in simulators.items()}
        fingerprint = _fingerprint(activity)
        if fingerprint != previous:
            previous, last_change = fingerprint, now
        busy = (
            activity["newstore"].get("pending", 0) > 0
            or activity.get("sitoo", {}).get("pending", 0) > 0
            or activity["erp"].get("in_flight", 0) > 0
            or time.time() < max(activity["erp"].get("throttled_until", 0), activity.get("shop", {}).get("throttled_until", 0))
        )
        if busy:  # quiet is counted from the end of the work (or of a Retry-After window), not from the last request
            last_change = now
        elif now - last_change >= quiet_seconds:
            return SettleOutcome(True, now - started, activity)
        if now - started >= deadline_seconds:
            return SettleOutcome(False, now - started, activity)
        time.sleep(poll_seconds)
