"""The retailer a scenario builds, as data: stores, tills, catalogue, tax codes, tenders,
customers and starting stock (:mod:`scenarios.build` makes one from a scenario).

Plain frozen dataclasses: the generator reads them in its hot loop. What each simulator
is seeded with, and the mapping tables handed to the integration, are derived from the
world in :mod:`scenarios.seeds`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from . import seeds
from .countries import COUNTRIES, Country


@dataclass(frozen=True, slots=True)
class TaxCode:
    name: str  # as the POS writes it (``tax_provider_details[].name``)
    rate: int  # in 1e-5 (20% = 20_000)
    erp_id: str
    zone: str
    mapped: bool  # has a tax_codes.csv row


@dataclass(frozen=True, slots=True)
class PaymentMethod:
    code: str
    weights: dict[str, float]  # how often it is the main tender, per POS ("newstore", "sitoo")
    erp_id: str | None  # None: the ERP does not know the method (no row, no record)
    account_id: str | None  # the tender's ledger account for Z-report journals


@dataclass(frozen=True, slots=True)
class Currency:
    code: str
    erp_id: str
    mapped: bool


@dataclass(frozen=True, slots=True)
class Subsidiary:
    erp_id: str
    name: str
    country: str
    currency: str
    customer_id: str  # the walk-in customer for its stores' sales


@dataclass(frozen=True, slots=True)
class SitooRegister:
    registerid: str
    number: int


@dataclass(frozen=True, slots=True)
class SitooStore:
    siteid: int
    storeid: int
    warehouseid: int
    registers: tuple[SitooRegister, ...]


@dataclass(frozen=True, slots=True)
class Store:
    index: int  # 0-based
    number: int  # 1-based, as scenario files name stores
    store_id: str  # NewStore channel / the id every mapping table uses
    code: str
    name: str
    city: str
    street: str
    zip_code: str
    country: str
    currency: str
    zone: str  # tax zone: the country, or US-<state>
    pos: str  # "newstore" or "sitoo"
    opens: float  # seconds after midnight on the business clock
    closes: float
    weight: float  # share of the estate's trade
    tills: tuple[str, ...]
    subsidiary_id: str
    customer_id: str
    erp_location: str | None  # the ERP location holding its stock; None: the ERP has no record of it
    mapped_location: str | None  # its locations.csv row; None: left out
    legacy_location: str | None  # the record the ERP retired when the store was relocated
    shop_location: int | None  # web-shop location; None: sells nothing online
    sitoo: SitooStore | None


@dataclass(frozen=True, slots=True)
class Product:
    index: int
    product_id: str  # NewStore product id == SKU == Sitoo sku
    sku: str
    style: int
    colour: str
    size: str
    ean13: str
    title: str
    tax_class: str  # "standard" or "reduced"
    erp_item_id: str
    price: int  # home-currency shelf price, cents
    mapped: bool  # has an items.csv row
    popularity: float
    shop_product_id: int
    shop_variant_id: int
    shop_item_id: int


@dataclass(frozen=True, slots=True)
class Customer:
    first_name: str
    last_name: str
    email: str
    street: str
    zip_code: str
    city: str
    country: str
    phone: str


@dataclass(frozen=True)
class World:
    tenant: str
    home: Country
    stores: tuple[Store, ...]
    products: tuple[Product, ...]
    tax_codes: tuple[TaxCode, ...]
    currencies: tuple[Currency, ...]
    subsidiaries: tuple[Subsidiary, ...]
    payment_methods: tuple[PaymentMethod, ...]
    customers: tuple[Customer, ...]
    accounts: dict[str, str]
    starting_stock: tuple[tuple[int, ...], ...]  # [store index][product index]
    races: tuple[tuple[int, int], ...]  # (store index, product index) with one unit left
    sitoo_sites: tuple[tuple[int, str], ...]  # (siteid, country)

    # -- lookups ---------------------------------------------------------------------------
    def store(self, store_id: str) -> Store:
        return next(s for s in self.stores if s.store_id == store_id)

    def tax_code(self, zone: str, tax_class: str) -> TaxCode:
        country = COUNTRIES[zone[:2]]
        facts = next(z for z in country.zones if z.zone == zone)
        name = (facts.standard if tax_class == "standard" else facts.reduced)[0]
        return next(t for t in self.tax_codes if t.name == name)

    def currency(self, code: str) -> Currency:
        return next(c for c in self.currencies if c.code == code)

    def payment_method(self, code: str) -> PaymentMethod:
        return next(m for m in self.payment_methods if m.code == code)

    # -- what the simulators and the integration are given (see scenarios.seeds) -------------
    def erp_master(self) -> dict[str, list[dict[str, Any]]]:
        return seeds.erp_master(self)

    def erp_on_hand(self) -> list[dict[str, Any]]:
        return seeds.erp_on_hand(self)

    def sitoo_seed(self) -> dict[str, Any]:
        return seeds.sitoo_seed(self)

    def shop_seed(self) -> dict[str, Any]:
        return seeds.shop_seed(self)

    def newstore_seed(self) -> dict[str, Any]:
        return seeds.newstore_seed(self)

    def mapping_tables(self) -> dict[str, list[tuple[str, str]]]:
        return seeds.mapping_tables(self)

    def describe(self) -> dict[str, Any]:
        """The world as JSON-able data (``scenarios generate`` writes it as world.json)."""
        return {
            "tenant": self.tenant,
            "home": self.home.code,
            "stores": [asdict(s) for s in self.stores],
            "products": [asdict(p) for p in self.products],
            "tax_codes": [asdict(t) for t in self.tax_codes],
            "currencies": [asdict(c) for c in self.currencies],
            "subsidiaries": [asdict(s) for s in self.subsidiaries],
            "payment_methods": [asdict(m) for m in self.payment_methods],
            "accounts": self.accounts,
            "races": [list(r) for r in self.races],
        }
