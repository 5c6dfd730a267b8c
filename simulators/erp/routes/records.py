"""The record API: ``/services/rest/record/v1/{type}[/{id or eid:X}[/!transform/{target}]]``.

Thin handlers: parse the request, call :mod:`simulators.erp.operations`, format
NetSuite's response. Writes honour ``Prefer: respond-async`` (see :mod:`.jobs`).
"""

from __future__ import annotations

import json
import re
from typing import Any

from flask import Blueprint, Response, request

from .. import errors, operations, query
from ..models import MASTER_TYPES
from ..state import ErpState
from .jobs import respond
from .present import COLLECTION, RECORD_ROOT, bodiless, collection_body, no_content, record_body, resource, self_url


def records_blueprint(state: ErpState) -> Blueprint:
    api = Blueprint("netsuite_records", __name__)

    @api.post(f"{RECORD_ROOT}/<record_type>")
    def create(record_type: str) -> Response:
        def run() -> Response:
            internal_id = operations.create(state, record_type, _json_body())
            return no_content(self_url(record_type, internal_id))

        return respond(state, run, lambda: operations.check_request(state, record_type, body=_json_body()))

    @api.post(f"{RECORD_ROOT}/<record_type>/<key>/!transform/<target_type>")
    def transform(record_type: str, key: str, target_type: str) -> Response:
        def body() -> Any:
            return _json_body() if request.get_data(cache=True) else None

        def run() -> Response:
            internal_id = operations.transform_record(state, record_type, key, target_type, body())
            return no_content(self_url(target_type, internal_id))

        def check() -> None:
            if record_type in MASTER_TYPES:  # no transformation starts from master data
                raise errors.unsupported_record_type(record_type)
            sent = body()
            operations.check_request(state, record_type, key, sent if sent is not None else {}, target_type)

        return respond(state, run, check)

    @api.put(f"{RECORD_ROOT}/<record_type>/<path:key>")
    def upsert(record_type: str, key: str) -> Response:
        def check_target() -> None:
            operations.writable_spec(state, record_type)
            if not key.startswith("eid:") or key == "eid:":
                raise errors.NetSuiteError(
                    405, "INVALID_REQUEST", "Upsert (PUT) requires an external ID in the URL: eid:<externalId>."
                )
            operations.check_request(state, record_type, key)

        def check() -> None:
            check_target()
            operations.check_request(state, record_type, key, _json_body())

        def run() -> Response:
            check_target()  # the body is parsed once, by the upsert itself
            internal_id, _created = operations.upsert(state, record_type, key[4:], _json_body(), _replace())
            return no_content(self_url(record_type, internal_id))

        return respond(state, run, check)

    @api.patch(f"{RECORD_ROOT}/<record_type>/<path:key>")
    def patch(record_type: str, key: str) -> Response:
        def run() -> Response:
            internal_id = operations.patch(state, record_type, key, _json_body(), _replace())
            return no_content(self_url(record_type, internal_id))

        return respond(state, run, lambda: operations.check_request(state, record_type, key, _json_body()))

    @api.delete(f"{RECORD_ROOT}/<record_type>/<path:key>")
    def delete(record_type: str, key: str) -> Response:
        def run() -> Response:
            operations.delete(state, record_type, key)
            return bodiless(204)

        return respond(state, run, lambda: operations.check_request(state, record_type, key))

    @api.get(f"{RECORD_ROOT}/<record_type>/<path:key>")
    def read(record_type: str, key: str) -> Response:
        record = state.get(record_type, key)
        expand = _boolean_arg("expandSubResources")
        return resource(record_body(state, record_type, record, expand))

    @api.get(f"{RECORD_ROOT}/<record_type>")
    def list_records(record_type: str) -> Response:
        records = state.list_records(record_type)
        if request.args.get("q"):
            condition = query.parse(request.args["q"])
            records = [r for r in records if query.matches(condition, r)]
        limit = max(1, min(1000, _integer_arg("limit", 1000)))
        offset = max(0, _integer_arg("offset", 0))
        return resource(collection_body(record_type, [r["id"] for r in records], limit, offset), COLLECTION)

    return api


def _json_body() -> Any:
    raw = request.get_data(cache=True)
    if not raw:
        raise errors.invalid_content("The request body is empty.")
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise errors.invalid_content("Invalid content in the request body: not valid JSON.") from None


def _replace() -> set[str]:
    return {name.strip() for name in request.args.get("replace", "").split(",") if name.strip()}


def _integer_arg(name: str, default: int) -> int:
    """A query parameter that must be an integer (ASCII digits: ``int()`` would also take "1_000" or "١")."""
    value = request.args.get(name)
    if value is None:
        return default
    if not re.fullmatch(r"-?[0-9]+", value):
        raise errors.invalid_parameter(name, "The value must be an integer.")
    return int(value)


def _boolean_arg(name: str) -> bool:
    value = request.args.get(name, "false").lower()
    if value not in ("true", "false"):
        raise errors.invalid_parameter(name, "The value must be true or false.")
    return value == "true"
