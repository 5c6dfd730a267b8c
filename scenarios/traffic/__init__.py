"""The traffic engine: a seeded trading day streamed as events, each transaction's ground
truth emitted as soon as its last event is.

``engine`` owns the clock-ordered heap of pending events and numbers them; ``arrivals``
draws when customers arrive; ``context`` holds what every builder shares (world, prices,
stock, ids, reservoirs); one module per kind of traffic builds its events and truth:
``store_sales``, ``web_orders``, ``returns``, ``sitoo``, ``admin`` (faults, ERP price
changes, web-shop races); ``records`` and ``ledger`` shape the truth lines.
"""
