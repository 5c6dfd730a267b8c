"""What every NetSuite record payload shares: references and the custom-field rule.

Field names are NetSuite's (camelCase). References are ``{"id": ".."}`` objects;
``refName`` and ``links`` that a client copies back from a GET are tolerated. Custom
fields (``custbody_*`` on the header, ``custcol_*`` on lines) pass through untouched,
as they do in a real account; any other unknown field is rejected. Infinite and NaN
numbers are refused, so no arithmetic downstream can blow up on them.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator

CUSTOM_FIELD_PREFIXES = ("custbody", "custcol", "custentity", "custrecord")


class Reference(BaseModel):
    """A link to another record: ``{"id": "3"}`` (``refName``/``links`` ignored)."""

    model_config = ConfigDict(extra="ignore")
    id: str | None = None
    externalId: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _numbers_are_ids(cls, value: Any) -> Any:
        if isinstance(value, dict) and isinstance(value.get("id"), int):
            return {**value, "id": str(value["id"])}
        return value


class NetSuiteRecord(BaseModel):
    """A record body or sublist line: known fields plus ``cust*`` custom fields."""

    model_config = ConfigDict(extra="allow", allow_inf_nan=False)

    @model_validator(mode="after")
    def _only_custom_extras(self) -> NetSuiteRecord:
        for name in self.model_extra or {}:
            if not name.startswith(CUSTOM_FIELD_PREFIXES):
                raise ValueError(f"unknown field name: {name}")
        return self
