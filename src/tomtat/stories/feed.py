"""Reading a feed: one Article per input article, whatever the input form.

Folders and files are read exactly as `summarize` reads them (one file = one article); a JSONL file holds
one article per line (`title`, `text`|`raw_text`|`html`, `date`, `url`, `source`, `id`) or AbMuSu rows,
whose documents each become one article (their grouping is ignored). Bad lines are skipped with a warning
naming FILE:LINE; nothing readable at all is a ReadError.
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from typing import Callable

from ..io.readers import ReadError, html_to_document, iter_jsonl, read_paths
from ..text.normalize import without_lone_surrogates
from ..time.docdate import parse_iso_date

JSONL_SUFFIXES = (".jsonl", ".ndjson")


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
    text = obj.get("text") if isinstance(obj.get("text"), str) else obj.get("raw_text")
    if isinstance(text, str) and text.strip():
        text = without_lone_surrogates(text)   # one for one: offsets into the text as given stay valid
        return Article(text=text, source=source, title=title, sapo=_text(obj.get("anchor_text")), date=date,
                       date_precision=precision, date_basis=basis, url=url, id=ident, outlet=_text(obj.get("source")))
    if isinstance(obj.get("html"), str) and obj["html"].strip():
        doc = html_to_document(without_lone_surrogates(obj["html"]), source)
        if date is None:
            date, precision, basis = doc.date, doc.date_precision, doc.date_basis
        return Article(text=doc.text, source=source, title=title or doc.title, date=date, date_precision=precision,
                       date_basis=basis, url=url, id=ident, outlet=_text(obj.get("source")))
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


def read_jsonl(path: str, warn: Callable[[str], None]) -> list[Article]:
    """Articles of one JSONL file; a bad line is skipped with a warning naming FILE:LINE."""
    out: list[Article] = []
    for row in iter_jsonl(path):
        where = f"{path}:{row.line}"
        try:
            if row.error:
                raise ReadError(row.error)
            if "single_documents" in row.data:
                out.extend(articles_from_row(row.data, where, warn))
            else:
                out.append(article_from_object(row.data, where, warn))
        except ReadError as err:
            warn(f"skipped {where}: {str(err).removeprefix(where + ': ')}")
    return out


def read_feed(paths: list[str], warn: Callable[[str], None]) -> list[Article]:
    """Every readable article under `paths`; raises ReadError naming the path when nothing is usable."""
    articles: list[Article] = []
    files: list[str] = []
    problems: list[str] = []
    for path in paths:
        if not os.path.exists(path):
            raise ReadError(f"{path}: no such file or folder")
    for path in paths:
        if path.lower().endswith(JSONL_SUFFIXES) and not os.path.isdir(path):
            found = read_jsonl(path, warn)
            if not found:
                problems.append(f"{path}: no readable article line")
            articles.extend(found)
        else:
            files.append(path)
    if files:
        try:
            docs = read_paths(files, warn)
        except ReadError as err:
            if not articles:
                raise
            warn(f"skipped {err}")
            docs = []
        articles.extend(Article(text=d.text, source=d.source, title=d.title, sapo=d.sapo, date=d.date,
                                date_precision=d.date_precision, date_basis=d.date_basis if d.date else None)
                        for d in docs)
    if not articles:
        raise ReadError(problems[0] if problems else "no readable article")
    return articles
