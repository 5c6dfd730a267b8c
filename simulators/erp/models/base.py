"""What every NetSuite record payload shares: references and the custom-field rule.

Field names are NetSuite's (camelCase). References are ``{"id": ".."}`` objects;
``refName`` and ``links`` that a client copies back from a GET are tolerated. Custom
fields (``custbody_*`` on the header, ``custcol_*`` on lines) pass through untouched,
as they do in a real account; any other unknown field is rejected. Infinite and NaN
numbers are refused, so no arithmetic downstream can blow up on them.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, WithJsonSchema, model_validator

CUSTOM_FIELD_PREFIXES = ("custbody", "custcol", "custentity", "custrecord")
# Dates are ASCII: a JSON Schema ``\d`` is ASCII, a pydantic (Rust) ``\d`` any Unicode digit.
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
# What a request may send as an id: a string or an integer (never a boolean); stored as a string.
InternalId = Annotated[
    str | None, WithJsonSchema({"anyOf": [{"type": "string"}, {"type": "integer"}, {"type": "null"}]}, mode="validation")
]


class Reference(BaseModel):
    """A link to another record: ``{"id": "3"}`` (``refName``/``links`` ignored)."""

    model_config = ConfigDict(extra="ignore")
    id: InternalId = None
    externalId: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _numbers_are_ids(cls, value: Any) -> Any:
        if isinstance(value, dict) and isinstance(value.get("id"), int) and not isinstance(value["id"], bool):
            return {**value, "id": str(value["id"])}
        return value


class NetSuiteRecord(BaseModel):
    """A record body or sublist line: known fields plus ``cust*`` custom fields.

    Its JSON Schema says so (``patternProperties`` for the custom prefixes, nothing else).
    Bodies are validated strictly (:func:`simulators.erp.validation.parse`): a number
    sent as a string is refused, as the schema says, rather than coerced.
    """

    model_config = ConfigDict(
        extra="allow",
        allow_inf_nan=False,
        json_schema_extra={
            "patternProperties": {f"^(?:{'|'.join(CUSTOM_FIELD_PREFIXES)})": {}},
            "additionalProperties": False,
        },
    )

    @model_validator(mode="after")
    def _only_custom_extras(self) -> NetSuiteRecord:
        for name in self.model_extra or {}:
            if not name.startswith(CUSTOM_FIELD_PREFIXES):
                raise ValueError(f"unknown field name: {name}")
        return self
