"""The bank of faulty variants is data the self-test runs: keep it complete and honest.

Each variant is the reference with its bug switched on (a ``Behaviour`` field or two,
never a copy of the code), names catalogue scenarios that expose it and the check that
must then fail. Whether that check really fails is the detection matrix's job
(``tests/e2e/test_detection_matrix.py``); here the table itself is checked.
"""

from __future__ import annotations

from dataclasses import fields

import pytest

from examples.reference_integration.__main__ import main
from examples.reference_integration.behaviour import Behaviour
from examples.reference_integration.variants import REFERENCE, VARIANTS, Variant
from harness.checks import ALL_CHECKS
from scenarios.catalogue import list_scenarios

BUGS = [v for v in VARIANTS.values() if v.name != "reference"]
TWO_SWITCHES = {"double-post"}  # posting on both events only doubles records written without an external id


def switched(variant: Variant) -> set[str]:
    return {f.name for f in fields(Behaviour) if getattr(variant.behaviour, f.name) != getattr(REFERENCE, f.name)}


def test_the_reference_is_the_default_behaviour_and_names_no_bug() -> None:
    reference = VARIANTS["reference"]
    assert reference.behaviour == Behaviour() and not reference.exposed_by and not reference.caught_by


def test_there_are_at_least_fifteen_bugs_each_keyed_by_its_name() -> None:
    assert len(BUGS) >= 15
    assert all(name == variant.name for name, variant in VARIANTS.items())


@pytest.mark.parametrize("variant", BUGS, ids=lambda v: v.name)
def test_each_bug_is_one_switch_away_from_the_reference(variant: Variant) -> None:
    assert len(switched(variant)) == (2 if variant.name in TWO_SWITCHES else 1), switched(variant)


def test_no_two_bugs_are_the_same_switch() -> None:
    behaviours = [v.behaviour for v in BUGS]
    assert len(set(map(repr, behaviours))) == len(behaviours)


@pytest.mark.parametrize("variant", BUGS, ids=lambda v: v.name)
def test_each_bug_names_real_scenarios_and_a_real_check(variant: Variant) -> None:
    assert variant.description and variant.exposed_by
    assert set(variant.exposed_by) <= set(list_scenarios())
    assert variant.caught_by in ALL_CHECKS


def test_the_command_line_lists_every_variant(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--list-variants"]) == 0
    listed = [line.split()[0] for line in capsys.readouterr().out.splitlines()]
    assert listed == list(VARIANTS)
