"""Shapes every NewStore model shares: event names, the strict/lenient bases, addresses."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

EventName = Literal[
    "order.created",
    "order.opened",
    "order.completed",
    "order.cancelled",
    "order.items_cancelled",
    "order.items_swapped",
    "fulfillment_request.assigned",
    "fulfillment_request.items_completed",
    "fulfillment_request.items_failed",
    "fulfillment_request.items_ready_for_handover",
    "return.processed",
    "refund_request.issued",
    "payment_account.amount_refunded",
]


# *Inferred*: NewStore documents no bound. Money an integration sends is summed in Decimal
# to the cent; beyond a trillion it is refused with a 400 rather than failing the sum.
MAX_AMOUNT = 1_000_000_000_000.0
Amount = Annotated[float, Field(ge=-MAX_AMOUNT, le=MAX_AMOUNT)]
UnsignedAmount = Annotated[float, Field(ge=0, le=MAX_AMOUNT)]


class Strict(BaseModel):
    """What NewStore sends: exactly the documented fields, nothing else."""

    model_config = ConfigDict(extra="forbid")


class Lenient(BaseModel):
    """What an integration sends: the fields we read are validated, unknown ones are kept."""

    model_config = ConfigDict(extra="allow", allow_inf_nan=False)


class Address(Strict):
    first_name: str
    last_name: str
    address_line1: str
    zip_code: str
    city: str
    state: str | None = None
    country: str
    phone: str | None = None


class ExtendedAttribute(Strict):
    name: str
    value: str
