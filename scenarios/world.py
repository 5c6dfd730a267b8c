"""The retailer a scenario builds: stores, catalogue, tax codes, payment methods, and
the ERP's master data and cross-reference tables derived from them.

Everything comes from one seeded ``random.Random`` (Faker is seeded from it), so a
scenario and seed always build the same world.
"""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

from faker import Faker
from pydantic import BaseModel, ConfigDict

from .model import WorldSpec

PRICE_POINTS = [
    Decimal(p)
    for p in (
        "4.99",
        "9.99",
        "12.50",
        "15.00",
        "19.99",
        "24.99",
        "29.99",
        "35.00",
        "39.99",
        "49.99",
        "59.00",
        "79.99",
        "89.00",
        "120.00",
    )
]
GARMENTS = ["Tee", "Hoodie", "Chino", "Jean", "Shirt", "Knit", "Parka", "Scarf", "Beanie", "Sock", "Dress", "Skirt"]
COLOURS = ["BLK", "WHT", "NVY", "GRN", "RED", "OAT", "GRY"]
SIZES = ["XS", "S", "M", "L", "XL"]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Store(_Frozen):
    store_id: str
    code: str
    name: str
    city: str
    erp_location_id: str
    tills: list[str]


class Product(_Frozen):
    product_id: str
    sku: str
    ean13: str
    title: str
    price: str  # tax-included shelf price, 2 decimals
    tax_code: str  # the POS tax name, e.g. "GB VAT 20%"
    erp_item_id: str


class TaxCode(_Frozen):
    name: str
    rate: str
    erp_id: str


class PaymentMethod(_Frozen):
    code: str
    erp_id: str | None  # None: the ERP does not know this method


class World(_Frozen):
    tenant: str
    currency: str
    currency_erp_id: str
    subsidiary_erp_id: str
    walk_in_customer_erp_id: str
    stores: list[Store]
    products: list[Product]
    tax_codes: list[TaxCode]
    payment_methods: list[PaymentMethod]

    def erp_master(self) -> dict[str, list[dict[str, Any]]]:
        """The ERP's own master data, as ``/_sim/seed`` takes it."""
        return {
            "subsidiary": [{"id": self.subsidiary_erp_id, "name": "Harness Retail Ltd"}],
            "currency": [{"id": self.currency_erp_id, "name": self.currency, "symbol": self.currency}],
            "customer": [{"id": self.walk_in_customer_erp_id, "name": "POS Walk-in Customer"}],
            "location": [{"id": s.erp_location_id, "name": s.name, "externalId": s.store_id} for s in self.stores],
            "inventoryItem": [
                {"id": p.erp_item_id, "name": p.title, "itemId": p.sku, "externalId": p.sku, "basePrice": p.price}
                for p in self.products
            ],
            "salesTaxItem": [{"id": t.erp_id, "name": t.name, "rate": t.rate} for t in self.tax_codes],
            "paymentMethod": [{"id": m.erp_id, "name": m.code} for m in self.payment_methods if m.erp_id is not None],
            "account": [
                {"id": "1100", "name": "Cash in tills", "acctType": "Bank"},
                {"id": "1200", "name": "Card clearing", "acctType": "Bank"},
                {"id": "4000", "name": "Sales", "acctType": "Income"},
                {"id": "2200", "name": "VAT payable", "acctType": "OthCurrLiab"},
                {"id": "9999", "name": "Suspense", "acctType": "OthCurrAsset", "suspense": True},
            ],
        }

    def mapping_tables(self) -> dict[str, list[tuple[str, str]]]:
        """Cross-reference tables (``left_value,right_value``) the integration maps through.

        A POS value the ERP does not know has no row: that is how a scenario leaves a
        mapping out on purpose.
        """
        return {
            "locations.csv": [(s.store_id, s.erp_location_id) for s in self.stores],
            "store_subsidiaries.csv": [(s.store_id, self.subsidiary_erp_id) for s in self.stores],
            "store_customers.csv": [(s.store_id, self.walk_in_customer_erp_id) for s in self.stores],
            "currencies.csv": [(self.currency, self.currency_erp_id)],
            "payment_methods.csv": [(m.code, m.erp_id) for m in self.payment_methods if m.erp_id is not None],
            "tax_codes.csv": [(t.name, t.erp_id) for t in self.tax_codes],
            "items.csv": [(p.product_id, p.erp_item_id) for p in self.products],
        }

    def sitoo_seed(self) -> dict[str, Any]:
        """What Sitoo holds: the catalogue the ERP pushes to the tills (stores come with issue #4)."""
        return {
            "products": [
                {
                    "sku": p.sku,
                    "title": p.title,
                    "moneyprice": p.price,
                    "vatvalue": int(Decimal(self.tax(p.tax_code).rate) * 100),
                    "barcode": p.ean13,
                    "activepos": True,
                }
                for p in self.products
            ]
        }

    def shop_seed(self) -> dict[str, Any]:
        """What the web shop holds: one location per store (click and collect) and the catalogue."""
        return {
            "locations": [{"id": 100 + n, "name": s.name, "city": s.city} for n, s in enumerate(self.stores, start=1)],
            "products": [
                {"title": p.title, "variants": [{"sku": p.sku, "price": p.price, "barcode": p.ean13}]} for p in self.products
            ],
        }

    def store(self, store_id: str) -> Store:
        return next(s for s in self.stores if s.store_id == store_id)

    def tax(self, name: str) -> TaxCode:
        return next(t for t in self.tax_codes if t.name == name)


def _ean13(rng: random.Random) -> str:
    digits = [rng.randrange(10) for _ in range(12)]
    check = (10 - sum(d * (3 if i % 2 else 1) for i, d in enumerate(digits)) % 10) % 10
    return "".join(map(str, digits)) + str(check)


def build_world(spec: WorldSpec, rng: random.Random) -> World:
    fake = Faker(spec.locale)
    fake.seed_instance(rng.getrandbits(32))
    stores = []
    for n in range(1, spec.stores + 1):
        city = fake.unique.city()
        code = f"{''.join(ch for ch in city.upper() if ch.isalpha())[:3]}{n:02d}"
        stores.append(
            Store(
                store_id=f"store-{code.lower()}",
                code=code,
                name=f"{city} High Street",
                city=city,
                erp_location_id=str(10 + n),
                tills=[f"T{t}" for t in range(1, rng.randint(2, 4) + 1)],
            )
        )
    standard, zero = (
        TaxCode(name=f"{spec.country} VAT 20%", rate="0.20", erp_id="7"),
        TaxCode(name=f"{spec.country} VAT 0%", rate="0.00", erp_id="8"),
    )
    products = []
    for n in range(1, spec.products + 1):
        garment, colour, size = rng.choice(GARMENTS), rng.choice(COLOURS), rng.choice(SIZES)
        sku = f"{garment[:3].upper()}-{n:04d}-{colour}-{size}"
        kids = rng.random() < 0.15
        products.append(
            Product(
                product_id=sku,
                sku=sku,
                ean13=_ean13(rng),
                title=f"{fake.word().title()} {garment} {colour} {size}{' (Kids)' if kids else ''}",
                price=str(rng.choice(PRICE_POINTS)),
                tax_code=(zero if kids else standard).name,
                erp_item_id=str(5000 + n),
            )
        )
    methods = [PaymentMethod(code=code, erp_id=str(n)) for n, code in enumerate(spec.payment_methods, start=1)]
    methods += [PaymentMethod(code=code, erp_id=None) for code in spec.unmapped_payment_methods]
    return World(
        tenant="harness-retail",
        currency=spec.currency,
        currency_erp_id="1",
        subsidiary_erp_id="1",
        walk_in_customer_erp_id="100",
        stores=stores,
        products=products,
        tax_codes=[standard, zero],
        payment_methods=methods,
    )
