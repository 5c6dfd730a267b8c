"""The NetSuite flavour's HTTP surface, installed on a simulator app by :func:`install`.

``access`` (token, authentication, governance, governanceLimits), ``records`` (the
record API), ``jobs`` (async requests), ``admin`` (``/_sim/prices``, ``/_sim/stock``),
``present`` (how records look on the wire). Another flavour (Business Central) would
bring its own ``install`` and register it in :data:`simulators.erp.app.FLAVOURS`.
"""

from __future__ import annotations

from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response as BaseResponse

from simulators.common.journal import note

from .. import errors
from ..state import ErpState
from .access import access_blueprint
from .admin import erp_admin_blueprint
from .jobs import jobs_blueprint
from .records import records_blueprint


def install(app: Flask, state: ErpState) -> None:
    app.register_blueprint(access_blueprint(state))
    app.register_blueprint(records_blueprint(state))
    app.register_blueprint(jobs_blueprint(state))
    app.register_blueprint(erp_admin_blueprint(state))

    @app.errorhandler(errors.NetSuiteError)
    def netsuite_error(exc: errors.NetSuiteError) -> Response:
        if exc.status in (400, 403):
            note(request.environ, f"rejected: {exc.code}: {exc.detail}")
        for extra in exc.notes:
            note(request.environ, extra)
        return exc.response()

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> BaseResponse:
        if request.path.startswith("/_sim/"):
            return exc.get_response()
        status = exc.code or 500
        code = {404: "NONEXISTENT_ID", 405: "INVALID_REQUEST"}.get(status, "INVALID_REQUEST")
        return errors.NetSuiteError(status, code, exc.description or exc.name).response()


__all__ = ["install"]
