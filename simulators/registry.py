"""The one list of simulators, by name. A test checks it names every sub-package."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask

from simulators import erp, exceptions, newstore, shop, sitoo
from simulators.common.clock import SimClock

SIMULATORS: dict[str, Callable[..., Flask]] = {
    "newstore": newstore.create_app,
    "sitoo": sitoo.create_app,
    "erp": erp.create_app,
    "shop": shop.create_app,
    "exceptions": exceptions.create_app,
}


def create(name: str, clock: SimClock | None = None) -> Flask:
    """A new simulator app; pass ``clock`` to share one business clock between simulators."""
    try:
        factory = SIMULATORS[name]
    except KeyError:
        raise KeyError(f"unknown simulator {name!r}; known: {', '.join(SIMULATORS)}") from None
    return factory(clock=clock)
