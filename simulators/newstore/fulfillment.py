"""Fulfillment requests: assigned to a node, acknowledged, rejected or shipped parcel by parcel.

Each shipment line item is one parcel and publishes one
``fulfillment_request.items_completed`` (NewStore: "a separate event for each line item
that is marked as shipped"). When every request of an order is shipped, the order
completes and ``order.completed`` follows. The caller holds the state lock.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from . import errors
from .inventory import Inventory
from .models import (
    FulfillmentItem,
    FulfillmentItemsFailedPayload,
    FulfillmentRequestPayload,
    PublishedEvent,
    Rejection,
    Shipment,
)
from .orders import OrderBook, units
from .responses import Parcel

Emit = Callable[[str, BaseModel | dict[str, Any]], None]
OPEN = ("assigned", "acknowledged", "partially_shipped")


@dataclass
class Unit:
    id: str
    product_id: str
    sku: str
    status: str = "open"  # open | shipped | failed

    def matches(self, product_id: str) -> bool:
        return self.status == "open" and product_id in (self.product_id, self.sku)


@dataclass
class FulfillmentRequest:
    id: str
    order_id: str
    fulfillment_location_id: str
    service_level: str
    units: list[Unit]
    status: str = "assigned"
    logical_timestamp: int = 0
    shipments: list[dict[str, Any]] = field(default_factory=list)

    def payload(self, units: list[Unit], rejection_reason: str | None = None) -> FulfillmentRequestPayload:
        self.logical_timestamp += 1
        fields: dict[str, Any] = {
            "id": self.id,
            "order_id": self.order_id,
            "logical_timestamp": self.logical_timestamp,
            "fulfillment_location_id": self.fulfillment_location_id,
            "service_level": self.service_level,
            "items": [FulfillmentItem(id=u.id, product_id=u.product_id) for u in units],
        }
        if rejection_reason is not None:
            return FulfillmentItemsFailedPayload(**fields, rejection_reason=rejection_reason)
        return FulfillmentRequestPayload(**fields)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "order_id": self.order_id,
            "fulfillment_location_id": self.fulfillment_location_id,
            "service_level": self.service_level,
            "status": self.status,
            "logical_timestamp": self.logical_timestamp,
            "items": [{"id": u.id, "product_id": u.product_id, "status": u.status} for u in self.units],
            "shipments": list(self.shipments),
        }


class FulfillmentDesk:
    def __init__(self, orders: OrderBook, inventory: Inventory, emit: Emit) -> None:
        self.orders = orders
        self.inventory = inventory
        self.emit = emit
        self.requests: dict[str, FulfillmentRequest] = {}

    def assign(self, request_id: str, order_id: str, node: str, service_level: str, units: list[Unit]) -> FulfillmentRequest:
        request = FulfillmentRequest(request_id, order_id, node, service_level, units)
        self.requests[request_id] = request
        for unit in units:
            self.inventory.allocate(node, unit.product_id)
        self.emit("fulfillment_request.assigned", request.payload(units))
        return request

    def get(self, request_id: str) -> FulfillmentRequest:
        request = self.requests.get(request_id)
        if request is None:
            raise errors.not_found(f"Fulfillment request {request_id}")
        return request

    def _open(self, request_id: str, action: str) -> FulfillmentRequest:
        request = self.get(request_id)
        if request.status not in OPEN:
            raise errors.conflict(f"Fulfillment request {request_id} is {request.status}; it cannot be {action}.")
        return request

    def acknowledge(self, request_id: str) -> FulfillmentRequest:
        request = self._open(request_id, "acknowledged")
        if request.status == "assigned":
            request.status = "acknowledged"
        return request

    def reject(self, request_id: str, rejection: Rejection) -> FulfillmentRequest:
        request = self._open(request_id, "rejected")
        open_units = [u for u in request.units if u.status == "open"]
        if rejection.rejection_reason == "no_inventory":
            if not rejection.missing_product_ids:
                raise errors.bad_request("missing_product_ids is required when rejection_reason is no_inventory.")
            unknown = [p for p in rejection.missing_product_ids if not any(u.matches(p) for u in open_units)]
            if unknown:
                raise errors.bad_request(f"Products not open in fulfillment request {request_id}: {', '.join(unknown)}.")
            failed = [u for u in open_units if any(u.matches(p) for p in rejection.missing_product_ids)]
        else:
            failed = open_units
        for unit in open_units:
            self.inventory.release(request.fulfillment_location_id, unit.product_id)
        for unit in failed:
            unit.status = "failed"
        request.status = "rejected"
        self.emit("fulfillment_request.items_failed", request.payload(failed, rejection.rejection_reason))
        return request

    def ship(self, request_id: str, shipment: Shipment) -> FulfillmentRequest:
        request = self._open(request_id, "shipped")
        parcels: list[list[Unit]] = []
        claimed: set[str] = set()
        for line in shipment.line_items:  # validate every parcel before changing anything
            parcel = []
            for product_id in line.product_ids:
                unit = next((u for u in request.units if u.id not in claimed and u.matches(product_id)), None)
                if unit is None:
                    raise errors.bad_request(f"Product {product_id} has no open unit in fulfillment request {request_id}.")
                claimed.add(unit.id)
                parcel.append(unit)
            parcels.append(parcel)
        for line, parcel in zip(shipment.line_items, parcels, strict=True):
            for unit in parcel:
                unit.status = "shipped"
                self.inventory.ship(request.fulfillment_location_id, unit.product_id)
            shipped = Parcel(
                tracking_code=line.shipment.tracking_code, carrier=line.shipment.carrier, item_ids=[u.id for u in parcel]
            )
            request.shipments.append(shipped.model_dump(mode="json"))  # what the parcel is, not what else was sent
            self.emit("fulfillment_request.items_completed", request.payload(parcel))
        done = all(u.status == "shipped" for u in request.units)
        request.status = "completed" if done else "partially_shipped"
        if done:
            self._complete_order(request.order_id)
        return request

    def _complete_order(self, order_id: str) -> None:
        mine = [r for r in self.requests.values() if r.order_id == order_id]
        order = self.orders.by_id(order_id)
        if order is None or not all(r.status == "completed" for r in mine):
            return
        shipped = {u.id for r in mine for u in r.units}
        for item in units(order):
            if item.get("id") in shipped:
                item["status"] = "completed"
        self.emit("order.completed", self.orders.set_status(order_id, "completed"))

    def apply(self, event: PublishedEvent) -> None:
        """A ``fulfillment_request.assigned`` the harness published becomes a request to act on."""
        if event.name != "fulfillment_request.assigned":
            return
        try:
            payload = FulfillmentRequestPayload.model_validate(event.payload)
        except ValidationError:
            return
        units = [Unit(i.id, i.product_id, self.inventory.sku_of(i.product_id)) for i in payload.items]
        request = FulfillmentRequest(payload.id, payload.order_id, payload.fulfillment_location_id, payload.service_level, units)
        request.logical_timestamp = payload.logical_timestamp
        self.requests[payload.id] = request
        for unit in units:
            self.inventory.allocate(request.fulfillment_location_id, unit.product_id)
