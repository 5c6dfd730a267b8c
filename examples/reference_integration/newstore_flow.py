"""NewStore: the event stream in, ERP records and shop stock out.

Deliveries are at-least-once and unordered. The webhook drops a delivery it has already
queued (payload id + event name, as NewStore advises; fulfilment events add the parcel,
because every ``items_completed`` of one request carries the request's id) and queues
the rest; one worker handles them in arrival order, keeping per-order state so the
*result* does not depend on that order:

* in-store sale: posted on ``order.completed`` once the payment is captured;
* web order (click and collect): its ``salesOrder`` once ``order.completed`` shows the
  capture (the customer collected); each fulfilment request (parcel) becomes an invoice
  once every unit ``fulfillment_request.assigned`` listed has arrived in an
  ``items_completed`` event (one per unit) and the order is completed;
* ``order.cancelled`` is remembered even before the order is known (a tombstone): nothing
  of that order is ever posted;
* return: a credit memo createdFrom the original sale (its external id, looked up through
  NewStore when this process never saw the order); a gift return goes to the exception queue.

Shop stock moves when goods leave or come back: an in-store sale's completion, a collected
parcel (once, summed per product, at the store that picked it), a return; also for records
that go to the exception queue.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from typing import Any

from .behaviour import Behaviour
from .clients import NewStoreClient
from .erp_writer import Link
from .inbox import Inbox
from .mappings import Lookups, Unmappable
from .newstore_records import OrderRef, captured, credit_memo, invoice, order_units, sales_order
from .outbox import Moved, Outbox, Source
from .records import stock_units

log = logging.getLogger("reference_integration.newstore")
FULL_ORDER_EVENTS = ("order.created", "order.opened", "order.completed")


def delivery_key(envelope: dict[str, Any]) -> tuple[str, ...]:
    """What makes two deliveries the same event."""
    name, payload = str(envelope.get("name")), envelope.get("payload") or {}
    if not name.startswith("fulfillment_request."):
        return (name, str(payload.get("id")))
    units = ",".join(sorted(str(i.get("id")) for i in payload.get("items") or []))
    return (name, str(payload.get("id")), str(payload.get("logical_timestamp")), units)


@dataclass
class Parcel:
    """One fulfilment request of a web order."""

    location: str | None = None
    units: dict[str, str] | None = None  # unit id -> product id, from fulfillment_request.assigned
    completed: dict[str, str] = field(default_factory=dict)  # from the items_completed events
    picked_on: str = ""  # business day of the last items_completed
    recorded: bool = False

    @property
    def complete(self) -> bool:
        return self.units is not None and self.units.keys() <= self.completed.keys()


@dataclass
class WebOrder:
    order: dict[str, Any] | None = None  # the most complete payload seen
    due: bool = False  # an event said the sale may be posted
    collected: bool = False  # order.completed arrived: the customer has the goods
    submitted: bool = False
    postable: bool = True  # False once the sale went to the exception queue: its parcels follow it
    parcels: dict[str, Parcel] = field(default_factory=dict)


class NewStoreFlow:
    def __init__(
        self,
        behaviour: Behaviour,
        lookups: Lookups,
        outbox: Outbox,
        newstore: NewStoreClient,
        queue_limit: int = 10_000,
    ) -> None:
        self.behaviour = behaviour
        self.lookups = lookups
        self.outbox = outbox
        self.newstore = newstore
        self.inbox: Inbox[dict[str, Any]] = Inbox(queue_limit)
        self._seen: set[tuple[str, ...]] = set()
        self._seen_lock = threading.Lock()
        self._thread: threading.Thread | None = None
        # State, touched only by the worker thread.
        self.cancelled: set[str] = set()
        self.web: dict[str, WebOrder] = {}
        self.orders: dict[str, OrderRef] = {}

    # -- receiving (webhook threads) -------------------------------------------------
    def accept(self, envelope: dict[str, Any]) -> bool:
        """Queue a delivery; False when the queue is full (answer 503: NewStore retries)."""
        if not self.behaviour.dedupe:
            return self.inbox.offer([envelope])
        key = delivery_key(envelope)
        with self._seen_lock:
            if key in self._seen:
                return True
            if not self.inbox.offer([envelope]):
                return False
            self._seen.add(key)
            return True

    def start(self) -> None:
        self._thread = threading.Thread(target=self._work, name="newstore-flow", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self.inbox.close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _work(self) -> None:
        while envelopes := self.inbox.take():
            try:
                self.handle(envelopes[0])
            except Exception:  # one bad event must not stop the flow
                log.exception("failed to handle %s", envelopes[0].get("name"))
            finally:
                self.inbox.done()

    # -- handling (the worker) ---------------------------------------------------------
    def handle(self, envelope: dict[str, Any]) -> None:
        name, payload = str(envelope.get("name")), envelope.get("payload") or {}
        if name in FULL_ORDER_EVENTS:
            self._order_event(name, payload)
        elif name == "order.cancelled":
            self._cancelled(payload)
        elif name == "fulfillment_request.assigned":
            self._assigned(payload)
        elif name == "fulfillment_request.items_completed":
            self._items_completed(payload, str(envelope.get("published_at") or ""))
        elif name == "return.processed":
            self._returned(payload)
        # Refunds, item cancellations and swaps leave nothing in the ERP (contract table).

    def _order_event(self, name: str, order: dict[str, Any]) -> None:
        order_id = str(order["id"])
        self.orders[order_id] = OrderRef.of(order)
        if order_id in self.cancelled:
            return
        posts = self.behaviour.posts_sale(name, captured(order))
        if order.get("channel_type") == "web":
            state = self.web.setdefault(order_id, WebOrder())
            if state.order is None or state.order.get("status") != "completed" or name == "order.completed":
                state.order = order
            state.due = state.due or posts
            state.collected = state.collected or name == "order.completed"
            self._advance(order_id, state)
            return
        store = str(order["channel"])
        moved = (store, stock_units(order_units(order), -1)) if name == "order.completed" else None
        if posts:
            self._post_sale(order, store, "sale", moved)
        elif moved is not None:
            self.outbox.move(*moved)

    def _cancelled(self, order: dict[str, Any]) -> None:
        order_id = str(order["id"])
        if not self.behaviour.buffer_early_events and order_id not in self.orders:
            log.info("cancellation of unknown order %s dropped (arrival order)", order_id)
            return
        self.cancelled.add(order_id)

    def _assigned(self, request: dict[str, Any]) -> None:
        state = self.web.setdefault(str(request["order_id"]), WebOrder())
        parcel = state.parcels.setdefault(str(request["id"]), Parcel())
        parcel.location = str(request.get("fulfillment_location_id"))
        parcel.units = {str(i["id"]): str(i["product_id"]) for i in request.get("items", [])}
        self._advance(str(request["order_id"]), state)

    def _items_completed(self, request: dict[str, Any], published_at: str) -> None:
        order_id, request_id = str(request["order_id"]), str(request["id"])
        units = {str(i["id"]): str(i["product_id"]) for i in request.get("items", [])}
        state = self.web.setdefault(order_id, WebOrder())
        parcel = state.parcels.setdefault(request_id, Parcel(location=str(request.get("fulfillment_location_id"))))
        if parcel.units is None and not self.behaviour.buffer_early_events:
            log.info("completion of unassigned request %s dropped (arrival order)", request_id)
            return
        parcel.completed.update(units)
        parcel.picked_on = max(parcel.picked_on, published_at[:10])
        if self.behaviour.fulfilment_records == "order_per_line_item" and state.order is not None:
            part = _part_of(state.order, f"{state.order['external_id']}-{next(iter(units), request_id)}", units)
            self._post_sale(part, self._store(state), "web_order")
        self._advance(order_id, state)

    def _advance(self, order_id: str, state: WebOrder) -> None:
        """Post whatever of a web order is now complete, whatever order its events came in."""
        if order_id in self.cancelled or state.order is None:
            return
        store = self._store(state)
        if store is None:
            return  # wait for a fulfilment request to name the collecting store
        if state.due and not state.submitted:
            state.submitted = True
            state.postable = self._post_sale(state.order, store, "web_order")
        if not state.collected:
            return
        for request_id, parcel in state.parcels.items():
            if parcel.complete and not parcel.recorded:
                parcel.recorded = True
                moved = (self._parcel_store(state, parcel), _taken(parcel.units or {}))
                if state.submitted and state.postable:
                    self._record_parcel(state.order, request_id, parcel, store, moved)
                else:
                    self.outbox.move(*moved)  # the order went to the exception queue; its goods still left

    def _record_parcel(self, order: dict[str, Any], request_id: str, parcel: Parcel, store: str, moved: Moved) -> None:
        """A collected parcel: an invoice transformed from the web order's sales order."""
        units = parcel.units or {}
        records = self.behaviour.fulfilment_records
        if records == "order_per_parcel":  # faulty: the parcel becomes a sale of its own
            self._post_sale(_part_of(order, f"{order['external_id']}-{request_id}", units), moved[0], "web_order", moved)
            return
        if records != "invoice_per_parcel":
            self.outbox.move(*moved)
            return
        source = Source("newstore", "web_order", order)
        eid = f"INV-{request_id}"
        try:
            strip = self.behaviour.strip_included_tax
            posting = invoice(order, request_id, units, store, moved[0], parcel.picked_on, self.lookups, strip)
        except Unmappable as problem:
            self.outbox.unmappable(source, eid, problem, moved)
            return
        self.outbox.post(posting, source, Link("salesOrder", str(order["external_id"])), transform=True, moved=moved)

    def _returned(self, ret: dict[str, Any]) -> None:
        external_id = f"RET-{ret['id']}"
        store = str(ret["return_location_id"])
        moved: Moved = (store, _returned_goods(ret.get("items", [])))
        source = Source("newstore", "return", ret)
        order_id = ret.get("order_id")
        if order_id is None and self.behaviour.report_gift_returns:
            self.outbox.move(*moved)
            self.outbox.report(source, external_id, "gift return: there is no original order to credit", "order_id", "")
            return
        original = self._original(str(order_id)) if order_id is not None else None
        if order_id is not None and original is None:
            self.outbox.move(*moved)
            self.outbox.report(source, external_id, f"the original order {order_id} is unknown", "order_id", str(order_id))
            return
        try:
            posting = credit_memo(ret, original, self.lookups)
        except Unmappable as problem:
            self.outbox.unmappable(source, external_id, problem, moved)
            return
        link = Link("salesOrder", original.external_id) if original is not None and self.behaviour.link_returns else None

        def original_not_posted() -> None:
            reason = f"the original sale {original.external_id if original else ''} is not in the ERP"
            self.outbox.report(source, external_id, reason, "order_id", str(order_id))

        self.outbox.post(posting, source, link, moved=moved, on_link_missing=original_not_posted)

    # -- helpers ---------------------------------------------------------------------------
    def _post_sale(self, order: dict[str, Any], store: str | None, kind: str, moved: Moved | None = None) -> bool:
        """Queue a sale for the ERP, or report it; True if it was queued."""
        source = Source("newstore", kind, order)
        external_id = str(order["external_id"])
        try:
            if store is None:
                raise Unmappable("location", str(order.get("channel")))
            posting = sales_order(order, store, self.lookups, self.behaviour.strip_included_tax)
        except Unmappable as problem:
            self.outbox.unmappable(source, external_id, problem, moved)
            return False
        self.outbox.post(posting, source, moved=moved)
        return True

    def _store(self, state: WebOrder) -> str | None:
        """The collecting store: the order's channel when it is a store, else where its parcels are."""
        channel = str((state.order or {}).get("channel"))
        if self.lookups.is_store(channel):
            return channel
        return next((p.location for p in state.parcels.values() if p.location is not None), None)

    def _parcel_store(self, state: WebOrder, parcel: Parcel) -> str:
        if parcel.location is not None and self.lookups.is_store(parcel.location):
            return parcel.location
        return self._store(state) or str(parcel.location)

    def _original(self, order_id: str) -> OrderRef | None:
        """The order a return belongs to: seen on the stream, else asked of NewStore."""
        if order_id not in self.orders:
            order = self.newstore.order(order_id)
            if order is None:
                return None
            self.orders[order_id] = OrderRef.of(order)
        return self.orders[order_id]


def _taken(units: dict[str, str]) -> dict[str, int]:
    """Product -> -count: the goods of these units left the store."""
    taken: dict[str, int] = {}
    for product in units.values():
        taken[product] = taken.get(product, 0) - 1
    return taken


def _returned_goods(items: list[dict[str, Any]]) -> dict[str, int]:
    """Product -> count: the goods of a return came back to the store."""
    back: dict[str, int] = {}
    for item in items:
        back[str(item["product_id"])] = back.get(str(item["product_id"]), 0) + int(item.get("quantity", 1))
    return back


def _part_of(order: dict[str, Any], external_id: str, units: dict[str, str]) -> dict[str, Any]:
    """Some units of an order dressed up as an order of their own (the faulty per-parcel variants)."""
    items = [i for i in order.get("items", []) if str(i["id"]) in units]
    return {**order, "external_id": external_id, "items": items, "channel_type": "store"}
