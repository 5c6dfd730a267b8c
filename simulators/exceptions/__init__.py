"""The exception queue: where an integration reports records it will not post.

In Patchworks this is the "failed payloads" tab fed by a try/catch route; here it is a
small HTTP endpoint (``EXCEPTIONS_URL``) whose reports the harness counts as handled.
"""

from .app import create_app
from .state import ExceptionQueueState

__all__ = ["ExceptionQueueState", "create_app"]
