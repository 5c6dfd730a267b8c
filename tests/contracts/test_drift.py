"""The committed schemas are exactly what the pydantic models generate."""

from __future__ import annotations

from contracts.generate import SCHEMAS_DIR, expected_files


def test_committed_schemas_match_the_models() -> None:
    stale = [
        path
        for path, text in expected_files().items()
        if not (SCHEMAS_DIR / path).is_file() or (SCHEMAS_DIR / path).read_text(encoding="utf-8") != text
    ]
    assert not stale, f"schemas drifted from the models; run `python -m contracts` and commit: {stale}"


def test_no_orphan_schema_files() -> None:
    committed = {str(p.relative_to(SCHEMAS_DIR)) for p in SCHEMAS_DIR.rglob("*.json")}
    assert committed == set(expected_files())
