"""Simulated retail systems (NewStore, ERP, exception queue) served over real HTTP.

Each sub-package is one simulated system, laid out like moto: ``models.py`` (payload
shapes), ``state.py`` (the explicit state object), ``routes.py`` (the vendor's HTTP
surface), ``errors.py`` (the vendor's error bodies) and ``app.py`` (the Flask app factory).
``simulators.common`` holds what they all share.
"""
