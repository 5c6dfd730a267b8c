"""Whatever an integration sends, the ERP answers with NetSuite's error body, never a 500."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulators.erp.models import MASTER_TYPES, WRITABLE_TYPES
from tests.erp.erp_helpers import (
    RECORD,
    erp_with,
    error_detail,
    inventory_adjustment,
    journal_entry,
    return_lines,
    token_headers,
)
from tests.helpers import sales_order

TYPES = [*WRITABLE_TYPES, *MASTER_TYPES, "spaceship"]
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=12,
)
# hypothesis runs many examples per test: one ERP per module, not per example
SHARED = settings(deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def sim() -> Iterator[tuple[FlaskClient, dict[str, str]]]:
    _app, client, _state = erp_with()
    yield client, token_headers(client)


def _valid(record_type: str) -> dict[str, Any]:
    if record_type == "journalEntry":
        return journal_entry()
    if record_type == "inventoryAdjustment":
        return inventory_adjustment(("5001", "11", 1))
    body = sales_order(item=return_lines())
    if record_type == "creditMemo":
        body["apply"] = {"items": [{"doc": {"id": "1001"}, "amount": 1.0}]}
    return body


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every place in a JSON document a value could be swapped."""
    children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else []
    for key, child in children:
        yield (*prefix, key)
        yield from _paths(child, (*prefix, key))


def _send(sim: tuple[FlaskClient, dict[str, str]], method: str, path: str, body: Any) -> int:
    client, headers = sim
    data = json.dumps(body, allow_nan=True).encode()
    response = client.open(path, method=method, data=data, headers={**headers, "Content-Type": "application/json"})
    if response.status_code >= 400:
        assert response.json["o:errorDetails"][0]["o:errorCode"], response.data
    return response.status_code


@SHARED
@given(
    method=st.sampled_from(["POST", "PUT", "PATCH", "DELETE"]),
    record_type=st.sampled_from(TYPES),
    key=st.sampled_from(["", "/1001", "/eid:X-1", "/1001/!transform/invoice"]),
    body=json_values,
)
def test_random_bodies_never_cause_a_500(
    sim: tuple[FlaskClient, dict[str, str]], method: str, record_type: str, key: str, body: Any
) -> None:
    assert _send(sim, method, f"{RECORD}/{record_type}{key}", body) < 500


@SHARED
@given(record_type=st.sampled_from(list(WRITABLE_TYPES)), data=st.data(), value=json_values | st.sampled_from([1e308, -0.0]))
def test_a_valid_body_garbled_anywhere_never_causes_a_500(
    sim: tuple[FlaskClient, dict[str, str]], record_type: str, data: st.DataObject, value: Any
) -> None:
    body = _valid(record_type)
    path = data.draw(st.sampled_from(list(_paths(body))))
    target = body
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    assert _send(sim, "POST", f"{RECORD}/{record_type}", body) < 500


@SHARED
@given(q=st.text(max_size=40), limit=st.text(max_size=5), offset=st.text(max_size=5))
def test_random_list_parameters_never_cause_a_500(
    sim: tuple[FlaskClient, dict[str, str]], q: str, limit: str, offset: str
) -> None:
    client, headers = sim
    response = client.get(f"{RECORD}/salesOrder", query_string={"q": q, "limit": limit, "offset": offset}, headers=headers)
    assert response.status_code < 500


# -- found by the contract fuzz (tests/contracts/test_erp_fuzz.py) -------------------------


@pytest.mark.parametrize(
    ("record_type", "body", "path"),
    [
        ("salesOrder", sales_order(item={"items": [{"item": {"id": "5001"}, "quantity": "2"}]}), "item.items.0.quantity"),
        ("journalEntry", journal_entry(line={"items": [{"account": {"id": "110"}, "debit": True}]}), "line.items.0.debit"),
        ("creditMemo", sales_order(apply={"items": [{"doc": {"id": "1001"}, "apply": "yes"}]}), "apply.items.0.apply"),
        ("salesOrder", sales_order(entity={"id": True}), "entity.id"),
        ("salesOrder", sales_order(tranDate="٢٠٢٦-١١-٢٧"), "tranDate"),
    ],
)
def test_a_value_of_the_wrong_json_type_is_refused_not_coerced(
    erp: FlaskClient, erp_headers: dict[str, str], record_type: str, body: dict[str, Any], path: str
) -> None:
    """The schema says number, boolean, string and ASCII digits; "2", true for 1.0, "yes" and Arabic digits were taken."""
    response = erp.post(f"{RECORD}/{record_type}", json=body, headers=erp_headers)
    assert response.status_code == 400
    assert (error_detail(response)["o:errorCode"], error_detail(response)["o:errorPath"]) == ("INVALID_CONTENT", path)


def test_an_integer_id_is_still_a_reference(erp: FlaskClient, erp_headers: dict[str, str]) -> None:
    response = erp.post(f"{RECORD}/salesOrder", json=sales_order(entity={"id": 100}), headers=erp_headers)
    assert response.status_code == 204
    assert erp.get(f"{RECORD}/salesOrder/1001", headers=erp_headers).json["entity"]["id"] == "100"


@pytest.mark.parametrize(
    ("query", "name"),
    [("limit=abc", "limit"), ("offset=null", "offset"), ("limit=1_000", "limit"), ("limit=١", "limit"), ("offset= 1", "offset")],
)
def test_a_list_parameter_that_is_not_an_integer_is_invalid_parameter(
    erp: FlaskClient, erp_headers: dict[str, str], query: str, name: str
) -> None:
    """It used to fall back to the default and answer 200."""
    response = erp.get(f"{RECORD}/salesOrder?{query}", headers=erp_headers)
    assert response.status_code == 400
    assert (error_detail(response)["o:errorCode"], error_detail(response)["o:errorPath"]) == ("INVALID_PARAMETER", name)


def test_out_of_range_paging_is_still_clamped(erp: FlaskClient, erp_headers: dict[str, str]) -> None:
    response = erp.get(f"{RECORD}/location?limit=5000&offset=-3", headers=erp_headers)
    assert (response.status_code, response.json["offset"], response.json["count"]) == (200, 0, 2)


def test_expand_sub_resources_must_be_a_boolean(erp: FlaskClient, erp_headers: dict[str, str]) -> None:
    assert erp.get(f"{RECORD}/location/11?expandSubResources=TRUE", headers=erp_headers).status_code == 200
    response = erp.get(f"{RECORD}/location/11?expandSubResources=maybe", headers=erp_headers)
    assert response.status_code == 400
    assert error_detail(response)["o:errorPath"] == "expandSubResources"


def test_an_upsert_with_an_empty_external_id_is_refused(erp: FlaskClient, erp_headers: dict[str, str]) -> None:
    """``PUT .../eid:`` used to store a record whose externalId was ""."""
    response = erp.put(f"{RECORD}/salesOrder/eid:", json=sales_order(), headers=erp_headers)
    assert response.status_code == 405
    assert erp.get("/_sim/state").json["records"]["salesOrder"] == []
