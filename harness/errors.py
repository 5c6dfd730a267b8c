"""The one exception that means "the harness itself could not run" (exit code 2)."""


class HarnessError(RuntimeError):
    """Raised with a message for people when a run cannot happen or cannot finish."""
