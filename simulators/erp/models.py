"""Payload shapes the ERP accepts, as pydantic models (the single source of truth).

Field names are NetSuite's (camelCase). References are ``{"id": ".."}`` objects;
``refName`` and ``links`` that a client copies back from a GET are tolerated. Custom
fields (``custbody_*`` on the header, ``custcol_*`` on lines) pass through untouched,
as they do in a real account; any other unknown field is rejected.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

CUSTOM_FIELD_PREFIXES = ("custbody", "custcol", "custentity", "custrecord")


class Reference(BaseModel):
    """A link to another record: ``{"id": "3"}`` (``refName``/``links`` ignored)."""

    model_config = ConfigDict(extra="ignore")
    id: str | None = None
    externalId: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _numbers_are_ids(cls, value: Any) -> Any:
        if isinstance(value, dict) and isinstance(value.get("id"), int):
            return {**value, "id": str(value["id"])}
        return value


class _NetSuiteRecord(BaseModel):
    model_config = ConfigDict(extra="allow")

    @model_validator(mode="after")
    def _only_custom_extras(self) -> _NetSuiteRecord:
        for name in self.model_extra or {}:
            if not name.startswith(CUSTOM_FIELD_PREFIXES):
                raise ValueError(f"unknown field name: {name}")
        return self


class TransactionLine(_NetSuiteRecord):
    item: Reference
    quantity: float = Field(gt=0)
    rate: float | None = None
    amount: float | None = None
    taxCode: Reference | None = None
    location: Reference | None = None
    description: str | None = None


class TransactionLines(BaseModel):
    model_config = ConfigDict(extra="ignore")
    items: list[TransactionLine] = Field(default_factory=list)


class SalesTransaction(_NetSuiteRecord):
    """salesOrder and cashSale: a sale with header references and an item sublist."""

    entity: Reference | None = None
    subsidiary: Reference | None = None
    location: Reference | None = None
    department: Reference | None = None
    currency: Reference | None = None
    paymentMethod: Reference | None = None
    tranDate: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    externalId: str | None = None
    otherRefNum: str | None = None
    memo: str | None = None
    item: TransactionLines | None = None


class MasterRecord(BaseModel):
    """A record the ERP owns and integrations only read: location, item, tax code..."""

    model_config = ConfigDict(extra="allow")
    id: str
    externalId: str | None = None
    name: str | None = None


# The record types integrations may write, each with the model that validates it.
WRITABLE_TYPES: dict[str, type[_NetSuiteRecord]] = {
    "salesOrder": SalesTransaction,
    "cashSale": SalesTransaction,
}

# The master-data types a scenario seeds, and the reference fields that point at them.
MASTER_TYPES = ("subsidiary", "location", "currency", "customer", "inventoryItem", "salesTaxItem", "paymentMethod", "account")

HEADER_REFERENCES = {
    "entity": ("customer", "Customer"),
    "subsidiary": ("subsidiary", "Subsidiary"),
    "location": ("location", "Location"),
    "currency": ("currency", "Currency"),
    "paymentMethod": ("paymentMethod", "Payment Method"),
}
LINE_REFERENCES = {
    "item": "inventoryItem",
    "taxCode": "salesTaxItem",
    "location": "location",
}
REQUIRED_HEADER_FIELDS = {"salesOrder": ("entity",), "cashSale": ("entity",)}
