"""The event stream: the envelope the integration receives, registrations, admin publishing."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .common import EventName, Strict


class EventEnvelope(Strict):
    """What the integration receives: ``{"tenant","name","published_at","payload"}``."""

    tenant: str
    name: EventName
    published_at: str
    payload: dict[str, object]


class CallbackParameters(BaseModel):
    model_config = ConfigDict(extra="allow")
    callback_url: str = Field(pattern=r"^https?://")
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
