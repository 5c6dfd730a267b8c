"""What the OpenAPI contract promises and Schemathesis found the simulator not keeping.

Each case is one fix: wrong JSON types are 400 (not coerced), integer query parameters are
plain decimals, non-JSON constants are refused, odd path accounts are 401 (not 500),
totals that cannot be formatted are 400 (not 500), and server-assigned fields cannot be
overwritten by the body.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.sitoo.sitoo_helpers import AUTH, BASE

SITE = f"{BASE}/sites/1"
JSON = {**AUTH, "Content-Type": "application/json"}


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("orders.json", {"orderdate": "1700000000"}),
        ("orders.json", {"orderdate": True}),
        ("orders.json", {"orderstateid": False}),
        ("orders.json", {"paymentstateid": 20.0}),
        ("orders.json", {"orderitems": [{"quantity": "2", "moneynetpriceperunit": "1"}]}),
        ("warehouses.json", {"sellable": 0}),
        ("products.json", {"sku": "CAP", "activepos": "yes"}),
        ("warehousetransactions.json", {"warehouseid": "1", "items": [{"sku": "MUG", "decimalquantity": 1}]}),
    ],
)
def test_a_known_field_of_the_wrong_json_type_is_400_not_coerced(client: FlaskClient, path: str, body: Any) -> None:
    response = client.post(f"{SITE}/{path}", json=body, headers=AUTH)
    assert response.status_code == 400, response.json


def test_money_and_decimals_still_take_numbers_or_numeric_strings(client: FlaskClient) -> None:
    order = {"orderitems": [{"sku": "MUG", "quantity": 1, "moneynetpriceperunit": 80, "vatvalue": "25"}]}
    orderid = client.post(f"{SITE}/orders.json", json=order, headers=AUTH).json
    stored = client.get(f"{SITE}/orders/{orderid}.json", headers=AUTH).json
    assert stored["moneytotal_gross_all"] == "100.00" and stored["orderitems"][0]["decimalquantitytotal"] == "1.000"


@pytest.mark.parametrize(
    "query", ["start=", "num=+5", "start=%D9%A1", "orderstate=", "orderstate=10,", "orderid=1,,2", "orderidfrom=1.0"]
)
def test_integer_query_parameters_are_plain_decimals(client: FlaskClient, query: str) -> None:
    assert client.get(f"{BASE}/orders.json?{query}", headers=AUTH).status_code == 400


def test_integer_lists_still_take_negative_and_several_values(client: FlaskClient) -> None:
    assert client.get(f"{BASE}/orders.json?orderstate=-1,0,10", headers=AUTH).status_code == 200


@pytest.mark.parametrize("body", [b'{"sku": "CAP", "weight": NaN}', b'{"sku": "CAP", "weight": Infinity}'])
def test_non_json_constants_are_refused_rather_than_echoed(client: FlaskClient, body: bytes) -> None:
    response = client.post(f"{SITE}/products.json", data=body, headers=JSON)
    assert response.status_code == 400 and response.json["statuscode"] == 400


@pytest.mark.parametrize("account", ["%C2%B2", "%D9%A1%D9%A0", "-1"])  # "²", Arabic-Indic "10", a negative
def test_a_path_account_that_is_not_ascii_digits_is_401(client: FlaskClient, account: str) -> None:
    assert client.get(f"/v2/accounts/{account}/orders.json", headers=AUTH).status_code == 401


@pytest.mark.parametrize(
    "items",
    [
        [{"quantity": 10**9, "moneynetpriceperunit": "999999999999999"}],  # one line over the range
        [{"quantity": 1, "moneyitemtotal_net": "999999999999999", "moneynetpriceperunit": 1}] * 20,  # the sum over it
    ],
)
def test_totals_out_of_range_are_400_not_500(client: FlaskClient, items: list[dict[str, Any]]) -> None:
    response = client.post(f"{SITE}/orders.json", json={"orderitems": items}, headers=AUTH)
    assert response.status_code == 400 and "out of range" in response.json["errortext"]


def test_a_transaction_cannot_take_stock_out_of_range(client: FlaskClient) -> None:
    item = {"sku": "MUG", "decimalquantity": "999999999999999"}
    response = client.post(f"{SITE}/warehousetransactions.json", json={"warehouseid": 1, "items": [item, item]}, headers=AUTH)
    assert response.status_code == 400
    assert client.get(f"{SITE}/warehousetransactions.json", headers=AUTH).json["totalcount"] == 0


def test_server_assigned_transaction_fields_are_not_overwritten_by_the_body(client: FlaskClient) -> None:
    body = {"warehouseid": 1, "warehousetransactionid": "x", "datecreated": "y", "items": [{"sku": "MUG", "decimalquantity": 1}]}
    assert client.post(f"{SITE}/warehousetransactions.json", json=body, headers=AUTH).json == 1
    row = client.get(f"{SITE}/warehousetransactions.json", headers=AUTH).json["items"][0]
    assert row["warehousetransactionid"] == 1 and isinstance(row["datecreated"], int)


def test_a_product_update_names_the_product_with_an_integer(client: FlaskClient) -> None:
    response = client.put(f"{SITE}/products.json", json=[{"productid": True, "title": "x"}, {"title": "x"}], headers=AUTH)
    assert [r["statuscode"] for r in response.json] == [400, 400]
