"""Flask app factory for the NewStore simulator."""

from __future__ import annotations

from flask import Flask, Response, request
from pydantic import ValidationError
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response as BaseResponse

from simulators.common.app import simulator_app
from simulators.common.clock import SimClock
from simulators.common.journal import Journal, note

from . import errors
from .config import NewStoreConfig
from .routes import register_routes
from .routes.common import validation_message
from .state import NewStoreState


def create_app(state: NewStoreState | None = None, journal: Journal | None = None, clock: SimClock | None = None) -> Flask:
    """``clock`` is the business clock: timestamps the simulator writes into events follow it."""
    clock = clock if clock is not None else SimClock()
    state = state if state is not None else NewStoreState(NewStoreConfig(), now_iso=clock.now_iso)
    app = simulator_app("newstore", state, journal, clock)
    register_routes(app, state)
    request_ids = errors.RequestIds()

    @app.errorhandler(errors.NewStoreError)
    def newstore_error(exc: errors.NewStoreError) -> Response:
        if exc.status == 400:
            note(request.environ, f"rejected: {exc.message}")
        return errors.error_response(exc, request_ids.next())

    @app.errorhandler(ValidationError)
    def invalid(exc: ValidationError) -> Response:
        return newstore_error(errors.bad_request(validation_message(exc)))

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> BaseResponse:
        if request.path.startswith("/_sim/"):
            return exc.get_response()
        status = exc.code or 500
        headers = {k: v for k, v in exc.get_headers() if k.lower() != "content-type"}  # a 405's Allow
        error = errors.NewStoreError(status, exc.name.lower().replace(" ", "_"), exc.description or exc.name, headers)
        return errors.error_response(error, request_ids.next())

    return app
