"""Webhook delivery: real POSTs to a real receiver, retried with backoff, every attempt recorded."""

from __future__ import annotations

from typing import Any

from simulators.common.webhooks import RetryPolicy, WebhookDispatcher
from tests.helpers_receiver import Receiver, wait_for


def test_delivers_body_and_headers(served: Any) -> None:
    receiver = Receiver()
    server = served(receiver)
    dispatcher = WebhookDispatcher(workers=2).start()
    try:
        dispatcher.submit(f"{server.url}/hook", b'{"a":1}', {"Authorization": "Bearer k"}, label="x")
        wait_for(lambda: dispatcher.pending() == 0, what="delivery")
    finally:
        dispatcher.stop()
    assert receiver.received == [{"path": "/hook", "status": 200, "authorization": "Bearer k", "body": {"a": 1}}]
    assert dispatcher.stats()["delivered"] == 1


def test_retries_failures_until_accepted(served: Any) -> None:
    receiver = Receiver(statuses=[500, 503])
    server = served(receiver)
    dispatcher = WebhookDispatcher(workers=1, policy=RetryPolicy(max_attempts=5, base_delay=0.01)).start()
    try:
        delivery = dispatcher.submit(f"{server.url}/hook", b"{}", {})
        wait_for(lambda: dispatcher.pending() == 0, what="delivery")
    finally:
        dispatcher.stop()
    assert [a.status for a in delivery.attempts] == [500, 503, 200]
    assert delivery.outcome == "delivered"


def test_gives_up_after_max_attempts_and_records_connection_errors() -> None:
    dispatcher = WebhookDispatcher(workers=1, policy=RetryPolicy(max_attempts=3, base_delay=0.01), timeout=1).start()
    try:
        delivery = dispatcher.submit("http://127.0.0.1:9/nothing-listens-here", b"{}", {})
        wait_for(lambda: dispatcher.pending() == 0, what="give up")
    finally:
        dispatcher.stop()
    assert delivery.outcome == "failed"
    assert len(delivery.attempts) == 3
    assert all(a.status is None and a.error for a in delivery.attempts)


def test_backoff_grows_and_is_capped() -> None:
    policy = RetryPolicy(max_attempts=10, base_delay=0.1, factor=2, max_delay=0.5)
    assert [policy.delay_after(n) for n in (1, 2, 3, 4)] == [0.1, 0.2, 0.4, 0.5]


def test_an_unusable_url_is_a_failed_attempt_not_a_dead_worker(served: Any) -> None:
    receiver = Receiver()
    server = served(receiver)
    dispatcher = WebhookDispatcher(workers=1, policy=RetryPolicy(max_attempts=2, base_delay=0.01)).start()
    try:
        bad = dispatcher.submit("http://127.0.0.1:99999/hook", b"{}", {})
        good = dispatcher.submit(f"{server.url}/hook", b"{}", {})
        wait_for(lambda: dispatcher.pending() == 0, what="both deliveries settled")
    finally:
        dispatcher.stop()
    assert bad.outcome == "failed" and all(a.error for a in bad.attempts)
    assert good.outcome == "delivered", "the worker survived the bad URL"
