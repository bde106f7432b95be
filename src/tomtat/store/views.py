"""What `tomtat serve --store` reads: stored digests, a thread's timeline and update history, search.

Readers open the store read-only (`open_reader`): a SQLite connection in mode=ro, one per request, inside a
deferred transaction, so each page reads one consistent snapshot. With WAL an ingest writing meanwhile never
blocks them, nor they it. A PostgreSQL reader's transactions are READ ONLY. Nothing here writes, migrates or
creates: the server opens the store with `open_store` once at start-up (which brings its schema up to date).
"""
from __future__ import annotations

import json
import os
import re
from urllib.parse import quote

from sqlalchemy import Connection, create_engine, desc, event, select
from sqlalchemy.pool import NullPool

from .articles import full_articles
from .connection import Store, StoreError, _postgres_engine, is_url
from .migrations import SCHEMA_VERSION, SchemaError, check_version, read_version
from .schema import articles, digest_entries, digests, event_name, events, thread_name, threads

READ_TIMEOUT = 5.0      # seconds a reader may wait on SQLite's rare reader locks (WAL recovery), then a 503
EVENT_ARTICLES = 50     # sources shown per event on a thread page (its latest)
THREAD_EVENTS = 200     # events shown on a thread page (its latest)
_THREAD_ID = re.compile(r"(?:thread-)?0*(\d{1,9})")


def open_reader(db: str, timeout: float = READ_TIMEOUT) -> Store:
    """The store `db` for reading only; StoreError (one line) when it is missing or not of this tomtat's schema."""
    if is_url(db):
        engine = _postgres_engine(db, timeout)

        @event.listens_for(engine, "begin")
        def _read_only(conn) -> None:
            conn.exec_driver_sql("SET TRANSACTION READ ONLY")

        store = Store(db, engine, "postgresql")
    else:
        if not os.path.isfile(db):
            raise StoreError(f"{db}: no such store (make one with tomtat ingest SOURCE... --store {db})")
        path = quote(os.path.abspath(db))
        engine = create_engine(f"sqlite:///file:{path}?mode=ro&uri=true", poolclass=NullPool,
                               connect_args={"timeout": timeout, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _connect(dbapi_connection, _record) -> None:
            dbapi_connection.isolation_level = None
            dbapi_connection.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")
            dbapi_connection.execute("PRAGMA query_only=ON")

        @event.listens_for(engine, "begin")
        def _begin(conn) -> None:
            conn.exec_driver_sql("BEGIN")

        store = Store(db, engine, "sqlite")
    try:
        with store.read() as conn:
            version = read_version(conn)
        with store.guard():
            check_version(version)
            if version != SCHEMA_VERSION:
                raise SchemaError(f"schema version {version}: open it once with this tomtat to bring it up to date")
    except StoreError:
        store.close()
        raise
    store.version = SCHEMA_VERSION
    return store


def parse_thread_id(text: str) -> int | None:
    """'thread-00012' or '12' → 12; anything else None."""
    m = _THREAD_ID.fullmatch(text.strip())
    return int(m.group(1)) if m else None


def _iso(day: str | None) -> str | None:
    return day or None


def stored_digest(conn: Connection, day: str | None = None) -> dict | None:
    """The newest digest saved for `day` (or the newest of all): id, day, since, created_at and its JSON."""
    query = select(digests)
    if day is not None:
        query = query.where(digests.c.day == day)
    row = conn.execute(query.order_by(desc(digests.c.day), desc(digests.c.id)).limit(1)).first()
    if row is None:
        return None
    return {"digest": row.id, "day": row.day, "since": row.since, "created_at": row.created_at,
            "content": json.loads(row.content)}


def digest_days(conn: Connection, limit: int = 30) -> list[str]:
    """The latest days that have a stored digest, newest first."""
    return list(conn.execute(select(digests.c.day).distinct().order_by(desc(digests.c.day)).limit(limit)).scalars())


def newest_day(conn: Connection) -> str | None:
    from sqlalchemy import func

    return conn.execute(select(func.max(articles.c.day))).scalar()


def _survivor(conn: Connection, table, ident: int) -> tuple[int, object] | None:
    """Follow merged_into to the live row; (its id, row) or None when `ident` was never given."""
    seen = set()
    while ident not in seen:
        seen.add(ident)
        row = conn.execute(select(table).where(table.c.id == ident)).first()
        if row is None:
            return None
        if row.merged_into is None:
            return ident, row
        ident = row.merged_into
    return None


def _absorbed(conn: Connection, table, ident: int) -> list[int]:
    """Every id merged into `ident`, directly or through others."""
    rows = conn.execute(select(table.c.id, table.c.merged_into).where(table.c.merged_into.is_not(None))).all()
    into: dict[int, list[int]] = {}
    for absorbed, survivor in rows:
        into.setdefault(survivor, []).append(absorbed)
    out, todo = [], list(into.get(ident, []))
    while todo:
        t = todo.pop()
        out.append(t)
        todo.extend(into.get(t, []))
    return sorted(out)


def _summary_text(summary: dict) -> str:
    return summary.get("summary", "") if isinstance(summary, dict) else ""


def thread_view(conn: Connection, thread_id: int) -> dict | None:
    """A thread's page: its events oldest first (headline, dates, size, stored summaries, sources) and the
    digests that told it (its update history). None when no thread ever had this id. An id merged into another
    thread shows the surviving thread (`requested` names the id asked for)."""
    found = _survivor(conn, threads, thread_id)
    if found is None:
        return None
    tid, row = found
    family = [tid] + _absorbed(conn, threads, tid)
    names = {thread_name(t) for t in family}
    event_rows = conn.execute(select(events).where(events.c.thread_id == tid, events.c.merged_into.is_(None))
                              .order_by(desc(events.c.last_day), desc(events.c.id)).limit(THREAD_EVENTS)).all()
    # every event id ever merged into one shown here, so summaries stored under an absorbed id still count
    alias: dict[str, int] = {}
    for e in event_rows:
        for k in [e.id] + _absorbed(conn, events, e.id):
            alias[event_name(k)] = e.id
    history, told = [], {e.id: [] for e in event_rows}
    entries = conn.execute(select(digest_entries.c.digest_id, digest_entries.c.day, digest_entries.c.is_update,
                                  digest_entries.c.summary, digest_entries.c.articles, digest_entries.c.thread_id)
                           .where(digest_entries.c.thread_id.in_(family))
                           .order_by(digest_entries.c.day, digest_entries.c.digest_id)).all()
    contents: dict[int, dict] = {}
    for entry in entries:
        history.append({"digest": entry.digest_id, "day": entry.day, "update": bool(entry.is_update),
                        "summary": entry.summary, "articles": len(json.loads(entry.articles or "[]")),
                        "thread": thread_name(entry.thread_id)})
        if entry.digest_id not in contents:
            raw = conn.execute(select(digests.c.content).where(digests.c.id == entry.digest_id)).scalar()
            contents[entry.digest_id] = json.loads(raw) if raw else {}
        for item in contents[entry.digest_id].get("entries", []):
            if item.get("thread") not in names:
                continue
            summary = item.get("summary", {})
            parts = summary.get("events") or ([{"id": item.get("event"), "summary": _summary_text(summary)}]
                                              if item.get("event") else [])
            for part in parts:
                target = alias.get(part.get("id"))
                text = part.get("summary", "")
                if target is not None and text:
                    told[target].append({"day": entry.day, "digest": entry.digest_id, "update": bool(entry.is_update),
                                         "summary": text})
    shown_events = []
    for e in sorted(event_rows, key=lambda e: (e.first_day is None, e.first_day or "", e.id)):
        arts = conn.execute(select(articles.c.id, articles.c.title, articles.c.date, articles.c.day, articles.c.outlet,
                                   articles.c.url, articles.c.source, articles.c.ext_id)
                            .where(articles.c.event_id == e.id)
                            .order_by(desc(articles.c.day), desc(articles.c.id)).limit(EVENT_ARTICLES)).all()
        shown_events.append({
            "event": event_name(e.id), "headline": e.headline, "size": e.size, "first_date": _iso(e.first_day),
            "last_date": _iso(e.last_day), "summaries": _dedup(told[e.id]),
            "articles": [{"article": a.id, "title": a.title, "date": a.date, "day": a.day, "outlet": a.outlet or None,
                          "url": a.url or None, "source": a.source, "id": a.ext_id}
                         for a in sorted(arts, key=lambda a: (a.date is None, a.date or "", a.id))]})
    out = {"thread": thread_name(tid), "headline": row.headline, "size": row.size, "first_date": _iso(row.first_day),
           "last_date": _iso(row.last_day), "events": shown_events, "updates": history,
           "merged": [thread_name(t) for t in family[1:]]}
    if tid != thread_id:
        out["requested"] = thread_name(thread_id)
    return out


def _dedup(items: list[dict]) -> list[dict]:
    """One stored summary per text (a digest made again for the same day saves the same entries again)."""
    seen, out = set(), []
    for item in items:
        if item["summary"] not in seen:
            seen.add(item["summary"])
            out.append(item)
    return out


def event_articles(conn: Connection, event: str, limit: int = 30) -> list:
    """An event's latest stored article rows (for a summary made on the fly), oldest first."""
    ident = int(event.split("-")[-1])
    rows = conn.execute(full_articles().where(articles.c.event_id == ident)
                        .order_by(desc(articles.c.day), desc(articles.c.id)).limit(limit)).all()
    return sorted(rows, key=lambda r: (r.date is None, r.date or "", r.id))
