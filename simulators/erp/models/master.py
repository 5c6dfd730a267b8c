"""Master data: the records the ERP owns and integrations only read.

The scenario seeds them (``POST /_sim/seed``) and may change item prices
(``POST /_sim/prices``); an integration's write to any of them is refused with
``403 INSUFFICIENT_PERMISSION``. The ERP is the master of product and price data.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator


class MasterRecord(BaseModel):
    """A master record: an id, optional externalId and name, and any other fields the seed gives."""

    model_config = ConfigDict(extra="allow", allow_inf_nan=False)
    id: str
    externalId: str | None = None
    name: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _numbers_are_ids(cls, value: Any) -> Any:
        if isinstance(value, dict) and isinstance(value.get("id"), int):
            return {**value, "id": str(value["id"])}
        return value


class InventoryItem(MasterRecord):
    itemId: str | None = None
    basePrice: float | None = Field(default=None, ge=0)


class Account(MasterRecord):
    acctNumber: str | None = None
    acctType: str | None = None
    # Where an integration parks what it cannot map; a harness check looks for postings here.
    suspense: bool = False


# The master-data types a scenario seeds, each with the model that validates a seed row.
MASTER_MODELS: dict[str, type[MasterRecord]] = {
    "subsidiary": MasterRecord,
    "location": MasterRecord,
    "currency": MasterRecord,
    "customer": MasterRecord,
    "inventoryItem": InventoryItem,
    "salesTaxItem": MasterRecord,
    "paymentMethod": MasterRecord,
    "account": Account,
}
MASTER_TYPES = tuple(MASTER_MODELS)

# The permission NetSuite names when a role may not edit a master type (*inferred* wording).
MASTER_PERMISSIONS = {
    "subsidiary": "Subsidiaries",
    "location": "Locations",
    "currency": "Currency",
    "customer": "Customers",
    "inventoryItem": "Items",
    "salesTaxItem": "Tax Records",
    "paymentMethod": "Accounting Lists",
    "account": "Accounts",
}
