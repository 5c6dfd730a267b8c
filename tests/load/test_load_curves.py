"""The load shapes' user counts over time: pure arithmetic, asked at given seconds (no sleeping)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from loadtests.curves import CURVES, BlackFriday, FlashSale, NormalTradingDay, curve


def test_every_shape_is_named_and_ends_at_the_run_time() -> None:
    assert set(CURVES) == {"normal", "black-friday", "flash-sale"}
    for name in CURVES:
        shape = curve(name, 100, 60)
        assert shape.tick(59.9) is not None
        assert shape.tick(60) is None
        assert shape.users_at(120) is None


def test_black_friday_ramps_from_a_normal_level_to_at_least_ten_times_it() -> None:
    shape = BlackFriday(120, 100)
    doors = shape.users_at(0)
    assert doors == shape.users_at(9) == 10
    assert shape.users_at(30) is not None and 10 < shape.users_at(30) < 120  # type: ignore[operator]
    assert shape.users_at(50) == shape.users_at(84) == 120
    assert shape.peak_ratio() >= 10
    counts = [shape.users_at(float(t)) for t in range(0, 51)]
    assert counts == sorted(counts), "the ramp only climbs"  # type: ignore[type-var]


def test_black_friday_ramp_is_followed_by_its_spawn_rate() -> None:
    shape = BlackFriday(120, 100)
    needed = max(abs((shape.users_at(t + 1.0) or 0) - (shape.users_at(t) or 0)) for t in range(0, 98))
    assert shape.spawn_rate_at(20) >= needed


def test_flash_sale_spikes_at_once_and_falls_back() -> None:
    shape = FlashSale(50, 100)
    assert shape.users_at(10) == shape.users_at(29.9) == 5
    assert shape.users_at(30.5) == 50
    assert shape.spawn_rate_at(30.5) >= 50, "all spike users arrive within a second"
    assert shape.users_at(49.9) == 50
    assert shape.users_at(50.5) == 5
    assert shape.spawn_rate_at(50.5) >= 45, "and leave within a second"
    assert shape.users_at(90) == 5


def test_a_normal_day_peaks_at_lunch_and_never_drops_to_zero() -> None:
    shape = NormalTradingDay(40, 100)
    counts = {t: shape.users_at(float(t)) for t in range(100)}
    assert max(counts.values()) == 40 == counts[50]
    assert min(counts.values()) >= 1  # type: ignore[type-var]
    assert counts[0] < counts[50] and counts[99] < counts[50]  # type: ignore[operator]


def test_tiny_peaks_still_run_at_least_one_user() -> None:
    assert FlashSale(1, 10).users_at(0) == 1
    assert BlackFriday(3, 10).users_at(0) == 1


def test_the_given_spawn_rate_is_a_floor() -> None:
    assert NormalTradingDay(10, 100, spawn_rate=25).spawn_rate_at(10) == 25


@pytest.mark.parametrize("bad", [(0, 10), (10, 0)])
def test_a_shape_needs_users_and_time(bad: tuple[int, float]) -> None:
    with pytest.raises(ValueError):
        NormalTradingDay(*bad)


def test_unknown_shapes_are_named_in_the_error() -> None:
    with pytest.raises(ValueError, match="black-friday"):
        curve("christmas", 10, 10)


def test_the_locust_shape_classes_follow_their_curves_sized_by_locusts_options() -> None:
    """In a child process: Locust monkey-patches whatever imports it."""
    code = """
import time, types
from loadtests.shapes import SHAPES
options = types.SimpleNamespace(num_users=120, run_time=100, spawn_rate=0)
shape = SHAPES["black-friday"]()
shape.runner = types.SimpleNamespace(environment=types.SimpleNamespace(parsed_options=options))
ticks = []
for seconds in (5, 50, 99, 101):
    shape.start_time = time.perf_counter() - seconds
    tick = shape.tick()
    ticks.append(None if tick is None else tick[0])
print(ticks, sorted(SHAPES))
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=".")
    assert done.stdout.strip() == "[10, 120, 75, None] ['black-friday', 'flash-sale', 'normal']"
