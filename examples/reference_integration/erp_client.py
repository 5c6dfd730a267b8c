"""The ERP client: NetSuite REST with the manners its governance asks for.

* at most ``accountConcurrencyLimit`` requests in flight (read from ``governanceLimits``);
* on 429 (or a throttling error code under another status) it waits out ``Retry-After``,
  and so does every other request of this client: the account, not one request, is throttled;
* when the 429 names a request window ("150 requests per 10 seconds", Business Central's
  rule) it paces every later request to fit that window instead of bursting into it again;
* transient failures (5xx, network) are retried with a short capped backoff until they land
  or ``give_up_after`` seconds pass; a 401 fetches a new token;
* a 400 is never retried: that is a record problem, not a transport one.
"""

from __future__ import annotations

import contextlib
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .clients import backoff
from .oauth import hs256_client_assertion
from .transport import ConnectionFailed, Response, Transport

TRANSIENT_STATUSES = frozenset({429, 500, 502, 503, 504})
THROTTLE_CODES = frozenset({"CONCURRENCY_LIMIT_EXCEEDED", "REQUEST_LIMIT_EXCEEDED"})
HAMMER_DELAY = 0.05  # the faulty ignore-retry-after variant's fixed wait
WINDOW = re.compile(r"(\d+) requests per ([0-9.]+) seconds")
HEADROOM = 1.05  # pace a little under the window's rate
MARGIN = 0.01  # added to Retry-After: our clock and the server's do not tick together


@dataclass(frozen=True)
class ErpResult:
    ok: bool
    status: int | None
    detail: str = ""
    code: str = ""  # NetSuite's o:errorCode
    location: str | None = None
    body: Any = None

    @property
    def internal_id(self) -> str | None:
        """The id of the record a write created or changed (from ``Location``), or a GET's ``id``."""
        if self.location:
            return self.location.rstrip("/").rsplit("/", 1)[-1]
        if isinstance(self.body, dict) and self.body.get("id") is not None:
            return str(self.body["id"])
        return None


class ErpClient:
    def __init__(
        self,
        base_url: str,
        token_url: str,
        client_id: str,
        client_secret: str,
        honour_retry_after: bool = True,
        governed: bool = True,  # False: the faulty no-concurrency-cap variant (no cap, pacing or shared pause)
        max_attempts: int | None = None,
        give_up_after: float = 600.0,
    ) -> None:
        self.http = Transport(base_url)
        self.token_endpoint = Transport(token_url)
        self.token_url = token_url
        self.client_id = client_id
        self.client_secret = client_secret
        self.honour_retry_after = honour_retry_after
        self.governed = governed
        self.max_attempts = max_attempts
        self.give_up_after = give_up_after
        self._token_lock = threading.Lock()
        self._token_value: str | None = None
        self._slots = threading.BoundedSemaphore(1)
        self._pause_lock = threading.Lock()
        self._not_before = 0.0  # monotonic time before which no request is sent (Retry-After)
        self._interval = 0.0  # seconds between request starts, once a request window is known
        self._next_start = 0.0

    def _token(self, refresh: bool = False) -> str:
        with self._token_lock:
            if self._token_value is None or refresh:
                assertion = hs256_client_assertion(self.client_id, self.client_secret, self.token_url)
                form = {
                    "grant_type": "client_credentials",
                    "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                    "client_assertion": assertion,
                }
                response = self.token_endpoint.request("POST", form=form)
                response.raise_for_status()
                self._token_value = str(response.json()["access_token"])
            return self._token_value

    def close(self) -> None:
        self.http.close()
        self.token_endpoint.close()

    def discover_concurrency_limit(self) -> int:
        result = self.send("GET", "/system/v1/governanceLimits")
        limit = int((result.body or {}).get("accountConcurrencyLimit", 1)) if result.ok else 1
        self._slots = threading.BoundedSemaphore(max(1, limit))
        return max(1, limit)

    @contextlib.contextmanager
    def _slot(self) -> Iterator[None]:
        if not self.governed:
            yield
            return
        with self._slots:
            yield

    def _wait_turn(self) -> None:
        """Wait out any Retry-After, then take the next start time the pacing allows."""
        with self._pause_lock:
            now = time.monotonic()
            start = max(now, self._not_before, self._next_start)
            if self._interval:
                self._next_start = start + self._interval
        if start > now:
            time.sleep(start - now)

    def _pause_all(self, seconds: float) -> None:
        with self._pause_lock:
            self._not_before = max(self._not_before, time.monotonic() + seconds)

    def get(self, path: str) -> ErpResult:
        return self.send("GET", path)

    def send(self, method: str, path: str, body: dict[str, Any] | None = None) -> ErpResult:
        """One logical request, retried until it lands or fails for a reason retrying cannot fix."""
        deadline = time.monotonic() + self.give_up_after
        refreshed = False
        attempt = 0
        while True:
            attempt += 1
            try:
                with self._slot():
                    self._wait_turn()  # checked with the slot held: a 429 may have come while we queued
                    response = self.http.request(method, path, json=body, headers={"Authorization": f"Bearer {self._token()}"})
            except ConnectionFailed as exc:
                result = ErpResult(False, None, f"{type(exc).__name__}: {exc}")
                wait: float | None = backoff(attempt)
            else:
                result = _result(response)
                if result.ok or (response.status == 404 and method == "GET"):
                    return result
                if response.status == 401 and not refreshed:
                    self._token(refresh=True)
                    refreshed = True
                    continue
                wait = self._wait_for(response, result, attempt)
            if wait is None or time.monotonic() + wait > deadline:
                return result
            if self.max_attempts is not None and attempt >= self.max_attempts:
                return result
            time.sleep(wait)

    def _wait_for(self, response: Response, result: ErpResult, attempt: int) -> float | None:
        """Seconds to wait before trying again, or None when retrying cannot help."""
        throttled = response.status == 429 or result.code in THROTTLE_CODES
        if not throttled and response.status not in TRANSIENT_STATUSES and response.status != 401:
            return None
        if not self.honour_retry_after:
            return HAMMER_DELAY
        window = WINDOW.search(result.detail) if result.code == "REQUEST_LIMIT_EXCEEDED" else None
        if window is not None and self.governed:
            with self._pause_lock:
                self._interval = float(window[2]) / int(window[1]) * HEADROOM
        retry_after = response.header("Retry-After")
        if retry_after is not None:
            try:
                seconds = max(0.0, float(retry_after)) + MARGIN
            except ValueError:
                seconds = backoff(attempt)
            if self.governed:
                self._pause_all(seconds)  # the whole account is throttled, not just this request
            return seconds
        return backoff(attempt)


def _result(response: Response) -> ErpResult:
    body: Any = None
    if response.content:
        try:
            body = response.json()
        except ValueError:
            body = None
    location = response.header("Location")
    if response.status < 300:
        return ErpResult(True, response.status, location=location, body=body)
    detail, code = response.text[:200], ""
    if isinstance(body, dict) and body.get("o:errorDetails"):
        first = body["o:errorDetails"][0]
        code = str(first.get("o:errorCode", ""))
        detail = f"{code}: {first.get('detail')}"
    return ErpResult(False, response.status, detail, code, location, body)
