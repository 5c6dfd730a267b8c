"""The one registry of writable record types: model, references, required fields, chain.

Everything that differs between record types is data here, so the validation, the
store and the GET presentation are written once. A test checks that every type is
documented in docs/simulators/erp.md and every reference points at a master type.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .base import NetSuiteRecord
from .inventory import InventoryAdjustment
from .journal import JournalEntry
from .transactions import CreditMemo, DerivedTransaction, SalesTransaction


@dataclass(frozen=True)
class RecordSpec:
    """How one record type is checked: which fields are references to which master type, and what is required."""

    model: type[NetSuiteRecord]
    label: str
    # header field -> (master type, the label NetSuite uses in "Please enter value(s) for: ...")
    header_refs: Mapping[str, tuple[str, str]]
    # sublist name -> {line field -> master type}
    sublists: Mapping[str, Mapping[str, str]]
    # (field, label) that must be present; a sublist must have at least one line
    required: tuple[tuple[str, str], ...]
    # the record types ``createdFrom`` may point at (empty: the type has no createdFrom)
    created_from: tuple[str, ...] = field(default=())


SALE_HEADER_REFS: Mapping[str, tuple[str, str]] = {
    "entity": ("customer", "Customer"),
    "subsidiary": ("subsidiary", "Subsidiary"),
    "location": ("location", "Location"),
    "currency": ("currency", "Currency"),
    "paymentMethod": ("paymentMethod", "Payment Method"),
}
SALE_LINE_REFS: Mapping[str, str] = {"item": "inventoryItem", "taxCode": "salesTaxItem", "location": "location"}
SALE_REQUIRED = (("entity", "Customer"), ("item", "Items"))
SALES = ("salesOrder", "cashSale", "invoice")


def _sale(model: type[NetSuiteRecord], label: str, created_from: tuple[str, ...] = ()) -> RecordSpec:
    sublists: dict[str, Mapping[str, str]] = {"item": SALE_LINE_REFS}
    if model is CreditMemo:
        sublists["apply"] = {}
    return RecordSpec(model, label, SALE_HEADER_REFS, sublists, SALE_REQUIRED, created_from)


RECORD_SPECS: dict[str, RecordSpec] = {
    "salesOrder": _sale(SalesTransaction, "Sales Order"),
    "cashSale": _sale(DerivedTransaction, "Cash Sale", ("salesOrder",)),
    "invoice": _sale(DerivedTransaction, "Invoice", ("salesOrder",)),
    "returnAuthorization": _sale(DerivedTransaction, "Return Authorization", SALES),
    "creditMemo": _sale(CreditMemo, "Credit Memo", (*SALES, "returnAuthorization")),
    "journalEntry": RecordSpec(
        JournalEntry,
        "Journal",
        {"subsidiary": ("subsidiary", "Subsidiary"), "currency": ("currency", "Currency")},
        {"line": {"account": "account", "location": "location", "entity": "customer"}},
        (("subsidiary", "Subsidiary"), ("line", "Lines")),
    ),
    "inventoryAdjustment": RecordSpec(
        InventoryAdjustment,
        "Inventory Adjustment",
        {
            "account": ("account", "Adjustment Account"),
            "subsidiary": ("subsidiary", "Subsidiary"),
            "adjLocation": ("location", "Adjustment Location"),
        },
        {"inventory": {"item": "inventoryItem", "location": "location"}},
        (("account", "Adjustment Account"), ("subsidiary", "Subsidiary"), ("inventory", "Inventory")),
    ),
}

# The record types integrations may write, each with the model that validates it.
WRITABLE_TYPES: dict[str, type[NetSuiteRecord]] = {name: spec.model for name, spec in RECORD_SPECS.items()}

# (source, target) pairs of ``POST .../{source}/{id}/!transform/{target}``: NetSuite's
# supported transformation types restricted to the simulated records.
TRANSFORMS: frozenset[tuple[str, str]] = frozenset(
    {
        ("salesOrder", "invoice"),
        ("salesOrder", "cashSale"),
        ("salesOrder", "returnAuthorization"),
        ("cashSale", "returnAuthorization"),
        ("invoice", "returnAuthorization"),
        ("invoice", "creditMemo"),
        ("returnAuthorization", "creditMemo"),
    }
)
