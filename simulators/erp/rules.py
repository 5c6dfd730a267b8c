"""Business rules NetSuite enforces per record type, on the record as it would be stored.

* the chain: ``createdFrom`` names an existing record of an allowed type
  (``400 INVALID_FLD_VALUE createdFrom``), and a credit memo's ``apply`` lines name invoices;
* journalEntry: each line has exactly one of ``debit``/``credit``, positive, and the
  entry balances to the cent (``400 USER_ERROR``);
* inventoryAdjustment: each line names an item, a location (defaulting to ``adjLocation``)
  and a non-zero ``adjustQtyBy``; :func:`movements` turns it into stock movements.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal
from typing import Any

from . import errors
from .models import RECORD_SPECS
from .stock import Movement
from .store import RecordStore

CENT = Decimal("0.01")
# Wide enough for any finite float to the cent (the largest has 309 integer digits).
MONEY = Context(prec=400)


def check(store: RecordStore, record_type: str, record: dict[str, Any]) -> None:
    spec = RECORD_SPECS[record_type]
    if spec.created_from and "createdFrom" in record:
        record["createdFrom"] = {"id": find_transaction(store, spec.created_from, record["createdFrom"], "createdFrom")}
    if record_type == "creditMemo":
        for index, line in enumerate(record.get("apply", {}).get("items", [])):
            line["doc"] = {"id": find_transaction(store, ("invoice",), line["doc"], f"apply.items[{index}].doc")}
    elif record_type == "journalEntry":
        _check_journal(record)
    elif record_type == "inventoryAdjustment":
        _check_adjustment(record)


def find_transaction(store: RecordStore, types: tuple[str, ...], ref: dict[str, Any], path: str) -> str:
    """The internal id of the record of one of ``types`` that ``ref`` names, else ``INVALID_FLD_VALUE``."""
    if ref.get("id") is not None:
        if store.type_of(str(ref["id"])) in types:
            return str(ref["id"])
    elif ref.get("externalId") is not None:
        for record_type in types:
            found = store.resolve(record_type, f"eid:{ref['externalId']}")
            if found is not None:
                return found
    raise errors.invalid_reference(path, ref.get("id", ref.get("externalId", "{}")))


def cents(amount: float) -> Decimal:
    return Decimal(str(amount)).quantize(CENT, rounding=ROUND_HALF_UP, context=MONEY)


def _check_journal(record: dict[str, Any]) -> None:
    debits = credits = Decimal(0)
    for index, line in enumerate(record.get("line", {}).get("items", [])):
        path = f"line.items[{index}]"
        if "account" not in line:
            raise errors.missing_value(f"{path}.account", "Account")
        debit, credit = line.get("debit"), line.get("credit")
        if debit is not None and credit is not None:
            raise errors.debit_and_credit_on_one_line(path)
        if debit is None and credit is None:
            raise errors.missing_value(f"{path}.debit", "Debit or Credit")
        side, amount = ("debit", debit) if debit is not None else ("credit", credit)
        assert amount is not None
        if cents(amount) <= 0:
            raise errors.invalid_reference(f"{path}.{side}", f"{amount:g}")
        if side == "debit":
            debits = MONEY.add(debits, cents(amount))
        else:
            credits = MONEY.add(credits, cents(amount))
    if debits != credits:
        raise errors.not_in_balance(f"{debits:.2f}", f"{credits:.2f}")


def _check_adjustment(record: dict[str, Any]) -> None:
    for index, line in enumerate(record.get("inventory", {}).get("items", [])):
        path = f"inventory.items[{index}]"
        if "item" not in line:
            raise errors.missing_value(f"{path}.item", "Item")
        if "location" not in line:
            if "adjLocation" not in record:
                raise errors.missing_value(f"{path}.location", "Location")
            line["location"] = dict(record["adjLocation"])
        if line.get("adjustQtyBy") is None:
            raise errors.missing_value(f"{path}.adjustQtyBy", "Adjust Qty. By")
        if line["adjustQtyBy"] == 0:
            raise errors.invalid_reference(f"{path}.adjustQtyBy", 0)


def movements(record_type: str, record: dict[str, Any]) -> list[Movement]:
    """The stock movements a stored record causes (only inventoryAdjustment moves stock)."""
    if record_type != "inventoryAdjustment":
        return []
    return [
        Movement(line["item"]["id"], line["location"]["id"], float(line["adjustQtyBy"]))
        for line in record.get("inventory", {}).get("items", [])
    ]
