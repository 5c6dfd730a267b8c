"""Event stream registration: list, register (201 new / 200 re-registered), read, start, stop."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify

from .. import errors
from ..models import EventStreamRegistration
from ..state import NewStoreState
from .common import body

EVENTSTREAM = "/api/v1/org/integrations/eventstream"


def eventstream_blueprint(state: NewStoreState) -> Blueprint:
    api = Blueprint("newstore_eventstream", __name__)

    @api.get(EVENTSTREAM)
    def list_streams() -> Response:
        return jsonify({"items": state.atomic(lambda: [s.to_dict() for s in state.streams.streams.values()])})

    @api.post(EVENTSTREAM)
    def register_stream() -> tuple[Response, int]:
        stream, created = state.register(body(EventStreamRegistration))
        return jsonify(stream), 201 if created else 200

    @api.get(f"{EVENTSTREAM}/<stream_id>")
    def get_stream(stream_id: str) -> Response:
        stream = state.stream(stream_id)
        if stream is None:
            raise errors.not_found(f"Event stream {stream_id}")
        return jsonify(stream)

    @api.post(f"{EVENTSTREAM}/<stream_id>/_start")
    def start_stream(stream_id: str) -> Response:
        return _set_running(stream_id, True)

    @api.post(f"{EVENTSTREAM}/<stream_id>/_stop")
    def stop_stream(stream_id: str) -> Response:
        return _set_running(stream_id, False)

    def _set_running(stream_id: str, running: bool) -> Response:
        stream = state.set_running(stream_id, running)
        if stream is None:
            raise errors.not_found(f"Event stream {stream_id}")
        return jsonify(state.stream(stream_id))

    return api
