"""Faulty variants: the reference integration with one realistic bug switched on.

Each variant is the reference's :class:`~.behaviour.Behaviour` with one switch changed
(two for ``double-post``: posting on both events only doubles records without an external
id), never a copy of the code. Each row also says which catalogue scenarios expose
the bug and which reconciliation check must then fail: ``pos-harness selftest`` runs
every row and the reference over all those scenarios (the detection matrix).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .behaviour import Behaviour

REFERENCE = Behaviour()


@dataclass(frozen=True)
class Variant:
    name: str
    description: str  # the bug, in one line
    behaviour: Behaviour
    exposed_by: tuple[str, ...] = field(default=())  # catalogue scenarios whose traffic triggers it
    caught_by: str = ""  # the check that must fail when it runs


def _variant(name: str, description: str, exposed_by: tuple[str, ...], caught_by: str, **switches: object) -> Variant:
    return Variant(name, description, replace(REFERENCE, **switches), exposed_by, caught_by)  # type: ignore[arg-type]


_ALL = [
    Variant("reference", "the correct integration", REFERENCE),
    _variant(
        "double-post",
        "treats order.created and order.completed as two sales and creates each with POST and no external id",
        ("smoke",),
        "exactly_once",
        sale_trigger="created_and_completed",
        idempotent_writes=False,
    ),
    _variant(
        "drop-unmapped",
        "silently drops records it cannot map instead of reporting them to the exception queue",
        ("unmapped-payment-method", "unmapped-currency", "unmapped-tax-code", "unmapped-store-location"),
        "conservation",
        report_unmapped=False,
    ),
    _variant(
        "no-dedupe",
        "handles every delivery of an event, so a duplicated delivery moves the web shop's stock twice",
        ("duplicate-webhooks",),
        "exactly_once",
        dedupe=False,
    ),
    _variant(
        "ignore-retry-after",
        "retries a throttled ERP request after a fixed 50 ms instead of waiting for Retry-After: hammers the ERP",
        ("erp-rate-limit-at-peak",),
        "rate_limits",
        honour_retry_after=False,
    ),
    _variant(
        "default-location",
        "posts sales of a store with no location mapping to the head office's location instead of reporting them",
        ("unmapped-store-location",),
        "conservation",
        report_unmapped_location=False,
    ),
    _variant(
        "suspense-account",
        "posts a Z-report tender with no account mapping to the suspense account 9999 instead of reporting it",
        ("unmapped-payment-method",),
        "daily_journal",
        report_unmapped_tender=False,
    ),
    _variant(
        "return-as-sale",
        "posts returns and refunds as credit memos with no createdFrom link to the original sale",
        ("return-in-another-store",),
        "returns",
        link_returns=False,
    ),
    _variant(
        "post-gift-returns",
        "posts gift returns (no original order) as unlinked credit memos instead of reporting them",
        ("gift-return-no-order",),
        "returns",
        report_gift_returns=False,
    ),
    _variant(
        "post-on-created",
        "creates the ERP order on order.created, before the payment is captured: failed and cancelled orders become ghost orders",
        ("ghost-order",),
        "ghost_orders",
        sale_trigger="created",
    ),
    _variant(
        "order-per-line-item",
        "creates an ERP sales order for every fulfillment_request.items_completed event instead of invoicing parcels",
        ("webhook-storm-at-peak", "split-fulfilment"),
        "fulfilment",
        fulfilment_records="order_per_line_item",
    ),
    _variant(
        "order-per-parcel",
        "creates a sales order per fulfilment request instead of an invoice transformed from the web order",
        ("split-fulfilment",),
        "fulfilment",
        fulfilment_records="order_per_parcel",
    ),
    _variant(
        "head-office-stock",
        "books every inventory adjustment at the head office's location instead of the store's",
        ("smoke",),
        "stock",
        stock_at_store=False,
    ),
    _variant(
        "ack-then-drop",
        "answers Sitoo 200 when its intake queue is full and drops the events instead of answering 503",
        ("sitoo-event-backlog",),  # Sitoo's reads stall at a lunch rush: its batches outrun the worker
        "conservation",
        push_back_when_full=False,
    ),
    _variant(
        "prices-back-to-erp",
        "syncs prices the wrong way: writes the tills' prices back over the ERP's items (403) and never updates the tills",
        ("price-update-race",),
        "master_direction",
        erp_is_price_master=False,
    ),
    _variant(
        "ignore-price-updates",
        "never pushes the ERP's price changes to the tills",
        ("price-update-race",),
        "master_direction",
        propagate_prices=False,
    ),
    _variant(
        "journal-first-tender",
        "debits the whole day's takings to the first tender's account instead of each tender's own",
        ("day-close-z-report",),
        "daily_journal",
        journal_debit_each_tender=False,
    ),
    _variant(
        "arrival-order",
        "handles events strictly in arrival order: a cancellation before its order is forgotten, "
        "a parcel completed before it was assigned is never invoiced",
        ("out-of-order-events",),
        "fulfilment",
        buffer_early_events=False,
    ),
    _variant(
        "no-concurrency-cap",
        "writes to the ERP from 32 workers regardless of its concurrency limit; after one failed retry it drops the write",
        ("erp-rate-limit-at-peak",),
        "rate_limits",
        respect_concurrency_limit=False,
    ),
    _variant(
        "slow-stock",
        "sends web shop stock updates in batches every 8 seconds, so the website sells stock the stores no longer have",
        ("last-unit-race", "smoke"),
        "stock_latency",
        shop_stock_delay_seconds=8.0,
    ),
    _variant(
        "stock-behind-erp",
        "updates web shop stock only after the ERP accepted the sale, so ERP throttling delays the website",
        ("slow-erp",),
        "stock_latency",
        shop_stock_independent_of_erp=False,
    ),
    _variant(
        "location-by-external-id",
        "finds a store's ERP location by the store id as externalId instead of through locations.csv (stale after a relocation)",
        ("relocated-store-location",),
        "mapping",
        locations_from_mapping=False,
    ),
    _variant(
        "gross-as-net",
        "posts NewStore's tax-included prices as net rates",
        ("smoke",),
        "amounts",
        strip_included_tax=False,
    ),
]

VARIANTS: dict[str, Variant] = {v.name: v for v in _ALL}
