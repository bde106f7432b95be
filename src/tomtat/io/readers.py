"""Readers: folders, files, stdin and AbMuSu JSONL rows → Documents (decoded text + source + title).

Each reader decodes exactly once; the decoded text is what every offset points into.
"""
from __future__ import annotations

import json
import os
import re
import stat
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

from ..model import Document
from .decode import DecodeError, decode_bytes
from .files import DEFAULT_MAX_FILE_SIZE, ReadError, read_bytes, read_stream, stat_path
from .html_text import page_metadata, strip_tags

__all__ = ["ARTICLE_SUFFIXES", "DEFAULT_MAX_FILE_SIZE", "ReadError", "Row", "document_from_bytes", "documents_from_row",
           "html_to_document", "iter_jsonl", "iter_jsonl_lines", "list_folder", "looks_like_html", "read_file",
           "read_paths", "read_stdin", "read_stream"]

ARTICLE_SUFFIXES = (".txt", ".html", ".htm")
_HTML_START = re.compile(r"^\s*(<!doctype html|<html|<head|<body|<meta|<article|<div|<p[\s>])", re.I)
_SEPARATOR = re.compile(r"^---[ \t]*$", re.M)


def looks_like_html(text: str, name: str = "") -> bool:
    return name.lower().endswith((".html", ".htm")) or bool(_HTML_START.match(text[:1000]))


def _extract(markup: str):
    """trafilatura's reading of a page, or None when it finds nothing or fails on hostile markup."""
    import trafilatura

    from ..time.docdate import TRAFILATURA_DATE_PARAMS

    try:
        return trafilatura.bare_extraction(markup, with_metadata=True, include_comments=False,
                                           include_tables=False, favor_recall=True,
                                           date_extraction_params=TRAFILATURA_DATE_PARAMS)
    except (ValueError, TypeError, RecursionError, MemoryError):
        return None


def _http(url: str) -> str:
    url = url.strip()
    return url if url.lower().startswith(("http://", "https://")) else ""


def html_to_document(markup: str, source: str) -> Document:
    """Article text and title of a news page (trafilatura drops menus, scripts, footers, comments).

    When trafilatura finds nothing (a plain text that starts with a tag, markup nested deeper than lxml
    goes), the tag-stripped text is the article: offsets then index that text.
    """
    from ..time.docdate import page_date

    extracted = _extract(markup)
    text = (extracted.text if extracted is not None else "") or ""
    title = ((extracted.title or "") if extracted is not None else "") or ""
    if not text.strip():
        text, fallback_title = strip_tags(markup)
        title = title or fallback_title
    if not text.strip():
        raise ReadError(f"{source}: no article text found in the HTML")
    # The page's description is usually its sapo; structure detection finds it in the text or keeps it apart.
    description = ((extracted.description or "") if extracted is not None else "") or ""
    sapo = description if len(description.split()) >= 8 else ""
    doc = Document(text=text, source=source, title=title, sapo=sapo, encoding="html")
    # Provenance: the page's own metadata first (canonical link, og:site_name, meta author), then what
    # trafilatura read (it also looks at JSON-LD).
    meta = page_metadata(markup)
    doc.url = meta.get("url") or _http((extracted.url or "") if extracted is not None else "")
    doc.outlet = meta.get("outlet") or ((extracted.sitename or "") if extracted is not None else "").strip()
    doc.author = meta.get("author") or ((extracted.author or "") if extracted is not None else "").strip()
    found = page_date(markup, extracted.date if extracted is not None else None)
    if found is not None:
        doc.date, doc.date_precision, where = found
        doc.date_basis, doc.date_how = "metadata", f"page metadata: {where}"
    return doc


_ZIP = b"PK\x03\x04"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"   # legacy Office (.doc, .xls) compound file
WORD_FILE = ("Word files are not read; save as .txt or .html "
             "(e.g. libreoffice --headless --convert-to txt FILE.docx)")


def word_file(data: bytes) -> bool:
    """A Word document: a .docx (a zip holding word/document.xml) or a legacy .doc (an OLE2 file holding a
    WordDocument stream). Its text is compressed or binary: decoding would only say "looks binary"."""
    if data.startswith(_ZIP):
        import io
        import zipfile

        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                return "word/document.xml" in archive.namelist()
        except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError):
            return b"word/document.xml" in data[:1 << 20]
    return data.startswith(_OLE2) and "WordDocument".encode("utf-16-le") in data[:1 << 20]


def document_from_bytes(data: bytes, source: str, name: str = "") -> Document:
    """Decode one file's bytes (any supported encoding) into a Document; HTML gets extracted."""
    if word_file(data):
        raise ReadError(f"{source}: {WORD_FILE}")
    try:
        text, encoding = decode_bytes(data)
    except DecodeError as err:
        raise ReadError(f"{source}: {err}") from None
    except MemoryError:
        raise ReadError(f"{source}: not enough memory to decode it") from None
    if looks_like_html(text, name or source):
        doc = html_to_document(text, source)
        doc.encoding = f"html/{encoding}"
        return doc
    if not text.strip():
        raise ReadError(f"{source}: file is empty")
    return Document(text=text, source=source, encoding=encoding)


WORD_SUFFIXES = (".docx", ".doc")


def list_folder(path: str, word_files: list[str] | None = None) -> list[str]:
    """Every article file inside a folder (recursively), sorted by relative path; Word files met on the way
    are appended to `word_files` when given (they are not read, but the user should hear of them)."""
    found = []
    for root, dirs, names in os.walk(path):
        dirs.sort()
        for name in names:
            if name.lower().endswith(ARTICLE_SUFFIXES) and not name.startswith("."):
                found.append(os.path.join(root, name))
            elif word_files is not None and name.lower().endswith(WORD_SUFFIXES) and not name.startswith((".", "~$")):
                word_files.append(os.path.join(root, name))
    return sorted(found, key=lambda p: os.path.relpath(p, path))


def read_file(path: str, max_bytes: int = DEFAULT_MAX_FILE_SIZE) -> Document:
    """One article file; only a regular file of at most max_bytes is read (see files.read_bytes)."""
    return document_from_bytes(read_bytes(path, max_bytes), path, os.path.basename(path))


def read_paths(paths: list[str], warn: Callable[[str], None],
               max_bytes: int = DEFAULT_MAX_FILE_SIZE) -> list[Document]:
    """Documents from folders and files; unreadable files (special files, over max_bytes, undecodable)
    are skipped with a warning naming them.

    Raises ReadError when a path is missing, a folder holds no article file, or nothing readable remains.
    """
    files: list[str] = []
    for path in paths:
        if stat.S_ISDIR(stat_path(path).st_mode):
            word: list[str] = []
            inside = list_folder(path, word)
            if not inside:
                raise ReadError(f"{path}: folder holds no .txt/.html/.htm file"
                                + (f", only Word files ({len(word)}). {WORD_FILE}" if word else ""))
            if word:
                warn(f"{path}: {len(word)} Word file{'s' if len(word) > 1 else ''} skipped ({word[0]}"
                     f"{', …' if len(word) > 1 else ''}): {WORD_FILE}")
            files += inside
        else:
            files.append(path)  # a FIFO, device or loop is refused by read_file, with its reason
    docs, problems = [], []
    for path in files:
        try:
            docs.append(read_file(path, max_bytes))
        except ReadError as err:
            problems.append(str(err))
            if len(files) > 1:
                warn(f"skipped {err}")
    if not docs:
        raise ReadError(problems[0] if len(problems) == 1 else
                        f"no readable article among {len(files)} files ({problems[0]})")
    return docs


def read_stdin(data: bytes, warn: Callable[[str], None] | None = None, numbered: bool = False) -> list[Document]:
    """Articles on stdin, separated by a line holding only '---'. A part that yields no text is
    skipped with a warning naming it (as a folder skips a bad file); none left is a ReadError.
    With `numbered`, each article's source is stdin#N (N: its part), not just stdin."""
    try:
        text, encoding = decode_bytes(data)
    except DecodeError as err:
        raise ReadError(f"stdin: {err}") from None
    except MemoryError:
        raise ReadError("stdin: not enough memory to decode it") from None
    docs, problems = [], []
    parts = _SEPARATOR.split(text)
    for number, part in enumerate(parts, 1):
        if not part.strip():
            continue
        source = f"stdin#{number}" if numbered else "stdin"
        try:
            docs.append(html_to_document(part, source) if looks_like_html(part)
                        else Document(text=part, source=source, encoding=encoding))
        except ReadError as err:
            where = f"stdin (part {number} of {len(parts)})"
            problems.append(f"{where}: {str(err).removeprefix(source + ': ')}")
            if warn is not None:
                warn(f"skipped {problems[-1]}")
    if not docs:
        raise ReadError(problems[0] if len(problems) == 1 else "stdin: no article text")
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
    """Rows of an AbMuSu JSONL file; blank lines are skipped but counted. Only a regular file is opened
    (a FIFO or device named *.jsonl is refused, as for articles)."""
    mode = stat_path(path).st_mode
    if not stat.S_ISREG(mode):
        raise ReadError(f"{path}: not a regular file")
    try:
        fh = open(path, "rb")
    except OSError as err:
        raise ReadError(f"{path}: cannot read ({err.strerror or err})") from None
    with fh:
        yield from iter_jsonl_lines(fh)


def iter_jsonl_lines(lines: Iterable[bytes]) -> Iterator[Row]:
    """Rows of JSONL given as binary lines (an open file, stdin); blank lines are skipped but counted."""
    for number, raw in enumerate(lines, 1):
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


def _field(value) -> str:
    from ..text.normalize import without_lone_surrogates

    return without_lone_surrogates(" ".join(value.split())) if isinstance(value, str) else ""


def given_provenance(doc: Document, d: dict) -> None:
    """What a row's document says of its origin: `url`, `id`, `outlet`, `author`, and `source` (where `tomtat
    cluster` read it: feed.jsonl:LINE or a file path) as `origin`, so provenance survives `cluster → batch`."""
    doc.url, doc.outlet, doc.author, doc.origin = (_field(d.get(k)) for k in ("url", "outlet", "author", "source"))
    ident = d.get("id")
    if isinstance(ident, (str, int)) and not isinstance(ident, bool):
        doc.id = _field(str(ident)) or None


def given_captions(obj: dict) -> tuple[str, ...]:
    """The photo captions a JSONL object gives: `caption` (a string, as VietNews rows have it) or `captions`
    (a list of strings); anything else is ignored. Only used to recognise the caption lines in the text."""
    found: list[str] = []
    for name in ("caption", "captions"):
        value = obj.get(name)
        values = [value] if isinstance(value, str) else value if isinstance(value, list) else []
        found += [v for v in values if isinstance(v, str) and v.strip()]
    return tuple(found)


def documents_from_row(row: dict, source_prefix: str) -> list[Document]:
    """AbMuSu `single_documents` → Documents; offsets point into `raw_text` as given; the documents' own
    url/id/outlet/author/source fields (a `cluster` line carries them) are kept as their provenance."""
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
                       sapo=sapo if isinstance(sapo, str) else "", captions=given_captions(d))
        given_provenance(doc, d)
        if d.get("date") not in (None, ""):
            set_given_date(doc, d["date"], f"single_documents[{i}].date")
        docs.append(doc)
    if not any(d.text.strip() for d in docs):
        raise ReadError("every raw_text is empty")
    return docs
