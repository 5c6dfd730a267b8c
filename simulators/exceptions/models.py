"""The exception report an integration POSTs to ``EXCEPTIONS_URL``."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class ExceptionReport(BaseModel):
    """One record the integration will not post, and why.

    ``source_id`` is the id the source system gave the record (for a NewStore order, its
    ``external_id``); ``field`` names the field that could not be mapped, when there is one.
    """

    model_config = ConfigDict(extra="forbid")
    source_system: str = Field(min_length=1, examples=["newstore"])
    record_type: str = Field(min_length=1, examples=["sale"])
    source_id: str = Field(min_length=1)
    reason: str = Field(min_length=1)
    field: str | None = None
    value: str | None = None
    payload: dict[str, Any] | None = None


class ReportAccepted(BaseModel):
    id: int


class FieldError(BaseModel):
    field: str
    message: str


class InvalidReport(BaseModel):
    message: str
    errors: list[FieldError]


class StoredReport(ExceptionReport):
    model_config = ConfigDict(extra="forbid")
    id: int
    received_at: float


class ReportList(BaseModel):
    reports: list[StoredReport]
