"""Sitoo: the Events SPI in, ERP records and shop stock out.

Sitoo POSTs batches of up to 10 events, in order, and blocks its queue behind a batch
until it is answered 200. The webhook answers 200 only once the whole batch is in the
intake queue, 503 when it does not fit, so Sitoo keeps the events and retries; nothing is
acknowledged that could still be lost. The intake holds one batch: while the worker is
busy, Sitoo's own durable queue is the buffer. Events are notifications: one worker
reads the resources they name through the REST API (orders in one request per batch)
and handles them in order:

* ``order``: a closed, paid order is handled once: a sale becomes a ``cashSale``, a refund
  a ``creditMemo`` createdFrom the refunded sale; the shop's stock moves at once;
* ``z-report``: a register closed its day; its Z-report is read and kept for its store;
* ``store-z-report``: the store closed its day; its registers' Z-reports become one
  journal entry (``journal.py``), dated the business day of the receipts it covers.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from .behaviour import Behaviour
from .clients import SitooClient
from .erp_writer import Link
from .inbox import Inbox
from .journal import Unbalanced, day_totals, journal_entry, journal_id
from .mappings import Lookups, Unmappable
from .outbox import Outbox, Source
from .sitoo_records import business_day, external_id, is_final, is_refund, posting, stock_moves, store_of

log = logging.getLogger("reference_integration.sitoo")
BATCH = 50  # events handled per round; their orders are fetched in one request


class SitooFlow:
    def __init__(self, behaviour: Behaviour, lookups: Lookups, outbox: Outbox, sitoo: SitooClient, queue_limit: int = 50) -> None:
        self.behaviour = behaviour
        self.lookups = lookups
        self.outbox = outbox
        self.sitoo = sitoo
        self.inbox: Inbox[dict[str, Any]] = Inbox(queue_limit)
        self._seen: set[str] = set()
        self._seen_lock = threading.Lock()
        self._thread: threading.Thread | None = None
        # State, touched only by the worker thread.
        self.handled: set[int] = set()  # orderids already turned into records
        self.zreports: dict[str, list[dict[str, Any]]] = {}  # Sitoo store id -> register Z-reports not journalled yet
        self.trading_days: dict[str, str] = {}  # registerid -> business day of its latest receipt
        self._register_stores: dict[str, str | None] = {}

    # -- receiving (webhook threads) ---------------------------------------------------
    def accept(self, events: list[dict[str, Any]]) -> bool:
        """Queue a batch; False when it does not fit (answer 503: Sitoo keeps it and retries)."""
        with self._seen_lock:
            fresh: list[dict[str, Any]] = []
            for event in events:
                event_id = str(event.get("event_id"))
                if self.behaviour.dedupe and (event_id in self._seen or any(e.get("event_id") == event_id for e in fresh)):
                    continue
                fresh.append(event)
            if not self.inbox.offer(fresh):
                if self.behaviour.push_back_when_full:
                    return False
                kept = fresh[: self.inbox.room()]  # faulty ack-then-drop: acknowledge all, keep what fits
                self.inbox.offer(kept)
                log.warning("intake full: %d Sitoo events acknowledged and dropped", len(fresh) - len(kept))
            self._seen.update(str(e.get("event_id")) for e in fresh)
            return True

    def start(self) -> None:
        self._thread = threading.Thread(target=self._work, name="sitoo-flow", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self.inbox.close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _work(self) -> None:
        while events := self.inbox.take(BATCH):
            try:
                self.handle(events)
            except Exception:  # one bad batch must not stop the flow
                log.exception("failed to handle %d Sitoo events", len(events))
            finally:
                self.inbox.done()

    # -- handling (the worker) -----------------------------------------------------------
    def handle(self, events: list[dict[str, Any]]) -> None:
        named = [e.get("data") or {} for e in events if e.get("event_type") == "order"]
        orderids = sorted({int(data["order_id"]) for data in named if data.get("order_id") is not None})
        orders = self.sitoo.orders(orderids) if orderids else {}
        for event in events:
            kind, data = event.get("event_type"), event.get("data") or {}
            if kind == "order" and int(data.get("order_id", 0)) in orders:
                self._order(orders[int(data["order_id"])])
            elif kind == "z-report":
                report = self.sitoo.zreport(int(data["eshop_id"]), str(data["register_id"]), int(data["zreport_id"]))
                self.zreports.setdefault(str(report.get("store_id")), []).append(report)
            elif kind == "store-z-report":
                self._store_closed(int(data.get("eshop_id") or 1), str(data["store_id"]))

    def _order(self, order: dict[str, Any]) -> None:
        orderid = int(order["orderid"])
        if orderid in self.handled or not is_final(order):
            return  # done already, or not closed and paid yet (an update event will follow)
        self.handled.add(orderid)
        if order.get("registerid"):
            day = business_day(order["orderdate"])
            self.trading_days[str(order["registerid"])] = max(day, self.trading_days.get(str(order["registerid"]), day))
        eid = external_id(orderid)
        refund = is_refund(order)
        source = Source("sitoo", "refund" if refund else "sale", order)
        try:
            store = store_of(order, self.lookups)
        except Unmappable as problem:
            self.outbox.unmappable(source, eid, problem)
            return
        moved = (store, stock_moves(order))
        try:
            record = posting(order, self.lookups)
        except Unmappable as problem:
            self.outbox.unmappable(source, eid, problem, moved)
            return
        link = None
        if refund and self.behaviour.link_returns:
            link = Link("cashSale", external_id(order["creditorderid"]))

        def sale_not_posted() -> None:
            reason = f"the refunded sale {external_id(order['creditorderid'])} is not in the ERP"
            self.outbox.report(source, eid, reason, "order_id", str(order["creditorderid"]))

        self.outbox.post(record, source, link, moved=moved, on_link_missing=sale_not_posted)

    def _store_closed(self, siteid: int, sitoo_store: str) -> None:
        """One journal entry for the store's day, from the Z-reports of its registers."""
        reports = self.zreports.pop(sitoo_store, []) or self._latest_zreports(siteid, sitoo_store)
        if not reports:
            log.warning("store %s closed its day with no register Z-report", sitoo_store)
            return
        days = [self.trading_days.pop(str(r.get("registerid")), "") for r in reports]
        totals = day_totals(reports, max(days) or None)
        store = self._store_of_registers(siteid, reports) or sitoo_store
        eid = journal_id(store, totals.day)
        source = Source("sitoo", "journal", {"store_id": sitoo_store, "zreportids": [r.get("zreportid") for r in reports]})
        try:
            entry = journal_entry(
                store, totals, self.lookups, self.behaviour.report_unmapped_tender, self.behaviour.journal_debit_each_tender
            )
        except Unmappable as problem:
            self.outbox.unmappable(source, eid, problem)
            return
        except Unbalanced as problem:
            self.outbox.report(source, eid, str(problem))
            return
        self.outbox.post(entry, source, replace="line")

    def _store_of_registers(self, siteid: int, reports: list[dict[str, Any]]) -> str | None:
        """The store the registers' warehouse belongs to (``sitoo_warehouses.csv``), if mapped."""
        for report in reports:
            registerid = str(report["registerid"])
            if registerid not in self._register_stores:
                warehouse = self.sitoo.register(siteid, registerid).get("warehouseid")
                self._register_stores[registerid] = self.lookups.xref.lookup("sitoo_warehouses", str(warehouse))
            if self._register_stores[registerid] is not None:
                return self._register_stores[registerid]
        return None

    def _latest_zreports(self, siteid: int, sitoo_store: str) -> list[dict[str, Any]]:
        """Fallback when no z-report event came first: each of the store's registers' latest Z-report."""
        registers = [r for r in self.sitoo.registers(siteid) if str(r.get("store_id")) == sitoo_store]
        latest = [self.sitoo.latest_zreport(siteid, str(r["registerid"])) for r in registers]
        return [z for z in latest if z is not None]
