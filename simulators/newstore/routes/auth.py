"""The identity provider's token endpoint, and the guard every API request passes:
rate limit first (the gateway throttles before it authorises; *inferred*), then the token.

The token endpoint lives on ``id.p.newstore.net`` in production; here it is a path on
the same server (``NEWSTORE_TOKEN_URL`` tells the integration where).
"""

from __future__ import annotations

import re

from flask import Blueprint, Response, jsonify, request

from simulators.common.journal import note
from simulators.common.tokens import TokenStatus, bearer_token

from .. import errors
from ..responses import TokenAnswer
from ..state import NewStoreState

API_PREFIXES = ("/v0/", "/_/v0/", "/api/v1/")
_PARAM = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")


def route_template() -> str | None:
    """The matched route as the docs write it: ``/v0/d/orders/{order_id}/returns``."""
    rule = request.url_rule
    return _PARAM.sub(r"{\1}", rule.rule) if rule is not None else None


def auth_blueprint(state: NewStoreState) -> Blueprint:
    api = Blueprint("newstore_auth", __name__)

    @api.before_app_request
    def guard() -> None:
        if not request.path.startswith(API_PREFIXES):
            return None
        wait = state.limiter.check(request.method, route_template())
        if wait is not None:
            note(request.environ, f"rate limited: retry after {wait}s")
            raise errors.rate_limited(wait)
        token = bearer_token(request.headers.get("Authorization"))
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
        basic = request.authorization if request.authorization and request.authorization.type == "basic" else None
        if basic is not None:  # any other Authorization (a stale Bearer token) leaves the form to speak
            client_id, secret = basic.username, basic.password
        else:
            client_id, secret = form.get("client_id"), form.get("client_secret")
        if not client_id or state.config.clients.get(client_id) != secret:
            return jsonify(
                {"error": "unauthorized_client", "error_description": "Invalid client or Invalid client credentials"}
            ), 401
        scope = form.get("scope", "")
        issued = state.tokens.issue(client_id, scope)
        answer = TokenAnswer(
            access_token=issued.access_token,
            expires_in=state.tokens.ttl_seconds,
            refresh_expires_in=0,
            token_type="Bearer",
            not_before_policy=0,
            scope=scope,
        )
        return jsonify(answer.model_dump())

    return api
