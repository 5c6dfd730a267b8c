"""Scenarios: what a run simulates, and the seeded traffic and ground truth it produces.

``model`` is the YAML file format (pydantic), ``world`` is the retailer a scenario
describes (``build`` makes it; ``seeds`` derives what each simulator and the integration
are given), ``generator`` streams traffic plus ground truth (``traffic/`` is the engine,
``curve`` the shape of the day), ``truth`` is the ground truth's schema, and
``catalogue/`` holds the named scenarios (see README.md).
"""

from .catalogue import list_scenarios, load_scenario
from .generator import GeneratedRun, generate, iter_run
from .model import Scenario

__all__ = ["GeneratedRun", "Scenario", "generate", "iter_run", "list_scenarios", "load_scenario"]
