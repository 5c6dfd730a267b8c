"""NewStore's error bodies: ``{"error_code", "message", "request_id"}``.

Request ids are derived from a per-simulator counter, so they are stable across runs.
"""

from __future__ import annotations

import itertools

from flask import Response, json


class NewStoreError(Exception):
    def __init__(self, status: int, error_code: str, message: str) -> None:
        super().__init__(f"{status} {error_code}: {message}")
        self.status = status
        self.error_code = error_code
        self.message = message


class RequestIds:
    """Deterministic request ids: ``req-000001``, ``req-000002``, ..."""

    def __init__(self) -> None:
        self._counter = itertools.count(1)

    def next(self) -> str:
        return f"req-{next(self._counter):06d}"


def error_response(exc: NewStoreError, request_id: str) -> Response:
    body = {"error_code": exc.error_code, "message": exc.message, "request_id": request_id}
    return Response(json.dumps(body), status=exc.status, content_type="application/json")


def missing_token() -> NewStoreError:
    return NewStoreError(401, "unauthorized", "Missing Authorization header with a Bearer token.")


def bad_token(expired: bool) -> NewStoreError:
    reason = "The access token has expired." if expired else "The access token is invalid."
    return NewStoreError(403, "forbidden", reason)


def not_found(what: str) -> NewStoreError:
    return NewStoreError(404, "not_found", f"{what} was not found.")


def bad_request(message: str) -> NewStoreError:
    return NewStoreError(400, "bad_request", message)
