"""Run the reference integration: ``python -m examples.reference_integration [--variant NAME]``.

Reads its settings from the environment (docs/integration-contract.md), starts its
workers and webhook server, registers its NewStore event stream, and serves until SIGTERM.

The webhook app is served by the repository's small keep-alive HTTP/1.1 WSGI server
(``simulators/common/http11.py``; any production WSGI server would do). Werkzeug's
development server closes the connection after every response, which at peak makes
accepting webhooks, not processing them, the bottleneck.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading

from simulators.common.http11 import KeepAliveServer

from .config import ConfigError, Settings
from .service import Integration, create_webhook_app
from .variants import VARIANTS


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m examples.reference_integration", description=__doc__)
    parser.add_argument(
        "--variant",
        default="reference",
        choices=sorted(VARIANTS),
        help="run with one realistic bug switched on (see variants.py)",
    )
    parser.add_argument("--list-variants", action="store_true")
    args = parser.parse_args(argv)
    if args.list_variants:
        for variant in VARIANTS.values():
            print(f"{variant.name:22} {variant.description}")
        return 0
    logging.basicConfig(level=logging.INFO, format="%(asctime)s reference-integration %(levelname)s %(message)s")
    try:
        settings = Settings.from_env()
    except ConfigError as exc:
        print(f"reference integration: {exc}", file=sys.stderr)
        return 2
    integration = Integration(settings, VARIANTS[args.variant].behaviour)
    server = KeepAliveServer(create_webhook_app(integration), settings.host, settings.port)
    threading.Thread(target=server.serve_forever, name="webhooks", daemon=True).start()
    integration.start()

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    server.shutdown()
    integration.stop()
    server.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
