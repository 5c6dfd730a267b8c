"""Request parsing shared by the routes: JSON bodies into models, integer query arguments.

Bad input always ends as a 400 with NewStore's error body (the app's error handler also
notes it in the journal), never as a 500.
"""

from __future__ import annotations

from typing import TypeVar

from flask import request
from pydantic import BaseModel, ValidationError

from .. import errors

M = TypeVar("M", bound=BaseModel)


def validation_message(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or "body"
    return f"{where}: {first['msg']}"


def body(model: type[M], empty_ok: bool = False) -> M:
    """The request's JSON object as ``model``; an empty body is ``{}`` when ``empty_ok``."""
    data = request.get_json(silent=True, force=True)
    if data is None and empty_ok and not request.get_data():
        data = {}
    if not isinstance(data, dict):
        raise errors.bad_request("The request body must be a JSON object.")
    try:  # strict: JSON types as the contract declares them (no "10" or false for a number)
        return model.model_validate(data, strict=True)
    except ValidationError as exc:
        raise errors.bad_request(validation_message(exc)) from None


def int_arg(name: str, default: int, minimum: int, maximum: int | None = None) -> int:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise errors.bad_request(f"Query parameter {name} must be an integer, got {raw!r}.") from None
    if value < minimum or (maximum is not None and value > maximum):
        bound = f"between {minimum} and {maximum}" if maximum is not None else f"at least {minimum}"
        raise errors.bad_request(f"Query parameter {name} must be {bound}, got {value}.")
    return value
