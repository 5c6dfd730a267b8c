"""What the NetSuite flavour answers, as pydantic models: the bodies ``spec.py`` publishes.

The error body, the token answers and the governance limits are rendered through these
models (:mod:`.errors`, :mod:`.routes.access`), so each shape is written once. Record
and job bodies are built by :mod:`.routes.present` and :mod:`.routes.jobs`; the contract
tests hold them to the models below. Answers forbid unknown fields, except a record,
whose fields are its type's (see :class:`RecordAnswer`).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import SkipJsonSchema

from .asyncjobs import Progress

ANSWER = ConfigDict(extra="forbid", json_schema_serialization_defaults_required=True)


def no_null_defaults(schema: dict[str, Any]) -> None:
    """Drop ``"default": null`` from the properties of a model whose optional fields are omitted, never null."""
    for prop in schema.get("properties", {}).values():
        if "default" in prop and prop["default"] is None:
            del prop["default"]


class Link(BaseModel):
    """``{"rel": "self", "href": "https://..."}``: how NetSuite points at a resource."""

    model_config = ANSWER
    rel: str
    href: str


class Linked(BaseModel):
    """A resource that is only a link: a job's task list, or a sublist collapsed to its URL."""

    model_config = ANSWER
    links: list[Link] = Field(min_length=1)


# -- errors ----------------------------------------------------------------------------


class ErrorDetail(BaseModel):
    """One entry of ``o:errorDetails``; ``o:errorPath`` names the field at fault, when there is one."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, json_schema_extra=no_null_defaults)
    detail: str
    code: str = Field(alias="o:errorCode")
    path: str | SkipJsonSchema[None] = Field(default=None, alias="o:errorPath")


class ProblemDetails(BaseModel):
    """Every NetSuite error: RFC 9110 problem details with ``o:errorDetails``."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    type: str
    title: str
    status: int = Field(ge=400, le=599)
    details: list[ErrorDetail] = Field(alias="o:errorDetails", min_length=1)

    def render(self) -> dict[str, Any]:
        return self.model_dump(by_alias=True, exclude_none=True)


# -- OAuth 2.0 -------------------------------------------------------------------------


class TokenAnswer(BaseModel):
    """A client-credentials access token; ``expires_in`` is a string of seconds (*inferred*)."""

    model_config = ANSWER
    access_token: str
    expires_in: str = Field(pattern=r"^[0-9]+$")
    token_type: Literal["Bearer"] = "Bearer"


OAuthErrorCode = Literal["invalid_request", "invalid_client", "invalid_grant", "unsupported_grant_type"]


class OAuthErrorBody(BaseModel):
    """RFC 6749 section 5.2: what the token endpoint answers when it issues no token."""

    model_config = ANSWER
    error: OAuthErrorCode
    error_description: str


# -- system ----------------------------------------------------------------------------


class GovernanceLimits(BaseModel):
    """``GET /services/rest/system/v1/governanceLimits``: the account's concurrency limit."""

    model_config = ANSWER
    accountConcurrencyLimit: int = Field(ge=1)
    unallocatedConcurrencyLimit: int = Field(ge=0)
    limitType: Literal["accountLimit"] = "accountLimit"


# -- records ---------------------------------------------------------------------------


class RecordAnswer(BaseModel):
    """One record, as ``GET .../{type}/{id}`` shows it: ``links``, ``id`` and the record's own fields.

    The other fields depend on the record type, which is a path parameter, so one schema
    cannot list them: a transaction has its write model's fields (references gain
    ``links`` and ``refName``, ``createdFrom`` links to its source, sublists collapse to
    ``{"links"}`` unless ``expandSubResources=true``); master data has whatever its seed gave.
    """

    model_config = ConfigDict(extra="allow", json_schema_serialization_defaults_required=True)
    links: list[Link] = Field(min_length=1)
    id: str


class CollectionItem(BaseModel):
    model_config = ANSWER
    links: list[Link] = Field(min_length=1)
    id: str


class Collection(BaseModel):
    """A page of a collection: record ids (``GET .../{type}``) or a job's tasks."""

    model_config = ANSWER
    links: list[Link] = Field(min_length=1)
    count: int = Field(ge=0)
    hasMore: bool
    items: list[CollectionItem]
    offset: int = Field(ge=0)
    totalResults: int = Field(ge=0)


# -- asynchronous requests -------------------------------------------------------------


class JobAnswer(BaseModel):
    """``GET /services/rest/async/v1/job/{id}``."""

    model_config = ANSWER
    links: list[Link] = Field(min_length=1)
    completed: bool
    id: str
    progress: Progress
    task: Linked


class TaskAnswer(BaseModel):
    """``GET .../job/{id}/task/{task_id}``: the related link is the task's result."""

    model_config = ANSWER
    links: list[Link] = Field(min_length=1)
    completed: bool
    id: str
    progress: Progress
    startTime: str = Field(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$")
    endTime: str | None = Field(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$")
