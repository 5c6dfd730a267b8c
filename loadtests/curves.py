"""How many users a load shape wants at each moment: plain arithmetic, no Locust.

A curve is a piecewise-linear list of ``(fraction of the run, fraction of the peak)``
points, scaled to the run's length and its peak user count (``--users`` is the peak).
:mod:`loadtests.shapes` wraps each curve in a Locust ``LoadTestShape``; keeping the
arithmetic here lets the harness and the tests ask "how many users at second 12?"
without importing Locust (which monkey-patches the process it is imported into).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

Point = tuple[float, float]  # (fraction of the run's duration, fraction of the peak user count)


@dataclass(frozen=True)
class Curve:
    """``peak_users`` at the curve's 1.0, over ``duration`` seconds, spawning ``spawn_rate`` users/s."""

    peak_users: int
    duration: float
    spawn_rate: float = 0.0  # 0: fast enough to follow the curve

    name: ClassVar[str] = "curve"
    summary: ClassVar[str] = ""
    points: ClassVar[tuple[Point, ...]] = ((0.0, 1.0), (1.0, 1.0))
    # Windows (as fractions) where the curve jumps: users arrive or leave at once.
    jumps: ClassVar[tuple[tuple[float, float], ...]] = ()

    def __post_init__(self) -> None:
        if self.peak_users < 1:
            raise ValueError("a load shape needs at least one user at its peak")
        if self.duration <= 0:
            raise ValueError("a load shape needs a positive duration")

    def level(self, fraction: float) -> float:
        """The curve's height (0..1) at ``fraction`` of the run, by linear interpolation."""
        points = self.points
        if fraction <= points[0][0]:
            return points[0][1]
        for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
            if fraction <= x1:
                return y0 if x1 == x0 else y0 + (y1 - y0) * (fraction - x0) / (x1 - x0)
        return points[-1][1]

    def users_at(self, seconds: float) -> int | None:
        """Users wanted ``seconds`` into the run; None once the run is over (Locust then stops)."""
        if seconds >= self.duration:
            return None
        return max(1, round(self.peak_users * self.level(seconds / self.duration)))

    def spawn_rate_at(self, seconds: float) -> float:
        """Users started (or stopped) per second: quick enough to follow the curve, instant in a jump."""
        fraction = seconds / self.duration
        if any(start <= fraction < end for start, end in self.jumps):
            return float(self.peak_users)
        steepest = max(
            (abs(y1 - y0) / (x1 - x0) for (x0, y0), (x1, y1) in zip(self.points, self.points[1:], strict=False) if x1 > x0),
            default=0.0,
        )
        follow = self.peak_users * steepest / self.duration * 2  # twice the steepest slope, in users/s
        return max(self.spawn_rate, follow, 1.0)

    def tick(self, seconds: float) -> tuple[int, float] | None:
        """What ``LoadTestShape.tick`` returns ``seconds`` into the run."""
        users = self.users_at(seconds)
        return None if users is None else (users, self.spawn_rate_at(seconds))

    def peak_ratio(self) -> float:
        """Peak users over the quietest moment's users (10x+ for Black Friday)."""
        quietest = min(max(1, round(self.peak_users * y)) for _, y in self.points)
        return max(max(1, round(self.peak_users * y)) for _, y in self.points) / quietest


class NormalTradingDay(Curve):
    name = "normal"
    summary = "a trading day compressed into the run: opening, a lunchtime peak, a busy late afternoon, closing"
    points = ((0.0, 0.2), (0.1, 0.4), (0.4, 0.7), (0.5, 1.0), (0.6, 0.7), (0.85, 0.8), (1.0, 0.3))


class BlackFriday(Curve):
    """From a normal day's level (1/12 of the peak) the doors open and traffic climbs to 12x."""

    name = "black-friday"
    summary = "a normal level (1/12 of --users) ramping to the peak (12x) by mid-run, held, then easing"
    points = ((0.0, 1 / 12), (0.1, 1 / 12), (0.5, 1.0), (0.85, 1.0), (1.0, 0.6))


class FlashSale(Curve):
    """A quiet shop; the sale opens and every user arrives at once; the stock sells out; quiet again."""

    name = "flash-sale"
    summary = "a quiet tenth of --users, a spike to all of them at 30% of the run for 20% of it, then quiet"
    points = ((0.0, 0.1), (0.3, 0.1), (0.3, 1.0), (0.5, 1.0), (0.5, 0.1), (1.0, 0.1))
    jumps = ((0.3, 0.31), (0.5, 0.51))


CURVES: dict[str, type[Curve]] = {curve.name: curve for curve in (NormalTradingDay, BlackFriday, FlashSale)}


def curve(name: str, peak_users: int, duration: float, spawn_rate: float = 0.0) -> Curve:
    """The named curve (``normal``, ``black-friday``, ``flash-sale``) for a run."""
    try:
        return CURVES[name](peak_users, duration, spawn_rate)
    except KeyError:
        raise ValueError(f"unknown load shape {name!r}; choose one of {', '.join(CURVES)}") from None
