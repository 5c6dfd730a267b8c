"""``POST .../{type}/{id}/!transform/{target}``: records created from records, ``createdFrom`` set."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from tests.erp.erp_helpers import RECORD, created_id, error_detail
from tests.helpers import sales_order

SO = f"{RECORD}/salesOrder"


def _order(erp: FlaskClient, headers: dict[str, str], **body: object) -> str:
    return created_id(erp.post(SO, json=sales_order(**body), headers=headers))


def _expanded(erp: FlaskClient, headers: dict[str, str], location: str) -> dict[str, object]:
    path = location.replace("http://localhost", "")
    body: dict[str, object] = erp.get(f"{path}?expandSubResources=true", headers=headers).json
    return body


def test_sales_order_to_invoice_answers_204_with_the_new_location(erp: FlaskClient, erp_headers: dict[str, str]) -> None:
    order_id = _order(erp, erp_headers, externalId="SO-1")
    response = erp.post(f"{SO}/{order_id}/!transform/invoice", headers=erp_headers)
    assert response.status_code == 204 and response.data == b""
    assert "/record/v1/invoice/" in response.headers["Location"]
    invoice = _expanded(erp, erp_headers, response.headers["Location"])
    assert invoice["createdFrom"]["id"] == order_id  # type: ignore[index]
    assert invoice["entity"]["id"] == "100"  # type: ignore[index]
    assert invoice["item"]["items"] == sales_order()["item"]["items"]  # type: ignore[index]
    assert "externalId" not in invoice, "the source's externalId is not copied"


def test_the_body_overrides_what_was_copied(erp: FlaskClient, erp_headers: dict[str, str]) -> None:
    order_id = _order(erp, erp_headers)
    body = {"externalId": "INV-1", "memo": "billed", "item": {"items": [{"item": {"id": "5002"}, "quantity": 1, "rate": 30}]}}
    response = erp.post(f"{SO}/eid:nope/!transform/invoice", json=body, headers=erp_headers)
    assert response.status_code == 404
    response = erp.post(f"{SO}/{order_id}/!transform/invoice", json=body, headers=erp_headers)
    invoice = _expanded(erp, erp_headers, response.headers["Location"])
    assert (invoice["externalId"], invoice["memo"]) == ("INV-1", "billed")
    assert [line["item"]["id"] for line in invoice["item"]["items"]] == ["5002"]  # type: ignore[index]


def test_sales_order_to_cash_sale_carries_the_payment_method(erp: FlaskClient, erp_headers: dict[str, str]) -> None:
    order_id = _order(erp, erp_headers)
    response = erp.post(f"{SO}/{order_id}/!transform/cashSale", json={}, headers=erp_headers)
    cash_sale = _expanded(erp, erp_headers, response.headers["Location"])
    assert cash_sale["paymentMethod"]["id"] == "1"  # type: ignore[index]


def test_the_whole_chain_links_each_record_to_the_one_before(erp: FlaskClient, erp_headers: dict[str, str]) -> None:
    order_id = _order(erp, erp_headers)
    invoice_id = created_id(erp.post(f"{SO}/{order_id}/!transform/invoice", headers=erp_headers))
    ra_id = created_id(erp.post(f"{RECORD}/invoice/{invoice_id}/!transform/returnAuthorization", headers=erp_headers))
    memo_id = created_id(erp.post(f"{RECORD}/returnAuthorization/{ra_id}/!transform/creditMemo", headers=erp_headers))
    records = erp.get("/_sim/state").json["records"]
    assert records["invoice"][0]["createdFrom"] == {"id": order_id}
    assert records["returnAuthorization"][0]["createdFrom"] == {"id": invoice_id}
    assert records["creditMemo"][0]["createdFrom"] == {"id": ra_id}
    assert records["creditMemo"][0]["id"] == memo_id


@pytest.mark.parametrize(
    ("source", "target"), [("salesOrder", "creditMemo"), ("salesOrder", "journalEntry"), ("salesOrder", "inventoryItem")]
)
def test_an_unsupported_transformation_is_refused(
    erp: FlaskClient, erp_headers: dict[str, str], source: str, target: str
) -> None:
    order_id = _order(erp, erp_headers)
    response = erp.post(f"{RECORD}/{source}/{order_id}/!transform/{target}", headers=erp_headers)
    assert response.status_code == 400
    assert error_detail(response) == {
        "detail": f"You cannot transform a record of type {source} into a {target}.",
        "o:errorCode": "INVALID_RCRD_TRANSFORM",
    }


def test_a_transform_with_an_existing_external_id_is_user_error(erp: FlaskClient, erp_headers: dict[str, str]) -> None:
    order_id = _order(erp, erp_headers)
    assert erp.post(f"{SO}/{order_id}/!transform/invoice", json={"externalId": "INV-1"}, headers=erp_headers).status_code == 204
    again = erp.post(f"{SO}/{order_id}/!transform/invoice", json={"externalId": "INV-1"}, headers=erp_headers)
    assert error_detail(again)["detail"] == "This entity already exists."
    assert len(erp.get("/_sim/state").json["records"]["invoice"]) == 1


def test_a_transform_body_with_a_bad_reference_is_invalid_field_value(erp: FlaskClient, erp_headers: dict[str, str]) -> None:
    order_id = _order(erp, erp_headers)
    response = erp.post(f"{SO}/{order_id}/!transform/invoice", json={"location": {"id": "404"}}, headers=erp_headers)
    assert error_detail(response)["o:errorPath"] == "location"
    bad_json = erp.post(f"{SO}/{order_id}/!transform/invoice", data=b"[1,", headers=erp_headers)
    assert error_detail(bad_json)["o:errorCode"] == "INVALID_CONTENT"
