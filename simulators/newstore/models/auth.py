"""The identity provider's token request (Keycloak, client credentials grant)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict


class TokenRequest(BaseModel):
    """``POST /auth/realms/{tenant}/protocol/openid-connect/token`` form body. The client
    may send its credentials with HTTP Basic instead of ``client_id``/``client_secret``;
    other fields are ignored, as Keycloak ignores them."""

    model_config = ConfigDict(extra="allow")
    grant_type: Literal["client_credentials"]
    client_id: str | None = None
    client_secret: str | None = None
    scope: str | None = None
