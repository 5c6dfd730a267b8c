"""When customers arrive, day by day: store baskets, web orders and returns, each drawn from
its curve, merged with the scenario's special arrivals into one time-ordered stream.

Every stream is a generator, so the merge holds one pending arrival per stream, never
the day's list. A stream's count per day is fixed by the scenario (``sales``,
``web_orders``, ``returns.rate`` of both); bursts reshape when they happen.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator

from ..clock import clock_seconds
from ..curve import Curve, store_shape, web_shape
from .admin import Arrival
from .context import Context

SALE, WEB, RETURN = 1, 2, 3


def _stream(ctx: Context, kind: int, per_day: int, web: bool) -> Iterator[Arrival]:
    traffic = ctx.scenario.traffic
    start = traffic.opening_hour * 3600.0
    end = start + traffic.trading_hours * 3600.0
    shape = (web_shape if web else store_shape)(traffic.opening_hour)
    share = (lambda _clock: 1.0) if web else ctx.open_stores.open_share
    for day in range(1, traffic.days + 1):
        bursts = [
            (clock_seconds(b.at), clock_seconds(b.at) + b.minutes * 60.0, b.multiplier)
            for b in traffic.bursts
            if b.day is None or b.day == day
        ]
        curve = Curve(start, end, shape, share, bursts)
        for clock in curve.arrivals(per_day, ctx.rng):
            yield (ctx.clock.offset(day, clock), kind, 0, None)


def merged(ctx: Context, special: list[Arrival]) -> Iterator[Arrival]:
    traffic = ctx.scenario.traffic
    returns = round(traffic.returns.rate * (traffic.sales + traffic.web_orders))
    streams = [
        _stream(ctx, SALE, traffic.sales, web=False),
        _stream(ctx, WEB, traffic.web_orders, web=True),
        _stream(ctx, RETURN, returns, web=False),
        iter(special),
    ]
    return heapq.merge(*streams)  # ties break on kind, then the special arrivals' order
