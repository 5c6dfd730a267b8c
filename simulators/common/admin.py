"""The ``/_sim/`` control plane every simulator exposes beside the vendor's API.

Like moto's ``/moto-api/``: reset, seed, inspect state, read the journal and report
activity (what the harness polls to decide that traffic has settled). It is kept apart
from the emulated API so that nothing here can be mistaken for vendor behaviour.
"""

from __future__ import annotations

from typing import Any, Protocol

from flask import Blueprint, Response, jsonify, request

from .journal import Journal


class SimulatorState(Protocol):
    """What the admin surface needs from a simulator's state object."""

    def reset(self) -> None: ...

    def seed(self, world: dict[str, Any]) -> None: ...

    def snapshot(self) -> dict[str, Any]: ...

    def activity(self) -> dict[str, Any]: ...


def admin_blueprint(name: str, state: SimulatorState, journal: Journal) -> Blueprint:
    admin = Blueprint("sim_admin", __name__, url_prefix="/_sim")

    @admin.get("/health")
    def health() -> Response:
        return jsonify({"ok": True, "simulator": name})

    @admin.post("/reset")
    def reset() -> Response:
        state.reset()
        journal.clear()
        return jsonify({"reset": True})

    @admin.post("/seed")
    def seed() -> Response | tuple[Response, int]:
        world = request.get_json(silent=True)
        if not isinstance(world, dict):
            return jsonify({"error": "POST /_sim/seed takes a JSON object"}), 400
        try:
            state.seed(world)
        except (KeyError, TypeError, ValueError) as exc:
            return jsonify({"error": f"bad seed: {exc}"}), 400
        return jsonify({"seeded": True})

    @admin.get("/state")
    def snapshot() -> Response:
        return jsonify(state.snapshot())

    @admin.get("/activity")
    def activity() -> Response:
        return jsonify({"requests": len(journal), **state.activity()})

    @admin.get("/journal")
    def journal_entries() -> Response:
        args = request.args
        entries = journal.entries(
            since=args.get("since", 0, type=int),
            path_prefix=args.get("path"),
            method=args.get("method"),
            status=args.get("status", None, type=int),
            limit=args.get("limit", None, type=int),
        )
        return jsonify({"total": len(journal), "entries": [e.to_dict() for e in entries]})

    return admin
