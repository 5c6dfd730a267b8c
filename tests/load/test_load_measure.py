"""What a load test measures from the simulators' records: ERP and web-stock lags, the per-second timeline."""

from __future__ import annotations

import json
from typing import Any

import pytest

from loadtests import measure
from loadtests.report import html_section, svg_chart, write_html, write_timeline


def entry(method: str, path: str, status: int, started: float, body: Any = None, duration_ms: float = 10.0) -> dict[str, Any]:
    return {
        "method": method,
        "path": path,
        "status": status,
        "started_at": started,
        "duration_ms": duration_ms,
        "request_body": json.dumps(body) if body is not None else "",
    }


ROOT = "/services/rest/record/v1"


@pytest.mark.parametrize(
    ("journal_entry", "expected"),
    [
        (entry("PUT", f"{ROOT}/salesOrder/eid:S-1", 204, 1.0), ("salesOrder", "S-1")),
        (entry("PUT", f"{ROOT}/creditMemo/eid:RET%2D9", 204, 1.0), ("creditMemo", "RET-9")),
        (entry("POST", f"{ROOT}/salesOrder/42/!transform/invoice", 204, 1.0, {"externalId": "INV-7"}), ("invoice", "INV-7")),
        (entry("POST", f"{ROOT}/journalEntry", 204, 1.0, {"externalId": "Z-s1-2026-11-27"}), ("journalEntry", "Z-s1-2026-11-27")),
        (entry("PUT", f"{ROOT}/salesOrder/eid:S-1", 429, 1.0), None),
        (entry("GET", f"{ROOT}/salesOrder/eid:S-1", 200, 1.0), None),
        (entry("PATCH", f"{ROOT}/salesOrder/42", 204, 1.0, {"memo": "x"}), None),
    ],
)
def test_a_successful_write_names_the_record_it_wrote(journal_entry: dict[str, Any], expected: tuple[str, str] | None) -> None:
    assert measure.written_record(journal_entry) == expected


def test_a_record_lands_when_its_first_successful_write_ends() -> None:
    journal = [
        entry("PUT", f"{ROOT}/salesOrder/eid:S-1", 429, 100.0),
        entry("PUT", f"{ROOT}/salesOrder/eid:S-1", 204, 101.0, duration_ms=500),
        entry("PUT", f"{ROOT}/salesOrder/eid:S-1", 204, 105.0),
    ]
    assert measure.erp_landing_times(journal) == {("salesOrder", "S-1"): 101.5}


def test_erp_lag_waits_for_every_expected_record_and_reports_the_missing() -> None:
    truth = [
        {"source_id": "S-1", "outcome": "erp", "event_seq": 1, "record": {"record_type": "salesOrder", "external_id": "S-1"}},
        {
            "source_id": "W-1",
            "outcome": "erp",
            "event_seq": 2,
            "record": {"record_type": "salesOrder", "external_id": "W-1"},
            "fulfilments": [{"record_type": "invoice", "external_id": "INV-1"}],
        },
        {"source_id": "S-2", "outcome": "erp", "event_seq": 3, "record": {"record_type": "salesOrder", "external_id": "S-2"}},
        {"source_id": "K-1", "outcome": "exception", "event_seq": 4},
        {"source_id": "S-3", "outcome": "erp", "event_seq": 99, "record": {"record_type": "salesOrder", "external_id": "S-3"}},
    ]
    landed = {("salesOrder", "S-1"): 12.0, ("salesOrder", "W-1"): 11.0, ("invoice", "INV-1"): 15.0}
    lags, missing = measure.erp_lags(truth, landed, {1: 10.0, 2: 10.5, 3: 10.7, 4: 10.8})
    assert [(x.key, x.lag) for x in lags] == [("S-1", 2.0), ("W-1", 4.5)]
    assert missing == ["S-2"], "S-3 was never published, so it is not judged"


def test_stock_lag_matches_movements_in_order_by_cumulative_units() -> None:
    truth = [
        {"source_id": "A", "event_seq": 1, "stock": [{"sku": "TEE", "shop_location": 7, "quantity": -2}]},
        {"source_id": "B", "event_seq": 2, "stock": [{"sku": "TEE", "shop_location": 7, "quantity": -1}]},
        {"source_id": "C", "event_seq": 3, "stock": [{"sku": "TEE", "shop_location": None, "quantity": -1}]},
    ]
    shop = [
        {
            "sku": "TEE",
            "location_id": 7,
            "changes": [
                {"at": 0.0, "delta": 50, "via": "seed"},
                {"at": 101.0, "delta": -1, "via": "POST /admin/api/2024-10/inventory_levels/adjust.json"},
                {"at": 102.0, "delta": -2, "via": "POST /admin/api/2024-10/inventory_levels/adjust.json"},
                {"at": 103.0, "delta": -1, "via": "order #1001"},
            ],
        }
    ]
    lags = measure.stock_lags(truth, shop, {1: 100.0, 2: 100.5, 3: 100.6})
    assert [(x.key, x.lag) for x in lags] == [("A:TEE@7", 2.0), ("B:TEE@7", 1.5)]


def test_percentiles_are_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert measure.summary(values) == {"count": 100, "p50": 50.0, "p95": 95.0, "p99": 99.0, "max": 100.0}
    assert measure.summary([])["p95"] is None


def test_the_timeline_has_one_row_per_second_with_rises_and_lags() -> None:
    t0 = 1000.0
    activity = [
        {"newstore": {"delivered": 0, "pending": 0}, "erp": {"writes": 0, "rejected": 0}},
        {"newstore": {"delivered": 30, "pending": 12}, "erp": {"writes": 20, "rejected": 3, "rate_limited": 1}},
        {
            "newstore": {"delivered": 70, "pending": 2},
            "sitoo": {"pending": 1, "events": {"delivered": 5}},
            "erp": {"writes": 50, "rejected": 3, "rate_limited": 1},
        },
    ]
    samples = [measure.flatten_activity(t0 + i, "load", a) for i, a in enumerate(activity)]
    publishes = {1: t0 + 0.2, 2: t0 + 0.3, 3: t0 + 1.5}
    erp = [measure.Landing("S-1", t0 + 1.2, 1.0), measure.Landing("S-2", t0 + 1.4, 3.0)]
    rows = measure.timeline(samples, t0, publishes, erp, [], {1: 4})
    assert [r["second"] for r in rows] == [0, 1, 2]
    assert [r["pos_events"] for r in rows] == [2, 1, 0]
    assert [r["webhooks_delivered"] for r in rows] == [30, 45, 0]
    assert [r["erp_writes"] for r in rows] == [20, 30, 0]
    assert [r["erp_429"] for r in rows] == [4, 0, 0]
    assert [r["backlog"] for r in rows] == [12, 3, 3]
    assert [r["users"] for r in rows] == ["", 4, 4]
    assert rows[1]["erp_lag_p95"] == 3.0 and rows[0]["erp_lag_p95"] == ""


def test_a_late_sample_spreads_its_rise_over_the_seconds_it_missed() -> None:
    samples = [measure.flatten_activity(at, "load", {"erp": {"writes": w}}) for at, w in ((0.0, 0), (1.0, 10), (4.0, 70))]
    rows = measure.timeline(samples, 0.0, {}, [], [])
    assert [r["second"] for r in rows] == [0, 1, 2, 3, 4]
    assert [r["erp_writes"] for r in rows] == [10, 20, 20, 20, 0]


def test_the_report_writes_csv_and_puts_its_section_on_top_of_locusts_html(tmp_path: Any) -> None:
    rows = [{"second": s, "phase": "load", "pos_events": s * 10, "erp_lag_p95": 0.5} for s in range(5)]
    csv_path = write_timeline(rows, tmp_path / "x_timeline.csv")
    assert csv_path.read_text().splitlines()[0].startswith("second,phase,users,pos_events")
    assert "<polyline" in svg_chart(rows, [("pos_events", "#000")], "Load")
    page = tmp_path / "load.html"
    page.write_text("<html><body class='x'><div id='root'></div></body></html>")
    summary = {
        "scenario": "smoke",
        "passed": False,
        "thresholds": [{"name": "lag", "limit": "1", "measured": "2", "passed": False}],
    }
    write_html(page, html_section(rows, summary))
    text = page.read_text()
    assert text.index("pos-harness-load") < text.index("id='root'") and "FAIL" in text and "BROKEN" in text
