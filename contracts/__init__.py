"""Contracts: JSON Schemas (and, as they grow, OpenAPI documents) generated from the
pydantic models that are the single source of truth, committed beside this file."""
