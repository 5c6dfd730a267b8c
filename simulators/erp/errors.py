"""NetSuite's error responses: RFC 9110 problem details with ``o:errorDetails``.

Shape (SuiteTalk REST)::

    {"type": "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.1",
     "title": "Bad Request", "status": 400,
     "o:errorDetails": [{"detail": "...", "o:errorCode": "USER_ERROR", "o:errorPath": "location"}]}

Codes marked *inferred* in docs/simulators/erp.md are plausible choices, not documented ones.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from flask import Response, json

from .responses import ErrorDetail, ProblemDetails

ERROR_CONTENT_TYPE = "application/vnd.oracle.resource+json; type=error; charset=UTF-8"

_TYPE_URLS = {
    400: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.1",
    401: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.2",
    403: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.4",
    404: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.5",
    405: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.6",
    415: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.16",
    429: "https://www.rfc-editor.org/rfc/rfc6585.html#section-4",
    500: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.6.1",
}

INVALID_LOGIN_DETAIL = (
    "Invalid login attempt. For more details, see the Login Audit Trail in the NetSuite UI "
    "at Setup > Users/Roles > User Management > View Login Audit Trail."
)
MASTER_WRITE_NOTE = "master-data write refused"


class NetSuiteError(Exception):
    """An error the simulator answers with NetSuite's problem-details body.

    ``notes`` are attached to the request's journal entry, so harness checks can find it.
    """

    def __init__(
        self,
        status: int,
        code: str,
        detail: str,
        path: str | None = None,
        headers: dict[str, str] | None = None,
        title: str | None = None,
        notes: tuple[str, ...] = (),
    ) -> None:
        super().__init__(f"{status} {code}: {detail}")
        self.status = status
        self.code = code
        self.detail = detail
        self.path = path
        self.headers = headers or {}
        self.title = title
        self.notes = notes

    def body(self) -> dict[str, Any]:
        return ProblemDetails(
            type=_TYPE_URLS.get(self.status, _TYPE_URLS[400]),
            title=self.title or HTTPStatus(self.status).phrase,
            status=self.status,
            details=[ErrorDetail(detail=self.detail, code=self.code, path=self.path or None)],
        ).render()

    def response(self) -> Response:
        response = Response(json.dumps(self.body()), status=self.status, content_type=ERROR_CONTENT_TYPE)
        for name, value in self.headers.items():
            response.headers[name] = value
        return response


def invalid_reference(field: str, value: object) -> NetSuiteError:
    return NetSuiteError(400, "INVALID_FLD_VALUE", f"Invalid Field Value {value} for the following field: {field}", field)


def missing_value(field: str, label: str) -> NetSuiteError:
    return NetSuiteError(400, "USER_ERROR", f"Please enter value(s) for: {label}", field)


def already_exists() -> NetSuiteError:
    return NetSuiteError(400, "USER_ERROR", "This entity already exists.")


def record_not_found() -> NetSuiteError:
    return NetSuiteError(404, "NONEXISTENT_ID", "The record instance does not exist. Provide a valid record instance ID.")


def unsupported_record_type(record_type: str) -> NetSuiteError:
    return NetSuiteError(404, "NONEXISTENT_ID", f"The record type [{record_type.upper()}] is invalid or unsupported.")


def invalid_content(detail: str, path: str | None = None) -> NetSuiteError:
    return NetSuiteError(400, "INVALID_CONTENT", detail, path)


def invalid_parameter(name: str, detail: str) -> NetSuiteError:
    return NetSuiteError(400, "INVALID_PARAMETER", f"Invalid query parameter value: {name}. {detail}", name)


def invalid_query(detail: str) -> NetSuiteError:
    return invalid_parameter("q", detail)


def permission_denied(record_type: str, permission: str) -> NetSuiteError:
    return NetSuiteError(
        403,
        "INSUFFICIENT_PERMISSION",
        f"Permission Violation: You need a higher level of the '{permission}' permission to access this page. "
        "Please contact your account administrator.",
        notes=(f"{MASTER_WRITE_NOTE}: {record_type}",),
    )


def not_in_balance(debits: str, credits: str) -> NetSuiteError:
    return NetSuiteError(
        400,
        "USER_ERROR",
        f"This transaction is not in balance. The total debits ({debits}) must equal the total credits ({credits}).",
        "line",
    )


def debit_and_credit_on_one_line(path: str) -> NetSuiteError:
    return NetSuiteError(400, "USER_ERROR", "You cannot enter both a debit and a credit amount on the same line.", path)


def invalid_transform(source: str, target: str) -> NetSuiteError:
    return NetSuiteError(400, "INVALID_RCRD_TRANSFORM", f"You cannot transform a record of type {source} into a {target}.")


def has_dependent_records() -> NetSuiteError:
    return NetSuiteError(400, "USER_ERROR", "This record cannot be deleted because it has dependent records.")


def idempotency_error(job_location: str) -> NetSuiteError:
    return NetSuiteError(
        400,
        "IDEMPOTENCY_ERROR",
        'A request with the same idempotency key is already submitted. See the "Location" header for a link to '
        "the previously submitted job",
        headers={"Location": job_location, "Preference-Applied": "respond-async"},
        title="Conflict",
    )


def unauthorized() -> NetSuiteError:
    return NetSuiteError(
        401, "INVALID_LOGIN", INVALID_LOGIN_DETAIL, headers={"WWW-Authenticate": 'Bearer realm="NetSuite", error="invalid_token"'}
    )


def concurrency_limit_exceeded(status: int, retry_after: int | None) -> NetSuiteError:
    headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
    code = "CONCURRENCY_LIMIT_EXCEEDED" if status != 401 else "INVALID_LOGIN"
    detail = "Concurrent request limit exceeded. Request blocked." if status != 401 else INVALID_LOGIN_DETAIL
    return NetSuiteError(status, code, detail, headers=headers)


def request_limit_exceeded(retry_after: int, limit: int, window_seconds: float) -> NetSuiteError:
    return NetSuiteError(
        429,
        "REQUEST_LIMIT_EXCEEDED",
        f"Request limit exceeded: {limit} requests per {window_seconds:g} seconds. Retry after {retry_after} seconds.",
        headers={"Retry-After": str(retry_after)},
    )
