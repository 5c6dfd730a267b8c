"""Product master direction: product and price data flow from the ERP to the POS, never back.

An integration that writes the POS's prices back over the ERP's item master silently
undoes every price change finance made; one that does not propagate price changes
leaves the tills selling at yesterday's price. Fails on:

* ``master-write``: any write the integration sent to an ERP master record type
  (items, prices, customers, locations, accounts, ...), refused or not;
* ``price-not-propagated``: at the end, a Sitoo product's ``moneyprice`` differs from the
  ERP master price of its item, for items whose price changed during the run.
"""

from __future__ import annotations

from itertools import compress, count
from operator import methodcaller

from harness.evidence import RECORD_ROOT, WRITE_METHODS, Evidence, record_type_in_path

from .base import CheckResult, Findings, journal_ref, money

NAME = "master_direction"
TITLE = "The integration never writes ERP master data, and ERP price changes reach the POS"
MASTER_WRITE_NOTE = "master-data write refused"
# ERP master record types, as the ERP simulator seeds them (also read from the evidence's master data).
MASTER_TYPES = frozenset(
    {"subsidiary", "location", "currency", "customer", "inventoryItem", "salesTaxItem", "paymentMethod", "account"}
)


def check(evidence: Evidence) -> CheckResult:
    findings = Findings()
    master_types = MASTER_TYPES | set(evidence.erp_master)
    paths = tuple(f"{RECORD_ROOT}{t}" for t in sorted(master_types))  # then "/", "?" or the end
    writes = 0
    journal = evidence.journal("erp")
    suspects = {id(e): e for e in evidence.noted("erp")}
    master = compress(count(), map(methodcaller("startswith", paths), evidence.paths("erp")))  # positions, no entry built
    suspects.update((id(e), e) for e in map(journal.__getitem__, master))
    for entry in sorted(suspects.values(), key=lambda e: int(e.get("seq", 0))):
        notes = entry.get("notes") or ()
        refused = any(MASTER_WRITE_NOTE in str(n) for n in notes)
        if not refused:
            path = entry["path"]
            if not path.startswith(paths) or entry.get("method") not in WRITE_METHODS:
                continue
            if record_type_in_path(path) not in master_types:
                continue  # e.g. "locationX"
            status = int(entry.get("status", 0))
            if not (200 <= status < 300 or 400 <= status < 500) or status == 429:
                continue
        writes += 1
        findings.add(
            "master-write",
            None,
            "no write to ERP master data (the ERP is the master)",
            f"seq {entry.get('seq')} {entry.get('method')} {entry.get('path')} -> {entry.get('status')}",
            {"request": journal_ref("erp", entry), "notes": list(notes)},
        )
    checked = _prices(evidence, findings)
    return findings.result(NAME, TITLE, checked, counts={"master_writes": writes})


def _prices(evidence: Evidence, findings: Findings) -> int:
    changes = evidence.erp_prices.get("changes") or []
    if not changes:
        return 0
    prices = evidence.erp_prices.get("prices") or {}
    changed = sorted({str(c["item"]) for c in changes})
    skus = _skus(evidence, changed)
    products: dict[str, list[dict[str, object]]] = {}
    for product in evidence.sitoo_products:
        products.setdefault(str(product.get("sku")), []).append(product)
    for item in changed:
        want = money(prices.get(item))
        sku = skus.get(item)
        found = products.get(sku or "", [])
        if not found:
            findings.add(
                "price-not-propagated",
                None,
                f"Sitoo product for ERP item {item} (sku {sku}) at {want}",
                "no such Sitoo product",
                {"item": item, "sku": sku},
            )
            continue
        for product in found:
            got = money(product.get("moneyprice"))
            if got != want:
                findings.add(
                    "price-not-propagated",
                    None,
                    f"Sitoo {sku} moneyprice {want} (ERP item {item})",
                    f"moneyprice {got}",
                    {
                        "item": item,
                        "sku": sku,
                        "sitoo_productid": product.get("productid"),
                        "erp_price_changes": [c for c in changes if str(c["item"]) == item],
                    },
                )
    return len(changed)


def _skus(evidence: Evidence, items: list[str]) -> dict[str, str]:
    """ERP item id -> SKU: the item master's ``itemId`` (or ``externalId``), else the truth's stock moves."""
    skus: dict[str, str] = {}
    for item in evidence.erp_master.get("inventoryItem", []):
        sku = item.get("itemId") or item.get("externalId")
        if sku:
            skus[str(item["id"])] = str(sku)
    missing = {item for item in items if item not in skus}
    for truth in evidence.truth.transactions:
        if not missing:
            break
        for move in truth.get("stock") or ():
            if move["erp_item"] in missing:
                skus[move["erp_item"]] = str(move["sku"])
                missing.discard(move["erp_item"])
    return skus
