"""The one data model every stage shares: a Cluster of Documents made of Sentences.

Sentences are spans (start, end) of their document's decoded text, so provenance survives every stage
untouched: cleaning only marks spans as dropped, segmentation only cuts kept spans, and scoring and
selection only read the tokens computed once by segmentation.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field


@dataclass
class SentenceDate:
    """When a sentence's event happened (contract: sentences[].date), and how that was found.

    basis "text": from the sentence's first date expression, whose span start/end index Document.text;
    basis "document": the sentence names no date and carries its article's. `value` is ISO 8601 to the
    precision written, the year left out when it cannot be known ("--07-18").
    """

    value: str
    precision: str                  # day / month / year
    basis: str                      # text / document
    start: int | None = None
    end: int | None = None
    sort_key: tuple[int, int, int] | None = None   # solar start of the period; None when the year is unknown
    part: str | None = None         # early / mid / late ("đầu/giữa/cuối tháng 7")
    period: str | None = None       # week / quarter / half (value is the period's start)
    calendar: str | None = None     # "lunar" when value is a lunar date that could not be converted
    lunar: str | None = None        # the lunar date written, when value is its solar conversion
    text: str = ""                  # the expression as written
    how: str = ""                   # how it was resolved (shown by --explain)


@dataclass
class Sentence:
    """One sentence of a cleaned document, with everything later stages need precomputed."""

    doc: int            # index of the document in its cluster
    index: int          # index among the document's kept sentences
    start: int          # code-point offsets into Document.text
    end: int
    text: str           # as shown: NFC, inner whitespace collapsed, the article's own spelling
    key: str = ""       # for matching: NFC, lowercase, canonical tone placement
    syllables: list[str] = field(default_factory=list)  # \w+ runs of key
    words: list[str] = field(default_factory=list)      # word segments of key ("tuyên_bố")
    paragraph: int = 0              # paragraph index within the document
    position_in_paragraph: int = 0  # sentence index within its paragraph
    date: SentenceDate | None = None
    in_sapo: bool = False           # part of the sapo found in the text (a candidate like any other)

    @property
    def length(self) -> int:
        """Length in budget units: whitespace-separated tokens (contract: syllables)."""
        return len(self.text.split())


@dataclass
class Dropped:
    """A span cleaning removed, and why (shown by --explain)."""

    start: int
    end: int
    reason: str
    text: str


@dataclass
class Part:
    """A piece of an article's structure: its headline, sapo, byline or dateline (shown by --explain).

    start/end are offsets into Document.text when the part was found in the text, None when it came
    from a field (JSONL `title`/`anchor_text`, API `title`) or a page's metadata (HTML title/description).
    """

    kind: str                 # "headline" | "sapo" | "byline" | "dateline"
    text: str
    basis: str                # how it was found: "field", "page title", "first line", "capitals line", ...
    start: int | None = None
    end: int | None = None


@dataclass
class Document:
    """One article. `text` is the decoded text all offsets point into."""

    text: str
    source: str = ""
    title: str = ""
    sapo: str = ""                 # the lead paragraph when given apart from the body (AbMuSu anchor_text)
    encoding: str = "utf-8"
    date: _dt.date | None = None   # publication date (see date_precision), or None
    date_basis: str | None = None  # "metadata" (a date field, HTML meta/JSON-LD) or "dateline" (a line in the text)
    date_precision: str = "day"    # a `date` field may give only "2022-01" (month) or "2022" (year)
    date_how: str = ""             # where the date was found (shown by --explain)
    sentences: list[Sentence] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)
    title_key: str = ""            # matching forms of title and sapo, computed with the sentences
    sapo_key: str = ""             # of the sapo field, else of the sapo found in the text
    parts: list[Part] = field(default_factory=list)   # headline/sapo/byline/dateline, given or found


@dataclass
class Cluster:
    """The articles of one story, processed once and shared by every scorer."""

    documents: list[Document]
    id: str | None = None

    @property
    def sentences(self) -> list[Sentence]:
        return [s for d in self.documents for s in d.sentences]
