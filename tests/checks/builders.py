"""Hand-built ground truth and the evidence a correct integration would leave for it.

:class:`Story` writes truth lines of the shapes in ``scenarios.truth`` (each validated
against ``TRUTH_MODELS`` as it is written, so these tests cannot drift from the schema);
:func:`correct_evidence` plays a correct integration over them: every record posted once
with its eid, every report filed once, every stock movement applied half a second after
its event, one journalled request per write. A test breaks that evidence in the one way
its check exists to catch and asserts the discrepancy names the transaction.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from harness.evidence import Evidence
from scenarios.truth import TRUTH_MODELS, GroundTruth

Record = dict[str, Any]

STARTED = 1_800_000_000.0  # the run's wall-clock start (epoch seconds)
DAY = "2026-11-27"
SUBSIDIARY, CUSTOMER, CURRENCY, TAX_CODE, INVENTORY_ACCOUNT = "1", "100", "1", "7", "1300"
PAYMENT = {"card": "1", "cash": "2"}
ACCOUNTS = {"sales": "4000", "vat": "2200", "tender:card": "1200", "tender:cash": "1100", "suspense": "9999"}


@dataclass(frozen=True)
class Store:
    erp_location: str
    shop_location: int


STORES = {"LEE01": Store("11", 1001), "MAN02": Store("12", 1002)}
HEAD_OFFICE = "1"  # an ERP location where no store sells: where a careless integration books stock
ITEMS = {"5001": ("TEE-RED-M", "8.33"), "5002": ("HOODIE-L", "33.33")}  # ERP item -> (SKU, net rate)
PRICES = {"5001": 10.0, "5002": 40.0}
BASELINE = 20  # on hand of every item at every store, in the ERP and on the shop, before the run
SHOP_ADJUST = "POST /admin/api/2024-10/inventory_levels/adjust.json"


def validated(kind: str, line: Record) -> Record:
    """``line`` as the truth file holds it: checked against its model, defaults filled in."""
    return TRUTH_MODELS[kind].model_validate({**line, "kind": kind}).model_dump()


@dataclass
class Story:
    """A run's truth, written transaction by transaction (event seqs and times assigned in order)."""

    transactions: list[Record] = field(default_factory=list)
    journals: list[Record] = field(default_factory=list)
    objectives: Record = field(default_factory=dict)
    _seq: int = 0

    def _event(self) -> tuple[int, float]:
        self._seq += 1
        return self._seq, float(self._seq)

    def _transaction(self, **fields: Any) -> Record:
        seq, at = self._event()
        line = validated(
            "transaction", {"order_id": f"ord-{fields['source_id']}", "business_day": DAY, **fields, "at": at, "event_seq": seq}
        )
        self.transactions.append(line)
        return line

    # -- sales -------------------------------------------------------------------------
    def store_sale(self, source_id: str, items: dict[str, int], store: str = "LEE01", payment: str = "card") -> Record:
        record = _record("salesOrder", source_id, items, store, payment)
        return self._transaction(
            source_system="newstore",
            transaction="store_sale",
            source_id=source_id,
            store_id=store,
            outcome="erp",
            record=record,
            stock=_moves(items, store, -1, f"STOCK-{source_id}"),
        )

    def sitoo_sale(self, source_id: str, items: dict[str, int], store: str = "MAN02", payment: str = "cash") -> Record:
        record = _record("cashSale", source_id, items, store, payment)
        return self._transaction(
            source_system="sitoo",
            transaction="sitoo_sale",
            source_id=source_id,
            store_id=store,
            outcome="erp",
            record=record,
            stock=_moves(items, store, -1, f"STOCK-{source_id}"),
        )

    def web_order(self, source_id: str, parcels: dict[str, dict[str, int]], store: str = "LEE01") -> Record:
        """A click-and-collect order: ``parcels`` maps fulfilment request id -> units per item."""
        everything: dict[str, int] = {}
        for units in parcels.values():
            for item, quantity in units.items():
                everything[item] = everything.get(item, 0) + quantity
        fulfilments = [
            {**_record("invoice", f"INV-{request}", units, store, None), "created_from": source_id}
            for request, units in parcels.items()
        ]
        stock = [move for request, units in parcels.items() for move in _moves(units, store, -1, f"STOCK-INV-{request}")]
        return self._transaction(
            source_system="newstore",
            transaction="web_order",
            source_id=source_id,
            store_id=store,
            outcome="erp",
            record=_record("salesOrder", source_id, everything, store, "card"),
            fulfilments=fulfilments,
            stock=stock,
        )

    # -- returns -----------------------------------------------------------------------
    def store_return(self, source_id: str, original: str, items: dict[str, int], store: str = "MAN02") -> Record:
        record = {**_record("creditMemo", source_id, items, store, None), "created_from": original}
        return self._transaction(
            source_system="newstore",
            transaction="return",
            source_id=source_id,
            store_id=store,
            outcome="erp",
            record=record,
            stock=_moves(items, store, 1, f"STOCK-{source_id}"),
        )

    def sitoo_refund(self, source_id: str, original: str, items: dict[str, int], store: str = "MAN02") -> Record:
        record = {**_record("creditMemo", source_id, items, store, None), "created_from": original}
        return self._transaction(
            source_system="sitoo",
            transaction="sitoo_refund",
            source_id=source_id,
            store_id=store,
            outcome="erp",
            record=record,
            stock=_moves(items, store, 1, f"STOCK-{source_id}"),
        )

    def gift_return(self, source_id: str, items: dict[str, int], store: str = "LEE01") -> Record:
        return self._transaction(
            source_system="newstore",
            transaction="gift_return",
            source_id=source_id,
            store_id=store,
            outcome="exception",
            exception={"field": "order_id", "value": "", "record_type": "return"},
            stock=_moves(items, store, 1, None),
        )

    # -- what must not be posted -------------------------------------------------------
    def unmapped_sale(self, source_id: str, items: dict[str, int], field: str, value: str, store: str = "LEE01") -> Record:
        return self._transaction(
            source_system="newstore",
            transaction="store_sale",
            source_id=source_id,
            store_id=store,
            outcome="exception",
            exception={"field": field, "value": value},
            stock=_moves(items, store, -1, None),
        )

    def cancelled_order(self, source_id: str, store: str = "LEE01") -> Record:
        return self._transaction(
            source_system="newstore", transaction="cancelled_order", source_id=source_id, store_id=store, outcome="none"
        )

    # -- store days --------------------------------------------------------------------
    def day_close(self, store: str, tenders: dict[str, str], net: str, vat: str, outcome: str = "erp") -> Record:
        seq, at = self._event()
        eid = f"Z-{store}-{DAY}"
        line: Record = {
            "store_id": store,
            "business_day": DAY,
            "outcome": outcome,
            "tenders": tenders,
            "at": at,
            "event_seq": seq,
        }
        if outcome == "erp":
            line["record"] = {
                "record_type": "journalEntry",
                "external_id": eid,
                "subsidiary": SUBSIDIARY,
                "currency": CURRENCY,
                "location": STORES[store].erp_location,
                "tran_date": DAY,
            }
            line["lines"] = [
                *({"account": ACCOUNTS[f"tender:{m}"], "debit": t, "memo": f"tender:{m}"} for m, t in tenders.items()),
                {"account": ACCOUNTS["sales"], "credit": net, "memo": "sales"},
                {"account": ACCOUNTS["vat"], "credit": vat, "memo": "vat"},
            ]
        else:
            line["exception"] = {"field": "payment_method", "value": next(iter(tenders)), "record_type": "journal"}
        journal = validated("journal", line)
        self.journals.append(journal)
        return journal

    def truth(self) -> GroundTruth:
        """The whole truth: these lines, the final stock they imply, and a summary."""
        erp: dict[tuple[str, str], int] = {}
        shop: dict[tuple[str, str], int] = {}
        for item, (sku, _) in ITEMS.items():
            for store in STORES.values():
                erp[(item, store.erp_location)] = BASELINE
                shop[(sku, str(store.shop_location))] = BASELINE
        for transaction in self.transactions:
            for move in transaction["stock"]:
                if move["adjustment_external_id"] is not None:
                    erp[(move["erp_item"], move["erp_location"])] += move["quantity"]
                shop[(move["sku"], str(move["shop_location"]))] += move["quantity"]
        stock = [validated("stock", {"system": "erp", "item": i, "location": loc, "quantity": q}) for (i, loc), q in erp.items()]
        stock += [
            validated("stock", {"system": "shop", "item": s, "location": loc, "quantity": q}) for (s, loc), q in shop.items()
        ]
        summary = validated(
            "summary",
            {
                "scenario": "checks",
                "seed": 1,
                "transactions": len(self.transactions),
                "events": self._seq,
                "objectives": self.objectives,
            },
        )
        return GroundTruth.from_lines([*self.transactions, *self.journals, *stock, summary])


def _record(record_type: str, eid: str, items: dict[str, int], store: str, payment: str | None) -> Record:
    location = STORES[store].erp_location
    return {
        "record_type": record_type,
        "external_id": eid,
        "entity": CUSTOMER,
        "subsidiary": SUBSIDIARY,
        "location": location,
        "currency": CURRENCY,
        "payment_method": PAYMENT[payment] if payment else None,
        "tran_date": DAY,
        "lines": [
            {"item": item, "quantity": q, "rate": ITEMS[item][1], "tax_code": TAX_CODE, "location": location}
            for item, q in items.items()
        ],
    }


def _moves(items: dict[str, int], store: str, sign: int, eid: str | None) -> list[Record]:
    return [
        {
            "sku": ITEMS[item][0],
            "erp_item": item,
            "store_id": store,
            "erp_location": STORES[store].erp_location,
            "shop_location": STORES[store].shop_location,
            "quantity": sign * q,
            "adjustment_external_id": eid,
        }
        for item, q in items.items()
    ]


# -- what a correct integration leaves behind ---------------------------------------------------


class _Integration:
    """Plays a correct integration over a truth, writing records, reports, journals and stock."""

    def __init__(self, truth: GroundTruth) -> None:
        self.truth = truth
        self.records: dict[str, list[Record]] = {}
        self.ids: dict[str, str] = {}  # eid -> internal id
        self.next_id = 1000
        self.erp_journal: list[Record] = []
        self.shop_journal: list[Record] = []
        self.reports: list[Record] = []
        self.levels: dict[tuple[str, int], Record] = {}
        for item, (sku, _) in ITEMS.items():
            for store in STORES.values():
                self.levels[(sku, store.shop_location)] = {
                    "inventory_item_id": 4000 + int(item) % 100,
                    "location_id": store.shop_location,
                    "sku": sku,
                    "available": BASELINE,
                    "changes": [
                        {"at": STARTED - 60, "available": BASELINE, "delta": BASELINE, "via": "seed", "request_id": None}
                    ],
                }

    def publish_time(self, line: Record) -> float:
        return STARTED + float(line["at"])

    def post(self, record_type: str, eid: str, body: Record, at: float) -> Record:
        self.next_id += 1
        internal_id = str(self.next_id)
        record = {"id": internal_id, "externalId": eid, **body}
        self.records.setdefault(record_type, []).append(record)
        self.ids[eid] = internal_id
        self.erp_journal.append(
            {
                "seq": len(self.erp_journal) + 1,
                "started_at": at,
                "duration_ms": 5.0,
                "method": "PUT",
                "path": f"/services/rest/record/v1/{record_type}/eid:{eid}",
                "query": "replace=item",
                "request_headers": {"Authorization": "Bearer abcdef..."},
                "request_body": "{}",
                "status": 204,
                "response_headers": {"Location": f"http://127.0.0.1:41001/services/rest/record/v1/{record_type}/{internal_id}"},
                "response_body": "",
                "notes": [],
            }
        )
        return record

    def sale(self, expected: Record, at: float) -> None:
        body: Record = {
            "entity": {"id": expected["entity"]},
            "subsidiary": {"id": expected["subsidiary"]},
            "location": {"id": expected["location"]},
            "currency": {"id": expected["currency"]},
            "tranDate": expected["tran_date"],
            "otherRefNum": expected["external_id"],
            "item": {
                "items": [
                    {
                        "item": {"id": line["item"]},
                        "quantity": float(line["quantity"]),
                        "rate": float(line["rate"]),
                        "taxCode": {"id": line["tax_code"]},
                        "location": {"id": line["location"]},
                    }
                    for line in expected["lines"]
                ]
            },
        }
        if expected["payment_method"] is not None:
            body["paymentMethod"] = {"id": expected["payment_method"]}
        if expected["created_from"] is not None:
            body["createdFrom"] = {"id": self.ids[expected["created_from"]]}
        self.post(expected["record_type"], expected["external_id"], body, at)

    def adjust(self, eid: str, moves: list[Record], at: float) -> None:
        location = moves[0]["erp_location"]
        body = {
            "account": {"id": INVENTORY_ACCOUNT},
            "subsidiary": {"id": SUBSIDIARY},
            "adjLocation": {"id": location},
            "tranDate": DAY,
            "inventory": {
                "items": [
                    {"item": {"id": m["erp_item"]}, "location": {"id": m["erp_location"]}, "adjustQtyBy": float(m["quantity"])}
                    for m in moves
                ]
            },
        }
        self.post("inventoryAdjustment", eid, body, at)

    def shop_adjust(self, move: Record, at: float) -> None:
        level = self.levels[(move["sku"], move["shop_location"])]
        request_id = f"req-{len(self.shop_journal) + 1}"
        level["available"] += move["quantity"]
        level["changes"].append(
            {"at": at, "available": level["available"], "delta": move["quantity"], "via": SHOP_ADJUST, "request_id": request_id}
        )
        self.shop_journal.append(
            {
                "seq": len(self.shop_journal) + 1,
                "started_at": at,
                "duration_ms": 2.0,
                "method": "POST",
                "path": "/admin/api/2024-10/inventory_levels/adjust.json",
                "query": "",
                "status": 200,
                "response_headers": {"X-Request-Id": request_id},
                "notes": [],
            }
        )

    def report(self, source_id: str, exception: Record, source_system: str) -> None:
        self.reports.append(
            {
                "id": len(self.reports) + 1,
                "received_at": STARTED,
                "source_system": source_system,
                "record_type": exception["record_type"],
                "source_id": source_id,
                "reason": f"no ERP mapping for {exception['field']} {exception['value']!r}",
                "field": exception["field"],
                "value": exception["value"],
            }
        )

    def run(self) -> Evidence:
        for transaction in self.truth.transactions:
            at = self.publish_time(transaction) + 0.2
            if transaction["outcome"] == "erp":
                self.sale(transaction["record"], at)
                for parcel in transaction["fulfilments"]:
                    self.sale(parcel, at + 0.01)
            elif transaction["outcome"] == "exception":
                self.report(transaction["source_id"], transaction["exception"], transaction["source_system"])
            by_eid: dict[str, list[Record]] = {}
            for move in transaction["stock"]:
                if move["adjustment_external_id"] is not None:
                    by_eid.setdefault(move["adjustment_external_id"], []).append(move)
                self.shop_adjust(move, self.publish_time(transaction) + 0.5)
            for eid, moves in by_eid.items():
                self.adjust(eid, moves, at + 0.02)
        for journal in self.truth.journals:
            at = self.publish_time(journal) + 0.2
            if journal["outcome"] == "erp":
                record = journal["record"]
                lines = [
                    {
                        "account": {"id": line["account"]},
                        **({"debit": float(line["debit"])} if line["debit"] != "0.00" else {"credit": float(line["credit"])}),
                        "memo": line["memo"],
                        "location": {"id": record["location"]},
                    }
                    for line in journal["lines"]
                ]
                body = {
                    "subsidiary": {"id": record["subsidiary"]},
                    "currency": {"id": record["currency"]},
                    "tranDate": record["tran_date"],
                    "line": {"items": lines},
                }
                self.post("journalEntry", record["external_id"], body, at)
            else:
                self.report(f"Z-{journal['store_id']}-{journal['business_day']}", journal["exception"], "sitoo")
        return Evidence(
            truth=self.truth,
            started_wall=STARTED,
            publish_times={t["event_seq"]: self.publish_time(t) for t in [*self.truth.transactions, *self.truth.journals]},
            erp_records=self.records,
            erp_stock=self.erp_stock(),
            erp_prices={"prices": dict(PRICES), "changes": []},
            erp_config={"concurrency_limit": 5, "retry_after_seconds": 1},
            erp_master={
                "account": [{"id": a, "name": n, **({"suspense": True} if n == "suspense" else {})} for n, a in ACCOUNTS.items()],
                "inventoryItem": [
                    {"id": i, "itemId": sku, "externalId": sku, "basePrice": PRICES[i]} for i, (sku, _) in ITEMS.items()
                ],
                "location": [{"id": s.erp_location} for s in STORES.values()] + [{"id": HEAD_OFFICE}],
            },
            exceptions=self.reports,
            shop_inventory=list(self.levels.values()),
            sitoo_products=[
                {"productid": n, "sku": sku, "moneyprice": f"{PRICES[i]:.2f}"} for n, (i, (sku, _)) in enumerate(ITEMS.items())
            ],
            journals={"erp": self.erp_journal, "shop": self.shop_journal, "newstore": [], "sitoo": [], "exceptions": []},
            deliveries=[],
        )

    def erp_stock(self) -> list[Record]:
        on_hand = {(item, store.erp_location): float(BASELINE) for item in ITEMS for store in STORES.values()}
        for adjustment in self.records.get("inventoryAdjustment", []):
            for line in adjustment["inventory"]["items"]:
                key = (line["item"]["id"], line["location"]["id"])
                on_hand[key] = on_hand.get(key, 0.0) + line["adjustQtyBy"]
        return [{"item": i, "location": loc, "quantityOnHand": q} for (i, loc), q in sorted(on_hand.items())]


def correct_evidence(truth: GroundTruth) -> Evidence:
    """What a correct integration leaves behind for ``truth``."""
    return _Integration(truth).run()


def everything() -> Story:
    """A small run with one of each kind of transaction and a store day."""
    story = Story()
    story.store_sale("LEE01-T1-000001", {"5001": 2, "5002": 1})
    story.store_sale("LEE01-T1-000002", {"5001": 1})
    story.web_order("WEB-1001", {"FR-1": {"5001": 1}, "FR-2": {"5001": 1, "5002": 1}})
    story.store_return("RET-R1", "LEE01-T1-000001", {"5001": 1})
    story.sitoo_sale("SITOO-501", {"5002": 2})
    story.sitoo_refund("SITOO-502", "SITOO-501", {"5002": 1})
    story.gift_return("RET-G1", {"5001": 1})
    story.unmapped_sale("LEE01-T2-000001", {"5002": 1}, "payment_method", "klarna")
    story.cancelled_order("WEB-1002")
    story.day_close("MAN02", {"cash": "96.00", "card": "24.00"}, net="100.00", vat="20.00")
    return story


def evidence_of(story: Story) -> Evidence:
    return correct_evidence(story.truth())


def find(evidence: Evidence, record_type: str, eid: str) -> Record:
    """The record of ``record_type`` with externalId ``eid`` (to break it in a test)."""
    return next(r for r in evidence.erp_records[record_type] if r.get("externalId") == eid)


def duplicate(evidence: Evidence, record_type: str, eid: str, **changes: Any) -> Record:
    """Add a second copy of a record under a new internal id, as a non-idempotent retry would."""
    copied = copy.deepcopy(find(evidence, record_type, eid))
    copied.update({"id": str(9000 + len(evidence.erp_records[record_type])), **changes})
    evidence.erp_records[record_type].append(copied)
    return copied


def kinds(result: Any) -> dict[str | None, set[str]]:
    """source id -> the kinds of discrepancy a check result names for it."""
    found: dict[str | None, set[str]] = {}
    for d in result.discrepancies:
        found.setdefault(d.source_id, set()).add(d.kind)
    return found
