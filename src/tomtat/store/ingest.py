"""`tomtat ingest`: new articles into the store, in batches of one transaction each.

1. Every article read gets its keys (articles.py); those seen before (in the store, or earlier in this input)
   are duplicates. The rest are put in a fixed order (oldest first, then by content) and cut into batches of
   `batch_size`, so the batches depend only on what is new: after a crash, a rerun finds the committed batches'
   articles stored and starts at the first batch that was lost, exactly as the uninterrupted run went on.
2. Each batch, in one write transaction: the stored articles of the events whose days come within `window`
   days of a new article's day (at most PER_EVENT latest of each) are clustered together with the new ones
   (incremental.py); events.py writes the outcome. The work is the batch plus that recent window, never the
   whole store. A SIGKILL anywhere leaves the batch either committed whole or not at all.
"""
from __future__ import annotations

import datetime as dt
import os
import signal
from dataclasses import dataclass
from typing import Callable

from sqlalchemy import Connection, func, insert, select

from ..stories.feed import Article
from .articles import Keyed, keyed, known_keys, next_id, recent_articles, spans
from .connection import Store
from .events import Placed, record
from .incremental import cluster_with_stored
from .schema import batches, events, threads

WINDOW_DAYS = 30     # new articles may join events whose last article is at most this many days older
BATCH_SIZE = 1000    # new articles per transaction
PER_EVENT = 30       # stored articles of one event taken into the clustering (its latest)
KILL_HOOK = "TOMTAT_TEST_KILL"   # tests only: "commit:N" (after batch N commits) or "write:N" (inside batch N)


@dataclass
class IngestReport:
    read: int
    added: int
    duplicates: int
    skipped: int
    events: int
    threads: int

    def as_dict(self) -> dict:
        return {"read": self.read, "added": self.added, "duplicates": self.duplicates, "skipped": self.skipped,
                "events": self.events, "threads": self.threads}


def _kill_hook(stage: str, batch_number: int) -> None:
    if os.environ.get(KILL_HOOK) == f"{stage}:{batch_number}":
        os.kill(os.getpid(), signal.SIGKILL)


def counts(conn: Connection) -> tuple[int, int]:
    """(live events, live threads) in the store."""
    n_events = conn.execute(select(func.count()).select_from(events).where(events.c.merged_into.is_(None))).scalar()
    n_threads = conn.execute(select(func.count()).select_from(threads).where(threads.c.merged_into.is_(None))).scalar()
    return int(n_events), int(n_threads)


def new_items(items: list[Keyed], seen_content: set[str], seen_url: set[str]) -> list[Keyed]:
    """Items not seen before, in store order; of several items with one key, the first in that order."""
    out = []
    contents, urls = set(seen_content), set(seen_url)
    for k in sorted(items, key=lambda k: k.order):
        if k.content in contents or (k.url and k.url in urls):
            continue
        contents.add(k.content)
        if k.url:
            urls.add(k.url)
        out.append(k)
    return out


def ingest_batch(conn: Connection, batch: list[Keyed], window: float, today: dt.date) -> int:
    """One batch inside the caller's write transaction; returns how many articles it added."""
    seen_c, seen_u = known_keys(conn, batch)
    batch = new_items(batch, seen_c, seen_u)   # another process may have stored some meanwhile
    if not batch:
        return 0
    now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    batch_id = next_id(conn, batches)
    conn.execute(insert(batches).values(id=batch_id, started_at=now, articles=len(batch)))
    stored = recent_articles(conn, spans(((k.article.date or today) for k in batch), window), PER_EVENT)
    items = [s.article for s in stored] + [k.article for k in batch]
    placed = {id(s.article): Placed(s.event_id, s.thread_id) for s in stored}
    placed.update({id(k.article): Placed(new=k) for k in batch})
    stories = cluster_with_stored(items, [placed[id(a)].stored_event for a in items],
                                  [placed[id(a)].stored_thread for a in items])
    record(conn, stories, placed, batch_id, now, today)
    return len(batch)


def ingest(store: Store, found: list[Article], *, skipped: int = 0, window: float = WINDOW_DAYS,
           batch_size: int = BATCH_SIZE, progress: Callable[[int], object] = lambda n: None) -> IngestReport:
    """Store the new articles among `found`; `skipped` counts inputs that gave no article (for the report)."""
    today = dt.date.today()
    items = keyed(a for a in found if a.text and a.text.strip())
    with store.read() as conn:
        seen_c, seen_u = known_keys(conn, items)
    todo = new_items(items, seen_c, seen_u)
    added = 0
    for number, start in enumerate(range(0, len(todo), batch_size), 1):
        chunk = todo[start:start + batch_size]
        with store.write() as conn:
            added += ingest_batch(conn, chunk, window, today)
            _kill_hook("write", number)
        _kill_hook("commit", number)
        progress(len(chunk))
    with store.read() as conn:
        n_events, n_threads = counts(conn)
    return IngestReport(read=len(found), added=added, duplicates=len(found) - added, skipped=skipped,
                        events=n_events, threads=n_threads)
