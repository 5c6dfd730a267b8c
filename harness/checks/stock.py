"""Stock: what is on hand at the end, in the ERP and on the web shop, is what the sales left.

Stock is where retries, lost events and wrong locations finally show: the website sells
the last unit twice, or the ERP says the stock is at head office. Compared:

* ``erp-quantity``: the ERP's on-hand per item and location (``GET /_sim/stock``) is not
  the truth's final quantity;
* ``shop-quantity``: the web shop's ``available`` per SKU and shop location is not the truth's;
* ``wrong-location``: an inventory adjustment line at a location the truth does not move
  that item at (e.g. head office rather than the store); ``adj-location``: its header;
* ``wrong-shop-location``: the integration changed web-shop stock of a SKU at a shop
  location where no transaction moved it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from harness.evidence import Evidence
from harness.evidence_truth import MIXED, adjustment_eid, item_locations

from .base import CheckResult, Findings, Record, count_text, quantity, record_ref, ref_id, sublist_items

NAME = "stock"
TITLE = "Final ERP on-hand and web-shop stock equal the truth, moved at the right locations"
SHOWN = 20  # transactions / requests named in one discrepancy


def check(evidence: Evidence) -> CheckResult:
    findings = Findings()
    owned = 0
    places = _Places()
    sublists = evidence.record_column("inventoryAdjustment", "inventory")  # read as columns: no record is built
    headers = evidence.record_column("inventoryAdjustment", "adjLocation")
    for truth, position in zip(evidence.truth.transactions, evidence.single_adjustments, strict=True):
        moves = truth.get("stock")
        if moves:
            if position is not None and places.same(moves, sublists[position], headers[position]):
                owned += 1  # the usual case: one adjustment, at the movements' places
            else:
                owned += _moves(evidence, findings, truth["source_id"], moves, (sublists, headers))
    if owned < len(evidence.erp_records.get("inventoryAdjustment", ())) and evidence.unowned_adjustments:
        erp_pairs = {
            (move["erp_item"], move["erp_location"])
            for truth in evidence.truth.transactions
            for move in truth.get("stock") or ()
            if move.get("adjustment_external_id")
        }
        for record in evidence.unowned_adjustments:
            _lines(evidence, findings, evidence.record_key(record), record, erp_pairs)
    _shop_locations(evidence, findings)
    checked = _final(evidence, findings)
    return findings.result(NAME, TITLE, checked)


def _moves(
    evidence: Evidence,
    findings: Findings,
    source_id: str,
    moves: Sequence[Record],
    columns: tuple[Sequence[Any], Sequence[Any]],
) -> int:
    """The transaction's adjustments move its items at its location; returns how many adjustments it has.
    (``columns``: every adjustment's ``inventory`` and ``adjLocation``: a record is built only to name it.)"""
    eid = adjustment_eid(moves)
    if eid is not None and eid is not MIXED and evidence.positions("inventoryAdjustment").get(eid) is None:
        return 0  # missing: conservation's and the final quantities'
    expected: dict[str, set[tuple[str, str]]] = {}
    for move in moves:
        move_eid, location = move.get("adjustment_external_id"), move.get("erp_location")
        if move_eid and location is not None:
            expected.setdefault(move_eid, set()).add((move["erp_item"], location))
    found = 0
    sublists, headers = columns
    for move_eid, pairs in expected.items():
        positions = evidence.record_positions("inventoryAdjustment", move_eid)
        found += bool(positions)
        for position in positions:
            if not _at_places(pairs, sublists[position], headers[position]):
                _lines(evidence, findings, source_id, evidence.erp_records["inventoryAdjustment"][position], pairs)
    return found


def _at_places(pairs: set[tuple[str, str]], sublist: Any, header_ref: Any) -> bool:
    """:func:`_lines` would name nothing: the adjustment (its ``inventory`` and ``adjLocation``) moves only at ``pairs``."""
    header = ref_id(header_ref)
    if header is not None and header not in {location for _, location in pairs}:
        return False
    return all((ref_id(line.get("item")), ref_id(line.get("location")) or header) in pairs for line in sublist_items(sublist))


class _Places:
    """Whether an adjustment's header and lines are at the movements' places, item by item in the same
    order; the (item, location) of each line worked out once per line list and header (collected
    evidence holds equal ones once). Remembered by their ids, holding them (so no other object can
    take an id while it is remembered); at most ``cap`` of them."""

    def __init__(self, cap: int = 100_000) -> None:
        self.cap = cap
        self.known: dict[tuple[int, int], tuple[_Lines, object, object]] = {}

    def same(self, moves: Sequence[Record], sublist: Any, header: Any) -> bool:
        """The adjustment with this ``inventory`` sublist and ``adjLocation`` moves at the movements' places."""
        try:  # by subscript: an adjustment with lines (the usual one) costs less
            lines = sublist["items"]
        except (KeyError, TypeError):
            lines = sublist.get("items", ()) if type(sublist) is dict else ()
        if len(lines) != len(moves):
            return False
        known = self.known.get((id(lines), id(header)))
        if known is None:
            known = (_places(lines, header), lines, header)
            if len(self.known) < self.cap:
                self.known[(id(lines), id(header))] = known
        places = known[0]
        if places is None:
            return False
        locations = item_locations(moves)
        return places[1] == locations[0][1] and places[0] == locations


_Lines = tuple[tuple[tuple[Any, Any], ...], Any] | None  # ((item id, location id) per line, header location id)


def _places(lines: Sequence[Record], header: Any) -> _Lines:
    """((item id, location id) per line, header location id); None when some reference is not a reference."""
    if type(header) is not dict:
        return None
    found = []
    for line in lines:
        item, location = line.get("item"), line.get("location") or header
        if type(item) is not dict or type(location) is not dict:
            return None
        found.append((item.get("id"), location.get("id")))
    return tuple(found), header.get("id")


def _lines(evidence: Evidence, findings: Findings, source_id: str | None, record: Record, pairs: set[tuple[str, str]]) -> None:
    """Name each line (and the header) of an adjustment at a location ``pairs`` does not hold."""
    header = ref_id(record.get("adjLocation"))
    locations = {location for _, location in pairs}
    if header is not None and header not in locations:
        findings.add(
            "adj-location",
            source_id,
            f"adjLocation {' or '.join(sorted(locations))}",
            f"adjLocation {header}",
            {"erp_record": record_ref(evidence, "inventoryAdjustment", record)} if findings.keeping else None,
        )
    for line in record.get("inventory", {}).get("items", []):
        item = ref_id(line.get("item"))
        location = ref_id(line.get("location")) or header
        if (item, location) in pairs:
            continue
        where = sorted(loc for it, loc in pairs if it == item)
        findings.add(
            "wrong-location",
            source_id,
            f"item {item} moved at location {' or '.join(where) or 'none (the truth does not move it here)'}",
            f"{count_text(quantity(line.get('adjustQtyBy')))} at location {location}",
            {"erp_record": record_ref(evidence, "inventoryAdjustment", record)} if findings.keeping else None,
        )


def _unowned_adjustments(evidence: Evidence, findings: Findings, erp_pairs: set[tuple[str, str]]) -> None:
    for record in evidence.unowned_adjustments:
        _lines(evidence, findings, evidence.record_key(record), record, erp_pairs)


def _shop_locations(evidence: Evidence, findings: Findings) -> None:
    expected = evidence.shop_moves
    for level in evidence.shop_inventory:
        key = (str(level.get("sku")), _location(level.get("location_id")))
        if key in expected:
            continue
        changes = [c for c in level.get("changes", []) if "inventory_levels/" in str(c.get("via", ""))]
        if changes:
            findings.add(
                "wrong-shop-location",
                None,
                f"no stock change for {key[0]} at shop location {key[1]}",
                f"{len(changes)} change(s), {sum(int(c.get('delta', 0)) for c in changes):+d} unit(s)",
                {"shop_journal_seqs": [evidence.shop_seq(c.get("request_id")) for c in changes[:20]]}
                if findings.keeping
                else None,
            )


def _location(value: object) -> object:
    """A shop location id as the truth writes it (an integer), whatever the evidence gives."""
    try:
        return int(str(value))
    except ValueError:
        return value


def _final(evidence: Evidence, findings: Findings) -> int:
    erp = {(str(row.get("item")), str(row.get("location"))): quantity(row.get("quantityOnHand")) for row in evidence.erp_stock}
    shop = {(str(lv.get("sku")), str(lv.get("location_id"))): quantity(lv.get("available")) for lv in evidence.shop_inventory}
    wrong: list[tuple[str, tuple[str, str], int, float]] = []
    for line in evidence.truth.stock:
        key = (str(line["item"]), str(line["location"]))
        found = (erp if line["system"] == "erp" else shop).get(key, 0.0)
        if found != line["quantity"]:
            wrong.append((line["system"], key, line["quantity"], found))
    explained = _explain(evidence, {(system, key) for system, key, _, _ in wrong}) if wrong else {}
    for system, key, want, found in wrong:
        moves = explained.get((system, key), [])
        if system == "erp":
            findings.add(
                "erp-quantity",
                moves[0]["source_id"] if len(moves) == 1 else None,
                f"{want} of item {key[0]} on hand at ERP location {key[1]}",
                count_text(found),
                {"item": key[0], "location": key[1], "transactions_not_matched": moves},
            )
        else:
            level = next((lv for lv in evidence.shop_inventory if (str(lv.get("sku")), str(lv.get("location_id"))) == key), {})
            changes = [c for c in level.get("changes", []) if "inventory_levels/" in str(c.get("via", ""))]
            findings.add(
                "shop-quantity",
                None,
                f"{want} of {key[0]} available at shop location {key[1]}",
                count_text(found),
                {
                    "sku": key[0],
                    "location": key[1],
                    "expected_moves": sum(m["quantity"] for m in moves),
                    "applied_by_integration": sum(int(c.get("delta", 0)) for c in changes),
                    "transactions": [m["source_id"] for m in moves[:SHOWN]],
                    "shop_journal_seqs": [evidence.shop_seq(c.get("request_id")) for c in changes[:SHOWN]],
                },
            )
    return len(evidence.truth.stock)


def _explain(evidence: Evidence, wanted: set[tuple[str, tuple[str, str]]]) -> dict[tuple[str, tuple[str, str]], list[Record]]:
    """Per wrong (system, pair): ERP - the transactions whose adjustment there is missing or moved
    another amount; shop - every transaction that moved stock there (capped)."""
    found: dict[tuple[str, tuple[str, str]], list[Record]] = {}
    for truth in evidence.truth.transactions:
        for move in truth.get("stock") or ():
            shop_key = ("shop", (str(move["sku"]), str(move.get("shop_location"))))
            if shop_key in wanted and len(found.setdefault(shop_key, [])) < SHOWN:
                found[shop_key].append({"source_id": truth["source_id"], "quantity": move["quantity"]})
            erp_key = ("erp", (str(move["erp_item"]), str(move.get("erp_location"))))
            eid = move.get("adjustment_external_id")
            if erp_key not in wanted or not eid:
                continue
            moved = sum(
                quantity(line.get("adjustQtyBy"))
                for record in evidence.records("inventoryAdjustment", eid)
                for line in record.get("inventory", {}).get("items", [])
                if (ref_id(line.get("item")), ref_id(line.get("location")) or ref_id(record.get("adjLocation"))) == erp_key[1]
            )
            if moved != move["quantity"] and len(found.setdefault(erp_key, [])) < SHOWN:
                found[erp_key].append(
                    {"source_id": truth["source_id"], "adjustment": eid, "expected": move["quantity"], "found": moved}
                )
    return found
