"""The ERP simulator, NetSuite SuiteTalk REST flavour.

Record API under ``/services/rest/record/v1``, OAuth 2.0 client-credentials tokens,
external-id upserts, reference validation against the ERP's own master data, NetSuite's
error bodies, and per-account concurrency governance. See docs/simulators/erp.md.
"""

from .app import create_app
from .state import ErpConfig, ErpState

__all__ = ["ErpConfig", "ErpState", "create_app"]
