"""The scenario file format: defaults, validation, and the catalogue loader."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from scenarios.catalogue import ScenarioError, list_scenarios, load_scenario
from scenarios.model import Scenario


def test_a_scenario_needs_only_a_name_and_a_description() -> None:
    scenario = Scenario.model_validate({"name": "x", "description": "d"})
    assert scenario.traffic.sales == 300 and scenario.world.store_count == 4


def test_scenario_files_reject_unknown_keys() -> None:
    with pytest.raises(ValidationError):
        Scenario.model_validate({"name": "x", "description": "d", "traffic": {"sailes": 3}})


@pytest.mark.parametrize(
    ("world", "message"),
    [
        ({"stores": {"XX": {"newstore": 1}}}, "unknown countries"),
        ({"stores": {"US": {"sitoo": 1}}}, "Sitoo stores are VAT stores"),
        ({"unmapped": {"stores": [9]}}, "outside 1..4"),
        ({"unmapped": {"payment_methods": ["klarna"]}}, "not in payment_methods"),
        ({"unmapped": {"currencies": ["SEK"]}}, "among the world's currencies"),
        ({"payment_methods": {"card": {"weight": 1, "pos": ["sitoo"]}}}, "gives newstore tills no tender"),
    ],
)
def test_world_specs_that_cannot_be_built_are_refused(world: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Scenario.model_validate({"name": "x", "description": "d", "world": world})


def test_faults_are_checked_against_the_fault_rule_model() -> None:
    with pytest.raises(ValidationError, match="outage needs duration_s"):
        Scenario.model_validate(
            {"name": "x", "description": "d", "faults": [{"at": "12:00", "rule": {"path": "/x", "kind": "outage"}}]}
        )


def test_timed_items_must_fall_within_the_scenario_days() -> None:
    with pytest.raises(ValidationError, match="day after the last"):
        Scenario.model_validate({"name": "x", "description": "d", "traffic": {"price_changes": [{"at": "12:00", "day": 2}]}})


def test_unknown_scenario_names_the_catalogue() -> None:
    with pytest.raises(ScenarioError, match="catalogue: .*smoke"):
        load_scenario("no-such-scenario")


@pytest.mark.parametrize("name", list_scenarios())
def test_every_catalogue_file_loads_and_says_what_it_reproduces(name: str) -> None:
    scenario = load_scenario(name)
    assert scenario.name == name
    assert len(scenario.description.split()) >= 15, "say in plain words what the scenario reproduces"
    assert len(scenario.expectations.split()) >= 15, "say in plain words what a correct integration must do"


def test_the_catalogue_covers_every_failure_the_brief_names() -> None:
    assert {
        "smoke",
        "unmapped-payment-method",
        "unmapped-currency",
        "unmapped-tax-code",
        "unmapped-store-location",
        "relocated-store-location",
        "return-in-another-store",
        "gift-return-no-order",
        "ghost-order",
        "split-fulfilment",
        "webhook-storm-at-peak",
        "erp-rate-limit-at-peak",
        "erp-outage-midday",
        "duplicate-webhooks",
        "out-of-order-events",
        "slow-erp",
        "price-update-race",
        "last-unit-race",
        "day-close-z-report",
        "peak-trading-day",
    } <= set(list_scenarios())
