"""Sales-side transactions: salesOrder, cashSale, invoice, returnAuthorization, creditMemo.

``SalesTransaction`` is the committed contract (``contracts/schemas/erp/sales-transaction.json``)
and must not change shape without regenerating it. The other types extend it with the
fields NetSuite adds: ``createdFrom`` (the prior record in the chain
salesOrder -> cashSale/invoice -> returnAuthorization -> creditMemo) and a credit memo's
``apply`` sublist.

Docstrings of these classes end up in the committed JSON Schemas: edit them with care.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from .base import DATE_PATTERN, NetSuiteRecord, Reference


class TransactionLine(NetSuiteRecord):
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


class SalesTransaction(NetSuiteRecord):
    """salesOrder, and the base of every sale: header references and an item sublist."""

    entity: Reference | None = None
    subsidiary: Reference | None = None
    location: Reference | None = None
    department: Reference | None = None
    currency: Reference | None = None
    paymentMethod: Reference | None = None
    tranDate: str | None = Field(default=None, pattern=DATE_PATTERN)
    externalId: str | None = None
    otherRefNum: str | None = None
    memo: str | None = None
    item: TransactionLines | None = None


class DerivedTransaction(SalesTransaction):
    """cashSale, invoice, returnAuthorization: a sale that may point at the record it came from."""

    createdFrom: Reference | None = None


class ApplyLine(NetSuiteRecord):
    """One line of a credit memo's ``apply`` sublist: the invoice the credit is applied to."""

    doc: Reference
    apply: bool = True
    amount: float | None = Field(default=None, gt=0)


class ApplyLines(BaseModel):
    model_config = ConfigDict(extra="ignore")
    items: list[ApplyLine] = Field(default_factory=list)


class CreditMemo(DerivedTransaction):
    """creditMemo: a credit, usually ``createdFrom`` a return authorization or a sale."""

    apply: ApplyLines | None = None
