"""The switches a faulty variant flips: one field per place a realistic bug lives.

The reference integration runs with ``Behaviour()``, every field at its correct value.
Each field's comment says what the correct behaviour is; ``variants.py`` names the
bugs made by changing one of them. The code consults the field exactly where the bug
would be written, so reading ``grep behaviour.<field>`` shows the bug's blast radius.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

FulfilmentRecords = Literal["invoice_per_parcel", "order_per_parcel", "order_per_line_item"]
# completed: on order.completed showing a captured payment; created: on order.created, payment unchecked.
SaleTrigger = Literal["completed", "created", "created_and_completed"]


@dataclass(frozen=True)
class Behaviour:
    # -- receiving ----------------------------------------------------------------------
    # Drop a delivery already seen (NewStore: payload id + event name, plus the parcel for
    # fulfilment events; Sitoo: event_id). Shop stock is a delta: a second delivery moves it twice.
    dedupe: bool = True
    # Sitoo: when the intake queue is full, answer 503 so Sitoo retries (rather than 200 and drop).
    push_back_when_full: bool = True
    # Keep what arrives early (a cancellation before its order, a parcel's completion before
    # its assignment) until it fits, rather than processing strictly in arrival order.
    buffer_early_events: bool = True

    # -- NewStore sales -----------------------------------------------------------------
    # When a sale is posted: once order.completed shows the payment captured.
    sale_trigger: SaleTrigger = "completed"
    # PUT .../eid:<external id>?replace=item (idempotent) rather than POST without an external id.
    idempotent_writes: bool = True
    # How a web order's fulfilments reach the ERP: an invoice per fulfilment request.
    fulfilment_records: FulfilmentRecords = "invoice_per_parcel"
    # NewStore pricebook prices include tax (tax_included): divide it out for the net rate.
    strip_included_tax: bool = True

    # -- returns ------------------------------------------------------------------------
    # A credit memo is createdFrom the original sale (looked up by its external id).
    link_returns: bool = True
    # A gift return (no order) goes to the exception queue, field order_id.
    report_gift_returns: bool = True

    # -- mapping ------------------------------------------------------------------------
    # A store's ERP location comes from locations.csv (rather than the ERP location whose
    # externalId is the store id, which stays on the old record when the ERP relocates a store).
    locations_from_mapping: bool = True
    # Report records that cannot be mapped to the exception queue (rather than dropping them).
    report_unmapped: bool = True
    # A store with no location row is reported (rather than posted to the head office).
    report_unmapped_location: bool = True
    # A Z-report tender with no account is reported (rather than posted to suspense 9999).
    report_unmapped_tender: bool = True
    # The day's journal debits each tender's account with that tender's total.
    journal_debit_each_tender: bool = True

    # -- stock --------------------------------------------------------------------------
    # ERP stock moves at the store's location (rather than the head office's).
    stock_at_store: bool = True
    # Seconds the shop stock worker waits before sending what it has queued (0: at once).
    shop_stock_delay_seconds: float = 0.0
    # Shop stock moves as soon as the goods move, not after the ERP write lands.
    shop_stock_independent_of_erp: bool = True

    # -- ERP governance -----------------------------------------------------------------
    # Wait for Retry-After on 429 (rather than a fixed short backoff).
    honour_retry_after: bool = True
    # Govern ERP traffic as one account: at most accountConcurrencyLimit requests in flight,
    # paced to a request window once a 429 names one, every request paused while a
    # Retry-After runs, and a write retried until it lands (or is reported).
    respect_concurrency_limit: bool = True

    # -- master data --------------------------------------------------------------------
    # Push ERP item prices to the POS when they change.
    propagate_prices: bool = True
    # Prices flow ERP -> POS only (rather than writing POS prices back to ERP items).
    erp_is_price_master: bool = True

    def posts_sale(self, event_name: str, captured: bool) -> bool:
        """Whether this full-order event, with or without a captured payment, posts the sale."""
        if event_name == "order.completed":
            return self.sale_trigger != "created" and captured
        return event_name == "order.created" and self.sale_trigger != "completed"
