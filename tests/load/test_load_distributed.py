"""Distributed mode: a Locust master and two workers on this machine share the traffic.

The simulators are replaced by a recording sink, so the test sees which worker sent each
event: both must have sent some, every event must go out exactly once, each NewStore
order's events in order, and all Sitoo traffic from worker 0.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from loadtests.config import LoadSettings
from loadtests.runner import LocustPlan, read_publish_log, run_locust
from loadtests.traffic import SERIAL, family_of, lane_of
from simulators.common.serving import ServerThread
from tests.load.sink import RecordingSink
from tests.load.traffic_fixtures import mixed_traffic

pytestmark = pytest.mark.slow


def test_a_master_and_two_workers_publish_everything_once_and_in_order(tmp_path: Path) -> None:
    traffic = mixed_traffic(150)
    traffic_file = tmp_path / "traffic.jsonl"
    traffic_file.write_text("".join(json.dumps(event) + "\n" for event in traffic), encoding="utf-8")
    sink = RecordingSink()
    server = ServerThread(sink).start()
    try:
        url = f"http://127.0.0.1:{server.port}"
        settings = LoadSettings(
            simulators={"newstore": url, "sitoo": url},
            shape="black-friday",
            workers=2,
            batch=10,
            pace=10.0,
            traffic=str(traffic_file),
            log=str(tmp_path / "published.csv"),
        )
        plan = LocustPlan(8, 8, 40, str(tmp_path / "locust"), tmp_path / "locust.html", tmp_path, workers=2)
        code = run_locust(plan, settings)
    finally:
        server.stop()

    assert code == 0, (tmp_path / "locust-master.log").read_text()[-2000:]
    workers = {worker for worker, _, _ in sink.requests}
    assert workers == {"0", "1"}, "both workers sent traffic"

    published, refused = read_publish_log(tmp_path / "published.csv")
    assert sorted(published) == [event["seq"] for event in traffic] and not refused, "every event went out once"
    sitoo_workers = {worker for worker, path, _ in sink.requests if path != "/_sim/publish"}
    assert sitoo_workers == {"0"}, "Sitoo traffic stays on one worker"
    sitoo_bodies = [body for _, path, body in sink.requests if path == "/_sim/orders"]
    assert [order["n"] for batch in sitoo_bodies for order in batch] == [
        e["body"]["n"] for e in traffic if lane_of(e) == SERIAL and e["action"] == "orders"
    ], "Sitoo orders arrive in traffic order"

    arrived: dict[str, list[str]] = {}
    for _, event in sink.published():
        key = family_of({"seq": 0, "system": "newstore", "action": "publish", "body": event})
        arrived.setdefault(key, []).append(f"{event['name']}:{event['payload']['id']}")
    expected: dict[str, list[str]] = {}
    for event in traffic:
        if event["action"] == "publish":
            expected.setdefault(family_of(event), []).append(f"{event['body']['name']}:{event['body']['payload']['id']}")
    assert arrived == expected, "each order's events arrive in traffic order"
    assert Path(tmp_path / "locust_stats.csv").exists() and Path(tmp_path / "locust.html").exists()
