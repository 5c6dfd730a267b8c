"""OAuth2 access tokens issued and checked by the simulators.

Tokens are derived from a seed and a counter, not from ``secrets``, so that two runs of
the same scenario journal the same bytes. Expiry follows the wall clock: a token is a
transport detail, not business data, and an integration must refresh it in real time.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum


class TokenStatus(Enum):
    VALID = "valid"
    EXPIRED = "expired"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class IssuedToken:
    access_token: str
    client_id: str
    scope: str
    expires_at: float


class TokenStore:
    def __init__(self, seed: str, ttl_seconds: int = 3600, now: Callable[[], float] = time.time) -> None:
        self._seed = seed
        self.ttl_seconds = ttl_seconds
        self._now = now
        self._lock = threading.Lock()
        self._tokens: dict[str, IssuedToken] = {}

    def issue(self, client_id: str, scope: str = "") -> IssuedToken:
        with self._lock:
            counter = len(self._tokens) + 1
            digest = hashlib.sha256(f"{self._seed}:{client_id}:{counter}".encode()).hexdigest()
            token = IssuedToken(digest, client_id, scope, self._now() + self.ttl_seconds)
            self._tokens[digest] = token
            return token

    def check(self, access_token: str) -> TokenStatus:
        with self._lock:
            token = self._tokens.get(access_token)
        if token is None:
            return TokenStatus.UNKNOWN
        return TokenStatus.VALID if self._now() < token.expires_at else TokenStatus.EXPIRED

    def expire_all(self) -> None:
        """Make every issued token stale, to test an integration's refresh path."""
        with self._lock:
            self._tokens = {k: IssuedToken(t.access_token, t.client_id, t.scope, 0.0) for k, t in self._tokens.items()}

    def clear(self) -> None:
        with self._lock:
            self._tokens.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._tokens)


def bearer_token(authorization_header: str | None) -> str | None:
    """The token of an ``Authorization: Bearer ...`` header, or None."""
    if not authorization_header:
        return None
    scheme, _, token = authorization_header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()
