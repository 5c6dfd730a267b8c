"""ERP record shapes every source shares: item lines, sale headers, inventory adjustments.

A sale, a parcel or a return is first reduced to :class:`Unit` rows (a product, how many,
its net unit price, its tax name); :func:`item_lines` groups them one line per product
and maps them. Money is :class:`~decimal.Decimal` until the body is written, rounded
half-up to the cent (docs/integration-contract.md, "Amounts").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from .mappings import Lookups, StoreRefs

CENT = Decimal("0.01")


def dec(value: object) -> Decimal:
    """A JSON number or numeric string as an exact Decimal (``0.1`` stays ``0.1``)."""
    return Decimal(str(value))


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Unit:
    """Some units of one product at one net price."""

    product_id: str
    quantity: int
    net: Decimal  # per unit, excluding tax, after discounts; unrounded
    tax_name: str | None = None


def item_lines(units: Iterable[Unit], lookups: Lookups, location: str | None) -> list[dict[str, Any]]:
    """One line per product (quantities summed, rate = average net unit price), mapped.

    Tax codes are mapped before items, as the contract's field order says.
    """
    grouped: dict[str, tuple[int, Decimal, str | None]] = {}
    for unit in units:
        quantity, total, tax = grouped.get(unit.product_id, (0, Decimal(0), unit.tax_name))
        grouped[unit.product_id] = (quantity + unit.quantity, total + unit.net * unit.quantity, tax)
    tax_codes = {tax: lookups.tax_code(tax) for _, _, tax in grouped.values() if tax is not None}
    items = {product: lookups.item(product) for product in grouped}
    lines = []
    for product, (quantity, total, tax) in grouped.items():
        line: dict[str, Any] = {"item": {"id": items[product]}, "quantity": quantity, "rate": float(money(total / quantity))}
        if tax is not None:
            line["taxCode"] = {"id": tax_codes[tax]}
        if location is not None:
            line["location"] = {"id": location}
        lines.append(line)
    return lines


def sale_header(refs: StoreRefs, customer: str, currency: str | None, day: str, memo: str) -> dict[str, Any]:
    """The header of a sale or credit: who, where, which books, when."""
    header: dict[str, Any] = {
        "entity": {"id": customer},
        "subsidiary": {"id": refs.subsidiary},
        "location": {"id": refs.location},
        "tranDate": day,
        "memo": memo,
    }
    if currency is not None:
        header["currency"] = {"id": currency}
    return header


def stock_units(units: Iterable[Unit], direction: int) -> dict[str, int]:
    """Product -> signed quantity: ``direction`` -1 when goods leave the store, +1 when they come back."""
    moves: dict[str, int] = {}
    for unit in units:
        moves[unit.product_id] = moves.get(unit.product_id, 0) + direction * unit.quantity
    return {product: quantity for product, quantity in moves.items() if quantity}


def inventory_adjustment(
    moves: dict[str, int], refs: StoreRefs, location: str, account: str, day: str, memo: str, lookups: Lookups
) -> dict[str, Any]:
    """``inventoryAdjustment``: each product's signed quantity at ``location`` (the store's)."""
    return {
        "account": {"id": account},
        "subsidiary": {"id": refs.subsidiary},
        "adjLocation": {"id": location},
        "tranDate": day,
        "memo": memo,
        "inventory": {
            "items": [
                {"item": {"id": lookups.item(product)}, "location": {"id": location}, "adjustQtyBy": quantity}
                for product, quantity in moves.items()
            ]
        },
    }


@dataclass(frozen=True)
class Posting:
    """What one source record becomes in the ERP: the record, and the stock it moved there."""

    record_type: str
    external_id: str
    body: dict[str, Any]
    adjustment: dict[str, Any] | None = None  # the inventoryAdjustment STOCK-<external_id>, if stock moved

    @property
    def adjustment_id(self) -> str:
        return f"STOCK-{self.external_id}"


def stock_adjustment(
    units: Iterable[Unit], direction: int, refs: StoreRefs, day: str, memo: str, lookups: Lookups
) -> dict[str, Any] | None:
    """The inventoryAdjustment for goods leaving (-1) or coming back to (+1) a store; None if nothing moved."""
    moves = stock_units(units, direction)
    if not moves:
        return None
    account = lookups.account("inventory")
    return inventory_adjustment(moves, refs, lookups.stock_location(refs), account, day, memo, lookups)
