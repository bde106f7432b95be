"""The one `summarize` function every interface (CLI, API, server, batch) calls.

read → decode/normalise/clean → segment → represent → score → select → order → render; this module
owns the middle: it turns Documents into a processed Cluster and a Cluster into a Summary.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Iterable

from .cores import prepare_all
from .model import Cluster, Document, Sentence
from .summary import Summary
from .text.clean import clean
from .text.normalize import collapse_spaces, match_key, nfc, nfc_with_offsets, syllables, without_lone_surrogates
from .text.segment import segment_words, split_spans
from .text.structure import detect as detect_structure
from .time import date_sentences, infer_story_dates

DEFAULT_MAX_WORDS = 200


class InputError(ValueError):
    """Unusable input; the message names the file (and line) and is shown as one line."""


def prepare_document(doc: Document, index: int) -> Document:
    """Clean and segment one document in place: kept spans → sentences with tokens.

    Cleaning and splitting run on the NFC form; every span is mapped back to `doc.text` offsets.
    """
    norm, back = nfc_with_offsets(doc.text)
    norm = without_lone_surrogates(norm)  # from the API or JSONL

    def orig(i: int) -> int:
        return back[i] if back is not None else i

    cleaned = clean(norm, doc.captions)
    page = doc.encoding.startswith("html")
    found = detect_structure(norm, cleaned, title=collapse_spaces(nfc(doc.title)), sapo=collapse_spaces(nfc(doc.sapo)),
                             title_basis="page title" if page else "field",
                             sapo_basis="page description" if page else "field")
    doc.dropped = [replace(d, start=orig(d.start), end=orig(d.end)) for d in cleaned.dropped]
    if doc.date is not None:
        doc.date_basis = doc.date_basis or "metadata"
    elif cleaned.date is not None:
        doc.date, doc.date_basis, doc.date_precision = cleaned.date, "dateline", "day"
        doc.date_how = next((f"dateline {d.text!r}" for d in doc.dropped if d.reason == "byline / time stamp"), "dateline")
    doc.parts = [p if p.start is None else replace(p, start=orig(p.start), end=orig(p.end)) for p in found.parts]
    doc.title = collapse_spaces(nfc(without_lone_surrogates(doc.title or found.headline)))
    doc.title_key = match_key(doc.title)
    doc.sapo_key = match_key(doc.sapo or found.sapo)
    sapo_start, sapo_end = found.sapo_span or (-1, -1)
    sentences: list[Sentence] = []
    spans: list[tuple[int, int]] = []      # the sentences' spans in `norm`, for the dating stage
    paragraph, pos_in_para, previous_end = -1, 0, None
    for a, b in cleaned.kept:
        if previous_end is None or "\n" in norm[previous_end:a]:   # a new line is a new paragraph
            paragraph, pos_in_para = paragraph + 1, 0
        previous_end = b
        for start, end in split_spans(norm, a, b):
            text = collapse_spaces(norm[start:end])
            if not any(ch.isalnum() for ch in text):
                continue
            key = match_key(text)
            sentences.append(Sentence(
                doc=index, index=len(sentences), start=orig(start), end=orig(end), text=text, key=key,
                syllables=syllables(key), words=segment_words(key),
                paragraph=paragraph, position_in_paragraph=pos_in_para, in_sapo=sapo_start <= start < sapo_end))
            spans.append((start, end))
            pos_in_para += 1
    doc.sentences = sentences
    date_sentences(doc, norm, spans, orig)
    return doc


def as_document(item: str | Document, index: int) -> Document:
    if isinstance(item, Document):
        return item
    if isinstance(item, str):
        return Document(text=item, source=f"document {index}")
    raise TypeError(f"documents must be str or Document, not {type(item).__name__}")


def build_cluster(documents: Iterable[str | Document], cluster_id: str | None = None) -> Cluster:
    """Checks the input as the CLI does: a bare string is a mistake, not N one-character articles;
    whitespace-only text is empty, as an empty file is."""
    if isinstance(documents, (str, bytes, bytearray)):
        raise TypeError(f"documents must be a list of articles (str or Document), not one {type(documents).__name__};"
                        " for a single article pass [text]")
    docs = [as_document(d, i) for i, d in enumerate(documents)]
    if not docs:
        raise InputError("no documents to summarize")
    if not any(d.text.strip() for d in docs):
        raise InputError(f"{docs[0].source or 'document 0'}: empty text" if len(docs) == 1
                         else f"all {len(docs)} documents are empty")
    cluster = Cluster(documents=prepare_all(docs, prepare_document), id=cluster_id)
    infer_story_dates(cluster)      # an undated article read against its story's dated ones (basis "inferred")
    return cluster


ORDERS = ("time", "source")


def summarize_cluster(cluster: Cluster, max_words: int = DEFAULT_MAX_WORDS,
                      summarizer: str = "default", order_by: str = "time") -> Summary:
    from .extractive.features import build_context
    from .extractive.order import ordering
    from .extractive.scorers import get_scorer
    from .extractive.select import in_reading_order, select

    if max_words < 1:
        raise InputError(f"max_words must be positive, got {max_words}")
    if order_by not in ORDERS:
        raise InputError(f"order must be one of {', '.join(ORDERS)}, got {order_by!r}")
    sentences = cluster.sentences
    if not sentences:
        return Summary(cluster=cluster, sentences=[], max_words=max_words)
    ctx = build_context(cluster)
    scores = get_scorer(summarizer)(ctx)
    chosen = [sentences[i] for i in select(ctx, scores, max_words)]
    return Summary(cluster=cluster, sentences=in_reading_order(cluster, ctx, chosen, order_by), max_words=max_words,
                   scores={(s.doc, s.index): float(v) for s, v in zip(sentences, scores)},
                   order=ordering(chosen, order_by))


def summarize(documents: Iterable[str | Document], max_words: int = DEFAULT_MAX_WORDS, *,
              summarizer: str = "default", cluster_id: str | None = None, order: str = "time") -> Summary:
    """Summarize a cluster of articles about one story.

    documents: article texts (str) or `Document` objects (text + source/title/sapo).
    order: "time" (dated sentences in date order, then the rest in source order) or "source".
    Returns a `Summary` whose sentences carry their provenance (doc, sentence, start, end) and date.
    """
    return summarize_cluster(build_cluster(documents, cluster_id), max_words, summarizer, order)
