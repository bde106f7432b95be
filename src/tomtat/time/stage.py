"""The dating stage (after segmentation): each sentence's date, from its text or its article's date."""
from __future__ import annotations

from typing import Callable

from ..model import Document, SentenceDate
from .expressions import find_expressions
from .resolve import iso, resolve


def document_date(doc: Document) -> SentenceDate | None:
    """The article's own date as a sentence date (basis "document"), or None when it has none."""
    if doc.date is None:
        return None
    d, precision = doc.date, doc.date_precision
    value = iso(d.year, d.month if precision != "year" else None, d.day if precision == "day" else None)
    return SentenceDate(value=value, precision=precision, basis="document", sort_key=(d.year, d.month, d.day),
                        how=f"no date in the sentence: the article's date ({doc.date_basis or 'given'})")


def date_sentences(doc: Document, norm: str, spans: list[tuple[int, int]], orig: Callable[[int], int]) -> None:
    """Set Sentence.date for every sentence of doc; spans are the sentences' [start, end) in `norm`.

    The sentence's first date expression that can be resolved wins; expressions are found on the NFC
    text and their offsets mapped back to Document.text with `orig`, like the sentences' own.
    """
    fallback = document_date(doc)
    ref = doc.date
    lower = norm.lower()
    for sentence, (a, b) in zip(doc.sentences, spans):
        sentence.date = fallback
        for e in find_expressions(norm, a, b, lower):
            r = resolve(e, ref, doc.date_precision)
            if r is None:
                continue
            sentence.date = SentenceDate(
                value=r.value, precision=r.precision, basis="text", start=orig(e.start), end=orig(e.end),
                sort_key=r.sort_key, part=r.part, period=r.period, calendar=r.calendar, lunar=r.lunar,
                text=" ".join(e.text.split()), how=f"{e.kind} expression ({e.rule}): {r.how}")
            break
