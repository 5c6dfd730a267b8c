"""Build the retailer a scenario describes, from the run's one seeded ``random.Random``.

Faker (seeded from that ``Random``) names the cities, streets and customers; everything
else is drawn in a fixed order, so a scenario and seed always build the same world: stores
spread over countries and POS with their tills and hours, a catalogue of styles in colours
and sizes, tax codes per market, tenders, starting stock sized to the day's demand (or as
the scenario says), and the deliberate omissions (``unmapped``, ``relocated_stores``).
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import replace

from faker import Faker

from .countries import COUNTRIES, CURRENCY_IDS, PRICE_POINTS, Country
from .model import Scenario
from .world import Currency, Customer, PaymentMethod, Product, SitooRegister, SitooStore, Store, Subsidiary, TaxCode, World

GARMENTS = (
    "Tee",
    "Hoodie",
    "Chino",
    "Jean",
    "Shirt",
    "Knit",
    "Parka",
    "Dress",
    "Skirt",
    "Jacket",
    "Polo",
    "Blazer",
    "Jogger",
    "Cardigan",
)
STYLE_WORDS = ("Harbour", "Fell", "Marsh", "Linden", "Quarry", "Tide", "Heath", "Cove", "Birch", "Dune", "Ridge", "Moor")
COLOURS = ("BLK", "NVY", "WHT", "OAT", "GRN", "RED", "GRY", "BLU")
SIZES = ("XS", "S", "M", "L", "XL", "XXL")
SIZE_WEIGHTS = {"XS": 0.5, "S": 1.0, "M": 1.5, "L": 1.4, "XL": 0.8, "XXL": 0.4}
TENDER_ACCOUNTS = {"cash": "1100", "card": "1200", "wallet": "1210", "gift_card": "2300"}
ACCOUNTS = {"sales": "4000", "vat": "2200", "inventory": "1300", "suspense": "9999"}
LEGAL_SUFFIX = {"GB": "Ltd", "IE": "Ltd", "SE": "AB", "NO": "AS", "DK": "ApS", "DE": "GmbH", "FR": "SAS", "US": "Inc"}
UNITS_PER_BASKET = 2.2  # what the basket model sells on average; sizes the starting stock


def _ean13(rng: random.Random) -> str:
    digits = [rng.randrange(10) for _ in range(12)]
    check = (10 - sum(d * (3 if i % 2 else 1) for i, d in enumerate(digits)) % 10) % 10
    return "".join(map(str, digits)) + str(check)


def _guid(text: str) -> str:
    digest = hashlib.sha256(text.encode()).hexdigest().upper()
    return "{" + "-".join((digest[:8], digest[8:12], digest[12:16], digest[16:20], digest[20:32])) + "}"


def build_world(scenario: Scenario, rng: random.Random) -> World:
    spec = scenario.world
    countries = [COUNTRIES[code] for code in spec.stores]
    fakers = {}
    for country in countries:
        fake = Faker(country.locale)
        fake.seed_instance(rng.getrandbits(32))
        fakers[country.code] = fake
    subsidiaries = tuple(
        Subsidiary(str(n), f"Harness Retail {LEGAL_SUFFIX.get(c.code, 'BV')} ({c.name})", c.code, c.currency, str(99 + n))
        for n, c in enumerate(countries, start=1)
    )
    stores = _stores(scenario, countries, subsidiaries, fakers, rng)
    tax_codes = _tax_codes(scenario, stores)
    products = _products(scenario, rng)
    methods = tuple(
        PaymentMethod(
            code,
            {pos: spec.tender_weight(code, pos) for pos in ("newstore", "sitoo")},
            None if code in spec.unmapped.payment_methods else str(n),
            None if code in spec.unmapped.payment_methods else TENDER_ACCOUNTS.get(code, str(1250 + n)),
        )
        for n, code in enumerate(spec.payment_methods, start=1)
    )
    currencies = tuple(
        Currency(code, CURRENCY_IDS[code], code not in spec.unmapped.currencies)
        for code in dict.fromkeys(c.currency for c in countries)
    )
    stock, races = _stock(scenario, stores, products, rng)
    customers = _customers(spec.customers, countries, fakers, rng)
    sites = dict.fromkeys(s.country for s in stores if s.sitoo is not None)
    return World(
        tenant="harness-retail",
        home=countries[0],
        stores=stores,
        products=products,
        tax_codes=tax_codes,
        currencies=currencies,
        subsidiaries=subsidiaries,
        payment_methods=methods,
        customers=customers,
        accounts=dict(ACCOUNTS),
        starting_stock=stock,
        races=races,
        sitoo_sites=tuple((n, code) for n, code in enumerate(sites, start=1)),
    )


def _stores(
    scenario: Scenario,
    countries: list[Country],
    subsidiaries: tuple[Subsidiary, ...],
    fakers: dict[str, Faker],
    rng: random.Random,
) -> tuple[Store, ...]:
    spec, traffic = scenario.world, scenario.traffic
    window_open = traffic.opening_hour * 3600.0
    window_close = window_open + traffic.trading_hours * 3600.0
    stores: list[Store] = []
    sitoo_sites: dict[str, int] = {}
    sitoo_count = 0
    for country, subsidiary in zip(countries, subsidiaries, strict=True):
        counts = spec.stores[country.code]
        fake = fakers[country.code]
        for pos in ["newstore"] * counts.newstore + ["sitoo"] * counts.sitoo:
            number = len(stores) + 1
            city = fake.city()
            letters = "".join(ch for ch in city.upper() if "A" <= ch <= "Z")[:3].ljust(3, "X")
            code = f"{letters}{number:02d}"
            store_id = f"store-{code.lower()}"
            opens = window_open + rng.choice((0, 0, 0, 1800, 3600))
            closes = max(opens + 4 * 3600.0, window_close - rng.choice((0, 0, 1800, 3600, 5400)))
            weight = round(rng.uniform(0.6, 1.6) * (1.5 if number == 1 else 1.0), 4)
            till_count = max(2, min(6, round(weight * 3)))
            zone = rng.choice(country.zones).zone
            sitoo = None
            if pos == "sitoo":
                siteid = sitoo_sites.setdefault(country.code, len(sitoo_sites) + 1)
                sitoo_count += 1
                registers = tuple(
                    SitooRegister(_guid(f"sitoo-register:{store_id}:{n}"), sitoo_count * 10 + n) for n in range(1, till_count + 1)
                )
                sitoo = SitooStore(siteid, sitoo_count, sitoo_count, registers)
            known = number not in spec.unmapped.stores
            relocated = number in spec.relocated_stores
            location = str(1000 + number) if relocated else str(10 + number)
            stores.append(
                Store(
                    index=number - 1,
                    number=number,
                    store_id=store_id,
                    code=code,
                    name=f"{city} {'Flagship' if number == 1 else 'Store'}",
                    city=city,
                    street=fake.street_address(),
                    zip_code=fake.postcode(),
                    country=country.code,
                    currency=country.currency,
                    zone=zone,
                    pos=pos,
                    opens=opens,
                    closes=closes,
                    weight=weight,
                    tills=tuple(f"T{n}" for n in range(1, till_count + 1)),
                    subsidiary_id=subsidiary.erp_id,
                    customer_id=subsidiary.customer_id,
                    erp_location=location if known else None,
                    mapped_location=location if known else None,
                    legacy_location=str(10 + number) if relocated and known else None,
                    shop_location=None if number in spec.offline_stores else 100 + number,
                    sitoo=sitoo,
                )
            )
    return tuple(stores)


def _tax_codes(scenario: Scenario, stores: tuple[Store, ...]) -> tuple[TaxCode, ...]:
    unmapped = scenario.world.unmapped.tax_codes
    codes: dict[str, TaxCode] = {}
    for zone_name in dict.fromkeys(s.zone for s in stores):
        zone = next(z for z in COUNTRIES[zone_name[:2]].zones if z.zone == zone_name)
        for name, rate in (zone.standard, zone.reduced):
            if name not in codes:
                codes[name] = TaxCode(name, rate, str(20 + len(codes)), zone_name, name not in unmapped)
    unknown = [name for name in unmapped if name not in codes]
    if unknown:
        raise ValueError(f"unmapped.tax_codes {unknown} are not tax codes of this world: {sorted(codes)}")
    return tuple(codes.values())


def _products(scenario: Scenario, rng: random.Random) -> tuple[Product, ...]:
    spec = scenario.world
    products: list[Product] = []
    style_weights = [1.0 / (rank + 1) ** 0.8 for rank in range(spec.styles)]
    rng.shuffle(style_weights)
    for style in range(spec.styles):
        garment = GARMENTS[rng.randrange(len(GARMENTS))]
        word = STYLE_WORDS[rng.randrange(len(STYLE_WORDS))]
        kids = rng.random() < 0.15
        price = PRICE_POINTS[rng.randrange(len(PRICE_POINTS))]
        colours = rng.sample(COLOURS, rng.randint(1, 3))
        first = rng.randint(0, 2)
        sizes = SIZES[first : first + rng.randint(3, 4 if first == 2 else 5)]
        style_code = f"{garment[:3].upper()}{style + 1:04d}"
        for c, colour in enumerate(colours):
            for size in sizes:
                index = len(products)
                sku = f"{style_code}-{colour}-{size}"
                products.append(
                    Product(
                        index=index,
                        product_id=sku,
                        sku=sku,
                        style=style,
                        colour=colour,
                        size=size,
                        ean13=_ean13(rng),
                        title=f"{word} {garment}{' (Kids)' if kids else ''} {colour} {size}",
                        tax_class="reduced" if kids else "standard",
                        erp_item_id=str(5001 + index),
                        price=price,
                        mapped=True,
                        popularity=round(style_weights[style] * SIZE_WEIGHTS[size] / (1 + c), 6),
                        shop_product_id=100_001 + style,
                        shop_variant_id=200_001 + index,
                        shop_item_id=400_001 + index,
                    )
                )
    unmapped = min(spec.unmapped.items, len(products))
    if unmapped:
        products[-unmapped:] = [replace(p, mapped=False) for p in products[-unmapped:]]
    return tuple(products)


def _stock(
    scenario: Scenario, stores: tuple[Store, ...], products: tuple[Product, ...], rng: random.Random
) -> tuple[tuple[tuple[int, ...], ...], tuple[tuple[int, int], ...]]:
    """Starting units per store and product, and the (store, product) pairs with one unit left."""
    spec, traffic = scenario.world, scenario.traffic
    total_weight = sum(s.weight for s in stores)
    total_popularity = sum(p.popularity for p in products)
    units = traffic.days * (traffic.sales + traffic.web_orders) * UNITS_PER_BASKET * (1 + traffic.returns.exchange_rate)
    rows: list[list[int]] = []
    for store in stores:
        share = units * store.weight / total_weight
        if spec.starting_stock is not None:
            low, high = spec.starting_stock
            rows.append([rng.randint(low, high) for _ in products])
        else:
            rows.append([int(share * p.popularity / total_popularity * 1.8) + rng.randint(2, 6) for p in products])
    online = [s.index for s in stores if s.shop_location is not None]
    races: list[tuple[int, int]] = []
    if traffic.last_unit_races:
        if not online:
            raise ValueError("last_unit_races needs a store that sells online")
        pairs = [(s, p.index) for s in online for p in products]
        races = sorted(rng.sample(pairs, min(traffic.last_unit_races, len(pairs))))
        for store_index, product_index in races:
            rows[store_index][product_index] = 1
    return tuple(tuple(row) for row in rows), tuple(races)


def _customers(count: int, countries: list[Country], fakers: dict[str, Faker], rng: random.Random) -> tuple[Customer, ...]:
    customers = []
    for n in range(count):
        country = countries[n % len(countries)]
        fake = fakers[country.code]
        first, last = fake.first_name(), fake.last_name()
        handle = "".join(ch for ch in f"{first}.{last}".lower() if ch.isascii() and (ch.isalnum() or ch == "."))
        customers.append(
            Customer(
                first_name=first,
                last_name=last,
                email=f"{handle or 'customer'}{n}@example.com",
                street=fake.street_address(),
                zip_code=fake.postcode(),
                city=fake.city(),
                country=country.code,
                phone=f"+{rng.randrange(10**10, 10**11)}",
            )
        )
    return tuple(customers)
