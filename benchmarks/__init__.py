"""Repeatable throughput benchmarks for the simulators: ``python -m benchmarks``.

Every server under test runs in its own process and every load generator in another, so
no figure is a measure of two programs sharing one GIL. See docs/benchmarks.md.
"""
