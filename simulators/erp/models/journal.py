"""journalEntry: ``{subsidiary, tranDate, externalId, line: {items: [{account, debit|credit, memo}]}}``.

The model only checks shapes. Whether each line has exactly one positive side and the
entry balances to the cent is NetSuite business logic with NetSuite's own error codes
(``USER_ERROR``), so it lives in :mod:`simulators.erp.rules`, not in pydantic.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from .base import DATE_PATTERN, NetSuiteRecord, Reference


class JournalLine(NetSuiteRecord):
    account: Reference | None = None
    debit: float | None = None
    credit: float | None = None
    memo: str | None = None
    location: Reference | None = None
    department: Reference | None = None
    entity: Reference | None = None


class JournalLines(BaseModel):
    model_config = ConfigDict(extra="ignore")
    items: list[JournalLine] = Field(default_factory=list)


class JournalEntry(NetSuiteRecord):
    subsidiary: Reference | None = None
    currency: Reference | None = None
    tranDate: str | None = Field(default=None, pattern=DATE_PATTERN)
    externalId: str | None = None
    memo: str | None = None
    line: JournalLines | None = None
