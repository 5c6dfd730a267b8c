"""Pieces every simulator shares: serving, the request journal, the admin surface,
OAuth token bookkeeping, concurrency caps, webhook delivery, transport fault injection
and the simulated business clock."""
