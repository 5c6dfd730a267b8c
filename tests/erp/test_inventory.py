"""inventoryAdjustment and the on-hand quantity per (item, location) it moves."""

from __future__ import annotations

from flask.testing import FlaskClient

from tests.erp.erp_helpers import RECORD, created_id, erp_with, error_detail, inventory_adjustment, token_headers
from tests.helpers import ERP_MASTER

IA = f"{RECORD}/inventoryAdjustment"


def _on_hand(erp: FlaskClient) -> dict[tuple[str, str], float]:
    return {(r["item"], r["location"]): r["quantityOnHand"] for r in erp.get("/_sim/state").json["on_hand"]}


def _seeded_client() -> tuple[FlaskClient, dict[str, str]]:
    app, client, state = erp_with()
    state.seed(
        {"on_hand": [{"item": "5001", "location": "11", "quantity": 10}, {"item": "5002", "location": "12", "quantity": 3}]}
    )
    return client, token_headers(client)


def test_seeded_stock_is_in_state() -> None:
    erp, _headers = _seeded_client()
    assert _on_hand(erp) == {("5001", "11"): 10.0, ("5002", "12"): 3.0}
    assert erp.get("/_sim/stock").json["on_hand"][0] == {"item": "5001", "location": "11", "quantityOnHand": 10.0}


def test_an_adjustment_moves_on_hand_per_item_and_location() -> None:
    erp, headers = _seeded_client()
    body = inventory_adjustment(("5001", "11", -2), ("5002", "11", 4))
    assert erp.post(IA, json=body, headers=headers).status_code == 204
    assert _on_hand(erp) == {("5001", "11"): 8.0, ("5002", "11"): 4.0, ("5002", "12"): 3.0}


def test_a_line_without_location_takes_the_adjustment_location() -> None:
    erp, headers = _seeded_client()
    body = inventory_adjustment(adjLocation={"id": "12"}, inventory={"items": [{"item": {"id": "5002"}, "adjustQtyBy": -1}]})
    internal_id = created_id(erp.post(IA, json=body, headers=headers))
    assert _on_hand(erp)[("5002", "12")] == 2.0
    record = erp.get(f"{IA}/{internal_id}?expandSubResources=true", headers=headers).json
    assert record["inventory"]["items"][0]["location"] == {"id": "12"}


def test_a_line_with_no_location_at_all_is_user_error(erp: FlaskClient, erp_headers: dict[str, str]) -> None:
    body = inventory_adjustment(inventory={"items": [{"item": {"id": "5001"}, "adjustQtyBy": 1}]})
    del body["adjLocation"]
    assert error_detail(erp.post(IA, json=body, headers=erp_headers)) == {
        "detail": "Please enter value(s) for: Location",
        "o:errorCode": "USER_ERROR",
        "o:errorPath": "inventory.items[0].location",
    }


def test_an_unknown_item_or_location_names_the_line(erp: FlaskClient, erp_headers: dict[str, str]) -> None:
    item = erp.post(IA, json=inventory_adjustment(("5001", "11", 1), ("9999", "11", 1)), headers=erp_headers)
    location = erp.post(IA, json=inventory_adjustment(("5001", "77", 1)), headers=erp_headers)
    assert error_detail(item)["detail"] == "Invalid Field Value 9999 for the following field: inventory.items[1].item"
    assert error_detail(location)["o:errorPath"] == "inventory.items[0].location"
    assert _on_hand(erp) == {}


def test_a_zero_adjustment_is_invalid(erp: FlaskClient, erp_headers: dict[str, str]) -> None:
    response = erp.post(IA, json=inventory_adjustment(("5001", "11", 0)), headers=erp_headers)
    assert error_detail(response) == {
        "detail": "Invalid Field Value 0 for the following field: inventory.items[0].adjustQtyBy",
        "o:errorCode": "INVALID_FLD_VALUE",
        "o:errorPath": "inventory.items[0].adjustQtyBy",
    }


def test_account_subsidiary_and_lines_are_required(erp: FlaskClient, erp_headers: dict[str, str]) -> None:
    no_account = inventory_adjustment(("5001", "11", 1))
    del no_account["account"]
    empty = inventory_adjustment()
    assert (
        error_detail(erp.post(IA, json=no_account, headers=erp_headers))["detail"]
        == "Please enter value(s) for: Adjustment Account"
    )
    assert error_detail(erp.post(IA, json=empty, headers=erp_headers))["detail"] == "Please enter value(s) for: Inventory"


def test_upsert_with_replace_restates_the_movement_and_without_it_adds() -> None:
    erp, headers = _seeded_client()
    url = f"{IA}/eid:STOCKTAKE-1"
    erp.put(f"{url}?replace=inventory", json=inventory_adjustment(("5001", "11", -2)), headers=headers)
    erp.put(f"{url}?replace=inventory", json=inventory_adjustment(("5001", "11", -3)), headers=headers)
    assert _on_hand(erp)[("5001", "11")] == 7.0, "replace=inventory restates the adjustment"
    erp.put(url, json=inventory_adjustment(("5001", "11", -3)), headers=headers)
    assert _on_hand(erp)[("5001", "11")] == 4.0, "without replace the lines are added, as NetSuite does"


def test_deleting_an_adjustment_reverses_it() -> None:
    erp, headers = _seeded_client()
    internal_id = created_id(erp.post(IA, json=inventory_adjustment(("5001", "11", -4)), headers=headers))
    assert _on_hand(erp)[("5001", "11")] == 6.0
    assert erp.delete(f"{IA}/{internal_id}", headers=headers).status_code == 204
    assert _on_hand(erp)[("5001", "11")] == 10.0


def test_seeding_stock_for_an_unknown_item_is_refused(erp: FlaskClient) -> None:
    response = erp.post("/_sim/seed", json={"master": ERP_MASTER, "on_hand": [{"item": "nope", "location": "11", "quantity": 1}]})
    assert response.status_code == 400
    assert "unknown item or location" in response.json["error"]
