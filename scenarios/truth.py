"""Ground truth: what a correct integration must leave behind for each source record.

The generator writes one :class:`TruthEntry` per source transaction next to the
traffic; the harness's checks compare what reached the ERP and the exception queue
against these entries and nothing else.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ExpectedLine(_Frozen):
    item: str  # ERP item internal id
    quantity: int
    rate: str  # net unit price, 2 decimals
    tax_code: str  # ERP tax code internal id


class ExpectedErpRecord(_Frozen):
    record_type: Literal["salesOrder"] = "salesOrder"
    external_id: str
    entity: str
    subsidiary: str
    location: str
    currency: str
    payment_method: str
    tran_date: str
    lines: list[ExpectedLine]
    gross_total: str


class ExpectedException(_Frozen):
    field: str  # the source field that has no mapping, e.g. "payment_method"
    value: str  # its value, e.g. "klarna"


class TruthEntry(_Frozen):
    source_system: Literal["newstore"] = "newstore"
    record_type: Literal["sale"] = "sale"
    source_id: str  # the id the integration must use as the ERP externalId
    order_id: str
    store_id: str
    outcome: Literal["erp", "exception"]
    erp: ExpectedErpRecord | None = None
    exception: ExpectedException | None = None


class GroundTruth(_Frozen):
    scenario: str
    seed: int
    entries: list[TruthEntry]

    def by_source_id(self) -> dict[str, TruthEntry]:
        return {e.source_id: e for e in self.entries}
