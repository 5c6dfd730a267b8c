"""Flask app factory for the ERP simulator."""

from __future__ import annotations

from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response as BaseResponse

from simulators.common.app import simulator_app
from simulators.common.journal import Journal, note

from . import errors
from .routes import erp_blueprint
from .state import ErpConfig, ErpState


def create_app(state: ErpState | None = None, journal: Journal | None = None) -> Flask:
    state = state if state is not None else ErpState(ErpConfig())
    app = simulator_app("erp", state, journal)
    app.register_blueprint(erp_blueprint(state))

    @app.errorhandler(errors.NetSuiteError)
    def netsuite_error(exc: errors.NetSuiteError) -> Response:
        if exc.status == 400:
            note(request.environ, f"rejected: {exc.code}: {exc.detail}")
        return exc.response()

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> BaseResponse:
        if request.path.startswith("/_sim/"):
            return exc.get_response()
        status = exc.code or 500
        code = {404: "NONEXISTENT_ID", 405: "INVALID_REQUEST"}.get(status, "INVALID_REQUEST")
        return errors.NetSuiteError(status, code, exc.description or exc.name).response()

    return app
