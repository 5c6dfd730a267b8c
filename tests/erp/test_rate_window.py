"""The optional per-client request window (Business Central style) and ``throttled_until``, on a hand-moved clock."""

from __future__ import annotations

from flask.testing import FlaskClient

from simulators.erp.governance import RateWindow
from tests.erp.erp_helpers import RECORD, WALL_START, FakeClock, erp_with, error_detail, journal_notes, token_headers

SO = f"{RECORD}/salesOrder"


def test_the_window_admits_up_to_the_limit_then_says_when_a_place_frees() -> None:
    clock = FakeClock()
    window = RateWindow(limit=3, window_seconds=300, clock=clock)
    for _ in range(3):
        assert window.check("u").admitted
        window.take("u")
        clock.advance(10)
    refused = window.check("u")
    assert (refused.admitted, refused.retry_after) == (False, 270)  # the first request leaves the window at +300
    clock.advance(0.5)
    assert window.check("u").retry_after == 270, "269.5 s to wait rounds up, never down"
    clock.advance(269.5)
    assert window.check("u").admitted
    assert (window.admitted, window.rejected, window.peak) == (3, 2, 3)


def test_each_user_has_its_own_window() -> None:
    window = RateWindow(limit=1, window_seconds=60, clock=FakeClock())
    window.take("a")
    assert not window.check("a").admitted
    assert window.check("b").admitted


def test_no_limit_means_no_window() -> None:
    window = RateWindow(limit=None, window_seconds=300, clock=FakeClock())
    for _ in range(10_000):
        window.take("u")
    assert window.check("u").admitted and window.stats()["in_window"] == {}


def _busy(requests: int, seconds_apart: float, **config: object) -> tuple[FlaskClient, dict[str, str], FakeClock]:
    clock = FakeClock()
    _app, client, _state = erp_with(clock, **config)
    headers = token_headers(client)
    for _ in range(requests):
        assert client.get(SO, headers=headers).status_code == 200
        clock.advance(seconds_apart)
    return client, headers, clock


def test_the_request_over_the_window_gets_429_with_retry_after() -> None:
    erp, headers, clock = _busy(3, 10, rate_window_requests=3, rate_window_seconds=300)
    response = erp.get(SO, headers=headers)
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "270"
    assert error_detail(response) == {
        "detail": "Request limit exceeded: 3 requests per 300 seconds. Retry after 270 seconds.",
        "o:errorCode": "REQUEST_LIMIT_EXCEEDED",
    }
    assert any(n.startswith("governance: REQUEST_LIMIT_EXCEEDED") for n in journal_notes(erp))
    activity = erp.get("/_sim/activity").json
    assert activity["throttled_until"] == clock.now + 270
    assert activity["rate_limited"] == 1
    window = erp.get("/_sim/state").json["governance"]["rate_window"]
    assert (window["limit"], window["admitted"], window["rejected"], window["in_window"]) == (3, 3, 1, {"client-a": 3})


def test_writes_are_refused_too_and_nothing_is_stored() -> None:
    erp, headers, _clock = _busy(2, 1, rate_window_requests=2, rate_window_seconds=60)
    from tests.helpers import sales_order

    assert erp.post(SO, json=sales_order(), headers=headers).status_code == 429
    assert erp.get("/_sim/state").json["records"]["salesOrder"] == []


def test_the_window_slides_and_refused_requests_take_no_place() -> None:
    erp, headers, clock = _busy(3, 10, rate_window_requests=3, rate_window_seconds=300)
    for _ in range(5):
        assert erp.get(SO, headers=headers).status_code == 429
    clock.advance(270)
    assert erp.get(SO, headers=headers).status_code == 200, "the first request has left the window"
    assert erp.get(SO, headers=headers).status_code == 429, "the second is still in it"


def test_another_client_is_not_held_back() -> None:
    erp, _headers, _clock = _busy(3, 0, rate_window_requests=3, rate_window_seconds=300)
    other = token_headers(erp, "client-b", "secret-b")
    assert erp.get(SO, headers=other).status_code == 200


def test_off_by_default_as_netsuite_has_no_request_window() -> None:
    erp, headers, _clock = _busy(50, 0)
    assert erp.get(SO, headers=headers).status_code == 200
    assert erp.get("/_sim/activity").json["throttled_until"] == 0.0


def test_concurrency_refusals_set_throttled_until_on_the_injected_clock() -> None:
    clock = FakeClock()
    app, erp, state = erp_with(clock, concurrency_limit=1, retry_after_seconds=7)
    headers = token_headers(erp)
    assert state.limiter.try_acquire()  # another caller holds the only slot
    response = erp.get(SO, headers=headers)
    assert (response.status_code, response.headers["Retry-After"]) == (429, "7")
    assert erp.get("/_sim/activity").json["throttled_until"] == WALL_START + 7
    assert erp.get("/_sim/state").json["governance"]["throttled_until"] == WALL_START + 7
