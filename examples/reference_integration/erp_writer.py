"""The ERP write queue: every record goes through here, one worker per concurrency slot.

The flows hand over :class:`ErpWrite` objects and move on; they never wait for the ERP.
The workers (as many as the account's ``accountConcurrencyLimit``) write each record
idempotently, by external id:

* ``PUT /record/v1/{type}/eid:{eid}?replace=<sublist>``: an upsert, harmless to repeat;
* a transformation (``POST .../salesOrder/{id}/!transform/invoice``) cannot be an upsert,
  so the writer first asks whether ``eid`` exists and skips it if it does.

A write may need another record first (``Link``): a credit memo is createdFrom the sale it
returns, an invoice is transformed from its sales order, a stock adjustment waits for its
record. The writer holds such a write until the record it needs is written (by this
process, or found in the ERP), and fails it if that record will never be written.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .erp_client import ErpClient, ErpResult

log = logging.getLogger("reference_integration.erp")
RECORD = "/record/v1"


@dataclass(frozen=True)
class Link:
    """The record a write needs first."""

    record_type: str
    external_id: str
    created_from: bool = True  # set createdFrom to it (False: only wait until it exists)


@dataclass(frozen=True)
class Failure:
    reason: str
    dependency: bool = False  # the record this write needed was never written


@dataclass(frozen=True)
class ErpWrite:
    record_type: str
    external_id: str
    body: dict[str, Any]
    replace: str = "item"  # the sublist an upsert replaces: item, line or inventory
    link: Link | None = None
    transform: bool = False  # create by !transform from the linked record
    idempotent: bool = True  # False: POST without an external id (the faulty double-post variant)
    on_failure: Callable[[Failure], None] | None = None
    on_success: Callable[[], None] | None = None


@dataclass(frozen=True)
class _Lookup:
    """Find a record this process did not write (e.g. a sale posted before it started)."""

    link: Link


class ErpWriter:
    def __init__(self, client: ErpClient, workers: int, report_failures: bool = True) -> None:
        self.client = client
        self.workers = workers
        self.report_failures = report_failures
        self._cond = threading.Condition()
        self._ready: deque[ErpWrite | _Lookup] = deque()
        self._written: dict[str, str] = {}  # external id -> internal id
        self._failed: set[str] = set()
        self._submitted: set[str] = set()
        self._waiting: dict[str, list[ErpWrite]] = {}
        self._looked_up: set[str] = set()
        self._busy = 0
        self._stopping = False
        self._threads: list[threading.Thread] = []

    # -- the flows' side -------------------------------------------------------------
    def submit(self, write: ErpWrite) -> None:
        failed: ErpWrite | None = None
        with self._cond:
            self._submitted.add(write.external_id)
            link = write.link
            if link is None or link.external_id in self._written:
                self._ready.append(write)
            elif link.external_id in self._failed:
                failed = write
            else:
                self._waiting.setdefault(link.external_id, []).append(write)
                known = link.external_id in self._submitted or link.external_id in self._looked_up
                if not known:
                    self._looked_up.add(link.external_id)
                    self._ready.append(_Lookup(link))
            self._cond.notify_all()
        if failed is not None and failed.link is not None:
            self._give_up(failed, Failure(f"{failed.link.external_id} was not written", True))

    def never_written(self, external_id: str) -> None:
        """``external_id`` will not be written (it was reported): fail what waits for it."""
        self._cascade(external_id)

    def pending(self) -> int:
        with self._cond:
            return len(self._ready) + self._busy + sum(len(w) for w in self._waiting.values())

    # -- workers ---------------------------------------------------------------------
    def start(self) -> None:
        for n in range(self.workers):
            thread = threading.Thread(target=self._work, name=f"erp-writer-{n}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self) -> None:
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        for thread in self._threads:
            thread.join(timeout=5)

    def _work(self) -> None:
        while True:
            with self._cond:
                while not self._ready and not self._stopping:
                    self._cond.wait()
                if self._stopping:
                    return
                job = self._ready.popleft()
                self._busy += 1
            try:
                if isinstance(job, _Lookup):
                    self._look_up(job.link)
                else:
                    self._write(job)
            except Exception:  # a worker must survive one bad write
                log.exception("ERP write failed unexpectedly")
            finally:
                with self._cond:
                    self._busy -= 1

    def _look_up(self, link: Link) -> None:
        found = self.client.get(f"{RECORD}/{link.record_type}/eid:{link.external_id}")
        if found.ok and found.internal_id is not None:
            self._written_ok(link.external_id, found.internal_id)

    def _write(self, write: ErpWrite) -> None:
        with self._cond:
            source = self._written.get(write.link.external_id) if write.link else None
        result = self._send(write, source)
        if result.ok and result.internal_id is not None:
            self._written_ok(write.external_id, result.internal_id)
            if write.on_success is not None:
                write.on_success()
            return
        log.warning("ERP refused %s %s: %s", write.record_type, write.external_id, result.detail)
        self._give_up(write, Failure(f"the ERP refused it: {result.status} {result.detail}"))

    def _send(self, write: ErpWrite, source: str | None) -> ErpResult:
        body = dict(write.body)
        link = write.link
        if write.transform and link is not None:
            existing = self.client.get(f"{RECORD}/{write.record_type}/eid:{write.external_id}")
            if existing.ok:
                return existing  # a retry of a transformation that already landed
            path = f"{RECORD}/{link.record_type}/{source}/!transform/{write.record_type}"
            result = self.client.send("POST", path, {**body, "externalId": write.external_id})
            if result.code == "USER_ERROR" and "already exists" in result.detail:
                return self.client.get(f"{RECORD}/{write.record_type}/eid:{write.external_id}")
            return result
        if link is not None and link.created_from:
            body["createdFrom"] = {"id": source}
        if not write.idempotent:
            return self.client.send("POST", f"{RECORD}/{write.record_type}", body)
        return self.client.send("PUT", f"{RECORD}/{write.record_type}/eid:{write.external_id}?replace={write.replace}", body)

    def _written_ok(self, external_id: str, internal_id: str) -> None:
        with self._cond:
            self._written[external_id] = internal_id
            self._failed.discard(external_id)
            self._ready.extend(self._waiting.pop(external_id, []))
            self._cond.notify_all()

    def _give_up(self, write: ErpWrite, failure: Failure) -> None:
        """``write`` will not land: say so, and give up on everything that needs it."""
        if write.on_failure is not None and self.report_failures:
            write.on_failure(failure)
        self._cascade(write.external_id)

    def _cascade(self, external_id: str) -> None:
        with self._cond:
            self._failed.add(external_id)
            waiting = self._waiting.pop(external_id, [])
        for write in waiting:
            self._give_up(write, Failure(f"{external_id} was not written", True))
