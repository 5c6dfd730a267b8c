"""The named scenarios shipped in ``scenarios/catalogue/*.yaml``, and loading by name or path."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import ValidationError

from .model import Scenario

CATALOGUE_DIR = Path(__file__).parent / "catalogue"


class ScenarioError(ValueError):
    """A scenario that does not exist or does not validate, with a message for people."""


def list_scenarios() -> list[str]:
    return sorted(p.stem for p in CATALOGUE_DIR.glob("*.yaml"))


def load_scenario(name_or_path: str) -> Scenario:
    path = Path(name_or_path)
    if not path.suffix:
        path = CATALOGUE_DIR / f"{name_or_path}.yaml"
    if not path.is_file():
        known = ", ".join(list_scenarios())
        raise ScenarioError(f"no scenario {name_or_path!r} (catalogue: {known})")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return Scenario.model_validate(data)
    except (yaml.YAMLError, ValidationError) as exc:
        raise ScenarioError(f"scenario {path} is not valid:\n{exc}") from None
