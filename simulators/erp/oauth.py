"""NetSuite's OAuth 2.0 client-credentials (machine-to-machine) token endpoint.

A real account takes ``client_assertion``: a JWT signed with the integration's
certificate, whose ``iss`` is the client id. The simulator reads that JWT and checks
``iss``, ``exp`` and, for HS256 assertions, the signature with the client's secret; it
cannot check RS256/PS256 certificate signatures, and says so in docs/simulators/erp.md.
For hand testing it also accepts ``client_id``/``client_secret`` (form or Basic auth).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict
from pydantic.json_schema import SkipJsonSchema

from .responses import OAuthErrorBody, OAuthErrorCode, no_null_defaults

JwtBearer = Literal["urn:ietf:params:oauth:client-assertion-type:jwt-bearer"]
JWT_BEARER: str = get_args(JwtBearer)[0]


class TokenRequest(BaseModel):
    """The token request's form fields. Any other field is ignored; ``client_id`` and
    ``client_secret`` may come as HTTP Basic credentials instead."""

    model_config = ConfigDict(json_schema_extra=no_null_defaults)
    grant_type: Literal["client_credentials"]
    client_assertion_type: JwtBearer | SkipJsonSchema[None] = None
    client_assertion: str | SkipJsonSchema[None] = None
    client_id: str | SkipJsonSchema[None] = None
    client_secret: str | SkipJsonSchema[None] = None


class OAuthError(Exception):
    def __init__(self, error: OAuthErrorCode, description: str, status: int = 400) -> None:
        super().__init__(description)
        self.error: OAuthErrorCode = error
        self.description = description
        self.status = status

    def body(self) -> dict[str, Any]:
        return OAuthErrorBody(error=self.error, error_description=self.description).model_dump()


def _b64decode(segment: str) -> bytes:
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))


def client_from_assertion(assertion: str, clients: dict[str, str], now: float | None = None) -> str:
    """The client id a JWT client assertion proves, or :class:`OAuthError`."""
    try:
        header_b64, payload_b64, signature_b64 = assertion.split(".")
        header: dict[str, Any] = json.loads(_b64decode(header_b64))
        claims: dict[str, Any] = json.loads(_b64decode(payload_b64))
    except (ValueError, json.JSONDecodeError):
        raise OAuthError("invalid_request", "client_assertion is not a JWT") from None
    client_id = str(claims.get("iss", ""))
    if client_id not in clients:
        raise OAuthError("invalid_client", "unknown client (iss)", 401)
    if "exp" in claims and float(claims["exp"]) < (now if now is not None else time.time()):
        raise OAuthError("invalid_grant", "client_assertion has expired")
    if header.get("alg") == "HS256":
        signed = f"{header_b64}.{payload_b64}".encode()
        expected = hmac.new(clients[client_id].encode(), signed, hashlib.sha256).digest()
        if not hmac.compare_digest(expected, _b64decode(signature_b64)):
            raise OAuthError("invalid_grant", "client_assertion signature does not verify")
    return client_id


def client_from_secret(client_id: str | None, client_secret: str | None, clients: dict[str, str]) -> str:
    if not client_id or clients.get(client_id) != client_secret:
        raise OAuthError("invalid_client", "unknown client or wrong secret", 401)
    return client_id
