"""Events and threads in the store: stable ids, merges (the older id survives), membership history.

After incremental.cluster_with_stored, each resulting event holds new articles and/or the stored articles of
one or more stored events; each resulting thread, one or more stored threads or none. `record` writes that:
- an event with no stored article gets the next id; one with stored articles keeps the smallest (oldest) id
  among them, and the others are merged into it (all their articles move, `merged_into` is set);
- threads likewise, over the stored threads of their events;
- every change of membership closes the old history row (until_batch) and opens a new one (since_batch).
Rows are visited in the stories' own order (build_stories sorts them by content), so the same input gives
the same ids on every back end and after a crash and rerun. A story that is one stored event as it was (no
new article, no merge), in a thread that did not change, is not written again: the writes follow the new
articles, not the stored events the clustering looked at.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import Connection, and_, func, insert, literal, select, update

from ..stories.cluster import Story
from .articles import Keyed, caption_rows, next_id, row_of
from .schema import article_captions, article_events, articles, event_threads, events, merges, threads


@dataclass
class Placed:
    """What the store knows of an article in the clustering: stored (its ids) or new (its keys)."""

    stored_event: int = -1
    stored_thread: int = -1
    new: Keyed | None = None


@dataclass
class Outcome:
    new_events: int = 0
    new_threads: int = 0
    merged_events: int = 0
    merged_threads: int = 0
    touched_events: set[int] = field(default_factory=set)
    touched_threads: set[int] = field(default_factory=set)
    article_ids: dict[int, int] = field(default_factory=dict)   # id(new article) -> its id in the store


def _merge_events(conn: Connection, survivor: int, absorbed: int, batch: int) -> None:
    conn.execute(update(article_events).where(article_events.c.event_id == absorbed,
                                              article_events.c.until_batch.is_(None)).values(until_batch=batch))
    moved = select(articles.c.id, literal(survivor), literal(batch)).where(articles.c.event_id == absorbed)
    conn.execute(insert(article_events).from_select(["article_id", "event_id", "since_batch"], moved))
    conn.execute(update(articles).where(articles.c.event_id == absorbed).values(event_id=survivor))
    conn.execute(update(event_threads).where(event_threads.c.event_id == absorbed,
                                             event_threads.c.until_batch.is_(None)).values(until_batch=batch))
    conn.execute(update(events).where(events.c.id == absorbed).values(merged_into=survivor, size=0, updated_batch=batch))
    conn.execute(insert(merges).values(kind="event", survivor=survivor, absorbed=absorbed, batch_id=batch))


def _set_thread(conn: Connection, event_id: int, thread_id: int, batch: int) -> None:
    conn.execute(update(event_threads).where(event_threads.c.event_id == event_id,
                                             event_threads.c.until_batch.is_(None)).values(until_batch=batch))
    conn.execute(insert(event_threads).values(event_id=event_id, thread_id=thread_id, since_batch=batch))
    conn.execute(update(events).where(events.c.id == event_id).values(thread_id=thread_id, updated_batch=batch))


def _merge_threads(conn: Connection, survivor: int, absorbed: int, batch: int) -> None:
    members = conn.execute(select(events.c.id).where(events.c.thread_id == absorbed,
                                                     events.c.merged_into.is_(None)).order_by(events.c.id)).scalars().all()
    for event_id in members:
        _set_thread(conn, event_id, survivor, batch)
    conn.execute(update(threads).where(threads.c.id == absorbed).values(merged_into=survivor, size=0, updated_batch=batch))
    conn.execute(insert(merges).values(kind="thread", survivor=survivor, absorbed=absorbed, batch_id=batch))


def _thread_headline(conn: Connection, stored_threads: list[int], group: list[Story], event_of: dict[int, int]) -> str:
    """The headline of the thread's largest event: the stories' (the clustering saw only the events of the
    thread that a new article came near), unless a stored event of these threads that it did not see is larger."""
    seen = sorted({event_of[id(s)] for s in group})
    row = conn.execute(select(events.c.size, events.c.headline)
                       .where(events.c.thread_id.in_(stored_threads), events.c.merged_into.is_(None),
                              events.c.id.notin_(seen))
                       .order_by(events.c.size.desc(), events.c.first_day, events.c.id).limit(1)).first()
    if row is not None and row.size > group[0].size:
        return row.headline
    return group[0].thread_headline


def record(conn: Connection, stories: list[Story], placed: dict[int, Placed], batch: int, now: str,
           today: dt.date) -> Outcome:
    """Write the clustering's outcome: events, threads, new article rows, history; returns what changed.
    `placed` maps id(article) to what the store knows of it."""
    out = Outcome()
    next_event, next_thread = next_id(conn, events), next_id(conn, threads)
    next_article = next_id(conn, articles)
    event_of: dict[int, int] = {}           # id(story) -> event id
    kept: set[int] = set()                  # stored events that go on (under their own id)
    changed: set[int] = set()               # id(story) of the stories with a new article or a merge
    for story in stories:
        infos = [placed[id(a)] for a in story.articles]
        stored = sorted({p.stored_event for p in infos if p.stored_event >= 0})
        if len(stored) != 1 or any(p.new is not None for p in infos):
            changed.add(id(story))
        if stored:
            survivor = stored[0]
            for other in stored[1:]:
                _merge_events(conn, survivor, other, batch)
                out.merged_events += 1
            kept.add(survivor)
        else:
            survivor = next_event
            next_event += 1
            out.new_events += 1
        event_of[id(story)] = survivor
        if id(story) in changed:
            out.touched_events.add(survivor)
    by_thread: dict[int, list[Story]] = {}
    for story in stories:
        by_thread.setdefault(story.thread, []).append(story)
    for number in sorted(by_thread):
        group = by_thread[number]
        stored_threads = sorted({placed[id(a)].stored_thread for s in group for a in s.articles
                                 if placed[id(a)].stored_thread >= 0})
        if len(stored_threads) == 1 and not any(id(s) in changed for s in group):
            continue   # stored events seen by the clustering and left as they were: nothing to write
        if stored_threads:
            thread_id = stored_threads[0]
            conn.execute(update(threads).where(threads.c.id == thread_id)
                         .values(headline=_thread_headline(conn, stored_threads, group, event_of), updated_batch=batch))
            for other in stored_threads[1:]:
                _merge_threads(conn, thread_id, other, batch)
                out.merged_threads += 1
        else:
            thread_id = next_thread
            next_thread += 1
            out.new_threads += 1
            conn.execute(insert(threads).values(id=thread_id, headline=group[0].thread_headline, size=0,
                                                created_batch=batch, updated_batch=batch))
        out.touched_threads.add(thread_id)
        for story in group:
            event_id = event_of[id(story)]
            if event_id in kept:
                if id(story) in changed:
                    conn.execute(update(events).where(events.c.id == event_id)
                                 .values(headline=story.headline, updated_batch=batch))
                current = conn.execute(select(events.c.thread_id).where(events.c.id == event_id)).scalar()
                if current != thread_id:
                    _set_thread(conn, event_id, thread_id, batch)
            else:
                conn.execute(insert(events).values(id=event_id, thread_id=thread_id, headline=story.headline, size=0,
                                                   created_batch=batch, updated_batch=batch))
                conn.execute(insert(event_threads).values(event_id=event_id, thread_id=thread_id, since_batch=batch))
    rows, history, captions = [], [], []
    for story in stories:
        event_id = event_of[id(story)]
        for a in story.articles:
            k = placed[id(a)].new
            if k is None:
                continue
            rows.append(row_of(k, next_article, event_id, batch, now, today))
            captions += caption_rows(k, next_article)
            out.article_ids[id(a)] = next_article
            history.append({"article_id": next_article, "event_id": event_id, "since_batch": batch})
            next_article += 1
    if rows:
        conn.execute(insert(articles), rows)
        conn.execute(insert(article_events), history)
    if captions:
        conn.execute(insert(article_captions), captions)
    refresh(conn, out.touched_events, out.touched_threads)
    return out


def refresh(conn: Connection, event_ids: set[int], thread_ids: set[int]) -> None:
    """Recount size, first and last day of the given events and threads from their articles."""
    for event_id in sorted(event_ids):
        size, first, last = conn.execute(select(func.count(), func.min(articles.c.day), func.max(articles.c.day))
                                         .where(articles.c.event_id == event_id)).one()
        conn.execute(update(events).where(events.c.id == event_id).values(size=size, first_day=first, last_day=last))
    for thread_id in sorted(thread_ids):
        size, first, last = conn.execute(
            select(func.coalesce(func.sum(events.c.size), 0), func.min(events.c.first_day), func.max(events.c.last_day))
            .where(and_(events.c.thread_id == thread_id, events.c.merged_into.is_(None)))).one()
        conn.execute(update(threads).where(threads.c.id == thread_id).values(size=size, first_day=first, last_day=last))
