"""How NetSuite shows a record: ``links``, references with ``refName``, collapsed sublists."""

from __future__ import annotations

import json
from typing import Any

from flask import Response, request
from pydantic import BaseModel
from werkzeug.datastructures import Headers

from ..models import RECORD_SPECS
from ..responses import Collection, CollectionItem, Link
from ..state import ErpState

RECORD_ROOT = "/services/rest/record/v1"
SINGULAR = "application/vnd.oracle.resource+json; type=singular-resource"
COLLECTION = "application/vnd.oracle.resource+json; type=collection"


def self_url(record_type: str, internal_id: str) -> str:
    return f"{host_url()}{RECORD_ROOT}/{record_type}/{internal_id}"


def host_url() -> str:
    """``scheme://host[:port]`` as the client addressed us (cheaper than Werkzeug's ``request.host_url``,
    which IDNA-encodes and re-quotes it on every write)."""
    environ = request.environ
    host = environ.get("HTTP_HOST") or f"{environ['SERVER_NAME']}:{environ['SERVER_PORT']}"
    return f"{environ['wsgi.url_scheme']}://{host}"


class _LocatedResponse(Response):
    """A response whose ``Location`` is already an absolute ASCII URL, sent as it is.

    Werkzeug would convert it from an IRI on every response (a tenth of a write's CPU)."""

    autocorrect_location_header = False

    def get_wsgi_headers(self, environ: Any) -> Headers:
        location = self.headers.get("Location")
        if location is None:
            return super().get_wsgi_headers(environ)
        del self.headers["Location"]
        try:
            headers = super().get_wsgi_headers(environ)
        finally:
            self.headers["Location"] = location
        headers["Location"] = location
        return headers


def bodiless(status: int, location: str | None = None) -> Response:
    """A 202 or 204: no body, so no Content-Type (Werkzeug would default to text/html)."""
    response = _LocatedResponse(status=status)
    del response.headers["Content-Type"]
    if location is not None:
        response.headers["Location"] = location
    return response


def no_content(location: str) -> Response:
    return bodiless(204, location)


def resource(body: dict[str, Any] | BaseModel, content_type: str = SINGULAR) -> Response:
    data = body.model_dump() if isinstance(body, BaseModel) else body
    return Response(json.dumps(data), status=200, content_type=content_type)


def collection(href: str, page: list[tuple[str, str]], offset: int, total: int) -> Collection:
    """One page of a collection; ``page`` holds each item's (self URL, id)."""
    return Collection(
        links=[Link(rel="self", href=href)],
        count=len(page),
        hasMore=offset + len(page) < total,
        items=[CollectionItem(links=[Link(rel="self", href=url)], id=item_id) for url, item_id in page],
        offset=offset,
        totalResults=total,
    )


def _reference(record_type: str, internal_id: str, ref_name: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {"links": [{"rel": "self", "href": self_url(record_type, internal_id)}], "id": internal_id}
    if ref_name is not None:
        out["refName"] = ref_name
    return out


def record_body(state: ErpState, record_type: str, record: dict[str, Any], expand: bool) -> dict[str, Any]:
    """A GET body: links, references with ``refName``, and sublists collapsed to links unless expanded."""
    url = self_url(record_type, record["id"])
    out: dict[str, Any] = {"links": [{"rel": "self", "href": url}]}
    spec = RECORD_SPECS.get(record_type)
    for name, value in record.items():
        if spec is not None and name in spec.header_refs and isinstance(value, dict) and "id" in value:
            master_type = spec.header_refs[name][0]
            out[name] = _reference(master_type, value["id"], state.ref_name(master_type, value["id"]))
        elif name == "createdFrom" and isinstance(value, dict) and "id" in value:
            source_type = state.store.type_of(value["id"]) or "transaction"
            label = RECORD_SPECS[source_type].label if source_type in RECORD_SPECS else "Transaction"
            out[name] = _reference(source_type, value["id"], f"{label} #{value['id']}")
        elif spec is not None and name in spec.sublists and not expand:
            out[name] = {"links": [{"rel": "self", "href": f"{url}/{name}"}]}
        else:
            out[name] = value
    return out


def collection_body(record_type: str, ids: list[str], limit: int, offset: int) -> Collection:
    page = [(self_url(record_type, i), i) for i in ids[offset : offset + limit]]
    return collection(request.url, page, offset, len(ids))
