"""Same scenario and seed, same bytes: in this process, in another one, whatever the hash seed."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

from scenarios import generate, load_scenario
from scenarios.generator import iter_run, write_jsonl

SCENARIO = "peak-trading-day"
ROOT = Path(__file__).resolve().parents[2]


def digest(name: str, seed: int | None = None) -> str:
    run = generate(load_scenario(name), seed)
    return hashlib.sha256((run.traffic_jsonl() + "\n--\n" + run.truth_jsonl()).encode()).hexdigest()


def test_same_seed_is_byte_identical_across_processes() -> None:
    code = f"from tests.scenarios.test_determinism import digest; print(digest({SCENARIO!r}, 7))"
    outputs = [
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
            env={"PYTHONHASHSEED": hash_seed, "PATH": ""},
        ).stdout.strip()
        for hash_seed in ("1", "2")
    ]
    assert outputs[0] == outputs[1] == digest(SCENARIO, 7)


def test_different_seeds_give_different_traffic() -> None:
    assert digest("smoke", 7) != digest("smoke", 8)


def test_streaming_to_files_writes_the_same_bytes_as_generate(tmp_path: Path) -> None:
    out = tmp_path
    events, lines = write_jsonl(iter_run(load_scenario("smoke")), out / "traffic.jsonl", out / "truth.jsonl")
    run = generate(load_scenario("smoke"))
    assert (out / "traffic.jsonl").read_text() == run.traffic_jsonl()
    assert (out / "truth.jsonl").read_text() == run.truth_jsonl()
    assert (events, lines) == (len(run.traffic), len(list(run.truth.lines())))
