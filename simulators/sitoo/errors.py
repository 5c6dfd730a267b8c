"""Sitoo's error responses: ``{"statuscode": int, "errortext": str}`` with that HTTP status.

Every failure the simulator answers on the vendor surface goes through
:class:`SitooError`, so an integration sees one body shape whatever went wrong.
"""

from __future__ import annotations

from flask import Response, json

NOT_FOUND_TEXT = "Resource not found. The url is invalid."


class SitooError(Exception):
    """An error answered with Sitoo's body; ``headers`` adds e.g. ``Retry-After``."""

    def __init__(self, status: int, errortext: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(f"{status}: {errortext}")
        self.status = status
        self.errortext = errortext
        self.headers = headers or {}

    def body(self) -> dict[str, int | str]:
        return {"statuscode": self.status, "errortext": self.errortext}

    def response(self) -> Response:
        response = Response(json.dumps(self.body()), status=self.status, content_type="application/json")
        for name, value in self.headers.items():
            response.headers[name] = value
        return response


def bad_request(errortext: str) -> SitooError:
    return SitooError(400, errortext)


def unauthorized() -> SitooError:
    return SitooError(401, "Unauthorized. Authorization failed.", {"WWW-Authenticate": 'Basic realm="Sitoo"'})


def not_found(what: str | None = None) -> SitooError:
    return SitooError(404, f"{what} not found" if what else NOT_FOUND_TEXT)


def too_many_requests(retry_after: int) -> SitooError:
    return SitooError(429, "Too Many Requests.", {"Retry-After": str(retry_after)})
