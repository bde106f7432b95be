"""What a worker process does with one request: decode, summarize, render — all of the CPU work.

The event loop only parses and checks the request; a `Job` (one cluster) or `DigestJob` (a feed) carries
what it found to a worker process (`pool.py`), which returns the reply bytes or the reason the input could
not be used. Both go through the same code as the CLI: `pipeline.summarize`, and for a feed
`stories.cluster_articles` + `stories.build_digest` + `stories.render`.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Union

from .. import pipeline
from ..io.readers import ReadError, document_from_bytes, html_to_document, set_given_date
from ..model import Document
from .schema import ArticleIn, DigestOptions, DocumentIn, Options

WARM_UP_TEXT = "Khởi động máy chủ tóm tắt."


@dataclass(frozen=True)
class Job:
    """One summary request, as parsed on the event loop: pasted documents or uploaded files."""

    options: Options
    documents: tuple[DocumentIn, ...] = ()
    files: tuple[tuple[str, bytes], ...] = ()


@dataclass(frozen=True)
class DigestJob:
    """One digest request: a feed of articles to cluster into stories and summarize."""

    options: DigestOptions
    articles: tuple[ArticleIn, ...]


@dataclass(frozen=True)
class StoreDigestJob:
    """The digest of one day built from a story store without saving it (`tomtat serve --store`, /digest)."""

    db: str
    day: str
    max_words: int = 200


@dataclass(frozen=True)
class Unusable:
    """The input could not be summarized (a 422); the message names the document or file."""

    detail: str


def json_documents(items) -> list[Document]:
    """Pasted articles → Documents; offsets index `text` as given (or the article extracted from HTML)."""
    docs = []
    for i, item in enumerate(items):
        source = item.source or f"document {i}"
        doc = html_to_document(item.text, source) if item.html else Document(text=item.text, source=source)
        doc.title = item.title or doc.title
        doc.url = item.url or doc.url
        doc.id = item.id if item.id is not None else doc.id
        doc.outlet = item.outlet or doc.outlet
        doc.author = item.author or doc.author
        doc.captions = tuple(item.captions or ()) or doc.captions
        if item.date:
            set_given_date(doc, item.date, f"documents[{i}].date")
        docs.append(doc)
    return docs


def upload_documents(files) -> list[Document]:
    """Uploaded files → Documents, decoded exactly as the CLI decodes files (legacy encodings, HTML)."""
    return [document_from_bytes(data, name, name) for name, data in files]


def render(job: Job) -> Union[bytes, Unusable]:
    """Decode, summarize, render and encode one request; input errors come back as `Unusable`."""
    options = job.options
    try:
        documents = upload_documents(job.files) if job.files else json_documents(job.documents)
        summary = pipeline.summarize(documents, max_words=options.max_words, order=options.order)
    except (ReadError, pipeline.InputError) as err:
        return Unusable(str(err))
    if options.format == "json" and options.include_text:
        data = summary.to_dict()
        for info, doc in zip(data["documents"], summary.cluster.documents):
            info["text"] = doc.text
        return (json.dumps(data, ensure_ascii=False) + "\n").encode("utf-8")
    return summary.render(options.format).encode("utf-8")


def feed_articles(items):
    """Digest articles → feed Articles, read as `tomtat cluster` reads an articles JSONL line, except that a
    malformed date is refused (422) as /v1/summarize refuses it, not skipped with a warning."""
    from ..stories.feed import article_from_object
    from ..time.docdate import parse_iso_date

    out = []
    for i, item in enumerate(items):
        where = f"articles[{i}]"
        if item.date:
            try:
                parse_iso_date(item.date)
            except ValueError as err:
                raise ReadError(f"{where}.date: {err}") from None
        try:
            out.append(article_from_object(item.model_dump(exclude_none=True), where))
        except ReadError as err:
            raise ReadError(f"{where}: {err}") from None
    return out


def render_digest(job: DigestJob) -> Union[bytes, Unusable]:
    """Cluster the feed, summarize its threads and render the digest; bad articles come back as `Unusable`."""
    from ..stories.cluster import cluster_articles
    from ..stories.digest import build_digest
    from ..stories.render import RENDERERS, digest_dict

    options = job.options
    try:
        stories = cluster_articles(feed_articles(job.articles))
        digest = build_digest(stories, min_size=options.min_size, top=options.top, max_words=options.max_words)
    except (ReadError, pipeline.InputError) as err:
        return Unusable(str(err))
    if options.format == "json":
        return (json.dumps(digest_dict(digest), ensure_ascii=False) + "\n").encode("utf-8")
    return RENDERERS[options.format](digest).encode("utf-8")


def store_digest(job: StoreDigestJob) -> Union[bytes, Unusable]:
    """The day's digest JSON as `tomtat digest --store --day` makes it, read from the store read-only, not saved."""
    from ..store import StoreError
    from ..store.digests import build
    from ..store.views import open_reader

    try:
        store = open_reader(job.db)
        try:
            content, _entries = build(store, day=job.day, max_words=job.max_words)
        finally:
            store.close()
    except StoreError as err:
        return Unusable(str(err))
    return (json.dumps(content, ensure_ascii=False) + "\n").encode("utf-8")


def run(job: Union[Job, DigestJob, StoreDigestJob]) -> Union[bytes, Unusable]:
    """The worker's task: a digest for a `DigestJob`, a store's digest for a `StoreDigestJob`, a summary for a `Job`."""
    if isinstance(job, StoreDigestJob):
        return store_digest(job)
    return render_digest(job) if isinstance(job, DigestJob) else render(job)


def warm_up() -> None:
    """Load the word segmenter and the scoring model once per worker, before its first request."""
    pipeline.summarize([WARM_UP_TEXT])
