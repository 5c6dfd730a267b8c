"""Small hand-made traffic in the generator's shape, for the load-test unit tests."""

from __future__ import annotations

from typing import Any


def order_event(seq: int, name: str, order_id: str, channel: str = "store") -> dict[str, Any]:
    payload = {"id": order_id, "external_id": f"X-{order_id}", "channel_type": channel}
    return {
        "seq": seq,
        "at": seq / 100,
        "system": "newstore",
        "action": "publish",
        "body": {"name": name, "published_at": "", "payload": payload},
    }


def fulfilment_event(seq: int, order_id: str, request_id: str) -> dict[str, Any]:
    payload = {"id": request_id, "order_id": order_id}
    body = {"name": "fulfillment_request.items_completed", "published_at": "", "payload": payload}
    return {"seq": seq, "at": seq / 100, "system": "newstore", "action": "publish", "body": body}


def return_event(seq: int, return_id: str, order_id: str | None) -> dict[str, Any]:
    payload = {"id": return_id, "order_id": order_id}
    return {
        "seq": seq,
        "at": seq / 100,
        "system": "newstore",
        "action": "publish",
        "body": {"name": "return.processed", "published_at": "", "payload": payload},
    }


def sitoo_order(seq: int, n: int) -> dict[str, Any]:
    return {"seq": seq, "at": seq / 100, "system": "sitoo", "action": "orders", "body": {"eshopid": 1, "n": n}}


def sitoo_dayclose(seq: int) -> dict[str, Any]:
    return {"seq": seq, "at": seq / 100, "system": "sitoo", "action": "dayclose", "body": {"store_id": "s1"}}


def mixed_traffic(sales: int = 40) -> list[dict[str, Any]]:
    """In-store sales, web orders with two fulfilled lines, returns, Sitoo sales and a day close, interleaved."""
    events: list[dict[str, Any]] = []
    seq = 0

    def add(maker: Any, *args: Any) -> None:
        nonlocal seq
        seq += 1
        events.append(maker(seq, *args))

    for i in range(sales):
        add(order_event, "order.created", f"o{i}")
        if i % 4 == 1:
            add(order_event, "order.created", f"w{i}", "web")
            add(fulfilment_event, f"w{i}", f"fr{i}")
            add(fulfilment_event, f"w{i}", f"fr{i}")
            add(order_event, "order.completed", f"w{i}", "web")
        add(sitoo_order, i)
        add(order_event, "order.completed", f"o{i}")
        if i % 5 == 2:
            add(return_event, f"r{i}", f"o{i}")
        if i % 13 == 3:
            add(return_event, f"g{i}", None)
    add(sitoo_dayclose)
    return events
