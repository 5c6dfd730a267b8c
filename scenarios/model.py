"""The scenario file format: YAML validated by these pydantic models.

A scenario says what retailer to build (``world``), what traffic to drive (``traffic``),
how the ERP behaves (``erp``) and how long to wait for the integration to settle
(``settle``). Every field has a default, so a scenario file states only what it changes.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid")


class WorldSpec(_Spec):
    stores: int = Field(4, ge=1, le=500)
    products: int = Field(30, ge=1, le=100_000)
    currency: str = Field("GBP", pattern=r"^[A-Z]{3}$")
    country: str = Field("GB", pattern=r"^[A-Z]{2}$")
    locale: str = "en_GB"
    # POS payment methods and how often each is used; all are known to the ERP.
    payment_methods: dict[str, float] = Field(default_factory=lambda: {"card": 0.7, "cash": 0.2, "gift_card": 0.1})
    # Methods the tills take but the ERP has never heard of (no ERP record, no mapping row).
    unmapped_payment_methods: list[str] = Field(default_factory=list)


class TrafficSpec(_Spec):
    sales: int = Field(300, ge=0)
    # Share of sales paid with one of world.unmapped_payment_methods.
    unmapped_payment_rate: float = Field(0.0, ge=0.0, le=1.0)
    max_basket_lines: int = Field(4, ge=1, le=50)
    max_units_per_line: int = Field(2, ge=1, le=20)
    business_day: str = Field("2026-11-27", pattern=r"^\d{4}-\d{2}-\d{2}$")
    opening_hour: int = Field(9, ge=0, le=23)
    trading_hours: float = Field(10.0, gt=0, le=24)
    # Business seconds per wall second: 10h of trading at 20,000x plays in 1.8 s.
    time_factor: float = Field(20_000.0, gt=0)

    @model_validator(mode="after")
    def _day_fits(self) -> TrafficSpec:
        if self.opening_hour + self.trading_hours > 24:
            raise ValueError("opening_hour + trading_hours must end within the day")
        return self


class ErpSpec(_Spec):
    concurrency_limit: int = Field(5, ge=1)
    concurrency_status: int = Field(429)
    retry_after_seconds: int | None = 1
    latency_ms: float = Field(2.0, ge=0)
    # Business Central style requests-per-window limit; None leaves it off (NetSuite has none).
    rate_window_requests: int | None = Field(None, ge=1)
    rate_window_seconds: float = Field(300.0, gt=0)


class SettleSpec(_Spec):
    quiet_seconds: float = Field(0.5, gt=0)
    deadline_seconds: float = Field(120.0, gt=0)
    registration_timeout_seconds: float = Field(20.0, gt=0)


class Scenario(_Spec):
    name: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    description: str
    # In plain words: what a correct integration must do with this traffic.
    expectations: str = ""
    seed: int = 1
    world: WorldSpec = Field(default_factory=WorldSpec)
    traffic: TrafficSpec = Field(default_factory=TrafficSpec)
    erp: ErpSpec = Field(default_factory=ErpSpec)
    settle: SettleSpec = Field(default_factory=SettleSpec)

    @model_validator(mode="after")
    def _unmapped_methods_exist(self) -> Scenario:
        if self.traffic.unmapped_payment_rate > 0 and not self.world.unmapped_payment_methods:
            raise ValueError("traffic.unmapped_payment_rate > 0 needs world.unmapped_payment_methods")
        return self
