"""Shopify's leaky bucket: call-limit header, 429 with Retry-After, leaking on an injected clock."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from simulators.shop import LeakyBucket
from tests.shop.shop_helpers import API, TOKEN, WALL_START, FakeClock

CALL_LIMIT = "X-Shopify-Shop-Api-Call-Limit"
THROTTLED = "Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service."


def test_bucket_fills_refuses_and_leaks() -> None:
    clock = FakeClock()
    bucket = LeakyBucket(size=3, leak_per_second=2.0, clock=clock)
    assert [bucket.take().header for _ in range(3)] == ["1/3", "2/3", "3/3"]
    refused = bucket.take()
    assert (refused.allowed, refused.header, refused.wait_seconds) == (False, "3/3", 0.5)
    clock.advance(0.5)
    assert bucket.take().allowed
    clock.advance(10)
    assert bucket.level() == 0.0 and (bucket.admitted, bucket.refused) == (4, 1)


@pytest.mark.parametrize(("size", "leak"), [(0, 2.0), (40, 0.0)])
def test_bucket_rejects_nonsense_settings(size: int, leak: float) -> None:
    with pytest.raises(ValueError):
        LeakyBucket(size, leak, FakeClock())


def test_call_limit_header_counts_up_and_leaks(client: FlaskClient, auth: dict[str, str], clock: FakeClock) -> None:
    seen = [client.get(f"{API}/locations.json", headers=auth).headers[CALL_LIMIT] for _ in range(3)]
    assert seen == ["1/40", "2/40", "3/40"]
    missing = client.get(f"{API}/products/999.json", headers=auth)  # errors spend a call too
    assert missing.headers[CALL_LIMIT] == "4/40"
    clock.advance(1.0)  # leaks 2 calls
    assert client.get(f"{API}/locations.json", headers=auth).headers[CALL_LIMIT] == "3/40"


def test_full_bucket_is_429_until_it_leaks(client: FlaskClient, auth: dict[str, str], clock: FakeClock) -> None:
    for _ in range(40):
        assert client.get(f"{API}/locations.json", headers=auth).status_code == 200
    throttled = client.get(f"{API}/locations.json", headers=auth)
    assert throttled.status_code == 429
    assert throttled.get_json() == {"errors": THROTTLED}
    assert throttled.headers["Retry-After"] == "2.0"
    assert throttled.headers[CALL_LIMIT] == "40/40"
    activity = client.get("/_sim/activity").get_json()
    assert activity["throttled"] == 1 and activity["throttled_until"] == WALL_START + 2.0
    entry = client.get("/_sim/journal?status=429").get_json()["entries"][0]
    assert entry["notes"] and "429" in entry["notes"][0]
    clock.advance(0.4)
    assert client.get(f"{API}/locations.json", headers=auth).status_code == 429
    clock.advance(0.1)
    recovered = client.get(f"{API}/locations.json", headers=auth)
    assert (recovered.status_code, recovered.headers[CALL_LIMIT]) == (200, "40/40")


def test_size_leak_rate_and_retry_after_are_configurable(client: FlaskClient, auth: dict[str, str], clock: FakeClock) -> None:
    config = {"bucket_size": 4, "leak_per_second": 20.0, "retry_after_seconds": None}
    assert client.post("/_sim/seed", json={"config": config}).status_code == 200
    assert [client.get(f"{API}/locations.json", headers=auth).status_code for _ in range(5)] == [200] * 4 + [429]
    throttled = client.get(f"{API}/locations.json", headers=auth)
    assert throttled.headers["Retry-After"] == "0.1"  # 1/20 s, rounded up to a tenth
    assert throttled.get_json()["errors"].startswith("Exceeded 20 calls per second")
    clock.advance(0.05)
    assert client.get(f"{API}/locations.json", headers=auth).headers[CALL_LIMIT] == "4/4"


def test_each_app_has_its_own_bucket_and_bad_tokens_spend_nothing(client: FlaskClient, clock: FakeClock) -> None:
    assert client.post("/_sim/seed", json={"access_tokens": [TOKEN, "shpat_other_app"]}).status_code == 200
    for _ in range(3):
        client.get(f"{API}/locations.json", headers={"X-Shopify-Access-Token": TOKEN})
        client.get(f"{API}/locations.json", headers={"X-Shopify-Access-Token": "shpat_nope"})
    other = client.get(f"{API}/locations.json", headers={"X-Shopify-Access-Token": "shpat_other_app"})
    assert other.headers[CALL_LIMIT] == "1/40"
    mine = client.get(f"{API}/locations.json", headers={"X-Shopify-Access-Token": TOKEN})
    assert mine.headers[CALL_LIMIT] == "4/40"
