"""Test data shared by several test modules."""

from __future__ import annotations

from typing import Any

ERP_MASTER: dict[str, list[dict[str, Any]]] = {
    "subsidiary": [{"id": "1", "name": "Harness Retail Ltd"}],
    "currency": [{"id": "1", "name": "GBP"}],
    "customer": [{"id": "100", "name": "POS Walk-in Customer"}],
    "location": [{"id": "11", "name": "Leeds", "externalId": "store-lee01"}, {"id": "12", "name": "York"}],
    "inventoryItem": [{"id": "5001", "name": "Tee", "externalId": "TEE-0001"}, {"id": "5002", "name": "Hoodie"}],
    "salesTaxItem": [{"id": "7", "name": "GB VAT 20%"}],
    "paymentMethod": [{"id": "1", "name": "card"}],
    "account": [
        {"id": "400", "name": "Sales", "acctNumber": "4000", "acctType": "Income"},
        {"id": "110", "name": "Card Clearing", "acctNumber": "1100", "acctType": "Bank"},
        {"id": "510", "name": "Inventory Adjustments", "acctNumber": "5100", "acctType": "COGS"},
        {"id": "999", "name": "Suspense", "acctNumber": "9999", "acctType": "OthCurrLiab", "suspense": True},
    ],
}


def sales_order(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "entity": {"id": "100"},
        "subsidiary": {"id": "1"},
        "location": {"id": "11"},
        "currency": {"id": "1"},
        "paymentMethod": {"id": "1"},
        "tranDate": "2026-11-27",
        "item": {"items": [{"item": {"id": "5001"}, "quantity": 2, "rate": 8.33, "taxCode": {"id": "7"}}]},
    }
    body.update(overrides)
    return body
