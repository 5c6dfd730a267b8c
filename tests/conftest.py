"""Shared fixtures: simulators as Flask apps (fast, in-process) and on real sockets."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from simulators.common.app import handle
from simulators.common.serving import ServerThread
from simulators.erp import create_app as create_erp
from simulators.newstore import create_app as create_newstore
from tests.helpers import ERP_MASTER


@pytest.fixture
def erp_app() -> Iterator[Flask]:
    app = create_erp()
    handle(app).state.seed({"master": ERP_MASTER, "clients": {"client-a": "secret-a"}})
    yield app


@pytest.fixture
def erp(erp_app: Flask) -> FlaskClient:
    return erp_app.test_client()


@pytest.fixture
def erp_headers(erp: FlaskClient) -> dict[str, str]:
    response = erp.post(
        "/services/rest/auth/oauth2/v1/token",
        data={"grant_type": "client_credentials", "client_id": "client-a", "client_secret": "secret-a"},
    )
    assert response.status_code == 200
    return {"Authorization": f"Bearer {response.json['access_token']}"}


@pytest.fixture
def newstore_app() -> Iterator[Flask]:
    app = create_newstore()
    handle(app).state.seed({"config": {"tenant": "acme"}, "clients": {"ns-client": "ns-secret"}})
    yield app
    handle(app).state.close()


def _serving() -> Iterator[Any]:
    servers: list[ServerThread] = []

    def serve(app: Any) -> ServerThread:
        server = ServerThread(app).start()
        servers.append(server)
        return server

    yield serve
    for server in servers:
        server.stop()


@pytest.fixture
def served() -> Iterator[Any]:
    """Serve WSGI apps on real loopback sockets; all are stopped at the end of the test."""
    yield from _serving()


@pytest.fixture(scope="module")
def served_module() -> Iterator[Any]:
    """Like ``served``, but the servers live for the whole test module."""
    yield from _serving()
