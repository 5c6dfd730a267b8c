"""What each simulator is seeded with, and the cross-reference tables the integration gets.

All of it is derived from the :class:`~scenarios.world.World`, never drawn at random, so the
ERP's records, the tills' catalogue, the web shop and the mapping CSVs always agree with
each other and with the ground truth. Deliberate omissions (a scenario's ``unmapped``) show
up here as missing rows: a store, currency, tax code, tender or item with no mapping row.
The seed shapes are the simulators' ``/_sim/seed`` bodies (see each ``state.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .countries import COUNTRIES, local_price
from .money import number, rate_number, rate_percent, text

if TYPE_CHECKING:
    from .world import World

ACCOUNT_NAMES = {
    "sales": ("Sales", "Income"),
    "vat": ("VAT and sales tax payable", "OthCurrLiab"),
    "inventory": ("Inventory", "OthCurrAsset"),
    "suspense": ("Suspense", "OthCurrAsset"),
}
TENDER_NAMES = {"cash": "Cash in tills", "card": "Card clearing", "wallet": "Wallet clearing", "gift_card": "Gift card liability"}


def erp_master(world: World) -> dict[str, list[dict[str, Any]]]:
    """The ERP's own master data, as ``/_sim/seed`` takes it under ``master``."""
    locations: list[dict[str, Any]] = []
    for s in world.stores:
        if s.legacy_location is not None:
            locations.append(
                {"id": s.legacy_location, "name": f"{s.name} (old site)", "externalId": s.store_id, "isInactive": True}
            )
        if s.erp_location is not None:
            location: dict[str, Any] = {"id": s.erp_location, "name": s.name, "subsidiary": {"id": s.subsidiary_id}}
            if s.legacy_location is None:
                location["externalId"] = s.store_id
            locations.append(location)
    accounts = [
        {"id": world.accounts[key], "name": name, "acctType": kind, **({"suspense": True} if key == "suspense" else {})}
        for key, (name, kind) in ACCOUNT_NAMES.items()
    ]
    accounts += [
        {"id": m.account_id, "name": TENDER_NAMES.get(m.code, f"{m.code} clearing"), "acctType": "Bank"}
        for m in world.payment_methods
        if m.account_id is not None
    ]
    return {
        "subsidiary": [
            {"id": s.erp_id, "name": s.name, "country": s.country, "currency": {"id": world.currency(s.currency).erp_id}}
            for s in world.subsidiaries
        ],
        "currency": [{"id": c.erp_id, "name": c.code, "symbol": c.code} for c in world.currencies],
        "customer": [
            {"id": s.customer_id, "name": f"POS Walk-in Customer ({s.country})", "subsidiary": {"id": s.erp_id}}
            for s in world.subsidiaries
        ],
        "location": locations,
        "inventoryItem": [
            {"id": p.erp_item_id, "name": p.title, "itemId": p.sku, "externalId": p.sku, "basePrice": number(p.price)}
            for p in world.products
        ],
        "salesTaxItem": [{"id": t.erp_id, "name": t.name, "rate": rate_number(t.rate)} for t in world.tax_codes],
        "paymentMethod": [{"id": m.erp_id, "name": m.code} for m in world.payment_methods if m.erp_id is not None],
        "account": accounts,
    }


def erp_on_hand(world: World) -> list[dict[str, Any]]:
    """Starting on-hand per item at every store the ERP knows (``/_sim/seed`` ``on_hand``)."""
    return [
        {"item": p.erp_item_id, "location": s.erp_location, "quantity": world.starting_stock[s.index][p.index]}
        for s in world.stores
        if s.erp_location is not None
        for p in world.products
    ]


def sitoo_seed(world: World) -> dict[str, Any]:
    """Sites (one per Sitoo market), stores, warehouses, registers, the catalogue at local
    prices with the market's VAT, and each store's starting stock."""
    stores = [s for s in world.stores if s.sitoo is not None]
    if not stores:
        return {}
    products = []
    for siteid, code in world.sitoo_sites:
        country = COUNTRIES[code]
        zone = country.zones[0]
        for p in world.products:
            rate = (zone.standard if p.tax_class == "standard" else zone.reduced)[1]
            products.append(
                {
                    "siteid": siteid,
                    "sku": p.sku,
                    "title": p.title,
                    "moneyprice": text(local_price(p.price, world.home, country)),
                    "vatvalue": rate_percent(rate),
                    "barcode": p.ean13,
                    "activepos": True,
                }
            )
    return {
        "sites": [
            {"siteid": siteid, "eshopname": f"Harness Retail {COUNTRIES[code].name}"} for siteid, code in world.sitoo_sites
        ],
        "stores": [
            {"storeid": s.sitoo.storeid, "eshopid": s.sitoo.siteid, "name": s.name, "externalid": s.store_id}
            for s in stores
            if s.sitoo is not None
        ],
        "warehouses": [
            {
                "warehouseid": s.sitoo.warehouseid,
                "storeid": s.sitoo.storeid,
                "name": s.name,
                "currencycode": s.currency,
                "externalid": s.store_id,
            }
            for s in stores
            if s.sitoo is not None
        ],
        "products": products,
        "stock": [
            {"warehouseid": s.sitoo.warehouseid, "sku": p.sku, "decimaltotal": f"{world.starting_stock[s.index][p.index]}.000"}
            for s in stores
            if s.sitoo is not None
            for p in world.products
        ],
        "cashregisters": [
            {
                "registerid": r.registerid,
                "registernumber": r.number,
                "warehouseid": s.sitoo.warehouseid,
                "eshopid": s.sitoo.siteid,
            }
            for s in stores
            if s.sitoo is not None
            for r in s.sitoo.registers
        ],
    }


def shop_seed(world: World) -> dict[str, Any]:
    """The web shop: one location per store that sells online, one product per style with a
    variant per SKU (ids fixed by the world), and each location's starting stock."""
    online = [s for s in world.stores if s.shop_location is not None]
    styles: dict[int, dict[str, Any]] = {}
    for p in world.products:
        product = styles.setdefault(
            p.style,
            {"id": p.shop_product_id, "title": p.title.rsplit(" ", 2)[0], "vendor": "Harness Retail", "variants": []},
        )
        product["variants"].append(
            {
                "id": p.shop_variant_id,
                "sku": p.sku,
                "price": text(p.price),
                "title": f"{p.colour} / {p.size}",
                "barcode": p.ean13,
                "inventory_item_id": p.shop_item_id,
                "inventory_policy": "deny",
            }
        )
    return {
        "config": {"currency": world.home.currency},
        "locations": [
            {
                "id": s.shop_location,
                "name": s.name,
                "address1": s.street,
                "city": s.city,
                "zip": s.zip_code,
                "country_code": s.country,
            }
            for s in online
        ],
        "products": list(styles.values()),
        "inventory": [
            {
                "inventory_item_id": p.shop_item_id,
                "location_id": s.shop_location,
                "available": world.starting_stock[s.index][p.index],
            }
            for s in online
            for p in world.products
        ],
    }


def newstore_seed(world: World) -> dict[str, Any]:
    """NewStore's stores (each its own fulfilment node) and their stocked products."""
    stores = [s for s in world.stores if s.pos == "newstore"]
    return {
        "stores": [
            {
                "store_id": s.store_id,
                "display_name": s.name,
                "fulfillment_node_id": s.store_id,
                "currency": s.currency,
                "physical_address": {"address_line_1": s.street, "city": s.city, "zip_code": s.zip_code, "country": s.country},
            }
            for s in stores
        ],
        "stocked_products": [
            {
                "sku": p.sku,
                "product_id": p.product_id,
                "on_hand": world.starting_stock[s.index][p.index],
                "fulfillment_node_id": s.store_id,
                "price": number(local_price(p.price, world.home, COUNTRIES[s.country])),
                "currency": s.currency,
            }
            for s in stores
            for p in world.products
        ],
    }


def mapping_tables(world: World) -> dict[str, list[tuple[str, str]]]:
    """Cross-reference tables (``left_value,right_value``), as docs/integration-contract.md
    lists them. A value the scenario leaves unmapped has no row."""
    return {
        "locations.csv": [(s.store_id, s.mapped_location) for s in world.stores if s.mapped_location is not None],
        "store_subsidiaries.csv": [(s.store_id, s.subsidiary_id) for s in world.stores],
        "store_customers.csv": [(s.store_id, s.customer_id) for s in world.stores],
        "currencies.csv": [(c.code, c.erp_id) for c in world.currencies if c.mapped],
        "payment_methods.csv": [(m.code, m.erp_id) for m in world.payment_methods if m.erp_id is not None],
        "tax_codes.csv": [(t.name, t.erp_id) for t in world.tax_codes if t.mapped],
        "items.csv": [(p.product_id, p.erp_item_id) for p in world.products if p.mapped],
        "sitoo_warehouses.csv": [(str(s.sitoo.warehouseid), s.store_id) for s in world.stores if s.sitoo is not None],
        "shop_locations.csv": [(s.store_id, str(s.shop_location)) for s in world.stores if s.shop_location is not None],
        "shop_items.csv": [(p.sku, str(p.shop_item_id)) for p in world.products],
        "accounts.csv": [
            *((key, world.accounts[key]) for key in ("sales", "vat", "inventory")),
            *((f"tender:{m.code}", m.account_id) for m in world.payment_methods if m.account_id is not None),
        ],
    }
