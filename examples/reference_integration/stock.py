"""Shop stock: every physical movement reaches the web shop fast, on its own worker.

Stock on the website is what stops the last unit being sold twice, so its latency matters
more than anything the ERP does. The flows call :meth:`ShopStock.move` the moment goods
leave or come back to a store, including sales that went to the exception queue (the goods
left all the same), and go on. One worker sends the moves to the shop's
``inventory_levels/adjust.json``, independent of the ERP queue and its throttling.

The worker takes everything queued at once and sends it over a few connections in
parallel. When moves pile up (a burst, or the shop throttling with 429 and ``Retry-After``)
it sends each (location, item) once with the summed quantity: the shop's rate limit costs
a request per item and store, not per sale. Opposite movements are not netted, so each
sale and return still shows up as its own change.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor

from .clients import ShopClient
from .mappings import Lookups

log = logging.getLogger("reference_integration.stock")
CONNECTIONS = 4  # adjust calls in flight at once


class ShopStock:
    def __init__(self, client: ShopClient, lookups: Lookups, delay_seconds: float = 0.0) -> None:
        self.client = client
        self.lookups = lookups
        self.delay_seconds = delay_seconds  # > 0 only in the faulty slow-stock variant
        self._cond = threading.Condition()
        self._moves: deque[tuple[int, int, int]] = deque()  # (location id, inventory item id, quantity)
        self._sending = 0
        self._stopping = False
        self._thread: threading.Thread | None = None
        self._pool = ThreadPoolExecutor(CONNECTIONS, thread_name_prefix="shop-stock")

    def move(self, store_id: str, quantities: dict[str, int]) -> None:
        """Goods moved at ``store_id``: SKU -> signed quantity (negative when they left)."""
        location = self.lookups.shop_location(store_id)
        if location is None:
            return  # the store sells nothing online
        moves = []
        for sku, quantity in quantities.items():
            item = self.lookups.shop_item(sku)
            if item is None:
                log.warning("no shop inventory item for SKU %s: its stock is not on the website", sku)
            elif quantity:
                moves.append((location, item, quantity))
        with self._cond:
            self._moves.extend(moves)
            self._cond.notify_all()

    def pending(self) -> int:
        with self._cond:
            return len(self._moves) + self._sending

    def start(self) -> None:
        self._thread = threading.Thread(target=self._work, name="shop-stock", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _work(self) -> None:
        while True:
            with self._cond:
                while not self._moves and not self._stopping:
                    self._cond.wait()
                if self._stopping:
                    return
            if self.delay_seconds:
                time.sleep(self.delay_seconds)
            with self._cond:
                batch = coalesce(list(self._moves))
                self._moves.clear()
                self._sending = len(batch)
            list(self._pool.map(self._send, batch))

    def _send(self, move: tuple[int, int, int]) -> None:
        location, item, quantity = move
        try:
            self.client.adjust(location, item, quantity)
        except Exception:  # the worker must outlive a shop that is down
            log.exception("could not move shop stock of item %s at %s", item, location)
        finally:
            with self._cond:
                self._sending -= 1


def coalesce(moves: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """One move per (location, item, direction), quantities summed, in order of first appearance."""
    summed: dict[tuple[int, int, bool], int] = {}
    for location, item, quantity in moves:
        key = (location, item, quantity > 0)
        summed[key] = summed.get(key, 0) + quantity
    return [(location, item, quantity) for (location, item, _), quantity in summed.items()]
