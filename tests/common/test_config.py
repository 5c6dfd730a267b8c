"""A seed's config is applied all or nothing: a bad key or value changes nothing."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import pytest

from simulators.erp.config import ErpConfig
from simulators.newstore.config import NewStoreConfig
from simulators.shop.state import ShopConfig

BAD_UPDATES: list[tuple[Any, dict[str, Any]]] = [
    (ErpConfig(), {"latency_ms": 5.0, "concurrency_limit": 0}),
    (NewStoreConfig(), {"tenant": "other", "duplicate_rate": 2.0}),
    (ShopConfig(), {"currency": "EUR", "bucket_size": 0}),
    (ErpConfig(), {"latency_ms": 5.0, "no_such_key": 1}),
]


@pytest.mark.parametrize(("config", "values"), BAD_UPDATES)
def test_a_refused_update_changes_nothing(config: Any, values: dict[str, Any]) -> None:
    before = asdict(config)
    with pytest.raises((KeyError, ValueError)):
        config.update(values)
    assert asdict(config) == before


def test_a_good_update_is_applied() -> None:
    config = ErpConfig()
    config.update({"latency_ms": 5.0, "concurrency_limit": 3})
    assert (config.latency_ms, config.concurrency_limit) == (5.0, 3)
