"""Payload shapes the ERP accepts, as pydantic models (the single source of truth).

``transactions`` (sales chain), ``journal`` (journalEntry), ``inventory``
(inventoryAdjustment), ``master`` (seeded master data) and ``registry`` (per-type
references, required fields and transformations). Names used elsewhere are re-exported here.
"""

from __future__ import annotations

from .base import CUSTOM_FIELD_PREFIXES, NetSuiteRecord, Reference
from .inventory import InventoryAdjustment, InventoryAdjustmentLine
from .journal import JournalEntry, JournalLine
from .master import MASTER_MODELS, MASTER_PERMISSIONS, MASTER_TYPES, Account, InventoryItem, MasterRecord
from .registry import RECORD_SPECS, TRANSFORMS, WRITABLE_TYPES, RecordSpec
from .transactions import (
    ApplyLine,
    CreditMemo,
    DerivedTransaction,
    SalesTransaction,
    TransactionLine,
    TransactionLines,
)

__all__ = [
    "CUSTOM_FIELD_PREFIXES",
    "MASTER_MODELS",
    "MASTER_PERMISSIONS",
    "MASTER_TYPES",
    "RECORD_SPECS",
    "TRANSFORMS",
    "WRITABLE_TYPES",
    "Account",
    "ApplyLine",
    "CreditMemo",
    "DerivedTransaction",
    "InventoryAdjustment",
    "InventoryAdjustmentLine",
    "InventoryItem",
    "JournalEntry",
    "JournalLine",
    "MasterRecord",
    "NetSuiteRecord",
    "RecordSpec",
    "Reference",
    "SalesTransaction",
    "TransactionLine",
    "TransactionLines",
]
