"""inventoryAdjustment: ``{account, subsidiary, adjLocation, inventory: {items: [{item, location, adjustQtyBy}]}}``.

Each line moves the on-hand quantity of one item at one location (see
:mod:`simulators.erp.stock`). A line without ``location`` takes the header's
``adjLocation`` (*inferred*, as NetSuite's form defaults it).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from .base import DATE_PATTERN, NetSuiteRecord, Reference


class InventoryAdjustmentLine(NetSuiteRecord):
    item: Reference | None = None
    location: Reference | None = None
    adjustQtyBy: float | None = None
    memo: str | None = None


class InventoryAdjustmentLines(BaseModel):
    model_config = ConfigDict(extra="ignore")
    items: list[InventoryAdjustmentLine] = Field(default_factory=list)


class InventoryAdjustment(NetSuiteRecord):
    account: Reference | None = None
    subsidiary: Reference | None = None
    adjLocation: Reference | None = None
    department: Reference | None = None
    tranDate: str | None = Field(default=None, pattern=DATE_PATTERN)
    externalId: str | None = None
    memo: str | None = None
    inventory: InventoryAdjustmentLines | None = None
