"""Every run's evidence in one SQLite file (``<artefacts_dir>/run.sqlite``), queryable afterwards.

A QA engineer opens it with ``sqlite3`` and asks what happened (which requests got a 429,
which ERP record came from which journal entry); ``pos-harness report RUN`` re-renders
every report from it alone. The schema is documented in docs/report-formats.md and
versioned by ``STORE_VERSION`` in the ``meta`` table. The file is written once, in one
transaction, to a temporary name that is renamed into place, so a reader never sees a
half-written run.
"""

from __future__ import annotations

import dataclasses
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from .report.inputs import EvidenceLike, RunLike
from .report.json_report import to_dict
from .report.series import Series, compute

STORE_VERSION = 1
FILE_NAME = "run.sqlite"

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE run (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    scenario TEXT NOT NULL, seed INTEGER NOT NULL, integration TEXT NOT NULL,
    verdict TEXT NOT NULL CHECK (verdict IN ('pass', 'fail')), exit_code INTEGER NOT NULL, settled INTEGER NOT NULL,
    started_at TEXT, started_wall REAL, drive_seconds REAL, settle_seconds REAL, total_seconds REAL,
    traffic_events INTEGER, replay TEXT NOT NULL, artefacts_dir TEXT, report_json TEXT NOT NULL
);
CREATE TABLE checks (
    position INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, title TEXT, passed INTEGER NOT NULL, checked INTEGER,
    discrepancies INTEGER, omitted INTEGER, counts_json TEXT, metrics_json TEXT, notes_json TEXT
);
CREATE TABLE discrepancies (
    check_name TEXT NOT NULL, position INTEGER NOT NULL, kind TEXT, source_id TEXT, expected TEXT, found TEXT,
    evidence_json TEXT, PRIMARY KEY (check_name, position)
);
CREATE TABLE traffic (seq INTEGER PRIMARY KEY, at REAL, system TEXT, action TEXT, body_json TEXT);
CREATE TABLE publish_times (seq INTEGER PRIMARY KEY, published_at REAL NOT NULL);
CREATE TABLE truth (position INTEGER PRIMARY KEY, kind TEXT NOT NULL, source_id TEXT, json TEXT NOT NULL);
CREATE TABLE journal (
    simulator TEXT NOT NULL, seq INTEGER NOT NULL, started_at REAL, duration_ms REAL, method TEXT, path TEXT,
    query TEXT, status INTEGER, notes TEXT, json TEXT NOT NULL, PRIMARY KEY (simulator, seq)
);
CREATE TABLE exceptions (
    position INTEGER PRIMARY KEY, source_system TEXT, record_type TEXT, source_id TEXT, field TEXT, value TEXT,
    reason TEXT, json TEXT NOT NULL
);
CREATE TABLE erp_records (type TEXT NOT NULL, id TEXT NOT NULL, external_id TEXT, json TEXT NOT NULL, PRIMARY KEY (type, id));
CREATE TABLE snapshots (name TEXT PRIMARY KEY, json TEXT NOT NULL);
CREATE TABLE series (name TEXT NOT NULL, t REAL NOT NULL, value REAL NOT NULL);
CREATE INDEX journal_status ON journal (simulator, status);
CREATE INDEX journal_started ON journal (simulator, started_at);
CREATE INDEX truth_source ON truth (source_id);
CREATE INDEX erp_records_external ON erp_records (external_id);
CREATE INDEX discrepancies_source ON discrepancies (source_id);
CREATE INDEX series_name ON series (name, t);
"""
# Evidence fields stored in tables of their own.
_TABLED = frozenset({"truth", "started_wall", "publish_times", "journals", "exceptions", "erp_records"})


@dataclasses.dataclass(frozen=True)
class StoredRun:
    """What the renderers need, read back from a run's SQLite file."""

    path: Path
    report: dict[str, Any]
    series: Series | None


def _json(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), default=_plain)


def _plain(value: Any) -> Any:
    """What JSON cannot write as it is: evidence held as columns (a read-only sequence of dicts, such as a
    level's stock changes or the deliveries) as the list it reads as; anything else as its str."""
    if isinstance(value, Sequence) and not isinstance(value, str | bytes):
        return list(value)
    return str(value)


def _truth_source_id(line: Mapping[str, Any]) -> str | None:
    kind = line.get("kind")
    if kind == "transaction":
        return str(line.get("source_id"))
    if kind == "journal":
        return f"Z-{line.get('store_id')}-{line.get('business_day')}"
    if kind == "stock":
        return f"{line.get('system')}:{line.get('item')}@{line.get('location')}"
    return None


def _truth_lines(evidence: EvidenceLike) -> Iterator[Mapping[str, Any]]:
    truth = evidence.truth
    yield from truth.transactions
    yield from truth.journals
    yield from truth.stock
    if truth.summary:
        yield truth.summary


def _save_report(db: sqlite3.Connection, report: Mapping[str, Any], evidence: EvidenceLike | None) -> None:
    timing = report["timing"]
    db.execute(
        "INSERT INTO run VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            report["scenario"],
            report["seed"],
            report["integration"],
            report["verdict"],
            report["exit_code"],
            int(report["settled"]),
            timing["started_at"],
            evidence.started_wall if evidence else None,
            timing["drive_seconds"],
            timing["settle_seconds"],
            timing["total_seconds"],
            report["traffic_events"],
            report["replay"],
            report["artefacts_dir"],
            _json(report),
        ),
    )
    checks = report["checks"]
    db.executemany(
        "INSERT INTO checks VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            (
                i,
                c["name"],
                c["title"],
                int(c["passed"]),
                c["checked"],
                c["discrepancy_count"],
                c["omitted"],
                _json(c["counts"]),
                _json(c["metrics"]),
                _json(c["notes"]),
            )
            for i, c in enumerate(checks)
        ),
    )
    db.executemany(
        "INSERT INTO discrepancies VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            (c["name"], i, d["kind"], d["source_id"], d["expected"], d["found"], _json(d["evidence"]))
            for c in checks
            for i, d in enumerate(c["discrepancies"])
        ),
    )


def _snapshots(evidence: EvidenceLike) -> dict[str, Any]:
    """Evidence with no table of its own (ERP stock, shop inventory, deliveries, and any field added later)."""
    snapshots = {"erp_stock": evidence.erp_stock, "shop_inventory": evidence.shop_inventory, "deliveries": evidence.deliveries}
    if dataclasses.is_dataclass(evidence):
        for f in dataclasses.fields(evidence):
            if f.name not in _TABLED and f.name not in snapshots:
                snapshots[f.name] = getattr(evidence, f.name)
    return snapshots


def _save_evidence(db: sqlite3.Connection, evidence: EvidenceLike) -> None:
    db.executemany("INSERT INTO publish_times VALUES (?, ?)", sorted(evidence.publish_times.items()))
    db.executemany(
        "INSERT INTO truth VALUES (?, ?, ?, ?)",
        ((i, line.get("kind"), _truth_source_id(line), _json(line)) for i, line in enumerate(_truth_lines(evidence))),
    )
    db.executemany(
        "INSERT INTO journal VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            (
                name,
                e.get("seq"),
                e.get("started_at"),
                e.get("duration_ms"),
                e.get("method"),
                e.get("path"),
                e.get("query"),
                e.get("status"),
                "; ".join(e.get("notes", [])),
                _json(e),
            )
            for name, entries in sorted(evidence.journals.items())
            for e in entries
        ),
    )
    db.executemany(
        "INSERT INTO exceptions VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            (
                i,
                x.get("source_system"),
                x.get("record_type"),
                x.get("source_id"),
                x.get("field"),
                x.get("value"),
                x.get("reason"),
                _json(x),
            )
            for i, x in enumerate(evidence.exceptions)
        ),
    )
    db.executemany(
        "INSERT OR REPLACE INTO erp_records VALUES (?, ?, ?, ?)",
        (
            (kind, str(r.get("id")), r.get("externalId"), _json(r))
            for kind, records in sorted(evidence.erp_records.items())
            for r in records
        ),
    )
    db.executemany("INSERT INTO snapshots VALUES (?, ?)", ((k, _json(v)) for k, v in _snapshots(evidence).items()))


def _save_series(db: sqlite3.Connection, series: Series) -> None:
    db.execute("INSERT INTO meta VALUES ('series_started', ?)", (repr(series.started),))
    db.executemany(
        "INSERT INTO series VALUES (?, ?, ?)",
        ((name, t, v) for name, values in series.per_second.items() for t, v in enumerate(values)),
    )
    db.executemany("INSERT INTO series VALUES ('stock_latency', ?, ?)", series.stock_latency)


def _save_traffic(db: sqlite3.Connection, traffic: Iterable[Mapping[str, Any]]) -> None:
    db.executemany(
        "INSERT INTO traffic VALUES (?, ?, ?, ?, ?)",
        ((t["seq"], t.get("at"), t.get("system"), t.get("action"), _json(t.get("body"))) for t in traffic),
    )


def save_run(
    result: RunLike,
    path: Path | None = None,
    *,
    traffic: Iterable[Mapping[str, Any]] = (),
    report: Mapping[str, Any] | None = None,
) -> Path:
    """Write ``result`` (its report, its evidence, the traffic sent) to ``path`` (default
    ``<artefacts_dir>/run.sqlite``), replacing any earlier file; returns the path."""
    path = path if path is not None else Path(result.artefacts_dir) / FILE_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    report = report if report is not None else to_dict(result)
    evidence = result.evidence
    db = sqlite3.connect(partial)
    try:
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        with db:
            db.executescript(SCHEMA)
            db.execute("INSERT INTO meta VALUES ('store_version', ?)", (str(STORE_VERSION),))
            _save_report(db, report, evidence)
            _save_traffic(db, traffic)
            if evidence is not None:
                _save_evidence(db, evidence)
                _save_series(db, compute(evidence))
    finally:
        db.close()
    os.replace(partial, path)
    return path


def run_file(run: Path) -> Path:
    """The SQLite file of ``run``: the file itself, or ``run.sqlite`` inside a run directory."""
    return run / FILE_NAME if run.is_dir() else run


class StoreError(Exception):
    """The file is not a readable pos-harness run store."""


def _load_series(db: sqlite3.Connection) -> Series | None:
    started = db.execute("SELECT value FROM meta WHERE key = 'series_started'").fetchone()
    if started is None:
        return None
    per_second: dict[str, list[int]] = {}
    latency: list[tuple[float, float]] = []
    for name, t, value in db.execute("SELECT name, t, value FROM series ORDER BY name, t"):
        if name == "stock_latency":
            latency.append((float(t), float(value)))
        else:
            per_second.setdefault(name, []).append(int(value))
    return Series(started=float(started[0]), per_second=per_second, stock_latency=latency)


def load_run(run: Path) -> StoredRun:
    """Read back what :func:`save_run` wrote: the report dict and the time series."""
    path = run_file(Path(run))
    if not path.is_file():
        raise StoreError(f"no run store at {path}")
    db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        version = db.execute("SELECT value FROM meta WHERE key = 'store_version'").fetchone()
        if version is None:
            raise StoreError(f"{path} is not a pos-harness run store (no store_version)")
        if int(version[0]) > STORE_VERSION:
            raise StoreError(f"{path} was written by a newer pos-harness (store version {version[0]})")
        (report_json,) = db.execute("SELECT report_json FROM run WHERE id = 1").fetchone()
        return StoredRun(path, json.loads(report_json), _load_series(db))
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path} is not a pos-harness run store: {exc}") from None
    finally:
        db.close()
