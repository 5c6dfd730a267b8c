"""The one list of simulators, by name. A test checks it names every sub-package."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask

from simulators import erp, exceptions, newstore, shop, sitoo

SIMULATORS: dict[str, Callable[[], Flask]] = {
    "newstore": newstore.create_app,
    "sitoo": sitoo.create_app,
    "erp": erp.create_app,
    "shop": shop.create_app,
    "exceptions": exceptions.create_app,
}


def create(name: str) -> Flask:
    try:
        factory = SIMULATORS[name]
    except KeyError:
        raise KeyError(f"unknown simulator {name!r}; known: {', '.join(SIMULATORS)}") from None
    return factory()
