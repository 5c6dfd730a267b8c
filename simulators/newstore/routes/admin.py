"""Admin additions: publish events as the POS would, read delivery attempts, expire tokens."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request
from pydantic import ValidationError

from simulators.common.journal import note

from ..models import PublishedEvent
from ..state import NewStoreState


def admin_blueprint(state: NewStoreState) -> Blueprint:
    admin = Blueprint("newstore_admin", __name__, url_prefix="/_sim")

    @admin.post("/publish")
    def publish() -> tuple[Response, int]:
        body = request.get_json(silent=True)
        items = body.get("events") if isinstance(body, dict) else None
        if not isinstance(items, list):
            return jsonify({"error": 'POST /_sim/publish takes {"events": [...]}'}), 400
        try:
            events = [PublishedEvent.model_validate(item) for item in items]
        except ValidationError as exc:
            return jsonify({"error": str(exc)}), 400
        return jsonify({"published": state.publish(events)}), 202

    @admin.get("/deliveries")
    def deliveries() -> Response:
        return jsonify({"deliveries": state.deliveries(request.args.get("since", 0, type=int))})

    @admin.get("/events")
    def events() -> Response:
        """Every event published, in order: ``origin`` is ``pos`` (admin) or ``api`` (caused by a call)."""
        return jsonify({"events": state.published_events(request.args.get("since", 0, type=int))})

    @admin.post("/tokens/expire")
    def expire_tokens() -> Response:
        state.tokens.expire_all()
        note(request.environ, "admin: all tokens expired")
        return jsonify({"expired": True})

    return admin
