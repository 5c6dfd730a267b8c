"""The NewStore simulator's state: one object, owned by the app, holding every desk.

Publishing an event (the POS via ``/_sim/publish``, or an API action such as a shipment)
updates what the API serves and hands the event to the courier, once per running stream.
Events published while no stream runs wait in the outbox and go out when one starts, as
NewStore's stream would catch up. One re-entrant lock guards it all; the desks assume it.
"""

from __future__ import annotations

import copy
import threading
import time
from collections.abc import Callable
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any, TypeVar

from pydantic import BaseModel

from simulators.common.tokens import TokenStore

from . import errors
from .config import DELIVERY_KEYS, RATE_LIMIT_KEYS, NewStoreConfig
from .eventstream import Courier, EventStream, EventStreams
from .fulfillment import FulfillmentDesk, Unit
from .ids import IdFactory
from .injection import build_order
from .inventory import Inventory
from .models import EventStreamRegistration, FulfillOrderRequest, OrderPayload, PublishedEvent
from .orders import Injection, OrderBook, injection_digest
from .ratelimit import RateLimiter
from .returns import ReturnsDesk

T = TypeVar("T")


def _iso(seconds: float) -> str:
    moment = datetime.fromtimestamp(seconds, UTC)
    return f"{moment:%Y-%m-%dT%H:%M:%S}.{moment.microsecond // 1000:03d}Z"


class NewStoreState:
    """``clock`` (POSIX seconds) drives tokens, rate limits and, unless ``now_iso`` is
    given (e.g. a scenario's business clock), the timestamps the simulator writes."""

    def __init__(
        self,
        config: NewStoreConfig | None = None,
        clock: Callable[[], float] = time.time,
        now_iso: Callable[[], str] | None = None,
    ) -> None:
        self._initial_config = asdict(config or NewStoreConfig())
        self.clock = clock
        self.now_iso = now_iso or (lambda: _iso(self.clock()))
        self.lock = threading.RLock()
        self.courier: Courier | None = None
        self.reset()

    # -- admin -------------------------------------------------------------------------
    def reset(self) -> None:
        with self.lock:
            self.close()
            self.config = NewStoreConfig(**copy.deepcopy(self._initial_config))
            self.streams = EventStreams()
            self.inventory = Inventory()
            self.orders = OrderBook()
            self.fulfillment = FulfillmentDesk(self.orders, self.inventory, self.emit)
            self.returns = ReturnsDesk(lambda kind: self.ids.next(kind), self.emit, lambda: self.now_iso())
            self.published = 0
            self.events: list[dict[str, Any]] = []
            self._rebuild()

    def _rebuild(self, before: NewStoreConfig | None = None) -> None:
        """(Re)build what depends on config, only where its config changed: reseeding a
        running simulator keeps live tokens, pending webhooks and the id sequence."""

        def changed(*names: str) -> bool:
            return before is None or any(getattr(before, n) != getattr(self.config, n) for n in names)

        if changed("tenant", "token_ttl_seconds"):
            self.tokens = TokenStore(seed=self.config.tenant, ttl_seconds=self.config.token_ttl_seconds, now=self.clock)
        if changed("tenant", "seed"):
            self.ids = IdFactory(self.config.tenant, self.config.seed)
        if changed(*RATE_LIMIT_KEYS):
            self.limiter = RateLimiter(self.config, self.clock)
        if changed(*DELIVERY_KEYS):
            self.close()
            self.courier = Courier(self.config)

    def close(self) -> None:
        if self.courier is not None:
            self.courier.stop()

    def seed(self, world: dict[str, Any]) -> None:
        """Config, clients, stores/locations/stock, and orders that already exist."""
        with self.lock:
            config = NewStoreConfig(**copy.deepcopy(asdict(self.config)))
            config.update(world.get("config", {}))
            if "clients" in world:
                config.clients = {str(k): str(v) for k, v in dict(world["clients"]).items()}
            orders = [OrderPayload.model_validate(o).model_dump(mode="json") for o in world.get("orders", [])]
            self.inventory.seed(world)
            before, self.config = self.config, config
            for order in orders:
                self.orders.put(order)
            self._rebuild(before)

    def snapshot(self) -> dict[str, Any]:
        with self.lock:
            return copy.deepcopy(
                {
                    "config": asdict(self.config),
                    "orders": list(self.orders.orders.values()),
                    "fulfillment_requests": [r.to_dict() for r in self.fulfillment.requests.values()],
                    "returns": [r for rs in self.returns.returns.values() for r in rs],
                    "refunds": [r for rs in self.returns.refunds.values() for r in rs],
                    "stocked_products": [r.to_dict() for r in self.inventory.rows],
                    "streams": [s.to_dict() for s in self.streams.streams.values()],
                    "outbox": len(self.streams.outbox),
                    "published": self.published,
                    "deliveries": self.courier.stats() if self.courier else {},
                }
            )

    def activity(self) -> dict[str, Any]:
        with self.lock:
            stats = self.courier.stats() if self.courier else {}
            return {
                "published": self.published,
                "pending": stats.get("pending", 0) + len(self.streams.outbox),
                "held": stats.get("held", 0),
                "delivered": stats.get("delivered", 0),
                "failed": stats.get("failed", 0),
                "streams_running": len(self.streams.running()),
                "throttled": self.limiter.throttled,
            }

    def deliveries(self, since: int = 0) -> list[dict[str, Any]]:
        assert self.courier is not None
        return self.courier.deliveries(since)

    # -- orders --------------------------------------------------------------------------
    def order(self, key: str) -> dict[str, Any] | None:
        """By NewStore id, falling back to external id (a copy)."""
        with self.lock:
            return copy.deepcopy(self.orders.get(key))

    def inject(self, request: FulfillOrderRequest) -> dict[str, Any]:
        """``POST /v0/d/fulfill_order``: create once, answer the same every time."""
        with self.lock:
            digest = injection_digest(request)
            known = self.orders.injections.get(request.external_id)
            if known is not None and known.digest == digest:
                return copy.deepcopy(known.response)
            if self.orders.by_external_id(request.external_id) is not None:  # injected, or created by the POS
                raise errors.different_injection(request.external_id)
            order, response, shipments = build_order(
                request, self.ids.next("order"), lambda: self.ids.next("order_item"), self.inventory.sku_of, self.now_iso()
            )
            answer = response.model_dump(mode="json")
            self.orders.injections[request.external_id] = Injection(digest, answer)
            self.orders.put(order.model_dump(mode="json"))
            self.emit("order.created", order)
            if request.is_fulfilled or request.is_historical:
                return copy.deepcopy(answer)
            node = (self.inventory.node_of_store(request.store_id) if request.store_id else None) or (
                request.store_id or self.config.default_fulfillment_node_id
            )
            for shipment, items in zip(request.shipments, shipments, strict=True):
                option = shipment.shipping_option
                level = (option.service_level_identifier if option else None) or "traditional"
                units = [Unit(i.id, i.product_id, i.external_identifiers.sku) for i in items]
                self.fulfillment.assign(self.ids.next("fulfillment_request"), order.id, node, level, units)
            return copy.deepcopy(answer)

    def atomic(self, action: Callable[[], T]) -> T:
        """Run a desk action under the lock; a copy of its result, safe to serialise."""
        with self.lock:
            return copy.deepcopy(action())

    # -- event stream ----------------------------------------------------------------------
    def register(self, registration: EventStreamRegistration) -> tuple[dict[str, Any], bool]:
        with self.lock:
            stream, created = self.streams.register(registration)
            return stream.to_dict(), created

    def stream(self, stream_id: str) -> dict[str, Any] | None:
        with self.lock:
            stream = self.streams.streams.get(stream_id)
            return stream.to_dict() if stream is not None else None

    def set_running(self, stream_id: str, running: bool) -> EventStream | None:
        with self.lock:
            stream = self.streams.streams.get(stream_id)
            if stream is None:
                return None
            stream.running = running
            if running and self.streams.outbox:
                waiting, self.streams.outbox = self.streams.outbox, []
                base = time.monotonic()
                for seq, event in waiting:
                    self._send(seq, event, base)
            return stream

    def publish(self, events: list[PublishedEvent]) -> int:
        """Events from the POS (admin surface): applied to the API's state, then delivered."""
        with self.lock:
            base = time.monotonic()
            for event in events:
                self.orders.apply(event)
                self.fulfillment.apply(event)
                self.returns.apply(event)
                self._record(event, "pos", base)
            return len(events)

    def emit(self, name: str, payload: BaseModel | dict[str, Any]) -> None:
        """An event caused by an API action: the desks already changed their state."""
        body = payload.model_dump(mode="json") if isinstance(payload, BaseModel) else copy.deepcopy(payload)
        event = PublishedEvent.model_validate({"name": name, "published_at": self.now_iso(), "payload": body})
        with self.lock:
            self._record(event, "api", time.monotonic())

    def _record(self, event: PublishedEvent, origin: str, base: float) -> None:
        self.published += 1
        self.events.append({"seq": self.published, "origin": origin, **event.model_dump(mode="json")})
        self._send(self.published, event, base)

    def published_events(self, since: int = 0) -> list[dict[str, Any]]:
        with self.lock:
            return copy.deepcopy(self.events[since:])

    def _send(self, seq: int, event: PublishedEvent, base: float) -> None:
        running = self.streams.running()
        if not running:
            self.streams.outbox.append((seq, event))
            return
        assert self.courier is not None
        self.courier.send(self.config.tenant, seq, event, running, base)
