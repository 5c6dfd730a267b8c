"""The record-type registry is consistent, documented and keeps the spine's public names."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulators.erp import create_app
from simulators.erp.models import MASTER_MODELS, MASTER_TYPES, RECORD_SPECS, TRANSFORMS, WRITABLE_TYPES, SalesTransaction

DOC = Path(__file__).resolve().parents[2] / "docs" / "simulators" / "erp.md"


def test_the_spine_names_are_still_importable() -> None:
    assert WRITABLE_TYPES["salesOrder"] is SalesTransaction
    assert "location" in MASTER_TYPES and "account" in MASTER_TYPES


def test_every_reference_points_at_a_master_type_and_every_chain_link_at_a_writable_type() -> None:
    for name, spec in RECORD_SPECS.items():
        targets = [master for master, _label in spec.header_refs.values()]
        targets += [master for refs in spec.sublists.values() for master in refs.values()]
        assert set(targets) <= set(MASTER_MODELS), name
        assert set(spec.created_from) <= set(WRITABLE_TYPES), name
        assert {field for field, _label in spec.required} <= set(spec.model.model_fields), name
        assert set(spec.sublists) <= set(spec.model.model_fields), name
    for source, target in TRANSFORMS:
        assert source in RECORD_SPECS[target].created_from, f"{source} -> {target} must be a valid createdFrom"


@pytest.mark.parametrize("record_type", [*WRITABLE_TYPES, *MASTER_TYPES])
def test_every_record_type_is_documented(record_type: str) -> None:
    assert f"`{record_type}`" in DOC.read_text(encoding="utf-8")


def test_an_unknown_flavour_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown ERP flavour 'sap'"):
        create_app(flavour="sap")
