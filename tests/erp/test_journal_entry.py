"""journalEntry: one positive side per line, debits equal credits to the cent, references checked."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.erp.erp_helpers import RECORD, created_id, error_detail, journal_entry, journal_notes

JE = f"{RECORD}/journalEntry"


def _lines(*sides: dict[str, Any]) -> dict[str, Any]:
    return {"items": [{"account": {"id": "400"}, **side} for side in sides]}


def test_a_balanced_journal_is_created(erp: FlaskClient, erp_headers: dict[str, str]) -> None:
    internal_id = created_id(erp.post(JE, json=journal_entry(), headers=erp_headers))
    record = erp.get(f"{JE}/eid:Z-LEE01-2026-11-27?expandSubResources=true", headers=erp_headers).json
    assert record["id"] == internal_id
    assert record["subsidiary"]["refName"] == "Harness Retail Ltd"
    assert [line.get("debit", line.get("credit")) for line in record["line"]["items"]] == [120.0, 100.0, 20.0]


def test_a_journal_out_by_one_cent_is_refused(erp: FlaskClient, erp_headers: dict[str, str]) -> None:
    body = journal_entry(line=_lines({"debit": 100.00}, {"credit": 99.99}))
    response = erp.post(JE, json=body, headers=erp_headers)
    assert response.status_code == 400
    assert error_detail(response) == {
        "detail": "This transaction is not in balance. The total debits (100.00) must equal the total credits (99.99).",
        "o:errorCode": "USER_ERROR",
        "o:errorPath": "line",
    }
    assert erp.get("/_sim/state").json["records"]["journalEntry"] == []
    assert any(n.startswith("rejected: USER_ERROR: This transaction is not in balance") for n in journal_notes(erp))


def test_balance_is_judged_to_the_cent_not_in_binary_floats(erp: FlaskClient, erp_headers: dict[str, str]) -> None:
    body = journal_entry(line=_lines({"debit": 0.1}, {"debit": 0.2}, {"credit": 0.3}))
    assert erp.post(JE, json=body, headers=erp_headers).status_code == 204


def test_a_line_with_both_debit_and_credit_is_refused(erp: FlaskClient, erp_headers: dict[str, str]) -> None:
    body = journal_entry(line=_lines({"debit": 5, "credit": 5}, {"credit": 0.0001}))
    response = erp.post(JE, json=body, headers=erp_headers)
    assert error_detail(response) == {
        "detail": "You cannot enter both a debit and a credit amount on the same line.",
        "o:errorCode": "USER_ERROR",
        "o:errorPath": "line.items[0]",
    }


def test_a_line_with_neither_side_is_refused(erp: FlaskClient, erp_headers: dict[str, str]) -> None:
    response = erp.post(JE, json=journal_entry(line=_lines({"debit": 5}, {"memo": "?"})), headers=erp_headers)
    assert error_detail(response) == {
        "detail": "Please enter value(s) for: Debit or Credit",
        "o:errorCode": "USER_ERROR",
        "o:errorPath": "line.items[1].debit",
    }


@pytest.mark.parametrize("amount", [-5, 0])
def test_amounts_must_be_positive(erp: FlaskClient, erp_headers: dict[str, str], amount: float) -> None:
    response = erp.post(JE, json=journal_entry(line=_lines({"debit": amount}, {"credit": amount})), headers=erp_headers)
    assert response.status_code == 400
    assert error_detail(response) == {
        "detail": f"Invalid Field Value {amount} for the following field: line.items[0].debit",
        "o:errorCode": "INVALID_FLD_VALUE",
        "o:errorPath": "line.items[0].debit",
    }


def test_an_unknown_account_names_its_line(erp: FlaskClient, erp_headers: dict[str, str]) -> None:
    body = journal_entry()
    body["line"]["items"][1]["account"] = {"id": "4999"}
    response = erp.post(JE, json=body, headers=erp_headers)
    assert error_detail(response)["detail"] == "Invalid Field Value 4999 for the following field: line.items[1].account"


def test_a_line_without_an_account_is_user_error(erp: FlaskClient, erp_headers: dict[str, str]) -> None:
    body = journal_entry(line={"items": [{"debit": 1}, {"account": {"id": "400"}, "credit": 1}]})
    assert error_detail(erp.post(JE, json=body, headers=erp_headers))["detail"] == "Please enter value(s) for: Account"


def test_subsidiary_and_lines_are_required(erp: FlaskClient, erp_headers: dict[str, str]) -> None:
    no_subsidiary = journal_entry()
    del no_subsidiary["subsidiary"]
    no_lines = journal_entry(line={"items": []})
    assert (
        error_detail(erp.post(JE, json=no_subsidiary, headers=erp_headers))["detail"] == "Please enter value(s) for: Subsidiary"
    )
    assert error_detail(erp.post(JE, json=no_lines, headers=erp_headers))["detail"] == "Please enter value(s) for: Lines"


def test_an_upsert_retried_without_replace_doubles_lines_and_stays_balanced(
    erp: FlaskClient, erp_headers: dict[str, str]
) -> None:
    url = f"{JE}/eid:Z-1"
    body = journal_entry(externalId="Z-1")
    assert erp.put(url, json=body, headers=erp_headers).status_code == 204
    assert erp.put(url, json=body, headers=erp_headers).status_code == 204
    assert erp.get("/_sim/state").json["journal_totals"]["110"] == {"debit": 240.0, "credit": 0.0}
    assert erp.put(f"{url}?replace=line", json=body, headers=erp_headers).status_code == 204
    assert erp.get("/_sim/state").json["journal_totals"]["110"] == {"debit": 120.0, "credit": 0.0}


def test_an_update_that_would_unbalance_the_stored_journal_is_refused(erp: FlaskClient, erp_headers: dict[str, str]) -> None:
    erp.put(f"{JE}/eid:Z-1", json=journal_entry(externalId="Z-1"), headers=erp_headers)
    extra = {"line": _lines({"debit": 1})}
    response = erp.patch(f"{JE}/eid:Z-1", json=extra, headers=erp_headers)
    assert error_detail(response)["o:errorCode"] == "USER_ERROR"
    assert erp.get("/_sim/state").json["journal_totals"]["400"] == {"debit": 0.0, "credit": 120.0}


def test_postings_to_the_suspense_account_are_visible_in_state(erp: FlaskClient, erp_headers: dict[str, str]) -> None:
    body = journal_entry(line={"items": [{"account": {"id": "110"}, "debit": 50}, {"account": {"id": "999"}, "credit": 50}]})
    erp.post(JE, json=body, headers=erp_headers)
    state = erp.get("/_sim/state").json
    assert state["suspense_accounts"] == ["999"]
    assert state["journal_totals"]["999"] == {"debit": 0.0, "credit": 50.0}
