"""Cross-reference tables, Patchworks style: one CSV per table, ``left_value,right_value``.

:class:`CrossReference` holds the tables as loaded from ``MAPPINGS_DIR``; :class:`Lookups`
is what the record builders ask: "the ERP location of store X", "the account of tender
card". A value with no row raises :class:`Unmappable` naming the source field, so the
record goes to the exception queue instead of the ERP (docs/integration-contract.md:
never to a default, never to the suspense account). Builders ask in the contract's order
(``FIELD_ORDER``), so the first field reported is the first one that fails in that order.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

# The order in which a record's references are mapped; the first failure is the one reported.
FIELD_ORDER = ("location", "currency", "payment_method", "tax_code", "item")
# Tables keyed by a store id: a value found in any of them is a store.
STORE_TABLES = ("locations", "store_subsidiaries", "store_customers", "shop_locations")


class Unmappable(Exception):
    """A source value with no row in its cross-reference table."""

    def __init__(self, field: str, value: str) -> None:
        super().__init__(f"no ERP mapping for {field} {value!r}")
        self.field = field
        self.value = value

    @property
    def reason(self) -> str:
        return str(self)


class CrossReference:
    def __init__(self, tables: dict[str, dict[str, str]]) -> None:
        self.tables = tables

    @classmethod
    def load(cls, directory: str | Path) -> CrossReference:
        tables: dict[str, dict[str, str]] = {}
        for path in sorted(Path(directory).glob("*.csv")):
            with path.open(newline="", encoding="utf-8") as fh:
                tables[path.stem] = {row["left_value"]: row["right_value"] for row in csv.DictReader(fh)}
        return cls(tables)

    def lookup(self, table: str, value: str) -> str | None:
        return self.tables.get(table, {}).get(value)

    def need(self, table: str, field: str, value: str) -> str:
        found = self.lookup(table, value)
        if found is None:
            raise Unmappable(field, value)
        return found


@dataclass(frozen=True)
class StoreRefs:
    """A store's ERP references: where its sales, stock and journals are posted."""

    store: str
    location: str
    subsidiary: str


class Lookups:
    """The questions record builders ask of the tables, each answering or raising Unmappable.

    Three knobs exist only for faulty variants: ``default_location`` (a store with no
    location row is posted there instead of being reported), ``stock_at_head_office`` (stock
    moves at the head office instead of the store) and ``locate`` (the store's location is
    looked up in the ERP by external id instead of through ``locations.csv``).
    """

    def __init__(
        self,
        xref: CrossReference,
        default_location: str | None = None,
        stock_at_head_office: bool = False,
        locate: Callable[[str], str | None] | None = None,
    ) -> None:
        self.xref = xref
        self.default_location = default_location
        self.stock_at_head_office = stock_at_head_office
        self.locate = locate

    def store(self, store_id: str) -> StoreRefs:
        location = self.locate(store_id) if self.locate is not None else self.xref.lookup("locations", store_id)
        location = location or self.default_location
        if location is None:
            raise Unmappable("location", store_id)
        subsidiary = self.xref.need("store_subsidiaries", "location", store_id)
        return StoreRefs(store_id, location, subsidiary)

    def stock_location(self, refs: StoreRefs) -> str:
        """Where a store's stock movements are booked: the store's own location."""
        if self.stock_at_head_office:
            return self.head_office_location() or refs.location
        return refs.location

    def customer(self, store_id: str) -> str:
        return self.xref.need("store_customers", "location", store_id)

    def currency(self, code: str) -> str:
        return self.xref.need("currencies", "currency", code)

    def payment_method(self, method: str) -> str:
        return self.xref.need("payment_methods", "payment_method", method)

    def tax_code(self, name: str) -> str:
        return self.xref.need("tax_codes", "tax_code", name)

    def item(self, product_id: str) -> str:
        return self.xref.need("items", "item", product_id)

    def account(self, key: str, field: str = "account") -> str:
        """``sales``, ``vat``, ``inventory`` or ``tender:<method>`` (reported as ``field``)."""
        found = self.xref.lookup("accounts", key)
        if found is None:
            raise Unmappable(field, key.removeprefix("tender:"))
        return found

    def sitoo_store(self, warehouse_id: object) -> str:
        """The store a Sitoo warehouse belongs to (every Sitoo order names its warehouse)."""
        return self.xref.need("sitoo_warehouses", "location", str(warehouse_id))

    def is_store(self, value: str) -> bool:
        return (
            any(value in self.xref.tables.get(t, {}) for t in STORE_TABLES)
            or value in self.xref.tables.get("sitoo_warehouses", {}).values()
        )

    def shop_location(self, store_id: str) -> int | None:
        found = self.xref.lookup("shop_locations", store_id)
        return int(found) if found else None

    def shop_item(self, sku: str) -> int | None:
        found = self.xref.lookup("shop_items", sku)
        return int(found) if found else None

    def head_office_location(self) -> str | None:
        """The first location row: where the faulty variants put what they cannot place."""
        return next(iter(self.xref.tables.get("locations", {}).values()), None)
