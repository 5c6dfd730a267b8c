"""The ERP's master data: seeded by the scenario, read by integrations, priced by the ERP.

Flavour-neutral tables of records keyed by internal id. Item prices (``basePrice``) live
here because the ERP is the master of product and price data: only the scenario changes
them (seed or ``POST /_sim/prices``), and every change is kept in ``price_changes`` so a
harness check can tell which price was current when a sale was posted.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import Any

from .models import MASTER_MODELS


class MasterData:
    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self.tables: dict[str, dict[str, dict[str, Any]]] = {t: {} for t in MASTER_MODELS}
        self.price_changes: list[dict[str, Any]] = []
        self.refused_writes = 0

    def load(self, record_type: str, rows: Iterable[dict[str, Any]]) -> None:
        """Add or replace seed rows; raises ValueError for an unknown type or a bad row."""
        model = MASTER_MODELS.get(record_type)
        if model is None:
            raise ValueError(f"unknown master record type {record_type!r}")
        for row in rows:
            record = model.model_validate(row).model_dump(exclude_none=True)
            self.tables[record_type][record["id"]] = record

    def find(self, record_type: str, reference: dict[str, Any]) -> str | None:
        """The internal id a ``{"id"}`` or ``{"externalId"}`` reference names, or None."""
        table = self.tables[record_type]
        if reference.get("id") is not None:
            return str(reference["id"]) if str(reference["id"]) in table else None
        if reference.get("externalId") is not None:
            return next((i for i, r in table.items() if r.get("externalId") == reference["externalId"]), None)
        return None

    def resolve(self, record_type: str, key: str) -> str | None:
        """The internal id for a URL key: an internal id or ``eid:<externalId>``."""
        if key.startswith("eid:"):
            return self.find(record_type, {"externalId": key[4:]})
        return self.find(record_type, {"id": key})

    def ref_name(self, record_type: str, internal_id: str) -> str | None:
        record = self.tables.get(record_type, {}).get(internal_id)
        return None if record is None else str(record.get("name") or internal_id)

    def suspense_accounts(self) -> list[str]:
        return [i for i, r in self.tables["account"].items() if r.get("suspense")]

    # -- prices ----------------------------------------------------------------------
    def prices(self) -> dict[str, float | None]:
        return {i: r.get("basePrice") for i, r in self.tables["inventoryItem"].items()}

    def set_prices(self, prices: dict[str, Any]) -> list[dict[str, Any]]:
        """Set ``basePrice`` for items named by internal id or ``eid:<externalId>``; all or nothing."""
        changes: list[dict[str, Any]] = []
        for key, price in prices.items():
            item_id = self.resolve("inventoryItem", str(key))
            if item_id is None:
                raise ValueError(f"unknown inventoryItem {key!r}")
            if isinstance(price, bool) or not isinstance(price, int | float) or not math.isfinite(price) or price < 0:
                raise ValueError(f"price for {key!r} must be a number >= 0, got {price!r}")
            old = self.tables["inventoryItem"][item_id].get("basePrice")
            changes.append({"item": item_id, "from": old, "to": float(price), "at": self._clock()})
        for change in changes:
            self.tables["inventoryItem"][change["item"]]["basePrice"] = change["to"]
        self.price_changes.extend(changes)
        return changes
