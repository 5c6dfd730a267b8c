"""Flask app factory for the Sitoo POS simulator."""

from __future__ import annotations

import time

from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.wrappers import Response as BaseResponse

from simulators.common.app import simulator_app
from simulators.common.clock import SimClock
from simulators.common.journal import Journal, note

from . import errors
from .admin import sitoo_admin_blueprint
from .routes import sitoo_blueprint
from .state import SitooState


def create_app(state: SitooState | None = None, journal: Journal | None = None, clock: SimClock | None = None) -> Flask:
    """``clock`` is the business clock: order dates and stock timestamps follow it."""
    clock = clock if clock is not None else SimClock()
    state = state if state is not None else SitooState(clock=clock.timestamp, transport_clock=time.monotonic)
    app = simulator_app("sitoo", state, journal, clock)
    app.register_blueprint(sitoo_admin_blueprint(state))
    app.register_blueprint(sitoo_blueprint(state))

    @app.errorhandler(errors.SitooError)
    def sitoo_error(exc: errors.SitooError) -> Response:
        if exc.status == 400:
            note(request.environ, f"rejected: {exc.errortext}")
        return exc.response()

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> BaseResponse:
        if request.path.startswith("/_sim/"):
            return exc.get_response()
        status = exc.code or 500
        text = {404: errors.NOT_FOUND_TEXT, 405: "Method not allowed."}.get(status, exc.description or exc.name)
        allow = {k: v for k, v in exc.get_headers() if k == "Allow"}
        return errors.SitooError(status, text, allow).response()

    @app.errorhandler(InternalServerError)
    def server_error(exc: InternalServerError) -> Response:
        note(request.environ, f"simulator bug: {exc.original_exception!r}")
        return errors.SitooError(500, "Internal Server Error.").response()

    return app
