"""Peak-trading load shapes as Locust ``LoadTestShape`` classes.

Each shape reads Locust's own ``--users`` (the peak), ``--spawn-rate`` (the least spawn
rate) and ``--run-time`` (the whole curve), so ``locust -f loadtests/locustfile.py -u 200
-t 10m`` with ``POS_LOAD_SHAPE=black-friday`` means "a Black Friday peaking at 200 users,
lasting ten minutes". The curves themselves are in :mod:`loadtests.curves`.

The locustfile exposes only the shape it was asked for: Locust runs the first shape class
it finds in a locustfile, so importing all three there would always pick the first.
"""

# mypy: disallow-untyped-calls=False
# (LoadTestShape's methods are untyped.)
from __future__ import annotations

from typing import Any, ClassVar

from locust import LoadTestShape

from .curves import BlackFriday as BlackFridayCurve
from .curves import Curve
from .curves import FlashSale as FlashSaleCurve
from .curves import NormalTradingDay as NormalTradingDayCurve

DEFAULT_USERS = 10
DEFAULT_RUN_TIME = 60.0


class PeakTradingShape(LoadTestShape):
    """A curve from :mod:`loadtests.curves`, sized by Locust's ``-u``, ``-r`` and ``-t``."""

    abstract: ClassVar[bool] = True
    use_common_options: ClassVar[bool] = True
    curve_class: ClassVar[type[Curve]] = Curve

    def curve(self) -> Curve:
        options: Any = getattr(getattr(self.runner, "environment", None), "parsed_options", None)
        users = int(getattr(options, "num_users", None) or DEFAULT_USERS)
        run_time = float(getattr(options, "run_time", None) or DEFAULT_RUN_TIME)
        spawn_rate = float(getattr(options, "spawn_rate", None) or 0.0)
        return self.curve_class(users, run_time, spawn_rate)

    def stop_now(self) -> bool:
        """Overridden by the locustfile: stop early once every event has been published."""
        return False

    def tick(self) -> tuple[int, float] | None:
        if self.stop_now():
            return None
        return self.curve().tick(float(self.get_run_time()))


class NormalTradingDay(PeakTradingShape):
    curve_class = NormalTradingDayCurve


class BlackFriday(PeakTradingShape):
    curve_class = BlackFridayCurve


class FlashSale(PeakTradingShape):
    curve_class = FlashSaleCurve


SHAPES: dict[str, type[PeakTradingShape]] = {
    shape.curve_class.name: shape for shape in (NormalTradingDay, BlackFriday, FlashSale)
}
