"""`tomtat ingest`: new articles into the store, in batches of one transaction each.

1. Every article read gets its keys (articles.py); those seen before (in the store, or earlier in this input)
   are duplicates. The rest are put in a fixed order (oldest first, then by content) and cut into batches of
   `batch_size`, so the batches depend only on what is new: after a crash, a rerun finds the committed batches'
   articles stored and starts at the first batch that was lost, exactly as the uninterrupted run went on.
2. Each batch, in one write transaction: the new articles are represented (the only texts processed; their
   representation is kept, features.py); the stored articles of the events whose days come within `window`
   days of a new article's day (at most PER_EVENT latest of each) are read with their kept representation and
   searched for the new articles' candidates, and the new articles are clustered with the stored events they
   may join (incremental.py); events.py writes the outcome. The work is in proportion to the new articles
   (plus a sparse product over the window's kept keyword vectors), never to the whole store. A SIGKILL
   anywhere leaves the batch either committed whole or not at all.
"""
from __future__ import annotations

import datetime as dt
import os
import signal
import time
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
from sqlalchemy import Connection, func, insert, select

from ..stories.cluster import source_key
from ..stories.feed import Article
from ..stories.represent import content_key
from ..stories.signals import EventSignals
from .articles import Keyed, WindowRow, details, keyed, known_keys, next_id, spans, texts, window_rows
from .connection import Store
from .events import Placed, record
from .features import (
    TermStats,
    encode_floats,
    encode_vector,
    feature_row,
    from_blobs,
    insert_rows,
    load_stats,
    replace_rows,
    represent,
    save_stats,
    update_search,
    vectors,
    version,
)
from .incremental import Stored, _row, cluster_new, stored_from_row
from .schema import article_features, batches, events, threads

WINDOW_DAYS = 30     # new articles may join events whose last article is at most this many days older
# New articles per transaction. Each batch reads the window and searches it once, so at 1,000 a day of 5,000 read
# it five times: at 20,000 articles over 4 days (5,000 a day, ingest only) day 4 cost 45.9 CPU s against
# 35.9 s in one batch, and the store agreed less with one batch `tomtat cluster` (event pair agreement 0.600
# against 0.652). A kill loses at most one batch's work, which the next run redoes.
BATCH_SIZE = 5000
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
    work: dict = field(default_factory=dict)   # what the batches did (window, processed, candidates, seen, pairs)

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


def _stored(conn: Connection, rows: list[WindowRow], stats: TermStats) -> list[Stored]:
    """The window's articles with their kept representation; those without a current one (a store made before
    schema 4, or by other code) are represented now from their text, once, and kept."""
    todo = [w for w in rows if not w.current]
    made: dict[int, bytes] = {}
    if todo:
        full = texts(conn, [w.id for w in todo])
        older = [w.id for w in todo if w.has_row]
        old = conn.execute(select(article_features.c.counts)
                           .where(article_features.c.article_id.in_(older))).scalars().all() if older else []
        if old:   # an older row's counts leave the term counts before the new ones come in
            stats.add(from_blobs([full[i] for i in older][:len(old)], list(old), [""] * len(old),
                                 [EventSignals()] * len(old), [""] * len(old)), sign=-1)
            np.maximum(stats.df, 0, out=stats.df)
            np.maximum(stats.title_df, 0, out=stats.title_df)
        block = represent([full[w.id] for w in todo])
        stats.add(block)
        vecs = vectors(block, stats)
        fresh = []
        for i, w in enumerate(todo):
            fresh.append(feature_row(w.id, block, i, _row(vecs.x, i), np.zeros(0)))
            made[w.id] = fresh[-1]["counts"]
            w.content_key, w.keywords, w.neighbours = block.keys[i], fresh[-1]["keywords"], fresh[-1]["neighbours"]
            w.current = w.remade = True
        replace_rows(conn, fresh)
    return [stored_from_row(w, made.get(w.id)) for w in rows]


def _loader(conn: Connection):
    """load(items, what): fills in, for stored items, "details" (article without its text, headline, signals),
    "counts" (kept term counts) or "signals" (kept signals JSON only)."""
    def load(items: list[Stored], what: str) -> None:
        if what == "details":
            need = [s.id for s in items if s.article is None]
            if need:
                got = details(conn, need)
                for s in items:
                    if s.article is None:
                        s.article, s.headline, s.signals = got[s.id]
            return
        column = article_features.c.counts if what == "counts" else article_features.c.signals
        need = [s.id for s in items if (s.counts if what == "counts" else s.signals or None) is None]
        kept: dict[int, object] = {}
        for k in range(0, len(need), 500):
            part = need[k:k + 500]
            kept.update(conn.execute(select(article_features.c.article_id, column)
                                     .where(article_features.c.article_id.in_(part))).all())
        for s in items:
            if s.id in kept:
                if what == "counts":
                    s.counts = kept[s.id]
                else:
                    s.signals = kept[s.id]
    return load


class _Clock:
    """Adds the CPU seconds since the last call to work[name] (nothing without `work`)."""

    def __init__(self, work: dict | None) -> None:
        self.work, self.last = work, time.process_time()

    def __call__(self, name: str) -> None:
        now = time.process_time()
        if self.work is not None:
            self.work[name] = round(self.work.get(name, 0.0) + now - self.last, 3)
        self.last = now


def ingest_batch(conn: Connection, batch: list[Keyed], window: float, today: dt.date, work: dict | None = None) -> int:
    """One batch inside the caller's write transaction; returns how many articles it added. `work` counts what
    it did: stored articles read in the window, texts processed, stored candidates, articles the linkage saw,
    stored articles of their threads seen only as weight (mates), pairs scored; and the CPU seconds of each
    stage (cpu_*)."""
    seen_c, seen_u = known_keys(conn, batch)
    batch = new_items(batch, seen_c, seen_u)   # another process may have stored some meanwhile
    if not batch:
        return 0
    now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    batch_id = next_id(conn, batches)
    conn.execute(insert(batches).values(id=batch_id, started_at=now, articles=len(batch)))
    order = sorted(range(len(batch)), key=lambda i: (content_key(batch[i].article), source_key(batch[i].article.source)))
    batch = [batch[i] for i in order]
    clock = _Clock(work)
    new = represent([k.article for k in batch])     # the only articles whose text is processed
    clock("cpu_represent")
    stats = load_stats(conn)
    rows = window_rows(conn, spans(((k.article.date or today) for k in batch), window), PER_EVENT, version())
    stored = _stored(conn, rows, stats)
    stats.add(new)
    clock("cpu_window")
    outcome = cluster_new(new, vectors(new, stats), stored, stats, _loader(conn), clock=clock)
    if work is not None:
        for key, value in (("window", len(rows)), ("processed", len(batch) + sum(1 for w in rows if w.remade)),
                           ("candidates", outcome.candidates), ("seen", outcome.seen), ("mates", outcome.mates),
                           ("pairs", outcome.pairs)):
            work[key] = work.get(key, 0) + value
    placed = {id(s.article): Placed(s.event_id, s.thread_id) for s in stored if s.article is not None}
    placed.update({id(k.article): Placed(new=k) for k in batch})
    written = record(conn, outcome.stories, placed, batch_id, now, today)
    clock("cpu_record")
    insert_rows(conn, [feature_row(written.article_ids[id(a)], new, i, outcome.keywords[id(a)],
                                   outcome.neighbours[id(a)]) for i, a in enumerate(new.articles)])
    update_search(conn, [{"article_id": s.id, "keywords": encode_vector(*outcome.keywords[id(s.article)]),
                          "neighbours": encode_floats(outcome.neighbours[id(s.article)])}
                         for s in stored if s.article is not None and id(s.article) in outcome.keywords])
    save_stats(conn, stats)
    clock("cpu_keep")
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
    work: dict = {}
    for number, start in enumerate(range(0, len(todo), batch_size), 1):
        chunk = todo[start:start + batch_size]
        with store.write() as conn:
            added += ingest_batch(conn, chunk, window, today, work)
            _kill_hook("write", number)
        _kill_hook("commit", number)
        progress(len(chunk))
    with store.read() as conn:
        n_events, n_threads = counts(conn)
    return IngestReport(read=len(found), added=added, duplicates=len(found) - added, skipped=skipped,
                        events=n_events, threads=n_threads, work=work)
