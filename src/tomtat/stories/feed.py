"""Reading a feed: one Article per input article, whatever the input form.

Folders and files are read exactly as `summarize` reads them (one file = one article); a JSONL file holds
one article per line (`title`, `text`|`raw_text`|`html`, `date`, `url`, `source`, `id`) or AbMuSu rows,
whose documents each become one article (their grouping is ignored); "-" reads stdin (JSONL, or articles
separated by "---" lines). Bad lines are skipped with a warning naming FILE:LINE, inputs that give no article
(a FIFO or device named *.jsonl, an empty file) with a warning naming them; nothing readable at all is a
ReadError. Lone surrogates (a JSON "\\ud800", a file name that is not UTF-8) never reach an Article.
"""
from __future__ import annotations

import datetime as dt
import io
import itertools
import os
import sys
from dataclasses import dataclass
from typing import BinaryIO, Callable, Iterable

from ..io.files import DEFAULT_MAX_FILE_SIZE, format_size, read_stream, stat_path
from ..io.readers import ReadError, Row, given_captions, html_to_document, iter_jsonl, iter_jsonl_lines, read_paths, read_stdin
from ..model import Document, parse_date_field
from ..text.normalize import without_lone_surrogates
from ..time.docdate import parse_iso_date

JSONL_SUFFIXES = (".jsonl", ".ndjson")
LINE_WARNINGS = 20   # bad lines of one input warned about one by one; the rest are counted in one warning


@dataclass
class Article:
    """One feed article: its decoded text (what offsets would point into) and what the feed said of it."""

    text: str
    source: str                  # file path, IN.jsonl:LINE, or IN.jsonl:LINE#DOC for an AbMuSu document
    title: str = ""
    sapo: str = ""
    date: dt.date | None = None
    date_precision: str = "day"  # a `date` field may give only a month or a year
    date_basis: str | None = None  # "metadata" (a date field, page metadata) or "dateline" (found in the text)
    url: str = ""
    id: str | None = None
    outlet: str = ""             # the feed's own `source` field (a site or agency name), when given
    captions: tuple[str, ...] = ()   # photo captions given apart from the text (a `caption` field)

    def __post_init__(self) -> None:
        # Lone surrogates (a JSON "\\ud800" escape, an undecodable file name under surrogateescape) become
        # U+FFFD one for one: offsets stay valid, and the text, source and id can always be written as UTF-8.
        for name in ("text", "source", "title", "sapo", "url", "id", "outlet"):
            value = getattr(self, name)
            if isinstance(value, str):
                setattr(self, name, without_lone_surrogates(value))
        self.captions = tuple(without_lone_surrogates(c) for c in self.captions if isinstance(c, str))
        # A date as the feeds and the API give it ("2019-07-18", "2019-07", a datetime) is read as they read it;
        # anything else is a ValueError that says what is expected.
        if self.date is not None and (isinstance(self.date, (str, dt.datetime)) or not isinstance(self.date, dt.date)):
            self.date, self.date_precision = parse_date_field(self.date)


def given_date(obj: dict, where: str, warn: Callable[[str], None]) -> tuple[dt.date | None, str]:
    """(date, precision) of a `date` field; a malformed one is ignored with a warning (the article is kept)."""
    value = obj.get("date")
    if value in (None, ""):
        return None, "day"
    try:
        return parse_iso_date(value)
    except ValueError as err:
        warn(f"{where}: date ignored: {err}")
        return None, "day"


def _text(value) -> str:
    return without_lone_surrogates(value) if isinstance(value, str) else ""


def article_from_object(obj: dict, source: str, warn: Callable[[str], None] = lambda m: None) -> Article:
    """One article JSONL object → Article. Raises ReadError (without the location) when unusable."""
    title, url = _text(obj.get("title")), _text(obj.get("url"))
    date, precision = given_date(obj, source, warn)
    basis = "metadata" if date else None
    ident = obj.get("id")
    ident = _text(str(ident)) if isinstance(ident, (str, int)) and not isinstance(ident, bool) else None
    text = next((v for v in (obj.get("text"), obj.get("raw_text")) if isinstance(v, str) and v.strip()), None)
    if text is not None:   # an empty `text` falls through to `raw_text`, then to `html`
        text = without_lone_surrogates(text)   # one for one: offsets into the text as given stay valid
        return Article(text=text, source=source, title=title, sapo=_text(obj.get("anchor_text")), date=date,
                       date_precision=precision, date_basis=basis, url=url, id=ident, outlet=_text(obj.get("source")),
                       captions=given_captions(obj))
    if isinstance(obj.get("html"), str) and obj["html"].strip():
        doc = html_to_document(without_lone_surrogates(obj["html"]), source)
        if date is None:
            date, precision, basis = doc.date, doc.date_precision, doc.date_basis
        return Article(text=doc.text, source=source, title=title or doc.title, date=date, date_precision=precision,
                       date_basis=basis, url=url or doc.url, id=ident, outlet=_text(obj.get("source")) or doc.outlet,
                       captions=given_captions(obj))
    raise ReadError("no non-empty 'text', 'raw_text' or 'html' string")


def articles_from_row(obj: dict, source: str, warn: Callable[[str], None]) -> list[Article]:
    """An AbMuSu row: each of its documents is one article (source IN.jsonl:LINE#DOC)."""
    singles = obj["single_documents"]
    if not isinstance(singles, list) or not singles:
        raise ReadError("'single_documents' is not a non-empty list")
    out = []
    for i, d in enumerate(singles):
        if isinstance(d, dict) and isinstance(d.get("raw_text"), str) and d["raw_text"].strip():
            out.append(article_from_object(d, f"{source}#{i}", warn))
    if not out:
        raise ReadError("no document with a non-empty raw_text")
    return out


def articles_from_rows(rows: Iterable[Row], name: str, warn: Callable[[str], None]) -> list[Article]:
    """Articles of JSONL rows (article objects or AbMuSu rows); a bad line is skipped with a warning naming
    NAME:LINE."""
    out: list[Article] = []
    bad = 0
    for row in rows:
        where = f"{name}:{row.line}"
        try:
            if row.error:
                raise ReadError(row.error)
            if "single_documents" in row.data:
                out.extend(articles_from_row(row.data, where, warn))
            else:
                out.append(article_from_object(row.data, where, warn))
        except ReadError as err:
            bad += 1
            if bad <= LINE_WARNINGS:
                warn(f"skipped {where}: {str(err).removeprefix(where + ': ')}")
    if bad > LINE_WARNINGS:   # a binary file named *.jsonl would otherwise print a warning per "line"
        warn(f"skipped {bad - LINE_WARNINGS} more bad lines of {name} ({bad} in all)")
    return out


def read_jsonl(path: str, warn: Callable[[str], None]) -> list[Article]:
    """Articles of one JSONL file; a bad line is skipped with a warning naming FILE:LINE. A path that is no
    regular file (a FIFO, a device) is a ReadError, raised before anything is opened."""
    return articles_from_rows(iter_jsonl(path), path, warn)


def article_from_document(d: Document) -> Article:
    return Article(text=d.text, source=d.source, title=d.title, sapo=d.sapo, date=d.date,
                   date_precision=d.date_precision, date_basis=d.date_basis if d.date else None,
                   url=d.url, outlet=d.outlet)   # a saved page's canonical URL and site name


def _read_one(path: str, warn: Callable[[str], None]) -> list[Article]:
    """The articles of one input path (JSONL file, article file or folder); ReadError when it gives none."""
    if path.lower().endswith(JSONL_SUFFIXES) and not os.path.isdir(path):
        found = read_jsonl(path, warn)
        if not found:
            raise ReadError(f"{path}: no readable article line")
        return found
    return [article_from_document(d) for d in read_paths([path], warn)]


def read_feed(paths: list[str], warn: Callable[[str], None], stdin: BinaryIO | None = None) -> list[Article]:
    """Every readable article under `paths` ("-" alone: stdin, see read_stdin_feed).

    A missing path is a ReadError at once; an input that gives no article (a FIFO or device named *.jsonl,
    a folder without article files, a JSONL file of bad lines) is skipped with a warning naming it when
    other inputs were given. Raises ReadError naming the problem when nothing at all is usable.
    """
    if "-" in paths:
        if paths != ["-"]:
            raise ReadError("'-' (stdin) cannot be combined with other paths")
        return read_stdin_feed(sys.stdin.buffer if stdin is None else stdin, warn)
    for path in paths:
        stat_path(path)   # a missing path, broken symlink or loop: one line naming it, before any work
    articles: list[Article] = []
    problems: list[str] = []
    for path in paths:
        try:
            articles.extend(_read_one(path, warn))
        except ReadError as err:
            problems.append(str(err))
            if len(paths) > 1:
                warn(f"skipped {err}")
    if not articles:
        raise ReadError(problems[0] if len(problems) == 1 else
                        f"no readable article among {len(paths)} inputs ({problems[0] if problems else 'none'})")
    return articles


_BOM = b"\xef\xbb\xbf"
_PEEK = 1 << 16


def read_stdin_feed(stream: BinaryIO, warn: Callable[[str], None],
                    max_bytes: int = DEFAULT_MAX_FILE_SIZE) -> list[Article]:
    """The articles on stdin: JSONL when its first non-blank line starts with "{" (sources stdin:LINE),
    else articles separated by a line holding only "---", as `summarize -` reads them (sources stdin#N).

    Only the bytes up to the first non-blank one are read to decide (at most max_bytes, so an endless stream
    of blank lines is an error, not a hang); JSONL is then read line by line like a JSONL file, the other
    form at most max_bytes in all.
    """
    read = getattr(stream, "read1", stream.read)
    chunks: list[bytes] = []
    size = 0
    while size <= max_bytes:
        chunk = read(_PEEK)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
        if (chunk.removeprefix(_BOM) if len(chunks) == 1 else chunk).strip():
            break
    head = b"".join(chunks)
    if head.removeprefix(_BOM).lstrip().startswith(b"{"):
        head += stream.readline()   # finish the line the peek stopped in; the rest is read line by line
        found = articles_from_rows(iter_jsonl_lines(itertools.chain(io.BytesIO(head), stream)), "stdin", warn)
        if not found:
            raise ReadError("stdin: no readable article line")
        return found
    if len(head) > max_bytes:
        raise ReadError(f"stdin: larger than the {format_size(max_bytes)} limit")
    data = head + read_stream(stream, "stdin", max_bytes - len(head))
    return [article_from_document(d) for d in read_stdin(data, warn, numbered=True)]
