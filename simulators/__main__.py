"""Run one simulator as its own process: ``python -m simulators NAME [--port N]``.

Prints one JSON line ``{"name": .., "url": ..}`` once the socket listens (what
:class:`simulators.common.serving.ServerProcess` waits for), then serves until stopped.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading

from simulators.common.app import handle
from simulators.common.serving import DEFAULT_HOST, ServerThread
from simulators.registry import SIMULATORS, create


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m simulators", description=__doc__)
    parser.add_argument("name", choices=sorted(SIMULATORS))
    parser.add_argument("--host", default=DEFAULT_HOST)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--seed-file", help="JSON world to POST to /_sim/seed before serving")
    args = parser.parse_args(argv)

    app = create(args.name)
    if args.seed_file:
        with open(args.seed_file, encoding="utf-8") as fh:
            handle(app).state.seed(json.load(fh))
    server = ServerThread(app, args.host, args.port, name=args.name).start()
    print(json.dumps({"name": args.name, "url": server.url}), flush=True)

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    server.stop()
    close = getattr(handle(app).state, "close", None)
    if close is not None:
        close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
