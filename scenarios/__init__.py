"""Scenarios: what a run simulates, and the seeded traffic and ground truth it produces.

``model`` is the YAML file format (pydantic), ``world`` builds the retailer a scenario
describes, ``generator`` turns a scenario and a seed into traffic plus ground truth, and
``catalogue/`` holds the named scenarios.
"""

from .catalogue import list_scenarios, load_scenario
from .generator import GeneratedRun, generate
from .model import Scenario

__all__ = ["GeneratedRun", "Scenario", "generate", "list_scenarios", "load_scenario"]
