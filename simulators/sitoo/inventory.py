"""Sitoo's catalogue and stock: products, stores, warehouses, warehouse items, transactions.

Owned by :class:`~simulators.sitoo.state.SitooState` (one per simulator, rebuilt on
reset). Stock is kept as :class:`~decimal.Decimal` and served as Sitoo's 3-decimal
strings; ``decimalavailable`` is always ``decimaltotal - decimalreserved``. A posted
warehouse transaction moves stock by each item's ``decimalquantity`` and records the
resulting ``decimaltotal`` on the item, as Sitoo's transaction list shows it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from . import errors
from .models import (
    MAX_AMOUNT,
    VIRTUAL_WAREHOUSE,
    Product,
    ProductUpdate,
    Store,
    Warehouse,
    WarehouseItemWrite,
    WarehouseTransaction,
    decimal3,
    parse,
)


class Inventory:
    def __init__(self, now: Callable[[], int]) -> None:
        self._now = now
        self._lock = threading.RLock()
        self.products: dict[int, dict[str, Any]] = {}
        # (siteid, sku) -> productid, so a write checks uniqueness without scanning the catalogue.
        self._by_sku: dict[tuple[int, str], int] = {}
        self._last_productid = 0
        self.stores: dict[int, dict[str, Any]] = {}
        self.warehouses: dict[int, dict[str, Any]] = {}
        self.stock: dict[tuple[int, str], dict[str, Any]] = {}
        self.transactions: list[dict[str, Any]] = []

    def rows(self, table: str) -> list[dict[str, Any]]:
        """A consistent copy of ``stores``, ``warehouses``, ``products`` or ``transactions``."""
        with self._lock:
            found = getattr(self, table)
            return [dict(row) for row in (found.values() if isinstance(found, dict) else found)]

    # -- products ---------------------------------------------------------------------
    def add_product(self, siteid: int, body: Any) -> int:
        product = parse(Product, body).model_dump()
        with self._lock:
            if (siteid, product["sku"]) in self._by_sku:
                raise errors.bad_request(f"A product with sku {product['sku']} already exists")
            productid = product["productid"] or self._last_productid + 1
            if productid in self.products:
                raise errors.bad_request(f"productid {productid} already exists")
            self.products[productid] = {**product, "productid": productid, "siteid": siteid}
            self._by_sku[(siteid, product["sku"])] = productid
            self._last_productid = max(self._last_productid, productid)
            return productid

    def update_product(self, siteid: int, body: Any) -> int:
        productid = parse(ProductUpdate, body).productid
        with self._lock:
            current = self.products.get(productid)
            if current is None or current["siteid"] != siteid:
                raise errors.not_found(f"Product {productid}")
            merged = parse(Product, {**current, **body}).model_dump()
            if self._by_sku.get((siteid, merged["sku"]), current["productid"]) != current["productid"]:
                raise errors.bad_request(f"A product with sku {merged['sku']} already exists")
            del self._by_sku[(siteid, current["sku"])]
            self._by_sku[(siteid, merged["sku"])] = current["productid"]
            self.products[current["productid"]] = {**merged, "siteid": siteid}
            return int(current["productid"])

    def site_products(self, siteid: int) -> list[dict[str, Any]]:
        with self._lock:
            return [{k: v for k, v in p.items() if k != "siteid"} for p in self.products.values() if p["siteid"] == siteid]

    # -- stores and warehouses -----------------------------------------------------------
    def add_store(self, body: Any) -> int:
        store = parse(Store, body).model_dump()
        with self._lock:
            self.stores[store["storeid"]] = store
            return int(store["storeid"])

    def add_warehouse(self, body: Any) -> int:
        warehouse = parse(Warehouse, body).model_dump()
        with self._lock:
            warehouseid = warehouse["warehouseid"] or max(self.warehouses, default=0) + 1
            if warehouseid in self.warehouses:
                raise errors.bad_request(f"warehouseid {warehouseid} already exists")
            self.warehouses[warehouseid] = {**warehouse, "warehouseid": warehouseid}
            return warehouseid

    def warehouse(self, warehouseid: int) -> dict[str, Any]:
        with self._lock:
            if warehouseid not in self.warehouses:
                raise errors.not_found(f"Warehouse {warehouseid}")
            return dict(self.warehouses[warehouseid])

    # -- stock ----------------------------------------------------------------------------
    def _item(self, warehouseid: int, sku: str) -> dict[str, Any]:
        key = (warehouseid, sku)
        if key not in self.stock:
            self.stock[key] = {
                "warehouseitemid": len(self.stock) + 1,
                "sku": sku,
                "total": Decimal(0),
                "reserved": Decimal(0),
                "datelastmodified": self._now(),
            }
        return self.stock[key]

    def set_item(self, warehouseid: int, body: Any) -> int:
        self.warehouse(warehouseid)
        values = parse(WarehouseItemWrite, body)
        with self._lock:
            item = self._item(warehouseid, values.sku)
            if values.decimaltotal is not None:
                item["total"] = Decimal(values.decimaltotal)
            if values.decimalreserved is not None:
                item["reserved"] = Decimal(values.decimalreserved)
            item["datelastmodified"] = self._now()
            return int(item["warehouseitemid"])

    def move(self, warehouseid: int, sku: str, quantity: Decimal) -> Decimal:
        with self._lock:
            item = self._item(warehouseid, sku)
            item["total"] += quantity
            item["datelastmodified"] = self._now()
            return Decimal(item["total"])

    def items(self, warehouseid: int) -> list[dict[str, Any]]:
        self.warehouse(warehouseid)
        with self._lock:
            return [
                {
                    "warehouseitemid": i["warehouseitemid"],
                    "sku": i["sku"],
                    "decimaltotal": decimal3(i["total"]),
                    "decimalreserved": decimal3(i["reserved"]),
                    "decimalavailable": decimal3(i["total"] - i["reserved"]),
                    "datelastmodified": i["datelastmodified"],
                }
                for (w, _), i in self.stock.items()
                if w == warehouseid
            ]

    # -- warehouse transactions -----------------------------------------------------------
    def add_transaction(self, body: Any) -> int:
        transaction = parse(WarehouseTransaction, body).model_dump()
        with self._lock:
            warehouse = self.warehouses.get(transaction["warehouseid"])
            if warehouse is None:
                raise errors.bad_request(f"Unknown warehouseid: {transaction['warehouseid']}")
            if warehouse["warehousetype"] == VIRTUAL_WAREHOUSE:
                raise errors.bad_request("Transactions cannot be added to warehouses with warehousetype Virtual (20)")
            known = {p["sku"] for p in self.products.values()}
            unknown = [i["sku"] for i in transaction["items"] if i["sku"] not in known]
            if unknown:
                raise errors.bad_request(f"Unknown sku: {', '.join(unknown)}")
            after: dict[str, Decimal] = {}
            for item in transaction["items"]:
                current = self.stock.get((transaction["warehouseid"], item["sku"]), {}).get("total", Decimal(0))
                after[item["sku"]] = after.get(item["sku"], current) + Decimal(item["decimalquantity"])
            if any(abs(total) >= MAX_AMOUNT for total in after.values()):
                raise errors.bad_request("The transaction would take a stock total out of range")
            for item in transaction["items"]:
                total = self.move(transaction["warehouseid"], item["sku"], Decimal(item["decimalquantity"]))
                item["decimaltotal"] = decimal3(total)
            transactionid = len(self.transactions) + 1
            ids = {"warehousetransactionid": transactionid, "datecreated": self._now()}
            self.transactions.append({**ids, **{k: v for k, v in transaction.items() if k not in ids}})  # ids are the server's
            return transactionid
