"""Turn a scenario and a seed into traffic (events to publish) and ground truth.

One ``random.Random(seed)`` drives everything, in a fixed order, so the same scenario
and seed give byte-identical traffic and truth in any process. Money is computed in
``Decimal`` and written with two decimals.
"""

from __future__ import annotations

import json
import random
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from simulators.newstore.models import ExternalIdentifiers, OrderItem, OrderPayload, Payment, TaxProviderDetail

from .model import Scenario, TrafficSpec
from .truth import ExpectedErpRecord, ExpectedException, ExpectedLine, GroundTruth, TruthEntry
from .world import Product, Store, World, build_world

CENT = Decimal("0.01")
PROCESSORS = {"card": "adyen", "cash": "cash", "gift_card": "givex"}


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class TrafficEvent:
    """One event a simulator publishes at ``at`` wall seconds after the run starts."""

    seq: int
    at: float
    system: str
    name: str
    published_at: str
    payload: dict[str, Any]

    def to_publish(self) -> dict[str, Any]:
        return {"name": self.name, "published_at": self.published_at, "payload": self.payload}

    def to_json(self) -> str:
        return json.dumps({"seq": self.seq, "at": self.at, "system": self.system, **self.to_publish()}, separators=(",", ":"))


@dataclass(frozen=True)
class GeneratedRun:
    scenario: Scenario
    seed: int
    world: World
    traffic: list[TrafficEvent]
    truth: GroundTruth

    def traffic_jsonl(self) -> str:
        return "".join(event.to_json() + "\n" for event in self.traffic)


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


class _SaleBuilder:
    """Builds one in-store sale: the NewStore order payload and its truth entry."""

    def __init__(self, scenario: Scenario, world: World, rng: random.Random) -> None:
        self.scenario = scenario
        self.world = world
        self.rng = rng
        self.receipt_numbers: dict[str, int] = {}
        mapped = [m for m in world.payment_methods if m.erp_id is not None]
        self.mapped_methods = [m.code for m in mapped]
        self.method_weights = [scenario.world.payment_methods[m] for m in self.mapped_methods]
        self.unmapped_methods = [m.code for m in world.payment_methods if m.erp_id is None]

    def build(self, placed: datetime) -> tuple[OrderPayload, TruthEntry]:
        rng, traffic = self.rng, self.scenario.traffic
        store: Store = rng.choice(self.world.stores)
        till = rng.choice(store.tills)
        receipt_key = f"{store.code}-{till}"
        self.receipt_numbers[receipt_key] = self.receipt_numbers.get(receipt_key, 0) + 1
        external_id = f"{receipt_key}-{self.receipt_numbers[receipt_key]:06d}"
        order_id = _uuid(rng)
        basket: list[tuple[Product, int]] = [
            (product, rng.randint(1, traffic.max_units_per_line))
            for product in rng.sample(
                self.world.products, k=min(len(self.world.products), rng.randint(1, traffic.max_basket_lines))
            )
        ]
        items, lines, tax_total, gross = [], [], Decimal(0), Decimal(0)
        for product, quantity in basket:
            tax = self.world.tax(product.tax_code)
            price, rate = Decimal(product.price), Decimal(tax.rate)
            unit_tax = money(price - price / (1 + rate))
            for _ in range(quantity):
                items.append(
                    OrderItem(
                        id=_uuid(rng),
                        product_id=product.product_id,
                        pricebook_price=float(price),
                        list_price=float(price),
                        tax=float(unit_tax),
                        tax_provider_details=[TaxProviderDetail(name=tax.name, amount=float(unit_tax), rate=float(rate))],
                        status="completed",
                        external_identifiers=ExternalIdentifiers(sku=product.sku, ean13=product.ean13),
                    )
                )
            tax_total += unit_tax * quantity
            gross += price * quantity
            lines.append(
                ExpectedLine(
                    item=product.erp_item_id, quantity=quantity, rate=str(money(price / (1 + rate))), tax_code=tax.erp_id
                )
            )
        unmapped = bool(self.unmapped_methods) and rng.random() < traffic.unmapped_payment_rate
        method = rng.choice(self.unmapped_methods) if unmapped else rng.choices(self.mapped_methods, self.method_weights)[0]
        placed_at = _iso(placed)
        order = OrderPayload(
            id=order_id,
            external_id=external_id,
            created_at=placed_at,
            placed_at=placed_at,
            associate_id=f"assoc-{store.code.lower()}-{rng.randint(1, 9)}",
            channel_type="store",
            channel=store.store_id,
            price_method="tax_included",
            subtotal=float(money(gross)),
            discount_total=0.0,
            shipping_total=0.0,
            shipping_tax=0.0,
            tax_total=float(money(tax_total)),
            grand_total=float(money(gross)),
            currency=self.world.currency,
            items=items,
            status="completed",
            payments=[
                Payment(
                    processor=PROCESSORS.get(method, method),
                    correlation_ref=_uuid(rng),
                    type="captured",
                    amount=float(money(gross)),
                    method=method,
                    processed_at=placed_at,
                )
            ],
        )
        truth = self._truth(order, store, method, lines, gross)
        return order, truth

    def _truth(self, order: OrderPayload, store: Store, method: str, lines: list[ExpectedLine], gross: Decimal) -> TruthEntry:
        method_id = next(m.erp_id for m in self.world.payment_methods if m.code == method)
        if method_id is None:
            return TruthEntry(
                source_id=order.external_id,
                order_id=order.id,
                store_id=store.store_id,
                outcome="exception",
                exception=ExpectedException(field="payment_method", value=method),
            )
        record = ExpectedErpRecord(
            external_id=order.external_id,
            entity=self.world.walk_in_customer_erp_id,
            subsidiary=self.world.subsidiary_erp_id,
            location=store.erp_location_id,
            currency=self.world.currency_erp_id,
            payment_method=method_id,
            tran_date=order.placed_at[:10],
            lines=lines,
            gross_total=str(money(gross)),
        )
        return TruthEntry(source_id=order.external_id, order_id=order.id, store_id=store.store_id, outcome="erp", erp=record)


def opening_time(traffic: TrafficSpec) -> datetime:
    """When the scenario's trading day opens: the business clock's epoch for a run."""
    return datetime.fromisoformat(traffic.business_day).replace(hour=traffic.opening_hour, tzinfo=UTC)


def generate(scenario: Scenario, seed: int | None = None) -> GeneratedRun:
    seed = scenario.seed if seed is None else seed
    rng = random.Random(seed)
    world = build_world(scenario.world, rng)
    traffic_spec = scenario.traffic
    opening = opening_time(traffic_spec)
    trading_seconds = traffic_spec.trading_hours * 3600
    offsets = sorted(rng.uniform(0, trading_seconds) for _ in range(traffic_spec.sales))
    builder = _SaleBuilder(scenario, world, rng)
    events: list[tuple[float, str, str, dict[str, Any]]] = []
    entries: list[TruthEntry] = []
    for offset in offsets:
        placed = opening + timedelta(seconds=offset)
        order, truth = builder.build(placed)
        entries.append(truth)
        payload = order.model_dump(mode="json")
        completed_offset = offset + rng.uniform(1, 30)
        events.append((offset, "order.created", _iso(placed), {**payload, "status": "created"}))
        events.append((completed_offset, "order.completed", _iso(opening + timedelta(seconds=completed_offset)), payload))
    events.sort(key=lambda e: e[0])
    traffic = [
        TrafficEvent(
            seq=n,
            at=round(offset / traffic_spec.time_factor, 6),
            system="newstore",
            name=name,
            published_at=published_at,
            payload=payload,
        )
        for n, (offset, name, published_at, payload) in enumerate(events, start=1)
    ]
    return GeneratedRun(scenario, seed, world, traffic, GroundTruth(scenario=scenario.name, seed=seed, entries=entries))
