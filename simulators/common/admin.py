"""The ``/_sim/`` control plane every simulator exposes beside the vendor's API.

Like moto's ``/moto-api/``: reset, seed, inspect state, read the journal, report
activity (what the harness polls to decide that traffic has settled), set transport
faults and the simulated clock. It is kept apart from the emulated API so that nothing
here can be mistaken for vendor behaviour.
"""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any, Protocol

from flask import Blueprint, Response, jsonify, request
from pydantic import ValidationError

from .clock import ClockUpdate, SimClock
from .faults import FaultInjector, FaultPlan
from .journal import Journal


class SimulatorState(Protocol):
    """What the admin surface needs from a simulator's state object."""

    def reset(self) -> None: ...

    def seed(self, world: dict[str, Any]) -> None: ...

    def snapshot(self) -> dict[str, Any]: ...

    def activity(self) -> dict[str, Any]: ...


def _invalid(message: str, exc: ValidationError) -> tuple[Response, int]:
    return jsonify({"error": message, "errors": json.loads(exc.json(include_url=False))}), 400


def admin_blueprint(name: str, state: SimulatorState, journal: Journal, faults: FaultInjector, clock: SimClock) -> Blueprint:
    admin = Blueprint("sim_admin", __name__, url_prefix="/_sim")

    @admin.get("/health")
    def health() -> Response:
        return jsonify({"ok": True, "simulator": name})

    @admin.get("/openapi.json")
    def openapi() -> Response | tuple[Response, int]:
        """The simulator's committed OpenAPI document (contracts/openapi/<name>.json)."""
        document = files("contracts").joinpath("openapi", f"{name}.json")
        if not document.is_file():
            return jsonify({"error": f"no OpenAPI document for {name!r}"}), 404
        return Response(document.read_text(encoding="utf-8"), content_type="application/json")

    @admin.post("/reset")
    def reset() -> Response:
        state.reset()
        journal.clear()
        faults.reset()
        return jsonify({"reset": True})

    @admin.post("/seed")
    def seed() -> Response | tuple[Response, int]:
        world = request.get_json(silent=True)
        if not isinstance(world, dict):
            return jsonify({"error": "POST /_sim/seed takes a JSON object"}), 400
        world = dict(world)
        plan_body = world.pop("faults", None)  # for the fault injector; states never see it
        try:
            plan = FaultPlan.parse(plan_body) if plan_body is not None else None
        except ValidationError as exc:
            return _invalid("invalid faults in seed", exc)
        try:
            state.seed(world)
        except (KeyError, TypeError, ValueError) as exc:
            return jsonify({"error": f"bad seed: {exc}"}), 400
        if plan is not None:
            faults.clear()
            faults.apply(plan)
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

    @admin.get("/faults")
    def list_faults() -> Response:
        return jsonify({"seed": faults.seed, "rules": faults.describe()})

    @admin.post("/faults")
    def add_faults() -> tuple[Response, int]:
        try:
            plan = FaultPlan.parse(request.get_json(silent=True))
        except ValidationError as exc:
            return _invalid("invalid fault rule", exc)
        added = faults.apply(plan)
        return jsonify({"seed": faults.seed, "added": [r.model_dump(exclude_defaults=True) for r in added]}), 201

    @admin.delete("/faults")
    def clear_faults() -> Response:
        return jsonify({"cleared": faults.clear()})

    @admin.delete("/faults/<int:rule_id>")
    def delete_fault(rule_id: int) -> Response | tuple[Response, int]:
        if not faults.remove(rule_id):
            return jsonify({"error": f"no fault rule {rule_id}"}), 404
        return jsonify({"deleted": rule_id})

    @admin.get("/clock")
    def read_clock() -> Response:
        return jsonify(clock.to_dict())

    @admin.post("/clock")
    def set_clock() -> Response | tuple[Response, int]:
        try:
            update = ClockUpdate.model_validate(request.get_json(silent=True))
        except ValidationError as exc:
            return _invalid("invalid clock update", exc)
        update.apply(clock)
        return jsonify(clock.to_dict())

    return admin
