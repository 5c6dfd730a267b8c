"""What a product costs at a till: local price, tax, and the payload fragments built from it.

Prices are mastered in the home currency (the ERP's ``basePrice``) and converted per
market; an ERP price change (``scenario.traffic.price_changes``) moves the base, and the
tills charge the new price once the change has reached them. Per product and tax zone
the NewStore unit (an ``items[]`` entry without its id) and the expected line are built
once and copied per sale: that is most of what makes a basket cheap to generate.
"""

from __future__ import annotations

from typing import Any

from ..countries import COUNTRIES, local_price
from ..money import net_of_gross, number, percent_of, rate_number, rate_percent, tax_on_net, text
from ..world import Product, TaxCode, World
from .fragments import tail_of


class NewStoreUnit:
    """One unit of a product sold in a tax zone: its amounts and its ``items[]`` template."""

    __slots__ = (
        "product",
        "tax",
        "price",
        "discount",
        "net",
        "tax_amount",
        "gross",
        "rate",
        "template",
        "pending",
        "sales_tax",
        "_tails",
    )

    def __init__(
        self, product: Product, tax: TaxCode, price: int, sales_tax: bool, item_discount: int = 0, order_discount: int = 0
    ):
        self.product = product
        self.tax = tax
        self.price = price
        self.sales_tax = sales_tax
        self.discount = item_discount + order_discount
        paid = price - self.discount
        if sales_tax:  # US: prices exclude tax
            self.net, self.tax_amount = paid, tax_on_net(paid, tax.rate)
        else:
            self.net = net_of_gross(paid, tax.rate)
            self.tax_amount = paid - self.net
        self.gross = self.net + self.tax_amount
        self.rate = text(self.net)
        tax_amount = number(self.tax_amount)
        self.template: dict[str, Any] = {
            "id": "",
            "item_type": "product",
            "product_id": product.product_id,
            "pricebook_price": number(price),
            "list_price": number(price),
            "item_discounts": number(item_discount),
            "order_discounts": number(order_discount),
            "tax": tax_amount,
            "tax_provider_details": [{"name": tax.name, "amount": tax_amount, "rate": rate_number(tax.rate)}],
            "quantity": 1,
            "status": "completed",
            "external_identifiers": {"sku": product.sku, "ean13": product.ean13},
        }
        self.pending = {**self.template, "status": "pending"}
        self._tails: list[str | None] = [None, None]  # item_tail(False), item_tail(True), once needed

    def item_tail(self, pending: bool) -> str:
        """The JSON of an ``items[]`` entry of this unit after its id (see :mod:`.fragments`)."""
        tail = self._tails[pending]
        if tail is None:
            tail = self._tails[pending] = tail_of(self.pending if pending else self.template)
        return tail


class SitooUnit:
    """A product on a Sitoo site: VAT-inclusive shelf price and its net unit price."""

    __slots__ = ("product", "rate", "vatvalue", "price", "net")

    def __init__(self, product: Product, rate: int, price: int) -> None:
        self.product = product
        self.rate = rate
        self.vatvalue = rate_percent(rate)
        self.price = price
        self.net = net_of_gross(price, rate)


class SitooLine:
    """A Sitoo order line: ``quantity`` units of a product at a discount, and its ``orderitems``
    entry. Lines are cached and their entry shared between orders: it is never changed."""

    __slots__ = ("unit", "quantity", "price", "rate", "net", "vat", "item")

    def __init__(self, unit: SitooUnit, discount_percent: int, quantity: int) -> None:
        discount = percent_of(unit.net, discount_percent)
        self.unit = unit
        self.quantity = quantity
        self.price = unit.net - discount  # net unit price after the discount: the truth's rate
        self.rate = text(self.price)
        self.net = self.price * quantity
        self.vat = tax_on_net(self.net, unit.rate)
        self.item = {
            "orderitemtype": 10,
            "productname": unit.product.title,
            "sku": unit.product.sku,
            "quantity": quantity,
            "moneynetpriceperunit": text(unit.net),
            "vatvalue": unit.vatvalue,
            "moneyitemtotal_net": text(self.net),
            "moneyitemtotal_vat": text(self.vat),
            "moneyoriginalprice": text(unit.net),
            "moneydiscount": text(discount * quantity),
        }


class Prices:
    def __init__(self, world: World) -> None:
        self.world = world
        self.base = [p.price for p in world.products]
        self._newstore: list[dict[str, NewStoreUnit]] = [{} for _ in world.products]
        self._sitoo: list[dict[str, SitooUnit]] = [{} for _ in world.products]
        self._sitoo_lines: list[dict[tuple[str, int], SitooLine]] = [{} for _ in world.products]

    def set_base(self, product: int, cents: int) -> None:
        """The tills now charge ``cents`` (home currency) for ``product``."""
        self.base[product] = cents
        self._newstore[product] = {}
        self._sitoo[product] = {}
        self._sitoo_lines[product] = {}

    def local(self, product: int, country: str) -> int:
        return local_price(self.base[product], self.world.home, COUNTRIES[country])

    def newstore(self, zone: str, product: Product) -> NewStoreUnit:
        cache = self._newstore[product.index]
        unit = cache.get(zone)
        if unit is None:
            country = COUNTRIES[zone[:2]]
            tax = self.world.tax_code(zone, product.tax_class)
            unit = cache[zone] = NewStoreUnit(product, tax, self.local(product.index, country.code), country.sales_tax)
        return unit

    def discounted(self, zone: str, product: Product, item_discount: int, order_discount: int) -> NewStoreUnit:
        plain = self.newstore(zone, product)
        return NewStoreUnit(product, plain.tax, plain.price, plain.sales_tax, item_discount, order_discount)

    def sitoo(self, country: str, product: Product) -> SitooUnit:
        cache = self._sitoo[product.index]
        unit = cache.get(country)
        if unit is None:
            zone = COUNTRIES[country].zones[0]
            rate = (zone.standard if product.tax_class == "standard" else zone.reduced)[1]
            unit = cache[country] = SitooUnit(product, rate, self.local(product.index, country))
        return unit

    def sitoo_line(self, country: str, product: Product, discount_percent: int, quantity: int) -> SitooLine:
        """A Sitoo order line; full-price lines (most of them) are cached, discounted ones are not."""
        if discount_percent:
            return SitooLine(self.sitoo(country, product), discount_percent, quantity)
        cache = self._sitoo_lines[product.index]
        key = (country, quantity)
        line = cache.get(key)
        if line is None:
            line = cache[key] = SitooLine(self.sitoo(country, product), 0, quantity)
        return line
