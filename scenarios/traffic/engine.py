"""The clock-ordered queue of pending events: what makes the generator a stream.

Builders push events for any future moment (a sale's ``order.completed`` a few seconds
on, a web order's parcels hours later); :meth:`Engine.run` pops everything due up to the
next customer arrival, numbers it (``seq``) and turns business seconds into the wall
``at`` the driver paces by. The heap only ever holds what is still to come, so memory
follows the traffic's concurrency, not the day's length.

An event may belong to an :class:`Owner` (a transaction, a day close): the owner hears
about each of its events going out and hands back its ground-truth line with the last.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol

from ..clock import BusinessClock

Item = tuple[str, dict[str, Any]]  # ("traffic" | "truth", line)
Body = dict[str, Any] | tuple[str, Callable[[], dict[str, Any]]]  # a body, or (event name, payload builder)
Moment = tuple[float, int, int, Any]  # an arrival: (business offset, kind, tie-breaker, data)
INFINITY = float("inf")


class Owner(Protocol):
    pending: int

    def emitted(self, seq: int, at: float) -> dict[str, Any] | None:
        """One of my events went out as ``seq`` at ``at``: my truth line if it was the last."""


Entry = tuple[float, int, str, str, Body, "Owner | None"]


class Engine:
    def __init__(self, clock: BusinessClock) -> None:
        self._heap: list[Entry] = []
        self._ready: list[Entry] = []  # pushed for the current moment: no need to sort them
        self._pushed = 0
        self._micros = 1e6 / clock.time_factor  # wall microseconds per business second
        self._iso = clock.iso
        self.now = float("-inf")  # the arrival being handled; nothing is pushed earlier than it
        self.seq = 0  # events sent so far
        self.truths = 0  # transaction truth lines completed so far

    def push(self, t: float, system: str, action: str, body: Body, owner: Owner | None = None) -> None:
        """``body`` goes to ``<system>/_sim/<action>`` at business offset ``t`` (never before ``now``).

        Events for ``now`` itself skip the heap: everything due earlier has gone out already,
        so they follow in the order they were pushed, exactly as the heap would order them."""
        self._pushed += 1
        entry = (t, self._pushed, system, action, body, owner)
        if t <= self.now:
            self._ready.append(entry)
        else:
            heapq.heappush(self._heap, entry)
        if owner is not None:
            owner.pending += 1

    def publish(self, t: float, name: str, payload: dict[str, Any], owner: Owner | None = None) -> None:
        """A NewStore event-stream event, published by the POS at ``t``."""
        self.push(t, "newstore", "publish", {"name": name, "published_at": self._iso(t), "payload": payload}, owner)

    def publish_later(self, t: float, name: str, build: Callable[[], dict[str, Any]], owner: Owner | None = None) -> None:
        """A NewStore event whose payload is built only when it goes out: an event that waits
        hours (a web order's pick and collection) holds a few references, not its payload."""
        self.push(t, "newstore", "publish", (name, build), owner)

    def run(self, arrivals: Iterable[Moment], handle: Callable[[Moment], None]) -> Iterator[Item]:
        """The whole stream: before each arrival, every event due by then goes out (in time
        order, with the truth lines it completes); then ``handle`` builds the arrival's
        traffic. After the last arrival, whatever is still pending goes out.

        One generator for the whole run, with the queue handling inline: this loop runs once
        per event of a million-event day."""
        heap, micros, pop, iso = self._heap, self._micros, heapq.heappop, self._iso
        end = (INFINITY, 0, 0, None)
        for moment in itertools.chain(arrivals, (end,)):
            until = moment[0]
            ready, self._ready = self._ready, []
            index, count = 0, len(ready)
            while True:
                if index < count:
                    t, _, system, action, body, owner = ready[index]
                    index += 1
                elif heap and heap[0][0] <= until:
                    t, _, system, action, body, owner = pop(heap)
                else:
                    break
                if type(body) is tuple:
                    name, build = body
                    body = {"name": name, "published_at": iso(t), "payload": build()}
                seq = self.seq = self.seq + 1
                at = int(t * micros + 0.5) / 1e6  # wall seconds, 6 decimals
                yield "traffic", {"seq": seq, "at": at, "system": system, "action": action, "body": body}
                if owner is not None:
                    truth = owner.emitted(seq, at)
                    if truth is not None:
                        self.truths += 1
                        yield "truth", truth
            if moment is end:
                return
            self.now = until
            handle(moment)

    def __len__(self) -> int:
        return len(self._heap) + len(self._ready)


class Txn:
    """A source transaction: its truth line, finished when its last event goes out; a posted
    sale then joins the reservoir that later returns are drawn from."""

    __slots__ = ("truth", "pending", "keep", "entry")

    def __init__(self, truth: dict[str, Any], keep: Any = None, entry: Any = None) -> None:
        self.truth = truth
        self.pending = 0
        self.keep = keep  # a Reservoir, or None
        self.entry = entry

    def emitted(self, seq: int, at: float) -> dict[str, Any] | None:
        self.pending -= 1
        if self.pending:
            return None
        truth = self.truth
        truth["at"] = at
        truth["event_seq"] = seq
        if self.keep is not None:
            self.keep.add(self.entry)
        return truth
