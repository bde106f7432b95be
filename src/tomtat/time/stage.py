"""The dating stage (after segmentation): each sentence's date, from its text or its article's date.

A sentence is dated by the expression that dates what it reports (roles.py): its first event date, else
its last statement date, else a "sau khi" clause's, else its first deadline; a birth year, a law's or plan's year, a comparison
baseline, a term of office, a registration year, a contract month or a report's period never dates it.
With none of those, the sentence carries its article's date.

`infer_story_dates` (issue 17.3, in part): an article without a date of its own, in a story whose dated
articles agree (two or more, all within STORY_DAYS of each other), is read against the earliest of
those dates; what that gives is marked basis "inferred" and shown as approximate ("khoảng").
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
from functools import lru_cache
from typing import Callable

from ..model import Cluster, Document, SentenceDate
from .expressions import HOLD_VERBS, Expression, find_expressions, with_role
from .resolve import Resolved, iso, resolve
from .roles import CONTRAST, DATING, DEADLINE, EVENT, PRECEDING, STATEMENT


def document_date(doc: Document) -> SentenceDate | None:
    """The article's own date as a sentence date (basis "document"), or None when it has none."""
    if doc.date is None:
        return None
    d, precision = doc.date, doc.date_precision
    value = iso(d.year, d.month if precision != "year" else None, d.day if precision == "day" else None)
    return SentenceDate(value=value, precision=precision, basis="document", sort_key=(d.year, d.month, d.day),
                        how=f"no date in the sentence: the article's date ({doc.date_basis or 'given'})")


_PRECISION = {"year": 0, "month": 1, "day": 2}
# A span from a written year up to now ("từ năm 2006 đến nay"): what was said is of that span, not a plan or
# background; not a count's window from a part of this year ("bắt từ đầu tháng 6 tới nay lên 700 người, cảnh sát
# hôm nay thông báo": the figure of the day it was given).
_TO_NOW = re.compile(r"\s*(?:cho\s+)?(?:đến|tới)\s+(?:nay|hiện\s+nay|bây\s+giờ)(?!\w)")


def choose(expressions: list[Expression], ref: dt.date | None, precision: str = "day",
           usable: Callable[[Expression], bool] | None = None,
           context: tuple[str, int, int] | None = None) -> tuple[tuple[Expression, Resolved] | None, list[Expression]]:
    """The expression that dates a sentence, resolved: the first event (the first "contrast", the second part of a
    contrast, ahead of it), else the last statement, else the first "preceding" (a "sau khi" clause's), else the
    first deadline. A statement more precise than the event wins over it: in "Ngày 18/7, Bộ trưởng cho biết dự án
    sẽ khởi công trong năm nay" or "Ngày 5/3, ông cho biết công ty thành lập năm 2001" the coarser date is the
    plan or the background, and the sentence reports what was said on 18/7 or 5/3; in "văn bản ký ngày 22/7 cho
    hay, ngày 13/6, tại phiên toà ..." the event (13/6) wins, and so does a span that runs up to now ("Chiều 3/11,
    ông cho hay việc thực hiện kết luận từ năm 2006 đến nay vẫn còn tồn tại": 2006).
    Expressions that cannot be resolved are passed over.
    A day written without its year in a sentence that names its occasion with a year ("Chiều 23-2, Thủ tướng dự
    hội nghị ... Xuân Kỷ Hợi 2019") takes the occasion's year (`occasion_year`).

    context: (lowercased text, sentence start, end) when the expressions were found without their roles
    (find_expressions(roles=False)): roles are then read only as far as needed (an event dated to the day
    ends the search). Also returns the expressions looked at, with their roles.
    """
    event = contrast = statement = preceding = deadline = None
    examined: list[Expression] = []
    for k, e in enumerate(expressions):
        if context is not None:
            e = with_role(expressions, k, *context)
        if (e.role == DEADLINE and e.year is not None and ref is not None and context is not None
                and e.year < ref.year - OLD_DEADLINE_YEARS
                and (_BEFORE_WORD.search(context[0], 0, e.start) or e.text.lower().startswith("trước"))):
            e = dataclasses.replace(e, role="bound")    # "có trước năm 1975": a time limit long past is a bound
        elif e.role == DEADLINE and e.direction == "past":
            e = dataclasses.replace(e, role="bound")    # "trước Tết Nguyên đán vừa qua": a limit is never past
        elif (e.role in (EVENT, STATEMENT) and examined and examined[-1].role == PRECEDING and context is not None
              and _CLAUSE_END.search(context[0], examined[-1].end, e.start) is None
              and _after_main_clause(context[0], context[1], examined[-1].start)):
            e = dataclasses.replace(e, role=PRECEDING)  # still in the "sau khi" clause that ends the sentence ("...,
            #                                             sau khi Hải quân hôm 15.7 thông báo đóng cửa ... từ ngày 16-20/7")
        examined.append(e)
        if e.role not in DATING or (usable is not None and not usable(e)):
            continue
        named = e.role == EVENT and event is not None and _named_year(event[0]) and not _named_year(e)
        framed = (e.role == EVENT and event is not None and event[1].precision == "year" and event[0].year is not None
                  and e.year is None and e.month is not None and e.kind not in ("relative", "weekday") and not e.lunar
                  and event[1].sort_key is not None and context is not None
                  and (event[0].kind == "name-year"
                       or context[0][context[1]:event[0].start].strip(' "“(') in _FRAME_LEAD))
        if framed:              # "Năm 2019, cuộc thi ... được tổ chức từ ngày 25 đến 27-7": the days of that year
            y, own = event[1].sort_key[0], resolve(e, ref, precision)
            if own is not None and (e.day is None or _valid(y, e.month, e.day)):
                d = (y, e.month, e.day or 1)
                event = (e, Resolved(iso(y, e.month, e.day), "day" if e.day else "month", d,
                                     f"{'day and month' if e.day else 'month'}; year: that of '{event[0].text}' before it",
                                     part=own.part, period=own.period))
                if e.day is not None and not _may_follow(expressions, k, context, CONTRAST):
                    break
                continue
        if ((e.role == EVENT and event is not None and not named) or (e.role == DEADLINE and deadline is not None)
                or (e.role == PRECEDING and preceding is not None) or (e.role == CONTRAST and contrast is not None)):
            continue
        r = resolve(e, ref, precision)
        if r is None or (named and _PRECISION[r.precision] < _PRECISION[event[1].precision]):
            continue            # (a coarser date does not replace a named one: "tết Bính Thân năm 2016")
        if e.role == EVENT:
            event = (e, r)      # (named: a year in a name gives way to a later event written as a date, "đăng
            #                      quang Hoa hậu ... 2018 sau đêm chung kết ngày 9/3")
            if r.precision == "day" and not _named_year(e) and not _may_follow(expressions, k, context, CONTRAST):
                break           # no statement can be more precise, and no contrast follows
        elif e.role == CONTRAST:
            contrast = (e, r)
        elif e.role == STATEMENT:
            statement = (e, r)
        elif e.role == PRECEDING:
            preceding = (e, r)
        else:
            deadline = (e, r)
    event = contrast or event
    if (event is not None and _named_year(event[0]) and preceding is not None
            and _PRECISION[preceding[1].precision] > _PRECISION[event[1].precision]):
        event = preceding       # "đăng quang Hoa hậu Biển 2016 sau đêm chung kết tối 4/6": right after that day
    if event is not None and statement is not None:
        found = statement if (_PRECISION[statement[1].precision] > _PRECISION[event[1].precision]
                              and not (context is not None and event[0].year is not None
                                       and _TO_NOW.match(context[0], event[0].end))) else event
    else:
        found = event or statement or preceding or deadline
    if found is not None and context is not None:
        found = written_beside(found, expressions, context, ref, precision)
        found = anchored(found, expressions, examined, context, ref)
        found = listed_year(found, expressions, context)
        found = occasion_year(found, expressions, examined, context, ref)
    if found is not None:
        found = report_year(found, examined)
    return found, examined


_THAT_IS = re.compile(r"\s*\(\s*(?:tức|nhằm)(?:\s+là)?(?:\s+ngày)?\s*")
_APPOSED = re.compile(r"\s*,\s*")


def written_beside(found: tuple[Expression, Resolved], expressions: list[Expression], context: tuple[str, int, int],
                   ref: dt.date | None, precision: str = "day") -> tuple[Expression, Resolved]:
    """A lunar or relative date followed by the same day in the solar calendar, in brackets after "tức"/"nhằm"
    ("trưa 30 Tết (tức ngày 4/2)", "Ngày 26/8 âm lịch vừa qua (tức ngày 5/10/2018)", "hôm qua (tức ngày 4/7)"): the
    solar day written is the value, as the guidelines ask; beside a relative day it is the one nearest the
    article's date, either side, as in "hôm qua (4/7)". So is a day written after a comma right after a weekday or
    a relative day or week ("Chủ nhật này, ngày 17-3, đoàn ... sẽ ...", "sáng mai, thứ Ba, ngày 23/10/2018", "ký ngày
    thứ sáu tuần trước, 8-3"): the same day said twice."""
    e, r = found
    if not (e.lunar or e.kind in ("relative", "weekday")):
        return found
    x = next((x for x in expressions if x.start >= e.end), None)
    if x is None or x.lunar or x.day is None or x.month is None:
        return found
    that_is = e.kind != "weekday" and _THAT_IS.fullmatch(context[0], e.end, x.start) is not None
    apposed = ((e.kind == "weekday" or (e.kind == "relative" and e.unit in ("day", "week")))
               and x.rule != "day_month_after_today"      # (not another relative day: "phiên hôm qua, sáng nay (6/2)")
               and _APPOSED.fullmatch(context[0], e.end, x.start) is not None)
    if not (that_is or apposed):
        return found
    if e.kind == "relative" and x.year is None and (that_is or e.unit == "day"):
        x = dataclasses.replace(x, rule="day_month_after_today")     # (resolved nearest the article, either side)
    own = resolve(x, ref, precision)
    if own is None:
        return found
    if e.lunar and x.year is None and r.precision == "day" and r.sort_key is not None:
        lunar_day = dt.date(*r.sort_key)                              # the solar day nearest the lunar one's
        days = [dt.date(lunar_day.year + k, x.month, x.day) for k in (-1, 0, 1) if _valid(lunar_day.year + k, x.month, x.day)]
        if days:
            d = min(days, key=lambda c: abs((c - lunar_day).days))
            own = Resolved(d.isoformat(), "day", (d.year, d.month, d.day),
                           f"day and month; year: that of '{' '.join(e.text.split())}' beside it", part=own.part)
    if e.lunar and r.lunar is not None and r.value == own.value:
        own = dataclasses.replace(own, lunar=r.lunar, lunar_leap=r.lunar_leap)   # (the lunar date, as a note)
    return dataclasses.replace(x, role=e.role), own


def anchored(found: tuple[Expression, Resolved], expressions: list[Expression], examined: list[Expression],
             context: tuple[str, int, int], ref: dt.date | None) -> tuple[Expression, Resolved]:
    """A relative date, a weekday or a lunar day without its year ("hôm qua", "thứ Bảy", "dịp Tết Nguyên đán") in a
    sentence that says, with a day written in full or as day and month, when it was said ("Fidel Castro sẽ được hoả
    táng vào ngày thứ Bảy, Telegraph ngày 26/11 dẫn tuyên bố ...") counts from that day, not from the article's: the
    sentence gives its own anchor."""
    e, r = found
    lunar = e.lunar and e.year is None and e.canchi is None and e.year_offset is None   # ("dịp Tết", "rằm tháng 7")
    if (e.kind not in ("relative", "weekday") and not lunar) or r.sort_key is None or ref is None:
        return found
    for k, x in enumerate(expressions):
        if (x.kind not in ("full", "day-month") or x.lunar or x.day is None or x.month is None
                or x.direction == "future" or x.future_cue):
            continue            # (a day ahead, "vào ngày 6-7/4 tới đây", is no time of saying)
        x = examined[k] if k < len(examined) else with_role(expressions, k, *context)
        if x.role != STATEMENT:
            continue
        anchor = resolve(x, ref, "day")
        if anchor is None or anchor.precision != "day" or anchor.sort_key is None:
            return found
        again = resolve(e, dt.date(*anchor.sort_key), "day")
        if again is None or again.sort_key is None:
            return found
        return e, dataclasses.replace(again, how=f"{again.how}; counted from '{' '.join(x.text.split())}', when it was said")
    return found


_LISTED = re.compile(r"\s*(?:,|và|hoặc|hay|đến|tới|cho\s+đến|-|–)\s*(?:hết\s+)?")


def listed_year(found: tuple[Expression, Resolved], expressions: list[Expression],
                context: tuple[str, int, int]) -> tuple[Expression, Resolved]:
    """A month or a day without its year, listed with the next one that has it ("Tháng 5 và tháng 6/2017, ông đã
    tới ...", "từ giữa tháng 6 đến tháng 12/2016", "ngày 30/6 và 1/7/2019"), is in that year when it does not come
    after it in the calendar: the year written once at the end of a list is the list's."""
    e, r = found
    if (e.year is not None or e.month is None or e.lunar or e.short_year is not None or r.sort_key is None
            or e.kind not in ("month", "day-month") or e.quarter is not None or e.half is not None):
        return found
    k = next((i for i, x in enumerate(expressions) if x.start == e.start), None)
    if k is None or k + 1 >= len(expressions):
        return found
    x = expressions[k + 1]
    lower = context[0]
    if (x.year is None or x.month is None or x.lunar or x.kind not in ("month-year", "full")
            or (e.day is None) != (x.day is None) or (e.month, e.day or 0) > (x.month, x.day or 0)
            or _LISTED.fullmatch(lower, e.end, x.start) is None):
        return found
    if e.day is not None and not _valid(x.year, e.month, e.day):
        return found
    how = f"year: that of '{' '.join(x.text.split())}', listed with it"
    if e.day is None:
        return e, Resolved(iso(x.year, e.month), "month", (x.year, e.month, 1), f"month; {how}", part=r.part)
    return e, Resolved(iso(x.year, e.month, e.day), "day", (x.year, e.month, e.day), f"day and month; {how}",
                       part=r.part, period=r.period)


# A year that opens the sentence frames it, and so does an occasion named with its year that the sentence takes
# part in ("Chung kết Miss Universe 2016 sẽ diễn ra vào ngày 30/1"): a later day or month without its year is in
# that year.
_FRAME_LEAD = frozenset({"", "trong", "vào", "hồi", "sang", "đến", "tới", "cuối", "đầu", "giữa"})


# "trước" a date whose written year is more than this many years before the article's: a bound, not a time limit.
OLD_DEADLINE_YEARS = 5
_BEFORE_WORD = re.compile(r"\btrước\s*(?:năm\s+|ngày\s+|tháng\s+)?$")


def report_year(found: tuple[Expression, Resolved], examined: list[Expression]) -> tuple[Expression, Resolved]:
    """A period written without its year ("trong 9 tháng đầu năm", "6 tháng đầu năm", "quý III") in a sentence
    that cites a report for a year ("Theo báo cáo tài chính quý III/2017 ..., trong 9 tháng đầu năm ...") is that
    year's: it is resolved as of the last day of the report's year."""
    e, r = found
    if e.year is not None or not (e.half is not None or e.quarter is not None or e.rule == "part_of_current"):
        return found
    year = next((x.year for x in examined if x.role == "report" and x.year is not None), None)
    if year is None or r.sort_key is None or r.sort_key[0] == year:
        return found
    again = resolve(e, dt.date(year, 12, 31), "day")
    if again is None or again.sort_key is None or again.sort_key[0] != year:
        return found
    return e, dataclasses.replace(again, how=f"{again.how}; year: that of the report cited ({year})")


def _named_year(e: Expression) -> bool:
    """A year written bare after a name or a noun ("Miss Supranational 2016", "SEA Games 2015", "Doanh thu thuần
    2017"), a spring named by its can-chi year ("giao ban đầu xuân Kỷ Hợi vào sáng 12-2") or Tết named as a
    holiday or an occasion ("nghỉ tết âm lịch từ thứ sáu (24-1) đến hết thứ năm (30-1)"): as an event's date it
    gives way to a later one written as a date."""
    return (e.kind == "name-year" or e.rule in ("year_after_noun", "lunar_tet_holiday", "named_day", "named_day_year",
                                                 "named_lunar_day")
            or (e.rule == "lunar_tet_year" and (e.day is None or e.text[:1] in "Tt")))


def _may_follow(expressions: list[Expression], k: int, context: tuple[str, int, int] | None, role: str) -> bool:
    """Whether an expression after the k-th may have `role` (a contrast: a word of contrast follows it)."""
    if k + 1 >= len(expressions):
        return False
    if context is None:
        return any(x.role == role for x in expressions[k + 1:])
    lower, _, end = context
    return _CONTRAST_WORDS.search(lower, expressions[k].end, end) is not None


_CLAUSE_END = re.compile(r"[,;:.!?\n](?!\d)")
_SAU = re.compile(r"\bsau(?:\s+khi)?\b")


def _after_main_clause(lower: str, start: int, pos: int) -> bool:
    """Whether the "sau (khi)" clause holding lower[pos] comes after the main clause (something precedes its "sau"
    in the sentence): such a clause runs to the sentence's end, while one that opens the sentence may end without a
    comma ("Sau khi thắng cử hôm 8/11 ông đã rút khỏi hiệp định ngày 20/1")."""
    found = [m.start() for m in _SAU.finditer(lower, start, pos)]
    return bool(found) and bool(lower[start:found[-1]].strip(' "“(-–'))
_CONTRAST_WORDS = re.compile(r"\b(?:thì|nhưng|song)\b")


@lru_cache(maxsize=None)
def _occasion_nouns() -> re.Pattern:
    from .data import words

    names = sorted(words()["occasion_nouns"], key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(r"\s+".join(map(re.escape, n.split())) for n in names) + r")(?!\w)")


_OCCASION_REACH = 60
_PERIOD_BEFORE = re.compile(r"(?:giai\s+đoạn|thời\s+kỳ|nhiệm\s+kỳ|tầm\s+nhìn)\s*(?:năm\s+)?$")
_TET_DAYS = 90          # a day this close to an occasion's Tết is one of the days around it, in that Tết's season
_OCCASION_WORDS = 6     # at most this many words between the occasion's noun and its year
_OCCASION_BREAK = re.compile(r"[,;:.!?](?!\d)")
# What joins an occasion to its own days ("Kỳ thi ... năm 2019 sẽ diễn ra từ ngày 25 đến 27/6").
_OWN_DAYS = re.compile(r"\s*(?:(?:sẽ|đã|dự\s+kiến|chính\s+thức|được)\s+)*(?:" + HOLD_VERBS
                       + r"|khởi\s+tranh|khởi\s+động)\s*(?:từ|vào|trong)?\s*")


def occasion_year(found: tuple[Expression, Resolved], expressions: list[Expression], examined: list[Expression],
                  context: tuple[str, int, int], ref: dt.date | None = None) -> tuple[Expression, Resolved]:
    """A day and month (or a month) without a year take the year of the occasion the sentence names with one
    ("Chiều 23-2, ... hội nghị gặp mặt các nhà đầu tư Xuân Kỷ Hợi 2019" → 23/2/2019; "họp báo thường kỳ quý I/2019
    ... chiều nay (5/4)" → 5/4/2019), unless the day is marked as ahead ("sẽ có mặt vào ngày 13/2") and is not the
    occasion's own ("Kỳ thi THPT quốc gia năm 2019 sẽ diễn ra từ ngày 25 đến 27/6": 25/6/2019). The occasion
    is a written year (alone, or a quarter's; or "năm nay", "năm tới" counted from the article) right after a word
    for an occasion (words.json occasion_nouns: "hội nghị", "kỳ thi", "chung kết", "Xuân", ...), at most
    _OCCASION_WORDS words after it in the same clause."""
    e, r = found
    if (e.month is None or e.year is not None or e.lunar or e.short_year is not None
            or e.quarter is not None or e.half is not None or e.kind in ("relative", "weekday") or r.sort_key is None):
        return found
    lower, a, b = context
    for k, x in enumerate(expressions):
        tet = x.rule in ("lunar_tet_year", "lunar_tet_holiday")      # "Xuân Kỷ Hợi 2019", "Tết Nguyên đán 2019"
        if e.role == STATEMENT and x.start > e.end and not tet:
            continue            # (when something was said is not in what it speaks of: "tối 29/3, NXB ... thông báo
            #                     tăng giá sách từ năm học 2019-2020" is 29/3 of the article's year; a Tết named after
            #                     it still places a day near it: "Ngày 20/12, ... thưởng Tết Nguyên đán 2019")
        if e.future_cue and not (x.end <= e.start and _OWN_DAYS.fullmatch(lower, x.end, e.start)):
            continue            # (a day ahead is the occasion's only when it is the occasion's own: "Kỳ thi ... năm
            #                     2019 sẽ diễn ra từ ngày 25 đến 27/6")
        year, tet_day = x.year, None
        if year is None and x.rule == "relative_unit" and x.unit == "year" and ref is not None:
            year = ref.year + x.offset                               # "Kì thi ... năm nay diễn ra từ ngày 2 đến 15-12"
        if tet and ref is not None and (x.canchi or x.year is not None):
            spring = resolve(x, ref)
            if spring is not None and spring.sort_key and spring.precision == "day":
                tet_day = dt.date(*spring.sort_key)                  # "Tết Nguyên đán Kỷ Hợi": 2019-02-05
            if year is None and x.canchi and spring is not None and spring.sort_key:
                year = spring.sort_key[0]                            # "đầu xuân Kỷ Hợi": the can-chi year's
        if (x.start == e.start or year is None or _PERIOD_BEFORE.search(lower, max(a, x.start - 20), x.start)
                or (not tet and (x.day is not None or (x.month is not None and x.quarter is None)))):
            continue            # ("giai đoạn 2011-2015" names a programme's period, not an occasion)
        lead = lower[max(a, x.start - _OCCASION_REACH):x.end]
        cuts = [m.end() for m in _OCCASION_BREAK.finditer(lead)]
        lead = lead[cuts[-1] if cuts else 0:]
        if not any(len(lead[m.end():].split()) <= _OCCASION_WORDS + len(x.text.split())
                   for m in _occasion_nouns().finditer(lead)):
            continue
        x = examined[k] if k < len(examined) else with_role(expressions, k, lower, a, b)   # its role, only now
        if x.role not in (EVENT, CONTRAST, STATEMENT, "name"):
            continue
        if tet_day is not None:  # the days around that Tết ("ngày 28/12 ... Tết Kỷ Hợi": 2018-12-28); a day far
            #                        from it keeps the year ("nghỉ lễ, Tết năm 2016 ... dịp quốc khánh 2/9": 2016)
            gap, near = min((abs((dt.date(tet_day.year + k, e.month, min(e.day or 15, 28)) - tet_day).days),
                             tet_day.year + k) for k in (-1, 0, 1))
            year = near if gap <= _TET_DAYS else (year if year is not None else tet_day.year)
        if year == r.sort_key[0]:
            return found
        occasion = " ".join(x.text.split())
        how = f"year: that of the occasion named with it ('{occasion}')"
        if e.day is None:
            return e, Resolved(iso(year, e.month), "month", (year, e.month, 1), f"month; {how}", part=r.part)
        d = dt.date(year, e.month, e.day) if _valid(year, e.month, e.day) else None
        if d is None:
            return found
        return e, Resolved(d.isoformat(), "day", (d.year, d.month, d.day), f"day and month; {how}",
                           part=r.part, period=r.period)
    return found


def _valid(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def _how(e: Expression, r: Resolved, expressions: list[Expression]) -> str:
    how = f"{e.kind} expression ({e.rule}), role {e.role}: {r.how}"
    passed = [f"'{' '.join(x.text.split())}' ({x.role})" for x in expressions if x is not e and x.role != EVENT]
    if passed:
        how += "; not the event's date: " + ", ".join(passed)
    return how


def _sentence_date(e: Expression, r: Resolved, expressions: list[Expression], start: int, end: int,
                   basis: str = "text", how_prefix: str = "") -> SentenceDate:
    return SentenceDate(
        value=r.value, precision=r.precision, basis=basis, start=start, end=end, sort_key=r.sort_key, part=r.part,
        period=r.period, calendar=r.calendar, lunar=r.lunar, lunar_leap=r.lunar_leap,
        role=EVENT if e.role == CONTRAST else e.role,
        text=" ".join(e.text.split()), how=how_prefix + _how(e, r, expressions))


def date_sentences(doc: Document, norm: str, spans: list[tuple[int, int]], orig: Callable[[int], int]) -> None:
    """Set Sentence.date for every sentence of doc; spans are the sentences' [start, end) in `norm`.

    Expressions are found on the NFC text and their offsets mapped back to Document.text with `orig`, like
    the sentences' own.
    """
    fallback = document_date(doc)
    ref = doc.date
    lower = norm.lower()
    for sentence, (a, b) in zip(doc.sentences, spans):
        sentence.date = fallback
        expressions = find_expressions(norm, a, b, lower, roles=False)
        if not expressions:
            continue
        found, examined = choose(expressions, ref, doc.date_precision, context=(lower, a, b))
        if found is not None:
            e, r = found
            sentence.date = _sentence_date(e, r, examined, orig(e.start), orig(e.end))
        elif fallback is not None:
            skipped = ", ".join(f"'{' '.join(x.text.split())}' ({x.role})" for x in examined)
            sentence.date = SentenceDate(**{**fallback.__dict__, "how": f"{fallback.how}; not the event's date: {skipped}"})


# Dated articles of one story this close together let an undated article of it be read against them.
STORY_DAYS = 7


def _story_dates(cluster: Cluster) -> tuple[dt.date, dt.date] | None:
    """The first and last day of the story's dated articles, when there are two or more, all dated to the day
    and within STORY_DAYS of each other; else None."""
    dates = [d.date for d in cluster.documents if d.date is not None]
    if len(dates) < 2 or any(d.date is not None and d.date_precision != "day" for d in cluster.documents):
        return None
    first, last = min(dates), max(dates)
    return (first, last) if (last - first).days <= STORY_DAYS else None


def infer_story_dates(cluster: Cluster) -> None:
    """Date the sentences of a cluster's undated articles from the story's dated ones (basis "inferred").

    Only when two or more articles carry a date of their own (metadata or dateline, to the day) and all lie
    within STORY_DAYS; the undated article is then read as written on the first of those days, unless its own
    text dates an event or statement to a day after the last of them (it was written later). A sentence whose
    year its text already says keeps its date; relative dates ("hôm qua", "thứ Hai") are not read against a
    guessed day.
    """
    if not any(d.date is None for d in cluster.documents):
        return
    span = _story_dates(cluster)
    if span is None:
        return
    from ..text.normalize import nfc_with_offsets

    for doc in cluster.documents:
        if doc.date is None and doc.sentences:
            _infer_document(doc, span, nfc_with_offsets)


def _infer_document(doc: Document, span: tuple[dt.date, dt.date], nfc_with_offsets) -> None:
    ref, last = span
    latest = (last.year, last.month, last.day)
    for s in doc.sentences:
        d = s.date
        if (d is not None and d.basis == "text" and d.sort_key is not None and d.precision == "day"
                and d.role in (EVENT, STATEMENT) and d.sort_key > latest):
            return              # its text tells of a day after the story's dated articles: written later
    note = (f"the article has no date; its story's dated articles are from {ref.isoformat()} to "
            f"{last.isoformat()}, so it is read as written on {ref.isoformat()}: ")
    for s in doc.sentences:
        if s.date is not None and s.date.sort_key is not None:
            continue            # its own text gave the year
        norm, back = nfc_with_offsets(doc.text[s.start:s.end])
        expressions = find_expressions(norm)
        found, expressions = choose(expressions, ref, "day", usable=lambda e: e.kind not in ("relative", "weekday"))
        if found is not None and found[1].sort_key is not None:
            e, r = found

            def at(i: int, s=s, back=back) -> int:
                return s.start + (back[i] if back is not None else i)

            s.date = _sentence_date(e, r, expressions, at(e.start), at(e.end), basis="inferred", how_prefix=note)
        elif s.date is None or s.date.basis != "text":
            s.date = SentenceDate(value=ref.isoformat(), precision="day", basis="inferred",
                                  sort_key=(ref.year, ref.month, ref.day),
                                  how=note + "no date of its event in the sentence: that day")
