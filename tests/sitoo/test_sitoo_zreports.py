"""Cash registers and Z-reports: exact totals, one day per close, paging, 404s, the z-report event."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any
from urllib.parse import quote

import pytest
from flask.testing import FlaskClient

from simulators.sitoo import SitooState
from tests.sitoo.sitoo_helpers import AUTH, BASE, FakeClock, Receiver, wait_for

SITE = f"{BASE}/sites/1"


@pytest.fixture
def registers(state: SitooState) -> tuple[str, str]:
    state.seed({"cashregisters": [{"registernumber": 1, "warehouseid": 1}, {"registernumber": 2, "registerkey": "K2"}]})
    first, second = state.tills.registers
    return first, second


def reg_path(registerid: str) -> str:
    return f"{SITE}/cashregisters/{quote(registerid, safe='')}"


def ring(client: FlaskClient, *orders: dict[str, Any]) -> list[int]:
    response = client.post("/_sim/orders", json=list(orders))
    assert response.status_code == 200, response.json
    return list(response.json["orderids"])


def line(quantity: int, net: str, vat: int | float, sku: str = "MUG") -> dict[str, Any]:
    return {"sku": sku, "quantity": quantity, "moneynetpriceperunit": net, "vatvalue": vat}


def pay(name: str, amount: str) -> dict[str, Any]:
    return {"name": name, "moneyamount": amount}


def close(client: FlaskClient, registerid: str, **extra: str) -> dict[str, Any]:
    response = client.post("/_sim/dayclose", json={"registerid": registerid, **extra})
    assert response.status_code == 200, response.json
    return dict(response.json)


def ring_day(client: FlaskClient, reg: str, other: str) -> None:
    """Three sales and one refund on ``reg``; an open order on it and a sale on ``other`` do not count."""
    (sale_a,) = ring(
        client,
        {
            "registerid": reg,
            "warehouseid": 1,
            "currencycode": "NOK",
            "orderitems": [line(2, "80", 25)],
            "payments": [pay("Card", "200")],
        },
    )
    ring(
        client,
        {
            "registerid": reg,
            "orderitems": [line(1, "100", 25, "TEE"), line(1, "50", 12, "BOOK")],
            "payments": [pay("Cash", "100"), pay("Card", "81")],
        },
        {"registerid": reg, "orderitems": [line(3, "33.33", 15, "PEN")], "payments": [pay("Cash", "114.99")]},
        {"registerid": reg, "creditorderid": sale_a, "orderitems": [line(-1, "80", 25)], "payments": [pay("Card", "-100")]},
        {"registerid": reg, "orderstateid": 0, "orderitems": [line(9, "10", 25)]},
        {"registerid": other, "orderitems": [line(5, "10", 25)], "payments": [pay("Cash", "62.50")]},
    )


def test_registers_are_listed_with_derived_ids_and_store(client: FlaskClient, registers: tuple[str, str]) -> None:
    body = client.get(f"{SITE}/cashregisters.json", headers=AUTH).json
    assert body["totalcount"] == 2
    first, second = body["items"]
    guid = r"^\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}$"
    assert re.match(guid, first["registerid"]) and first["registerid"] == registers[0] != registers[1]
    assert (first["registernumber"], first["warehouseid"], first["store_id"], first["store_name"]) == (1, 1, "1", "Oslo")
    assert (second["registerkey"], second["store_id"], second["store_name"], second["eshopid"]) == ("K2", "", "", 1)
    assert client.get(f"{reg_path(registers[1])}.json", headers=AUTH).json == second


def test_register_ids_are_deterministic(state: SitooState, registers: tuple[str, str]) -> None:
    fresh = SitooState(clock=FakeClock())
    fresh.seed(
        {
            "config": {"account_id": state.config.account_id},
            "warehouses": [{"warehouseid": 1}],
            "cashregisters": [{"registernumber": 1, "warehouseid": 1}, {"registernumber": 2}],
        }
    )
    assert tuple(fresh.tills.registers) == registers
    fresh.close()


def test_zreport_totals_vat_groups_and_payments_are_exact(
    client: FlaskClient, clock: FakeClock, registers: tuple[str, str]
) -> None:
    reg, other = registers
    opened = clock.now
    ring_day(client, reg, other)
    clock.now += 3600
    report = close(client, reg, staff="Kari", moneycash_counted="210")
    assert report == {
        "zreportid": 1,
        "registerid": reg,
        "registerkey": "10020-1-1",
        "registernumber": 1,
        "datecreated": int(clock.now),
        "dateopened": int(opened),
        "eshopid": 1,
        "store_id": "1",
        "store_name": "Oslo",
        "currencycode": "NOK",
        "staff": "Kari",
        "moneysalestotal": "495.99",
        "moneysalestotalnet": "409.99",
        "numsales": 3,
        "numsalesitems": 7,
        "vatgroupssales": [
            {"vatvalue": 12, "moneytotal": "56.00", "moneytotalnet": "50.00", "moneytotalvat": "6.00"},
            {"vatvalue": 15, "moneytotal": "114.99", "moneytotalnet": "99.99", "moneytotalvat": "15.00"},
            {"vatvalue": 25, "moneytotal": "325.00", "moneytotalnet": "260.00", "moneytotalvat": "65.00"},
        ],
        "moneyrefundtotal": "-100.00",
        "moneyrefundtotalnet": "-80.00",
        "numrefund": 1,
        "numrefunditems": 1,
        "vatgroupsrefund": [{"vatvalue": 25, "moneytotal": "-100.00", "moneytotalnet": "-80.00", "moneytotalvat": "-20.00"}],
        "paymentssales": [
            {"name": "Card", "moneytotal": "281.00", "subpayments": []},
            {"name": "Cash", "moneytotal": "214.99", "subpayments": []},
        ],
        "paymentsrefund": [{"name": "Card", "moneytotal": "-100.00", "subpayments": []}],
        "moneysummarytotal": "395.99",
        "numreceipts": 4,
        "moneycash_expected": "214.99",
        "moneycash_counted": "210.00",
        "moneycash_diff": "-4.99",
    }
    assert client.get(f"{reg_path(reg)}/zreports/1.json", headers=AUTH).json == report
    other_report = close(client, other)
    assert (other_report["moneysalestotal"], other_report["moneycash_diff"], other_report["store_id"]) == ("62.50", "0.00", "")


def test_the_second_close_covers_only_orders_after_the_first(
    client: FlaskClient, clock: FakeClock, registers: tuple[str, str]
) -> None:
    reg, other = registers
    ring_day(client, reg, other)
    first = close(client, reg)
    clock.now += 86400
    ring(client, {"registerid": reg, "orderitems": [line(1, "10", 25)], "payments": [pay("Cash", "12.50")]})
    second = close(client, reg)
    assert (second["zreportid"], second["dateopened"], second["datecreated"]) == (2, first["datecreated"], int(clock.now))
    assert (second["moneysalestotal"], second["numsales"], second["numrefund"], second["numreceipts"]) == ("12.50", 1, 0, 1)
    assert second["vatgroupssales"] == [
        {"vatvalue": 25, "moneytotal": "12.50", "moneytotalnet": "10.00", "moneytotalvat": "2.50"}
    ]
    empty = close(client, reg)
    assert (empty["numreceipts"], empty["moneysummarytotal"], empty["vatgroupssales"], empty["paymentssales"]) == (
        0,
        "0.00",
        [],
        [],
    )


def test_zreport_list_pages_and_filters_by_date(client: FlaskClient, clock: FakeClock, registers: tuple[str, str]) -> None:
    reg, other = registers
    dates = []
    for _ in range(3):
        dates.append(close(client, reg)["datecreated"])
        clock.now += 100
    close(client, other)
    listed = client.get(f"{reg_path(reg)}/zreports.json", headers=AUTH).json
    assert (listed["totalcount"], [z["zreportid"] for z in listed["items"]]) == (3, [1, 2, 3])
    page = client.get(f"{reg_path(reg)}/zreports.json?start=1&num=1", headers=AUTH).json
    assert (page["totalcount"], [z["zreportid"] for z in page["items"]]) == (3, [2])
    window = f"{reg_path(reg)}/zreports.json?datecreatedfrom={dates[1]}&datecreatedto={dates[2] - 1}"
    assert [z["zreportid"] for z in client.get(window, headers=AUTH).json["items"]] == [2]
    bad = client.get(f"{reg_path(reg)}/zreports.json?datecreatedfrom=yesterday", headers=AUTH)
    assert bad.status_code == 400 and bad.json["statuscode"] == 400


def test_unknown_registers_and_zreports_are_404(client: FlaskClient, registers: tuple[str, str]) -> None:
    reg, other = registers
    close(client, reg)
    close(client, other)  # Z-report 2 belongs to the other register
    for path in (
        f"{reg_path('{NOPE}')}.json",
        f"{reg_path('{NOPE}')}/zreports.json",
        f"{reg_path(reg)}/zreports/9.json",
        f"{reg_path(reg)}/zreports/2.json",
        f"{BASE}/sites/2/cashregisters/{quote(reg, safe='')}.json",
    ):
        response = client.get(path, headers=AUTH)
        assert (response.status_code, response.json["statuscode"]) == (404, 404), path
    refused = client.post("/_sim/dayclose", json={"registerid": "{NOPE}"})
    assert refused.status_code == 404 and "error" in refused.json
    assert client.post("/_sim/dayclose", json={"staff": "x"}).status_code == 400


def test_seeding_a_register_checks_what_it_points_at(state: SitooState) -> None:
    with pytest.raises(ValueError, match="warehouseid"):
        state.seed({"cashregisters": [{"registernumber": 1, "warehouseid": 77}]})
    with pytest.raises(ValueError, match="already exists"):
        state.seed({"cashregisters": [{"registerid": "R", "registernumber": 1}, {"registerid": "R", "registernumber": 2}]})


def test_a_day_close_publishes_a_z_report_event(
    client: FlaskClient, state: SitooState, registers: tuple[str, str], receiver: tuple[Receiver, str]
) -> None:
    rx, url = receiver
    assert client.post("/_sim/subscription", json={"url": url}).status_code == 200
    ring(client, {"registerid": registers[0], "orderitems": [line(1, "10", 25)], "payments": [pay("Cash", "12.50")]})
    report = close(client, registers[0])
    wait_for(lambda: state.activity()["pending"] == 0)
    events = [e for c in rx.calls if c["status"] == 200 for e in c["events"]]
    assert [e["event_type"] for e in events] == ["order", "z-report"]
    assert events[1]["data"] == {"eshop_id": 1, "zreport_id": report["zreportid"], "register_id": registers[0]}


# -- store day close (store Z-reports: admin read only, see docs) ------------------------------


@pytest.fixture
def store_registers(state: SitooState) -> tuple[str, str, str]:
    """Two registers in store 1 (Oslo) and one outside any store."""
    state.seed({"cashregisters": [{"registernumber": n, "warehouseid": 1} for n in (1, 2)] + [{"registernumber": 3}]})
    first, second, outside = state.tills.registers
    return first, second, outside


def ring_store_day(client: FlaskClient, first: str, second: str, outside: str) -> None:
    (sale,) = ring(
        client,
        {"registerid": first, "currencycode": "NOK", "orderitems": [line(2, "80", 25)], "payments": [pay("Card", "200")]},
    )
    ring(
        client,
        {"registerid": first, "orderitems": [line(3, "33.33", 15, "PEN")], "payments": [pay("Cash", "114.99")]},
        {
            "registerid": second,
            "orderitems": [line(1, "100", 25, "TEE"), line(1, "50", 12.5, "BOOK")],
            "payments": [pay("Cash", "100"), pay("Swish", "81.25")],
        },
        {"registerid": second, "creditorderid": sale, "orderitems": [line(-1, "80", 25)], "payments": [pay("Card", "-100")]},
        {"registerid": outside, "orderitems": [line(5, "10", 25)], "payments": [pay("Cash", "62.50")]},
    )


def test_store_day_close_sums_its_registers_exactly(
    client: FlaskClient, clock: FakeClock, store_registers: tuple[str, str, str]
) -> None:
    first, second, outside = store_registers
    ring_store_day(client, first, second, outside)
    clock.now += 3600
    response = client.post("/_sim/dayclose", json={"store_id": "1", "staff": "Kari"})
    assert response.status_code == 200, response.json
    store = response.json
    first_z = client.get(f"{reg_path(first)}/zreports.json", headers=AUTH).json["items"]
    second_z = client.get(f"{reg_path(second)}/zreports.json", headers=AUTH).json["items"]
    assert client.get(f"{reg_path(outside)}/zreports.json", headers=AUTH).json["totalcount"] == 0
    (a,), (b,) = first_z, second_z
    assert (a["staff"], b["staff"], store["zreportids"]) == ("Kari", "Kari", [a["zreportid"], b["zreportid"]])
    assert {k: store[k] for k in ("storezreportid", "store_id", "store_name", "eshopid", "datecreated", "currencycode")} == {
        "storezreportid": 1,
        "store_id": "1",
        "store_name": "Oslo",
        "eshopid": 1,
        "datecreated": int(clock.now),
        "currencycode": "NOK",
    }
    for name in ("moneysalestotal", "moneysalestotalnet", "moneyrefundtotal", "moneyrefundtotalnet", "moneysummarytotal"):
        assert Decimal(store[name]) == Decimal(a[name]) + Decimal(b[name]), name
    for name in ("moneycash_expected", "moneycash_counted", "moneycash_diff"):
        assert Decimal(store[name]) == Decimal(a[name]) + Decimal(b[name]), name
    for name in ("numsales", "numsalesitems", "numrefund", "numrefunditems", "numreceipts"):
        assert store[name] == a[name] + b[name], name
    assert (store["moneysalestotal"], store["moneyrefundtotal"], store["moneysummarytotal"]) == ("496.24", "-100.00", "396.24")
    assert (store["numsales"], store["numsalesitems"], store["numrefund"], store["numreceipts"]) == (3, 7, 1, 4)
    assert store["vatgroupssales"] == [
        {"vatvalue": 12.5, "moneytotal": "56.25", "moneytotalnet": "50.00", "moneytotalvat": "6.25"},
        {"vatvalue": 15, "moneytotal": "114.99", "moneytotalnet": "99.99", "moneytotalvat": "15.00"},
        {"vatvalue": 25, "moneytotal": "325.00", "moneytotalnet": "260.00", "moneytotalvat": "65.00"},
    ]
    assert store["vatgroupsrefund"] == [
        {"vatvalue": 25, "moneytotal": "-100.00", "moneytotalnet": "-80.00", "moneytotalvat": "-20.00"}
    ]
    assert store["paymentssales"] == [
        {"name": "Card", "moneytotal": "200.00", "subpayments": []},
        {"name": "Cash", "moneytotal": "214.99", "subpayments": []},
        {"name": "Swish", "moneytotal": "81.25", "subpayments": []},
    ]
    assert store["paymentsrefund"] == [{"name": "Card", "moneytotal": "-100.00", "subpayments": []}]
    assert client.get("/_sim/storezreports").json == {"storezreports": [store]}
    again = client.post("/_sim/dayclose", json={"store_id": "1"}).json
    assert (again["storezreportid"], again["numreceipts"], again["vatgroupssales"], again["moneysummarytotal"]) == (
        2,
        0,
        [],
        "0.00",
    )


def test_store_day_close_publishes_register_then_store_events(
    client: FlaskClient, state: SitooState, store_registers: tuple[str, str, str], receiver: tuple[Receiver, str]
) -> None:
    rx, url = receiver
    first, second, _ = store_registers
    assert client.post("/_sim/subscription", json={"url": url}).status_code == 200
    store = client.post("/_sim/dayclose", json={"store_id": "1"}).json
    wait_for(lambda: state.activity()["pending"] == 0)
    events = [e for c in rx.calls if c["status"] == 200 for e in c["events"]]
    assert [e["event_type"] for e in events] == ["z-report", "z-report", "store-z-report"]
    assert [e["data"]["register_id"] for e in events[:2]] == [first, second]
    assert [e["data"]["zreport_id"] for e in events[:2]] == store["zreportids"]
    assert events[2]["data"] == {"eshop_id": 1, "store_id": "1", "store_zreport_id": store["storezreportid"]}


def test_store_day_close_refuses_unknown_stores_and_bad_bodies(
    client: FlaskClient, state: SitooState, store_registers: tuple[str, str, str]
) -> None:
    unknown = client.post("/_sim/dayclose", json={"store_id": "77"})
    assert unknown.status_code == 404 and "77" in unknown.json["error"]
    for body in ({"store_id": ""}, {"store_id": 1}, {"store_id": "1", "moneycash_counted": "5"}):
        assert client.post("/_sim/dayclose", json=body).status_code == 400, body
    assert state.tills.zreports == {} and client.get("/_sim/storezreports").json == {"storezreports": []}
