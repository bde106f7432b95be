"""Each stored article's representation, kept in the store (schema v4), so an ingest never processes a stored
article again.

The expensive part of clustering is per article: cleaning, headline detection, syllables, names, event signals
(stories/represent.py `article_terms`, about 4-7 ms an article). It is done once, when the article is ingested,
and kept in `article_features`:
- its hashed term counts (terms, headline terms, names: what represent.featurize makes), zlib-compressed;
- its headline, event signals (JSON) and content key (the clustering's order);
- its keyword vector as last computed (what later articles' candidate search compares with);
- the keyword cosines of its candidate pairs so far (`neighbours`: a new article enters its candidate list
  when it comes nearer than the last of them, as in a batch run's lists; incremental.candidates).

TF-IDF needs document frequencies. `tomtat cluster` counts them over its feed (plus a fixed background corpus,
background.py); the store counts them over every article it has represented (`term_stats`, updated with
each batch), so a stored article's vector does not depend on which others happen to be loaded, and the IDF of
a new article and of a stored one mean the same thing. Vectors are made from the kept counts, never from text.

A row is tied to the code that made it: `version()` is a digest of the modules and data that decide an
article's terms and signals. A row of another version (or none, in a store made before version 4) is made
again from the article's text the first time an ingest needs that article, and the term counts follow.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import importlib
import json
import struct
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sqlalchemy import Connection, insert, select, update

from ..stories.feed import Article
from ..stories.represent import KEYWORDS, N_FEATURES, WIDE, content_key, featurize, tfidf
from ..stories.signals import EventSignals
from .schema import article_features, term_stats

_PACKAGE = Path(__file__).resolve().parent.parent
# What decides an article's terms and signals: a change to any of these makes the kept rows stale.
_VERSION_FILES = ["stories/represent.py", "stories/hashing.py", "stories/signals.py", "stories/places.py", "stories/entities.py",
                  "stories/editions.py",
                  "stories/feed.py", "model.py"]
_VERSION_DIRS = ["text", "time", "stories/data"]
ENCODING = 1   # the layout of the blobs below


@lru_cache(maxsize=1)
def version() -> str:
    h = hashlib.sha1(f"encoding {ENCODING}".encode())
    paths = [_PACKAGE / f for f in _VERSION_FILES]
    for d in _VERSION_DIRS:
        paths += [p for p in (_PACKAGE / d).rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    for p in sorted(set(paths)):
        if p.exists():
            h.update(str(p.relative_to(_PACKAGE)).encode())
            h.update(p.read_bytes())
    return h.hexdigest()


# --- values to JSON and back (event signals: frozen dataclasses of frozensets and tuples) ---

_ALLOWED_MODULES = ("tomtat.stories.",)


def encode_value(v):
    if dataclasses.is_dataclass(v) and not isinstance(v, type):
        out = {"@": f"{type(v).__module__}:{type(v).__qualname__}"}
        for f in dataclasses.fields(v):
            out[f.name] = encode_value(getattr(v, f.name))
        return out
    if isinstance(v, (frozenset, set)):
        items = [encode_value(x) for x in v]
        return {"fs" if isinstance(v, frozenset) else "s": sorted(items, key=lambda x: json.dumps(x, sort_keys=True))}
    if isinstance(v, tuple):
        return {"t": [encode_value(x) for x in v]}
    if isinstance(v, list):
        return [encode_value(x) for x in v]
    if isinstance(v, dt.date):
        return {"d": v.isoformat()}
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    raise TypeError(f"cannot keep a {type(v).__name__} in the store")


@lru_cache(maxsize=64)
def _class(tag: str):
    module, _, name = tag.partition(":")
    if not module.startswith(_ALLOWED_MODULES):
        raise ValueError(f"not a tomtat value: {tag}")
    cls = getattr(importlib.import_module(module), name)
    if not dataclasses.is_dataclass(cls):
        raise ValueError(f"not a dataclass: {tag}")
    return cls


def decode_value(v):
    if isinstance(v, list):
        return [decode_value(x) for x in v]
    if not isinstance(v, dict):
        return v
    if "@" in v:
        return _class(v["@"])(**{k: decode_value(x) for k, x in v.items() if k != "@"})
    if "fs" in v:
        return frozenset(decode_value(x) for x in v["fs"])
    if "s" in v:
        return {decode_value(x) for x in v["s"]}
    if "t" in v:
        return tuple(decode_value(x) for x in v["t"])
    if "d" in v:
        return dt.date.fromisoformat(v["d"])
    raise ValueError(f"unknown value {v!r}")


def encode_signals(s: EventSignals) -> str:
    return json.dumps(encode_value(s), ensure_ascii=False, separators=(",", ":"), sort_keys=True)


@lru_cache(maxsize=4096)
def decode_signals(text: str) -> EventSignals:
    """(Frozen values: equal texts share one decoded value; many articles have the same, often empty, signals.)"""
    return decode_value(json.loads(text))


# --- blobs ---

def _row(m: sp.csr_matrix, i: int) -> tuple[np.ndarray, np.ndarray]:
    lo, hi = m.indptr[i], m.indptr[i + 1]
    return m.indices[lo:hi], m.data[lo:hi]


def encode_counts(rows: list[tuple[np.ndarray, np.ndarray]]) -> bytes:
    """Three sparse count rows (terms, headline terms, names) as one compressed blob."""
    parts = [struct.pack("<3I", *(len(ix) for ix, _ in rows))]
    for ix, data in rows:
        order = np.argsort(ix, kind="stable")
        parts.append(ix[order].astype("<i4").tobytes())
        parts.append(np.minimum(data[order], 65535).astype("<u2").tobytes())
    return zlib.compress(b"".join(parts), 6)


def decode_counts(blob: bytes) -> list[tuple[np.ndarray, np.ndarray]]:
    raw = zlib.decompress(blob)
    sizes = struct.unpack_from("<3I", raw)
    at, out = 12, []
    for n in sizes:
        ix = np.frombuffer(raw, dtype="<i4", count=n, offset=at)
        at += 4 * n
        data = np.frombuffer(raw, dtype="<u2", count=n, offset=at).astype(np.float32)
        at += 2 * n
        out.append((ix.astype(np.int32), data))
    return out


def encode_vector(ix: np.ndarray, data: np.ndarray) -> bytes:
    return np.asarray(ix, dtype="<i4").tobytes() + np.asarray(data, dtype="<f4").tobytes()


def decode_vector(blob: bytes) -> tuple[np.ndarray, np.ndarray]:
    n = len(blob) // 8
    return (np.frombuffer(blob, dtype="<i4", count=n).astype(np.int32),
            np.frombuffer(blob, dtype="<f4", count=n, offset=4 * n).astype(np.float32))


def encode_floats(values: np.ndarray) -> bytes:
    return np.asarray(values, dtype="<f4").tobytes()


def decode_floats(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype="<f4").astype(np.float64)


def stack(rows: list[tuple[np.ndarray, np.ndarray]], width: int = N_FEATURES) -> sp.csr_matrix:
    """Sparse rows (indices, values) as one CSR matrix."""
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum([len(ix) for ix, _ in rows])
    ix = np.concatenate([r[0] for r in rows]) if rows else np.zeros(0, dtype=np.int32)
    data = np.concatenate([r[1] for r in rows]) if rows else np.zeros(0, dtype=np.float32)
    return sp.csr_matrix((data.astype(np.float32), ix.astype(np.int32), indptr), shape=(len(rows), width))


# --- the represented articles ---

@dataclass
class Block:
    """Represented articles: the raw hashed counts (rows parallel to `articles`), headlines, signals, keys."""

    articles: list[Article]
    counts: sp.csr_matrix
    title_counts: sp.csr_matrix
    name_counts: sp.csr_matrix
    titles: list[str]
    signals: list[EventSignals]
    keys: list[str]

    def counts_blob(self, i: int) -> bytes:
        return encode_counts([_row(self.counts, i), _row(self.title_counts, i), _row(self.name_counts, i)])


def represent(articles: list[Article]) -> Block:
    """The per-article work (represent.featurize: cleaning, terms, names, signals), the only place an article's
    text is read; an undated article with a dateline takes its date, as represent_feed does."""
    if not articles:
        empty = sp.csr_matrix((0, N_FEATURES), dtype=np.float32)
        return Block([], empty, empty, empty, [], [], [])
    f = featurize(articles)
    for article, dateline in zip(articles, f.datelines):
        if article.date is None and dateline is not None:
            article.date, article.date_precision, article.date_basis = dateline, "day", "dateline"
    return Block(articles, f.counts.tocsr(), f.title_counts.tocsr(), f.name_counts.tocsr(), list(f.titles),
                 list(f.signals), [content_key(a) for a in articles])


def from_blobs(articles: list[Article], blobs: list[bytes], titles: list[str], signals: list[EventSignals],
               keys: list[str]) -> Block:
    rows = [decode_counts(b) for b in blobs]
    return Block(articles, stack([r[0] for r in rows]), stack([r[1] for r in rows]), stack([r[2] for r in rows]),
                 titles, signals, keys)


@dataclass
class TermStats:
    """Documents per hashed term over the articles the store has represented: terms and names; headlines."""

    documents: int
    df: np.ndarray
    title_documents: int
    title_df: np.ndarray

    def add(self, block: Block, sign: int = 1) -> None:
        both = (block.counts + block.name_counts).tocsr()
        both.sum_duplicates()
        self.df += sign * np.bincount(both.indices, minlength=N_FEATURES).astype(np.int32)
        titles = block.title_counts.tocsr()
        titles.sum_duplicates()
        self.title_df += sign * np.bincount(titles.indices, minlength=N_FEATURES).astype(np.int32)
        self.documents += sign * len(block.articles)
        self.title_documents += sign * len(block.articles)


def load_stats(conn: Connection) -> TermStats:
    rows = {r.name: r for r in conn.execute(select(term_stats))}

    def one(name: str) -> tuple[int, np.ndarray]:
        r = rows.get(name)
        if r is None:
            return 0, np.zeros(N_FEATURES, dtype=np.int32)
        return int(r.documents), np.frombuffer(zlib.decompress(r.df), dtype="<i4").astype(np.int32)

    n, df = one("terms")
    tn, tdf = one("headlines")
    return TermStats(n, df, tn, tdf)


def save_stats(conn: Connection, stats: TermStats) -> None:
    for name, n, df in (("terms", stats.documents, stats.df), ("headlines", stats.title_documents, stats.title_df)):
        blob = zlib.compress(np.asarray(df, dtype="<i4").tobytes(), 1)
        done = conn.execute(update(term_stats).where(term_stats.c.name == name).values(documents=n, df=blob))
        if done.rowcount == 0:
            conn.execute(insert(term_stats).values(name=name, documents=n, df=blob))


@dataclass
class Vectors:
    """TF-IDF rows over the full hashed width (KEYWORDS heaviest terms; WIDE; headline terms; names)."""

    x: sp.csr_matrix
    wide: sp.csr_matrix
    headlines: sp.csr_matrix
    names: sp.csr_matrix


def vectors(block: Block, stats: TermStats) -> Vectors:
    """As represent_feed makes them, with the store's document frequencies (plus the background corpus)."""
    df, n = stats.df, stats.documents
    x = tfidf(block.counts + block.name_counts, top=KEYWORDS, df=df, docs=n, full=True)
    wide = tfidf(block.counts, top=WIDE, df=df, docs=n, full=True)
    headlines = tfidf(block.title_counts, df=stats.title_df, docs=stats.title_documents, full=True)
    names = tfidf(block.name_counts, df=df, docs=n, full=True)
    return Vectors(x, wide, headlines, names)


def feature_row(article_id: int, block: Block, i: int, keywords: tuple[np.ndarray, np.ndarray],
                neighbours: np.ndarray) -> dict:
    """The article_features row of block article i."""
    return {"article_id": article_id, "version": version(), "content_key": block.keys[i], "headline": block.titles[i],
            "signals": encode_signals(block.signals[i]), "counts": block.counts_blob(i),
            "keywords": encode_vector(*keywords), "neighbours": encode_floats(neighbours)}


def insert_rows(conn: Connection, rows: list[dict]) -> None:
    if rows:
        conn.execute(insert(article_features), rows)


def replace_rows(conn: Connection, rows: list[dict]) -> None:
    """Rows for articles that may have an older row (another version): delete, then insert."""
    if not rows:
        return
    ids = [r["article_id"] for r in rows]
    for k in range(0, len(ids), 500):
        conn.execute(article_features.delete().where(article_features.c.article_id.in_(ids[k:k + 500])))
    insert_rows(conn, rows)


def update_search(conn: Connection, updates: list[dict]) -> None:
    """New keyword vectors and neighbour cosines of stored articles (dicts: article_id, keywords, neighbours)."""
    if not updates:
        return
    from sqlalchemy import bindparam
    stmt = (update(article_features).where(article_features.c.article_id == bindparam("aid"))
            .values(keywords=bindparam("kw"), neighbours=bindparam("nb")))
    conn.execute(stmt, [{"aid": u["article_id"], "kw": u["keywords"], "nb": u["neighbours"]} for u in updates])
