"""How long, and how much memory, the reconciliation checks take for a run of N transactions.

``python -m benchmarks --only reconcile`` (or ``python -m benchmarks.reconcile [N ...]``)
builds, for each size, a synthetic ground truth and the evidence a correct integration
would leave for it (ERP records, request journals, exception reports, web-shop stock with
its change history, webhook deliveries), runs every check in ``ALL_CHECKS`` over it, and
prints the seconds and the peak RSS (``resource.getrusage``), plus how both grow from one
size to the next. Each size runs in its own child process, so the peaks do not mix.

Each value is built as a real run holds it before ``harness.evidence.collect`` keeps it:
truth lines of the generator's shapes (fresh lines per record, a source system's own order
id), ERP records, journal entries, stock changes and deliveries of the simulators' shapes
(fresh references, memos, headers, bodies, request ids), and goes through what ``collect``
does to it (``slim_entry`` / ``slim_delivery``, then one ``Compactor``) as soon as it is
built, so that no second copy is ever held. The figures give the evidence's RSS and the
checks' peak separately. The first lines of each kind are validated against the truth schema.
"""

from __future__ import annotations

import gc
import json
import resource
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from typing import Any, cast

from harness.checks import ALL_CHECKS
from harness.evidence import Compactor, Evidence, slim_delivery, slim_entry
from harness.evidence_columns import Deliveries, Journal, PublishTimes
from harness.evidence_records import RecordTable
from harness.evidence_stock import StockHistory, hold_levels
from scenarios.truth import TRUTH_MODELS, GroundTruth

Row = dict[str, Any]
SIZES = (100_000, 1_000_000)
STORES = 20
ITEMS = 200
BASKETS = 500
SPACING = 0.01  # wall seconds between transactions (the ERP sees at most two requests in flight)
STARTED = 1_800_000_000.0
ROOT = "/services/rest/record/v1/"
ERP_URL = "http://127.0.0.1:41001"
SHOP_PATH = "/admin/api/2024-10/inventory_levels/adjust.json"
SHOP_VIA = f"POST {SHOP_PATH}"
WEBHOOKS = "http://127.0.0.1:41005/newstore/events"
BASELINE = 1_000_000
MIX = (  # transaction kind per i % 100
    ("store_sale", 70),
    ("sitoo_sale", 10),
    ("web_order", 8),
    ("return", 5),
    ("sitoo_refund", 2),
    ("gift_return", 1),
    ("unmapped", 2),
    ("cancelled", 2),
)
KIND_OF = [kind for kind, share in MIX for _ in range(share)]
FIRST_OF = {kind: KIND_OF.index(kind) for kind, _ in MIX}
EVENTS = {  # the webhooks NewStore delivers per transaction kind (one order.created for the rest)
    "store_sale": ("order.created", "order.completed"),
    "web_order": ("order.created", "fulfillment", "fulfillment", "order.completed"),
}


def _uuid(i: int, prefix: str = "01bc0d3c-97ce-4409-a431") -> str:
    return f"{prefix}-{i:012x}"


class _Plan:
    """What transaction ``i`` is (derived, not stored: every phase of the build derives it again)."""

    __slots__ = ("at", "basket", "day", "first_id", "kind", "order_id", "original", "parcels", "sid", "slot", "store")

    def __init__(self, builder: _Builder, i: int) -> None:
        self.slot = i % 100
        self.kind = KIND_OF[self.slot]
        self.store, self.basket = i % STORES, (i * 31) % BASKETS
        self.day = builder.days[i * len(builder.days) // builder.n]
        self.at = (i + 1) * SPACING
        self.first_id = 1000 + 8 * i  # the ERP's internal ids of this transaction's records: first_id + k
        store_id = builder.stores[self.store][0]
        self.parcels: list[tuple[str, int]] = []
        self.original: tuple[str, int, int] | None = None  # (sid, basket, first id) of the sale a return reverses
        self.order_id = _uuid(i)  # NewStore's own order / return id
        kind = self.kind
        if kind == "store_sale":
            self.sid = f"{store_id}-T1-{i:09d}"
        elif kind == "sitoo_sale":
            self.sid, self.order_id = f"SITOO-{i}", str(i)
        elif kind == "web_order":
            self.sid = f"WEB-{i}"
            self.parcels = [(f"INV-FR-{i}-{p}", (self.basket + p) % BASKETS) for p in range(1 + i % 2)]
        elif kind in ("return", "sitoo_refund"):
            # the sale it reverses: the same position among sales in this block of 100 as this return among returns
            index = i - self.slot + FIRST_OF["store_sale" if kind == "return" else "sitoo_sale"] + self.slot - FIRST_OF[kind]
            sold = builder.stores[index % STORES][0]
            original = f"{sold}-T1-{index:09d}" if kind == "return" else f"SITOO-{index}"
            self.original = (original, (index * 31) % BASKETS, 1000 + 8 * index)
            self.basket = self.original[1]
            self.sid = f"RET-{self.order_id}" if kind == "return" else f"SITOO-{i}"
            if kind == "sitoo_refund":
                self.order_id = str(i)
        elif kind == "gift_return":
            self.sid = f"RET-{self.order_id}"
        elif kind == "unmapped":
            self.sid = f"{store_id}-T9-{i:09d}"
        else:
            self.sid = f"WEB-C{i}"

    def sales(self) -> list[tuple[str, str, int, int, int | None]]:
        """(record type, eid, basket, internal id, createdFrom id) of each sale-type record, in write order."""
        kind, sid = self.kind, self.sid
        if kind in ("store_sale", "sitoo_sale"):
            return [("salesOrder" if kind == "store_sale" else "cashSale", sid, self.basket, self.first_id, None)]
        if kind == "web_order":
            return [("salesOrder", sid, self.basket, self.first_id, None)] + [
                ("invoice", eid, b, self.first_id + 1 + n, self.first_id) for n, (eid, b) in enumerate(self.parcels)
            ]
        if kind in ("return", "sitoo_refund") and self.original is not None:
            return [("creditMemo", sid, self.basket, self.first_id, self.original[2])]
        return []

    def adjustments(self) -> list[tuple[str, int, int, int]]:
        """(eid, basket, sign, internal id) of each inventory adjustment, in write order."""
        kind = self.kind
        if kind in ("store_sale", "sitoo_sale"):
            return [(f"STOCK-{self.sid}", self.basket, -1, self.first_id + 4)]
        if kind == "web_order":
            return [(f"STOCK-{eid}", b, -1, self.first_id + 4 + n) for n, (eid, b) in enumerate(self.parcels)]
        if kind in ("return", "sitoo_refund"):
            return [(f"STOCK-{self.sid}", self.basket, 1, self.first_id + 4)]
        return []

    def shop_moves(self) -> list[tuple[int, int]]:
        """(basket, sign) of each web-shop movement."""
        kind = self.kind
        if kind in ("store_sale", "sitoo_sale", "unmapped"):
            return [(self.basket, -1)]
        if kind == "web_order":
            return [(b, -1) for _, b in self.parcels]
        if kind in ("return", "sitoo_refund", "gift_return"):
            return [(self.basket, 1)]
        return []


class _Builder:
    """Writes truth and matching evidence for n transactions, one structure at a time (as a real run
    holds them: the generator's truth, then each simulator's state and journal), each value compacted
    as soon as it is built, by the one ``Compactor`` (as ``collect`` does)."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.days = [f"2026-11-{27 + d:02d}" for d in range(max(1, n // 250_000))]
        self.stores = [(f"S{s:02d}", str(100 + s), 2000 + s) for s in range(STORES)]  # store id, ERP location, shop location
        self.items = [(str(5000 + k), f"SKU-{k:04d}", f"{5 + k % 40}.{k % 100:02d}") for k in range(ITEMS)]
        self.baskets = [[((b * 7 + j * 13) % ITEMS, 1 + (b + j) % 3) for j in range(1 + b % 3)] for b in range(BASKETS)]
        self.compact = Compactor()

    def plans(self) -> Iterator[_Plan]:
        for i in range(self.n):
            yield _Plan(self, i)

    # -- truth (as scenarios.traffic.records writes it) ----------------------------------
    def lines(self, basket: int, store: int) -> list[dict[str, Any]]:
        location = self.stores[store][1]
        return [
            {"item": self.items[k][0], "quantity": q, "rate": self.items[k][2], "tax_code": "7", "location": location}
            for k, q in self.baskets[basket]
        ]

    def gross(self, basket: int) -> str:
        return f"{sum(q * float(self.items[k][2]) for k, q in self.baskets[basket]) * 1.2:.2f}"

    def record(self, record_type: str, eid: str, basket: int, store: int, day: str, created_from: str | None) -> dict[str, Any]:
        return {
            "record_type": record_type,
            "external_id": eid,
            "entity": "100",
            "subsidiary": "1",
            "location": self.stores[store][1],
            "currency": "1",
            "payment_method": None if record_type in ("invoice", "creditMemo") else "1",
            "tran_date": day,
            "lines": self.lines(basket, store),
            "gross_total": self.gross(basket),
            "created_from": created_from,
        }

    def moves(self, basket: int, store: int, sign: int, eid: str | None) -> list[dict[str, Any]]:
        store_id, location, shop = self.stores[store]
        return [
            {
                "sku": self.items[k][1],
                "erp_item": self.items[k][0],
                "store_id": store_id,
                "erp_location": location,
                "shop_location": shop,
                "quantity": sign * q,
                "adjustment_external_id": eid,
            }
            for k, q in self.baskets[basket]
        ]

    def transaction(self, plan: _Plan, i: int) -> dict[str, Any]:
        kind, store, basket, day = plan.kind, plan.store, plan.basket, plan.day
        line: dict[str, Any] = {
            "kind": "transaction",
            "source_system": "sitoo" if kind.startswith("sitoo") else "newstore",
            "transaction": {"unmapped": "store_sale", "cancelled": "cancelled_order"}.get(kind, kind),
            "source_id": plan.sid,
            "order_id": plan.order_id,
            "store_id": self.stores[store][0],
            "business_day": day,
            "outcome": "erp",
            "record": None,
            "exception": None,
            "fulfilments": [],
            "stock": [],
            "at": plan.at,
            "event_seq": i + 1,
        }
        sales = plan.sales()
        if sales:
            record_type, eid, _, _, _ = sales[0]
            line["record"] = self.record(record_type, eid, basket, store, day, plan.original[0] if plan.original else None)
            if len(sales) > 1:
                line["fulfilments"] = [self.record("invoice", eid, b, store, day, plan.sid) for _, eid, b, _, _ in sales[1:]]
            line["stock"] = [m for eid, b, sign, _ in plan.adjustments() for m in self.moves(b, store, sign, eid)]
        elif kind in ("gift_return", "unmapped"):
            field, value = ("order_id", "") if kind == "gift_return" else ("payment_method", "klarna")
            line["outcome"] = "exception"
            line["exception"] = {"field": field, "value": value, "record_type": "sale"}
            line["stock"] = [m for b, sign in plan.shop_moves() for m in self.moves(b, store, sign, None)]
        else:
            line["outcome"] = "none"
        return line

    def journals(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """The store days' truth lines and the journal entries posted for them."""
        truth: list[dict[str, Any]] = []
        entries: list[dict[str, Any]] = []
        for day in self.days:
            for store_id, location, _ in self.stores:
                eid = f"Z-{store_id}-{day}"
                truth.append(
                    {
                        "kind": "journal",
                        "store_id": store_id,
                        "business_day": day,
                        "outcome": "erp",
                        "record": {"record_type": "journalEntry", "external_id": eid, "subsidiary": "1", "tran_date": day},
                        "lines": [
                            {"account": "1200", "debit": "100.00", "credit": "0.00", "memo": "tender:card"},
                            {"account": "1100", "debit": "20.00", "credit": "0.00", "memo": "tender:cash"},
                            {"account": "4000", "debit": "0.00", "credit": "100.00", "memo": "sales"},
                            {"account": "2200", "debit": "0.00", "credit": "20.00", "memo": "vat"},
                        ],
                        "tenders": {"card": "100.00", "cash": "20.00"},
                        "exception": None,
                        "at": self.n * SPACING,
                        "event_seq": self.n + len(truth) + 1,
                    }
                )
                lines = [("1200", "debit", 100.0, "tender:card"), ("1100", "debit", 20.0, "tender:cash")]
                lines += [("4000", "credit", 100.0, "sales"), ("2200", "credit", 20.0, "vat")]
                entries.append(
                    {
                        "id": str(1000 + 8 * self.n + len(entries)),
                        "subsidiary": {"id": "1"},
                        "tranDate": day,
                        "memo": f"Z-report {store_id} {day}",
                        "line": {
                            "items": [
                                {"account": {"id": a}, side: amount, "memo": memo, "location": {"id": location}}
                                for a, side, amount, memo in lines
                            ]
                        },
                        "externalId": eid,
                    }
                )
        return truth, entries

    # -- the ERP (as GET /_sim/state gives its records) -----------------------------------
    def sale(self, plan: _Plan, record_type: str, eid: str, basket: int, internal_id: int, parent: int | None) -> dict[str, Any]:
        location = self.stores[plan.store][1]
        body: dict[str, Any] = {
            "id": str(internal_id),
            "entity": {"id": "100"},
            "subsidiary": {"id": "1"},
            "location": {"id": location},
            "tranDate": plan.day,
            "memo": f"{'Sitoo' if plan.kind.startswith('sitoo') else 'NewStore'} order {plan.order_id}",
            "currency": {"id": "1"},
            "otherRefNum": eid,
        }
        if record_type in ("salesOrder", "cashSale"):
            body["paymentMethod"] = {"id": "1"}
        if parent is not None:
            body["createdFrom"] = {"id": str(parent)}
        body["item"] = {
            "items": [
                {
                    "item": {"id": self.items[k][0]},
                    "quantity": float(q),
                    "rate": float(self.items[k][2]),
                    "taxCode": {"id": "7"},
                    "location": {"id": location},
                }
                for k, q in self.baskets[basket]
            ]
        }
        body["externalId"] = eid
        return body

    def adjustment(self, plan: _Plan, eid: str, basket: int, sign: int, internal_id: int) -> dict[str, Any]:
        location = self.stores[plan.store][1]
        return {
            "id": str(internal_id),
            "account": {"id": "1300"},
            "subsidiary": {"id": "1"},
            "adjLocation": {"id": location},
            "tranDate": plan.day,
            "memo": f"NewStore sale {plan.sid}",
            "inventory": {
                "items": [
                    {"item": {"id": self.items[k][0]}, "location": {"id": location}, "adjustQtyBy": float(sign * q)}
                    for k, q in self.baskets[basket]
                ]
            },
            "externalId": eid,
        }

    def records(self, journal_entries: list[dict[str, Any]]) -> dict[str, Sequence[dict[str, Any]]]:
        value, held = self.compact.value, self.compact.records  # held as collect holds them (tables, for most)
        records: dict[str, Sequence[dict[str, Any]]] = {}
        for record_type in ("salesOrder", "cashSale", "invoice", "creditMemo"):
            records[record_type] = held(
                record_type,
                (
                    self.sale(plan, t, eid, b, internal_id, parent)
                    for plan in self.plans()
                    for t, eid, b, internal_id, parent in plan.sales()
                    if t == record_type
                ),
            )
        records["inventoryAdjustment"] = held(
            "inventoryAdjustment",
            (
                self.adjustment(plan, eid, b, sign, internal_id)
                for plan in self.plans()
                for eid, b, sign, internal_id in plan.adjustments()
            ),
        )
        records["journalEntry"] = [value(entry) for entry in journal_entries]
        return records

    # -- the run -------------------------------------------------------------------------
    def build(self) -> Evidence:
        value = self.compact.value
        transactions = [value(self.transaction(plan, i)) for i, plan in enumerate(self.plans())]
        journals, journal_entries = self.journals()
        stock, shop_levels, erp_stock = self.stock()
        summary = {"kind": "summary", "scenario": "benchmark", "seed": 0, "transactions": self.n, "events": self.n}
        truth = GroundTruth(
            scenario="benchmark",
            seed=0,
            transactions=transactions,
            journals=[value(line) for line in journals],
            stock=[value(line) for line in stock],
            summary=summary,
        )
        _validate_sample(truth)
        return Evidence(
            truth=truth,
            started_wall=STARTED,
            publish_times=PublishTimes({i + 1: STARTED + (i + 1) * SPACING for i in range(self.n)}),
            erp_records=self.records(journal_entries),
            erp_stock=[value(row) for row in erp_stock],
            erp_prices={"prices": {item: 10.0 for item, _, _ in self.items}, "changes": []},
            erp_config={"concurrency_limit": 5},
            erp_master={"account": [{"id": "1300"}, {"id": "9999", "suspense": True}]},
            exceptions=self.reports(),
            shop_inventory=shop_levels,
            sitoo_products=[{"productid": n, "sku": sku, "moneyprice": "10.00"} for n, (_, sku, _) in enumerate(self.items)],
            deliveries=self.deliveries(),
            journals={
                "erp": self.erp_journal(),
                "shop": self.shop_journal(),
                "newstore": Journal(),
                "sitoo": Journal(),
                "exceptions": Journal(),
            },
        )

    def erp_entry(self, seq: int, record_type: str, eid: str, internal_id: int, at: float) -> dict[str, Any]:
        return {
            "seq": seq,
            "started_at": at,
            "duration_ms": 3.0 + seq % 7 / 4,
            "method": "PUT",
            "path": f"{ROOT}{record_type}/eid:{eid}",
            "query": "replace=inventory" if record_type == "inventoryAdjustment" else "replace=item",
            "request_headers": {
                "Host": "127.0.0.1:41001",
                "Accept-Encoding": "identity",
                "Accept": "application/json",
                "Authorization": "Bearer 63f4ec...",
                "Content-Type": "application/json",
            },
            "request_body": f'{{"tranDate": "2026-11-27", "otherRefNum": "{eid}", "item": {{"items": []}}}}',
            "status": 204,
            "response_headers": {"Location": f"{ERP_URL}{ROOT}{record_type}/{internal_id}"},
            "response_body": "",
            "notes": [],
        }

    def erp_journal(self) -> Journal:
        entries = Journal()
        for plan in self.plans():
            published = STARTED + plan.at
            for n, (record_type, eid, _, internal_id, _) in enumerate(plan.sales()):
                raw = self.erp_entry(len(entries) + 1, record_type, eid, internal_id, published + 0.001 + n * 0.001)
                entries.extend((slim_entry(raw),), self.compact)
            for eid, _, _, internal_id in plan.adjustments():
                raw = self.erp_entry(len(entries) + 1, "inventoryAdjustment", eid, internal_id, published + 0.005)
                entries.extend((slim_entry(raw),), self.compact)
        closes = [f"Z-{store_id}-{day}" for day in self.days for store_id, _, _ in self.stores]
        for k, eid in enumerate(closes):  # the day closes, after the last sale
            internal_id = 1000 + 8 * self.n + k
            at = STARTED + (self.n + k + 1) * SPACING
            entries.extend((slim_entry(self.erp_entry(len(entries) + 1, "journalEntry", eid, internal_id, at)),), self.compact)
        return entries

    def shop_journal(self) -> Journal:
        entries = Journal()
        for plan in self.plans():
            for basket, _ in plan.shop_moves():
                for k, q in self.baskets[basket]:
                    seq = len(entries) + 1
                    raw = {
                        "seq": seq,
                        "started_at": STARTED + plan.at + 0.3,
                        "duration_ms": 0.5 + seq % 5 / 10,
                        "method": "POST",
                        "path": SHOP_PATH,
                        "query": "",
                        "request_headers": {"Host": "127.0.0.1:41003", "X-Shopify-Access-Token": "shpat_da1709f1"},
                        "request_body": f'{{"location_id": {self.stores[plan.store][2]}, "inventory_item_id": {400000 + k}}}',
                        "status": 200,
                        "response_headers": {
                            "Content-Type": "application/json",
                            "X-Shopify-Shop-Api-Call-Limit": "1/1000",
                            "X-Request-Id": _uuid(seq, "00000000-0000-0000-0000"),
                        },
                        "response_body": f'{{"inventory_level": {{"inventory_item_id": {400000 + k}, "available": {q}}}}}',
                        "notes": [],
                    }
                    entries.extend((slim_entry(raw),), self.compact)
        return entries

    def reports(self) -> list[dict[str, Any]]:
        value, found = self.compact.value, list[dict[str, Any]]()
        for plan in self.plans():
            if plan.kind in ("gift_return", "unmapped"):
                field, reported = ("order_id", "") if plan.kind == "gift_return" else ("payment_method", "klarna")
                raw = {
                    "id": len(found) + 1,
                    "received_at": STARTED + plan.at + 0.2,
                    "source_system": "newstore",
                    "record_type": "sale",
                    "source_id": plan.sid,
                    "reason": f"no ERP mapping for {field} {reported!r}",
                    "field": field,
                    "value": reported,
                    "payload": {"id": plan.order_id, "external_id": plan.sid, "channel": self.stores[plan.store][0]},
                }
                found.append(value(raw))
        return found

    def deliveries(self) -> Deliveries:
        found = Deliveries()
        for plan in self.plans():
            for label in EVENTS.get(plan.kind, ("order.created",)):
                raw = {
                    "id": len(found) + 1,
                    "url": WEBHOOKS,
                    "label": label,
                    "outcome": "delivered",
                    "attempts": [
                        {"attempt": 1, "started_at": STARTED + plan.at, "duration_ms": 2.0, "status": 200, "error": None}
                    ],
                    "event_seq": len(found) + 1,
                    "event_name": label,
                    "payload_id": plan.order_id,
                    "stream_id": "pos-harness-reference",
                    "duplicate": False,
                    "held_ms": 0.0,
                }
                found.extend((slim_delivery(raw),), self.compact)
        return found

    def stock(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
        """Final stock truth, the web shop's levels with their change history, the ERP's on-hand rows."""
        erp_moved: dict[tuple[str, str], int] = {}
        changes: dict[tuple[str, int], list[tuple[float, int, int]]] = {}
        seq = 0  # the shop journal seq of each change's request (as shop_journal numbers them)
        for plan in self.plans():
            location = self.stores[plan.store][1]
            for _, basket, sign, _ in plan.adjustments():
                for k, q in self.baskets[basket]:
                    pair = (self.items[k][0], location)
                    erp_moved[pair] = erp_moved.get(pair, 0) + sign * q
            for basket, sign in plan.shop_moves():
                for k, q in self.baskets[basket]:
                    seq += 1
                    changes.setdefault((self.items[k][1], self.stores[plan.store][2]), []).append(
                        (STARTED + plan.at + 0.3, sign * q, seq)
                    )
        levels: list[dict[str, Any]] = []
        history = StockHistory()  # every level's changes, held as collect holds them
        for _, _, shop_location in self.stores:
            for k, (_, sku, _) in enumerate(self.items):
                available = BASELINE
                made = [{"at": STARTED - 60, "available": BASELINE, "delta": BASELINE, "via": "seed", "request_id": None}]
                for at, delta, request in changes.pop((sku, shop_location), ()):
                    available += delta
                    request_id = _uuid(request, "00000000-0000-0000-0000")
                    made.append({"at": at, "available": available, "delta": delta, "via": SHOP_VIA, "request_id": request_id})
                level = {"inventory_item_id": 400000 + k, "location_id": shop_location, "sku": sku, "available": available}
                levels += hold_levels(({**level, "changes": made},), self.compact, history)
        erp_rows: list[dict[str, Any]] = [
            {"item": item, "location": loc, "quantityOnHand": float(BASELINE + erp_moved.get((item, loc), 0))}
            for item, _, _ in self.items
            for _, loc, _ in self.stores
        ]
        truth = [
            {"kind": "stock", "system": "erp", "item": r["item"], "location": r["location"], "quantity": int(r["quantityOnHand"])}
            for r in erp_rows
        ]
        truth += [
            {
                "kind": "stock",
                "system": "shop",
                "item": lv["sku"],
                "location": str(lv["location_id"]),
                "quantity": lv["available"],
            }
            for lv in levels
        ]
        return truth, levels, erp_rows


def _validate_sample(truth: GroundTruth, per_kind: int = 50) -> None:
    """The synthetic truth has the schema's shapes: validate the first lines of each transaction kind."""
    seen: dict[str, int] = {}
    for line in truth.transactions:
        if seen.get(line["transaction"], 0) < per_kind:
            seen[line["transaction"]] = seen.get(line["transaction"], 0) + 1
            TRUTH_MODELS["transaction"].model_validate(line)
    for line in [*truth.journals[:per_kind], *truth.stock[:per_kind], truth.summary]:
        TRUTH_MODELS[line["kind"]].model_validate(line)


def build(n: int) -> Evidence:
    """Synthetic ground truth for ``n`` transactions and the evidence a correct integration leaves."""
    return _Builder(n).build()


def _rss_mib() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def calibrate() -> float:
    """Nanoseconds per dict lookup in a Python loop here: how fast this machine runs Python right now
    (about 15-30 ns on a current laptop), so figures from different machines can be compared."""
    table = {"a": 1}
    best = float("inf")
    for _ in range(5):
        began = time.perf_counter()
        for _ in range(200_000):
            table["a"]  # noqa: B018 - the lookup is what is timed
        best = min(best, time.perf_counter() - began)
    return round(best / 200_000 * 1e9, 1)


def post_twice(evidence: Evidence) -> None:
    """Make it a failing run: the first sales order and the first inventory adjustment posted a second time
    (a retry that was not idempotent: the same record under a new internal id). Conservation and exactly_once
    find them; the first discrepancy's evidence reads the ERP journal's request index."""
    for record_type in ("salesOrder", "inventoryAdjustment"):
        records = cast("RecordTable", evidence.erp_records[record_type])
        records.append({**records[0], "id": str(90_000_000 + len(records))})


def measure(n: int, failing: bool = False) -> Row:
    """Build the evidence for ``n`` transactions, run every check, report seconds and memory (this process).
    ``failing``: with :func:`post_twice`'s two records posted twice."""
    began = time.perf_counter()
    gc.disable()  # a build allocates millions of objects that all live: the collector would only rescan them
    evidence = build(n)
    if failing:
        post_twice(evidence)
    gc.enable()
    built = time.perf_counter() - began
    gc.collect()
    gc.freeze()  # the evidence lives to the end: no point in the collector walking it again
    evidence_mib, build_peak = _rss_mib(), _peak_mib()
    per_check: dict[str, float] = {}
    failed: list[str] = []
    began, cpu = time.perf_counter(), time.process_time()
    evidence.index()  # the indexes every check shares, timed apart from the first check that would build them
    per_check["(shared indexes)"] = round(time.process_time() - cpu, 3)
    for name, check in ALL_CHECKS.items():
        started = time.process_time()
        result = check(evidence)
        per_check[name] = round(time.process_time() - started, 3)
        if not result.passed:
            failed.append(f"{name}: {result.discrepancies[0].kind} {result.discrepancies[0].source_id}")
    seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
    return {
        "transactions": n,
        "build_seconds": round(built, 2),
        "check_seconds": round(seconds, 2),
        "check_cpu_seconds": round(cpu, 2),
        "evidence_rss_mib": round(evidence_mib),
        "build_peak_rss_mib": round(build_peak),
        "peak_rss_mib": round(_peak_mib()),
        "per_check_seconds": per_check,
        "failed": failed,
        "ns_per_dict_lookup": calibrate(),
    }


def _child(n: int, failing: bool) -> Row:
    command = [sys.executable, "-m", "benchmarks.reconcile", "--child", str(n), *(["--failing"] if failing else [])]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return dict(json.loads(output.strip().splitlines()[-1]))


def run(sizes: tuple[int, ...] = SIZES, failing: bool = False) -> list[Row]:
    """Measure each size in its own process; print each and the growth from one size to the next."""
    measured = []
    for n in sizes:
        row = _child(n, failing)
        measured.append(row)
        print(
            f"reconcile {n:>9,} transactions: checks {row['check_seconds']:.2f}s ({row['check_cpu_seconds']:.2f}s CPU), "
            f"peak RSS {row['peak_rss_mib']} MiB (evidence {row['evidence_rss_mib']} MiB; "
            f"built in {row['build_seconds']:.1f}s, peak {row['build_peak_rss_mib']} MiB while building); "
            f"this machine: {row['ns_per_dict_lookup']} ns per dict lookup"
            + (f"; {'found' if failing else 'FAILED'} {row['failed']}" if row["failed"] else ""),
            file=sys.stderr,
        )
        print(f"    CPU seconds per check: {row['per_check_seconds']}", file=sys.stderr)
    for small, large in zip(measured, measured[1:], strict=False):
        size_ratio = large["transactions"] / small["transactions"]
        time_ratio = large["check_seconds"] / max(small["check_seconds"], 1e-9)
        rss_ratio = large["peak_rss_mib"] / max(small["peak_rss_mib"], 1)
        large["growth"] = f"x{size_ratio:g} transactions: x{time_ratio:.1f} time, x{rss_ratio:.1f} peak RSS"
        print(f"growth {large['growth']}", file=sys.stderr)
    return measured


def rows(settings: object = None, sizes: tuple[int, ...] = SIZES) -> list[Row]:
    """The benchmark table's rows (``python -m benchmarks --only reconcile``)."""
    found = []
    for row in run(sizes):
        note = f"{row['check_seconds']:.2f}s checks, peak RSS {row['peak_rss_mib']} MiB (evidence {row['evidence_rss_mib']} MiB)"
        if "growth" in row:
            note += f"; {row['growth']}"
        found.append(
            {
                "name": f"reconcile {row['transactions']:,} transactions",
                "variant": "in-process",
                "errors": len(row["failed"]),
                "note": note,
                **row,
            }
        )
    return found


def main(argv: list[str]) -> int:
    """``[--failing] [N ...]``: the sizes to measure (a correct run's evidence, or with two records posted twice)."""
    failing = "--failing" in argv
    argv = [a for a in argv if a != "--failing"]
    if argv[:1] == ["--child"]:
        print(json.dumps(measure(int(argv[1]), failing)))
        return 0
    run(tuple(int(a) for a in argv) or SIZES, failing)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
