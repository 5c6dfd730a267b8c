"""A run's simulators share one business clock and are seeded from the scenario's world."""

from __future__ import annotations

from harness.simulator_set import RUN_SIMULATORS, Credentials, SimulatorSet
from scenarios import generate, load_scenario


def test_all_simulators_share_the_run_clock_and_are_seeded() -> None:
    run = generate(load_scenario("smoke"))
    sims = SimulatorSet().start()
    try:
        sims.seed(run, Credentials.for_seed(run.seed))
        sims.clock.set(epoch="2026-11-27T09:00:00.000Z", factor=20000.0)
        sims.clock.freeze()
        clocks = {name: sims[name].admin("GET", "clock") for name in RUN_SIMULATORS}
        nows = {c["now"] for c in clocks.values()}
        assert len(nows) == 1 and nows.pop().startswith("2026-11-27T09:00"), "one clock, at the scenario's opening"
        assert {c["factor"] for c in clocks.values()} == {20000.0}
        erp = sims["erp"].admin("GET", "state")
        assert len(erp["master"]["location"]) == len(run.world.stores)
        shop = sims["shop"].admin("GET", "state")
        assert len(shop["locations"]) == len(run.world.stores)
    finally:
        sims.stop()
