"""Who may call and how often: the OAuth 2.0 token endpoint, authentication, governance.

Every request under ``/services/rest/{record,system,async}/`` needs a valid bearer
token, then must find room in the optional per-client rate window and a free slot of
the account's concurrency limit; the slot is held until the response is sent.
"""

from __future__ import annotations

import time

from flask import Blueprint, Response, g, jsonify, request

from simulators.common.journal import note
from simulators.common.tokens import TokenStatus, bearer_token

from .. import errors
from ..oauth import JWT_BEARER, OAuthError, client_from_assertion, client_from_secret
from ..responses import GovernanceLimits, TokenAnswer
from ..state import ErpState

GOVERNED_PREFIXES = ("/services/rest/record/", "/services/rest/system/", "/services/rest/async/")


def access_blueprint(state: ErpState) -> Blueprint:
    api = Blueprint("netsuite_access", __name__)

    @api.before_app_request
    def authenticate_and_govern() -> Response | None:
        if not request.path.startswith(GOVERNED_PREFIXES):
            return None
        token = bearer_token(request.headers.get("Authorization"))
        if token is None or state.tokens.check(token) is not TokenStatus.VALID:
            return errors.unauthorized().response()
        refusal = state.admit(state.token_clients.get(token, "?"))
        if refusal is not None:
            note(request.environ, f"governance: {refusal.code}: {refusal.detail}")
            return refusal.response()
        g.holds_slot = True
        if state.config.latency_ms > 0:
            time.sleep(state.config.latency_ms / 1000)
        return None

    @api.teardown_app_request
    def release_slot(_exc: BaseException | None) -> None:
        if g.pop("holds_slot", False):
            state.release()

    @api.post("/services/rest/auth/oauth2/v1/token")
    def token() -> tuple[Response, int] | Response:
        form = request.form
        try:
            if form.get("grant_type") != "client_credentials":
                raise OAuthError("unsupported_grant_type", "grant_type must be client_credentials")
            if form.get("client_assertion_type") == JWT_BEARER and form.get("client_assertion"):
                client_id = client_from_assertion(form["client_assertion"], state.config.clients)
            elif request.authorization is not None and request.authorization.type == "basic":
                client_id = client_from_secret(
                    request.authorization.username, request.authorization.password, state.config.clients
                )
            else:
                client_id = client_from_secret(form.get("client_id"), form.get("client_secret"), state.config.clients)
        except OAuthError as exc:
            return jsonify(exc.body()), exc.status
        issued = state.tokens.issue(client_id, "rest_webservices")
        with state.lock:
            state.token_clients[issued.access_token] = client_id
        return jsonify(TokenAnswer(access_token=issued.access_token, expires_in=str(state.tokens.ttl_seconds)).model_dump())

    @api.get("/services/rest/system/v1/governanceLimits")
    def governance_limits() -> Response:
        limit = state.config.concurrency_limit
        return jsonify(GovernanceLimits(accountConcurrencyLimit=limit, unallocatedConcurrencyLimit=limit).model_dump())

    return api
