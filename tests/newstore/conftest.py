"""Fixtures for the NewStore tests: a seeded simulator on a fake clock, a client, a token."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from simulators.newstore import NewStoreState, create_app
from tests.newstore.ns_helpers import FakeClock, token_headers, world


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def ns_state(clock: FakeClock) -> Iterator[NewStoreState]:
    state = NewStoreState(clock=clock)
    state.seed(world())
    yield state
    state.close()


@pytest.fixture
def ns_app(ns_state: NewStoreState) -> Flask:
    return create_app(ns_state)


@pytest.fixture
def client(ns_app: Flask) -> FlaskClient:
    return ns_app.test_client()


@pytest.fixture
def headers(client: FlaskClient) -> dict[str, str]:
    return token_headers(client)
