"""Pieces every simulator shares: serving, the request journal, the admin surface,
OAuth token bookkeeping, concurrency caps and webhook delivery."""
