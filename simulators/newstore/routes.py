"""NewStore's HTTP surface: the identity provider's token endpoint, orders, event stream.

The token endpoint lives on ``id.p.newstore.net`` in production; here it is a path on
the same server (``NEWSTORE_TOKEN_URL`` tells the integration where).
"""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request
from pydantic import ValidationError

from simulators.common.journal import note
from simulators.common.tokens import TokenStatus, bearer_token

from . import errors
from .models import EventStreamRegistration, PublishedEvent
from .state import NewStoreState

API_PREFIXES = ("/v0/", "/_/v0/", "/api/v1/")
EVENTSTREAM = "/api/v1/org/integrations/eventstream"


def newstore_blueprint(state: NewStoreState) -> Blueprint:
    api = Blueprint("newstore", __name__)

    @api.before_app_request
    def authenticate() -> None:
        if not request.path.startswith(API_PREFIXES):
            return None
        header = request.headers.get("Authorization")
        token = bearer_token(header)
        if token is None:
            raise errors.missing_token()
        status = state.tokens.check(token)
        if status is not TokenStatus.VALID:
            raise errors.bad_token(expired=status is TokenStatus.EXPIRED)
        return None

    @api.post("/auth/realms/<tenant>/protocol/openid-connect/token")
    def token(tenant: str) -> tuple[Response, int] | Response:
        if tenant != state.config.tenant:
            return jsonify({"error": "Realm does not exist"}), 404
        form = request.form
        if form.get("grant_type") != "client_credentials":
            return jsonify({"error": "unsupported_grant_type", "error_description": "Unsupported grant_type"}), 400
        if request.authorization is not None:
            client_id, secret = request.authorization.username, request.authorization.password
        else:
            client_id, secret = form.get("client_id"), form.get("client_secret")
        if not client_id or state.config.clients.get(client_id) != secret:
            return jsonify(
                {"error": "unauthorized_client", "error_description": "Invalid client or Invalid client credentials"}
            ), 401
        scope = form.get("scope", "")
        issued = state.tokens.issue(client_id, scope)
        return jsonify(
            {
                "access_token": issued.access_token,
                "expires_in": state.tokens.ttl_seconds,
                "refresh_expires_in": 0,
                "token_type": "Bearer",
                "not-before-policy": 0,
                "scope": scope,
            }
        )

    @api.get("/v0/c/customer_orders/<order_id>")
    def customer_order(order_id: str) -> Response:
        order = state.order(order_id)
        if order is None:
            raise errors.not_found(f"Order {order_id}")
        return jsonify(order)

    @api.get("/v0/d/external_orders/<external_id>")
    def external_order(external_id: str) -> Response:
        order = state.order(external_id)
        if order is None:
            raise errors.not_found(f"Order with external id {external_id}")
        return jsonify(order)

    @api.get(EVENTSTREAM)
    def list_streams() -> Response:
        return jsonify({"items": [s.to_dict() for s in state.streams.values()]})

    @api.post(EVENTSTREAM)
    def register_stream() -> tuple[Response, int]:
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            raise errors.bad_request("The request body must be a JSON object.")
        try:
            registration = EventStreamRegistration.model_validate(body)
        except ValidationError as exc:
            first = exc.errors()[0]
            raise errors.bad_request(f"{'.'.join(str(p) for p in first['loc'])}: {first['msg']}") from None
        stream, created = state.register(registration)
        return jsonify(stream.to_dict()), 201 if created else 200

    @api.get(f"{EVENTSTREAM}/<stream_id>")
    def get_stream(stream_id: str) -> Response:
        stream = state.streams.get(stream_id)
        if stream is None:
            raise errors.not_found(f"Event stream {stream_id}")
        return jsonify(stream.to_dict())

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
        return jsonify(stream.to_dict())

    return api


def newstore_admin_blueprint(state: NewStoreState) -> Blueprint:
    """Admin additions: publish events as the POS would, and read delivery attempts."""
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

    @admin.post("/tokens/expire")
    def expire_tokens() -> Response:
        state.tokens.expire_all()
        note(request.environ, "admin: all tokens expired")
        return jsonify({"expired": True})

    return admin
