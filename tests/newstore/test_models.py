"""The payload models: one per event name, the documented field names, importable as before."""

from __future__ import annotations

from typing import get_args

import pytest
from pydantic import BaseModel, ValidationError

from simulators.newstore import models
from simulators.newstore.models import EVENT_PAYLOADS, EventName


def test_every_event_name_has_a_payload_model() -> None:
    assert set(EVENT_PAYLOADS) == set(get_args(EventName))


@pytest.mark.parametrize(
    "model, fields",
    [
        (
            models.ReturnProcessedPayload,
            "id order_id returned_at total_refund_amount total_refund_excl_tax total_refund_tax return_fee currency "
            "return_location_id customer_id items external_order_id",
        ),
        (
            models.ReturnItem,
            "id product_id quantity refund_amount refund_excl_tax refund_tax item_condition return_reason return_code",
        ),
        (models.FulfillmentRequestPayload, "id order_id logical_timestamp fulfillment_location_id service_level items"),
        (models.RefundRequestIssuedPayload, "id order_id payment_account_id amount currency requested_at reason_code"),
        (
            models.StockedProduct,
            "sku product_id atp on_hand allocations safety_stock fulfillment_node_id price currency",
        ),
        (models.Payment, "processor correlation_ref type amount method processed_at"),
    ],
)
def test_documented_field_names(model: type[BaseModel], fields: str) -> None:
    assert list(model.model_fields) == fields.split()


def test_the_spine_names_stay_importable() -> None:
    for name in ("OrderPayload", "EventEnvelope", "EventStreamRegistration", "PublishedEvent", "OrderItem", "Payment"):
        assert isinstance(getattr(models, name), type)


def test_outgoing_payloads_refuse_unknown_fields_and_incoming_bodies_keep_them() -> None:
    with pytest.raises(ValidationError):
        models.FulfillmentItem.model_validate({"id": "i", "product_id": "p", "sku": "x"})
    rejection = models.Rejection.model_validate({"rejection_reason": "cannot_fulfill", "note": "kept"})
    assert rejection.model_dump()["note"] == "kept"
