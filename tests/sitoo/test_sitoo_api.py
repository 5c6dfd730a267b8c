"""The Sitoo REST surface: auth, list envelopes, order filters, formats, batches, errors."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulators.common.app import handle
from tests.sitoo.sitoo_helpers import AUTH, BASE, FakeClock, sale

ORDERS = f"{BASE}/sites/1/orders.json"


def basic(user: str, password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


def add(client: FlaskClient, body: Any, path: str = ORDERS) -> Any:
    response = client.post(path, json=body, headers=AUTH)
    assert response.status_code == 200, response.json
    return response.json


@pytest.mark.parametrize(
    "headers, path",
    [
        ({}, f"{BASE}/orders.json"),
        (basic("10020-140", "wrong"), f"{BASE}/orders.json"),
        (basic("10020-999", "s3cret"), f"{BASE}/orders.json"),
        (AUTH, "/v2/accounts/10021/orders.json"),  # the credential's account is 10020
        ({"Authorization": "Bearer s3cret"}, f"{BASE}/orders.json"),
    ],
)
def test_bad_or_foreign_credentials_get_401_with_sitoo_error_body(
    client: FlaskClient, headers: dict[str, str], path: str
) -> None:
    response = client.get(path, headers=headers)
    assert response.status_code == 401
    assert response.json == {"statuscode": 401, "errortext": "Unauthorized. Authorization failed."}


def test_seeding_a_credential_of_another_account_is_refused(client: FlaskClient) -> None:
    response = client.post("/_sim/seed", json={"credentials": [{"api_id": "999-1", "password": "x"}]})
    assert response.status_code == 400


def test_list_envelope_pages_sorts_and_projects(client: FlaskClient) -> None:
    for n in range(15):
        add(client, sale(externalid=f"E{n}"))
    first = client.get(f"{BASE}/orders.json", headers=AUTH).json
    assert first["totalcount"] == 15 and len(first["items"]) == 10
    assert [o["orderid"] for o in first["items"]][:2] == [15, 14]  # default sort -orderid
    rest = client.get(f"{BASE}/orders.json?start=10", headers=AUTH).json
    assert [o["orderid"] for o in rest["items"]] == [5, 4, 3, 2, 1]
    projected = client.get(f"{BASE}/orders.json?sort=orderid&num=3&fields=orderid,externalid", headers=AUTH).json
    assert projected == {
        "totalcount": 15,
        "items": [{"orderid": 1, "externalid": "E0"}, {"orderid": 2, "externalid": "E1"}, {"orderid": 3, "externalid": "E2"}],
    }
    capped = client.get(f"{BASE}/orders.json?num=1000", headers=AUTH)
    assert len(capped.json["items"]) == 15
    client.post("/_sim/seed", json={"config": {"max_page_size": 4}})
    assert len(client.get(f"{BASE}/orders.json?num=50", headers=AUTH).json["items"]) == 4


@pytest.mark.parametrize("query", ["start=abc", "num=-1", "sort=nosuchfield", "orderid=1,x", "orderdatefrom=yesterday"])
def test_bad_list_parameters_are_400(client: FlaskClient, query: str) -> None:
    add(client, sale())
    response = client.get(f"{BASE}/orders.json?{query}", headers=AUTH)
    assert response.status_code == 400 and response.json["statuscode"] == 400


def test_order_filters(client: FlaskClient, clock: FakeClock) -> None:
    first = add(client, sale(externalid="A", additionaldata={"pos-receiptid": "R-1"}))
    clock.now += 100
    second = add(
        client,
        sale(externalid="B", email="ola@example.com", orderstateid=10, paymentstateid=20, ordertypeid=100, warehouseid=None),
    )
    refund = add(client, sale(creditorderid=first, orderitems=[{"sku": "MUG", "quantity": -1, "moneynetpriceperunit": "80"}]))
    other_site = add(client, sale(), path=f"{BASE}/sites/2/orders.json")
    t0 = int(clock.now) - 100
    expectations = {
        "eshopid=2": [other_site],
        "externalid=B,A": [second, first],
        f"orderid={first},{refund}": [refund, first],
        f"orderidfrom={second}&orderidto={refund}": [refund, second],
        f"orderdatefrom={t0 + 1}": [other_site, refund, second],
        f"orderdateto={t0}": [first],
        "orderstate=10": [second],
        "paymentstate=20": [second],
        "ordertype=100": [second],
        "email=ola@example.com": [second],
        "receiptid=R-1": [first],
        f"creditorderid={first}": [refund],
        "warehouseid=1": [other_site, refund, first],
    }
    for query, expected in expectations.items():
        found = client.get(f"{BASE}/orders.json?{query}", headers=AUTH).json
        assert [o["orderid"] for o in found["items"]] == expected, query
    site_two = client.get(f"{BASE}/sites/2/orders.json", headers=AUTH).json
    assert [o["orderid"] for o in site_two["items"]] == [other_site]


def test_money_quantities_and_dates_use_sitoo_formats(client: FlaskClient, clock: FakeClock) -> None:
    orderid = add(
        client,
        sale(
            orderitems=[{"sku": "MUG", "quantity": 3, "moneynetpriceperunit": 19.999, "vatvalue": 25}],
            payments=[{"name": "Cash", "moneyamount": 75}],
        ),
    )
    order = client.get(f"{BASE}/sites/1/orders/{orderid}.json", headers=AUTH).json
    line = order["orderitems"][0]
    assert (line["moneynetpriceperunit"], line["moneyitemtotal_net"], line["moneyitemtotal_vat"]) == ("20.00", "60.00", "15.00")
    assert line["decimalquantitytotal"] == "3.000" and line["orderitemtype"] == 10
    assert (order["moneyfinal_net"], order["moneyfinal_vat"], order["moneytotal_gross_all"]) == ("60.00", "15.00", "75.00")
    assert order["payments"][0]["moneyamount"] == "75.00"
    assert order["orderdate"] == int(clock.now) and isinstance(order["orderdate"], int)


def test_batch_post_answers_per_element_and_keeps_the_good_ones(client: FlaskClient) -> None:
    results = add(client, [sale(), sale(paymentstateid=99), sale()])
    assert results[0] == {"statuscode": 200, "return": 1} and results[2] == {"statuscode": 200, "return": 2}
    assert results[1]["statuscode"] == 400 and "paymentstateid" in results[1]["errortext"]
    assert client.get(f"{BASE}/orders.json", headers=AUTH).json["totalcount"] == 2
    journal = handle(client.application).journal.entries(method="POST")
    assert any("batch element 1 rejected" in n for n in journal[-1].notes)


def test_single_order_post_answers_the_bare_id_and_get_put_round_trip(client: FlaskClient) -> None:
    orderid = add(client, sale(orderid=99, orderitems=[{"orderitemid": 7, "quantity": 1, "moneynetpriceperunit": 8}]))
    assert orderid == 1
    response = client.put(f"{BASE}/sites/1/orders/1.json", json={"orderstateid": 20}, headers=AUTH)
    assert response.status_code == 200
    order = client.get(f"{BASE}/sites/1/orders/1.json", headers=AUTH).json
    assert (order["orderid"], order["orderitems"][0]["orderitemid"]) == (1, 0)
    assert order["orderstateid"] == 20 and order["moneytotal_gross_all"] == "8.00"
    for bad in ({"warehouseid": 42}, {"orderstateid": 7}, ["x"]):
        assert client.put(f"{BASE}/sites/1/orders/1.json", json=bad, headers=AUTH).status_code == 400


def test_orders_cannot_be_deleted(client: FlaskClient) -> None:
    add(client, sale())
    response = client.delete(f"{BASE}/sites/1/orders/1.json", headers=AUTH)
    assert response.status_code == 405 and response.json == {"statuscode": 405, "errortext": "Method not allowed."}
    assert "DELETE" not in response.headers["Allow"]


@pytest.mark.parametrize(
    "path",
    [f"{BASE}/sites/1/orders/77.json", f"{BASE}/sites/2/orders/1.json", f"{BASE}/sites/5/orders.json", f"{BASE}/nothing.json"],
)
def test_unknown_resources_are_404_with_sitoo_error_body(client: FlaskClient, path: str) -> None:
    add(client, sale())
    response = client.get(path, headers=AUTH)
    assert response.status_code == 404 and response.json["statuscode"] == 404


def test_refund_is_a_negative_order_pointing_at_its_sale(client: FlaskClient) -> None:
    sold = add(client, sale())
    refundid = add(
        client,
        sale(
            creditorderid=sold,
            additionaldata={"refundreasoncode-reasoncode": "DAMAGED"},
            orderitems=[{"sku": "MUG", "quantity": -1, "moneynetpriceperunit": "80", "vatvalue": 25}],
            payments=[{"name": "Card", "moneyamount": "-100"}],
        ),
    )
    refund = client.get(f"{BASE}/sites/1/orders/{refundid}.json", headers=AUTH).json
    assert refund["creditorderid"] == sold and refund["moneytotal_gross_all"] == "-100.00"
    assert refund["orderitems"][0]["decimalquantitytotal"] == "-1.000"
    assert refund["additionaldata"] == {"refundreasoncode-reasoncode": "DAMAGED", "pos-originalsales-orderid": str(sold)}
    positive = client.post(ORDERS, json=sale(creditorderid=sold), headers=AUTH)
    unknown = client.post(
        ORDERS, json=sale(creditorderid=404, orderitems=[{"quantity": -1, "moneynetpriceperunit": 1}]), headers=AUTH
    )
    assert positive.status_code == unknown.status_code == 400


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"{",
        b'"an order"',
        b"[]",
        b'{"orderitems": "x"}',
        b'{"orderitems": [{"quantity": "two", "moneynetpriceperunit": "1"}]}',
        b'{"orderitems": [{"quantity": 1, "moneynetpriceperunit": "abc"}]}',
        b'{"orderitems": [{"quantity": 1, "moneynetpriceperunit": "1e999"}]}',
        b'{"orderitems": [{"quantity": 1}]}',
        b'{"orderstateid": 3}',
        b'{"orderdate": "soon"}',
        b'{"warehouseid": 42}',
        b'{"payments": [{"moneyamount": true}]}',
    ],
)
def test_malformed_order_bodies_are_400_with_a_journal_note(client: FlaskClient, body: bytes) -> None:
    response = client.post(ORDERS, data=body, headers={**AUTH, "Content-Type": "application/json"})
    assert response.status_code == 400
    assert set(response.json) == {"statuscode", "errortext"} and response.json["statuscode"] == 400
    assert handle(client.application).journal.entries()[-1].notes


KEYS = st.sampled_from(
    [
        "orderitems",
        "quantity",
        "payments",
        "moneyamount",
        "orderstateid",
        "sku",
        "moneynetpriceperunit",
        "creditorderid",
        "name",
        "orderdate",
        "vatvalue",
        "items",
        "decimalquantity",
        "warehouseid",
    ]
)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=JSON)
def test_no_json_body_makes_the_simulator_answer_500(client: FlaskClient, body: Any) -> None:
    for method, path in (
        ("post", ORDERS),
        ("put", f"{BASE}/sites/1/products.json"),
        ("post", f"{BASE}/sites/1/warehousetransactions.json"),
    ):
        response = getattr(client, method)(path, json=body, headers=AUTH)
        assert response.status_code in (200, 400), response.json


def test_rate_limit_answers_429_with_retry_after(client: FlaskClient, clock: FakeClock) -> None:
    client.post("/_sim/seed", json={"config": {"rate_limit_per_second": 2, "rate_limit_burst": 2}})
    statuses = [client.get(f"{BASE}/orders.json", headers=AUTH).status_code for _ in range(2)]
    limited = client.get(f"{BASE}/orders.json", headers=AUTH)
    assert statuses == [200, 200] and limited.status_code == 429
    assert limited.json == {"statuscode": 429, "errortext": "Too Many Requests."}
    assert limited.headers["Retry-After"] == "1"
    clock.now += 0.5
    assert client.get(f"{BASE}/orders.json", headers=AUTH).status_code == 200
    assert client.get("/_sim/activity").json["rate_limited"] == 1
