"""Settings from the environment, as the harness's integration contract defines them
(docs/integration-contract.md). A missing variable stops the service at start-up with a
message naming it."""

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
    exceptions_url: str
    mappings_dir: str

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if env is None else env)

        def need(name: str) -> str:
            value = env.get(name)
            if not value:
                raise ConfigError(f"environment variable {name} is not set")
            return value

        host = env.get("INTEGRATION_HOST", "127.0.0.1")
        port = int(need("INTEGRATION_PORT"))
        return cls(
            host=host,
            port=port,
            public_url=env.get("INTEGRATION_PUBLIC_URL", f"http://{host}:{port}"),
            newstore_base_url=need("NEWSTORE_BASE_URL").rstrip("/"),
            newstore_token_url=need("NEWSTORE_TOKEN_URL"),
            newstore_client_id=need("NEWSTORE_CLIENT_ID"),
            newstore_client_secret=need("NEWSTORE_CLIENT_SECRET"),
            erp_base_url=need("ERP_BASE_URL").rstrip("/"),
            erp_token_url=need("ERP_TOKEN_URL"),
            erp_client_id=need("ERP_CLIENT_ID"),
            erp_client_secret=need("ERP_CLIENT_SECRET"),
            exceptions_url=need("EXCEPTIONS_URL"),
            mappings_dir=need("MAPPINGS_DIR"),
        )
