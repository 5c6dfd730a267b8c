"""ERP simulator: OAuth 2.0 client credentials, and concurrency governance on a real server."""

from __future__ import annotations

import threading
from typing import Any

import requests
from flask.testing import FlaskClient

from examples.reference_integration.clients import hs256_client_assertion
from simulators.common.app import handle
from simulators.erp import create_app
from tests.helpers import ERP_MASTER, sales_order

TOKEN = "/services/rest/auth/oauth2/v1/token"
JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"


def test_jwt_client_assertion_gets_a_token(erp: FlaskClient) -> None:
    assertion = hs256_client_assertion("client-a", "secret-a", "http://localhost" + TOKEN)
    response = erp.post(
        TOKEN, data={"grant_type": "client_credentials", "client_assertion_type": JWT_BEARER, "client_assertion": assertion}
    )
    assert response.status_code == 200
    assert response.json["token_type"] == "Bearer"
    assert response.json["expires_in"] == "3600"


def test_assertion_signed_with_the_wrong_secret_is_refused(erp: FlaskClient) -> None:
    assertion = hs256_client_assertion("client-a", "not-the-secret", "aud")
    response = erp.post(
        TOKEN, data={"grant_type": "client_credentials", "client_assertion_type": JWT_BEARER, "client_assertion": assertion}
    )
    assert response.status_code == 400
    assert response.json["error"] == "invalid_grant"


def test_unknown_client_and_wrong_grant_are_refused(erp: FlaskClient) -> None:
    wrong_secret = erp.post(TOKEN, data={"grant_type": "client_credentials", "client_id": "client-a", "client_secret": "x"})
    wrong_grant = erp.post(TOKEN, data={"grant_type": "password"})
    assert wrong_secret.status_code == 401
    assert wrong_grant.status_code == 400
    assert wrong_grant.json["error"] == "unsupported_grant_type"


def test_expired_token_is_refused(erp_app: Any, erp: FlaskClient, erp_headers: dict[str, str]) -> None:
    handle(erp_app).state.tokens.expire_all()
    assert erp.get("/services/rest/record/v1/salesOrder", headers=erp_headers).status_code == 401


def test_requests_over_the_concurrency_limit_get_429(served: Any) -> None:
    app = create_app()
    state = handle(app).state
    state.seed(
        {
            "master": ERP_MASTER,
            "clients": {"c": "s"},
            "config": {"concurrency_limit": 2, "latency_ms": 300, "retry_after_seconds": 2},
        }
    )
    server = served(app)
    token = requests.post(
        server.url + TOKEN, data={"grant_type": "client_credentials", "client_id": "c", "client_secret": "s"}
    ).json()["access_token"]
    results: list[requests.Response] = []
    lock = threading.Lock()

    def write(n: int) -> None:
        response = requests.put(
            f"{server.url}/services/rest/record/v1/salesOrder/eid:S-{n}?replace=item",
            json=sales_order(),
            headers={"Authorization": f"Bearer {token}"},
            timeout=10,
        )
        with lock:
            results.append(response)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    throttled = [r for r in results if r.status_code == 429]
    assert throttled, "six simultaneous writes against a limit of two must see 429s"
    assert all(r.headers["Retry-After"] == "2" for r in throttled)
    assert all(r.json()["o:errorDetails"][0]["o:errorCode"] == "CONCURRENCY_LIMIT_EXCEEDED" for r in throttled)
    stats = state.snapshot()["governance"]
    assert stats["peak"] == 2
    assert stats["rejected"] == len(throttled)
    assert len(state.records["salesOrder"]) == 6 - len(throttled)


def test_concurrency_status_can_be_400_as_some_accounts_show(served: Any) -> None:
    app = create_app()
    state = handle(app).state
    state.seed({"master": ERP_MASTER, "clients": {"c": "s"}, "config": {"concurrency_limit": 1, "concurrency_status": 400}})
    assert state.limiter.try_acquire()  # hold the only slot
    server = served(app)
    token = requests.post(
        server.url + TOKEN, data={"grant_type": "client_credentials", "client_id": "c", "client_secret": "s"}
    ).json()["access_token"]
    response = requests.get(f"{server.url}/services/rest/record/v1/salesOrder", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 400
    assert response.json()["o:errorDetails"][0]["o:errorCode"] == "CONCURRENCY_LIMIT_EXCEEDED"


def test_a_stray_bearer_header_does_not_hide_form_credentials(erp: FlaskClient) -> None:
    """Only HTTP Basic credentials stand in for the form's; a Bearer header used to turn a good request into 401."""
    form = {"grant_type": "client_credentials", "client_id": "client-a", "client_secret": "secret-a"}
    response = erp.post(TOKEN, data=form, headers={"Authorization": "Bearer stale-token"})
    assert response.status_code == 200
    basic = erp.post(TOKEN, data={"grant_type": "client_credentials"}, auth=("client-a", "secret-a"))
    assert basic.status_code == 200
