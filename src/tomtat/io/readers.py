"""Readers: folders, files, stdin and AbMuSu JSONL rows → Documents (decoded text + source + title).

Each reader decodes exactly once; the decoded text is what every offset points into.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from typing import Callable, Iterator

from ..model import Document
from .decode import DecodeError, decode_bytes

ARTICLE_SUFFIXES = (".txt", ".html", ".htm")
_HTML_START = re.compile(r"^\s*(<!doctype html|<html|<head|<body|<meta|<article|<div|<p[\s>])", re.I)
_SEPARATOR = re.compile(r"^---[ \t]*$", re.M)


class ReadError(ValueError):
    """A file or row that cannot be used; the message names it."""


def looks_like_html(text: str, name: str = "") -> bool:
    return name.lower().endswith((".html", ".htm")) or bool(_HTML_START.match(text[:1000]))


def html_to_document(markup: str, source: str) -> Document:
    """Article text and title of a news page (trafilatura drops menus, scripts, footers, comments)."""
    import trafilatura

    from ..time.docdate import TRAFILATURA_DATE_PARAMS, page_date

    extracted = trafilatura.bare_extraction(markup, with_metadata=True, include_comments=False,
                                            include_tables=False, favor_recall=True,
                                            date_extraction_params=TRAFILATURA_DATE_PARAMS)
    text = (extracted.text if extracted is not None else "") or ""
    if not text.strip():
        raise ReadError(f"{source}: no article text found in the HTML")
    title = (extracted.title or "") if extracted is not None else ""
    # The page's description is usually its sapo; structure detection finds it in the text or keeps it apart.
    description = (extracted.description or "") if extracted is not None else ""
    sapo = description if len(description.split()) >= 8 else ""
    doc = Document(text=text, source=source, title=title, sapo=sapo, encoding="html")
    found = page_date(markup, extracted.date if extracted is not None else None)
    if found is not None:
        doc.date, doc.date_precision, where = found
        doc.date_basis, doc.date_how = "metadata", f"page metadata: {where}"
    return doc


def document_from_bytes(data: bytes, source: str, name: str = "") -> Document:
    """Decode one file's bytes (any supported encoding) into a Document; HTML gets extracted."""
    try:
        text, encoding = decode_bytes(data)
    except DecodeError as err:
        raise ReadError(f"{source}: {err}") from None
    if looks_like_html(text, name or source):
        doc = html_to_document(text, source)
        doc.encoding = f"html/{encoding}"
        return doc
    if not text.strip():
        raise ReadError(f"{source}: file is empty")
    return Document(text=text, source=source, encoding=encoding)


def list_folder(path: str) -> list[str]:
    """Every article file inside a folder (recursively), sorted by relative path."""
    found = []
    for root, dirs, names in os.walk(path):
        dirs.sort()
        for name in names:
            if name.lower().endswith(ARTICLE_SUFFIXES) and not name.startswith("."):
                found.append(os.path.join(root, name))
    return sorted(found, key=lambda p: os.path.relpath(p, path))


def read_file(path: str) -> Document:
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as err:
        raise ReadError(f"{path}: cannot read ({err.strerror or err})") from None
    return document_from_bytes(data, path, os.path.basename(path))


def read_paths(paths: list[str], warn: Callable[[str], None]) -> list[Document]:
    """Documents from folders and files; unreadable files are skipped with a warning naming them.

    Raises ReadError when a path is missing, a folder holds no article file, or nothing readable remains.
    """
    files: list[str] = []
    for path in paths:
        if os.path.isdir(path):
            inside = list_folder(path)
            if not inside:
                raise ReadError(f"{path}: folder holds no .txt/.html/.htm file")
            files += inside
        elif os.path.exists(path):
            files.append(path)
        else:
            raise ReadError(f"{path}: no such file or folder")
    docs, problems = [], []
    for path in files:
        try:
            docs.append(read_file(path))
        except ReadError as err:
            problems.append(str(err))
            if len(files) > 1:
                warn(f"skipped {err}")
    if not docs:
        raise ReadError(problems[0] if len(problems) == 1 else
                        f"no readable article among {len(files)} files ({problems[0]})")
    return docs


def read_stdin(data: bytes) -> list[Document]:
    """Articles on stdin, separated by a line holding only '---'."""
    try:
        text, encoding = decode_bytes(data)
    except DecodeError as err:
        raise ReadError(f"stdin: {err}") from None
    docs = []
    for part in _SEPARATOR.split(text):
        if not part.strip():
            continue
        docs.append(html_to_document(part, "stdin") if looks_like_html(part)
                    else Document(text=part, source="stdin", encoding=encoding))
    if not docs:
        raise ReadError("stdin: no article text")
    return docs


@dataclass
class Row:
    """One non-blank JSONL line: its 1-based number, and the parsed object or the reason it failed."""

    line: int
    data: dict | None
    error: str | None = None

    @property
    def id(self):
        return self.data.get("id") if isinstance(self.data, dict) else None


def iter_jsonl(path: str) -> Iterator[Row]:
    """Rows of an AbMuSu JSONL file; blank lines are skipped but counted."""
    try:
        fh = open(path, "rb")
    except OSError as err:
        raise ReadError(f"{path}: cannot read ({err.strerror or err})") from None
    with fh:
        for number, raw in enumerate(fh, 1):
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError:
                yield Row(number, None, "line is not valid UTF-8")
                continue
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as err:
                yield Row(number, None, f"invalid JSON ({err.msg} at column {err.colno})")
                continue
            except RecursionError:  # the parser's own depth limit: one row, not the whole file
                yield Row(number, None, "invalid JSON (nested too deeply)")
                continue
            except ValueError as err:  # a number Python will not convert (over 4,300 digits)
                yield Row(number, None, f"invalid JSON (number too long: {str(err).split(':')[0].lower()})")
                continue
            if not isinstance(obj, dict):
                yield Row(number, None, "a line must hold a JSON object")
                continue
            yield Row(number, obj)


def set_given_date(doc: Document, value, where: str) -> None:
    """A `date` field (ISO 8601) dates the article; a malformed one is an error naming the field."""
    from ..time.docdate import parse_iso_date

    try:
        doc.date, doc.date_precision = parse_iso_date(value)
    except ValueError as err:
        raise ReadError(f"{where}: {err}") from None
    doc.date_basis, doc.date_how = "metadata", f"the {where} field"


def documents_from_row(row: dict, source_prefix: str) -> list[Document]:
    """AbMuSu `single_documents` → Documents; offsets point into `raw_text` as given."""
    singles = row.get("single_documents")
    if not isinstance(singles, list) or not singles:
        raise ReadError("no single_documents list")
    docs = []
    for i, d in enumerate(singles):
        if not isinstance(d, dict) or not isinstance(d.get("raw_text"), str):
            raise ReadError(f"single_documents[{i}] has no raw_text string")
        title, sapo = d.get("title") or "", d.get("anchor_text") or ""
        doc = Document(text=d["raw_text"], source=f"{source_prefix}#{i}",
                       title=title if isinstance(title, str) else "",
                       sapo=sapo if isinstance(sapo, str) else "")
        if d.get("date") not in (None, ""):
            set_given_date(doc, d["date"], f"single_documents[{i}].date")
        docs.append(doc)
    if not any(d.text.strip() for d in docs):
        raise ReadError("every raw_text is empty")
    return docs
