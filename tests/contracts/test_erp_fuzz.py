"""Schemathesis against the ERP (NetSuite SuiteTalk REST flavour).

The ERP serves ERP_MASTER with one client, a concurrency limit too high to reach and no
latency; the client's bearer token goes with every request instead of being generated.
The generator's first choice for an id is ``0`` (``eid:0`` for an upsert, ``0`` for a
job or task), which no record has: such a valid id is pinned to a record that exists (a
chain salesOrder -> cashSale/invoice -> returnAuthorization -> creditMemo, a journal entry,
an adjustment, re-upserted before each operation so DELETE cannot starve the next), so
reads, patches, upserts and transforms reach their success answers. A ``Prefer`` the
generator sent is pinned to ``respond-async`` (any other value is ignored, RFC 7240), so
writes also run as jobs. Other ids are left as generated, and get their 404. The write
body's negative boundary cases run on create only (see :func:`swept_on_create`).

Besides the shared checks, :func:`exact_content_type` holds each answer to the media type
its status declares, parameters included (``type=error; charset=UTF-8``); Schemathesis
compares only ``type/subtype``. The answers the fuzz never meets (a token, a 401, 429 and
the overload statuses, every async job state) are walked by hand below.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import unquote

import pytest
import requests
from schemathesis.core.transport import Response

from contracts.generate import openapi_document
from simulators.erp import ErpState, create_app
from simulators.erp.routes.jobs import ASYNC_ROOT, IDEMPOTENCY_HEADER
from simulators.erp.routes.present import RECORD_ROOT
from simulators.erp.spec import JOB, LIMITS_PATH, RECORD, RECORDS, TASK, TOKEN_PATH
from tests.contracts.fuzzing import CHECKS, FUZZ_SETTINGS, load_schema
from tests.erp.erp_helpers import inventory_adjustment, journal_entry
from tests.helpers import ERP_MASTER, sales_order

pytestmark = pytest.mark.slow  # Schemathesis runs take tens of seconds; CI runs them all

schema = load_schema("erp")
schema.config.generation.update(with_security_parameters=False)  # the token is the test's, never generated
PATHS = cast(dict[str, Any], openapi_document("erp")["paths"])

CLIENT = {"grant_type": "client_credentials", "client_id": "fuzz", "client_secret": "fuzz-secret"}
FIRST_TRY = "0"
ASYNC = {"Prefer": "respond-async"}


def _media_type(value: str) -> str:
    return ";".join(part.strip().lower() for part in value.split(";"))


def exact_content_type(ctx: Any, response: Response, case: Any) -> None:
    """The Content-Type is one its status declares, parameters included; a status with no content sends none."""
    declared = PATHS[case.operation.path][case.operation.method.lower()]["responses"].get(str(response.status_code))
    if declared is None or case.method.upper() != case.operation.method.upper():
        return  # an undeclared status is status_code_conformance's finding; another method is a probe
    sent = (response.headers.get("content-type") or [None])[0]
    media_types = {_media_type(m) for m in declared.get("content", {})}
    if media_types:
        assert sent is not None and _media_type(sent) in media_types, f"{sent!r} is not one of {sorted(media_types)}"
    else:
        assert sent is None and not response.content, f"a {response.status_code} declares no body, got {sent!r}"


ERP_CHECKS = [*CHECKS, exact_content_type]


@dataclass(frozen=True)
class Erp:
    url: str
    headers: dict[str, str]
    state: ErpState


def serve(served: Any, **config: Any) -> Erp:
    state = ErpState()
    state.seed({"master": ERP_MASTER, "clients": {CLIENT["client_id"]: CLIENT["client_secret"]}, "config": config})
    url = str(served(create_app(state)).url)
    token = requests.post(url + TOKEN_PATH, data=CLIENT, timeout=5).json()["access_token"]
    return Erp(url, {"Authorization": f"Bearer {token}"}, state)


@pytest.fixture(scope="module")
def erp(served_module: Any) -> Erp:
    return serve(served_module, concurrency_limit=1_000)


def _upsert(erp: Erp, record_type: str, body: dict[str, Any]) -> str:
    url = f"{erp.url}{RECORD_ROOT}/{record_type}/eid:fuzz-{record_type}?replace=item,line,inventory,apply"
    response = requests.put(url, json=body, headers=erp.headers, timeout=5)
    assert response.status_code == 204, response.text
    return str(response.headers["Location"].rsplit("/", 1)[1])


@pytest.fixture
def known(erp: Erp) -> dict[str, str]:
    """Record type -> an internal id of that type that exists when the operation's run starts."""
    ids = {record_type: rows[0]["id"] for record_type, rows in ERP_MASTER.items()}
    ids["salesOrder"] = _upsert(erp, "salesOrder", sales_order())
    for derived in ("cashSale", "invoice"):
        ids[derived] = _upsert(erp, derived, sales_order(createdFrom={"id": ids["salesOrder"]}))
    ids["returnAuthorization"] = _upsert(erp, "returnAuthorization", sales_order(createdFrom={"id": ids["cashSale"]}))
    memo = sales_order(createdFrom={"id": ids["returnAuthorization"]}, apply={"items": [{"doc": {"id": ids["invoice"]}}]})
    ids["creditMemo"] = _upsert(erp, "creditMemo", memo)
    ids["journalEntry"] = _upsert(erp, "journalEntry", journal_entry(externalId=None))
    ids["inventoryAdjustment"] = _upsert(erp, "inventoryAdjustment", inventory_adjustment(("5001", "11", 1)))
    return ids


def pin(case: Any, known: dict[str, str]) -> None:
    params, record_type = case.path_parameters, case.path_parameters.get("record_type")
    key = unquote(str(params.get("key", "")))
    if key == FIRST_TRY and record_type in known:
        params["key"] = known[record_type]
    elif key == f"eid:{FIRST_TRY}" and record_type in known and record_type not in ERP_MASTER:
        params["key"] = f"eid:fuzz-{record_type}"  # as generated: Schemathesis re-validates a changed parameter
    for name in ("job_id", "task_id"):
        if params.get(name) == FIRST_TRY:
            params[name] = "1"
    if case.headers and case.headers.get("Prefer"):
        case.headers["Prefer"] = "respond-async"


def swept_on_create(case: Any) -> bool:
    """A negative boundary case of the write body on an upsert, patch or transform.

    The four writes share one body schema (``RecordBody``) and one parser, which refuses
    a malformed body before any state is touched; its ~430 negative boundary cases run
    on create. The positive ones run on every write, since they reach the update paths.
    """
    meta = case.meta
    return (
        meta is not None
        and meta.phase.name.value == "coverage"
        and meta.generation.mode.is_negative
        and meta.phase.data.parameter_location is not None
        and meta.phase.data.parameter_location.value == "body"
        and (case.operation.method.upper(), case.operation.path) != ("POST", RECORDS)
    )


@schema.parametrize()
@FUZZ_SETTINGS
def test_erp_conforms(case: Any, erp: Erp, known: dict[str, str]) -> None:
    if swept_on_create(case):
        return
    pin(case, known)
    case.call_and_validate(base_url=erp.url, headers=erp.headers, checks=ERP_CHECKS)


# -- answers the fuzz never meets ------------------------------------------------------


def conforms(erp: Erp, method: str, path: str, status: int, headers: dict[str, str] | None = None, **parts: Any) -> Any:
    """Send one hand-built case and hold its answer to the document; returns the answer."""
    case = schema[path][method].Case(**parts)
    response = case.call(base_url=erp.url, headers={**erp.headers, **(headers or {})})
    assert response.status_code == status, response.text
    case.validate_response(response, checks=ERP_CHECKS)
    return response


def test_tokens_and_their_refusals_conform(served: Any) -> None:
    erp = serve(served)
    form = "application/x-www-form-urlencoded"
    conforms(erp, "POST", TOKEN_PATH, 200, body=CLIENT, media_type=form)
    conforms(erp, "POST", TOKEN_PATH, 401, body={**CLIENT, "client_secret": "wrong"}, media_type=form)
    bad_assertion = {
        "grant_type": "client_credentials",
        "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
    }
    conforms(erp, "POST", TOKEN_PATH, 400, body={**bad_assertion, "client_assertion": "not-a-jwt"}, media_type=form)


def test_async_jobs_in_every_state_conform(served: Any) -> None:
    erp = serve(served)
    writes = [
        ("POST", RECORDS, {"record_type": "salesOrder"}, sales_order(externalId="S-1"), 204),
        ("POST", RECORDS, {"record_type": "salesOrder"}, sales_order(location={"id": "99"}), 400),
        ("PATCH", RECORD, {"record_type": "invoice", "key": "4242"}, {"memo": "x"}, 404),
        ("DELETE", RECORD, {"record_type": "salesOrder", "key": "1001"}, None, 204),
    ]
    for job, (method, path, params, body, result) in enumerate(writes, start=1):
        extra = {"headers": {**ASYNC, IDEMPOTENCY_HEADER: f"key-{job}"}, "path_parameters": params}
        accepted = conforms(erp, method, path, 202, **extra, **({"body": body} if body is not None else {}))
        assert accepted.headers["location"] == [f"{ASYNC_ROOT}/{job}"]
        ids = {"job_id": str(job), "task_id": "1"}
        conforms(erp, "GET", JOB, 200, path_parameters=ids)
        conforms(erp, "GET", f"{JOB}/task", 200, path_parameters=ids)
        conforms(erp, "GET", TASK, 200, path_parameters=ids)
        conforms(erp, "GET", f"{TASK}/result", result, path_parameters=ids)
    at_once = [  # what the request alone decides is answered before a job is queued
        ("POST", RECORDS, {"record_type": "location"}, {"name": "Hull"}, 403),
        ("PUT", RECORD, {"record_type": "salesOrder", "key": "1001"}, {"memo": "x"}, 405),
        ("PATCH", RECORD, {"record_type": "salesOrder", "key": "1001"}, {"memo": 7}, 400),
        (
            "POST",
            f"{RECORD}/!transform/{{target_type}}",
            {"record_type": "invoice", "key": "1", "target_type": "invoice"},
            {},
            400,
        ),
    ]
    for method, path, params, body, status in at_once:
        refused = conforms(erp, method, path, status, headers=ASYNC, path_parameters=params, body=body)
        assert "location" not in refused.headers
    assert len(erp.state.jobs.rows()) == len(writes)
    again = {"headers": {**ASYNC, IDEMPOTENCY_HEADER: "key-1"}, "path_parameters": {"record_type": "salesOrder"}}
    refused = conforms(erp, "POST", RECORDS, 400, **again, body=sales_order(externalId="S-2"))
    assert refused.headers["location"] == [f"{ASYNC_ROOT}/1"]
    conforms(erp, "GET", f"{TASK}/result", 404, path_parameters={"job_id": "1", "task_id": "2"})


def test_records_read_back_conforming(served: Any) -> None:
    """A transaction with its references and sublists, collapsed and expanded, and every master type."""
    erp = serve(served)
    conforms(erp, "POST", RECORDS, 204, path_parameters={"record_type": "salesOrder"}, body=sales_order())
    keys = {"salesOrder": "1001", **{record_type: rows[0]["id"] for record_type, rows in ERP_MASTER.items()}}
    for record_type, key in keys.items():
        for expand in (True, False):
            params = {"record_type": record_type, "key": key}
            conforms(erp, "GET", RECORD, 200, path_parameters=params, query={"expandSubResources": expand})
        conforms(erp, "GET", RECORDS, 200, path_parameters={"record_type": record_type}, query={"limit": 1})


@pytest.mark.parametrize(
    ("config", "status"),
    [
        ({"rate_window_requests": 1}, 429),
        ({"concurrency_limit": 1}, 429),
        ({"concurrency_limit": 1, "concurrency_status": 400}, 400),
        ({"concurrency_limit": 1, "concurrency_status": 401}, 401),
    ],
)
def test_governance_refusals_conform(served: Any, config: dict[str, Any], status: int) -> None:
    """Throttling and the overload statuses a scenario dials; the one slot is held by hand."""
    erp = serve(served, **config)
    if "rate_window_requests" in config:
        conforms(erp, "GET", LIMITS_PATH, 200)
    else:
        assert erp.state.limiter.try_acquire()
    refused = conforms(erp, "GET", LIMITS_PATH, status)
    if status == 429:
        assert refused.headers["retry-after"]


def test_a_missing_or_unknown_token_conforms(served: Any) -> None:
    erp = serve(served)
    for token in ("", "Bearer not-a-token"):
        conforms(
            Erp(erp.url, {"Authorization": token}, erp.state),
            "GET",
            RECORDS,
            401,
            path_parameters={"record_type": "location"},
        )
