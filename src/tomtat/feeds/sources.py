"""What `tomtat ingest` reads: the inputs of `tomtat cluster`, RSS/Atom feeds (files or URLs) and article URLs.

- an http(s) address is fetched politely (fetch.py): a feed's entries are read in turn, a page is extracted
  with trafilatura as `summarize` extracts a local HTML file;
- a local file that is a feed (by its name, .rss/.atom/.xml, or by its first tag) is parsed with feedparser;
- anything else goes to stories.feed.read_feed, as `tomtat cluster` reads it.

A feed entry whose own content is a whole article (at least FULL_TEXT_SYLLABLES) is taken from the feed; else
its link is fetched. A page or entry that fails is a warning and counts as skipped (it is tried again on the
next run, since nothing of it was stored); the run goes on.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Callable

from ..io.files import DEFAULT_MAX_FILE_SIZE, ReadError, read_bytes, stat_path
from ..io.html_text import strip_tags
from ..io.readers import document_from_bytes
from ..model import Document
from ..stories.feed import Article, read_feed
from .fetch import FetchError, PoliteClient
from .parse import Entry, FeedError, looks_like_feed, parse_feed

FULL_TEXT_SYLLABLES = 80
FEED_SUFFIXES = (".rss", ".atom", ".xml")
_MORE = re.compile(r"^skipped (\d+) more bad lines of .* \((\d+) in all\)$")


def is_http(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


@dataclass
class Gathered:
    articles: list[Article] = field(default_factory=list)
    skipped: int = 0


class _Counter:
    """A warn callback that also counts what read_feed skipped."""

    def __init__(self, warn: Callable[[str], None], gathered: Gathered):
        self.warn, self.gathered = warn, gathered

    def __call__(self, message: str) -> None:
        more = _MORE.match(message)
        if more:
            self.gathered.skipped += int(more.group(1))
        elif message.startswith("skipped "):
            self.gathered.skipped += 1
        self.warn(message)


def _is_feed_file(path: str) -> bool:
    if os.path.isdir(path):
        return False
    if path.lower().endswith(FEED_SUFFIXES):
        return True
    try:
        with open(path, "rb") as fh:
            return looks_like_feed(fh.read(4096))
    except OSError:
        return False


def _sapo(summary: str) -> str:
    text = strip_tags(summary)[0] if "<" in summary else " ".join(summary.split())
    return text if len(text.split()) >= 8 else ""


def _article(doc: Document, url: str, entry: Entry | None) -> Article:
    date, precision, basis = doc.date, doc.date_precision, doc.date_basis if doc.date else None
    if entry is not None and entry.date is not None:
        date, precision, basis = entry.date, "day", "metadata"
    title = (entry.title if entry is not None and entry.title else "") or doc.title
    sapo = doc.sapo or (_sapo(entry.summary) if entry is not None else "")
    outlet = (entry.outlet if entry is not None else "") or getattr(doc, "outlet", "") or ""
    return Article(text=doc.text, source=url, title=title, sapo=sapo, date=date, date_precision=precision,
                   date_basis=basis, url=url, outlet=outlet)


class Reader:
    def __init__(self, client: PoliteClient | None, warn: Callable[[str], None], max_file_size: int = DEFAULT_MAX_FILE_SIZE):
        self.client, self.warn, self.max_file_size = client, warn, max_file_size
        self.out = Gathered()

    def skip(self, message: str) -> None:
        self.out.skipped += 1
        self.warn(f"skipped {message}")

    def fetch_article(self, url: str, entry: Entry | None = None) -> None:
        if self.client is None:
            self.skip(f"{url}: fetching pages is turned off")
            return
        try:
            page = self.client.get(url)
            doc = document_from_bytes(page.data, url, urlpath_name(page.url))
        except (FetchError, ReadError) as err:
            self.skip(str(err))
            return
        self.out.articles.append(_article(doc, url, entry))

    def entry(self, entry: Entry, where: str) -> None:
        content = strip_tags(entry.content)[0] if entry.content else ""
        if len(content.split()) >= FULL_TEXT_SYLLABLES or (content.strip() and not is_http(entry.link)):
            self.out.articles.append(_article(Document(text=content, source=entry.link or where), entry.link or where, entry))
        elif is_http(entry.link):
            self.fetch_article(entry.link, entry)
        elif entry.summary.strip():
            text = strip_tags(entry.summary)[0]
            if text.strip():
                doc = Document(text=text, source=where)
                self.out.articles.append(_article(doc, entry.link or where, entry))
            else:
                self.skip(f"{where}: an entry without text or link ({entry.title[:80]!r})")
        else:
            self.skip(f"{where}: an entry without text or link ({entry.title[:80]!r})")

    def feed(self, data: bytes, where: str) -> None:
        try:
            entries = parse_feed(data, where)
        except FeedError as err:
            self.skip(str(err))
            return
        for entry in entries:
            self.entry(entry, where)

    def url(self, url: str) -> None:
        if self.client is None:
            self.skip(f"{url}: fetching is turned off")
            return
        try:
            page = self.client.get(url)
        except FetchError as err:
            self.skip(str(err))
            return
        if "xml" in page.content_type or "rss" in page.content_type or "atom" in page.content_type \
                or looks_like_feed(page.data):
            self.feed(page.data, url)
            return
        try:
            doc = document_from_bytes(page.data, url, urlpath_name(page.url))
        except ReadError as err:
            self.skip(str(err))
            return
        self.out.articles.append(_article(doc, url, None))

    def feed_file(self, path: str) -> None:
        try:
            data = read_bytes(path, self.max_file_size)
        except ReadError as err:
            self.skip(str(err))
            return
        self.feed(data, path)


def urlpath_name(url: str) -> str:
    """A name for the decoder's HTML test: the URL's path (".html" pages are HTML whatever they start with)."""
    return url.split("?")[0].split("#")[0]


def gather(sources: list[str], warn: Callable[[str], None], client: PoliteClient | None = None) -> Gathered:
    """Every article the sources give, and how many inputs (pages, entries, lines, files) gave none.

    A missing local path, or local inputs that give nothing when no other source was given, are a ReadError
    (exit 2, as for `tomtat cluster`)."""
    reader = Reader(client, warn)
    local = [s for s in sources if not is_http(s)]
    for path in local:
        stat_path(path)   # a missing path is an error before any work
    plain = []
    for source in sources:
        if is_http(source):
            reader.url(source)
        elif _is_feed_file(source):
            reader.feed_file(source)
        else:
            plain.append(source)
    if plain:
        counting = _Counter(warn, reader.out)
        try:
            reader.out.articles.extend(read_feed(plain, counting))
        except ReadError as err:
            if len(plain) == len(sources):
                raise
            reader.skip(str(err))
    return reader.out
