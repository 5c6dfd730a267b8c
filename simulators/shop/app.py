"""Flask app factory for the web-shop simulator."""

from __future__ import annotations

from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response as BaseResponse

from simulators.common.app import simulator_app
from simulators.common.clock import SimClock
from simulators.common.journal import Journal, note

from . import errors
from .routes import shop_blueprint, sim_orders_blueprint
from .state import ShopState


def create_app(state: ShopState | None = None, journal: Journal | None = None, clock: SimClock | None = None) -> Flask:
    clock = clock if clock is not None else SimClock()
    state = state if state is not None else ShopState(business=clock.timestamp)
    app = simulator_app("shop", state, journal, clock)
    app.register_blueprint(shop_blueprint(state))
    app.register_blueprint(sim_orders_blueprint(state))

    @app.errorhandler(errors.ShopifyError)
    def shopify_error(exc: errors.ShopifyError) -> Response:
        note(request.environ, f"rejected {exc.status}: {exc.errors}")
        return exc.response()

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> BaseResponse:
        if request.path.startswith("/_sim/"):
            return exc.get_response()
        # Shopify answers unknown routes and wrong methods alike: 404 {"errors": "Not Found"}.
        if exc.code in (404, 405):
            return errors.not_found().response()
        return errors.ShopifyError(exc.code or 500, exc.name).response()

    return app
