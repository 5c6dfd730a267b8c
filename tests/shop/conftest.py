"""Fixtures for the web-shop simulator: a seeded app on hand-driven clocks."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from simulators.shop import ShopState, create_app
from tests.shop.shop_helpers import TOKEN, WALL_START, FakeClock, world


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def wall() -> FakeClock:
    return FakeClock(WALL_START)


@pytest.fixture
def app(clock: FakeClock, wall: FakeClock) -> Flask:
    return create_app(ShopState(clock=clock, wall=wall))


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    client = app.test_client()
    response = client.post("/_sim/seed", json=world())
    assert response.status_code == 200, response.get_json()
    return client


@pytest.fixture
def auth() -> dict[str, str]:
    return {"X-Shopify-Access-Token": TOKEN}
