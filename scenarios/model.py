"""The scenario file format: YAML validated by these pydantic models.

A scenario says what retailer to build (``world``), what trading to simulate
(``traffic``), how each simulator behaves (``erp``, ``newstore``, ``shop``, ``faults``),
what a correct integration must achieve (``objectives``) and how long to wait for it to
settle (``settle``). Every field has a default, so a scenario file states only what it
changes, and unknown keys are refused so a typo cannot silently do nothing.

Times of day (``"13:30"``) are on the run's business clock, which the harness starts at
``traffic.business_day`` ``traffic.opening_hour`` and runs ``traffic.time_factor`` times
faster than the wall. Transport faults keep wall seconds (``duration_s``), as the
simulators do: an integration times out and backs off in real seconds.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from simulators.common.faults import FaultRule

from .countries import COUNTRIES
from .truth import Objectives

ClockTime = Annotated[str, Field(pattern=r"^([01]?\d|2[0-3]):[0-5]\d$")]  # "13:30"
Pos = Literal["newstore", "sitoo"]
POS: tuple[Pos, ...] = ("newstore", "sitoo")


def _default_tenders() -> dict[str, float | TenderSpec]:
    return {"card": 0.62, "wallet": 0.2, "cash": 0.12, "gift_card": 0.06}


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid")


class StoreCount(_Spec):
    """How many stores of a country run each POS."""

    newstore: int = Field(0, ge=0, le=500)
    sitoo: int = Field(0, ge=0, le=500)


class TenderSpec(_Spec):
    """A tender taken only on some tills (a number instead means: every POS takes it)."""

    weight: float = Field(ge=0)
    pos: list[Pos] = Field(default_factory=lambda: list(POS), min_length=1)


class UnmappedSpec(_Spec):
    """Cross-reference rows the scenario leaves out on purpose (each yields exception truth)."""

    stores: list[int] = Field(default_factory=list)  # store numbers (1-based) with no locations.csv row
    currencies: list[str] = Field(default_factory=list)  # ISO codes with no currencies.csv row
    payment_methods: list[str] = Field(default_factory=list)  # methods the tills take that the ERP does not know
    tax_codes: list[str] = Field(default_factory=list)  # tax names, e.g. "GB VAT 0%"
    items: int = Field(0, ge=0)  # the newest N products have no items.csv row


class WorldSpec(_Spec):
    # Stores per country and POS, in order: store numbers count up country by country,
    # NewStore stores first. The first country is the home market (ERP prices, web shop).
    stores: dict[str, StoreCount] = Field(default_factory=lambda: {"GB": StoreCount(newstore=4)})
    styles: int = Field(10, ge=1, le=5000)  # each style comes in 1-3 colours and 3-5 sizes
    customers: int = Field(200, ge=1, le=100_000)
    # Tenders the tills take, and how often each is the main one; web orders never pay cash.
    payment_methods: dict[str, float | TenderSpec] = Field(default_factory=_default_tenders)
    unmapped: UnmappedSpec = Field(default_factory=UnmappedSpec)
    # Stores the ERP moved to a new location record: locations.csv names the new one, while
    # the old record still carries the store id as its externalId.
    relocated_stores: list[int] = Field(default_factory=list)
    offline_stores: list[int] = Field(default_factory=list)  # stores that sell nothing online
    # Starting units per SKU and store [min, max]; None sizes stock to the day's expected demand.
    starting_stock: tuple[int, int] | None = None

    @field_validator("stores")
    @classmethod
    def _known_countries(cls, value: dict[str, StoreCount]) -> dict[str, StoreCount]:
        unknown = sorted(set(value) - set(COUNTRIES))
        if unknown:
            raise ValueError(f"unknown countries {unknown}; known: {sorted(COUNTRIES)}")
        if sum(c.newstore + c.sitoo for c in value.values()) < 1:
            raise ValueError("a world needs at least one store")
        if any(COUNTRIES[code].sales_tax and count.sitoo for code, count in value.items()):
            raise ValueError("Sitoo stores are VAT stores: none in the US")
        return value

    @model_validator(mode="after")
    def _references_exist(self) -> WorldSpec:
        total = self.store_count
        for name in ("relocated_stores", "offline_stores"):
            if any(not 1 <= n <= total for n in getattr(self, name)):
                raise ValueError(f"{name} names a store number outside 1..{total}")
        if any(not 1 <= n <= total for n in self.unmapped.stores):
            raise ValueError(f"unmapped.stores names a store number outside 1..{total}")
        missing = [m for m in self.unmapped.payment_methods if m not in self.payment_methods]
        if missing:
            raise ValueError(f"unmapped.payment_methods {missing} are not in payment_methods")
        currencies = {COUNTRIES[c].currency for c in self.stores}
        if any(c not in currencies for c in self.unmapped.currencies):
            raise ValueError(f"unmapped.currencies must be among the world's currencies {sorted(currencies)}")
        for pos in ("newstore", "sitoo"):
            if any(getattr(c, pos) for c in self.stores.values()) and not any(
                self.tender_weight(m, pos) > 0 for m in self.payment_methods
            ):
                raise ValueError(f"payment_methods gives {pos} tills no tender with a weight above 0")
        if self.starting_stock is not None and not 0 <= self.starting_stock[0] <= self.starting_stock[1]:
            raise ValueError("starting_stock is [min, max] with 0 <= min <= max")
        return self

    def tender_weight(self, method: str, pos: str) -> float:
        """How often ``method`` is the main tender on ``pos`` tills (0: not taken there)."""
        spec = self.payment_methods[method]
        if isinstance(spec, TenderSpec):
            return spec.weight if pos in spec.pos else 0.0
        return float(spec)

    @property
    def store_count(self) -> int:
        return sum(c.newstore + c.sitoo for c in self.stores.values())


class BasketSpec(_Spec):
    max_lines: int = Field(5, ge=1, le=50)
    max_units_per_line: int = Field(3, ge=1, le=20)
    discount_rate: float = Field(0.15, ge=0, le=1)  # baskets with a markdown or a basket discount
    split_tender_rate: float = Field(0.08, ge=0, le=1)  # baskets paid with two tenders


class ReturnSpec(_Spec):
    rate: float = Field(0.0, ge=0, le=1)  # returns per sale or web order
    elsewhere_rate: float = Field(0.1, ge=0, le=1)  # referenced returns taken back in another store
    gift_rate: float = Field(0.1, ge=0, le=1)  # NewStore returns with no order (gift receipts)
    exchange_rate: float = Field(0.15, ge=0, le=1)  # referenced returns swapped for another size


class WebSpec(_Spec):
    failed_payment_rate: float = Field(0.03, ge=0, le=1)  # created, then cancelled: ghost orders
    cancel_before_create_rate: float = Field(0.0, ge=0, le=1)  # of those, order.cancelled published first
    split_rate: float = Field(0.15, ge=0, le=1)  # orders fulfilled in several parcels
    max_parcels: int = Field(3, ge=1, le=10)
    other_store_rate: float = Field(0.3, ge=0, le=1)  # extra parcels picked in another store


class BurstSpec(_Spec):
    """A stretch of the day trading at ``multiplier`` times the curve (Black Friday doors)."""

    at: ClockTime
    minutes: float = Field(gt=0, le=24 * 60)
    multiplier: float = Field(ge=1, le=1000)
    day: int | None = Field(None, ge=1)  # None: every day


class PriceChangeSpec(_Spec):
    """The ERP (price master) reprices products while the tills still charge the old price."""

    at: ClockTime
    day: int = Field(1, ge=1)
    products: int = Field(3, ge=1)
    percent: float = Field(-20.0, gt=-100, le=500)
    racing_sales: int = Field(2, ge=0)  # sales of each repriced product right after the change
    pos_lag_minutes: float = Field(20.0, gt=0)  # business minutes until the tills charge the new price


class FaultSpec(_Spec):
    """A fault a simulator starts injecting at a time of day (``/_sim/faults``)."""

    system: Literal["erp", "newstore", "sitoo", "shop"] = "erp"
    at: ClockTime
    day: int = Field(1, ge=1)
    rule: dict[str, Any]  # a simulators.common.faults.FaultRule (wall-time duration_s)

    @field_validator("rule")
    @classmethod
    def _valid_rule(cls, value: dict[str, Any]) -> dict[str, Any]:
        if "id" in value:
            raise ValueError("a fault rule's id is assigned by the simulator")
        FaultRule.model_validate(value)
        return value


class TrafficSpec(_Spec):
    business_day: str = Field("2026-11-27", pattern=r"^\d{4}-\d{2}-\d{2}$")
    days: int = Field(1, ge=1, le=14)
    opening_hour: int = Field(9, ge=0, le=23)
    trading_hours: float = Field(10.0, gt=0, le=24)
    # Business seconds per wall second: 10h of trading at 20,000x plays in 1.8 s.
    time_factor: float = Field(20_000.0, gt=0)
    sales: int = Field(300, ge=0)  # in-store baskets per day, across every store and POS
    web_orders: int = Field(0, ge=0)  # click-and-collect web orders per day
    basket: BasketSpec = Field(default_factory=BasketSpec)
    returns: ReturnSpec = Field(default_factory=ReturnSpec)
    web: WebSpec = Field(default_factory=WebSpec)
    bursts: list[BurstSpec] = Field(default_factory=list)
    price_changes: list[PriceChangeSpec] = Field(default_factory=list)
    # Store sales of a last unit, each followed by a web-shop checkout of the same unit
    # race_gap_seconds (wall) later, which a fresh shop stock level must refuse.
    last_unit_races: int = Field(0, ge=0, le=1000)
    race_gap_seconds: float | None = Field(None, gt=0)  # None: objectives.stock_latency_max_seconds
    day_close: bool = True  # Sitoo stores close their day (Z-reports) after closing time

    @model_validator(mode="after")
    def _day_fits(self) -> TrafficSpec:
        if self.opening_hour + self.trading_hours > 23:
            raise ValueError("opening_hour + trading_hours must end by 23:00 (day closes follow)")
        return self


class ErpSpec(_Spec):
    concurrency_limit: int = Field(5, ge=1)
    concurrency_status: int = Field(429)
    retry_after_seconds: int | None = 1
    latency_ms: float = Field(2.0, ge=0)
    # Business Central style requests-per-window limit; None leaves it off (NetSuite has none).
    rate_window_requests: int | None = Field(None, ge=1)
    rate_window_seconds: float = Field(300.0, gt=0)


class NewStoreSpec(_Spec):
    """How NewStore's event stream delivers webhooks (see simulators/newstore/config.py)."""

    duplicate_rate: float = Field(0.0, ge=0, le=1)
    reorder_window_ms: float = Field(0.0, ge=0)
    delay_ms: float | tuple[float, float] = 0.0
    # Deliveries in flight at once. NewStore documents none; with 4 a peak burst queues up in
    # the simulator and its own delay would be charged to the integration's stock latency.
    delivery_workers: int = Field(16, ge=1, le=256)


class ShopSpec(_Spec):
    """The web shop's leaky bucket. The default keeps up with a day compressed 20,000 times;
    Shopify's own (40 requests, 2/s) cannot, and is for scenarios about stale stock."""

    bucket_size: int = Field(1000, ge=1)
    leak_per_second: float = Field(500.0, gt=0)
    retry_after_seconds: float | None = 2.0


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
    newstore: NewStoreSpec = Field(default_factory=NewStoreSpec)
    shop: ShopSpec = Field(default_factory=ShopSpec)
    faults: list[FaultSpec] = Field(default_factory=list)
    objectives: Objectives = Field(default_factory=Objectives)
    settle: SettleSpec = Field(default_factory=SettleSpec)

    @model_validator(mode="after")
    def _days_exist(self) -> Scenario:
        days = self.traffic.days
        dated = [change.day for change in self.traffic.price_changes] + [fault.day for fault in self.faults]
        if any(day > days for day in dated) or any(b.day is not None and b.day > days for b in self.traffic.bursts):
            raise ValueError(f"a burst, price change or fault names a day after the last ({days})")
        return self
