"""Ground truth: what a correct integration must leave behind, written next to the traffic.

These models are the schema of ``truth.jsonl`` (committed as JSON Schema under
``contracts/schemas/truth/``). The generator streams plain dicts of exactly these shapes,
one JSON object per line, each with a ``kind``; a test validates every line against the
models, and the checks read the dicts (validating a million entries would cost more than
checking them). The rules they encode are docs/integration-contract.md, "What a correct
integration leaves behind".

Kinds, in the order a file holds them:

* ``transaction``: one per source transaction (sale, web order, return, refund, cancelled
  order), with its main expected ERP record or exception, its fulfilment invoices, its
  stock movements, and when its last event was published (for stock latency);
* ``journal``: one per Sitoo store and business day, the journal entry the Z-report implies;
* ``stock``: the final expected quantity per item and location, in the ERP and in the shop;
* ``summary``: counts and the scenario's objectives (last line).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

SourceSystem = Literal["newstore", "sitoo"]
TransactionKind = Literal["store_sale", "web_order", "return", "gift_return", "sitoo_sale", "sitoo_refund", "cancelled_order"]
ErpRecordType = Literal["salesOrder", "cashSale", "invoice", "creditMemo", "journalEntry", "inventoryAdjustment"]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ExpectedLine(_Frozen):
    item: str  # ERP item internal id
    quantity: int  # always positive; a credit memo's lines are positive too
    rate: str | None = None  # net unit price after discounts, 2 decimals; None: not checked
    tax_code: str | None = None  # ERP tax code internal id; None: not checked
    location: str | None = None  # ERP location id on the line; None: not checked


class ExpectedRecord(_Frozen):
    record_type: ErpRecordType
    external_id: str
    entity: str | None = None
    subsidiary: str | None = None
    location: str | None = None
    currency: str | None = None
    payment_method: str | None = None  # ERP payment method id of the largest tender
    tran_date: str | None = None  # YYYY-MM-DD, the business day
    lines: list[ExpectedLine] = []
    gross_total: str | None = None  # tax-included total, 2 decimals (sales and credits)
    created_from: str | None = None  # eid of the record this one must be createdFrom


class ExpectedException(_Frozen):
    field: str  # the first source field with no mapping, e.g. "payment_method", or "order_id" for a gift return
    value: str  # its value, e.g. "klarna" ("" when absent)
    record_type: str = "sale"  # as reported: sale, web_order, return, refund, journal


class StockMove(_Frozen):
    """A physical movement at a store: it reaches the shop always, the ERP when posted."""

    sku: str
    erp_item: str
    store_id: str
    erp_location: str | None  # None: the store has no ERP location mapping
    shop_location: int | None  # None: the store sells nothing online
    quantity: int  # signed: negative when goods leave the store
    adjustment_external_id: str | None  # eid of the expected inventoryAdjustment; None: no ERP movement


class TransactionTruth(_Frozen):
    kind: Literal["transaction"] = "transaction"
    source_system: SourceSystem
    transaction: TransactionKind
    source_id: str  # the eid a correct integration uses (or the exception report's source_id)
    order_id: str  # the source system's own id (NewStore order/return id, Sitoo orderid)
    store_id: str
    business_day: str
    outcome: Literal["erp", "exception", "none"]
    record: ExpectedRecord | None = None
    exception: ExpectedException | None = None
    fulfilments: list[ExpectedRecord] = []  # web orders: one invoice per fulfilment request
    stock: list[StockMove] = []
    at: float  # wall seconds after the run starts when the event that completes it is published
    event_seq: int  # seq of that traffic event (the driver logs when it really went out)


class JournalLine(_Frozen):
    account: str
    debit: str = "0.00"
    credit: str = "0.00"
    memo: str | None = None  # e.g. "tender:card"


class JournalTruth(_Frozen):
    kind: Literal["journal"] = "journal"
    store_id: str
    business_day: str
    outcome: Literal["erp", "exception"]
    record: ExpectedRecord | None = None  # record_type journalEntry, external_id Z-<store>-<day>
    lines: list[JournalLine] = []  # one debit per tender, credits to sales and VAT (refunds reverse)
    tenders: dict[str, str] = {}  # the Z-report's total per payment method
    exception: ExpectedException | None = None
    at: float
    event_seq: int


class StockTruth(_Frozen):
    kind: Literal["stock"] = "stock"
    system: Literal["erp", "shop"]
    item: str  # ERP item id, or the SKU for the shop
    location: str  # ERP location id, or the shop location id
    quantity: int  # final on hand (ERP) or available (shop)


class Objectives(_Frozen):
    stock_latency_p95_seconds: float = 5.0
    stock_latency_max_seconds: float = 30.0
    max_429s: int | None = None  # None: any number of 429s, as long as each was honoured


class TruthSummary(_Frozen):
    kind: Literal["summary"] = "summary"
    scenario: str
    seed: int
    transactions: int
    events: int
    objectives: Objectives = Objectives()


TruthLine = TransactionTruth | JournalTruth | StockTruth | TruthSummary
TRUTH_MODELS: dict[str, type[BaseModel]] = {
    "transaction": TransactionTruth,
    "journal": JournalTruth,
    "stock": StockTruth,
    "summary": TruthSummary,
}


@dataclass
class GroundTruth:
    """A whole run's truth in memory, as plain dicts of the shapes above, grouped by kind."""

    scenario: str
    seed: int
    transactions: list[dict[str, Any]] = field(default_factory=list)
    journals: list[dict[str, Any]] = field(default_factory=list)
    stock: list[dict[str, Any]] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_lines(cls, lines: Iterable[dict[str, Any]]) -> GroundTruth:
        truth = cls(scenario="", seed=0)
        groups = {"transaction": truth.transactions, "journal": truth.journals, "stock": truth.stock}
        for line in lines:
            if line["kind"] == "summary":
                truth.summary = line
                truth.scenario, truth.seed = line["scenario"], line["seed"]
            else:
                groups[line["kind"]].append(line)
        return truth

    @classmethod
    def read_jsonl(cls, text: str) -> GroundTruth:
        return cls.from_lines(json.loads(line) for line in text.splitlines() if line.strip())

    def lines(self) -> Iterator[dict[str, Any]]:
        yield from self.transactions
        yield from self.journals
        yield from self.stock
        if self.summary:
            yield self.summary

    def objectives(self) -> Objectives:
        return Objectives.model_validate(self.summary.get("objectives", {}))

    def by_source_id(self) -> dict[str, dict[str, Any]]:
        return {t["source_id"]: t for t in self.transactions}
