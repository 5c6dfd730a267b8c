"""The NewStore simulator's settings, all changeable through ``/_sim/seed`` ``{"config": {...}}``.

Delivery knobs (``seed``, ``duplicate_rate``, ``reorder_window_ms``, ``delay_ms``) shape
how webhooks reach the integration; rate-limit knobs shape how its API calls are
throttled. See docs/simulators/newstore.md for each knob and its default.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from simulators.common.config import apply_config

RATE_PROFILES: dict[str, float | None] = {"production": 200.0, "development": 100.0, "off": None}
# Which keys each part depends on: a reseed rebuilds only the parts whose keys changed.
RATE_LIMIT_KEYS = ("rate_limit_profile", "rate_limit_per_second", "rate_limit_burst", "rate_limit_endpoints")
DELIVERY_KEYS = (
    "delivery_workers",
    "delivery_max_attempts",
    "delivery_base_delay",
    "delivery_max_delay",
    "delivery_timeout",
    "seed",
    "duplicate_rate",
    "reorder_window_ms",
    "delay_ms",
)


def _default_endpoint_limits() -> dict[str, float]:
    # NewStore's API reference: "This endpoint is rate limited to 20 requests per second."
    return {"POST /v0/d/fulfill_order": 20.0}


@dataclass
class NewStoreConfig:
    tenant: str = "harness-retail"
    clients: dict[str, str] = field(default_factory=lambda: {"pos-harness-newstore": "newstore-secret"})
    token_ttl_seconds: int = 3600
    # webhook delivery
    delivery_workers: int = 4
    delivery_max_attempts: int = 8
    delivery_base_delay: float = 0.05
    delivery_max_delay: float = 2.0
    delivery_timeout: float = 15.0
    seed: int = 0
    duplicate_rate: float = 0.0
    reorder_window_ms: float = 0.0
    delay_ms: float | list[float] = 0.0
    # rate limits
    rate_limit_profile: str = "production"
    rate_limit_per_second: float | None = None
    rate_limit_burst: int | None = None
    rate_limit_endpoints: dict[str, float] = field(default_factory=_default_endpoint_limits)
    # fulfilment
    default_fulfillment_node_id: str = "DC01"

    def update(self, values: dict[str, Any]) -> None:
        apply_config(self, values, "NewStore", NewStoreConfig.validate)

    def validate(self) -> None:
        if not 0.0 <= float(self.duplicate_rate) <= 1.0:
            raise ValueError("duplicate_rate must be between 0 and 1")
        if float(self.reorder_window_ms) < 0:
            raise ValueError("reorder_window_ms must not be negative")
        low, high = self.delay_range_ms()
        if low < 0 or high < low:
            raise ValueError("delay_ms must be a number >= 0 or a [min, max] pair with 0 <= min <= max")
        if self.rate_limit_profile not in RATE_PROFILES:
            raise ValueError(f"rate_limit_profile must be one of {sorted(RATE_PROFILES)}")
        limits = [self.rate_limit_per_second, *self.rate_limit_endpoints.values()]
        if any(limit is not None and float(limit) <= 0 for limit in limits):
            raise ValueError("rate limits must be greater than 0")
        if self.rate_limit_burst is not None and int(self.rate_limit_burst) < 1:
            raise ValueError("rate_limit_burst must be at least 1")

    def delay_range_ms(self) -> tuple[float, float]:
        """``delay_ms`` as ``(min, max)``: a number is a fixed delay, a pair a uniform range."""
        value = self.delay_ms
        if isinstance(value, (int, float)):
            return float(value), float(value)
        if isinstance(value, (list, tuple)) and len(value) == 2:
            return float(value[0]), float(value[1])
        raise ValueError("delay_ms must be a number or a [min, max] pair")

    def tenant_rate(self) -> float | None:
        """Requests per second allowed to the tenant, or None when unlimited."""
        if self.rate_limit_per_second is not None:
            return float(self.rate_limit_per_second)
        return RATE_PROFILES[self.rate_limit_profile]
