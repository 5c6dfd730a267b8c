"""Master data: readable by integrations, written only by the scenario; prices are the ERP's."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from tests.erp.erp_helpers import RECORD, FakeClock, erp_with, error_detail, journal_notes, token_headers
from tests.helpers import ERP_MASTER

ITEM = f"{RECORD}/inventoryItem"


def test_items_expose_their_base_price(erp: FlaskClient, erp_headers: dict[str, str]) -> None:
    erp.post("/_sim/seed", json={"master": {"inventoryItem": [{"id": "5003", "name": "Cap", "basePrice": 12.5}]}})
    item = erp.get(f"{ITEM}/5003", headers=erp_headers).json
    assert (item["name"], item["basePrice"]) == ("Cap", 12.5)


@pytest.mark.parametrize(
    ("method", "path"),
    [("POST", ITEM), ("PUT", f"{ITEM}/eid:TEE-0001"), ("PATCH", f"{ITEM}/5001"), ("DELETE", f"{ITEM}/5001")],
)
def test_integration_writes_to_items_are_refused_and_journalled(
    erp: FlaskClient, erp_headers: dict[str, str], method: str, path: str
) -> None:
    response = erp.open(path, method=method, json={"basePrice": 1.0}, headers=erp_headers)
    assert response.status_code == 403
    assert error_detail(response) == {
        "detail": "Permission Violation: You need a higher level of the 'Items' permission to access this page. "
        "Please contact your account administrator.",
        "o:errorCode": "INSUFFICIENT_PERMISSION",
    }
    assert "master-data write refused: inventoryItem" in journal_notes(erp)
    state = erp.get("/_sim/state").json
    assert state["master_writes_refused"] == 1
    assert [i for i in state["master"]["inventoryItem"] if i["id"] == "5001"][0] == ERP_MASTER["inventoryItem"][0]


@pytest.mark.parametrize("record_type", ["location", "customer", "account", "paymentMethod"])
def test_every_master_type_is_read_only_to_the_integration(
    erp: FlaskClient, erp_headers: dict[str, str], record_type: str
) -> None:
    response = erp.post(f"{RECORD}/{record_type}", json={"name": "x"}, headers=erp_headers)
    assert response.status_code == 403
    assert error_detail(response)["o:errorCode"] == "INSUFFICIENT_PERMISSION"


def test_the_scenario_changes_prices_and_each_change_is_kept() -> None:
    clock = FakeClock()
    _app, erp, _state = erp_with(clock)
    headers = token_headers(erp)
    erp.post("/_sim/prices", json={"prices": {"5001": 10.0}})
    clock.advance(60)
    response = erp.post("/_sim/prices", json={"prices": {"eid:TEE-0001": 12.0, "5002": 30}})
    assert response.status_code == 200
    assert erp.get(f"{ITEM}/5001", headers=headers).json["basePrice"] == 12.0
    assert erp.get("/_sim/prices").json["prices"] == {"5001": 12.0, "5002": 30.0}
    changes = erp.get("/_sim/state").json["price_changes"]
    assert [(c["item"], c["from"], c["to"], c["at"]) for c in changes] == [
        ("5001", None, 10.0, clock.now - 60),
        ("5001", 10.0, 12.0, clock.now),
        ("5002", None, 30.0, clock.now),
    ]


@pytest.mark.parametrize(
    "prices",
    [{"5001": 9.0, "nope": 1.0}, {"5001": -1}, {"5001": "9.99"}, {"5001": True}],
)
def test_a_bad_price_change_changes_nothing(erp: FlaskClient, prices: dict[str, object]) -> None:
    response = erp.post("/_sim/prices", json={"prices": prices})
    assert response.status_code == 400
    assert erp.get("/_sim/prices").json == {"prices": {"5001": None, "5002": None}, "changes": []}


def test_the_seed_flags_the_suspense_account(erp: FlaskClient, erp_headers: dict[str, str]) -> None:
    account = erp.get(f"{RECORD}/account/999", headers=erp_headers).json
    assert account["suspense"] is True
    assert erp.get(f"{RECORD}/account/400", headers=erp_headers).json["suspense"] is False


def test_master_records_are_found_by_external_id(erp: FlaskClient, erp_headers: dict[str, str]) -> None:
    assert erp.get(f"{RECORD}/location/eid:store-lee01", headers=erp_headers).json["id"] == "11"
    assert erp.get(f"{RECORD}/location/eid:nowhere", headers=erp_headers).status_code == 404


@pytest.mark.parametrize(
    "seed",
    [{"master": {"spaceship": [{"id": "1"}]}}, {"master": {"inventoryItem": [{"name": "no id"}]}}, {"config": {"nope": 1}}],
)
def test_a_bad_seed_is_refused(erp: FlaskClient, seed: dict[str, object]) -> None:
    assert erp.post("/_sim/seed", json=seed).status_code == 400
