"""Resolve a date expression against its article's date: which day, month or year it names.

The rules (issue 10): a date written without its year takes the most recent matching date that is not
after the article ("tháng 11" in a January 2022 article is November 2021), unless it is marked as
future ("tới", "sắp tới", or "sẽ", "dự kiến" shortly before it), which takes the next one. Relative
expressions count from the article's date. Without an article date a year that was not written cannot
be known: the value then leaves it out ("--07-18"), and expressions that only make sense relative to the
article ("hôm qua", "thứ Hai vừa qua") stay unresolved. A deadline (roles.py: "hạn chót", "phải nộp trước
ngày 25/12") always points forward unless it says "vừa qua". A two-digit year ("5/7/19") is the year with
those last digits nearest before the article's year + 10 ("19" in 2022 is 2019), or before 2040 without an
article date. Lunar dates are converted with lunar-vn (the Vietnamese calendar, UTC+7) when their lunar
year is known (written, named by its can-chi, "năm Giáp Thìn", or from the article's date), leap months
("tháng 4 nhuận") included, and otherwise stay marked as lunar. Today's date is never used.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .expressions import Expression


@dataclass(frozen=True)
class Resolved:
    """A resolved date: ISO value to the precision written, and how it was reached."""

    value: str
    precision: str                  # day / month / year
    sort_key: tuple[int, int, int] | None   # solar (y, m, d) of the period's start; None if the year is unknown
    how: str
    part: str | None = None         # early / mid / late
    period: str | None = None       # week / quarter / half
    calendar: str | None = None     # "lunar" when value is a lunar date (not converted)
    lunar: str | None = None        # the lunar date, when value is its solar conversion
    lunar_leap: bool = False        # that lunar date is in a leap month


def iso(year: int | None, month: int | None = None, day: int | None = None) -> str:
    """ISO 8601 to the precision given; an unknown year is left out the ISO way: "--07-18", "--11"."""
    head = f"{year:04d}" if year is not None else "-"
    if month is None:
        return head
    return f"{head}-{month:02d}" + (f"-{day:02d}" if day is not None else "")


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _add_months(year: int, month: int, n: int) -> tuple[int, int]:
    k = year * 12 + (month - 1) + n
    return k // 12, k % 12 + 1


def _is_future(e: Expression) -> bool:
    return e.direction == "future" or (e.direction is None and (e.future_cue or e.role == "deadline"))


# Without an article date a two-digit year is read as the latest with those digits not after this year.
SHORT_YEAR_PIVOT = 2040


def _full_year(short: int, ref: dt.date | None) -> tuple[int, str]:
    """'19' → 2019: the latest year ending in those digits not after the article's year + 10."""
    limit = ref.year + 10 if ref is not None else SHORT_YEAR_PIVOT
    year = limit - (limit - short) % 100
    basis = f"the article's year {ref.year} + 10" if ref is not None else str(SHORT_YEAR_PIVOT)
    return year, f"two-digit year '{short:02d}': the latest such year not after {basis}"


def canchi_year(name: str, not_after: int) -> int | None:
    """The latest year named `name` ("giáp thìn") not after `not_after` (the 60-year cycle)."""
    from .data import words

    w = words()
    parts = name.split()
    if len(parts) != 2 or parts[0] not in w["can"] or parts[1] not in w["chi"]:
        return None
    can, chi = w["can"].index(parts[0]), w["chi"][parts[1]]
    for year in range(not_after, not_after - 60, -1):
        if (year + 6) % 10 == can and (year + 8) % 12 == chi:
            return year
    return None


def _day_month(e: Expression, ref: dt.date) -> tuple[dt.date, str] | None:
    """The matching day/month nearest the article on the side the expression points to."""
    if e.year_offset is not None:           # "Giáng sinh năm nay", "... năm ngoái"
        d = _safe_date(ref.year + e.year_offset, e.month, e.day)
        return (d, "the year named relative to the article's") if d else None
    if e.direction == "current":
        d = _safe_date(ref.year, e.month, e.day)
        return (d, "the article's year ('này')") if d else None
    past = next((d for y in range(ref.year, ref.year - 9, -1)
                 if (d := _safe_date(y, e.month, e.day)) is not None and d <= ref), None)
    coming = next((d for y in range(ref.year, ref.year + 9)
                   if (d := _safe_date(y, e.month, e.day)) is not None and d >= ref), None)
    if e.rule == "day_month_after_today" and past and coming:
        # "hôm nay (19/9)", "ngày mai (12/11)": the day written beside today, tomorrow or yesterday lies
        # next to the article's date, on whichever side it is nearer
        d = past if (ref - past) <= (coming - ref) else coming
        return d, f"the one nearest the article's date {ref.isoformat()} (written beside 'hôm nay', 'mai', 'qua')"
    if _is_future(e):
        return (coming, f"the next one on or after the article's date {ref.isoformat()}") if coming else None
    if e.direction is None and e.future_later and coming is not None and (coming - ref).days <= SOON_DAYS:
        return coming, (f"the next one after the article's date {ref.isoformat()} (the sentence speaks of the "
                        f"future and that day is less than {SOON_DAYS} days ahead)")
    return (past, f"the latest one not after the article's date {ref.isoformat()}") if past else None


# A sentence that speaks of the future later on ("Sáng 10/10, hội nghị sẽ khai mạc") points its day
# forward when that day is this close after the article; otherwise the rule (latest not after) holds.
SOON_DAYS = 60


def _month_year(month: int, e: Expression, ref: dt.date) -> tuple[int, str]:
    if e.year_offset is not None:
        return ref.year + e.year_offset, "the year named relative to the article's"
    if e.direction == "current":
        return ref.year, "the article's year ('này')"
    ahead = (month - ref.month) % 12
    if _is_future(e) or (e.direction is None and e.future_later and 0 < ahead <= SOON_DAYS // 30):
        return (ref.year if month >= ref.month else ref.year + 1), f"the next one from the article's month ({ref:%Y-%m})"
    return (ref.year if month <= ref.month else ref.year - 1), f"the latest one not after the article's month ({ref:%Y-%m})"


def _period_year(first_month: int, e: Expression, ref: dt.date) -> tuple[int, str]:
    """Year of a quarter/half written without one: the latest that has begun by the article."""
    if e.year_offset is not None:
        return ref.year + e.year_offset, "the year named relative to the article's"
    ahead = (first_month - ref.month) % 12
    if _is_future(e) or (e.direction is None and e.future_later and 0 < ahead <= SOON_DAYS // 30):
        return (ref.year if first_month > ref.month else ref.year + 1), "the next one after the article"
    return (ref.year if first_month <= ref.month else ref.year - 1), "the latest one begun by the article"


def _lunar(e: Expression, ref: dt.date | None) -> Resolved | None:
    from lunar_vn import convert_lunar_to_solar, solar_to_lunar

    leap = 1 if e.leap else 0

    def solar(d: int, m: int, y: int, lp: int = leap) -> dt.date | None:
        try:
            return convert_lunar_to_solar(d, m, y, lp)
        except (ValueError, TypeError):
            return None

    day, month = e.day, e.month
    month_name = f"{month} nhuận" if leap else f"{month}"
    written = (f"{day}/{month_name} âm lịch" if day else f"tháng {month_name} âm lịch" if month
               else f"năm {e.canchi.title()}" if e.canchi else "năm âm lịch")
    year, how = e.year, "lunar year as written"
    if year is None and e.canchi is not None:
        if ref is None:
            return None if month is None else Resolved(
                value=iso(None, month, day), precision="day" if day else "month", sort_key=None, calendar="lunar",
                how=f"{written} năm {e.canchi.title()}, year unknown (no article date): kept as a lunar date")
        year = canchi_year(e.canchi, ref.year + 2)
        how = f"lunar year {e.canchi.title()}: the latest so named not after the article's year + 2"
    elif year is None and ref is not None and e.year_offset is not None:
        year, how = ref.year + e.year_offset, "lunar year named relative to the article's year"
        if day is not None and month is not None and (d := solar(day, month, year)) is not None and d.year > year:
            if (before := solar(day, month, year - 1)) is not None and before.year == year:
                year, how = year - 1, "the one in the solar year named relative to the article's year"
    elif year is None and ref is not None and month is not None:
        try:
            lunar_ref = solar_to_lunar(ref)
        except ValueError:      # outside the calendar library's years (1900-2100)
            return _lunar(e, None)
        year, how = lunar_ref.year, "lunar year: the latest not after the article"
        future = _is_future(e)
        first = solar(day or 1, month, year)
        if leap:                # a leap month is in few years: the nearest year that has it, on the right side
            years = range(year + 1, year + 20) if future else range(year, year - 20, -1)
            year = next((y for y in years if (d := solar(day or 1, month, y)) is not None
                         and (d >= ref if future else d <= ref)), year)
            how = f"lunar year: the {'next' if future else 'latest'} with that leap month"
        elif first is not None and not future and first > ref:
            year -= 1
        elif first is not None and future and first < ref:
            year, how = year + 1, "lunar year: the next one from the article"
    if year is None:
        if month is None:
            return None
        return Resolved(value=iso(None, month, day), precision="day" if day else "month", sort_key=None,
                        how=f"{written}, year unknown (no article date): kept as a lunar date", calendar="lunar")
    if month is None:           # a lunar year ("năm Giáp Thìn"): its solar year, sorted from its Tết
        tet = solar(1, 1, year, 0)
        return Resolved(value=iso(year), precision="year", sort_key=(tet.year, tet.month, tet.day) if tet else None,
                        how=f"{written}, {how}: lunar year {year}", lunar=iso(year))
    if day is None:
        start = solar(1, month, year)
        return Resolved(value=iso(year, month), precision="month", calendar="lunar", lunar_leap=bool(leap),
                        sort_key=(start.year, start.month, start.day) if start else None,
                        how=f"{written}, {how}: kept as a lunar month")
    d = solar(day, month, year)
    if d is None:               # no such lunar day that year, or a year the library does not cover
        return Resolved(value=iso(year, month, day), precision="day", sort_key=None, calendar="lunar",
                        lunar_leap=bool(leap), how=f"{written}, {how}: could not be converted, kept as a lunar date")
    return Resolved(value=d.isoformat(), precision="day", sort_key=(d.year, d.month, d.day), lunar=iso(year, month, day),
                    lunar_leap=bool(leap), how=f"{written}, {how}, converted to the solar calendar")


def _relative(e: Expression, ref: dt.date, ref_precision: str) -> Resolved | None:
    unit, n = e.unit, e.offset or 0
    if unit in ("day", "week") and ref_precision != "day":
        return None
    if unit == "month" and ref_precision == "year":
        return None
    if unit == "day":
        d = ref + dt.timedelta(days=n)
        return Resolved(d.isoformat(), "day", (d.year, d.month, d.day), f"{n:+d} day(s) from the article's date")
    if unit == "week":
        monday = ref - dt.timedelta(days=ref.weekday()) + dt.timedelta(weeks=n)
        return Resolved(monday.isoformat(), "day", (monday.year, monday.month, monday.day),
                        f"the week {n:+d} from the article's (value: its Monday)", part=e.part, period="week")
    if unit == "month":
        y, m = _add_months(ref.year, ref.month, n)
        return Resolved(iso(y, m), "month", (y, m, 1), f"{n:+d} month(s) from the article's", part=e.part)
    if unit == "year":
        y = ref.year + n
        return Resolved(iso(y), "year", (y, 1, 1), f"{n:+d} year(s) from the article's", part=e.part)
    return None


def _weekday(e: Expression, ref: dt.date, ref_precision: str) -> Resolved | None:
    if ref_precision != "day":
        return None
    w, direction = e.weekday, e.direction
    monday = ref - dt.timedelta(days=ref.weekday())
    weeks = {"last week": -1, "this week": 0, "next week": 1, "current": 0}
    if direction in weeks:
        d = monday + dt.timedelta(weeks=weeks[direction], days=w)
        how = "that weekday in the week named"
    elif _is_future(e):
        ahead = (w - ref.weekday()) % 7 or 7
        d, how = ref + dt.timedelta(days=ahead), "the next such weekday after the article"
    else:
        back = (ref.weekday() - w) % 7
        if back == 0 and direction == "past":
            back = 7
        d, how = ref - dt.timedelta(days=back), "the latest such weekday not after the article"
    return Resolved(d.isoformat(), "day", (d.year, d.month, d.day), how)


def resolve(e: Expression, ref: dt.date | None, ref_precision: str = "day") -> Resolved | None:
    """The date an expression names, given its article's date (or None when the article is undated).

    None when it names none that can be said (a relative date without an article date, or one that would
    fall outside the calendar, as from an article dated year 1).
    """
    try:
        return _resolve(e, ref, ref_precision)
    except (ValueError, OverflowError):
        return None


def _resolve(e: Expression, ref: dt.date | None, ref_precision: str) -> Resolved | None:
    if e.lunar:
        return _lunar(e, ref)
    if e.short_year is not None and e.day is not None and e.month is not None:
        year, how = _full_year(e.short_year, ref)
        return Resolved(iso(year, e.month, e.day), "day", (year, e.month, e.day), f"full date; {how}")
    if e.kind == "relative":
        return _relative(e, ref, ref_precision) if ref is not None else None
    if e.kind == "weekday":
        return _weekday(e, ref, ref_precision) if ref is not None else None
    if e.quarter is not None or e.half is not None:
        first = (e.quarter - 1) * 3 + 1 if e.quarter is not None else (1 if e.half == 1 else 7)
        period = "quarter" if e.quarter is not None else "half"
        year, how = (e.year, "year as written") if e.year is not None else (
            _period_year(first, e, ref) if ref is not None else (None, ""))
        if year is None:
            return Resolved(iso(None, first), "month", None, f"{period} without a year and no article date",
                            period=period)
        return Resolved(iso(year, first), "month", (year, first, 1), f"{period}, {how} (value: its first month)",
                        period=period)
    if e.day is not None and e.month is not None:
        if e.year is not None:
            return Resolved(iso(e.year, e.month, e.day), "day", (e.year, e.month, e.day), "full date as written")
        if ref is None:
            return Resolved(iso(None, e.month, e.day), "day", None, "day and month, year unknown (no article date)")
        found = _day_month(e, ref)
        if found is None:
            return None
        d, how = found
        return Resolved(d.isoformat(), "day", (d.year, d.month, d.day), f"day and month; year: {how}")
    if e.month is not None:
        if e.year is not None:
            return Resolved(iso(e.year, e.month), "month", (e.year, e.month, 1), "month and year as written",
                            part=e.part)
        if ref is None:
            return Resolved(iso(None, e.month), "month", None, "month, year unknown (no article date)", part=e.part)
        year, how = _month_year(e.month, e, ref)
        return Resolved(iso(year, e.month), "month", (year, e.month, 1), f"month; year: {how}", part=e.part)
    if e.year is not None:
        return Resolved(iso(e.year), "year", (e.year, 1, 1), "year as written", part=e.part)
    return None
