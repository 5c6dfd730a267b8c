"""Settings from the environment, as the harness's integration contract defines them
(docs/integration-contract.md, "Environment"). A missing variable stops the service at
start-up with a message naming it.

Optional ``REFERENCE_*`` variables tune this integration only (the harness never sets
them): how many events each intake queue holds before its webhook answers 503 (Sitoo:
one batch, because Sitoo's own queue is the better buffer: it keeps what we push back),
and how often ERP prices are polled while the shops are trading and while they are quiet.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


class ConfigError(RuntimeError):
    pass


@dataclass(frozen=True)
class Settings:
    host: str
    port: int
    public_url: str
    newstore_base_url: str
    newstore_token_url: str
    newstore_client_id: str
    newstore_client_secret: str
    erp_base_url: str
    erp_token_url: str
    erp_client_id: str
    erp_client_secret: str
    sitoo_base_url: str
    sitoo_api_id: str
    sitoo_api_password: str
    shop_base_url: str
    shop_api_version: str
    shop_access_token: str
    exceptions_url: str
    mappings_dir: str
    newstore_queue_limit: int = 10_000
    sitoo_queue_limit: int = 10
    price_poll_busy_seconds: float = 0.3
    price_poll_quiet_seconds: float = 2.0

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if env is None else env)

        def need(name: str) -> str:
            value = env.get(name)
            if not value:
                raise ConfigError(f"environment variable {name} is not set")
            return value

        def number(name: str, default: float) -> float:
            try:
                return float(env.get(name, default))
            except ValueError:
                raise ConfigError(f"environment variable {name} must be a number") from None

        host = env.get("INTEGRATION_HOST", "127.0.0.1")
        port = int(need("INTEGRATION_PORT"))
        return cls(
            host=host,
            port=port,
            public_url=env.get("INTEGRATION_PUBLIC_URL", f"http://{host}:{port}").rstrip("/"),
            newstore_base_url=need("NEWSTORE_BASE_URL").rstrip("/"),
            newstore_token_url=need("NEWSTORE_TOKEN_URL"),
            newstore_client_id=need("NEWSTORE_CLIENT_ID"),
            newstore_client_secret=need("NEWSTORE_CLIENT_SECRET"),
            erp_base_url=need("ERP_BASE_URL").rstrip("/"),
            erp_token_url=need("ERP_TOKEN_URL"),
            erp_client_id=need("ERP_CLIENT_ID"),
            erp_client_secret=need("ERP_CLIENT_SECRET"),
            sitoo_base_url=need("SITOO_BASE_URL").rstrip("/"),
            sitoo_api_id=need("SITOO_API_ID"),
            sitoo_api_password=need("SITOO_API_PASSWORD"),
            shop_base_url=need("SHOP_BASE_URL").rstrip("/"),
            shop_api_version=env.get("SHOP_API_VERSION", "2024-10"),
            shop_access_token=need("SHOP_ACCESS_TOKEN"),
            exceptions_url=need("EXCEPTIONS_URL"),
            mappings_dir=need("MAPPINGS_DIR"),
            newstore_queue_limit=int(number("REFERENCE_NEWSTORE_QUEUE", 10_000)),
            sitoo_queue_limit=int(number("REFERENCE_SITOO_QUEUE", 10)),
            price_poll_busy_seconds=number("REFERENCE_PRICE_POLL_BUSY_SECONDS", 0.3),
            price_poll_quiet_seconds=number("REFERENCE_PRICE_POLL_QUIET_SECONDS", 2.0),
        )
