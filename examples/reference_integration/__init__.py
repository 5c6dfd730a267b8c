"""The reference integration: NewStore and Sitoo -> ERP, as a good hand-written service does it.

It is what the harness runs when no ``--integration`` is given, and it is documentation.
Read it in this order:

1. ``service.py``: the shape: two webhooks, a flow per POS, one ERP writer, one shop worker;
2. ``newstore_flow.py`` and ``sitoo_flow.py``: what each event means and when a record is due
   (dedupe, any order, tombstones, parcels, returns, day closes);
3. ``newstore_records.py``, ``sitoo_records.py``, ``journal.py`` (over ``records.py`` and
   ``mappings.py``): the ERP records, pure functions of the payloads and the mapping tables;
4. ``outbox.py``, ``erp_writer.py``, ``erp_client.py``: idempotent writes by external id,
   links between records, the ERP's governance (concurrency, Retry-After);
5. ``stock.py`` (web shop stock, fast) and ``prices.py`` (ERP prices -> tills).

``behaviour.py`` lists the switches and ``variants.py`` the faulty variants: each is this
integration with one realistic bug switched on, and names the scenario and check that catch it.
"""
