"""Stores, warehouses, stock, warehouse transactions, products, and stock moved by POS orders."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from tests.sitoo.sitoo_helpers import AUTH, BASE, FakeClock, sale

SITE = f"{BASE}/sites/1"


def get(client: FlaskClient, path: str) -> Any:
    response = client.get(f"{SITE}/{path}", headers=AUTH)
    assert response.status_code == 200, response.json
    return response.json


def stock(client: FlaskClient, sku: str, warehouseid: int = 1) -> dict[str, Any]:
    items = get(client, f"warehouses/{warehouseid}/warehouseitems.json?sku={sku}")["items"]
    assert len(items) == 1
    return dict(items[0])


def test_stores_and_warehouses_are_listed_and_warehouses_can_be_added(client: FlaskClient) -> None:
    assert get(client, "stores.json") == {
        "totalcount": 1,
        "items": [{"storeid": 1, "eshopid": 1, "name": "Oslo", "externalid": "S001"}],
    }
    new = client.post(f"{SITE}/warehouses.json", json={"name": "Bergen", "currencycode": "NOK", "storeid": 1}, headers=AUTH)
    assert new.json == 10  # after the seeded 1 and 9
    listed = get(client, "warehouses.json?fields=warehouseid,warehousetype,sellable")
    assert listed["items"] == [
        {"warehouseid": 1, "warehousetype": 10, "sellable": True},
        {"warehouseid": 9, "warehousetype": 20, "sellable": True},
        {"warehouseid": 10, "warehousetype": 10, "sellable": True},
    ]


def test_warehouse_items_put_sets_stock_and_get_formats_it(client: FlaskClient, clock: FakeClock) -> None:
    clock.now += 60
    put = client.put(
        f"{SITE}/warehouses/1/warehouseitems.json",
        headers=AUTH,
        json=[{"sku": "MUG", "decimaltotal": 12, "decimalreserved": "2.5"}, {"decimaltotal": 1}],
    )
    assert put.json[0] == {"statuscode": 200, "return": 1} and put.json[1]["statuscode"] == 400
    assert stock(client, "MUG") == {
        "warehouseitemid": 1,
        "sku": "MUG",
        "decimaltotal": "12.000",
        "decimalreserved": "2.500",
        "decimalavailable": "9.500",
        "datelastmodified": int(clock.now),
    }
    assert client.get(f"{SITE}/warehouses/77/warehouseitems.json", headers=AUTH).status_code == 404


def test_posted_transaction_moves_stock_and_is_listed(client: FlaskClient) -> None:
    body = [
        {
            "warehouseid": 1,
            "transactiontype": 20,
            "description": "Move out",
            "externalid": "T1",
            "items": [{"sku": "MUG", "decimalquantity": "-2"}],
        },
        {"warehouseid": 1, "items": [{"sku": "TEE", "decimalquantity": 4, "moneypricein": "3.4"}]},
        {"warehouseid": 9, "items": [{"sku": "MUG", "decimalquantity": 1}]},  # virtual warehouse
        {"warehouseid": 1, "items": [{"sku": "NOPE", "decimalquantity": 1}]},
    ]  # unknown sku
    results = client.post(f"{SITE}/warehousetransactions.json", json=body, headers=AUTH).json
    assert [r["statuscode"] for r in results] == [200, 200, 400, 400]
    assert "Virtual" in results[2]["errortext"] and "NOPE" in results[3]["errortext"]
    assert stock(client, "MUG")["decimaltotal"] == "3.000" and stock(client, "TEE")["decimalavailable"] == "4.000"
    listed = get(client, "warehousetransactions.json?transactiontype=20")
    assert listed["totalcount"] == 1
    assert listed["items"][0]["items"] == [
        {"sku": "MUG", "decimalquantity": "-2.000", "moneypricein": "0.00", "decimaltotal": "3.000"}
    ]
    assert get(client, "warehousetransactions.json?warehouseid=1")["totalcount"] == 2


def test_products_post_put_and_get(client: FlaskClient) -> None:
    added = client.post(
        f"{SITE}/products.json",
        headers=AUTH,
        json=[
            {"sku": "CAP", "title": "Cap", "moneyprice": 150, "vatvalue": 25, "barcode": "703"},
            {"sku": "MUG", "title": "Second mug"},
        ],
    ).json
    assert added[0] == {"statuscode": 200, "return": 3} and added[1]["statuscode"] == 400
    updated = client.put(
        f"{SITE}/products.json", json=[{"productid": 3, "activepos": False}, {"productid": 99}], headers=AUTH
    ).json
    assert updated[0] == {"statuscode": 200, "return": 3} and updated[1]["statuscode"] == 404
    cap = get(client, "products.json?sort=-productid&num=1")["items"][0]
    assert cap == {
        "productid": 3,
        "sku": "CAP",
        "title": "Cap",
        "moneyprice": "150.00",
        "vatid": None,
        "vatvalue": 25,
        "barcode": "703",
        "activepos": False,
    }
    assert get(client, "products.json")["items"][1]["moneyprice"] == "199.50"
    assert client.get(f"{BASE}/sites/2/products.json", headers=AUTH).json["totalcount"] == 0


def test_pos_sales_and_refunds_move_stock_but_api_orders_do_not(client: FlaskClient) -> None:
    created = client.post("/_sim/orders", json=[sale(), sale(orderstateid=0)]).json["orderids"]
    assert stock(client, "MUG")["decimaltotal"] == "3.000"  # only the closed sale moved stock
    refund = sale(creditorderid=created[0], orderitems=[{"sku": "MUG", "quantity": -1, "moneynetpriceperunit": 80}])
    assert client.post("/_sim/orders", json=[refund]).status_code == 200
    assert stock(client, "MUG")["decimaltotal"] == "4.000"
    client.post(f"{SITE}/orders.json", json=sale(orderstateid=10), headers=AUTH)
    assert stock(client, "MUG")["decimaltotal"] == "4.000"
    first = client.get(f"{SITE}/orders/{created[0]}.json", headers=AUTH).json
    assert (first["orderstateid"], first["paymentstateid"]) == (10, 20)


def test_pos_order_errors_name_the_element_and_keep_earlier_ones(client: FlaskClient) -> None:
    response = client.post("/_sim/orders", json=[sale(), sale(eshopid=7)])
    assert response.status_code == 400
    assert response.json["orderids"] == [1] and response.json["error"].startswith("orders[1]")
