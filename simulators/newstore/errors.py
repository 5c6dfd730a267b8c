"""NewStore's error bodies: ``{"error_code", "message", "request_id"}``.

Request ids are derived from a per-simulator counter, so they are stable across runs.
Error codes other than the documented ``same_order_injection_with_different_data`` are
*inferred* (snake_case, in NewStore's style).
"""

from __future__ import annotations

import itertools
import threading

from flask import Response, json


class NewStoreError(Exception):
    def __init__(self, status: int, error_code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(f"{status} {error_code}: {message}")
        self.status = status
        self.error_code = error_code
        self.message = message
        self.headers = headers or {}


class RequestIds:
    """Deterministic request ids: ``req-000001``, ``req-000002``, ..."""

    def __init__(self) -> None:
        self._counter = itertools.count(1)
        self._lock = threading.Lock()

    def next(self) -> str:
        with self._lock:
            return f"req-{next(self._counter):06d}"


def error_response(exc: NewStoreError, request_id: str) -> Response:
    body = {"error_code": exc.error_code, "message": exc.message, "request_id": request_id}
    return Response(json.dumps(body), status=exc.status, content_type="application/json", headers=exc.headers)


def missing_token() -> NewStoreError:
    return NewStoreError(401, "unauthorized", "Missing Authorization header with a Bearer token.")


def bad_token(expired: bool) -> NewStoreError:
    reason = "The access token has expired." if expired else "The access token is invalid."
    return NewStoreError(403, "forbidden", reason)


def not_found(what: str) -> NewStoreError:
    return NewStoreError(404, "not_found", f"{what} was not found.")


def bad_request(message: str, error_code: str = "bad_request") -> NewStoreError:
    return NewStoreError(400, error_code, message)


def conflict(message: str, error_code: str = "invalid_state_transition") -> NewStoreError:
    return NewStoreError(409, error_code, message)


def rate_limited(retry_after: int) -> NewStoreError:
    message = f"Rate limit exceeded. Retry after {retry_after} second(s)."
    return NewStoreError(429, "too_many_requests", message, {"Retry-After": str(retry_after)})


def different_injection(external_id: str) -> NewStoreError:
    message = f"An order with external_id {external_id!r} was already injected with different data."
    return NewStoreError(400, "same_order_injection_with_different_data", message)
