"""Master data flows one way: ERP item price changes -> Sitoo products' ``moneyprice``.

The ERP is the master of items and prices; the integration only reads them (a write is a
403). An ERP item names its SKU in ``itemId``. There is no change feed, so prices are
polled, cheaply: a ``q`` query per chunk of SKUs asks the ERP only for items whose
``basePrice`` is not the one last seen (``itemId IS "TEE-1" AND basePrice LESS 9.99 OR
itemId IS "TEE-1" AND basePrice GREATER 9.99 ...``); only those are read, and their new
price is written to every Sitoo site selling the SKU, in one batch PUT per site.

The first round learns the ERP's prices: it assumes they are the first site's till
prices and reads only the items where that is not so. Only later changes are pushed, so
a site that sells in another currency keeps its own prices until the ERP changes one.

Polling is often (``busy_seconds``) while the shops trade, so a price change reaches the
tills within a fraction of a second, and rare (``quiet_seconds``) once events stop.
"""

from __future__ import annotations

import logging
import threading
import time
from decimal import Decimal
from urllib.parse import quote

from .clients import SitooClient
from .erp_client import ErpClient
from .records import dec, money

log = logging.getLogger("reference_integration.prices")
CHUNK = 40  # items per query: keeps the URL short
BUSY_FOR = 2.0  # seconds after the last POS event during which the shops count as trading


class PriceSync:
    def __init__(
        self,
        erp: ErpClient,
        sitoo: SitooClient,
        busy_seconds: float = 0.3,
        quiet_seconds: float = 2.0,
        erp_is_master: bool = True,
    ) -> None:
        self.erp = erp
        self.sitoo = sitoo
        self.busy_seconds = busy_seconds
        self.quiet_seconds = quiet_seconds
        self.erp_is_master = erp_is_master  # False only in the faulty prices-back-to-erp variant
        self.erp_prices: dict[str, Decimal] = {}  # SKU -> the ERP's basePrice last seen
        self.tills: dict[str, list[tuple[int, int, Decimal]]] = {}  # SKU -> (siteid, productid, moneyprice)
        self._last_event = 0.0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def trading(self) -> None:
        """A POS event arrived: poll often for a while."""
        self._last_event = time.monotonic()

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="price-sync", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                if not self.erp_prices:
                    self.learn()
                else:
                    self.sync()
            except Exception:  # an unreachable system must not end price sync
                log.exception("price sync failed; trying again")
            busy = time.monotonic() - self._last_event < BUSY_FOR
            self._stop.wait(self.busy_seconds if busy else self.quiet_seconds)

    def learn(self) -> None:
        """Read the tills' catalogues and the ERP's current prices (the baseline changes are measured from)."""
        self.tills.clear()
        for siteid in self.sitoo.sites():
            for product in self.sitoo.products(siteid):
                self.tills.setdefault(str(product["sku"]), []).append(
                    (siteid, int(product["productid"]), dec(product["moneyprice"]))
                )
        guess = {sku: tills[0][2] for sku, tills in self.tills.items()}
        for sku, (_, price) in self._changed(guess).items():
            guess[sku] = price
        self.erp_prices = guess

    def sync(self) -> int:
        """One round: push every ERP price that changed since the last round; returns how many."""
        changed = self._changed(self.erp_prices)
        if not changed:
            return 0
        if not self.erp_is_master:
            self._write_back(changed)
        else:
            self._push({sku: price for sku, (_, price) in changed.items()})
        self.erp_prices.update({sku: price for sku, (_, price) in changed.items()})
        return len(changed)

    def _changed(self, known: dict[str, Decimal]) -> dict[str, tuple[str, Decimal]]:
        """SKU -> (ERP item id, basePrice), for the items whose basePrice is not ``known``'s."""
        skus = sorted(known)
        changed: dict[str, tuple[str, Decimal]] = {}
        for start in range(0, len(skus), CHUNK):
            conditions = []
            for sku in skus[start : start + CHUNK]:
                item, price = f'itemId IS "{sku}"', known[sku]
                conditions += [f"{item} AND basePrice LESS {price}", f"{item} AND basePrice GREATER {price}"]
            found = self.erp.get(f"/record/v1/inventoryItem?q={quote(' OR '.join(conditions))}")
            for row in found.body.get("items", []) if found.ok and isinstance(found.body, dict) else []:
                record = self.erp.get(f"/record/v1/inventoryItem/{row['id']}")
                body = record.body if record.ok and isinstance(record.body, dict) else {}
                if body.get("basePrice") is not None and str(body.get("itemId")) in known:
                    changed[str(body["itemId"])] = (str(body["id"]), money(dec(body["basePrice"])))
        return changed

    def _push(self, prices: dict[str, Decimal]) -> None:
        """New prices to every site that sells each SKU, one batch per site."""
        by_site: dict[int, list[dict[str, object]]] = {}
        for sku, price in prices.items():
            for n, (siteid, productid, current) in enumerate(self.tills.get(sku, [])):
                if current != price:
                    by_site.setdefault(siteid, []).append({"productid": productid, "moneyprice": str(price)})
                    self.tills[sku][n] = (siteid, productid, price)
        for siteid, rows in by_site.items():
            self.sitoo.update_products(siteid, rows)
            log.info("pushed %d price change(s) to the tills of site %d", len(rows), siteid)

    def _write_back(self, changed: dict[str, tuple[str, Decimal]]) -> None:
        """The faulty prices-back-to-erp variant: the tills' prices are written over the ERP's items."""
        for sku, (item, _) in changed.items():
            body = {"basePrice": float(self.tills[sku][0][2])}
            result = self.erp.send("PATCH", f"/record/v1/inventoryItem/{item}", body)
            log.warning("wrote the POS price of %s back to the ERP: %s", sku, result.status)
