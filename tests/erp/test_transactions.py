"""The sales chain: cashSale, invoice, returnAuthorization and creditMemo, linked by ``createdFrom``."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from tests.erp.erp_helpers import RECORD, created_id, error_detail, return_lines
from tests.helpers import sales_order


def _create(erp: FlaskClient, headers: dict[str, str], record_type: str, **body: object) -> str:
    payload = sales_order(**body)
    if record_type not in ("salesOrder", "cashSale", "invoice"):
        payload.pop("paymentMethod")
    return created_id(erp.post(f"{RECORD}/{record_type}", json=payload, headers=headers))


@pytest.mark.parametrize("record_type", ["cashSale", "invoice"])
def test_cash_sales_and_invoices_are_created_directly(erp: FlaskClient, erp_headers: dict[str, str], record_type: str) -> None:
    internal_id = _create(erp, erp_headers, record_type, externalId="S-1")
    record = erp.get(f"{RECORD}/{record_type}/eid:S-1?expandSubResources=true", headers=erp_headers).json
    assert record["id"] == internal_id
    assert record["item"]["items"][0]["item"] == {"id": "5001"}


@pytest.mark.parametrize("source_type", ["salesOrder", "cashSale", "invoice", "returnAuthorization"])
def test_credit_memo_created_from_each_allowed_source(erp: FlaskClient, erp_headers: dict[str, str], source_type: str) -> None:
    source_id = _create(erp, erp_headers, source_type)
    body = sales_order(createdFrom={"id": source_id}, item=return_lines(), externalId="CM-1")
    body.pop("paymentMethod")
    memo_id = created_id(erp.post(f"{RECORD}/creditMemo", json=body, headers=erp_headers))
    memo = erp.get(f"{RECORD}/creditMemo/{memo_id}", headers=erp_headers).json
    assert memo["createdFrom"]["id"] == source_id
    assert memo["createdFrom"]["links"][0]["href"].endswith(f"/{source_type}/{source_id}")
    assert memo["createdFrom"]["refName"].endswith(f"#{source_id}")


def test_credit_memo_from_a_record_that_does_not_exist_is_invalid_field_value(
    erp: FlaskClient, erp_headers: dict[str, str]
) -> None:
    body = sales_order(createdFrom={"id": "9999"}, item=return_lines())
    response = erp.post(f"{RECORD}/creditMemo", json=body, headers=erp_headers)
    assert response.status_code == 400
    assert error_detail(response) == {
        "detail": "Invalid Field Value 9999 for the following field: createdFrom",
        "o:errorCode": "INVALID_FLD_VALUE",
        "o:errorPath": "createdFrom",
    }
    assert erp.get("/_sim/state").json["records"]["creditMemo"] == []


def test_created_from_must_point_at_a_sale_not_any_record(erp: FlaskClient, erp_headers: dict[str, str]) -> None:
    memo_id = _create(erp, erp_headers, "creditMemo")
    # a return authorization may come from a sale, not from a credit memo
    body = sales_order(createdFrom={"id": memo_id}, item=return_lines())
    body.pop("paymentMethod")
    response = erp.post(f"{RECORD}/returnAuthorization", json=body, headers=erp_headers)
    assert response.status_code == 400
    assert error_detail(response)["o:errorCode"] == "INVALID_FLD_VALUE"
    assert error_detail(response)["o:errorPath"] == "createdFrom"


def test_created_from_by_external_id_resolves_to_the_internal_id(erp: FlaskClient, erp_headers: dict[str, str]) -> None:
    sale_id = _create(erp, erp_headers, "cashSale", externalId="LEE01-T1-000042")
    body = sales_order(createdFrom={"externalId": "LEE01-T1-000042"}, item=return_lines())
    body.pop("paymentMethod")
    ra_id = created_id(erp.post(f"{RECORD}/returnAuthorization", json=body, headers=erp_headers))
    assert erp.get("/_sim/state").json["records"]["returnAuthorization"][0]["createdFrom"] == {"id": sale_id}
    assert ra_id != sale_id


def test_a_sales_order_has_no_created_from(erp: FlaskClient, erp_headers: dict[str, str]) -> None:
    response = erp.post(f"{RECORD}/salesOrder", json=sales_order(createdFrom={"id": "1"}), headers=erp_headers)
    assert response.status_code == 400
    assert error_detail(response)["o:errorCode"] == "INVALID_CONTENT"
    assert "createdFrom" in error_detail(response)["detail"]


def test_a_gift_return_credit_memo_needs_no_created_from(erp: FlaskClient, erp_headers: dict[str, str]) -> None:
    body = sales_order(item=return_lines(), memo="gift return, no receipt")
    body.pop("paymentMethod")
    assert erp.post(f"{RECORD}/creditMemo", json=body, headers=erp_headers).status_code == 204


def test_credit_memo_apply_lines_must_name_invoices(erp: FlaskClient, erp_headers: dict[str, str]) -> None:
    invoice_id = _create(erp, erp_headers, "invoice")
    order_id = _create(erp, erp_headers, "salesOrder")
    good = sales_order(item=return_lines(), apply={"items": [{"doc": {"id": invoice_id}, "apply": True, "amount": 8.33}]})
    bad = sales_order(item=return_lines(), apply={"items": [{"doc": {"id": order_id}, "apply": True}]})
    for body in (good, bad):
        body.pop("paymentMethod")
    assert erp.post(f"{RECORD}/creditMemo", json=good, headers=erp_headers).status_code == 204
    refused = erp.post(f"{RECORD}/creditMemo", json=bad, headers=erp_headers)
    assert refused.status_code == 400
    assert error_detail(refused) == {
        "detail": f"Invalid Field Value {order_id} for the following field: apply.items[0].doc",
        "o:errorCode": "INVALID_FLD_VALUE",
        "o:errorPath": "apply.items[0].doc",
    }


def test_a_credit_memo_needs_a_customer_and_lines(erp: FlaskClient, erp_headers: dict[str, str]) -> None:
    no_lines = erp.post(f"{RECORD}/creditMemo", json={"entity": {"id": "100"}}, headers=erp_headers)
    no_customer = erp.post(f"{RECORD}/creditMemo", json={"item": return_lines()}, headers=erp_headers)
    assert error_detail(no_lines)["detail"] == "Please enter value(s) for: Items"
    assert error_detail(no_customer)["detail"] == "Please enter value(s) for: Customer"


def test_sublists_of_every_type_collapse_unless_expanded(erp: FlaskClient, erp_headers: dict[str, str]) -> None:
    invoice_id = _create(erp, erp_headers, "invoice")
    body = sales_order(item=return_lines(), apply={"items": [{"doc": {"id": invoice_id}}]})
    body.pop("paymentMethod")
    memo_id = created_id(erp.post(f"{RECORD}/creditMemo", json=body, headers=erp_headers))
    collapsed = erp.get(f"{RECORD}/creditMemo/{memo_id}", headers=erp_headers).json
    expanded = erp.get(f"{RECORD}/creditMemo/{memo_id}?expandSubResources=true", headers=erp_headers).json
    assert collapsed["apply"] == {"links": [{"rel": "self", "href": f"http://localhost{RECORD}/creditMemo/{memo_id}/apply"}]}
    assert expanded["apply"]["items"][0]["doc"] == {"id": invoice_id}
    assert expanded["entity"]["refName"] == "POS Walk-in Customer"
