"""Search over the stored articles' headlines and text (schema version 3), maintained by the store itself.

- SQLite: an FTS5 table `articles_fts` over articles.title and articles.text (external content: the text is not
  stored twice), kept up to date by triggers on `articles`, so every writer (ingest, or an older tomtat's code
  path) maintains it without knowing. Tokens are unicode61 words with their diacritics kept: in Vietnamese
  "bão" (storm) and "báo" (newspaper) are different words. Ranked by bm25, a headline match counting
  TITLE_WEIGHT times a body match.
- PostgreSQL: a GIN index on to_tsvector('simple', title || ' ' || text), queried with plainto_tsquery.
- A SQLite built without FTS5: plain LIKE over title and text (slow on a large store, but right).

`meta.search` records which of the three the store has ("fts5", "tsvector" or "like").
A query is its words (\\w+ runs, NFC, case-folded), all required, at most MAX_TERMS of them.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy import Connection, func, select, text

from .schema import articles, events, meta, threads

MAX_TERMS = 16
TITLE_WEIGHT = 5.0
MARK_START, MARK_END = "\x02", "\x03"   # around matched words in a snippet (no text holds these)
SNIPPET_WORDS = 24
_WORD = re.compile(r"\w+")

_FTS5 = [
    "CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN "
    "INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
    "CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN "
    "INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text); END",
    "CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN "
    "INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text); "
    "INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
    "INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')",   # the articles stored before this version
]
_TSVECTOR = "to_tsvector('simple', title || ' ' || text)"


def has_fts5(conn: Connection) -> bool:
    try:
        return bool(conn.exec_driver_sql("SELECT sqlite_compileoption_used('ENABLE_FTS5')").scalar()) or \
            _fts5_module(conn)
    except Exception:   # noqa: BLE001 - any failure means: no FTS5 here
        return False


def _fts5_module(conn: Connection) -> bool:
    """FTS5 may be loaded without the compile option showing it: ask for the module itself."""
    names = conn.exec_driver_sql("SELECT name FROM pragma_module_list").scalars().all()
    return "fts5" in names


def create(conn: Connection) -> str:
    """Make the search index (inside the migration's transaction); returns the kind made."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"CREATE INDEX articles_search ON articles USING GIN ({_TSVECTOR})")
        kind = "tsvector"
    elif conn.dialect.name == "sqlite" and has_fts5(conn):
        for statement in _FTS5:
            conn.exec_driver_sql(statement)
        kind = "fts5"
    else:
        kind = "like"
    conn.execute(meta.insert().values(key="search", value=kind))
    return kind


def kind_of(conn: Connection) -> str:
    return conn.execute(select(meta.c.value).where(meta.c.key == "search")).scalar() or "like"


def terms(query: str) -> list[str]:
    """The query's words, NFC and case-folded, in order, each once."""
    seen: list[str] = []
    for w in _WORD.findall(unicodedata.normalize("NFC", query).casefold()):
        w = w.strip("_")
        if w and w not in seen:
            seen.append(w)
    return seen[:MAX_TERMS]


@dataclass
class Hit:
    article: int
    title: str
    snippet: str          # matched words between MARK_START and MARK_END
    date: str | None
    day: str
    outlet: str
    url: str
    source: str
    event: int
    event_headline: str
    thread: int
    thread_headline: str


def _context(conn: Connection, rows: list[tuple[int, str]]) -> list[Hit]:
    """Article ids (in rank order) with their snippets → hits with their event and thread."""
    if not rows:
        return []
    ids = [r[0] for r in rows]
    query = (select(articles.c.id, articles.c.title, articles.c.date, articles.c.day, articles.c.outlet, articles.c.url,
                    articles.c.source, events.c.id.label("event"), events.c.headline.label("event_headline"),
                    threads.c.id.label("thread"), threads.c.headline.label("thread_headline"))
             .join(events, events.c.id == articles.c.event_id).join(threads, threads.c.id == events.c.thread_id)
             .where(articles.c.id.in_(ids)))
    found = {r.id: r for r in conn.execute(query)}
    out = []
    for ident, snippet in rows:
        r = found.get(ident)
        if r is not None:
            out.append(Hit(r.id, r.title, snippet, r.date, r.day, r.outlet, r.url, r.source, r.event,
                           r.event_headline, r.thread, r.thread_headline))
    return out


def _plain_snippet(body: str, words: list[str]) -> str:
    """A window of the text around the first matched word, matched words marked (the LIKE and PostgreSQL paths)."""
    tokens = body.split()
    low = [unicodedata.normalize("NFC", t).casefold() for t in tokens]
    first = next((k for k, t in enumerate(low) if any(w in t for w in words)), 0)
    lo = max(0, first - SNIPPET_WORDS // 3)
    shown = []
    for k in range(lo, min(len(tokens), lo + SNIPPET_WORDS)):
        hit = any(w in low[k] for w in words)
        shown.append(f"{MARK_START}{tokens[k]}{MARK_END}" if hit else tokens[k])
    return ("… " if lo > 0 else "") + " ".join(shown) + (" …" if lo + SNIPPET_WORDS < len(tokens) else "")


def search(conn: Connection, query: str, *, limit: int = 20, offset: int = 0) -> tuple[int, list[Hit]]:
    """(how many articles match, the hits of rank offset..offset+limit); no words → (0, [])."""
    words = terms(query)
    if not words:
        return 0, []
    kind = kind_of(conn)
    if kind == "fts5":
        match = " ".join('"' + w.replace('"', "") + '"' for w in words)
        total = conn.exec_driver_sql("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", (match,)).scalar()
        rows = conn.exec_driver_sql(
            f"SELECT rowid, snippet(articles_fts, 1, '{MARK_START}', '{MARK_END}', '…', {SNIPPET_WORDS}) "
            f"FROM articles_fts WHERE articles_fts MATCH ? ORDER BY bm25(articles_fts, {TITLE_WEIGHT}, 1.0), rowid DESC "
            "LIMIT ? OFFSET ?", (match, limit, offset)).all()
        return int(total), _context(conn, [(r[0], r[1]) for r in rows])
    if kind == "tsvector":
        q = " ".join(words)
        where = text(f"{_TSVECTOR} @@ plainto_tsquery('simple', :q)").bindparams(q=q)
        total = conn.execute(select(func.count()).select_from(articles).where(where)).scalar()
        rank = text(f"ts_rank({_TSVECTOR}, plainto_tsquery('simple', :q)) DESC").bindparams(q=q)
        rows = conn.execute(select(articles.c.id, articles.c.text).where(where).order_by(rank, articles.c.id.desc())
                            .limit(limit).offset(offset)).all()
        return int(total), _context(conn, [(r.id, _plain_snippet(r.text, words)) for r in rows])
    conds = []
    for w in words:
        pattern = "%" + w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        conds.append(func.lower(articles.c.title + " " + articles.c.text).like(pattern, escape="\\"))
    total = conn.execute(select(func.count()).select_from(articles).where(*conds)).scalar()
    rows = conn.execute(select(articles.c.id, articles.c.text).where(*conds).order_by(articles.c.day.desc(), articles.c.id.desc())
                        .limit(limit).offset(offset)).all()
    return int(total), _context(conn, [(r.id, _plain_snippet(r.text, words)) for r in rows])
