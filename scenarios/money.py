"""Money as integer cents and tax rates as integer hundred-thousandths.

The generator prices hundreds of thousands of baskets per second, so it cannot afford
``Decimal`` in its hot loop; integers are exact and fast. Every rounding here is half-up
(half away from zero for negatives), which is what ``Decimal.quantize(ROUND_HALF_UP)``
gives and what docs/integration-contract.md specifies, so the checks may recompute any
figure in ``Decimal`` and get the same cents.
"""

from __future__ import annotations

RATE_UNIT = 100_000  # a tax rate of 20% is 20_000; 8.875% is 8_875
_CENTS = tuple(f".{n:02d}" for n in range(100))


def div_half_up(numerator: int, denominator: int) -> int:
    """``numerator / denominator`` rounded half away from zero (``denominator`` > 0)."""
    if numerator >= 0:
        return (2 * numerator + denominator) // (2 * denominator)
    return -((2 * -numerator + denominator) // (2 * denominator))


def net_of_gross(gross: int, rate: int) -> int:
    """The tax-exclusive part of a tax-inclusive amount: ``gross / (1 + rate)``, in cents."""
    return div_half_up(gross * RATE_UNIT, RATE_UNIT + rate)


def tax_on_net(net: int, rate: int) -> int:
    """Tax on a tax-exclusive amount: ``net * rate``, in cents."""
    return div_half_up(net * rate, RATE_UNIT)


def percent_of(amount: int, percent: int) -> int:
    """``amount * percent / 100`` in cents (a discount of ``percent``)."""
    return div_half_up(amount * percent, 100)


def text(cents: int) -> str:
    """``-12.34``: two decimals, as Sitoo and the ground truth write money."""
    if cents < 0:
        return "-" + str(-cents // 100) + _CENTS[-cents % 100]
    return str(cents // 100) + _CENTS[cents % 100]


def number(cents: int) -> float:
    """A float for NewStore's JSON numbers; ``1999 / 100`` prints as ``19.99``."""
    return cents / 100


def rate_number(rate: int) -> float:
    """A tax rate as the fraction NewStore writes, e.g. ``0.2`` or ``0.08875``."""
    return rate / RATE_UNIT


def rate_percent(rate: int) -> int | float:
    """A tax rate as the percentage Sitoo writes (``vatvalue``): 25, or 5.5."""
    whole, rest = divmod(rate, 1000)
    return whole if rest == 0 else rate / 1000
