"""NewStore's HTTP surface, one module per resource, plus the admin additions."""

from __future__ import annotations

from flask import Flask

from ..state import NewStoreState
from .admin import admin_blueprint
from .auth import auth_blueprint
from .eventstream import eventstream_blueprint
from .fulfillment import fulfillment_blueprint
from .inventory import inventory_blueprint
from .orders import orders_blueprint
from .returns import returns_blueprint

BLUEPRINTS = (
    auth_blueprint,
    orders_blueprint,
    returns_blueprint,
    fulfillment_blueprint,
    inventory_blueprint,
    eventstream_blueprint,
    admin_blueprint,
)


def register_routes(app: Flask, state: NewStoreState) -> None:
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint(state))
