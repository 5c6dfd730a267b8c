"""The skeleton every simulator's Flask app is built on.

``simulator_app`` gives a Flask app that already has the ``/_sim/`` admin surface and
journals every vendor request; each simulator's ``create_app`` adds its own routes and
error handlers on top. The state and journal live on the app (``app.extensions``), never
in module globals, so tests can hold many independent simulators at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Flask

from .admin import SimulatorState, admin_blueprint
from .journal import Journal, JournalMiddleware

EXTENSION_KEY = "pos_harness"


@dataclass
class SimulatorHandle:
    """What the app carries about itself: its name, state and journal."""

    name: str
    state: Any
    journal: Journal


def simulator_app(name: str, state: SimulatorState, journal: Journal | None = None) -> Flask:
    app = Flask(f"simulators.{name}")
    app.json.sort_keys = False  # type: ignore[attr-defined]
    journal = journal if journal is not None else Journal()
    app.extensions[EXTENSION_KEY] = SimulatorHandle(name, state, journal)
    app.register_blueprint(admin_blueprint(name, state, journal))
    app.wsgi_app = JournalMiddleware(app.wsgi_app, journal)  # type: ignore[method-assign]
    return app


def handle(app: Flask) -> SimulatorHandle:
    """The name, state and journal of a simulator app."""
    return app.extensions[EXTENSION_KEY]  # type: ignore[no-any-return]
