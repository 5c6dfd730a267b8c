"""The NewStore simulator's state: tenant credentials, orders, event streams, outbox.

Publishing an event updates the order it is about and hands one delivery per running
stream to the webhook dispatcher. Events published while no stream runs wait in the
outbox and go out when a stream starts, as NewStore's stream would catch up.
"""

from __future__ import annotations

import fnmatch
import json
import threading
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from simulators.common.tokens import TokenStore
from simulators.common.webhooks import RetryPolicy, WebhookDispatcher

from .models import EventStreamRegistration, PublishedEvent


@dataclass
class NewStoreConfig:
    tenant: str = "harness-retail"
    clients: dict[str, str] = field(default_factory=lambda: {"pos-harness-newstore": "newstore-secret"})
    token_ttl_seconds: int = 3600
    delivery_workers: int = 4
    delivery_max_attempts: int = 8
    delivery_base_delay: float = 0.05
    delivery_max_delay: float = 2.0
    delivery_timeout: float = 15.0

    def update(self, values: dict[str, Any]) -> None:
        known = {f.name for f in fields(self)}
        for name, value in values.items():
            if name not in known:
                raise KeyError(f"unknown NewStore config key {name!r}")
            setattr(self, name, value)


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


class NewStoreState:
    def __init__(self, config: NewStoreConfig | None = None) -> None:
        self._initial_config = asdict(config or NewStoreConfig())
        self._lock = threading.RLock()
        self.dispatcher: WebhookDispatcher | None = None
        self.reset()

    # -- admin ---------------------------------------------------------------------
    def reset(self) -> None:
        with self._lock:
            if self.dispatcher is not None:
                self.dispatcher.stop()
            self.config = NewStoreConfig(**self._initial_config)
            self.tokens = TokenStore(seed=self.config.tenant, ttl_seconds=self.config.token_ttl_seconds)
            self.orders: dict[str, dict[str, Any]] = {}
            self._by_external_id: dict[str, str] = {}
            self.streams: dict[str, EventStream] = {}
            self.outbox: list[PublishedEvent] = []
            self.published = 0
            self.dispatcher = self._new_dispatcher()

    def _new_dispatcher(self) -> WebhookDispatcher:
        policy = RetryPolicy(
            self.config.delivery_max_attempts, self.config.delivery_base_delay, 2.0, self.config.delivery_max_delay
        )
        return WebhookDispatcher(self.config.delivery_workers, policy, self.config.delivery_timeout).start()

    def close(self) -> None:
        if self.dispatcher is not None:
            self.dispatcher.stop()

    def seed(self, world: dict[str, Any]) -> None:
        with self._lock:
            self.config.update(world.get("config", {}))
            if "clients" in world:
                self.config.clients = dict(world["clients"])
            self.tokens = TokenStore(seed=self.config.tenant, ttl_seconds=self.config.token_ttl_seconds)
            assert self.dispatcher is not None
            self.dispatcher.stop()
            self.dispatcher = self._new_dispatcher()

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            return {
                "config": asdict(self.config),
                "orders": list(self.orders.values()),
                "streams": [s.to_dict() for s in self.streams.values()],
                "outbox": len(self.outbox),
                "published": self.published,
                "deliveries": self.dispatcher.stats() if self.dispatcher else {},
            }

    def activity(self) -> dict[str, Any]:
        with self._lock:
            stats = self.dispatcher.stats() if self.dispatcher else {}
            return {
                "published": self.published,
                "pending": stats.get("pending", 0) + len(self.outbox),
                "delivered": stats.get("delivered", 0),
                "failed": stats.get("failed", 0),
                "streams_running": sum(s.running for s in self.streams.values()),
            }

    def deliveries(self, since: int = 0) -> list[dict[str, Any]]:
        assert self.dispatcher is not None
        return [d.to_dict() for d in self.dispatcher.deliveries()[since:]]

    # -- orders --------------------------------------------------------------------
    def order(self, key: str) -> dict[str, Any] | None:
        with self._lock:
            order_id = key if key in self.orders else self._by_external_id.get(key)
            return None if order_id is None else self.orders[order_id]

    def _apply(self, event: PublishedEvent) -> None:
        if not event.name.startswith("order."):
            return
        payload = event.payload
        order_id = str(payload.get("id", ""))
        if not order_id:
            return
        current = self.orders.get(order_id, {})
        self.orders[order_id] = {**current, **payload}
        if payload.get("external_id"):
            self._by_external_id[str(payload["external_id"])] = order_id

    # -- event stream --------------------------------------------------------------
    def register(self, registration: EventStreamRegistration) -> tuple[EventStream, bool]:
        with self._lock:
            existing = self.streams.get(registration.id)
            stream = EventStream(registration, running=existing.running if existing else False)
            self.streams[registration.id] = stream
            return stream, existing is None

    def set_running(self, stream_id: str, running: bool) -> EventStream | None:
        with self._lock:
            stream = self.streams.get(stream_id)
            if stream is None:
                return None
            stream.running = running
            if running and self.outbox:
                waiting, self.outbox = self.outbox, []
                for event in waiting:
                    self._deliver(event)
            return stream

    def publish(self, events: list[PublishedEvent]) -> int:
        with self._lock:
            for event in events:
                self._apply(event)
                self.published += 1
                self._deliver(event)
            return len(events)

    def _deliver(self, event: PublishedEvent) -> None:
        running = [s for s in self.streams.values() if s.running]
        if not running:
            self.outbox.append(event)
            return
        body = json.dumps(
            {"tenant": self.config.tenant, "name": event.name, "published_at": event.published_at, "payload": event.payload},
            separators=(",", ":"),
        ).encode()
        assert self.dispatcher is not None
        for stream in (s for s in running if s.wants(event.name)):
            params = stream.registration.callback_parameters
            headers = {"Authorization": f"Bearer {params.api_key}"} if params.api_key else {}
            self.dispatcher.submit(params.callback_url, body, headers, label=event.name)
