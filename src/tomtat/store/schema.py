"""The store's tables (SQLAlchemy Core), one schema for SQLite and PostgreSQL.

Dates are ISO 8601 strings ("2022-01-13"), times ISO 8601 UTC strings: they sort as text in both back ends and
read the same everywhere. Ids are integers given by tomtat itself (the next after the largest, inside the write
transaction), never by a sequence, so a rolled-back batch burns no id and a rerun names things as an
uninterrupted run would. Names shown to people are derived from them: story-00012 (event 12), thread-00003.

Current membership is kept on the rows (articles.event_id, events.thread_id); its history is in article_events
and event_threads (since/until, the batch that made the change), and merges in `merges` (the older id survives,
the absorbed row keeps `merged_into`).
"""
from __future__ import annotations

from sqlalchemy import Boolean, Column, ForeignKey, Index, Integer, LargeBinary, MetaData, String, Table, Text

metadata = MetaData()

meta = Table(
    "meta", metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

batches = Table(
    "batches", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("started_at", String(32), nullable=False),
    Column("articles", Integer, nullable=False, default=0),
)

threads = Table(
    "threads", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("headline", Text, nullable=False, default=""),
    Column("size", Integer, nullable=False, default=0),
    Column("first_day", String(10)),
    Column("last_day", String(10)),
    Column("created_batch", Integer, ForeignKey("batches.id"), nullable=False),
    Column("updated_batch", Integer, ForeignKey("batches.id"), nullable=False),
    Column("merged_into", Integer, ForeignKey("threads.id")),
)

events = Table(
    "events", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("thread_id", Integer, ForeignKey("threads.id"), nullable=False),
    Column("headline", Text, nullable=False, default=""),
    Column("size", Integer, nullable=False, default=0),
    Column("first_day", String(10)),
    Column("last_day", String(10)),
    Column("created_batch", Integer, ForeignKey("batches.id"), nullable=False),
    Column("updated_batch", Integer, ForeignKey("batches.id"), nullable=False),
    Column("merged_into", Integer, ForeignKey("events.id")),
    Index("events_thread", "thread_id"),
    Index("events_last_day", "last_day"),
)

articles = Table(
    "articles", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("content_hash", String(64), nullable=False, unique=True),   # sha256 of the cleaned text
    Column("url_hash", String(64), unique=True),                       # sha256 of the normalised URL, or NULL
    Column("url", Text, nullable=False, default=""),
    Column("title", Text, nullable=False, default=""),
    Column("sapo", Text, nullable=False, default=""),
    Column("text", Text, nullable=False),
    Column("date", String(10)),                 # publication date as known (ISO, to its precision's start)
    Column("date_precision", String(8), nullable=False, default="day"),
    Column("date_basis", String(16)),
    Column("day", String(10), nullable=False),  # the date, or the ingest day when undated: what digests go by
    Column("outlet", Text, nullable=False, default=""),
    Column("source", Text, nullable=False, default=""),
    Column("ext_id", Text),                     # the feed's own `id`, when given
    Column("ingested_at", String(32), nullable=False),
    Column("batch_id", Integer, ForeignKey("batches.id"), nullable=False),
    Column("event_id", Integer, ForeignKey("events.id"), nullable=False),
    Index("articles_event", "event_id"),
    Index("articles_day", "day"),
)

article_events = Table(
    "article_events", metadata,
    Column("article_id", Integer, ForeignKey("articles.id"), nullable=False),
    Column("event_id", Integer, ForeignKey("events.id"), nullable=False),
    Column("since_batch", Integer, ForeignKey("batches.id"), nullable=False),
    Column("until_batch", Integer, ForeignKey("batches.id")),
    Index("article_events_article", "article_id"),
    Index("article_events_event", "event_id"),
)

event_threads = Table(
    "event_threads", metadata,
    Column("event_id", Integer, ForeignKey("events.id"), nullable=False),
    Column("thread_id", Integer, ForeignKey("threads.id"), nullable=False),
    Column("since_batch", Integer, ForeignKey("batches.id"), nullable=False),
    Column("until_batch", Integer, ForeignKey("batches.id")),
    Index("event_threads_event", "event_id"),
    Index("event_threads_thread", "thread_id"),
)

merges = Table(
    "merges", metadata,
    Column("kind", String(8), nullable=False),        # "event" or "thread"
    Column("survivor", Integer, nullable=False),
    Column("absorbed", Integer, nullable=False),
    Column("batch_id", Integer, ForeignKey("batches.id"), nullable=False),
)

# Schema version 2: digests as published.
digests = Table(
    "digests", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("day", String(10), nullable=False),        # the last day the digest covers
    Column("since", String(10), nullable=False),      # its first day (= day for a one-day digest)
    Column("created_at", String(32), nullable=False),
    Column("content", Text, nullable=False),          # the digest's JSON (CONTRACT.md, Story store)
    Index("digests_day", "day"),
)

digest_entries = Table(
    "digest_entries", metadata,
    Column("digest_id", Integer, ForeignKey("digests.id"), nullable=False),
    Column("day", String(10), nullable=False),
    Column("thread_id", Integer, ForeignKey("threads.id"), nullable=False),
    Column("event_id", Integer, ForeignKey("events.id")),
    Column("is_update", Boolean, nullable=False),
    Column("summary", Text, nullable=False),
    Column("articles", Text, nullable=False),         # JSON list of the article ids the entry told
    Index("digest_entries_thread", "thread_id"),
)

# Schema version 4: each article's representation, kept so that a stored article is never processed again
# (features.py), and the document frequencies of every term over the articles represented.
article_features = Table(
    "article_features", metadata,
    Column("article_id", Integer, ForeignKey("articles.id"), primary_key=True, autoincrement=False),
    Column("version", String(40), nullable=False),     # features.version(): the code that made the row
    Column("content_key", String(40), nullable=False),  # represent.content_key: the clustering's order
    Column("headline", Text, nullable=False),           # the headline the clustering found
    Column("signals", Text, nullable=False),            # event signals (JSON, features.encode_value)
    Column("counts", LargeBinary, nullable=False),      # hashed term counts: terms, headline terms, names
    Column("keywords", LargeBinary, nullable=False),    # keyword vector as last computed (the candidate search)
    Column("neighbours", LargeBinary, nullable=False),  # keyword cosines of its candidate pairs so far
)

term_stats = Table(
    "term_stats", metadata,
    Column("name", String(16), primary_key=True),       # "terms" (terms and names) or "headlines"
    Column("documents", Integer, nullable=False),
    Column("df", LargeBinary, nullable=False),          # documents per hashed term (zlib, int32)
)

# Schema version 5: photo captions given apart from an article's text (a JSONL `caption` field), so that what
# is read from the store drops the text's caption lines as `summarize` does (text/clean.py).
article_captions = Table(
    "article_captions", metadata,
    Column("article_id", Integer, ForeignKey("articles.id"), primary_key=True, autoincrement=False),
    Column("captions", Text, nullable=False),           # JSON list of strings
)

V1_TABLES = [meta, batches, threads, events, articles, article_events, event_threads, merges]
V2_TABLES = [digests, digest_entries]
V4_TABLES = [article_features, term_stats]
V5_TABLES = [article_captions]


def event_name(event_id: int) -> str:
    return f"story-{event_id:05d}"


def thread_name(thread_id: int) -> str:
    return f"thread-{thread_id:05d}"
