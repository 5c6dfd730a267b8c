"""Flask app factory for the exception queue: ``POST /exceptions``, ``GET /exceptions``."""

from __future__ import annotations

from flask import Flask, Response, jsonify, request
from pydantic import ValidationError

from simulators.common.app import simulator_app
from simulators.common.clock import SimClock
from simulators.common.journal import Journal, note

from .models import ExceptionReport
from .state import ExceptionQueueState


def create_app(state: ExceptionQueueState | None = None, journal: Journal | None = None, clock: SimClock | None = None) -> Flask:
    state = state if state is not None else ExceptionQueueState()
    app = simulator_app("exceptions", state, journal, clock)

    @app.post("/exceptions")
    def report() -> tuple[Response, int]:
        body = request.get_json(silent=True)
        try:
            parsed = ExceptionReport.model_validate(body)
        except ValidationError as exc:
            errors = [{"field": ".".join(str(p) for p in e["loc"]), "message": e["msg"]} for e in exc.errors()]
            note(request.environ, "rejected: invalid exception report")
            return jsonify({"message": "invalid exception report", "errors": errors}), 400
        return jsonify({"id": state.add(parsed)}), 201

    @app.get("/exceptions")
    def reports() -> Response:
        return jsonify(state.snapshot())

    return app
