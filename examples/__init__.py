"""Integrations that ship with pos-harness: the reference integration and its faulty variants."""
