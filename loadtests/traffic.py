"""Split a scenario's generated traffic between load-test workers and users, keeping order.

The generator's traffic is one ordered list of ``{"seq", "at", "system", "action", "body"}``
events (the harness POSTs ``body`` to ``<system>/_sim/<action>``). A load test publishes it
from many Locust users on many worker processes at once, which would scramble the order in
which a transaction's events reach the simulators. This module keeps what must stay ordered:

* a **family** is every event about one NewStore order: its ``order.*`` events, its
  fulfilment events, and its returns and refunds (a return follows the sale it returns).
  A family lives on one worker (``crc32(family) % workers``) and its events are published
  one request after another, in traffic order, whichever user sends them;
* everything that is not a NewStore publish (Sitoo tills and day closes, web-shop orders,
  ERP price changes) is one ``serial`` family on worker 0. The Sitoo simulator numbers
  orders in arrival order and the generator predicts those numbers, so Sitoo traffic
  cannot be spread: one request at a time, in order.

Within a worker, each family's events are sorted into a **lane** by what they are (tills
selling in store, web orders, the fulfilment centre's line items, the returns desk, the
serial lane), and each Locust user class publishes its lane. :class:`Dispatcher` hands out
batches that respect family order and takes back failed ones for a retry.

No Locust import here: the harness and the unit tests use this module too.
"""

from __future__ import annotations

import zlib
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

TrafficEvent = dict[str, Any]

STORE, WEB, FULFILMENT, RETURNS, SERIAL = "store", "web", "fulfilment", "returns", "serial"
LANES = (STORE, WEB, FULFILMENT, RETURNS, SERIAL)
SERIAL_FAMILY = "serial"
# How a batch of bodies is wrapped for one admin call (as harness.driver does); other
# actions take one body per call.
BATCHABLE: dict[str, Callable[[list[Any]], Any]] = {
    "publish": lambda bodies: {"events": bodies},
    "orders": lambda bodies: bodies,
}


def _newstore_event(event: TrafficEvent) -> tuple[str, dict[str, Any]] | None:
    """(name, payload) of a single NewStore event, or None for any other traffic."""
    if event.get("system") != "newstore" or event.get("action") != "publish":
        return None
    body = event.get("body")
    if isinstance(body, dict) and isinstance(body.get("payload"), dict):
        return str(body.get("name", "")), body["payload"]
    return None


def family_of(event: TrafficEvent) -> str:
    """The grouping key: the NewStore order an event is about, or ``serial``."""
    parsed = _newstore_event(event)
    if parsed is None:
        return SERIAL_FAMILY
    name, payload = parsed
    if name.startswith("order."):
        key = payload.get("id")
    else:  # fulfilment requests, returns, refunds: the order they belong to (a gift return has none)
        key = payload.get("order_id") or payload.get("id")
    return f"order:{key}" if key else f"seq:{event['seq']}"


def lane_of(event: TrafficEvent) -> str:
    """Which desk publishes an event: store tills, web orders, fulfilment, returns or serial."""
    parsed = _newstore_event(event)
    if parsed is None:
        return SERIAL
    name, payload = parsed
    if name.startswith("fulfillment_request."):
        return FULFILMENT
    if name.startswith(("return.", "refund_request.", "payment_account.")):
        return RETURNS
    return STORE if payload.get("channel_type", "store") == "store" else WEB


def worker_of(family: str, workers: int) -> int:
    """The worker a family belongs to: stable across processes and machines (not ``hash()``)."""
    if family == SERIAL_FAMILY or workers <= 1:
        return 0
    return zlib.crc32(family.encode()) % workers


def partition(traffic: Iterable[TrafficEvent], worker: int, workers: int) -> list[TrafficEvent]:
    """The events worker ``worker`` of ``workers`` publishes, in traffic order."""
    if not 0 <= worker < max(1, workers):
        raise ValueError(f"worker index {worker} is not in 0..{workers - 1}")
    return [event for event in traffic if worker_of(family_of(event), workers) == worker]


def lane_sizes(traffic: Iterable[TrafficEvent]) -> dict[str, int]:
    """Events per lane: the weights that make each user class's share match its traffic."""
    sizes = dict.fromkeys(LANES, 0)
    for event in traffic:
        sizes[lane_of(event)] += 1
    return sizes


def request_body(batch: Sequence[TrafficEvent]) -> Any:
    """The JSON body of one admin call for ``batch`` (all the same system and action)."""
    wrap = BATCHABLE.get(batch[0]["action"])
    if wrap is None:
        assert len(batch) == 1, "only batchable actions are sent in batches"
        return batch[0]["body"]
    return wrap([event["body"] for event in batch])


@dataclass
class _Family:
    seqs: list[int]  # the family's events, in traffic order
    done: int = 0  # events acknowledged by the simulator
    claimed: int = 0  # events handed out (claimed - done are in flight)


@dataclass
class Batch:
    """Events for one admin call: same lane, system and action, in order."""

    lane: str
    events: list[TrafficEvent]

    @property
    def system(self) -> str:
        return str(self.events[0]["system"])

    @property
    def action(self) -> str:
        return str(self.events[0]["action"])

    @property
    def seqs(self) -> list[int]:
        return [int(event["seq"]) for event in self.events]


@dataclass
class Dispatcher:
    """This process's share of the traffic, handed out in batches that keep family order.

    An event can be handed out once every earlier event of its family has been
    acknowledged; consecutive events of one family may share a batch (one request keeps
    their order). Single-threaded by design: Locust's users are greenlets, and
    :meth:`claim` does no I/O, so nothing can interleave inside it.
    """

    events: Sequence[TrafficEvent]
    batch_size: int = 10
    scan_limit: int = 5000  # how far past blocked events a claim looks for ready ones
    lanes: dict[str, deque[TrafficEvent]] = field(init=False)
    families: dict[str, _Family] = field(init=False)
    family_by_seq: dict[int, str] = field(init=False)
    in_flight: int = field(init=False, default=0)
    live_users: dict[str, int] = field(init=False)
    failures: dict[int, int] = field(init=False, default_factory=dict)  # seq -> failed sends so far
    sizes: dict[str, int] = field(init=False)  # events per lane at the start

    def __post_init__(self) -> None:
        self.lanes = {lane: deque() for lane in LANES}
        self.families = {}
        self.family_by_seq = {}
        self.live_users = dict.fromkeys(LANES, 0)
        for event in self.events:
            family = family_of(event)
            self.family_by_seq[int(event["seq"])] = family
            self.families.setdefault(family, _Family([])).seqs.append(int(event["seq"]))
            self.lanes[lane_of(event)].append(event)
        self.sizes = {lane: len(queue) for lane, queue in self.lanes.items()}

    # -- what users call ------------------------------------------------------------------
    def claim(self, lane: str, limit: int | None = None) -> Batch | None:
        """The next ready batch of ``lane``, or None if nothing there is ready now."""
        limit = limit or self.batch_size
        queue = self.lanes[lane]
        taken: list[TrafficEvent] = []
        in_batch: set[str] = set()  # families with events in this batch (and nowhere else in flight)
        skipped: list[TrafficEvent] = []
        scanned = 0
        while queue and scanned < self.scan_limit and len(taken) < limit:
            event = queue.popleft()
            scanned += 1
            name = self.family_by_seq[int(event["seq"])]
            family = self.families[name]
            ready = family.seqs[family.claimed] == int(event["seq"]) and (family.claimed == family.done or name in in_batch)
            fits = not taken or (
                event["system"] == taken[0]["system"] and event["action"] == taken[0]["action"] and event["action"] in BATCHABLE
            )
            if ready and fits:
                family.claimed += 1
                taken.append(event)
                in_batch.add(name)
            else:
                skipped.append(event)
            if taken and taken[0]["action"] not in BATCHABLE:
                break
        queue.extendleft(reversed(skipped))
        if not taken:
            return None
        self.in_flight += len(taken)
        return Batch(lane, taken)

    def claim_any(self, lane: str) -> Batch | None:
        """A batch for a user of ``lane``: from its own lane or from a lane no live user publishes
        (whichever is furthest behind, so that every lane moves through the day together);
        once its own lane is empty, from any lane."""
        own_done = not self.lanes[lane]
        candidates = [
            other for other in LANES if self.lanes[other] and (other == lane or own_done or self.live_users[other] == 0)
        ]
        for other in sorted(candidates, key=self._progress):
            if (batch := self.claim(other)) is not None:
                return batch
        return None

    def _progress(self, lane: str) -> float:
        """Share of ``lane``'s events already handed out (0: none yet)."""
        return 1 - len(self.lanes[lane]) / self.sizes[lane] if self.sizes[lane] else 1.0

    def done(self, batch: Batch) -> None:
        """The simulator accepted ``batch``: its families may move on."""
        for event in batch.events:
            self.families[self.family_by_seq[int(event["seq"])]].done += 1
        self.in_flight -= len(batch.events)

    def give_back(self, batch: Batch) -> None:
        """``batch`` failed: put it back at the front of its lane, to be sent again."""
        for event in batch.events:
            family = self.families[self.family_by_seq[int(event["seq"])]]
            family.claimed = family.done
            self.failures[int(event["seq"])] = self.failures.get(int(event["seq"]), 0) + 1
        self.lanes[batch.lane].extendleft(reversed(batch.events))
        self.in_flight -= len(batch.events)

    def attempts(self, batch: Batch) -> int:
        """How many times ``batch`` has been sent, counting the send under way."""
        return 1 + max((self.failures.get(seq, 0) for seq in batch.seqs), default=0)

    # -- state --------------------------------------------------------------------------
    @property
    def remaining(self) -> int:
        """Events not yet acknowledged (waiting or in flight)."""
        return sum(len(queue) for queue in self.lanes.values()) + self.in_flight

    @property
    def exhausted(self) -> bool:
        return self.remaining == 0
