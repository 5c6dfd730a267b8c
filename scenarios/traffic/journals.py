"""Sitoo day closes and the journal entry each store Z-report implies.

Each Sitoo store's day is summed as it trades: tenders by payment name in order of first
use (as the Z-report lists them), net and VAT, refunds with their negative sign. At the
day close the expected ``journalEntry`` is: one line per tender account, the sales account
and the VAT account, each holding the day's net amount for it (sales minus refunds), on the
debit side for tenders and the credit side for sales and VAT, flipped when the net is
negative, left out when it is zero. It balances to the cent because every order's payments
equal its lines' net plus VAT. A day with no receipts expects no journal.

A store, currency or tender the mapping tables leave out sends the whole day to the
exception queue instead (``record_type`` ``journal``).
"""

from __future__ import annotations

from typing import Any

from ..money import text
from ..world import Store, World
from . import records


class DayBook:
    __slots__ = ("tenders", "net", "vat", "receipts")

    def __init__(self) -> None:
        self.tenders: dict[str, int] = {}
        self.net = 0
        self.vat = 0
        self.receipts = 0


class Journals:
    def __init__(self, world: World) -> None:
        self.world = world
        self.books: dict[tuple[int, int], DayBook] = {}
        self.lines: list[dict[str, Any]] = []  # finished journal truth, written after the transactions

    def book(self, store: Store, day: int, payments: list[tuple[str, int]], net: int, vat: int) -> None:
        book = self.books.get((store.index, day))
        if book is None:
            book = self.books[store.index, day] = DayBook()
        for method, amount in payments:
            book.tenders[method] = book.tenders.get(method, 0) + amount
        book.net += net
        book.vat += vat
        book.receipts += 1

    def close(self, store: Store, day: int, date: str, seq: int, at: float) -> None:
        book = self.books.pop((store.index, day), None)
        if book is None or not book.receipts:
            return
        world = self.world
        eid = f"Z-{store.store_id}-{date}"
        currency = world.currency(store.currency)
        tenders = {method: text(amount) for method, amount in book.tenders.items()}
        failure: tuple[str, str] | None = None
        if store.mapped_location is None:
            failure = ("location", store.store_id)
        elif not currency.mapped:
            failure = ("currency", currency.code)
        else:
            unaccounted = [m for m in book.tenders if world.payment_method(m).account_id is None]
            if unaccounted:
                failure = ("payment_method", unaccounted[0])
        line: dict[str, Any] = {
            "kind": "journal",
            "store_id": store.store_id,
            "business_day": date,
            "outcome": "erp" if failure is None else "exception",
            "record": None,
            "lines": [],
            "tenders": tenders,
            "exception": None,
            "at": at,
            "event_seq": seq,
        }
        if failure is not None:
            line["exception"] = records.exception(failure[0], failure[1], "journal")
        else:
            line["record"] = records.record(
                "journalEntry",
                eid,
                subsidiary=store.subsidiary_id,
                location=store.mapped_location,
                currency=currency.erp_id,
                tran_date=date,
            )
            entries = [
                (str(world.payment_method(m).account_id), amount, True, f"tender:{m}") for m, amount in book.tenders.items()
            ]
            entries += [(world.accounts["sales"], book.net, False, "sales"), (world.accounts["vat"], book.vat, False, "vat")]
            line["lines"] = [_journal_line(*entry) for entry in entries if entry[1] != 0]
        self.lines.append(line)


def _journal_line(account: str, amount: int, debit_side: bool, memo: str) -> dict[str, Any]:
    debit = amount if debit_side else -amount
    return {
        "account": account,
        "debit": text(debit) if debit > 0 else "0.00",
        "credit": text(-debit) if debit < 0 else "0.00",
        "memo": memo,
    }


class DayClose:
    """Owner of a store's ``dayclose`` event: the journal truth is settled when it goes out."""

    __slots__ = ("journals", "store", "day", "date", "pending")

    def __init__(self, journals: Journals, store: Store, day: int, date: str) -> None:
        self.journals = journals
        self.store = store
        self.day = day
        self.date = date
        self.pending = 0

    def emitted(self, seq: int, at: float) -> dict[str, Any] | None:
        self.pending -= 1
        self.journals.close(self.store, self.day, self.date, seq, at)
        return None
