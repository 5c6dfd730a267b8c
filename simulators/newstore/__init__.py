"""The NewStore simulator: OAuth2 tokens, orders, and the event stream (webhooks).

See docs/simulators/newstore.md for what is simulated and the choices made where the
vendor's documentation is silent.
"""

from .app import create_app
from .state import NewStoreConfig, NewStoreState

__all__ = ["NewStoreConfig", "NewStoreState", "create_app"]
