"""The markets a retailer can trade in: currency, tax regime, locale and price points.

Facts, not randomness: a scenario names countries and the world takes their currency,
their VAT (or, in the US, state sales tax) and a Faker locale from this table. Prices are
mastered in the home currency; other currencies get a converted price rounded to the
price endings shoppers see in that market (``x.99``, ``x.95``, ``299 kr``).
"""

from __future__ import annotations

from dataclasses import dataclass

from .money import div_half_up


@dataclass(frozen=True, slots=True)
class TaxZone:
    """Where one pair of tax codes applies: a VAT country, or a US state."""

    zone: str  # "GB", "US-NY"
    standard: tuple[str, int]  # (tax name as the POS writes it, rate in 1e-5)
    reduced: tuple[str, int]  # children's clothing and the like


@dataclass(frozen=True, slots=True)
class Country:
    code: str
    name: str
    currency: str
    locale: str
    price_method: str  # NewStore's: "tax_included" (VAT) or "tax_excluded" (US sales tax)
    fx_permille: int  # price in this currency per 1000 GBP pence, before rounding
    zones: tuple[TaxZone, ...]  # VAT countries have one; the US one per state

    @property
    def sales_tax(self) -> bool:
        return self.price_method == "tax_excluded"


def _vat(code: str, word: str, standard: int, reduced: int) -> tuple[TaxZone, ...]:
    def name(rate: int) -> str:
        whole, rest = divmod(rate, 1000)
        return f"{code} {word} {whole}%" if rest == 0 else f"{code} {word} {rate / 1000:g}%"

    return (TaxZone(code, (name(standard), standard), (name(reduced), reduced)),)


def _state(state: str, rate: int) -> TaxZone:
    name = f"US-{state} Sales Tax {rate / 1000:g}%"
    return TaxZone(f"US-{state}", (name, rate), (name, rate))


COUNTRIES: dict[str, Country] = {
    c.code: c
    for c in (
        Country("GB", "United Kingdom", "GBP", "en_GB", "tax_included", 1000, _vat("GB", "VAT", 20_000, 0)),
        Country("IE", "Ireland", "EUR", "en_IE", "tax_included", 1170, _vat("IE", "VAT", 23_000, 0)),
        Country("DE", "Germany", "EUR", "de_DE", "tax_included", 1170, _vat("DE", "MwSt", 19_000, 7_000)),
        Country("FR", "France", "EUR", "fr_FR", "tax_included", 1170, _vat("FR", "TVA", 20_000, 5_500)),
        Country("NL", "Netherlands", "EUR", "nl_NL", "tax_included", 1170, _vat("NL", "BTW", 21_000, 9_000)),
        Country("SE", "Sweden", "SEK", "sv_SE", "tax_included", 13_500, _vat("SE", "Moms", 25_000, 12_000)),
        Country("NO", "Norway", "NOK", "no_NO", "tax_included", 13_800, _vat("NO", "MVA", 25_000, 15_000)),
        Country("DK", "Denmark", "DKK", "da_DK", "tax_included", 8_700, _vat("DK", "Moms", 25_000, 25_000)),
        Country(
            "US",
            "United States",
            "USD",
            "en_US",
            "tax_excluded",
            1260,
            (_state("NY", 8_875), _state("CA", 7_250), _state("TX", 8_250), _state("IL", 10_250)),
        ),
    )
}

# ERP currency internal ids: fixed, so a currency has the same id in every scenario.
CURRENCY_IDS = {"GBP": "1", "EUR": "2", "SEK": "3", "USD": "4", "NOK": "5", "DKK": "6"}

# Shelf prices in GBP pence: the home price points the catalogue draws from.
PRICE_POINTS = (499, 999, 1250, 1500, 1999, 2499, 2999, 3500, 3999, 4999, 5900, 7999, 8900, 12000)


def local_price(home_cents: int, home: Country, market: Country) -> int:
    """A home-currency price converted to ``market`` and rounded to its price endings."""
    if home.currency == market.currency:
        return home_cents
    raw = div_half_up(home_cents * market.fx_permille, home.fx_permille)
    if market.currency in ("SEK", "NOK", "DKK"):
        return max(900, (raw + 500) // 1000 * 1000 - 100)  # 299.00, 449.00 ...
    if market.currency == "USD":
        return max(99, (raw + 50) // 100 * 100 - 1)  # 24.99
    return max(95, (raw + 50) // 100 * 100 - 5)  # 22.95
