"""`tomtat digest --store`: the day's digest by thread, told as new or as an update, and saved as published.

The threads of the digest are those with an article of the day (or of --since DAY up to the newest day). For
each, the store's earlier digest entries of that thread (or of threads since merged into it) from days before
this digest's first day say what its readers were told:
- none: the thread is new to them and gets its summary, as `tomtat digest` summarizes a thread (one event: its
  summary; several: a timeline of one to three sentences per event), over its articles up to the day;
- some: `update: true`, and only its articles that no earlier entry told are summarized, by novelty against
  the earlier summaries (update.py); a thread with nothing untold is left out.
Each digest goes into `digests` (its JSON) and `digest_entries` (per thread: summary text and the articles it
told), which the next day's updates read. Making the digest of the same day again gives the same digest
(earlier = strictly earlier days) and saves it again.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import Connection, func, insert, select

from ..stories.cluster import Story
from ..stories.digest import EVENT_SENTENCES, EVENT_WORDS, Digest, StoryDigest, ThreadDigest, build_digest, story_documents
from ..stories.render import RENDERERS, story_dict
from .articles import article_of, full_articles, next_id
from .connection import Store
from .schema import articles, digest_entries, digests, event_name, events, threads
from .update import update_summary

MAX_THREAD_ARTICLES = 300   # a thread new to readers is summarized over at most its latest this many articles
UPDATE_MARK = "Cập nhật: "  # before an update's headline in the HTML and text digests


@dataclass
class Entry:
    thread: ThreadDigest
    thread_headline: str
    update: bool
    size: int
    dates: list[dt.date]
    told: list[int]          # article ids the entry tells
    in_window: int


def _family(conn: Connection, thread_id: int) -> list[int]:
    """The thread and every thread merged into it (directly or through others)."""
    rows = conn.execute(select(threads.c.id, threads.c.merged_into).where(threads.c.merged_into.is_not(None))).all()
    into: dict[int, list[int]] = {}
    for absorbed, survivor in rows:
        into.setdefault(survivor, []).append(absorbed)
    out, todo = [], [thread_id]
    while todo:
        t = todo.pop()
        out.append(t)
        todo.extend(into.get(t, []))
    return sorted(out)


def _story(event_row, rows, thread_id: int, thread_headline: str) -> Story:
    arts = [article_of(r) for r in rows]
    return Story(articles=arts, headline=event_row.headline, titles=[a.title for a in arts], centrality=[1.0] * len(arts),
                 thread=thread_id, thread_headline=thread_headline)


def _reading(rows):
    return sorted(rows, key=lambda r: (r.date is None, r.date or "", r.id))


def _timeline(items: list[StoryDigest]) -> list[StoryDigest]:
    return sorted(items, key=lambda e: (not e.dates, e.dates[0] if e.dates else dt.date.min, e.number))


def window_days(conn: Connection, day: str | None, since: str | None) -> tuple[str, str] | None:
    """(first, last) day of the digest; None when the store has no article."""
    newest = conn.execute(select(func.max(articles.c.day))).scalar()
    if since is not None:
        return since, max(newest or since, since)
    if day is not None:
        return day, day
    return (newest, newest) if newest else None


def build(store: Store, *, day: str | None = None, since: str | None = None, max_words: int = 200) -> tuple[dict, list[Entry]]:
    """The digest JSON (CONTRACT.md) and its entries, not yet saved."""
    with store.read() as conn:
        span = window_days(conn, day, since)
        if span is None:
            return {"day": day or since or dt.date.today().isoformat(), "entries": []}, []
        lo, hi = span
        moved = conn.execute(select(events.c.thread_id, func.count()).select_from(articles)
                             .join(events, events.c.id == articles.c.event_id)
                             .where(articles.c.day >= lo, articles.c.day <= hi)
                             .group_by(events.c.thread_id)).all()
        new_threads: list[tuple[int, str, list[Story], dict, list[int], int, list]] = []
        entries: list[Entry] = []
        for thread_id, in_window in sorted(moved, key=lambda m: (-m[1], m[0])):
            thread_row = conn.execute(select(threads).where(threads.c.id == thread_id)).one()
            event_rows = {e.id: e for e in conn.execute(select(events).where(events.c.thread_id == thread_id,
                                                                                events.c.merged_into.is_(None)))}
            rows = conn.execute(full_articles().where(articles.c.event_id.in_(list(event_rows)), articles.c.day <= hi)
                                .order_by(articles.c.day.desc(), articles.c.id.desc())).all()
            family = _family(conn, thread_id)
            earlier = conn.execute(select(digest_entries.c.summary, digest_entries.c.articles)
                                   .where(digest_entries.c.thread_id.in_(family), digest_entries.c.day < lo)
                                   .order_by(digest_entries.c.digest_id)).all()
            size = len(rows)
            dates = sorted(dt.date.fromisoformat(r.date) for r in rows if r.date)
            if not earlier:
                rows = rows[:MAX_THREAD_ARTICLES]
                by_event: dict[int, list] = {}
                for r in rows:
                    by_event.setdefault(r.event_id, []).append(r)
                stories = [_story(event_rows[e], _reading(rs), thread_id, thread_row.headline)
                           for e, rs in sorted(by_event.items(), key=lambda item: (-len(item[1]), item[0]))]
                new_threads.append((thread_id, thread_row.headline, stories, {id(s): e for s, e in
                                    zip(stories, sorted(by_event, key=lambda e: (-len(by_event[e]), e)))},
                                    [r.id for r in rows], size, dates, in_window))
                continue
            told = {a for _, ids in earlier for a in json.loads(ids)}
            fresh = [r for r in rows if r.id not in told]
            if not fresh:
                continue
            texts = [s for s, _ in earlier if s]
            by_event = {}
            for r in fresh:
                by_event.setdefault(r.event_id, []).append(r)
            items = []
            several = len(by_event) > 1
            for e, rs in sorted(by_event.items(), key=lambda item: (-len(item[1]), item[0])):
                story = _story(event_rows[e], _reading(rs), thread_id, thread_row.headline)
                words = min(EVENT_WORDS, max_words) if several else max_words
                summary = update_summary(event_name(e), story_documents(story), texts, words,
                                         EVENT_SENTENCES if several else None)
                texts.append(summary.text)
                items.append(StoryDigest(e, story, summary))
            td = ThreadDigest(thread_id, thread_row.headline or items[0].headline, _timeline(items) if several else items)
            entries.append(Entry(td, thread_row.headline, True, size, dates, [r.id for r in fresh], in_window))
    if new_threads:
        stories = [s for t in new_threads for s in t[2]]
        made = build_digest(stories, min_size=1, max_words=max_words)
        by_id = {t.number: t for t in made.threads}
        for thread_id, headline, _stories, event_of, told, size, dates, in_window in new_threads:
            td = by_id[thread_id]
            for sd in td.events:
                sd.number = event_of[id(sd.story)]
            if td.timeline:
                td.events = _timeline(td.events)
            entries.append(Entry(td, headline or td.headline, False, size, dates, told, in_window))
    entries.sort(key=lambda e: (-e.in_window, e.thread.number))
    out = {"day": hi}
    if since is not None:
        out["since"] = lo
    out["entries"] = [entry_dict(e) for e in entries]
    return out, entries


def entry_dict(entry: Entry) -> dict:
    d = story_dict(entry.thread)
    summary = {"summary": d["summary"], "sentences": d["sentences"], "documents": d["documents"]}
    if "events" in d:
        summary["events"] = d["events"]
    out = {"thread": entry.thread.id, "thread_headline": entry.thread_headline}
    if not entry.thread.timeline:
        out["event"] = entry.thread.events[0].id
    out.update({"update": entry.update, "summary": summary, "size": entry.size,
                "first_date": entry.dates[0].isoformat() if entry.dates else None,
                "last_date": entry.dates[-1].isoformat() if entry.dates else None,
                "headline": d["headline"], "articles": len(entry.told), "outlets": d.get("outlets", [])})
    return out


def save(store: Store, content: dict, entries: list[Entry], since: str) -> int:
    """Store the digest as published; returns its id."""
    now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    with store.write() as conn:
        digest_id = next_id(conn, digests)
        conn.execute(insert(digests).values(id=digest_id, day=content["day"], since=since, created_at=now,
                                            content=json.dumps(content, ensure_ascii=False)))
        rows = [{"digest_id": digest_id, "day": content["day"], "thread_id": e.thread.number,
                 "event_id": None if e.thread.timeline else e.thread.events[0].number, "is_update": e.update,
                 "summary": " ".join(sd.summary.text for sd in e.thread.events if sd.summary.text),
                 "articles": json.dumps(sorted(e.told))} for e in entries]
        if rows:
            conn.execute(insert(digest_entries), rows)
    return digest_id


def render(content: dict, entries: list[Entry], fmt: str) -> str:
    """The digest as JSON (one object), or as the HTML page / text of `tomtat digest`, updates marked."""
    if fmt == "json":
        return json.dumps(content, ensure_ascii=False) + "\n"
    shown = []
    for e in entries:
        td = e.thread
        shown.append(dataclasses.replace(td, headline=UPDATE_MARK + td.headline) if e.update else td)
    digest = Digest(threads=shown, other=[], n_articles=sum(len(e.told) for e in entries),
                    n_events=sum(len(e.thread.events) for e in entries), n_threads=len(entries))
    return RENDERERS[fmt](digest)


def make_digest(store: Store, *, day: str | None = None, since: str | None = None, max_words: int = 200,
                fmt: str = "json") -> str:
    content, entries = build(store, day=day, since=since, max_words=max_words)
    save(store, content, entries, content.get("since", content["day"]))
    return render(content, entries, fmt)

