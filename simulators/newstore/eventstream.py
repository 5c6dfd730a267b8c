"""Event streams and the courier that sends events down them.

:class:`EventStreams` holds registrations and the outbox (events published while no stream
runs). :class:`Courier` turns an event into webhook deliveries: one per running stream that
wants it, shaped by the :class:`~.delivery.DeliveryPlan`, and records what each delivery
carried so ``/_sim/deliveries`` can say which event, stream and copy an attempt belongs to.
"""

from __future__ import annotations

import fnmatch
import json
import threading
from dataclasses import dataclass
from typing import Any

from simulators.common.webhooks import RetryPolicy, WebhookDispatcher

from .config import NewStoreConfig
from .delivery import DeliveryPlan, HoldQueue, Outgoing
from .models import EventStreamRegistration, PublishedEvent


@dataclass
class EventStream:
    registration: EventStreamRegistration
    running: bool = False

    def wants(self, event_name: str) -> bool:
        conditions = self.registration.filter_conditions
        if isinstance(conditions, list) and conditions:
            return any(fnmatch.fnmatchcase(event_name, pattern) for pattern in conditions)
        return True

    def to_dict(self) -> dict[str, Any]:
        return {**self.registration.model_dump(exclude_none=True), "status": "running" if self.running else "stopped"}


class EventStreams:
    def __init__(self) -> None:
        self.streams: dict[str, EventStream] = {}
        self.outbox: list[tuple[int, PublishedEvent]] = []

    def register(self, registration: EventStreamRegistration) -> tuple[EventStream, bool]:
        existing = self.streams.get(registration.id)
        stream = EventStream(registration, running=existing.running if existing else False)
        self.streams[registration.id] = stream
        return stream, existing is None

    def running(self) -> list[EventStream]:
        return [s for s in self.streams.values() if s.running]


class Courier:
    """The webhook dispatcher plus the hold queue in front of it."""

    def __init__(self, config: NewStoreConfig) -> None:
        policy = RetryPolicy(config.delivery_max_attempts, config.delivery_base_delay, 2.0, config.delivery_max_delay)
        self.dispatcher = WebhookDispatcher(config.delivery_workers, policy, config.delivery_timeout).start()
        self.plan = DeliveryPlan(config)
        self.holds: HoldQueue[Outgoing] = HoldQueue(self._submit).start()
        self._lock = threading.Lock()
        self._meta: dict[int, dict[str, Any]] = {}

    def stop(self) -> None:
        self.holds.stop()
        self.dispatcher.stop()

    def send(self, tenant: str, seq: int, event: PublishedEvent, streams: list[EventStream], base: float) -> None:
        """Deliver ``event`` to ``streams``; holds count from monotonic time ``base``."""
        body = json.dumps(
            {"tenant": tenant, "name": event.name, "published_at": event.published_at, "payload": event.payload},
            separators=(",", ":"),
        ).encode()
        for stream in (s for s in streams if s.wants(event.name)):
            params = stream.registration.callback_parameters
            headers = {"Authorization": f"Bearer {params.api_key}"} if params.api_key else {}
            for copy in self.plan.copies():
                meta = {
                    "event_seq": seq,
                    "event_name": event.name,
                    "payload_id": event.payload.get("id"),
                    "stream_id": stream.registration.id,
                    "duplicate": copy.duplicate,
                    "held_ms": round(copy.hold_ms, 3),
                }
                outgoing = Outgoing(params.callback_url, body, headers, event.name, meta)
                if copy.hold_ms > 0:
                    self.holds.hold(base + copy.hold_ms / 1000.0, outgoing)
                else:
                    self._submit(outgoing)

    def _submit(self, outgoing: Outgoing) -> None:
        delivery = self.dispatcher.submit(outgoing.url, outgoing.body, outgoing.headers, outgoing.label)
        with self._lock:
            self._meta[delivery.id] = outgoing.meta

    def stats(self) -> dict[str, int]:
        # Holds first: an item moving to the dispatcher meanwhile is then counted once or
        # twice, never missed (the harness must not see a false "nothing pending").
        held = self.holds.pending()
        stats = self.dispatcher.stats()
        return {**stats, "held": held, "pending": stats["pending"] + held}

    def deliveries(self, since: int = 0) -> list[dict[str, Any]]:
        with self._lock:
            meta = dict(self._meta)
        return [{**d.to_dict(), **meta.get(d.id, {})} for d in self.dispatcher.deliveries()[since:]]
