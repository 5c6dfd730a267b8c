"""The NewStore simulator: OAuth2, order injection, fulfilment, returns, refunds, stock, and the event stream.

See docs/simulators/newstore.md for what is simulated and the choices made where the
vendor's documentation is silent.
"""

from .app import create_app
from .config import NewStoreConfig
from .state import NewStoreState

__all__ = ["NewStoreConfig", "NewStoreState", "create_app"]
