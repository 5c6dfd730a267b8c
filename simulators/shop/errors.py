"""Shopify Admin REST error bodies: always ``{"errors": ...}``.

``errors`` is a string for request-level failures (401, 404, 429) and an object mapping a
field (or ``base``) to a list of messages for body problems (400, 422), as the Admin
REST API answers. Exact messages for 400/422 are inferred; see docs/simulators/shop.md.
"""

from __future__ import annotations

from flask import Response, json
from pydantic import ValidationError

ErrorBody = str | dict[str, list[str]]

INVALID_TOKEN = "[API] Invalid API key or access token (unrecognized login or wrong password)"
MISSING = "Required parameter missing or invalid"


class ShopifyError(Exception):
    """An error the simulator answers with Shopify's ``{"errors": ...}`` body."""

    def __init__(self, status: int, errors: ErrorBody, headers: dict[str, str] | None = None) -> None:
        super().__init__(f"{status}: {errors}")
        self.status = status
        self.errors = errors
        self.headers = headers or {}

    def response(self) -> Response:
        body = json.dumps({"errors": self.errors})
        response = Response(body, status=self.status, content_type="application/json; charset=utf-8")
        response.headers.update(self.headers)
        return response


def unauthorized() -> ShopifyError:
    return ShopifyError(401, INVALID_TOKEN)


def not_found() -> ShopifyError:
    return ShopifyError(404, "Not Found")


def bad_request(message: str) -> ShopifyError:
    return ShopifyError(400, {"base": [message]})


def unprocessable(field: str, message: str) -> ShopifyError:
    return ShopifyError(422, {field: [message]})


def from_validation(exc: ValidationError) -> ShopifyError:
    """A 422 naming every bad field, ``Required parameter missing or invalid`` when absent."""
    fields: dict[str, list[str]] = {}
    for error in exc.errors():
        name = ".".join(str(part) for part in error["loc"]) or "base"
        fields.setdefault(name, []).append(MISSING if error["type"] == "missing" else "is invalid")
    return ShopifyError(422, fields)


def throttled(calls_per_second: float, retry_after: str) -> ShopifyError:
    message = (
        f"Exceeded {calls_per_second:g} calls per second for api client. Reduce request rates to resume uninterrupted service."
    )
    return ShopifyError(429, message, {"Retry-After": retry_after})
