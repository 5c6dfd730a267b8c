"""JSON text of traffic built from pre-encoded pieces: what makes writing JSONL cheap.

Encoding costs per byte, and most bytes of a day's traffic are NewStore orders' ``items[]``:
one entry per unit, each a copy of its unit's template (:class:`~.pricing.NewStoreUnit`)
with its own ``id``. An order's items are an :class:`Items` list, which remembers the unit
of each entry; :func:`encode_event` writes such an event with the items joined from each
unit's fields encoded once (the id prepended), and everything else by the ``json`` encoder.
A store sale's ``order.created`` and ``order.completed`` payloads share their items and
differ only in ``status``, so the payload around the items is encoded once for both and
kept on the list. The text is exactly ``json.dumps(event, separators=(",", ":"))`` (a test
holds it to that): the in-memory run and the files agree byte for byte.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from json.encoder import encode_basestring_ascii
from typing import Any, Protocol

_quote: Callable[[str], str] = encode_basestring_ascii


def _unencodable(value: Any) -> Any:
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


# ``JSONEncoder.encode`` builds a new C encoder on every call: build it once. The stream makes
# no reference cycles, so no circularity check (``markers``) either.
_c_encoder = getattr(json.encoder, "c_make_encoder", None)
_iterencode: Callable[..., Iterable[str]] = (  # (value, indent level 0)
    _c_encoder(None, _unencodable, encode_basestring_ascii, None, ":", ",", False, False, True)
    if _c_encoder is not None
    else json.JSONEncoder(separators=(",", ":")).iterencode  # pragma: no cover - CPython has the C encoder
)


def dumps(value: Any) -> str:
    """``json.dumps(value, separators=(",", ":"))``, without building an encoder per call."""
    return "".join(_iterencode(value, 0))


# Placeholders spliced over afterwards: generated text never holds control characters.
_ITEMS, _STATUS, _PAYLOAD = "\x00items\x00", "\x00status\x00", "\x00payload\x00"
_ITEMS_JSON, _STATUS_JSON, _PAYLOAD_JSON = dumps(_ITEMS), dumps(_STATUS), dumps(_PAYLOAD)
_HEAD = '{"id":""'  # how every template starts: its ``id`` first, still empty


class Encodable(Protocol):
    def item_tail(self, pending: bool) -> str:
        """The JSON of an ``items[]`` entry of this unit after its ``id``: ``,"item_type":...}``."""


def tail_of(template: dict[str, Any]) -> str:
    """A template's JSON after ``{"id":""``; the template's first key must be ``id``."""
    encoded = dumps(template)
    if not encoded.startswith(_HEAD):
        raise ValueError("an items[] template must start with an empty id")
    return encoded[len(_HEAD) :]


class Items(list[dict[str, Any]]):
    """An order's ``items[]``: plain dicts, plus the unit each entry was copied from (entry
    ``n`` is ``units[n]``'s template, pending or not, with its ``id`` set) and, once written,
    its payload's JSON, kept for the other payload holding the list. Entries are never changed
    after the list is built, and the payloads that hold one list are equal but for ``status``."""

    __slots__ = ("units", "pending", "payload")

    def __init__(self, entries: list[dict[str, Any]], units: list[Encodable], pending: bool) -> None:
        super().__init__(entries)
        self.units = units
        self.pending = pending
        self.payload: tuple[str, str] | None = None  # the payload's JSON before and after its status

    def json(self) -> str:
        """The list's JSON: each entry's id, then its unit's pre-encoded fields."""
        pending = self.pending
        entries = ['{"id":' + _quote(entry["id"]) + unit.item_tail(pending) for entry, unit in zip(self, self.units, strict=True)]
        return "[" + ",".join(entries) + "]"


def encode_event(event: dict[str, Any]) -> str:
    """One traffic event as JSON text, identical to ``dumps(event)``."""
    if event["action"] == "publish" and event["system"] == "newstore":
        body = event["body"]
        payload = body["payload"]
        items = payload.get("items")
        if type(items) is Items and len(event) == 5 and len(body) == 3:
            shape = items.payload
            if shape is None:
                copy = payload.copy()
                copy["items"] = _ITEMS
                copy["status"] = _STATUS
                before, _, after = dumps(copy).replace(_ITEMS_JSON, items.json(), 1).partition(_STATUS_JSON)
                shape = items.payload = (before, after)
            # the engine's field order: seq, at, system, action, body (name, published_at, payload)
            return (
                '{"seq":'
                + repr(event["seq"])
                + ',"at":'
                + repr(event["at"])
                + ',"system":"newstore","action":"publish","body":{"name":'
                + _quote(body["name"])
                + ',"published_at":'
                + _quote(body["published_at"])
                + ',"payload":'
                + shape[0]
                + _quote(payload["status"])
                + shape[1]
                + "}}"
            )
    return dumps(event)
