"""Bodies, a hand-driven clock and small helpers shared by the ERP simulator tests."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from simulators.common.app import handle
from simulators.erp import ErpState, create_app
from tests.helpers import ERP_MASTER

RECORD = "/services/rest/record/v1"
TOKEN = "/services/rest/auth/oauth2/v1/token"
WALL_START = 1_800_000_000.0


class FakeClock:
    """A clock tests move by hand, so nothing ever sleeps."""

    def __init__(self, start: float = WALL_START) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def erp_with(clock: FakeClock | None = None, **config: Any) -> tuple[Flask, FlaskClient, ErpState]:
    """An ERP app on ``clock``, seeded with ERP_MASTER, clients ``client-a`` and ``client-b``, and ``config``."""
    state = ErpState(clock=clock) if clock is not None else ErpState()
    app = create_app(state)
    state.seed({"master": ERP_MASTER, "clients": {"client-a": "secret-a", "client-b": "secret-b"}, "config": config})
    return app, app.test_client(), state


def token_headers(client: FlaskClient, client_id: str = "client-a", secret: str = "secret-a") -> dict[str, str]:
    data = {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}
    response = client.post(TOKEN, data=data)
    assert response.status_code == 200, response.data
    return {"Authorization": f"Bearer {response.json['access_token']}"}


def error_detail(response: Any) -> dict[str, Any]:
    """The first ``o:errorDetails`` entry of a NetSuite error response."""
    assert response.content_type.startswith("application/vnd.oracle.resource+json; type=error"), response.content_type
    return dict(response.json["o:errorDetails"][0])


def created_id(response: Any) -> str:
    assert response.status_code == 204, response.data
    return str(response.headers["Location"].rsplit("/", 1)[1])


def state_of(app: Flask) -> ErpState:
    state: ErpState = handle(app).state
    return state


def journal_notes(client: FlaskClient) -> list[str]:
    return [n for e in client.get("/_sim/journal").json["entries"] for n in e["notes"]]


def journal_entry(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "subsidiary": {"id": "1"},
        "tranDate": "2026-11-27",
        "externalId": "Z-LEE01-2026-11-27",
        "memo": "Daily takings, Leeds",
        "line": {
            "items": [
                {"account": {"id": "110"}, "debit": 120.00, "memo": "card takings", "location": {"id": "11"}},
                {"account": {"id": "400"}, "credit": 100.00, "memo": "net sales", "location": {"id": "11"}},
                {"account": {"id": "400"}, "credit": 20.00, "memo": "VAT", "location": {"id": "11"}},
            ]
        },
    }
    body.update(overrides)
    return body


def inventory_adjustment(*lines: tuple[str, str, float], **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "account": {"id": "510"},
        "subsidiary": {"id": "1"},
        "adjLocation": {"id": "11"},
        "tranDate": "2026-11-27",
        "inventory": {
            "items": [{"item": {"id": item}, "location": {"id": location}, "adjustQtyBy": qty} for item, location, qty in lines]
        },
    }
    body.update(overrides)
    return body


def return_lines(quantity: float = 1) -> dict[str, Any]:
    return {"items": [{"item": {"id": "5001"}, "quantity": quantity, "rate": 8.33, "taxCode": {"id": "7"}}]}
