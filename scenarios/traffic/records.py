"""Ground-truth lines as plain dicts, in exactly the shapes of :mod:`scenarios.truth`.

The generator builds hundreds of thousands of these per second, so they are dicts, not
pydantic objects; every key of the model is present, in the model's field order, so that
``Model.model_validate(line).model_dump(mode="json") == line`` (a test holds it to that).
"""

from __future__ import annotations

from typing import Any

Line = dict[str, Any]


def line(item: str, quantity: int, rate: str | None, tax_code: str | None = None, location: str | None = None) -> Line:
    return {"item": item, "quantity": quantity, "rate": rate, "tax_code": tax_code, "location": location}


def record(
    record_type: str,
    external_id: str,
    *,
    entity: str | None = None,
    subsidiary: str | None = None,
    location: str | None = None,
    currency: str | None = None,
    payment_method: str | None = None,
    tran_date: str | None = None,
    lines: list[Line] | None = None,
    gross_total: str | None = None,
    created_from: str | None = None,
) -> dict[str, Any]:
    return {
        "record_type": record_type,
        "external_id": external_id,
        "entity": entity,
        "subsidiary": subsidiary,
        "location": location,
        "currency": currency,
        "payment_method": payment_method,
        "tran_date": tran_date,
        "lines": lines if lines is not None else [],
        "gross_total": gross_total,
        "created_from": created_from,
    }


def exception(field: str, value: str, record_type: str) -> dict[str, Any]:
    return {"field": field, "value": value, "record_type": record_type}


def stock_move(
    sku: str,
    erp_item: str,
    store_id: str,
    erp_location: str | None,
    shop_location: int | None,
    quantity: int,
    adjustment_external_id: str | None,
) -> dict[str, Any]:
    return {
        "sku": sku,
        "erp_item": erp_item,
        "store_id": store_id,
        "erp_location": erp_location,
        "shop_location": shop_location,
        "quantity": quantity,
        "adjustment_external_id": adjustment_external_id,
    }


def transaction(
    source_system: str,
    kind: str,
    source_id: str,
    order_id: str,
    store_id: str,
    business_day: str,
    outcome: str,
    record: dict[str, Any] | None,
    exception: dict[str, Any] | None,
    fulfilments: list[dict[str, Any]],
    stock: list[dict[str, Any]],
) -> dict[str, Any]:
    """A transaction line; ``at`` and ``event_seq`` are filled in when its last event goes out."""
    return {
        "kind": "transaction",
        "source_system": source_system,
        "transaction": kind,
        "source_id": source_id,
        "order_id": order_id,
        "store_id": store_id,
        "business_day": business_day,
        "outcome": outcome,
        "record": record,
        "exception": exception,
        "fulfilments": fulfilments,
        "stock": stock,
        "at": 0.0,
        "event_seq": 0,
    }
