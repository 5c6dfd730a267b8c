"""Build an OpenAPI 3.1 document from a list of operations whose bodies are pydantic models.

Each simulator declares its operations once, in its ``spec.py`` (method, path, request
model, responses); this module turns that list into the document the simulator serves at
``/_sim/openapi.json`` and that ``contracts/openapi/`` commits. A test keeps each spec in
step with the simulator's Flask routes, so the document cannot silently fall behind.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.json_schema import JsonSchemaMode, models_json_schema

REF_TEMPLATE = "#/components/schemas/{model}"
ModelKey = tuple[type[BaseModel], JsonSchemaMode]


@dataclass(frozen=True)
class Parameter:
    name: str
    location: Literal["path", "query", "header"]
    schema: dict[str, Any] = field(default_factory=lambda: {"type": "string"})
    required: bool = False
    description: str = ""


@dataclass(frozen=True)
class Response:
    status: int | str
    description: str
    model: type[BaseModel] | None = None
    content_type: str = "application/json"
    headers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Operation:
    method: str
    path: str  # an OpenAPI path template: /orders/{order_id}
    summary: str
    responses: tuple[Response, ...]
    request: type[BaseModel] | None = None
    request_content_type: str = "application/json"
    parameters: tuple[Parameter, ...] = ()
    security: tuple[str, ...] = ()  # names of security schemes; empty = none
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class ApiSpec:
    title: str
    version: str
    description: str
    operations: tuple[Operation, ...]
    security_schemes: dict[str, dict[str, Any]] = field(default_factory=dict)


def _path_parameters(path: str) -> list[str]:
    names, rest = [], path
    while "{" in rest:
        rest = rest[rest.index("{") + 1 :]
        names.append(rest[: rest.index("}")])
    return names


def build_document(spec: ApiSpec) -> dict[str, Any]:
    models: dict[ModelKey, None] = {}
    for op in spec.operations:
        if op.request is not None:
            models[(op.request, "validation")] = None
        for response in op.responses:
            if response.model is not None:
                models[(response.model, "serialization")] = None
    refs: dict[Any, dict[str, Any]] = {}
    schemas: dict[str, Any] = {}
    if models:
        refs, schemas = models_json_schema(list(models), ref_template=REF_TEMPLATE)
    paths: dict[str, dict[str, Any]] = {}
    for op in spec.operations:
        declared = {p.name for p in op.parameters if p.location == "path"}
        parameters = [
            {
                "name": p.name,
                "in": p.location,
                "required": p.required or p.location == "path",
                "schema": p.schema,
                **({"description": p.description} if p.description else {}),
            }
            for p in op.parameters
        ] + [
            {"name": n, "in": "path", "required": True, "schema": {"type": "string"}}
            for n in _path_parameters(op.path)
            if n not in declared
        ]
        operation: dict[str, Any] = {
            "operationId": f"{op.method.lower()}_{op.path.strip('/').replace('/', '_').replace('{', '').replace('}', '')}",
            "summary": op.summary,
            "responses": {str(r.status): _response(r, refs) for r in op.responses},
        }
        if parameters:
            operation["parameters"] = parameters
        if op.request is not None:
            operation["requestBody"] = {
                "required": True,
                "content": {op.request_content_type: {"schema": refs[(op.request, "validation")]}},
            }
        if op.security:
            operation["security"] = [{name: []} for name in op.security]
        if op.tags:
            operation["tags"] = list(op.tags)
        paths.setdefault(op.path, {})[op.method.lower()] = operation
    document: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": spec.title, "version": spec.version, "description": spec.description},
        "paths": paths,
        "components": {"schemas": schemas.get("$defs", {}), "securitySchemes": spec.security_schemes},
    }
    return document


def _response(response: Response, refs: dict[Any, dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {"description": response.description}
    if response.model is not None:
        out["content"] = {response.content_type: {"schema": refs[(response.model, "serialization")]}}
    if response.headers:
        out["headers"] = {name: {"schema": {"type": "string"}} for name in response.headers}
    return out
