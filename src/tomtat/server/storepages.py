"""`tomtat serve --store DB`: the day's digest, thread pages and search, as HTML pages and JSON endpoints.

Pages: GET /digest[?day=], /threads/{thread}, /search?q= ; JSON: GET /v1/digest[?day=], /v1/threads/{thread},
/v1/search?q=[&limit=&offset=]. Every request reads the store through a read-only connection of its own, in a
thread off the event loop (views.py), so an ingest writing the store meanwhile never blocks a reader. What needs
the summarizer (the day's digest when none is stored, an event with no stored summary) runs in the worker pool
under the request time limit, like /v1/summarize. Errors: 404 unknown thread, 422 bad query, 503 store busy or
the time limit; never a 500 for client input.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
from typing import Any, Optional

import anyio
from fastapi import FastAPI, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field

from ..store import StoreError, fulltext, views
from ..stories.digest import EVENT_WORDS
from . import work
from .pages import STORE_CSP, digest_page, error_page, search_page, thread_page
from .pool import WorkerDied, WorkerFailed
from .schema import DocumentIn, ErrorOut, Options

log = logging.getLogger("tomtat.server")

MAX_QUERY = 200          # characters of a search query
MAX_LIMIT = 100          # results per search page
MAX_OFFSET = 10_000
ON_THE_FLY = 20          # events of one thread page summarized on the fly (the others show their stored ones only)
ON_THE_FLY_ARTICLES = 30
DAY_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
THREAD_PATTERN = r"^(thread-)?\d{1,9}$"


class DigestView(BaseModel):
    day: str = Field(description="The digest's day (YYYY-MM-DD).")
    stored: bool = Field(description="true: the digest as saved by `tomtat digest --store`; false: built now from "
                                     "the store for a day with no saved digest, and not saved.")
    digest: Optional[int] = Field(None, description="The saved digest's number.")
    created_at: Optional[str] = None
    content: dict = Field(description='The digest JSON of CONTRACT.md, "Story store": {"day", "entries": [...]}.')
    days: list[str] = Field(description="Days with a saved digest, newest first (at most 30).")


class ThreadView(BaseModel):
    thread: str
    headline: str
    size: int
    first_date: Optional[str]
    last_date: Optional[str]
    events: list[dict] = Field(description="Oldest first: event, headline, size, first_date, last_date, summary "
                                           "({summary, stored, day?} or null), summaries (stored, as told), articles "
                                           "(title, date, outlet, url, source).")
    updates: list[dict] = Field(description="The digests that told this thread: digest, day, update, summary, articles.")
    merged: list[str] = Field(description="Threads merged into this one.")
    requested: Optional[str] = Field(None, description="The id asked for, when it was merged into this thread.")


class SearchView(BaseModel):
    q: str
    total: int = Field(description="How many articles match.")
    limit: int
    offset: int
    search: str = Field(description="fts5 (SQLite), tsvector (PostgreSQL) or like (SQLite without FTS5).")
    results: list[dict] = Field(description="article, title, snippet, date, outlet, url, source, event, "
                                            "event_headline, thread, thread_headline; best match first.")


def valid_day(day: Optional[str]) -> Optional[str]:
    if day is None:
        return None
    try:
        dt.date.fromisoformat(day)
    except ValueError:
        raise HTTPException(422, f"day: {day!r} is not a date (YYYY-MM-DD)") from None
    return day


def install(app: FastAPI, db: str, limits, pool) -> None:
    """Add the store's pages and endpoints to `app` (its lifespan opens the reader, create_app's closes it)."""
    reader = views.open_reader(db)   # raises StoreError: the command turns it into one line and exit 2
    app.state.store_reader = reader
    errors = {404: {"model": ErrorOut, "description": "no such thread"},
              422: {"model": ErrorOut, "description": "bad query: a malformed day or thread id, q empty, too long "
                                                      "or without a word, limit or offset out of range"},
              503: {"model": ErrorOut, "description": "the store is busy or unreadable, or over the time limit"}}

    async def read(fn, *args):
        """Run `fn(conn, *args)` in a thread on a fresh read-only connection; store trouble is a 503."""
        def go():
            with reader.read() as conn:
                return fn(conn, *args)
        try:
            return await anyio.to_thread.run_sync(go)
        except StoreError as err:
            log.warning("store read failed: %s", err)
            raise HTTPException(503, f"the story store cannot be read now: {err}") from None

    async def in_worker(job) -> Any:
        """The job's reply from a worker under the time limit; None when it could not be made."""
        try:
            with anyio.fail_after(limits.timeout):
                out = await pool.run(job)
        except TimeoutError:
            return None
        except (WorkerFailed, WorkerDied) as err:
            log.warning("store job failed: %s", err)
            return None
        return None if isinstance(out, work.Unusable) else out

    async def digest_view(day: Optional[str]) -> dict:
        def load(conn):
            return views.stored_digest(conn, day), views.digest_days(conn), views.newest_day(conn)
        stored, days, newest = await read(load)
        if stored is not None:
            return {"day": stored["day"], "stored": True, "digest": stored["digest"], "created_at": stored["created_at"],
                    "content": stored["content"], "days": days}
        target = day or newest
        if target is None:
            return {"day": dt.date.today().isoformat(), "stored": False, "content": {"day": None, "entries": []},
                    "days": days}
        made = await in_worker(work.StoreDigestJob(db, target))
        if made is None:
            raise HTTPException(503, f"the digest of {target} could not be made within {limits.timeout:g} s; "
                                     "make it with tomtat digest --store, then it is read as saved")
        return {"day": target, "stored": False, "content": json.loads(made), "days": days}

    async def summarize_event(event: dict) -> None:
        rows = await read(views.event_articles, event["event"], ON_THE_FLY_ARTICLES)
        docs = tuple(DocumentIn(text=r.text, title=r.title or None, source=r.source or f"article {r.id}", date=r.date,
                                url=r.url or None, outlet=r.outlet or None,
                                captions=json.loads(r.captions) if r.captions else None) for r in rows if r.text.strip())
        if not docs:
            return
        out = await in_worker(work.Job(options=Options(max_words=EVENT_WORDS, format="json"), documents=docs))
        if out is not None:
            text = json.loads(out).get("summary", "")
            if text:
                event["summary"] = {"summary": text, "stored": False}

    async def thread_view(thread: str) -> dict:
        ident = views.parse_thread_id(thread)
        if ident is None:
            raise HTTPException(422, f"thread: {thread[:40]!r} is not a thread id (thread-00012, or 12)")
        view = await read(views.thread_view, ident)
        if view is None:
            raise HTTPException(404, f"no thread {thread[:40]} in this store")
        missing = []
        for event in view["events"]:
            stored = event["summaries"]
            first = next((s for s in stored if not s["update"]), stored[0] if stored else None)
            event["summary"] = dict(first, stored=True) if first else None
            if first is None:
                missing.append(event)
        if missing:
            async with anyio.create_task_group() as group:
                for event in missing[-ON_THE_FLY:]:   # the latest events first in line
                    group.start_soon(summarize_event, event)
        return view

    def check_query(q: str) -> str:
        if not fulltext.terms(q):
            raise HTTPException(422, "q: no word to search for (letters or digits)")
        return q

    async def search_view(q: str, limit: int, offset: int) -> dict:
        def go(conn):
            total, hits = fulltext.search(conn, q, limit=limit, offset=offset)
            return total, hits, fulltext.kind_of(conn)
        total, hits, kind = await read(go)
        results = [{"article": h.article, "title": h.title, "snippet": h.snippet.replace(fulltext.MARK_START, "")
                    .replace(fulltext.MARK_END, ""), "marked": h.snippet, "date": h.date, "outlet": h.outlet or None,
                    "url": h.url or None, "source": h.source, "event": views.event_name(h.event),
                    "event_headline": h.event_headline, "thread": views.thread_name(h.thread),
                    "thread_headline": h.thread_headline} for h in hits]
        return {"q": q, "total": total, "limit": limit, "offset": offset, "search": kind, "results": results}

    day_query = Query(None, pattern=DAY_PATTERN, description="YYYY-MM-DD; default: the latest saved digest "
                                                             "(or the newest day in the store)")
    thread_path = Path(..., max_length=40, description="thread-00012 (or 12)")
    q_query = Query(..., min_length=1, max_length=MAX_QUERY, description="Words to find in headlines and text; "
                                                                         "all must occur.")
    limit_query = Query(20, ge=1, le=MAX_LIMIT)
    offset_query = Query(0, ge=0, le=MAX_OFFSET)

    @app.get("/v1/digest", response_model=DigestView, responses=errors, tags=["store"])
    async def digest_json(day: Optional[str] = day_query) -> dict:
        """The saved digest of a day (default: the latest saved), or the day's digest built from the store."""
        return await digest_view(valid_day(day))

    @app.get("/v1/threads/{thread}", response_model=ThreadView, responses=errors, tags=["store"])
    async def thread_json(thread: str = thread_path) -> dict:
        """A thread: its events oldest first, each with its summary and sources, and its update history."""
        return await thread_view(thread)

    @app.get("/v1/search", response_model=SearchView, responses=errors, tags=["store"])
    async def search_json(q: str = q_query, limit: int = limit_query, offset: int = offset_query) -> dict:
        """Articles whose headline or text holds every word of `q`, best first, with their event and thread."""
        return await search_view(check_query(q), limit, offset)

    def page(html: str, status: int = 200) -> HTMLResponse:
        return HTMLResponse(html, status_code=status, headers={"Content-Security-Policy": STORE_CSP})

    async def as_page(make, q: str = "") -> HTMLResponse:
        try:
            return page(await make())
        except HTTPException as err:
            return page(error_page(err.status_code, str(err.detail), q), err.status_code)

    @app.get("/digest", include_in_schema=False)
    async def digest_html(request: Request) -> HTMLResponse:
        day = request.query_params.get("day") or None

        async def make():
            if day is not None and len(day) != 10:
                raise HTTPException(422, f"day: {day[:40]!r} is not a date (YYYY-MM-DD)")
            return digest_page(await digest_view(valid_day(day)))
        return await as_page(make)

    @app.get("/threads/{thread}", include_in_schema=False)
    async def thread_html(thread: str) -> HTMLResponse:
        async def make():
            if len(thread) > 40:
                raise HTTPException(422, "thread: not a thread id (thread-00012, or 12)")
            return thread_page(await thread_view(thread))
        return await as_page(make)

    @app.get("/search", include_in_schema=False)
    async def search_html(request: Request) -> HTMLResponse:
        params = request.query_params
        q = params.get("q", "")

        async def make():
            if not q.strip():
                return search_page("", None)
            if len(q) > MAX_QUERY:
                raise HTTPException(422, f"q: at most {MAX_QUERY} characters")
            try:
                limit = int(params.get("limit", 20))
                offset = int(params.get("offset", 0))
            except ValueError:
                raise HTTPException(422, "limit and offset are whole numbers") from None
            if not (1 <= limit <= MAX_LIMIT and 0 <= offset <= MAX_OFFSET):
                raise HTTPException(422, f"limit is 1..{MAX_LIMIT}, offset 0..{MAX_OFFSET}")
            return search_page(q, await search_view(check_query(q), limit, offset))
        return await as_page(make, q[:MAX_QUERY])


def close(app: FastAPI) -> None:
    reader = getattr(app.state, "store_reader", None)
    if reader is not None:
        reader.close()


__all__ = ["install", "close"]
