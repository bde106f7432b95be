"""Opening a story store for a command (ingest, stats, digest --store): every store problem (locked, read-only,
corrupt, unknown schema version, unreachable server) is one line on stderr naming the store, exit 2."""
from __future__ import annotations

from .console import fail


def open_or_fail(db: str, create: bool, timeout: float = 30.0):
    from ..store import StoreError, open_store

    try:
        return open_store(db, create=create, timeout=timeout)
    except StoreError as err:
        fail(str(err))
