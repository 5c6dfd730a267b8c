"""Sitoo's own additions to the ``/_sim/`` control plane: the Events SPI and POS traffic.

``POST /_sim/subscription`` sets where events go (Sitoo's SPI settings), ``DELETE``
removes it; ``POST /_sim/events`` publishes raw events; ``POST /_sim/orders`` rings up
orders as the tills would (sales and refunds: closed, paid, stock moved) and publishes
their ``order``/``add`` events; ``POST /_sim/dayclose`` closes a register's day (a Z-report
and its ``z-report`` event, see :mod:`.zreports`) or, given ``store_id``, a whole store's (plus a
store Z-report and its ``store-z-report`` event, see :mod:`.storezreports`); ``GET
/_sim/storezreports`` lists the store Z-reports (admin only: no public Sitoo REST path for them
was found). Errors here use the admin surface's ``{"error": ..}``.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify, request

from . import errors
from .models import Subscription, parse
from .state import SitooState


def sitoo_admin_blueprint(state: SitooState) -> Blueprint:
    admin = Blueprint("sitoo_admin", __name__, url_prefix="/_sim")

    @admin.errorhandler(errors.SitooError)
    def rejected(exc: errors.SitooError) -> tuple[Response, int]:
        return jsonify({"error": exc.errortext}), exc.status

    @admin.post("/subscription")
    def subscribe() -> Response:
        subscription = parse(Subscription, request.get_json(silent=True))
        state.events.subscribe(subscription)
        return jsonify({"subscribed": subscription.url})

    @admin.delete("/subscription")
    def unsubscribe() -> Response:
        state.events.subscribe(None)
        return jsonify({"subscribed": None})

    @admin.post("/events")
    def publish() -> Response:
        events = state.publish(_list_body("events"))
        return jsonify({"event_ids": [e["event_id"] for e in events], "queued": state.events.subscription is not None})

    @admin.post("/orders")
    def pos_orders() -> Response | tuple[Response, int]:
        created: list[int] = []
        for index, order in enumerate(_list_body("orders")):
            siteid = order.get("eshopid", next(iter(state.sites))) if isinstance(order, dict) else None
            try:
                if not isinstance(siteid, int):
                    raise errors.bad_request("eshopid must be an integer")
                created.append(state.add_order(siteid, order, pos=True))
            except errors.SitooError as exc:
                return jsonify({"error": f"orders[{index}]: {exc.errortext}", "orderids": created}), 400
        return jsonify({"orderids": created})

    @admin.post("/dayclose")
    def dayclose() -> Response:
        return jsonify(state.day_close(request.get_json(silent=True)))

    @admin.get("/storezreports")
    def storezreports() -> Response:
        return jsonify({"storezreports": list(state.tills.storezreports.values())})

    return admin


def _list_body(what: str) -> list[Any]:
    body = request.get_json(silent=True)
    if not isinstance(body, list):
        raise errors.bad_request(f"POST /_sim/{what} takes a JSON array")
    return body
