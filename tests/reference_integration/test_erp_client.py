"""The reference integration's ERP client against the real ERP simulator: it waits out
Retry-After on 429, refreshes an expired token, retries a 5xx, and does not retry a 400."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from examples.reference_integration.erp_client import ErpClient
from simulators.common.app import handle
from simulators.common.faults import FaultRule
from simulators.erp import create_app
from tests.helpers import ERP_MASTER, sales_order

SO = "/record/v1/salesOrder"
MakeClient = Callable[..., tuple[ErpClient, Any]]


@pytest.fixture
def make_client(served: Any) -> Iterator[MakeClient]:
    clients: list[ErpClient] = []

    def make(**config: Any) -> tuple[ErpClient, Any]:
        app = create_app()
        handle(app).state.seed({"master": ERP_MASTER, "clients": {"c": "s"}, "config": config})
        base = f"{served(app).url}/services/rest"
        client = ErpClient(base, f"{base}/auth/oauth2/v1/token", "c", "s", max_attempts=5)
        clients.append(client)
        return client, app

    yield make
    for client in clients:
        client.close()


def _record_requests(app: Any) -> list[Any]:
    return [e for e in handle(app).journal.entries() if "/record/" in e.path]


def test_waits_for_retry_after_then_lands_the_write(make_client: MakeClient) -> None:
    client, app = make_client(concurrency_limit=1, retry_after_seconds=1)
    limiter = handle(app).state.limiter
    assert limiter.try_acquire()  # another integration holds the account's only slot...
    threading.Timer(0.2, limiter.release).start()  # ...for a moment
    result = client.send("PUT", f"{SO}/eid:S-1?replace=item", sales_order())
    assert result.ok and result.internal_id is not None
    writes = [e for e in handle(app).journal.entries() if e.path.endswith("eid:S-1")]
    assert [e.status for e in writes] == [429, 204]
    assert writes[1].started_at - writes[0].started_at >= 1.0, "the retry came before Retry-After elapsed"


def test_refreshes_an_expired_token_once(make_client: MakeClient) -> None:
    client, app = make_client()
    assert client.send("PUT", f"{SO}/eid:S-1?replace=item", sales_order()).ok
    handle(app).state.tokens.expire_all()
    assert client.send("PUT", f"{SO}/eid:S-2?replace=item", sales_order()).ok
    assert [e.status for e in _record_requests(app)] == [204, 401, 204]


def test_a_5xx_is_retried_until_the_write_lands(make_client: MakeClient) -> None:
    client, app = make_client()
    handle(app).faults.add(
        FaultRule.model_validate({"path": "/services/rest/record/*", "kind": "status", "status": 503, "max_hits": 2})
    )
    assert client.send("PUT", f"{SO}/eid:S-1?replace=item", sales_order()).ok
    assert [e.status for e in _record_requests(app)] == [503, 503, 204]


def test_a_400_is_not_retried_and_its_detail_is_returned(make_client: MakeClient) -> None:
    client, app = make_client()
    result = client.send("POST", SO, sales_order(location={"id": "404"}))
    assert not result.ok and result.status == 400
    assert result.detail.startswith("INVALID_FLD_VALUE: Invalid Field Value 404")
    assert len(_record_requests(app)) == 1


def test_reads_the_accounts_concurrency_limit(make_client: MakeClient) -> None:
    client, _ = make_client(concurrency_limit=7)
    assert client.discover_concurrency_limit() == 7
