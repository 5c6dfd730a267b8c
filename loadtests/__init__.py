"""Locust load tests for peak trading (docs/load-testing.md).

``locustfile.py`` and ``shapes.py`` import Locust, which monkey-patches the process that
imports it (gevent): they run only in Locust's own processes, started by ``runner.py``.
Everything else here is plain Python that the harness (``harness/load.py``) imports too:
``traffic`` (partitioning), ``curves`` (shape arithmetic), ``config`` (the environment a
Locust process is given), ``measure`` (lags and the timeline), ``report`` (CSV and HTML).
"""
