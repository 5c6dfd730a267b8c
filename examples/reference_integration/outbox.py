"""Where a flow's decisions go: ERP writes, exception reports and shop stock moves.

Both flows (NewStore, Sitoo) end every record the same way, so that way lives here once:

* :meth:`Outbox.post` queues the record and its stock adjustment (``STOCK-<eid>``, written
  only once the record itself landed) on the ERP writer, and reports the record if the ERP
  refuses it;
* :meth:`Outbox.unmappable` reports a record that cannot be mapped, once, and tells the
  writer it will never exist (so a return waiting for it is reported too);
* shop stock moves at once, whatever happens to the ERP record.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .behaviour import Behaviour
from .clients import ExceptionQueue
from .erp_writer import ErpWrite, ErpWriter, Failure, Link
from .mappings import Unmappable
from .records import Posting
from .stock import ShopStock

Moved = tuple[str, dict[str, int]]  # (store id, SKU -> signed quantity)


@dataclass(frozen=True)
class Source:
    """The source record behind a posting, as the exception queue names it."""

    system: str  # newstore | sitoo
    record_type: str  # sale, web_order, return, refund, journal
    payload: dict[str, Any] | None = None


class Outbox:
    def __init__(self, behaviour: Behaviour, writer: ErpWriter, exceptions: ExceptionQueue, shop: ShopStock) -> None:
        self.behaviour = behaviour
        self.writer = writer
        self.exceptions = exceptions
        self.shop = shop

    def post(
        self,
        posting: Posting,
        source: Source,
        link: Link | None = None,
        transform: bool = False,
        moved: Moved | None = None,
        on_link_missing: Callable[[], None] | None = None,
        replace: str = "item",
    ) -> None:
        """Queue ``posting`` (and its stock adjustment) for the ERP; move the shop's stock now."""

        def failed(failure: Failure) -> None:
            if not failure.dependency:
                self.report(source, posting.external_id, f"not posted: {failure.reason}")
            elif on_link_missing is not None:
                on_link_missing()

        landed = None
        if moved is not None:
            if self.behaviour.shop_stock_independent_of_erp:
                self.move(*moved)
            else:  # the faulty stock-behind-erp variant: the website waits for the ERP
                store, quantities = moved
                landed = lambda: self.move(store, quantities)  # noqa: E731
        idempotent = self.behaviour.idempotent_writes
        self.writer.submit(
            ErpWrite(posting.record_type, posting.external_id, posting.body, replace, link, transform, idempotent, failed, landed)
        )
        if posting.adjustment is not None:
            after = Link(posting.record_type, posting.external_id, created_from=False)
            self.writer.submit(
                ErpWrite("inventoryAdjustment", posting.adjustment_id, posting.adjustment, "inventory", after, False, idempotent)
            )

    def unmappable(self, source: Source, external_id: str, problem: Unmappable, moved: Moved | None = None) -> None:
        """A record with an unmapped reference: reported, never posted; its goods still moved."""
        if moved is not None:
            self.move(*moved)
        self.writer.never_written(external_id)
        if self.behaviour.report_unmapped:
            self.report(source, external_id, problem.reason, problem.field, problem.value)

    def report(self, source: Source, source_id: str, reason: str, field: str | None = None, value: str | None = None) -> None:
        self.exceptions.report(source.system, source.record_type, source_id, reason, field, value, source.payload)

    def move(self, store_id: str, quantities: dict[str, int]) -> None:
        self.shop.move(store_id, quantities)
