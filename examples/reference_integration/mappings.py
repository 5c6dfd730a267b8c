"""Cross-reference tables, Patchworks style: one CSV per table, ``left_value,right_value``."""

from __future__ import annotations

import csv
from pathlib import Path


class CrossReference:
    def __init__(self, tables: dict[str, dict[str, str]]) -> None:
        self.tables = tables

    @classmethod
    def load(cls, directory: str | Path) -> CrossReference:
        tables: dict[str, dict[str, str]] = {}
        for path in sorted(Path(directory).glob("*.csv")):
            with path.open(newline="", encoding="utf-8") as fh:
                tables[path.stem] = {row["left_value"]: row["right_value"] for row in csv.DictReader(fh)}
        return cls(tables)

    def lookup(self, table: str, value: str) -> str | None:
        return self.tables.get(table, {}).get(value)
