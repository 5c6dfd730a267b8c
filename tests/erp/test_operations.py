"""Record operations beyond create and upsert: PATCH, DELETE, list paging and the ``q`` filter."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from tests.erp.erp_helpers import RECORD, created_id, error_detail
from tests.helpers import sales_order

SO = f"{RECORD}/salesOrder"


def test_patch_changes_only_the_fields_sent(erp: FlaskClient, erp_headers: dict[str, str]) -> None:
    erp.post(SO, json=sales_order(externalId="S-1", memo="first"), headers=erp_headers)
    response = erp.patch(f"{SO}/eid:S-1", json={"memo": "second", "location": {"id": "12"}}, headers=erp_headers)
    assert response.status_code == 204
    assert response.headers["Location"].endswith(f"{SO}/1001")
    record = erp.get(f"{SO}/1001?expandSubResources=true", headers=erp_headers).json
    assert (record["memo"], record["location"]["id"], record["tranDate"]) == ("second", "12", "2026-11-27")
    assert len(record["item"]["items"]) == 1


def test_patch_with_a_bad_reference_changes_nothing(erp: FlaskClient, erp_headers: dict[str, str]) -> None:
    erp.post(SO, json=sales_order(externalId="S-1"), headers=erp_headers)
    response = erp.patch(f"{SO}/eid:S-1", json={"memo": "x", "currency": {"id": "99"}}, headers=erp_headers)
    assert response.status_code == 400
    assert error_detail(response)["o:errorPath"] == "currency"
    assert "memo" not in erp.get(f"{SO}/eid:S-1", headers=erp_headers).json


def test_patch_of_a_missing_record_is_404(erp: FlaskClient, erp_headers: dict[str, str]) -> None:
    response = erp.patch(f"{SO}/eid:nope", json={"memo": "x"}, headers=erp_headers)
    assert response.status_code == 404
    assert error_detail(response)["o:errorCode"] == "NONEXISTENT_ID"


def test_delete_answers_204_and_the_record_is_gone(erp: FlaskClient, erp_headers: dict[str, str]) -> None:
    erp.post(SO, json=sales_order(externalId="S-1"), headers=erp_headers)
    response = erp.delete(f"{SO}/eid:S-1", headers=erp_headers)
    assert response.status_code == 204 and response.data == b""
    assert erp.get(f"{SO}/1001", headers=erp_headers).status_code == 404
    state = erp.get("/_sim/state").json
    assert state["records"]["salesOrder"] == []
    assert [(d["type"], d["id"], d["externalId"]) for d in state["deleted"]] == [("salesOrder", "1001", "S-1")]
    assert erp.post(SO, json=sales_order(externalId="S-1"), headers=erp_headers).status_code == 204, (
        "the externalId is free again"
    )


def test_a_record_with_dependent_records_cannot_be_deleted(erp: FlaskClient, erp_headers: dict[str, str]) -> None:
    order_id = created_id(erp.post(SO, json=sales_order(), headers=erp_headers))
    erp.post(f"{SO}/{order_id}/!transform/invoice", headers=erp_headers)
    response = erp.delete(f"{SO}/{order_id}", headers=erp_headers)
    assert response.status_code == 400
    assert error_detail(response) == {
        "detail": "This record cannot be deleted because it has dependent records.",
        "o:errorCode": "USER_ERROR",
    }


def test_delete_of_a_missing_record_is_404(erp: FlaskClient, erp_headers: dict[str, str]) -> None:
    assert erp.delete(f"{SO}/4242", headers=erp_headers).status_code == 404


def test_list_pages_with_limit_and_offset(erp: FlaskClient, erp_headers: dict[str, str]) -> None:
    for n in range(5):
        erp.post(SO, json=sales_order(externalId=f"S-{n}"), headers=erp_headers)
    page = erp.get(f"{SO}?limit=2&offset=2", headers=erp_headers)
    assert page.content_type == "application/vnd.oracle.resource+json; type=collection"
    body = page.json
    assert [i["id"] for i in body["items"]] == ["1003", "1004"]
    assert (body["count"], body["hasMore"], body["offset"], body["totalResults"]) == (2, True, 2, 5)
    last = erp.get(f"{SO}?limit=2&offset=4", headers=erp_headers).json
    assert (last["count"], last["hasMore"]) == (1, False)


def test_q_filters_by_external_id(erp: FlaskClient, erp_headers: dict[str, str]) -> None:
    for n in range(3):
        erp.post(SO, json=sales_order(externalId=f"S-{n}"), headers=erp_headers)
    body = erp.get(SO, query_string={"q": 'externalId IS "S-1"'}, headers=erp_headers).json
    assert [i["id"] for i in body["items"]] == ["1002"]
    assert body["totalResults"] == 1


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ('externalId START_WITH "LEE"', ["1001", "1002"]),
        ('location IS "12"', ["1003"]),
        ('externalId START_WITH "LEE" AND memo IS "late"', ["1002"]),
        ('memo IS "late" OR location IS "12"', ["1002", "1003"]),
        ("memo EMPTY", ["1001", "1003"]),
        ('tranDate AFTER "2026-11-27"', ["1003"]),
    ],
)
def test_q_operators(erp: FlaskClient, erp_headers: dict[str, str], q: str, expected: list[str]) -> None:
    erp.post(SO, json=sales_order(externalId="LEE-1"), headers=erp_headers)
    erp.post(SO, json=sales_order(externalId="LEE-2", memo="late"), headers=erp_headers)
    erp.post(SO, json=sales_order(externalId="YOR-1", location={"id": "12"}, tranDate="2026-11-28"), headers=erp_headers)
    body = erp.get(SO, query_string={"q": q}, headers=erp_headers).json
    assert [i["id"] for i in body["items"]] == expected


@pytest.mark.parametrize("q", ["externalId", "externalId LIKE x", 'externalId IS "a" AND', 'externalId IS "unclosed'])
def test_a_malformed_q_is_invalid_parameter(erp: FlaskClient, erp_headers: dict[str, str], q: str) -> None:
    response = erp.get(SO, query_string={"q": q}, headers=erp_headers)
    assert response.status_code == 400
    assert error_detail(response)["o:errorCode"] == "INVALID_PARAMETER"
    assert error_detail(response)["detail"].startswith("Invalid query parameter value: q.")


def test_master_data_lists_and_filters_too(erp: FlaskClient, erp_headers: dict[str, str]) -> None:
    body = erp.get(f"{RECORD}/location", query_string={"q": 'externalId IS "store-lee01"'}, headers=erp_headers).json
    assert [i["id"] for i in body["items"]] == ["11"]
