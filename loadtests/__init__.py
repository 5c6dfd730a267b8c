"""Locust load tests for peak trading. Locustfiles run as their own process (gevent
monkey-patches on import), so nothing here is imported by the harness itself."""
