"""Partitioning the traffic between workers and users: deterministic, complete, and in order per transaction."""

from __future__ import annotations

import random
import subprocess
import sys

import pytest

from loadtests.traffic import (
    FULFILMENT,
    LANES,
    RETURNS,
    SERIAL,
    STORE,
    WEB,
    Dispatcher,
    family_of,
    lane_of,
    lane_sizes,
    partition,
    request_body,
)
from tests.load.traffic_fixtures import fulfilment_event, mixed_traffic, order_event, return_event, sitoo_dayclose, sitoo_order


def test_events_are_sorted_into_lanes_by_what_they_are() -> None:
    assert lane_of(order_event(1, "order.created", "a")) == STORE
    assert lane_of(order_event(1, "order.created", "a", "web")) == WEB
    assert lane_of(fulfilment_event(1, "a", "fr")) == FULFILMENT
    assert lane_of(return_event(1, "r", "a")) == RETURNS
    assert lane_of(sitoo_order(1, 1)) == lane_of(sitoo_dayclose(2)) == SERIAL


def test_a_return_and_a_fulfilment_belong_to_the_family_of_their_order() -> None:
    family = family_of(order_event(1, "order.created", "a"))
    assert family_of(fulfilment_event(2, "a", "fr")) == family
    assert family_of(return_event(3, "r", "a")) == family
    assert family_of(return_event(4, "gift", None)) != family  # a gift return has no order: a family of its own
    assert family_of(sitoo_order(5, 1)) == family_of(sitoo_dayclose(6)) == "serial"


@pytest.mark.parametrize("workers", [1, 2, 3, 5])
def test_partitions_cover_the_traffic_once_and_keep_families_whole(workers: int) -> None:
    traffic = mixed_traffic()
    parts = [partition(traffic, index, workers) for index in range(workers)]
    seqs = [event["seq"] for part in parts for event in part]
    assert sorted(seqs) == [event["seq"] for event in traffic]
    owners: dict[str, int] = {}
    for index, part in enumerate(parts):
        assert [e["seq"] for e in part] == sorted(e["seq"] for e in part), "a partition keeps traffic order"
        for event in part:
            assert owners.setdefault(family_of(event), index) == index, "a family lives on one worker"
    assert all(owners[family_of(e)] == 0 for e in traffic if lane_of(e) == SERIAL), "Sitoo stays on worker 0"


def test_two_workers_both_get_traffic() -> None:
    traffic = mixed_traffic()
    assert all(partition(traffic, index, 2) for index in range(2))


def test_partitioning_is_the_same_in_another_process() -> None:
    code = (
        "from loadtests.traffic import partition; from tests.load.traffic_fixtures import mixed_traffic;"
        "print([e['seq'] for e in partition(mixed_traffic(), 1, 3)])"
    )
    env = {"PYTHONHASHSEED": "987", "PATH": ""}
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env, cwd=".")
    assert other.stdout.strip() == str([e["seq"] for e in partition(mixed_traffic(), 1, 3)])


def test_a_worker_index_outside_the_workers_is_refused() -> None:
    with pytest.raises(ValueError):
        partition(mixed_traffic(), 2, 2)


def test_lane_sizes_count_every_event() -> None:
    traffic = mixed_traffic()
    sizes = lane_sizes(traffic)
    assert set(sizes) == set(LANES)
    assert sum(sizes.values()) == len(traffic)


def _publish_all(dispatcher: Dispatcher, rng: random.Random, fail_rate: float = 0.0) -> list[list[int]]:
    """Play many concurrent users: claim batches from random lanes, acknowledge (or fail) them in random order."""
    sent: list[list[int]] = []
    in_flight: list = []
    rounds = 0
    while not dispatcher.exhausted:
        rounds += 1
        assert rounds < 100_000, "the dispatcher stopped handing out events"
        if in_flight and (rng.random() < 0.5 or len(in_flight) > 8):
            batch = in_flight.pop(rng.randrange(len(in_flight)))
            if rng.random() < fail_rate:
                dispatcher.give_back(batch)
            else:
                dispatcher.done(batch)
                sent.append(batch.seqs)
            continue
        batch = dispatcher.claim_any(rng.choice(LANES))
        if batch is not None:
            in_flight.append(batch)
    return sent


@pytest.mark.parametrize("seed", range(5))
def test_the_dispatcher_sends_every_event_once_and_each_family_in_order(seed: int) -> None:
    traffic = mixed_traffic()
    dispatcher = Dispatcher(traffic, batch_size=4)
    sent = _publish_all(dispatcher, random.Random(seed), fail_rate=0.2)
    order = [seq for batch in sent for seq in batch]
    assert sorted(order) == [e["seq"] for e in traffic]
    by_seq = {e["seq"]: e for e in traffic}
    position = {seq: index for index, seq in enumerate(order)}
    families: dict[str, list[int]] = {}
    for event in traffic:
        families.setdefault(family_of(event), []).append(event["seq"])
    for family, seqs in families.items():
        acknowledged = sorted(seqs, key=position.__getitem__)
        assert acknowledged == seqs, f"family {family} went out of order"
    assert all(len({(by_seq[s]["system"], by_seq[s]["action"]) for s in batch}) == 1 for batch in sent)


def test_no_two_events_of_a_family_are_in_flight_in_different_requests() -> None:
    traffic = [order_event(1, "order.created", "a"), order_event(2, "order.created", "b"), order_event(3, "order.completed", "a")]
    dispatcher = Dispatcher(traffic, batch_size=1)
    first = dispatcher.claim(STORE)
    second = dispatcher.claim(STORE)
    assert first is not None and second is not None
    assert (first.seqs, second.seqs) == ([1], [2])
    assert dispatcher.claim(STORE) is None, "order a's completion waits for its creation to be acknowledged"
    dispatcher.done(first)
    third = dispatcher.claim(STORE)
    assert third is not None and third.seqs == [3]


def test_consecutive_events_of_a_family_may_share_one_request() -> None:
    traffic = [order_event(1, "order.created", "a"), order_event(2, "order.completed", "a")]
    batch = Dispatcher(traffic, batch_size=10).claim(STORE)
    assert batch is not None and batch.seqs == [1, 2]
    assert request_body(batch.events) == {"events": [traffic[0]["body"], traffic[1]["body"]]}


def test_sitoo_traffic_goes_out_one_request_at_a_time_in_order() -> None:
    traffic = [sitoo_order(1, 1), sitoo_order(2, 2), sitoo_dayclose(3), sitoo_order(4, 3)]
    dispatcher = Dispatcher(traffic, batch_size=10)
    batch = dispatcher.claim(SERIAL)
    assert batch is not None and batch.seqs == [1, 2]
    assert request_body(batch.events) == [traffic[0]["body"], traffic[1]["body"]]
    assert dispatcher.claim(SERIAL) is None
    dispatcher.done(batch)
    close = dispatcher.claim(SERIAL)
    assert close is not None and close.seqs == [3] and request_body(close.events) == {"store_id": "s1"}


def test_a_failed_batch_is_sent_again_first() -> None:
    traffic = [sitoo_order(1, 1), sitoo_order(2, 2)]
    dispatcher = Dispatcher(traffic, batch_size=1)
    batch = dispatcher.claim(SERIAL)
    assert batch is not None and dispatcher.attempts(batch) == 1
    dispatcher.give_back(batch)
    again = dispatcher.claim(SERIAL)
    assert again is not None and again.seqs == [1] and dispatcher.attempts(again) == 2


def test_users_help_lanes_nobody_publishes() -> None:
    traffic = [order_event(1, "order.created", "a"), sitoo_order(2, 1)]
    dispatcher = Dispatcher(traffic)
    dispatcher.live_users[STORE] = 1
    first = dispatcher.claim_any(STORE)
    helped = dispatcher.claim_any(STORE)
    assert first is not None and first.lane == STORE
    assert helped is not None and helped.lane == SERIAL, "no Sitoo user is running, so a store till publishes it"
    dispatcher.done(first)
    dispatcher.done(helped)
    assert dispatcher.exhausted
