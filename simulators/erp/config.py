"""The knobs a scenario can dial on the ERP (``POST /_sim/seed {"config": {...}}``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from simulators.common.config import apply_config


@dataclass
class ErpConfig:
    """Behaviour a scenario can dial. Defaults follow a NetSuite shared-tier account."""

    account_id: str = "TSTDRV0000001"
    clients: dict[str, str] = field(default_factory=lambda: {"pos-harness-erp": "erp-secret"})
    concurrency_limit: int = 5
    # 429 is what REST web services answer; some accounts show 400 or 401 under overload.
    concurrency_status: int = 429
    # NetSuite documents no Retry-After on concurrency errors; None omits the header.
    retry_after_seconds: int | None = 1
    latency_ms: float = 0.0
    token_ttl_seconds: int = 3600
    # Optional request-rate limit per OAuth client over a sliding window, Business Central
    # style (6000 requests / 300 s per user). None switches it off (NetSuite has none).
    rate_window_requests: int | None = None
    rate_window_seconds: float = 300.0

    def update(self, values: dict[str, Any]) -> None:
        apply_config(self, values, "ERP", ErpConfig.check)

    def check(self) -> None:
        if self.concurrency_limit < 1:
            raise ValueError("concurrency_limit must be at least 1")
        if self.rate_window_requests is not None and self.rate_window_requests < 1:
            raise ValueError("rate_window_requests must be at least 1 (or null to switch it off)")
        if self.rate_window_seconds <= 0:
            raise ValueError("rate_window_seconds must be positive")
