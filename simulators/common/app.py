"""The skeleton every simulator's Flask app is built on.

``simulator_app`` gives a Flask app that already has the ``/_sim/`` admin surface,
journals every vendor request, injects transport faults on cue and carries a simulated
clock; each simulator's ``create_app`` adds its own routes and error handlers on top. The
state, journal, fault injector and clock live on the app (``app.extensions``), never in
module globals, so tests can hold many independent simulators at once.

The WSGI stack, outside in: journal -> faults -> Flask. Faults sit inside the journal so
every injected fault is recorded, and outside Flask so no vendor route knows about them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import Flask

from .admin import SimulatorState, admin_blueprint
from .clock import SimClock
from .fault_middleware import FaultMiddleware
from .faults import FaultInjector
from .journal import Journal, JournalMiddleware

EXTENSION_KEY = "pos_harness"


@dataclass
class SimulatorHandle:
    """What the app carries about itself: its name, state, journal, faults and clock."""

    name: str
    state: Any
    journal: Journal
    faults: FaultInjector = field(default_factory=FaultInjector)
    clock: SimClock = field(default_factory=SimClock)


def simulator_app(
    name: str,
    state: SimulatorState,
    journal: Journal | None = None,
    clock: SimClock | None = None,
    faults: FaultInjector | None = None,
) -> Flask:
    """A Flask app with the admin surface, journal and fault injection wired in.

    Pass ``clock`` to share one business clock between simulators in one process, and
    ``faults`` to configure the injector (e.g. its seed) up front.
    """
    app = Flask(f"simulators.{name}")
    app.json.sort_keys = False  # type: ignore[attr-defined]
    journal = journal if journal is not None else Journal()
    clock = clock if clock is not None else SimClock()
    faults = faults if faults is not None else FaultInjector()
    app.extensions[EXTENSION_KEY] = SimulatorHandle(name, state, journal, faults, clock)
    app.register_blueprint(admin_blueprint(name, state, journal, faults, clock))
    app.wsgi_app = JournalMiddleware(FaultMiddleware(app.wsgi_app, faults), journal)  # type: ignore[method-assign]
    return app


def handle(app: Flask) -> SimulatorHandle:
    """The name, state, journal, fault injector and clock of a simulator app."""
    return app.extensions[EXTENSION_KEY]  # type: ignore[no-any-return]
