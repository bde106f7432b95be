"""Find Vietnamese date expressions in text ("ngày 5/7", "hôm 12.1", "tháng trước", "rằm tháng Giêng").

One compiled regular expression (the branches of data/patterns.txt, tried in order) scans a whole
document once; a few checks that need the surrounding words (is "thứ hai" a weekday or an ordinal? is
"năm 1990" part of "những năm 1990"?) then accept or reject each match. Nothing here knows the article's
date: an Expression says what was written, resolve.py says which day it was.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .data import pattern_blocks, words


@dataclass(frozen=True)
class Expression:
    """One date expression as written: its span in the scanned text and its parsed fields."""

    start: int
    end: int
    text: str
    kind: str                   # full, day-month, month-year, month, year, quarter, weekday, relative, lunar
    rule: str                   # the patterns.txt block that matched
    day: int | None = None
    month: int | None = None
    year: int | None = None
    lunar: bool = False
    part: str | None = None     # early / mid / late (đầu, giữa, cuối, thượng/trung/hạ tuần)
    quarter: int | None = None
    half: int | None = None
    weekday: int | None = None  # 0 = Monday
    unit: str | None = None     # relative: day / week / month / year
    offset: int | None = None   # relative: how many units from the article's date (negative: before)
    year_offset: int | None = None   # "tháng 10 năm ngoái": the year relative to the article's
    direction: str | None = None     # past / future / current, or for weekdays last/this/next week
    future_cue: bool = False         # "sẽ", "dự kiến", ... shortly before it in the same clause
    future_later: bool = False       # such a word later in the same sentence ("Sáng 10/10, hội nghị sẽ ...")


def _alternation(keys) -> str:
    """Words → a regex alternation, longest first, spaces as \\s+."""
    return "|".join(r"\s+".join(map(re.escape, k.split())) for k in sorted(keys, key=len, reverse=True))


_NUM_START = r"(?<![\w/.,-])"
_PLACEHOLDER = re.compile(r"\{([A-Z]+)(?::(\w+))?\}")


def _placeholders() -> dict[str, str]:
    w = words()
    return {
        "D": _NUM_START + r"(?P<{g}>0?[1-9]|[12]\d|3[01])(?!\d)",
        "M": r"(?P<{g}>0?[1-9]|1[0-2])(?!\d)",
        "Y": r"(?P<{g}>1[89]\d\d|2[01]\d\d)(?![\w/]|[.,]\d)",
        "N": _NUM_START + r"(?P<{g}>\d{1,3}|" + _alternation(w["numbers"]) + r")(?!\w)",
        "MW": r"(?P<{g}>1[0-2]|0?[1-9]|" + _alternation(w["month_words"]) + r")(?!\w)",
        "WD": r"(?P<{g}>" + _alternation(w["weekdays"]) + r")(?!\w)",
        "TOD": r"(?P<{g}>" + _alternation(w["times_of_day"]) + r")(?!\w)",
        "PART": r"(?P<{g}>" + _alternation(w["parts"]) + r")(?!\w)",
        "UNIT": r"(?P<{g}>" + _alternation(w["relative_units"]) + r")(?!\w)",
        "AGOUNIT": r"(?P<{g}>" + _alternation(w["ago_units"]) + r")(?!\w)",
        "UOFF": r"(?P<{g}>" + _alternation(w["unit_offsets"]) + r")(?!\w)",
        "MOD": r"(?P<{g}>" + _alternation(w["date_modifiers"]) + r")(?!\w)",
        "WMOD": r"(?P<{g}>" + _alternation(w["weekday_modifiers"]) + r")(?!\w)",
    }


_GROUP_NAMES = {"D": "d", "M": "m", "Y": "y", "N": "n", "MW": "mw", "WD": "wd", "TOD": "tod", "PART": "part",
                "UNIT": "unit", "AGOUNIT": "unit", "UOFF": "rel", "MOD": "mod", "WMOD": "wrel"}


@lru_cache(maxsize=None)
def grammar() -> tuple[re.Pattern, tuple[tuple[str, str, dict[str, str]], ...]]:
    """The one scanning regex, and per branch (kind, rule, {prefixed group name: field name})."""
    holders = _placeholders()
    branches, info = [], []
    for k, (kind, name, template) in enumerate(pattern_blocks()):
        fields: dict[str, str] = {}

        def expand(m: re.Match, k=k, fields=fields) -> str:
            field = m.group(2) or _GROUP_NAMES[m.group(1)]
            group = f"b{k}_{field}"
            fields[group] = field
            return holders[m.group(1)].replace("{g}", group)

        body = _PLACEHOLDER.sub(expand, template)
        # Literal named groups in the template ((?P<ram>...)) get the branch prefix too.
        for literal in re.findall(r"\(\?P<(\w+)>", template):
            fields[f"b{k}_{literal}"] = literal
        body = re.sub(r"\(\?P<(?!b\d+_)(\w+)>", lambda m, k=k: f"(?P<b{k}_{m.group(1)}>", body)
        branches.append(f"(?P<b{k}>(?<!\\w)(?:{body}))")
        info.append((kind, name, fields))
    return re.compile("|".join(branches), re.IGNORECASE | re.VERBOSE), tuple(info)


@lru_cache(maxsize=None)
def _future_cue() -> re.Pattern:
    return re.compile(r"(?<!\w)(?:" + _alternation(words()["future_cues"]) + r")(?!\w)", re.IGNORECASE)


_CLAUSE_BREAK = re.compile(r"[.,;:!?\n()\"“”]")
_WORDS_AFTER = re.compile(r"\W*(\S+)")


def _word_before(text: str, pos: int, n: int = 1) -> str:
    """The n words just before pos, lowercased, when only spaces separate them from it ('' otherwise)."""
    m = re.search(r"(\w+(?:[ \t]+\w+){0,%d})[ \t]+$" % (n - 1), text[max(0, pos - 40):pos])
    return m.group(1).lower() if m else ""


def _word_after(text: str, pos: int) -> str:
    m = _WORDS_AFTER.match(text, pos, min(len(text), pos + 40))
    return m.group(1).lower().strip(".,;:!?)\"”") if m else ""


def _number(value: str) -> int | None:
    value = " ".join(value.lower().split())
    if value.isdigit():
        return int(value)
    w = words()
    return w["numbers"].get(value) or w["roman"].get(value)


def _month(value: str) -> int | None:
    value = " ".join(value.lower().split())
    return int(value) if value.isdigit() else words()["month_words"].get(value)


def _valid_day(day: int | None, month: int | None, year: int | None) -> bool:
    if day is None or month is None:
        return True
    limit = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    if year is not None and month == 2 and not (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)):
        limit = 28
    return day <= limit


def _build(m: re.Match, text: str, kind: str, rule: str, fields: dict[str, str], limit: int) -> Expression | None:
    """Parse a match into an Expression, or None when the words around it say it is no date."""
    g = {field: m.group(group) for group, field in fields.items() if m.group(group) is not None}
    w = words()
    low = {k: " ".join(v.lower().split()) for k, v in g.items()}
    before = _word_before(text, m.start())
    before2 = _word_before(text, m.start(), 2)
    if "tod" in g and before in w["not_time_of_day_after"] and m.group(0).lower().startswith(low["tod"]):
        return None                                      # "ánh sáng qua", "bóng tối qua"
    f: dict = {"kind": kind, "rule": rule}
    day = _number(g.get("d") or g.get("d2") or "") if (g.get("d") or g.get("d2")) else None
    month_text = g.get("m") or g.get("m2") or g.get("mw") or g.get("lm")
    month = _month(month_text) if month_text else None
    if "mw" in g and not g["mw"].isdigit() and low["mw"] not in w["lunar_month_words"] and not g["mw"][0].isupper():
        return None                                      # "tháng năm" (time), unlike "tháng Năm" (May)
    if "ram" in g:
        day = 15
    year = int(g["y"]) if "y" in g else None
    if not _valid_day(day, month, year):
        return None
    if m.group(0).lower().startswith("tháng") and re.search(r"\d\s+$", text[max(0, m.start() - 8):m.start()]):
        return None                                      # "kéo dài 6 tháng 10 ngày": a duration, not October
    f.update(day=day, month=month, year=year)
    if kind == "lunar":
        f["lunar"] = True
        if rule in ("lunar_tet", "lunar_tet_holiday") and month is None:
            f["month"] = 1
        if rule == "lunar_tet_holiday":
            f["day"] = 1
    if "part" in g:
        f["part"] = w["parts"][low["part"]]
    if "q" in g:
        f["quarter"] = _number(g["q"])
    if "half" in g:
        f["half"] = 1 if low["half"] == "đầu" else 2
    for key in ("qyr", "ry"):
        if key in g:
            f["year_offset"] = w["unit_offsets"][low[key]]
    if "qmod" in g:
        f["direction"] = w["date_modifiers"][low["qmod"]]
    if "mod" in g:
        f["direction"] = w["date_modifiers"][low["mod"]]
    if "wd" in g:
        f["weekday"] = w["weekdays"][low["wd"]]
    if rule == "weekday":
        day_word = g["wd"].split()[-1]
        has_context = bool(g.get("tod")) or bool(g.get("wrel")) or m.group(0).lower().split()[0] in (
            "hôm", "ngày", "vào", "từ", "đến", "hồi")
        if not (has_context or low["wd"] == "chủ nhật" or (day_word[0].isupper() and not day_word.isdigit())):
            return None                                  # "vấn đề thứ hai", "lần thứ 3": ordinals
        if "wrel" in g:
            f["direction"] = w["weekday_modifiers"][low["wrel"]]
    if kind == "year" and (before in w["not_a_year_before"] or before2 in w["not_a_year_before"]):
        return None                                      # "những năm 1990", "thập niên 1980"
    if rule == "year_after_preposition" and _word_after(text, m.end()) in w["count_nouns_after_number"]:
        return None                                      # "từ 2000 người", "sau 2000 năm"
    if rule in ("relative_unit", "ago", "ago_cach_day"):
        unit = w["ago_units"][low["unit"]]
        if rule == "relative_unit":
            rel = low["rel"]
            if rel in w["unit_offset_not_for"].get(low["unit"], []):
                return None                              # "mấy tháng nay" is a duration
            if before in w["plural_before_unit"] or before.isdigit() or before in w["numbers"]:
                return None                              # "những năm qua", "3 tháng qua", "một năm sau"
            f.update(unit=unit, offset=w["unit_offsets"][rel])
        else:
            n = _number(g["n"])
            if n is None:
                return None
            f.update(unit=unit, offset=-n)
    if rule == "relative_day":
        rd = low.get("rd") or low.get("rd2") or low.get("rd3")
        f.update(unit="day", offset=w["relative_days"][rd])
    if rule == "next_year":
        f.update(unit="year", offset=1)
    if rule == "part_of_current":
        if before in w["plural_before_unit"] or before.isdigit():
            return None
        f.update(unit=w["relative_units"][low["unit"]], offset=0)
    window_start = max(0, m.start() - 80)
    breaks = [b.end() for b in _CLAUSE_BREAK.finditer(text, window_start, m.start())]
    f["future_cue"] = bool(_future_cue().search(text, breaks[-1] if breaks else window_start, m.start()))
    f["future_later"] = bool(_future_cue().search(text, m.end(), min(limit, m.end() + 200)))
    return Expression(start=m.start(), end=m.end(), text=m.group(0), **f)


def find_expressions(text: str, start: int = 0, end: int | None = None) -> list[Expression]:
    """Every date expression in text[start:end], in order, none overlapping (offsets index `text`)."""
    pattern, info = grammar()
    end = len(text) if end is None else end
    found: list[Expression] = []
    pos = start
    while True:
        m = pattern.search(text, pos, end)
        if m is None:
            return found
        kind, rule, fields = info[int(m.lastgroup[1:])]
        expr = _build(m, text, kind, rule, fields, end)
        if expr is None:
            pos = m.start() + 1
            continue
        found.append(expr)
        pos = m.end()
