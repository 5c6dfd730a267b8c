"""Generated runs shared by the scenario tests, built once per test session."""

from __future__ import annotations

from functools import cache

from scenarios import GeneratedRun, generate, load_scenario


@cache
def run_of(name: str, seed: int | None = None) -> GeneratedRun:
    return generate(load_scenario(name), seed)
