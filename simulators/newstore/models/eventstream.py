"""The event stream: the envelope the integration receives, registrations, admin publishing."""

from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from .common import EventName, Strict


class EventEnvelope(Strict):
    """What the integration receives: ``{"tenant","name","published_at","payload"}``."""

    tenant: str
    name: EventName
    published_at: str
    payload: dict[str, object]


def _deliverable(url: str) -> str:
    """A URL the courier can POST to: a host it can look up and a port in range (*inferred*:
    NewStore refuses a callback it could never call; accepting one would stall delivery)."""
    try:
        parts = urlsplit(url)
        _ = parts.port  # raises when the port is out of range
        if not parts.hostname:
            raise ValueError
        parts.hostname.encode("idna")
    except ValueError:  # also UnicodeError: an empty or over-long host label
        raise ValueError("callback_url needs a valid host and a port between 0 and 65535") from None
    return url


class CallbackParameters(BaseModel):
    model_config = ConfigDict(extra="allow")
    callback_url: Annotated[str, AfterValidator(_deliverable)] = Field(pattern=r"^https?://")
    api_key: str | None = None


class EventStreamRegistration(BaseModel):
    """``POST /api/v1/org/integrations/eventstream`` body."""

    model_config = ConfigDict(extra="allow")
    id: str = Field(min_length=1)
    callback_parameters: CallbackParameters
    integration_type: Literal["permanent", "temporary"] = "permanent"
    filter_conditions: list[str] | dict[str, object] | None = None


class PublishedEvent(Strict):
    """One event the harness asks the simulator to publish (admin surface)."""

    name: EventName
    published_at: str
    payload: dict[str, object]
