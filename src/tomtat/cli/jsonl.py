"""`tomtat summarize` over JSONL files: a file of articles read as `tomtat cluster` reads it, or one AbMuSu row
read as `tomtat batch` reads a row.

- Articles, one per line (`{"id"?, "title"?, "text"|"raw_text"|"html", "date"?, "url"?, "source"?}`): each line is
  one document, its source `FILE:LINE`, its offsets into that line's text (or the article extracted from its
  `html`); `id`, `url` and the feed's `source` (the outlet) are kept as the document's provenance. A bad line
  is skipped with a warning naming FILE:LINE, as `cluster` skips it.
- One AbMuSu row (`single_documents`): its documents, sources `FILE:LINE#DOC`, the row's `id` as the summary's,
  exactly as `batch` writes that row's line.
- Several AbMuSu rows are several clusters: refused (exit 2) with a pointer to `tomtat batch`.
"""
from __future__ import annotations

import os
import stat
from typing import Callable

from ..io.files import DEFAULT_MAX_FILE_SIZE, ReadError, format_size, stat_path
from ..io.readers import Row, documents_from_row, iter_jsonl, read_paths
from ..model import Document

__all__ = ["JSONL_SUFFIXES", "UseBatch", "document_of_article", "is_jsonl", "read_jsonl_documents", "read_summarize_inputs"]

JSONL_SUFFIXES = (".jsonl", ".ndjson")   # as `tomtat cluster` recognises them (stories/feed.py)


class UseBatch(ReadError):
    """A JSONL file of several AbMuSu rows (clusters): `tomtat batch` summarizes those, one line each."""


def is_jsonl(path: str) -> bool:
    return path.lower().endswith(JSONL_SUFFIXES) and not os.path.isdir(path)


def document_of_article(article) -> Document:
    """A feed Article (stories/feed.py) as a Document: same text (so same offsets), title, sapo, date and
    provenance (url, id, the feed's `source` as outlet)."""
    doc = Document(text=article.text, source=article.source, title=article.title, sapo=article.sapo,
                   date=article.date, date_precision=article.date_precision, date_basis=article.date_basis,
                   url=article.url, id=article.id, outlet=article.outlet, author=getattr(article, "author", ""),
                   captions=tuple(getattr(article, "captions", ())))
    if article.date is not None:
        doc.date_how = f"the date field of {article.source}" if article.date_basis == "metadata" else "page metadata"
    return doc


def _row_id(row: Row):
    from ..batch.jsonline import UnwritableId, written_id

    try:
        return written_id(row.id) if row.id is not None else None
    except UnwritableId:
        return None


def read_jsonl_documents(path: str, warn: Callable[[str], None],
                         max_bytes: int = DEFAULT_MAX_FILE_SIZE) -> tuple[list[Document], object]:
    """(documents, cluster id) of one JSONL file; ReadError naming the file when it gives none, UseBatch
    when it holds several AbMuSu rows."""
    from ..stories.feed import articles_from_rows

    info = stat_path(path)
    if stat.S_ISREG(info.st_mode) and info.st_size > max_bytes:
        raise ReadError(f"{path}: larger than the {format_size(max_bytes)} limit (--max-file-size)")
    rows = list(iter_jsonl(path))
    clusters = [r for r in rows if r.error is None and "single_documents" in r.data]
    articles = [r for r in rows if r.error is None and "single_documents" not in r.data]
    if len(clusters) > 1:
        raise UseBatch(f"{path}: holds {len(clusters)} AbMuSu rows (one cluster each), and summarize makes one summary; "
                       f"for one summary per row run: tomtat batch {path} -o OUT.jsonl")
    if clusters and not articles:
        for row in rows:
            if row.error:
                warn(f"skipped {path}:{row.line}: {row.error}")
        row = clusters[0]
        where = f"{path}:{row.line}"
        try:
            return documents_from_row(row.data, where), _row_id(row)
        except ReadError as err:
            raise ReadError(f"{where}: {err}") from None
    found = articles_from_rows(rows, path, warn)
    if not found:
        raise ReadError(f"{path}: no readable article line")
    return [document_of_article(a) for a in found], None


def read_summarize_inputs(paths: list[str], warn: Callable[[str], None],
                          max_bytes: int = DEFAULT_MAX_FILE_SIZE) -> tuple[list[Document], object]:
    """(documents, cluster id) of summarize's PATHs when some are JSONL files (else use read_paths).

    As read_paths: a missing path is an error at once; an input that gives nothing is skipped with a warning
    when several were given; nothing readable is a ReadError. Several AbMuSu rows are always an error.
    """
    for path in paths:
        stat_path(path)
    docs: list[Document] = []
    cluster_id = None
    problems: list[str] = []
    for path in paths:
        try:
            if is_jsonl(path):
                found, ident = read_jsonl_documents(path, warn, max_bytes)
                if len(paths) == 1:
                    cluster_id = ident
            else:
                found = read_paths([path], warn, max_bytes=max_bytes)
        except UseBatch:
            raise
        except ReadError as err:
            problems.append(str(err))
            if len(paths) > 1:
                warn(f"skipped {err}")
            continue
        docs.extend(found)
    if not docs:
        raise ReadError(problems[0] if len(problems) == 1 else
                        f"no readable article among {len(paths)} inputs ({problems[0] if problems else 'none'})")
    return docs, cluster_id
