"""The new surfaces on a real socket: what an integration's HTTP client actually sees."""

from __future__ import annotations

from typing import Any

import requests

from simulators.erp import ErpState, create_app
from tests.erp.erp_helpers import RECORD, TOKEN, FakeClock, journal_entry
from tests.helpers import ERP_MASTER, sales_order


def _serve(served: Any, clock: FakeClock, **config: Any) -> tuple[str, dict[str, str]]:
    state = ErpState(clock=clock)
    state.seed({"master": ERP_MASTER, "clients": {"c": "s"}, "config": config})
    server = served(create_app(state))
    token = requests.post(
        server.url + TOKEN, data={"grant_type": "client_credentials", "client_id": "c", "client_secret": "s"}, timeout=10
    ).json()["access_token"]
    return server.url, {"Authorization": f"Bearer {token}"}


def test_rate_window_retry_after_and_async_jobs_over_http(served: Any) -> None:
    clock = FakeClock()
    url, headers = _serve(served, clock, rate_window_requests=3, rate_window_seconds=60)
    so = f"{url}{RECORD}/salesOrder"
    async_write = requests.post(
        so, json=sales_order(externalId="S-1"), headers={**headers, "Prefer": "respond-async"}, timeout=10
    )
    assert async_write.status_code == 202
    job = requests.get(url + async_write.headers["Location"], headers=headers, timeout=10).json()
    assert (job["completed"], job["progress"]) == (True, "succeeded")
    clock.advance(15)
    unbalanced = journal_entry(line={"items": [{"account": {"id": "110"}, "debit": 1}, {"account": {"id": "400"}, "credit": 2}]})
    refused = requests.post(f"{url}{RECORD}/journalEntry", json=unbalanced, headers=headers, timeout=10)
    assert refused.status_code == 400 and refused.json()["o:errorDetails"][0]["o:errorCode"] == "USER_ERROR"
    throttled = requests.get(so, headers=headers, timeout=10)
    assert throttled.status_code == 429
    assert throttled.headers["Retry-After"] == "45"
    assert requests.get(f"{url}/_sim/activity", timeout=10).json()["throttled_until"] == clock.now + 45
