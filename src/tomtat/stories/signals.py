"""Event signals of an article: when and where its event happened, and the numbers its lead gives.

Word overlap tells that two articles are about the same kind of thing; the event's date and place tell
whether it is the same occasion. Two abandoned babies, "Sáng 6/10 … Hải Hậu, Nam Định" and "Chiều 12/3 …
Đông Hoà (Phú Yên)", share most of their words and nothing of this. Signals are read from the lead (the
headline, the sapo and the first sentences of the body), where a news article says what happened, when and
where; a date or place further down is as often background (an earlier case, a suspect's home town).

- days: every day-precision date the article writes (tomtat.time; the first MAX_DAYS), resolved against
  the article's own date when it has one; without it the year stays unknown and days are compared on the
  calendar, modulo a year. The whole text counts here: a follow-up names the day of the incident it follows
  ("vụ tai nạn đêm 21/10"), so articles of one event nearly always share a day within EVENT_DAYS, while
  two incidents of one kind rarely do; lead_days: those of the lead alone, the article's own occasion;
- places: provinces and districts of Việt Nam, foreign countries (places.py);
- numbers: those of the headline and sapo that are not part of a date (victims, amounts, scores);
  body_numbers: those of the whole text (two digits or more, the first MAX_NUMBERS): one event's articles
  repeat its ages, amounts, counts and scores, two incidents of one kind give different ones. On the choose
  split (5-fold cross-validation of the pair model) this lifted precision at recall 0.75 from 0.59 to 0.64;
  an overlap of 5-word shingles, of all names, of event words in the headline did not help.

Only dates in a role that dates what happened count (time.roles: an event, a statement, a deadline): a
birth date, a law's date, a report's period or a comparison baseline is not the article's occasion.

`pair_signals` turns two articles' signals into the pair model's extra features; `conflicts` is the hard
rule the linkage obeys: two articles whose days lie more than EVENT_DAYS apart (date_conflict), whose
leads name Vietnamese provinces with none in common, or that name one yearly event with no year in common
("kỳ thi THPT quốc gia 2018" / "2019", editions.py), never share an event.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..text.normalize import nfc
from ..time.expressions import find_expressions
from ..time.resolve import resolve
from ..time.roles import DATING
from .editions import edition_conflict, find_editions
from .places import Places, find_places

EVENT_DAYS = 10        # days further apart than this are different occasions (date_conflict)
REFERENCE_DAYS = 1     # a day written within this of another article's lead day refers to that occasion
MAX_DAYS = 16          # distinct days kept per article (the first written), so a pair costs at most 16 x 16
MAX_NUMBERS = 64       # distinct body numbers kept per article (the first written)
LEAD_SENTENCES = 2     # body sentences read after the headline and sapo
LEAD_CHARS = 600       # at most this much body text
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)]*\s+|\n+")
_NUMBER = re.compile(r"(?<![\w/.,])\d+(?:[.,]\d+)*(?![\w/])")


@dataclass(frozen=True)
class EventSignals:
    days: frozenset[tuple[int | None, int, int]] = frozenset()   # (year or None, month, day), whole text
    places: Places = Places()
    numbers: frozenset[str] = frozenset()
    lead_days: frozenset[tuple[int | None, int, int]] = frozenset()
    body_numbers: frozenset[str] = frozenset()
    title_days: frozenset[tuple[int | None, int, int]] = frozenset()
    published: frozenset[tuple[int, int, int]] = frozenset()   # the article's own day and the day before
    editions: frozenset[tuple[str, int]] = frozenset()   # yearly events named with a year (editions.py)

    def signature(self) -> tuple:
        """What the hard rule looks at: articles with equal signatures conflict with the same others."""
        return (self.days, self.lead_days, self.places.provinces, self.editions)


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


def _days(text: str, date: dt.date | None, precision: str, found=None) -> frozenset[tuple[int | None, int, int]]:
    out: set = set()
    ref = date if date is not None and precision == "day" else None
    for e in find_expressions(text) if found is None else found:
        if len(out) >= MAX_DAYS:
            break
        if e.lunar or e.kind not in ("full", "day-month", "relative", "weekday") or e.role not in DATING:
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


def _numbers(text: str, found=None, shortest: int = 1, most: int | None = None) -> frozenset[str]:
    """Numbers of `text` outside its date expressions (`found`: those expressions, when already read), of at
    least `shortest` characters, the first `most` distinct ones."""
    spans = sorted((e.start, e.end) for e in (find_expressions(text) if found is None else found))
    out: set[str] = set()
    k = 0
    for m in _NUMBER.finditer(text):
        while k < len(spans) and spans[k][1] <= m.start():
            k += 1
        if (k < len(spans) and spans[k][0] <= m.start()) or len(m.group()) < shortest:
            continue
        out.add(m.group().replace(",", "."))
        if most is not None and len(out) >= most:
            break
    return frozenset(out)


def event_signals(title: str, sapo: str, body_spans: list[str], date: dt.date | None = None,
                  precision: str = "day") -> EventSignals:
    """The article's event signals from its lead (see the module docstring)."""
    lead = nfc(lead_text(title, sapo, body_spans))
    head = nfc("\n".join(p for p in (title, sapo) if p))
    whole = nfc("\n".join(p for p in (title, sapo, *body_spans) if p))
    found = find_expressions(whole)
    title_found = [e for e in found if e.end <= len(title)] if title and whole.startswith(nfc(title)) else None
    return EventSignals(_days(whole, date, precision, found), find_places(lead), _numbers(head),
                        _days(lead, date, precision), _numbers(whole, found, shortest=2, most=MAX_NUMBERS),
                        _days(nfc(title or ""), date, precision, title_found), _published(date, precision),
                        find_editions(whole))


def _published(date: dt.date | None, precision: str) -> frozenset[tuple[int, int, int]]:
    if date is None or precision != "day":
        return frozenset()
    return frozenset((d.year, d.month, d.day) for d in (date, date - dt.timedelta(days=1)))


def _news_days(a: EventSignals, b: EventSignals) -> tuple[frozenset, frozenset, frozenset, frozenset]:
    """(a.days, b.days, a.lead_days, b.lead_days), without the days both articles were published on (or the
    day after) when neither lead writes any other day. In a dated daily feed nearly every article writes
    "sáng nay (2/7)": two articles of one day whose leads write only that day share nothing by it (an invented
    marathon and a bridge works, both "Sáng 2/7", were one event at P 0.81 on that alone). When a lead also
    recalls an earlier day ("vụ cháy đêm 12/3"), its days are kept whole: it is no longer a bare "today".
    Undated articles (VietNews, on which the models are fitted) keep every day."""
    common = a.published & b.published
    if not common or not (a.lead_days <= common and b.lead_days <= common):
        return a.days, b.days, a.lead_days, b.lead_days
    return a.days - common, b.days - common, a.lead_days - common, b.lead_days - common


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


def _far(gap: int | None, days: int = EVENT_DAYS) -> bool:
    return gap is not None and gap > days


def date_conflict(a: EventSignals, b: EventSignals) -> bool:
    """Both leads dated: their days lie more than EVENT_DAYS apart and neither text names (within
    REFERENCE_DAYS) the other's lead day, as a follow-up names the day it follows. Otherwise: every day
    one text writes lies far from every day the other writes. (Near, not equal, would let a day a body
    recalls in passing, "từ ngày 2/2 vừa qua", pull a 26/1 article of another year into the story; on the
    choose split this splits 3 of 130 same-event pairs and 134 of 228 similar_only, 71 of 151 same_thread.)"""
    if a.lead_days and b.lead_days:
        return (_far(closest_days(a.lead_days, b.lead_days)) and _far(closest_days(a.lead_days, b.days), REFERENCE_DAYS)
                and _far(closest_days(b.lead_days, a.days), REFERENCE_DAYS))
    return _far(closest_days(a.days, b.days))


def place_conflict(a: EventSignals, b: EventSignals) -> bool:
    pa, pb = a.places.provinces, b.places.provinces
    return bool(pa) and bool(pb) and not (pa & pb)


def conflicts(a: EventSignals, b: EventSignals) -> bool:
    """The hard rule: these two articles never share an event. Days count here only when both leads are
    dated: an article whose lead names no day may owe every day it writes to a quoted or recalled story
    (a roundup paragraph, "Tin liên quan"), and the pair model weighs that softer evidence instead."""
    return ((bool(a.lead_days) and bool(b.lead_days) and date_conflict(a, b)) or place_conflict(a, b)
            or edition_conflict(a.editions, b.editions))


SIGNAL_FEATURES = ["lead_date_agree", "day_shared", "date_near", "date_conflict", "place_agree", "place_conflict",
                   "number_overlap", "number_clash", "body_number_overlap", "headline_days_differ"]


def pair_signals(a: EventSignals, b: EventSignals) -> list[float]:
    """SIGNAL_FEATURES of one pair: lead days within a day of each other; the Jaccard overlap of the days
    the texts write; their closest days a few days to EVENT_DAYS apart (a follow-up, or the next bulletin of
    a series), or further; a shared province, district or country, or provinces with none in common; the
    Jaccard overlap of headline numbers, and headline numbers on both sides with none in common; the Jaccard
    overlap of the numbers of the whole texts; headlines that write different days (headline_days_differ)."""
    days_a, days_b, lead_a, lead_b = _news_days(a, b)
    gap = closest_days(days_a, days_b)
    lead_gap = closest_days(lead_a, lead_b)
    da, db = {d[1:] for d in days_a}, {d[1:] for d in days_b}   # (month, day): a year may be known on one side only
    day_shared = len(da & db) / len(da | db) if da and db else 0.0
    pa, pb = a.places, b.places
    shared = bool(pa.provinces & pb.provinces) or bool(pa.districts & pb.districts) or bool(pa.countries & pb.countries)
    na, nb = a.numbers, b.numbers
    overlap = len(na & nb) / len(na | nb) if na and nb else 0.0
    return [float(lead_gap is not None and lead_gap <= 1), day_shared, float(gap is not None and 1 < gap <= EVENT_DAYS),
            float(date_conflict(a, b)), float(shared), float(place_conflict(a, b)), overlap,
            float(bool(na) and bool(nb) and not (na & nb)), _jaccard(a.body_numbers, b.body_numbers),
            float(headline_days_differ(a, b))]


def headline_days_differ(a: EventSignals, b: EventSignals) -> bool:
    """Both headlines write a day and no day of one is the other's: "Giá vàng hôm nay 12/5" and "… 13/5" are two
    bulletins of a series, one day apart, which no other signal tells from an event and its next-day follow-up."""
    da, db = {d[1:] for d in a.title_days}, {d[1:] for d in b.title_days}
    return bool(da) and bool(db) and not (da & db)


def _jaccard(a: frozenset, b: frozenset) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0
