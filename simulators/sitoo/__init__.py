"""The Sitoo POS simulator, REST API v2 flavour, with its Events SPI.

Account-scoped paths ``/v2/accounts/{accountid}/...json``, HTTP Basic with an API ID,
Sitoo's list envelopes, batch writes and error bodies, an optional per-account rate
limit, and ordered, blocking event delivery to the integration. See docs/simulators/sitoo.md.
"""

from .app import create_app
from .state import SitooConfig, SitooState

__all__ = ["SitooConfig", "SitooState", "create_app"]
