"""ERP simulator: record writes, upserts, reference validation and NetSuite's error bodies."""

from __future__ import annotations

from flask.testing import FlaskClient

from tests.helpers import sales_order

SO = "/services/rest/record/v1/salesOrder"


def error_code(response) -> str:  # type: ignore[no-untyped-def]
    return str(response.json["o:errorDetails"][0]["o:errorCode"])


def test_create_answers_204_with_location_and_no_body(erp: FlaskClient, erp_headers: dict[str, str]) -> None:
    response = erp.post(SO, json=sales_order(externalId="S-1"), headers=erp_headers)
    assert response.status_code == 204
    assert response.data == b""
    assert response.headers["Location"].endswith(f"{SO}/1001")


def test_get_by_internal_id_and_by_external_id(erp: FlaskClient, erp_headers: dict[str, str]) -> None:
    erp.post(SO, json=sales_order(externalId="S-1"), headers=erp_headers)
    by_id = erp.get(f"{SO}/1001", headers=erp_headers)
    by_eid = erp.get(f"{SO}/eid:S-1", headers=erp_headers)
    assert by_id.status_code == by_eid.status_code == 200
    assert by_id.json == by_eid.json
    assert by_id.json["location"]["refName"] == "Leeds"
    assert "items" not in by_id.json["item"], "sublists are collapsed to links unless expandSubResources=true"
    expanded = erp.get(f"{SO}/1001?expandSubResources=true", headers=erp_headers)
    assert expanded.json["item"]["items"][0]["quantity"] == 2


def test_duplicate_create_with_same_external_id_is_user_error(erp: FlaskClient, erp_headers: dict[str, str]) -> None:
    assert erp.post(SO, json=sales_order(externalId="S-1"), headers=erp_headers).status_code == 204
    again = erp.post(SO, json=sales_order(externalId="S-1"), headers=erp_headers)
    assert again.status_code == 400
    assert error_code(again) == "USER_ERROR"
    assert again.json["o:errorDetails"][0]["detail"] == "This entity already exists."
    assert again.content_type.startswith("application/vnd.oracle.resource+json; type=error")


def test_upsert_creates_then_updates_the_same_record(erp: FlaskClient, erp_headers: dict[str, str]) -> None:
    first = erp.put(f"{SO}/eid:S-9?replace=item", json=sales_order(), headers=erp_headers)
    second = erp.put(f"{SO}/eid:S-9?replace=item", json=sales_order(memo="again"), headers=erp_headers)
    assert first.status_code == second.status_code == 204
    assert first.headers["Location"] == second.headers["Location"]
    listing = erp.get(SO, headers=erp_headers).json
    assert listing["totalResults"] == 1
    record = erp.get(f"{SO}/eid:S-9?expandSubResources=true", headers=erp_headers).json
    assert record["memo"] == "again"
    assert len(record["item"]["items"]) == 1


def test_upsert_without_replace_adds_lines_like_netsuite(erp: FlaskClient, erp_headers: dict[str, str]) -> None:
    erp.put(f"{SO}/eid:S-9", json=sales_order(), headers=erp_headers)
    erp.put(f"{SO}/eid:S-9", json=sales_order(), headers=erp_headers)
    record = erp.get(f"{SO}/eid:S-9?expandSubResources=true", headers=erp_headers).json
    assert len(record["item"]["items"]) == 2


def test_unknown_reference_is_invalid_field_value(erp: FlaskClient, erp_headers: dict[str, str]) -> None:
    response = erp.post(SO, json=sales_order(location={"id": "99"}), headers=erp_headers)
    assert response.status_code == 400
    detail = response.json["o:errorDetails"][0]
    assert detail == {
        "detail": "Invalid Field Value 99 for the following field: location",
        "o:errorCode": "INVALID_FLD_VALUE",
        "o:errorPath": "location",
    }


def test_unknown_line_item_and_tax_code_name_the_line(erp: FlaskClient, erp_headers: dict[str, str]) -> None:
    lines = {"items": [{"item": {"id": "5001"}, "quantity": 1, "taxCode": {"id": "70"}}]}
    response = erp.post(SO, json=sales_order(item=lines), headers=erp_headers)
    assert response.status_code == 400
    assert response.json["o:errorDetails"][0]["o:errorPath"] == "item.items[0].taxCode"


def test_reference_by_external_id_resolves(erp: FlaskClient, erp_headers: dict[str, str]) -> None:
    response = erp.post(SO, json=sales_order(location={"externalId": "store-lee01"}), headers=erp_headers)
    assert response.status_code == 204


def test_missing_customer_is_user_error(erp: FlaskClient, erp_headers: dict[str, str]) -> None:
    body = sales_order()
    del body["entity"]
    response = erp.post(SO, json=body, headers=erp_headers)
    assert response.status_code == 400
    assert response.json["o:errorDetails"][0]["detail"] == "Please enter value(s) for: Customer"


def test_malformed_json_and_unknown_fields_are_rejected_and_journalled(erp: FlaskClient, erp_headers: dict[str, str]) -> None:
    bad_json = erp.post(SO, data=b"{not json", headers={**erp_headers, "Content-Type": "application/json"})
    unknown = erp.post(SO, json=sales_order(colour="red"), headers=erp_headers)
    custom = erp.post(SO, json=sales_order(custbody_pos_till="T1"), headers=erp_headers)
    assert bad_json.status_code == unknown.status_code == 400
    assert custom.status_code == 204, "custom fields (custbody_*) pass through"
    journal = erp.get("/_sim/journal").json["entries"]
    assert [e["status"] for e in journal if e["path"] == SO] == [400, 400, 204]
    assert journal[-3]["notes"] and journal[-3]["notes"][0].startswith("rejected: INVALID_CONTENT")


def test_missing_or_bad_token_is_401_with_www_authenticate(erp: FlaskClient) -> None:
    for headers in ({}, {"Authorization": "Bearer nope"}):
        response = erp.post(SO, json=sales_order(), headers=headers)
        assert response.status_code == 401
        assert error_code(response) == "INVALID_LOGIN"
        assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


def test_unknown_record_type_and_record_are_404(erp: FlaskClient, erp_headers: dict[str, str]) -> None:
    assert erp.get("/services/rest/record/v1/spaceship/1", headers=erp_headers).status_code == 404
    missing = erp.get(f"{SO}/eid:nope", headers=erp_headers)
    assert missing.status_code == 404
    assert error_code(missing) == "NONEXISTENT_ID"


def test_master_data_is_readable(erp: FlaskClient, erp_headers: dict[str, str]) -> None:
    response = erp.get("/services/rest/record/v1/location/11", headers=erp_headers)
    assert response.status_code == 200
    assert response.json["name"] == "Leeds"


def test_governance_limits_report_the_configured_limit(erp_app, erp: FlaskClient, erp_headers: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    from simulators.common.app import handle

    handle(erp_app).state.seed({"config": {"concurrency_limit": 3}})
    body = erp.get("/services/rest/system/v1/governanceLimits", headers=erp_headers).json
    assert body["accountConcurrencyLimit"] == 3
