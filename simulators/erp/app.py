"""Flask app factory for the ERP simulator.

``flavour`` picks the vendor surface installed over the shared state: only
``"netsuite"`` (SuiteTalk REST) exists today. A Business Central flavour would add
``simulators/erp/businesscentral/`` with its own ``install(app, state)`` and reuse the
flavour-neutral pieces (``store``, ``stock``, ``masterdata``, ``governance``).
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask

from simulators.common.app import simulator_app
from simulators.common.clock import SimClock
from simulators.common.journal import Journal

from . import routes
from .state import ErpConfig, ErpState

FLAVOURS: dict[str, Callable[[Flask, ErpState], None]] = {"netsuite": routes.install}


def create_app(
    state: ErpState | None = None, journal: Journal | None = None, flavour: str = "netsuite", clock: SimClock | None = None
) -> Flask:
    """``clock`` is the shared business clock (``/_sim/clock``); governance and token expiry
    stay on wall time, because an integration's retries run in real seconds."""
    if flavour not in FLAVOURS:
        raise ValueError(f"unknown ERP flavour {flavour!r}; known: {', '.join(FLAVOURS)}")
    state = state if state is not None else ErpState(ErpConfig())
    app = simulator_app("erp", state, journal, clock)
    FLAVOURS[flavour](app, state)
    return app
