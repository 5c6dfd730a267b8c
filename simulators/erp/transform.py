"""``POST .../{type}/{id}/!transform/{targetType}``: a new record initialised from an existing one.

NetSuite copies the source's customer, subsidiary, location, currency and lines into
the new record and sets ``createdFrom`` to the source; fields in the request body
override what was copied (a body ``item`` sublist replaces the copied lines, *inferred*).
Supported pairs are :data:`~simulators.erp.models.TRANSFORMS`.
"""

from __future__ import annotations

from typing import Any

from .models import RECORD_SPECS

# Header fields carried from the source into the new record (when the target has them).
CARRIED_FIELDS = ("entity", "subsidiary", "location", "department", "currency", "otherRefNum")
# Line fields carried with each line.
CARRIED_LINE_FIELDS = ("item", "quantity", "rate", "amount", "taxCode", "location", "description")


def initial_values(source_type: str, source: dict[str, Any], target_type: str) -> dict[str, Any]:
    """The target record's fields before the request body is applied."""
    target_fields = RECORD_SPECS[target_type].model.model_fields
    values: dict[str, Any] = {name: _copy(source[name]) for name in CARRIED_FIELDS if name in source and name in target_fields}
    if target_type == "cashSale" and "paymentMethod" in source:
        values["paymentMethod"] = _copy(source["paymentMethod"])
    lines = source.get("item", {}).get("items", [])
    if lines:
        values["item"] = {
            "items": [
                {k: _copy(v) for k, v in line.items() if k in CARRIED_LINE_FIELDS or k.startswith("custcol")} for line in lines
            ]
        }
    values["createdFrom"] = {"id": source["id"]}
    return values


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value
