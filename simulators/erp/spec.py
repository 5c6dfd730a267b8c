"""The ERP's SuiteTalk REST contract (NetSuite flavour), from which its OpenAPI document is generated.

Every governed request (record, system and async paths) carries a bearer token from the
token endpoint and may be refused before its handler runs: ``401 INVALID_LOGIN``, ``429``
(the concurrency limit, or the optional request window) with ``Retry-After``, or the
overload status a scenario dials instead of 429 (``concurrency_status`` 400 or 401).
Errors are NetSuite's problem details, with the error media type and its charset.

The record type is a path parameter, so one operation serves every type: it is an enum
of the simulated types (writable, then master data) so clients and the fuzzer reach the
handlers; a write to master data is 403. A write body is the path's type's model, which
OpenAPI cannot select by a path parameter, so it is declared as any of the writable
models (:class:`RecordBody`) and the server checks it against the path's type (a field
the type lacks is ``400 INVALID_CONTENT``). ``Prefer: respond-async`` answers 202 with a
job; what the request alone decides (type, key, body shape) is refused at once instead.
The transform's body is optional (none is ``{}``), which the builder cannot yet express.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, RootModel

from contracts.openapi import ApiSpec, Operation, Parameter, Response

from .errors import ERROR_CONTENT_TYPE
from .models import MASTER_TYPES, WRITABLE_TYPES, CreditMemo, InventoryAdjustment, JournalEntry
from .oauth import TokenRequest
from .responses import (
    Collection,
    GovernanceLimits,
    JobAnswer,
    OAuthErrorBody,
    ProblemDetails,
    RecordAnswer,
    TaskAnswer,
    TokenAnswer,
)
from .routes.jobs import ASYNC_ROOT, IDEMPOTENCY_HEADER
from .routes.present import COLLECTION, RECORD_ROOT, SINGULAR

AUTH = "bearer"
TOKEN_PATH = "/services/rest/auth/oauth2/v1/token"
LIMITS_PATH = "/services/rest/system/v1/governanceLimits"
RECORDS = f"{RECORD_ROOT}/{{record_type}}"
RECORD = f"{RECORDS}/{{key}}"
JOB = f"{ASYNC_ROOT}/{{job_id}}"
TASK = f"{JOB}/task/{{task_id}}"


class RecordBody(RootModel[CreditMemo | JournalEntry | InventoryAdjustment]):
    """The fields of a record of the path's type. The sales models nest (SalesTransaction for salesOrder,
    within DerivedTransaction for cashSale, invoice and returnAuthorization, within CreditMemo), so the
    widest stands for all three; the server holds the body to its type's own model."""


def _enum(values: Any) -> dict[str, Any]:
    return {"type": "string", "enum": list(values)}


def _key(pattern: str, description: str) -> Parameter:
    return Parameter("key", "path", {"type": "string", "pattern": pattern}, description=description)


ANY_TYPE = Parameter("record_type", "path", _enum([*WRITABLE_TYPES, *MASTER_TYPES]), description="Writable, then master data")
WRITABLE_TYPE = Parameter("record_type", "path", _enum(WRITABLE_TYPES), description="A writable record type")
TARGET_TYPE = Parameter("target_type", "path", _enum(WRITABLE_TYPES), description="The type of the record to create")
KEY = _key("^(?:[0-9]+|eid:.+)$", "An internal id, or eid:<externalId>")
SOURCE_KEY = _key("^(?:[0-9]+|eid:[^/]+)$", "An internal id, or eid:<externalId>")
EXTERNAL_KEY = _key("^eid:.+$", "eid:<externalId>; anything else is 405")
REPLACE = Parameter(
    "replace",
    "query",
    description="Comma-separated sublists (item, line, inventory, apply) whose lines the body replaces; "
    "lines of any other sublist sent are added to the stored ones",
)
ASYNC_HEADERS = (
    Parameter("Prefer", "header", description="`respond-async`: run the write as a job, answer 202 and its Location"),
    Parameter(IDEMPOTENCY_HEADER, "header", description="With respond-async: a key used before is 400 IDEMPOTENCY_ERROR"),
)
DIGITS: dict[str, Any] = {"type": "string", "pattern": "^[0-9]+$"}
JOB_ID = Parameter("job_id", "path", DIGITS, description="From the Location of a 202")
TASK_ID = Parameter("task_id", "path", DIGITS, description="A job has one task: 1")


def _error(status: int, description: str, *headers: str) -> Response:
    return Response(status, description, ProblemDetails, ERROR_CONTENT_TYPE, headers)


OVERLOAD = "the account's overload answer, if it is dialled to 400"
GOVERNED = (
    _error(
        401, "Missing, unknown or expired token (INVALID_LOGIN); or overload dialled to 401", "WWW-Authenticate", "Retry-After"
    ),
    _error(429, "Over the concurrency limit or the request window: retry after Retry-After seconds", "Retry-After"),
)
UNKNOWN = _error(404, "Unknown record type or record (NONEXISTENT_ID)")
BAD_QUERY = _error(400, f"A malformed query parameter (INVALID_PARAMETER); or {OVERLOAD}", "Retry-After")
WRITTEN = Response(204, "Written; Location names the record", headers=("Location",))
WRITE_ERRORS = (
    Response(202, "Prefer: respond-async: the job that runs the write", headers=("Location", "Preference-Applied")),
    _error(
        400,
        "Invalid content, an unknown reference, a missing value, a business rule (USER_ERROR), or an idempotency key "
        f"used before (IDEMPOTENCY_ERROR, Location names its job); or {OVERLOAD}",
        "Location",
        "Retry-After",
    ),
)
MASTER = _error(403, "A write to master data (INSUFFICIENT_PERMISSION)")


def _governed(
    method: str,
    path: str,
    summary: str,
    *answers: Response,
    parameters: tuple[Parameter, ...] = (),
    request: type[BaseModel] | None = None,
    tag: str,
) -> Operation:
    """An operation behind the bearer token: its answers, then the refusals any governed request may get."""
    if not any(answer.status == 400 for answer in answers):
        answers = (*answers, _error(400, OVERLOAD.capitalize(), "Retry-After"))
    return Operation(
        method,
        path,
        summary,
        responses=tuple(sorted((*answers, *GOVERNED), key=lambda answer: str(answer.status))),
        request=request,
        parameters=parameters,
        security=(AUTH,),
        tags=(tag,),
    )


def _write(
    method: str, path: str, summary: str, ok: Response, *parameters: Parameter, errors: tuple[Response, ...] = (MASTER, UNKNOWN)
) -> Operation:
    body = RecordBody if method != "DELETE" else None
    answers = (ok, *WRITE_ERRORS, *errors)
    return _governed(method, path, summary, *answers, parameters=(*parameters, *ASYNC_HEADERS), request=body, tag="records")


def _job(path: str, summary: str, ok: Response, *parameters: Parameter, not_found: str = "No such job") -> Operation:
    return _governed("GET", path, summary, ok, _error(404, not_found), parameters=parameters, tag="async")


TOKEN = Operation(
    "POST",
    TOKEN_PATH,
    "A client-credentials token: a JWT client_assertion, or client_id and client_secret (form or HTTP Basic)",
    request=TokenRequest,
    request_content_type="application/x-www-form-urlencoded",
    responses=(
        Response(200, "The token", TokenAnswer),
        Response(400, "Not client_credentials, or a malformed, expired or badly signed assertion", OAuthErrorBody),
        Response(401, "Unknown client or wrong secret", OAuthErrorBody),
    ),
    tags=("auth",),
)

SPEC = ApiSpec(
    title="pos-harness ERP (NetSuite SuiteTalk REST)",
    version="1",
    description="The ERP integrations post sales, returns, journals and stock adjustments to, and read master data "
    "and prices from: OAuth 2.0 client credentials, the record API with external-id upserts and !transform, "
    "async jobs and governance. Fault injection (/_sim/faults) adds statuses this document does not list. "
    "See docs/simulators/erp.md.",
    operations=(
        TOKEN,
        _governed(
            "GET", LIMITS_PATH, "The account's concurrency limit", Response(200, "The limits", GovernanceLimits), tag="system"
        ),
        _write("POST", RECORDS, "Create a record", WRITTEN, ANY_TYPE),
        _governed(
            "GET",
            RECORDS,
            "The ids of one type's records, a page at a time",
            Response(200, "One page", Collection, COLLECTION),
            BAD_QUERY,
            UNKNOWN,
            parameters=(
                ANY_TYPE,
                Parameter("limit", "query", {"type": "integer"}, description="Page size; clamped to 1..1000, default 1000"),
                Parameter("offset", "query", {"type": "integer"}, description="Records to skip; below 0 is 0"),
                Parameter("q", "query", description='`field OPERATOR value` joined by AND/OR, e.g. externalId IS "S-1"'),
            ),
            tag="records",
        ),
        _governed(
            "GET",
            RECORD,
            "One record",
            Response(200, "The record", RecordAnswer, SINGULAR),
            BAD_QUERY,
            UNKNOWN,
            parameters=(
                ANY_TYPE,
                KEY,
                Parameter("expandSubResources", "query", {"type": "boolean"}, description="Sublist lines instead of links"),
            ),
            tag="records",
        ),
        _write(
            "PUT",
            RECORD,
            "Upsert by external id",
            WRITTEN,
            ANY_TYPE,
            EXTERNAL_KEY,
            REPLACE,
            errors=(
                MASTER,
                _error(404, "Unknown record type (NONEXISTENT_ID)"),
                _error(405, "The key is not eid:<externalId> (INVALID_REQUEST)"),
            ),
        ),
        _write("PATCH", RECORD, "Change the fields sent", WRITTEN, ANY_TYPE, KEY, REPLACE),
        _write(
            "DELETE", RECORD, "Delete a record that no other record was created from", Response(204, "Deleted"), ANY_TYPE, KEY
        ),
        _write(
            "POST",
            f"{RECORD}/!transform/{{target_type}}",
            "A new record of target_type from this one, createdFrom it; the optional body overrides what is copied",
            WRITTEN,
            WRITABLE_TYPE,
            SOURCE_KEY,
            TARGET_TYPE,
            errors=(_error(404, "Unknown source type or record, or master data (NONEXISTENT_ID)"),),
        ),
        _job(JOB, "An async job", Response(200, "The job", JobAnswer, SINGULAR), JOB_ID),
        _job(f"{JOB}/task", "The job's tasks (one)", Response(200, "The tasks", Collection, COLLECTION), JOB_ID),
        _job(
            TASK,
            "The task's status",
            Response(200, "The task", TaskAnswer, SINGULAR),
            JOB_ID,
            TASK_ID,
            not_found="No such job or task",
        ),
        _governed(
            "GET",
            f"{TASK}/result",
            "What the synchronous request would have answered",
            Response(204, "The write succeeded; Location names the record (none for a delete)", headers=("Location",)),
            _error(400, "The write was refused; or " + OVERLOAD, "Retry-After"),
            _error(404, "No such job or task; or the record the write named does not exist"),
            parameters=(JOB_ID, TASK_ID),
            tag="async",
        ),
    ),
    security_schemes={AUTH: {"type": "http", "scheme": "bearer"}},
)
