"""Articles in the store: the keys that say "seen before", and rows ↔ feed Articles.

An article is seen again when its URL (normalised: scheme and host lower-cased, fragment and tracking
parameters dropped) or its cleaned text (NFC, case-folded, only its word characters, one space apart) is
already stored. Both keys are sha256 digests, so the unique indexes stay small whatever the text.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from sqlalchemy import Connection, and_, func, or_, select

from ..stories.feed import Article
from .schema import article_captions, articles, events

_WORDS = re.compile(r"\w+")
_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|zarsrc|zacc)$", re.I)
CHUNK = 500   # keys per IN (...) query


def content_hash(text: str) -> str:
    words = _WORDS.findall(unicodedata.normalize("NFC", text).casefold())
    return hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()


def normal_url(url: str) -> str:
    """The URL as a key: http(s) only, lower-case scheme and host, no fragment, no tracking parameters."""
    url = (url or "").strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return ""
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)])
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", query, ""))


def url_hash(url: str) -> str | None:
    key = normal_url(url)
    return hashlib.sha256(key.encode("utf-8")).hexdigest() if key else None


@dataclass
class Keyed:
    """A feed article with its dedup keys."""

    article: Article
    content: str
    url: str | None

    @property
    def order(self) -> tuple:
        """Oldest first, undated last, then by content: the order new articles are stored in, whatever the input."""
        a = self.article
        return (a.date is None, a.date or dt.date.min, self.content, self.url or "")


def keyed(items: Iterable[Article]) -> list[Keyed]:
    return [Keyed(a, content_hash(a.text), url_hash(a.url)) for a in items]


def _chunks(values: list, n: int = CHUNK):
    for k in range(0, len(values), n):
        yield values[k:k + n]


def known_keys(conn: Connection, items: list[Keyed]) -> tuple[set[str], set[str]]:
    """(content hashes, url hashes) among `items` already in the store."""
    contents = sorted({k.content for k in items})
    urls = sorted({k.url for k in items if k.url})
    seen_c: set[str] = set()
    seen_u: set[str] = set()
    for part in _chunks(contents):
        seen_c.update(conn.execute(select(articles.c.content_hash).where(articles.c.content_hash.in_(part))).scalars())
    for part in _chunks(urls):
        seen_u.update(conn.execute(select(articles.c.url_hash).where(articles.c.url_hash.in_(part))).scalars())
    return seen_c, seen_u


def next_id(conn: Connection, table) -> int:
    return int(conn.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar()) + 1


def article_day(article: Article, today: dt.date) -> str:
    return (article.date or today).isoformat()


def row_of(k: Keyed, ident: int, event_id: int, batch_id: int, now: str, today: dt.date) -> dict:
    a = k.article
    return {"id": ident, "content_hash": k.content, "url_hash": k.url, "url": a.url or "", "title": a.title or "",
            "sapo": a.sapo or "", "text": a.text, "date": a.date.isoformat() if a.date else None,
            "date_precision": a.date_precision or "day", "date_basis": a.date_basis, "day": article_day(a, today),
            "outlet": a.outlet or "", "source": a.source or "", "ext_id": a.id, "ingested_at": now,
            "batch_id": batch_id, "event_id": event_id}


def caption_rows(k: Keyed, ident: int) -> list[dict]:
    """The article_captions row of a new article, when its input gave captions."""
    captions = list(k.article.captions)
    return [{"article_id": ident, "captions": json.dumps(captions, ensure_ascii=False)}] if captions else []


def full_articles():
    """SELECT of whole stored articles with their captions (article_of reads its rows); add .where(...)."""
    return (select(articles, article_captions.c.captions)
            .select_from(articles.outerjoin(article_captions, article_captions.c.article_id == articles.c.id)))


def article_of(row) -> Article:
    """A stored row (of full_articles) as the feed Article the clustering and the summaries read."""
    captions = getattr(row, "captions", None)
    return Article(text=row.text, source=row.source, title=row.title, sapo=row.sapo,
                   date=dt.date.fromisoformat(row.date) if row.date else None, date_precision=row.date_precision,
                   date_basis=row.date_basis, url=row.url, id=row.ext_id, outlet=row.outlet,
                   captions=tuple(json.loads(captions)) if captions else ())


def spans(days: Iterable[dt.date], window: float) -> list[tuple[str, str]]:
    """The days within `window` of any of `days`, as few (first, last) ISO spans as cover them."""
    reach = dt.timedelta(days=window)
    out: list[list[dt.date]] = []
    for d in sorted(set(days)):
        if out and d - reach <= out[-1][1]:
            out[-1][1] = d + reach
        else:
            out.append([d - reach, d + reach])
    return [(lo.isoformat(), hi.isoformat()) for lo, hi in out]


@dataclass
class WindowRow:
    """A stored article of the window as the candidate search needs it: its kept keyword vector and neighbour
    cosines (None when the store has no row for it, or one made by other code: `current` is False)."""

    id: int
    event_id: int
    thread_id: int
    content_key: str | None
    keywords: bytes | None
    neighbours: bytes | None
    current: bool              # the kept row was made by this code (features.version())
    has_row: bool
    remade: bool = False       # represented again by this ingest (no current row)


def window_rows(conn: Connection, near: list[tuple[str, str]], per_event: int, version: str) -> list[WindowRow]:
    """The articles (at most `per_event` latest of each) of the live events whose days meet one of the spans
    `near`, what new articles may join, without their texts: ids and kept search vectors only (the rest is
    read, by `details`, for the few the clustering looks at). Ordered by article id, so the result does not
    depend on the back end."""
    from .schema import article_features as af

    if not near:
        return []
    ranked = (select(articles.c.id, func.row_number().over(partition_by=articles.c.event_id,
                                                            order_by=(articles.c.day.desc(), articles.c.id.desc()))
                     .label("rank"))
              .join(events, events.c.id == articles.c.event_id)
              .where(events.c.merged_into.is_(None),
                     or_(*(and_(events.c.last_day >= lo, events.c.first_day <= hi) for lo, hi in near)))
              .subquery())
    query = (select(articles.c.id, articles.c.event_id, events.c.thread_id, af.c.version, af.c.content_key,
                    af.c.keywords, af.c.neighbours)
             .join(events, events.c.id == articles.c.event_id)
             .join(ranked, ranked.c.id == articles.c.id)
             .outerjoin(af, af.c.article_id == articles.c.id)
             .where(ranked.c.rank <= per_event)
             .order_by(articles.c.id))
    out = []
    for r in conn.execute(query):
        current = r.version == version
        out.append(WindowRow(r.id, r.event_id, r.thread_id, r.content_key if current else None,
                             r.keywords if current else None, r.neighbours if current else None, current,
                             r.version is not None))
    return out


def details(conn: Connection, ids: list[int]) -> dict[int, tuple[Article, str, str]]:
    """id -> (the stored article without its text, its kept headline, its kept signals JSON)."""
    from .schema import article_features as af

    out: dict[int, tuple[Article, str, str]] = {}
    cols = [articles.c.id, articles.c.source, articles.c.title, articles.c.sapo, articles.c.date,
            articles.c.date_precision, articles.c.date_basis, articles.c.url, articles.c.ext_id, articles.c.outlet,
            af.c.headline, af.c.signals]
    for part in _chunks(sorted(ids)):
        for r in conn.execute(select(*cols).join(af, af.c.article_id == articles.c.id).where(articles.c.id.in_(part))):
            a = Article(text="", source=r.source, title=r.title, sapo=r.sapo,
                        date=dt.date.fromisoformat(r.date) if r.date else None, date_precision=r.date_precision,
                        date_basis=r.date_basis, url=r.url, id=r.ext_id, outlet=r.outlet)
            out[r.id] = (a, r.headline, r.signals)
    return out


def texts(conn: Connection, ids: list[int]) -> dict[int, Article]:
    """Full stored articles by id."""
    out: dict[int, Article] = {}
    for part in _chunks(sorted(ids)):
        for r in conn.execute(full_articles().where(articles.c.id.in_(part))):
            out[r.id] = article_of(r)
    return out
