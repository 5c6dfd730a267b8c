"""Rate limits: per-tenant and per-endpoint token buckets on an injected clock; token expiry."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask.testing import FlaskClient

from simulators.common.ratelimit import TokenBucket
from simulators.newstore import NewStoreState, create_app
from tests.newstore.ns_helpers import FakeClock, injection, token_headers, world


@pytest.fixture
def limited(clock: FakeClock) -> Iterator[tuple[FlaskClient, dict[str, str]]]:
    state = NewStoreState(clock=clock)
    state.seed(world(rate_limit_per_second=3, rate_limit_endpoints={"GET /_/v0/stores/{store_id}": 1}))
    client = create_app(state).test_client()
    yield client, token_headers(client)
    state.close()


def test_over_the_tenant_limit_is_429_with_retry_after_and_the_newstore_body(
    limited: tuple[FlaskClient, dict[str, str]], clock: FakeClock
) -> None:
    client, headers = limited
    assert [client.get("/v0/locations", headers=headers).status_code for _ in range(3)] == [200, 200, 200]
    throttled = client.get("/v0/stock_locations", headers=headers)
    assert throttled.status_code == 429 and throttled.headers["Retry-After"] == "1"
    assert throttled.json["error_code"] == "too_many_requests" and throttled.json["request_id"].startswith("req-")
    clock.advance(0.34)
    assert client.get("/v0/locations", headers=headers).status_code == 200, "a third of a second refills one call"
    assert client.get("/v0/locations", headers=headers).status_code == 429
    assert client.get("/_sim/activity").json["throttled"] == 2


def test_the_token_endpoint_and_admin_surface_are_not_limited(limited: tuple[FlaskClient, dict[str, str]]) -> None:
    client, headers = limited
    for _ in range(3):
        client.get("/v0/locations", headers=headers)
    assert token_headers(client)
    assert client.get("/_sim/state").status_code == 200


def test_an_endpoint_limit_applies_to_its_route_only(limited: tuple[FlaskClient, dict[str, str]], clock: FakeClock) -> None:
    client, headers = limited
    assert client.get("/_/v0/stores/LEE01", headers=headers).status_code == 200
    again = client.get("/_/v0/stores/XYZ", headers=headers)
    assert again.status_code == 429 and again.headers["Retry-After"] == "1"
    assert client.get("/v0/locations", headers=headers).status_code == 200
    clock.advance(1.0)
    assert client.get("/_/v0/stores/LEE01", headers=headers).status_code == 200


def test_the_throttled_request_is_journalled_with_a_note(limited: tuple[FlaskClient, dict[str, str]]) -> None:
    client, headers = limited
    client.get("/_/v0/stores/LEE01", headers=headers)
    client.get("/_/v0/stores/LEE01", headers=headers)
    entry = client.application.extensions["pos_harness"].journal.entries(status=429)[0]
    assert entry.response_headers["Retry-After"] == "1" and entry.notes == ["rate limited: retry after 1s"]


@pytest.mark.parametrize("profile, allowed", [("production", 200), ("development", 100)])
def test_profiles_allow_newstores_documented_rates(clock: FakeClock, profile: str, allowed: int) -> None:
    state = NewStoreState(clock=clock)
    state.seed(world(rate_limit_profile=profile))
    client = create_app(state).test_client()
    headers = token_headers(client)
    statuses = [client.get("/v0/locations", headers=headers).status_code for _ in range(allowed + 1)]
    state.close()
    assert statuses.count(200) == allowed and statuses[-1] == 429


def test_order_injection_is_limited_to_20_per_second_by_default(
    client: FlaskClient, headers: dict[str, str], clock: FakeClock
) -> None:
    statuses = [client.post("/v0/d/fulfill_order", json=injection(f"W{n}"), headers=headers).status_code for n in range(21)]
    assert statuses == [200] * 20 + [429]
    clock.advance(0.05)
    assert client.post("/v0/d/fulfill_order", json=injection("W99"), headers=headers).status_code == 200


def test_retry_after_rounds_the_wait_up_to_whole_seconds(clock: FakeClock) -> None:
    bucket = TokenBucket(rate=0.4, burst=1, now=clock)
    assert bucket.take() is None
    assert bucket.take() == 3, "2.5 s to the next token"
    clock.advance(2.5)
    assert bucket.take() is None


@pytest.mark.parametrize(
    "config", [{"rate_limit_profile": "turbo"}, {"rate_limit_per_second": 0}, {"rate_limit_endpoints": {"/v0/locations": -1}}]
)
def test_bad_rate_limit_config_is_refused(client: FlaskClient, config: dict[str, object]) -> None:
    assert client.post("/_sim/seed", json={"config": config}).status_code == 400


def test_tokens_expire_on_the_clock(client: FlaskClient, headers: dict[str, str], clock: FakeClock) -> None:
    assert client.get("/v0/locations", headers=headers).status_code == 200
    clock.advance(3599)
    assert client.get("/v0/locations", headers=headers).status_code == 200
    clock.advance(1)
    expired = client.get("/v0/locations", headers=headers)
    assert expired.status_code == 403 and expired.json["message"] == "The access token has expired."
