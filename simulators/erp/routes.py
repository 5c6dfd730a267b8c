"""The NetSuite REST surface: token, record CRUD and upsert, governance limits.

Thin handlers: parse the request, call :class:`ErpState`, format NetSuite's response.
"""

from __future__ import annotations

import json
import time
from typing import Any

from flask import Blueprint, Response, g, jsonify, request

from simulators.common.journal import note
from simulators.common.tokens import TokenStatus, bearer_token

from . import errors
from .models import HEADER_REFERENCES, MASTER_TYPES, WRITABLE_TYPES
from .oauth import JWT_BEARER, OAuthError, client_from_assertion, client_from_secret
from .state import ErpState

RECORD_ROOT = "/services/rest/record/v1"
GOVERNED_PREFIXES = ("/services/rest/record/", "/services/rest/system/")


def erp_blueprint(state: ErpState) -> Blueprint:
    api = Blueprint("netsuite", __name__)

    @api.before_app_request
    def authenticate_and_govern() -> Response | None:
        if not request.path.startswith(GOVERNED_PREFIXES):
            return None
        token = bearer_token(request.headers.get("Authorization"))
        if token is None or state.tokens.check(token) is not TokenStatus.VALID:
            return errors.unauthorized().response()
        if not state.limiter.try_acquire():
            retry_after = state.config.retry_after_seconds
            state.note_throttled(retry_after)
            note(request.environ, "governance: concurrency limit exceeded")
            return errors.concurrency_limit_exceeded(state.config.concurrency_status, retry_after).response()
        g.holds_slot = True
        if state.config.latency_ms > 0:
            time.sleep(state.config.latency_ms / 1000)
        return None

    @api.teardown_app_request
    def release_slot(_exc: BaseException | None) -> None:
        if g.pop("holds_slot", False):
            state.limiter.release()

    @api.post("/services/rest/auth/oauth2/v1/token")
    def token() -> tuple[Response, int] | Response:
        form = request.form
        try:
            if form.get("grant_type") != "client_credentials":
                raise OAuthError("unsupported_grant_type", "grant_type must be client_credentials")
            if form.get("client_assertion_type") == JWT_BEARER and form.get("client_assertion"):
                client_id = client_from_assertion(form["client_assertion"], state.config.clients)
            elif request.authorization is not None:
                client_id = client_from_secret(
                    request.authorization.username, request.authorization.password, state.config.clients
                )
            else:
                client_id = client_from_secret(form.get("client_id"), form.get("client_secret"), state.config.clients)
        except OAuthError as exc:
            return jsonify(exc.body()), exc.status
        issued = state.tokens.issue(client_id, "rest_webservices")
        return jsonify({"access_token": issued.access_token, "expires_in": str(state.tokens.ttl_seconds), "token_type": "Bearer"})

    @api.get("/services/rest/system/v1/governanceLimits")
    def governance_limits() -> Response:
        limit = state.config.concurrency_limit
        return jsonify({"accountConcurrencyLimit": limit, "unallocatedConcurrencyLimit": limit, "limitType": "accountLimit"})

    @api.post(f"{RECORD_ROOT}/<record_type>")
    def create(record_type: str) -> Response:
        values = state.validate(record_type, _json_body())
        internal_id = state.create(record_type, values)
        return _no_content(_self_url(record_type, internal_id))

    @api.put(f"{RECORD_ROOT}/<record_type>/<path:key>")
    def upsert(record_type: str, key: str) -> Response:
        if not key.startswith("eid:"):
            raise errors.NetSuiteError(
                405, "INVALID_REQUEST", "Upsert (PUT) requires an external ID in the URL: eid:<externalId>."
            )
        values = state.validate(record_type, _json_body())
        internal_id, _created = state.upsert(record_type, key[4:], values, _replace())
        return _no_content(_self_url(record_type, internal_id))

    @api.patch(f"{RECORD_ROOT}/<record_type>/<path:key>")
    def patch(record_type: str, key: str) -> Response:
        internal_id = _writable_id(record_type, key)
        body = _json_body()
        merged = {**state.get(record_type, internal_id), **(body if isinstance(body, dict) else {})}
        merged.pop("id", None)
        values = state.validate(record_type, merged if isinstance(body, dict) else body)
        patch_values = {k: values[k] for k in body if k in values} if isinstance(body, dict) else {}
        state.patch(record_type, internal_id, patch_values, _replace())
        return _no_content(_self_url(record_type, internal_id))

    @api.get(f"{RECORD_ROOT}/<record_type>/<path:key>")
    def read(record_type: str, key: str) -> Response:
        if not state.is_known_type(record_type):
            raise errors.unsupported_record_type(record_type)
        record = state.get(record_type, key)
        expand = request.args.get("expandSubResources", "false").lower() == "true"
        return _record_response(_present(state, record_type, record, expand))

    @api.get(f"{RECORD_ROOT}/<record_type>")
    def list_records(record_type: str) -> Response:
        if not state.is_known_type(record_type):
            raise errors.unsupported_record_type(record_type)
        ids = state.list_ids(record_type)
        limit = max(1, min(1000, request.args.get("limit", 1000, type=int)))
        offset = max(0, request.args.get("offset", 0, type=int))
        page = ids[offset : offset + limit]
        return _record_response(
            {
                "links": [{"rel": "self", "href": request.url}],
                "count": len(page),
                "hasMore": offset + len(page) < len(ids),
                "items": [{"links": [{"rel": "self", "href": _self_url(record_type, i)}], "id": i} for i in page],
                "offset": offset,
                "totalResults": len(ids),
            }
        )

    def _writable_id(record_type: str, key: str) -> str:
        if record_type not in WRITABLE_TYPES:
            raise errors.unsupported_record_type(record_type)
        internal_id = state.resolve_id(record_type, key)
        if internal_id is None:
            raise errors.record_not_found()
        return internal_id

    return api


def _json_body() -> Any:
    raw = request.get_data(cache=True)
    if not raw:
        raise errors.invalid_content("The request body is empty.")
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise errors.invalid_content("Invalid content in the request body: not valid JSON.") from None


def _replace() -> set[str]:
    return {name.strip() for name in request.args.get("replace", "").split(",") if name.strip()}


def _self_url(record_type: str, internal_id: str) -> str:
    return f"{request.host_url.rstrip('/')}{RECORD_ROOT}/{record_type}/{internal_id}"


def _no_content(location: str) -> Response:
    response = Response(status=204)
    response.headers["Location"] = location
    return response


def _record_response(body: dict[str, Any]) -> Response:
    return Response(json.dumps(body), status=200, content_type="application/vnd.oracle.resource+json; type=singular-resource")


def _present(state: ErpState, record_type: str, record: dict[str, Any], expand: bool) -> dict[str, Any]:
    """A GET body: links, references with ``refName``, and the item sublist collapsed unless expanded."""
    self_url = _self_url(record_type, record["id"])
    out: dict[str, Any] = {"links": [{"rel": "self", "href": self_url}]}
    for name, value in record.items():
        if name in HEADER_REFERENCES and isinstance(value, dict) and "id" in value:
            master_type = HEADER_REFERENCES[name][0]
            out[name] = {
                "links": [{"rel": "self", "href": _self_url(master_type, value["id"])}],
                "id": value["id"],
                "refName": state.ref_name(master_type, value["id"]),
            }
        elif name == "item" and record_type not in MASTER_TYPES and not expand:
            out[name] = {"links": [{"rel": "self", "href": f"{self_url}/item"}]}
        else:
            out[name] = value
    return out
