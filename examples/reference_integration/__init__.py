"""The reference integration: a small, correct NewStore -> ERP service.

It is what the harness runs when no ``--integration`` is given, and it is documentation:
read ``service.py`` to see how a good integration behaves (acknowledge fast, dedupe,
map through cross-reference tables, upsert by external id, respect the ERP's
governance, report what it cannot post). ``variants.py`` holds the faulty behaviours
the harness must catch, each one switch away from the reference.
"""
