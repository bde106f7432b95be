"""RSS and Atom feeds (feedparser): each entry's link, title, date, summary and content.

The bytes are handed to feedparser as a stream, never as a string (which it would take for a URL or a file
name and open itself). A feed's dates are read as written, with their own UTC offset ("Sat, 12 Mar 2022
23:30:00 +0700" is 12 March, not the 12th at 16:30 UTC), falling back to feedparser's parsed UTC time.
Bounded: at most MAX_ENTRIES entries, and each entry's text cut at MAX_ENTRY_CHARS.
"""
from __future__ import annotations

import datetime as dt
import email.utils
import io
import re
from dataclasses import dataclass

MAX_ENTRIES = 2000
MAX_ENTRY_CHARS = 1_000_000
_FEED_START = re.compile(rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*(<!DOCTYPE[^>]*>\s*)?<(rss|feed|rdf:RDF)[\s>]", re.S | re.I)


class FeedError(Exception):
    """Not a feed, or one with no entry."""


@dataclass
class Entry:
    link: str
    title: str
    date: dt.date | None
    summary: str      # the entry's description (HTML or text), often the sapo
    content: str      # full content (content:encoded, Atom content), when the feed carries it
    outlet: str       # the feed's title


def looks_like_feed(data: bytes) -> bool:
    head = data[:4096].lstrip(b"\xef\xbb\xbf")
    return bool(_FEED_START.match(head))


def _date(entry) -> dt.date | None:
    for key in ("published", "updated", "created", "dc_date"):
        value = entry.get(key)
        if not isinstance(value, str) or not value.strip():
            continue
        value = value.strip()
        try:
            return email.utils.parsedate_to_datetime(value).date()
        except (TypeError, ValueError, IndexError):
            pass
        try:
            return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date()
        except ValueError:
            pass
    for key in ("published_parsed", "updated_parsed"):
        parsed = entry.get(key)
        if parsed:
            try:
                return dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
            except ValueError:
                pass
    return None


def _content(entry) -> str:
    best = ""
    for part in entry.get("content") or []:
        value = part.get("value") if isinstance(part, dict) else None
        if isinstance(value, str) and len(value) > len(best):
            best = value
    return best[:MAX_ENTRY_CHARS]


def parse_feed(data: bytes, where: str) -> list[Entry]:
    """The entries of an RSS/Atom document; FeedError (naming `where`) when it is not one or has none."""
    import feedparser

    parsed = feedparser.parse(io.BytesIO(data))
    entries = parsed.get("entries") or []
    if not entries:
        problem = parsed.get("bozo_exception")
        why = f" ({' '.join(str(problem).split())[:160]})" if problem else ""
        raise FeedError(f"{where}: not an RSS/Atom feed, or one without entries{why}")
    outlet = " ".join(str(parsed.get("feed", {}).get("title") or "").split())
    out = []
    for entry in entries[:MAX_ENTRIES]:
        link = entry.get("link") or ""
        out.append(Entry(link=link.strip() if isinstance(link, str) else "",
                         title=" ".join(str(entry.get("title") or "").split())[:2000],
                         date=_date(entry), summary=str(entry.get("summary") or "")[:MAX_ENTRY_CHARS],
                         content=_content(entry), outlet=outlet))
    return out
