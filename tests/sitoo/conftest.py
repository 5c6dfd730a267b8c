"""Fixtures for the Sitoo simulator tests: a seeded app on a fake clock, and a real receiver."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from simulators.common.serving import ServerThread
from simulators.sitoo import SitooState, create_app
from tests.sitoo.sitoo_helpers import WORLD, FakeClock, Receiver


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def state(clock: FakeClock) -> Iterator[SitooState]:
    state = SitooState(clock=clock)
    state.seed(json.loads(json.dumps(WORLD)))
    yield state
    state.close()


@pytest.fixture
def app(state: SitooState) -> Flask:
    return create_app(state)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture(scope="module")
def receiver_server() -> Iterator[tuple[ServerThread, list[Receiver]]]:
    """One loopback server per module (stopping one costs werkzeug's 0.5 s poll); each test gets its own Receiver."""
    current: list[Receiver] = [Receiver()]
    with ServerThread(lambda environ, start: current[0](environ, start), name="sitoo-receiver") as server:
        yield server, current


@pytest.fixture
def receiver(receiver_server: tuple[ServerThread, list[Receiver]]) -> Iterator[tuple[Receiver, str]]:
    server, current = receiver_server
    current[0] = Receiver()
    yield current[0], f"{server.url}/events"
    current[0].release.set()
