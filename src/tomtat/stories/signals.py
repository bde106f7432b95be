"""Event signals of an article: when and where its event happened, and the numbers its lead gives.

Word overlap tells that two articles are about the same kind of thing; the event's date and place tell
whether it is the same occasion. Two abandoned babies, "Sáng 6/10 … Hải Hậu, Nam Định" and "Chiều 12/3 …
Đông Hoà (Phú Yên)", share most of their words and nothing of this. Signals are read from the lead (the
headline, the sapo and the first sentences of the body), where a news article says what happened, when and
where; a date or place further down is as often background (an earlier case, a suspect's home town).

- days: every day-precision date the lead writes (tomtat.time), resolved against the article's own date
  when it has one; without it the year stays unknown and days are compared on the calendar, modulo a year;
- places: provinces and districts of Việt Nam, foreign countries (places.py);
- numbers: those of the headline and sapo that are not part of a date (victims, amounts, scores).

`pair_signals` turns two articles' signals into the pair model's extra features; `conflicts` is the hard
rule the linkage obeys: two articles whose event days lie more than EVENT_DAYS apart, or whose leads name
Vietnamese provinces with none in common, never share an event.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..text.normalize import nfc
from ..time.expressions import find_expressions
from ..time.resolve import resolve
from .places import Places, find_places

EVENT_DAYS = 14        # event days further apart than this (with no pair closer) are different occasions
LEAD_SENTENCES = 2     # body sentences read after the headline and sapo
LEAD_CHARS = 600       # at most this much body text
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)]*\s+|\n+")
_NUMBER = re.compile(r"(?<![\w/.,])\d+(?:[.,]\d+)*(?![\w/])")


@dataclass(frozen=True)
class EventSignals:
    days: frozenset[tuple[int | None, int, int]] = frozenset()   # (year or None, month, day)
    places: Places = Places()
    numbers: frozenset[str] = frozenset()

    def signature(self) -> tuple:
        """What the hard rule looks at: articles with equal signatures conflict with the same others."""
        return (self.days, self.places.provinces)


def lead_text(title: str, sapo: str, body_spans: list[str]) -> str:
    """Headline, sapo and the first LEAD_SENTENCES sentences of the body (at most LEAD_CHARS of it)."""
    sentences: list[str] = []
    for span in body_spans:
        for sentence in _SENTENCE_END.split(span[:LEAD_CHARS]):
            if sentence.strip():
                sentences.append(sentence)
            if len(sentences) >= LEAD_SENTENCES:
                break
        if len(sentences) >= LEAD_SENTENCES:
            break
    body = " ".join(sentences)[:LEAD_CHARS]
    return "\n".join(p for p in (title, sapo, body) if p and p.strip())


def _days(text: str, date: dt.date | None, precision: str) -> frozenset[tuple[int | None, int, int]]:
    out = set()
    ref = date if date is not None and precision == "day" else None
    for e in find_expressions(text):
        if e.lunar or e.kind not in ("full", "day-month", "relative", "weekday"):
            continue
        if e.kind in ("relative", "weekday") and ref is None:
            continue
        r = resolve(e, ref)
        if r is None or r.precision != "day" or r.calendar == "lunar":
            continue
        if r.sort_key is not None:
            out.add(r.sort_key)
        elif e.month and e.day:
            out.add((None, e.month, e.day))
    return frozenset(out)


def _numbers(text: str) -> frozenset[str]:
    spans = [(e.start, e.end) for e in find_expressions(text)]
    out = set()
    for m in _NUMBER.finditer(text):
        if any(a <= m.start() < b for a, b in spans):
            continue
        out.add(m.group().replace(",", "."))
    return frozenset(out)


def event_signals(title: str, sapo: str, body_spans: list[str], date: dt.date | None = None,
                  precision: str = "day") -> EventSignals:
    """The article's event signals from its lead (see the module docstring)."""
    lead = nfc(lead_text(title, sapo, body_spans))
    head = nfc("\n".join(p for p in (title, sapo) if p))
    return EventSignals(_days(lead, date, precision), find_places(lead), _numbers(head))


def day_gap(a: tuple[int | None, int, int], b: tuple[int | None, int, int]) -> int:
    """Days between two event days; with a year unknown on either side, the distance on the calendar."""
    if a[0] is not None and b[0] is not None:
        return abs((dt.date(*a) - dt.date(*b)).days)
    x = (dt.date(2000, a[1], a[2]) - dt.date(2000, 1, 1)).days
    y = (dt.date(2000, b[1], b[2]) - dt.date(2000, 1, 1)).days
    d = abs(x - y)
    return min(d, 366 - d)


def closest_days(a: frozenset, b: frozenset) -> int | None:
    """The smallest gap between an event day of `a` and one of `b`; None when either has none."""
    if not a or not b:
        return None
    return min(day_gap(x, y) for x in a for y in b)


def date_conflict(a: EventSignals, b: EventSignals) -> bool:
    gap = closest_days(a.days, b.days)
    return gap is not None and gap > EVENT_DAYS


def place_conflict(a: EventSignals, b: EventSignals) -> bool:
    pa, pb = a.places.provinces, b.places.provinces
    return bool(pa) and bool(pb) and not (pa & pb)


def conflicts(a: EventSignals, b: EventSignals) -> bool:
    """The hard rule: these two articles never share an event."""
    return date_conflict(a, b) or place_conflict(a, b)


SIGNAL_FEATURES = ["date_agree", "date_conflict", "place_agree", "place_conflict", "number_overlap"]


def pair_signals(a: EventSignals, b: EventSignals) -> list[float]:
    """SIGNAL_FEATURES of one pair: days within a day of each other or far apart; a shared province,
    district or country, or provinces with none in common; the Jaccard overlap of headline numbers."""
    gap = closest_days(a.days, b.days)
    pa, pb = a.places, b.places
    shared = bool(pa.provinces & pb.provinces) or bool(pa.districts & pb.districts) or bool(pa.countries & pb.countries)
    na, nb = a.numbers, b.numbers
    overlap = len(na & nb) / len(na | nb) if na and nb else 0.0
    return [float(gap is not None and gap <= 1), float(gap is not None and gap > EVENT_DAYS), float(shared),
            float(place_conflict(a, b)), overlap]
