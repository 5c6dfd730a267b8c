"""The reference integration's ERP client against the real ERP simulator: it waits out
Retry-After on 429, refreshes an expired token, and does not retry a 400."""

from __future__ import annotations

import threading
from typing import Any

from examples.reference_integration.clients import ErpClient
from simulators.common.app import handle
from simulators.erp import create_app
from tests.helpers import ERP_MASTER, sales_order

SO = "/record/v1/salesOrder"


def _client(served: Any, **config: Any) -> tuple[ErpClient, Any]:
    app = create_app()
    state = handle(app).state
    state.seed({"master": ERP_MASTER, "clients": {"c": "s"}, "config": config})
    server = served(app)
    base = f"{server.url}/services/rest"
    return ErpClient(base, f"{base}/auth/oauth2/v1/token", "c", "s", max_attempts=5), app


def test_waits_for_retry_after_then_lands_the_write(served: Any) -> None:
    client, app = _client(served, concurrency_limit=1, retry_after_seconds=1)
    limiter = handle(app).state.limiter
    assert limiter.try_acquire()  # another integration holds the account's only slot...
    threading.Timer(0.2, limiter.release).start()  # ...for a moment
    result = client.send("PUT", f"{SO}/eid:S-1?replace=item", sales_order())
    assert result.ok
    writes = [e for e in handle(app).journal.entries() if e.path.endswith("eid:S-1")]
    assert [e.status for e in writes] == [429, 204]
    assert writes[1].started_at - writes[0].started_at >= 1.0, "the retry came before Retry-After elapsed"


def test_refreshes_an_expired_token_once(served: Any) -> None:
    client, app = _client(served)
    assert client.send("PUT", f"{SO}/eid:S-1?replace=item", sales_order()).ok
    handle(app).state.tokens.expire_all()
    assert client.send("PUT", f"{SO}/eid:S-2?replace=item", sales_order()).ok
    statuses = [e.status for e in handle(app).journal.entries() if "/record/" in e.path]
    assert statuses == [204, 401, 204]


def test_a_400_is_not_retried_and_its_detail_is_returned(served: Any) -> None:
    client, app = _client(served)
    result = client.send("POST", SO, sales_order(location={"id": "404"}))
    assert not result.ok and result.status == 400
    assert result.detail.startswith("INVALID_FLD_VALUE: Invalid Field Value 404")
    assert len([e for e in handle(app).journal.entries() if "/record/" in e.path]) == 1
