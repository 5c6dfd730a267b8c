"""Webhook deliveries held as columns (``harness.evidence_columns.Deliveries``) read as the list they were built from."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from harness.checks import exactly_once
from harness.evidence import Compactor, Evidence, compact_evidence, slim_delivery
from harness.evidence_columns import Deliveries
from harness.store import _json
from scenarios.truth import GroundTruth

Record = dict[str, Any]
ATTEMPT = {"attempt": 1, "started_at": 1.0, "duration_ms": 2.0, "status": 200, "error": None}


def _raw() -> list[Record]:
    """Deliveries as NewStore's ``/_sim/deliveries`` gives them."""
    plain = {"id": 1, "url": "http://x", "label": "order.created", "outcome": "delivered", "attempts": [ATTEMPT], "event_seq": 3}
    return [
        plain,
        {**plain, "id": 2, "label": "order.completed", "event_seq": 4},
        {**plain, "id": 3, "attempts": [{**ATTEMPT, "status": 500}, ATTEMPT]},  # retried: whole
        {**plain, "id": 4, "outcome": "failed", "attempts": [{**ATTEMPT, "status": 500, "error": "HTTP 500"}]},  # failed: whole
        {**plain, "id": 5, "attempts": [{**ATTEMPT, "status": 201}]},  # another attempt: its own shared list
        {**plain, "id": "d6"},  # a string id: whole
    ]


def _slim() -> list[Record]:
    return [
        *map(slim_delivery, _raw()),
        {"id": 7, "label": "order.created", "outcome": "delivered", "attempts": [{"attempt": 1}]},  # no event seq: whole
        {"id": 8, "event_seq": 2**64, "label": "x", "outcome": "delivered", "attempts": [{"attempt": 1}]},  # too large: whole
        {"id": 9, "event_seq": True, "label": "x", "outcome": "delivered", "attempts": [{"attempt": 1}]},  # a bool: whole
        "not a delivery",
    ]


def test_deliveries_read_as_the_list() -> None:
    given = _slim()
    held = Deliveries(copy.deepcopy(given), Compactor())
    assert len(held) == len(given) and held == given and given == held and list(held) == given
    assert json.dumps(list(held)) == json.dumps(given), "same keys, same order, same types"
    assert [list(d) if isinstance(d, dict) else d for d in held] == [list(d) if isinstance(d, dict) else d for d in given]
    assert held[0] == given[0] and held[-1] == given[-1] and held[1:4] == given[1:4] and held[::3] == given[::3]
    assert held[2] is held[2], "a delivery held whole is read as that very dict"
    assert sorted(held.whole) == [2, 3, 5, 6, 7, 8, 9]
    assert held.held_whole == [given[i] for i in (2, 3, 5, 6, 7, 8, 9)]
    assert held[0]["attempts"] is held[1]["attempts"], "equal attempts are held once"
    assert held != given[:-1] and held != [*given[:-1], "other"] and held == tuple(given)
    assert _json(held) == _json(given), "run.sqlite writes them as the list they read as"
    with pytest.raises(IndexError):
        held[len(given)]
    assert Deliveries() == [] and not Deliveries()


def test_compacted_evidence_holds_deliveries_as_columns() -> None:
    evidence = compact_evidence(Evidence(truth=GroundTruth.from_lines([]), deliveries=_raw()))
    assert isinstance(evidence.deliveries, Deliveries) and evidence.deliveries == [slim_delivery(d) for d in _raw()]
    listed = Evidence(truth=GroundTruth.from_lines([]), deliveries=[slim_delivery(d) for d in _raw()])
    metrics = {"deliveries_retried": 1, "delivery_attempts_failed": 2, "erp_5xx": 0}
    assert exactly_once._metrics(evidence) == exactly_once._metrics(listed) == metrics


@pytest.mark.parametrize("ids", [[1, 2, 3, 4], [5, 6, 7, 8], [1, 2, 4, 5], [2, 1, 3, 4], [2**63 - 3, 0, 2**63 - 1, -(2**63)]])
def test_deliveries_read_their_ids_and_seqs_whatever_they_are(ids: list[int]) -> None:
    given = [slim_delivery({**_raw()[0], "id": i, "event_seq": 10 + n}) for n, i in enumerate(ids)]
    given[1] = slim_delivery({**_raw()[3], "id": ids[1], "event_seq": 11})  # a failed one, held whole
    held = Deliveries(copy.deepcopy(given), Compactor())
    assert held == given and [d["id"] for d in held] == ids and [d["event_seq"] for d in held] == [10, 11, 12, 13]
    assert sorted(held.whole) == [1] and held.event_seqs.values is None, "event seqs 10, 11, 12, 13: held as a count"
    counted = all(ids[0] + n == ids[n] for n in (0, 2, 3))  # the one held whole is read from its dict
    assert (held.ids.values is None) == counted
