"""NewStore's rate limits: a token bucket per tenant, and optional ones per endpoint.

NewStore allows 200 calls/s per production tenant and 100/s per development tenant, with
lower limits on some endpoints (order injection: 20/s); beyond them it answers 429 with
``Retry-After``. The clock is handed in, so tests move time instead of sleeping.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable

from simulators.common.ratelimit import TokenBucket

from .config import NewStoreConfig


def _bucket(rate: float, burst: int | None, now: Callable[[], float]) -> TokenBucket:
    return TokenBucket(rate, burst if burst is not None else max(1, math.floor(rate)), now)


class RateLimiter:
    """Per-endpoint buckets keyed ``"METHOD /path/{param}"`` or ``"/path/{param}"`` (any method)."""

    def __init__(self, config: NewStoreConfig, now: Callable[[], float]) -> None:
        rate = config.tenant_rate()
        self._tenant = _bucket(rate, config.rate_limit_burst, now) if rate is not None else None
        self._endpoints = {key: _bucket(float(limit), None, now) for key, limit in config.rate_limit_endpoints.items()}
        self._lock = threading.Lock()
        self.throttled = 0

    def check(self, method: str, route: str | None) -> int | None:
        """None when the request may pass, else the ``Retry-After`` seconds for its 429."""
        wait: int | None = None
        if route is not None:
            bucket = self._endpoints.get(f"{method} {route}") or self._endpoints.get(route)
            wait = bucket.take() if bucket is not None else None
        if wait is None and self._tenant is not None:
            wait = self._tenant.take()
        if wait is not None:
            with self._lock:
                self.throttled += 1
        return wait
