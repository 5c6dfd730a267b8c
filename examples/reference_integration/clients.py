"""HTTP clients for NewStore and the ERP, with the manners a good integration has.

The ERP client caps requests in flight at the account's concurrency limit (read from
``governanceLimits``), waits out ``Retry-After`` on 429, backs off on 5xx and network
errors, refreshes its token on 401, and never retries a 400: that is a record problem,
not a transport one.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from dataclasses import dataclass
from typing import Any

import requests

RETRYABLE_STATUSES = {429, 500, 502, 503, 504}


def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def hs256_client_assertion(client_id: str, secret: str, audience: str, lifetime: int = 300) -> str:
    """A JWT client assertion for NetSuite's OAuth 2.0 client-credentials flow."""
    now = int(time.time())
    header = _b64url(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    claims = _b64url(
        json.dumps({"iss": client_id, "scope": ["rest_webservices"], "aud": audience, "iat": now, "exp": now + lifetime}).encode()
    )
    signature = hmac.new(secret.encode(), f"{header}.{claims}".encode(), hashlib.sha256).digest()
    return f"{header}.{claims}.{_b64url(signature)}"


class NewStoreClient:
    def __init__(self, base_url: str, token_url: str, client_id: str, client_secret: str) -> None:
        self.base_url = base_url
        self.token_url = token_url
        self.client_id = client_id
        self.client_secret = client_secret
        self.session = requests.Session()

    def _token(self) -> str:
        response = self.session.post(
            self.token_url,
            data={"grant_type": "client_credentials", "client_id": self.client_id, "client_secret": self.client_secret},
            timeout=10,
        )
        response.raise_for_status()
        return str(response.json()["access_token"])

    def start_event_stream(self, stream_id: str, callback_url: str, api_key: str) -> None:
        headers = {"Authorization": f"Bearer {self._token()}"}
        url = f"{self.base_url}/api/v1/org/integrations/eventstream"
        body: dict[str, Any] = {
            "id": stream_id,
            "callback_parameters": {"callback_url": callback_url, "api_key": api_key},
            "integration_type": "permanent",
        }
        self.session.post(url, json=body, headers=headers, timeout=10).raise_for_status()
        self.session.post(f"{url}/{stream_id}/_start", headers=headers, timeout=10).raise_for_status()


@dataclass(frozen=True)
class ErpResult:
    ok: bool
    status: int | None
    detail: str = ""


class ErpClient:
    def __init__(
        self,
        base_url: str,
        token_url: str,
        client_id: str,
        client_secret: str,
        max_attempts: int = 12,
        honour_retry_after: bool = True,
    ) -> None:
        self.base_url = base_url
        self.token_url = token_url
        self.client_id = client_id
        self.client_secret = client_secret
        self.max_attempts = max_attempts
        self.honour_retry_after = honour_retry_after
        self._local = threading.local()
        self._token_lock = threading.Lock()
        self._token_value: str | None = None
        self.slots = threading.BoundedSemaphore(1)

    @property
    def session(self) -> requests.Session:
        if not hasattr(self._local, "session"):
            self._local.session = requests.Session()
        return self._local.session  # type: ignore[no-any-return]

    def _token(self, refresh: bool = False) -> str:
        with self._token_lock:
            if self._token_value is None or refresh:
                assertion = hs256_client_assertion(self.client_id, self.client_secret, self.token_url)
                response = self.session.post(
                    self.token_url,
                    data={
                        "grant_type": "client_credentials",
                        "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                        "client_assertion": assertion,
                    },
                    timeout=10,
                )
                response.raise_for_status()
                self._token_value = str(response.json()["access_token"])
            return self._token_value

    def discover_concurrency_limit(self) -> int:
        response = self.session.get(
            f"{self.base_url}/system/v1/governanceLimits", headers={"Authorization": f"Bearer {self._token()}"}, timeout=10
        )
        response.raise_for_status()
        limit = int(response.json().get("accountConcurrencyLimit", 1))
        self.slots = threading.BoundedSemaphore(max(1, limit))
        return limit

    def send(self, method: str, path: str, body: dict[str, Any] | None) -> ErpResult:
        """One logical write, retried until it lands or fails for a reason retrying cannot fix."""
        refreshed = False
        last = ErpResult(False, None, "not attempted")
        for attempt in range(1, self.max_attempts + 1):
            try:
                with self.slots:
                    response = self.session.request(
                        method,
                        f"{self.base_url}{path}",
                        json=body,
                        timeout=30,
                        headers={"Authorization": f"Bearer {self._token()}"},
                    )
            except requests.RequestException as exc:
                time.sleep(self._backoff(attempt))
                last = ErpResult(False, None, f"{type(exc).__name__}: {exc}")
                continue
            if response.status_code < 300:
                return ErpResult(True, response.status_code)
            if response.status_code == 401 and not refreshed:
                self._token(refresh=True)
                refreshed = True
                continue
            last = ErpResult(False, response.status_code, _error_detail(response))
            if response.status_code not in RETRYABLE_STATUSES:
                return last
            time.sleep(self._wait_for(response, attempt))
        return last

    def _wait_for(self, response: requests.Response, attempt: int) -> float:
        retry_after = response.headers.get("Retry-After")
        if self.honour_retry_after and retry_after is not None:
            try:
                return max(0.0, float(retry_after))
            except ValueError:
                pass
        return self._backoff(attempt)

    @staticmethod
    def _backoff(attempt: int) -> float:
        return min(5.0, 0.05 * 2.0 ** (attempt - 1))


def _error_detail(response: requests.Response) -> str:
    try:
        details = response.json().get("o:errorDetails", [])
        if details:
            return f"{details[0].get('o:errorCode')}: {details[0].get('detail')}"
    except ValueError:
        pass
    return response.text[:200]
