"""`tomtat stats`: what a store holds."""
from __future__ import annotations

from sqlalchemy import func, select

from .connection import Store
from .schema import articles, digests, events, threads


def store_stats(store: Store) -> dict:
    with store.read() as conn:
        def count(table, *where) -> int:
            return int(conn.execute(select(func.count()).select_from(table).where(*where)).scalar())

        return {"articles": count(articles), "events": count(events, events.c.merged_into.is_(None)),
                "threads": count(threads, threads.c.merged_into.is_(None)), "digests": count(digests),
                "schema": store.version}
