"""The story store: articles, events and threads that persist across ingests, and the digests as published.

schema.py (tables), migrations.py (versions), connection.py (SQLite/PostgreSQL, errors), articles.py
(dedup keys, rows), incremental.py (clustering new articles with the recent stored ones), events.py (stable
ids, merges, membership history), ingest.py (batches), digests.py and update.py (digests and update summaries).
"""
from .connection import Store, StoreError, open_store
from .migrations import SCHEMA_VERSION

__all__ = ["SCHEMA_VERSION", "Store", "StoreError", "open_store"]
