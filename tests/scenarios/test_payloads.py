"""Every generated payload is valid for the simulator it goes to, and every truth line is
exactly a ground-truth model: the pydantic models stay the source of truth even though
the generator builds plain dicts for speed."""

from __future__ import annotations

from typing import Any

import pytest

from scenarios.catalogue import list_scenarios
from scenarios.truth import TRUTH_MODELS
from simulators.common.faults import FaultPlan
from simulators.newstore.models import EVENT_PAYLOADS, PublishedEvent
from simulators.shop.models import SimOrder
from simulators.sitoo.models import Order
from simulators.sitoo.storezreports import StoreDayClose
from tests.scenarios.runs import run_of


def _validate(event: dict[str, Any]) -> None:
    system, action, body = event["system"], event["action"], event["body"]
    if (system, action) == ("newstore", "publish"):
        published = PublishedEvent.model_validate(body)
        EVENT_PAYLOADS[published.name].model_validate(body["payload"])
    elif (system, action) == ("sitoo", "orders"):
        Order.model_validate(body)
        assert isinstance(body["eshopid"], int) and body["registerid"] and isinstance(body["warehouseid"], int)
    elif (system, action) == ("sitoo", "dayclose"):
        StoreDayClose.model_validate(body)
    elif (system, action) == ("shop", "orders"):
        SimOrder.model_validate(body)
    elif (system, action) == ("erp", "prices"):
        assert body["prices"] and all(isinstance(v, float) and v > 0 for v in body["prices"].values())
    elif action == "faults":
        FaultPlan.parse(body)
    else:
        raise AssertionError(f"unexpected traffic {system} {action}")


@pytest.mark.parametrize("name", list_scenarios())
def test_traffic_is_valid_for_its_simulator_and_in_time_order(name: str) -> None:
    run = run_of(name)
    assert [e["seq"] for e in run.traffic] == list(range(1, len(run.traffic) + 1))
    assert all(a["at"] <= b["at"] for a, b in zip(run.traffic, run.traffic[1:], strict=False))
    for event in run.traffic:
        assert set(event) == {"seq", "at", "system", "action", "body"}
        _validate(event)


@pytest.mark.parametrize("name", list_scenarios())
def test_truth_lines_are_exactly_the_truth_models(name: str) -> None:
    run = run_of(name)
    lines = list(run.truth.lines())
    kinds = [line["kind"] for line in lines]
    order = {"transaction": 0, "journal": 1, "stock": 2, "summary": 3}
    assert kinds == sorted(kinds, key=order.__getitem__) and kinds[-1] == "summary"
    for line in lines:
        assert TRUTH_MODELS[line["kind"]].model_validate(line).model_dump(mode="json") == line


@pytest.mark.parametrize("name", list_scenarios())
def test_truth_points_at_the_event_that_completes_each_transaction(name: str) -> None:
    run = run_of(name)
    by_seq = {e["seq"]: e for e in run.traffic}
    for line in [*run.truth.transactions, *run.truth.journals]:
        assert by_seq[line["event_seq"]]["at"] == line["at"]
    assert run.truth.summary["events"] == len(run.traffic)
    assert run.truth.summary["transactions"] == len(run.truth.transactions)
    assert run.truth.summary["objectives"] == run.scenario.objectives.model_dump(mode="json")
