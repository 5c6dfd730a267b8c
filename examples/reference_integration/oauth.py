"""NetSuite OAuth 2.0 machine-to-machine: the JWT client assertion of the client-credentials grant."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time


def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def hs256_client_assertion(client_id: str, secret: str, audience: str, lifetime: int = 300) -> str:
    """A JWT client assertion (``iss`` = the client id), HS256-signed with the client secret."""
    now = int(time.time())
    header = _b64url(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    claims = _b64url(
        json.dumps({"iss": client_id, "scope": ["rest_webservices"], "aud": audience, "iat": now, "exp": now + lifetime}).encode()
    )
    signature = hmac.new(secret.encode(), f"{header}.{claims}".encode(), hashlib.sha256).digest()
    return f"{header}.{claims}.{_b64url(signature)}"
