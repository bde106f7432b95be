"""The one data model every stage shares: a Cluster of Documents made of Sentences.

Sentences are spans (start, end) of their document's decoded text, so provenance survives every stage
untouched: cleaning only marks spans as dropped, segmentation only cuts kept spans, and scoring and
selection only read the tokens computed once by segmentation.
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field

# What a `date` field may say (JSONL, the HTTP API, Document(date=...)): "2022-01-13", "2022-01", "2022",
# or a timestamp whose calendar date is taken as written ("2022-01-13T07:53:00+07:00").
_ISO_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?\s*$")


def parse_date_field(value) -> tuple[_dt.date, str]:
    """(date, precision) of a date given as a field: an ISO 8601 string as above, or a date/datetime.

    Raises ValueError saying what was given and what is expected (time.docdate.parse_iso_date, for strings, is this parser).
    """
    if isinstance(value, _dt.datetime):
        return value.date(), "day"
    if isinstance(value, _dt.date):
        return value, "day"
    if not isinstance(value, str):
        raise ValueError(f"date {value!r} is not an ISO 8601 date string (e.g. \"2019-07-18\", \"2019-07\", \"2019\")")
    m = _ISO_DATE.match(value)
    if not m:
        raise ValueError(f"date {value!r} is not an ISO 8601 date (e.g. \"2019-07-18\", \"2019-07\", \"2019\")")
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    try:
        date = _dt.date(year, int(month or 1), int(day or 1))
    except ValueError:
        raise ValueError(f"date {value!r} is not a valid calendar date") from None
    return date, "day" if day else "month" if month else "year"


@dataclass
class SentenceDate:
    """When a sentence's event happened (contract: sentences[].date), and how that was found.

    basis "text": from the sentence's date expression that dates what it reports (role event, else statement,
    else deadline: tomtat.time.roles), whose span start/end index Document.text; basis "document": the sentence
    names no such date and carries its article's; basis "inferred": its article had no date and one was
    inferred from the other articles of its story (shown as approximate). `value` is ISO 8601 to the
    precision written, the year left out when it cannot be known ("--07-18").
    """

    value: str
    precision: str                  # day / month / year
    basis: str                      # text / document / inferred
    start: int | None = None
    end: int | None = None
    sort_key: tuple[int, int, int] | None = None   # solar start of the period; None when the year is unknown
    part: str | None = None         # early / mid / late ("đầu/giữa/cuối tháng 7")
    period: str | None = None       # week / quarter / half (value is the period's start)
    calendar: str | None = None     # "lunar" when value is a lunar date that could not be converted
    lunar: str | None = None        # the lunar date written, when value is its solar conversion
    text: str = ""                  # the expression as written
    how: str = ""                   # how it was resolved (shown by --explain)
    role: str | None = None         # what the expression is: event / statement / deadline (None without one)
    lunar_leap: bool = False        # the lunar date is in a leap month ("tháng 4 nhuận")


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
    """One article. `text` is the decoded text all offsets point into.

    `date` may be given as an ISO 8601 string ("2019-07-18", "2019-07", "2019"), as the JSONL and the HTTP API
    give it; it is stored as a date with its precision. A string that is no such date raises ValueError.
    """

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
    # Provenance given with the article (JSONL/API fields, a `cluster` line, a page's metadata); "" when not given.
    url: str = ""                  # the article's address (a page's canonical URL)
    id: str | None = None          # the input's own id of the article
    outlet: str = ""               # the site or agency that published it (a feed's `source`, og:site_name)
    author: str = ""               # byline from a page's metadata or an `author` field
    origin: str = ""               # where the article was first read when it came through a `cluster` line
                                   # (feed.jsonl:LINE, a file path); `source` then names the line itself
    captions: tuple[str, ...] = ()  # photo captions given with the article (a JSONL `caption` field): sentences
                                   # of the text that repeat one are dropped as captions (text/clean.py)

    def __post_init__(self) -> None:
        if self.date is not None and not (isinstance(self.date, _dt.date) and not isinstance(self.date, _dt.datetime)):
            given = self.date
            self.date, precision = parse_date_field(given)
            if isinstance(given, str):
                self.date_precision = precision
            self.date_basis = self.date_basis or "metadata"
            self.date_how = self.date_how or "the date field"


@dataclass
class Cluster:
    """The articles of one story, processed once and shared by every scorer."""

    documents: list[Document]
    id: str | None = None

    @property
    def sentences(self) -> list[Sentence]:
        return [s for d in self.documents for s in d.sentences]
