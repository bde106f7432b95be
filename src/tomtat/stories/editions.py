"""Editions of yearly events an article names ("kỳ thi THPT quốc gia 2018", "SEA Games 2019"): the 2018 and the
2019 exams are different occasions, however alike their articles (the same desk, words, even days: "điểm thi
công bố ngày 11-7" both years). Names in data/editions.txt; read from the whole text, so an article that
recalls an earlier edition names both years and conflicts with neither."""
from __future__ import annotations

import os
import re
from functools import lru_cache

from ..text.normalize import match_key

DATA = os.path.join(os.path.dirname(__file__), "data", "editions.txt")
MAX_EDITIONS = 16     # (name, year) pairs kept per article


@lru_cache(maxsize=1)
def _table() -> tuple[re.Pattern, dict[str, str]]:
    """One pattern for every spelling followed by a year, and each spelling's event name."""
    name_of: dict[str, str] = {}
    with open(DATA, encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            spellings = [s.strip() for s in line.split("|") if s.strip()]
            for s in spellings:
                name_of[s] = spellings[0]
    alternatives = "|".join(re.escape(s) for s in sorted(name_of, key=len, reverse=True))
    pattern = re.compile(r"(?<!\w)(" + alternatives + r")\s+(?:năm\s+)?((?:19|20)\d\d)(?!\d)")
    return pattern, name_of


def find_editions(text: str) -> frozenset[tuple[str, int]]:
    """(event name, year) of each yearly event the text names with a year."""
    pattern, name_of = _table()
    out: set[tuple[str, int]] = set()
    for m in pattern.finditer(match_key(text)):
        out.add((name_of[m.group(1)], int(m.group(2))))
        if len(out) >= MAX_EDITIONS:
            break
    return frozenset(out)


def edition_conflict(a: frozenset[tuple[str, int]], b: frozenset[tuple[str, int]]) -> bool:
    """Both name one yearly event and give it no year in common."""
    if not a or not b:
        return False
    years_a, years_b = _years(a), _years(b)
    return any(not (years_a[n] & years_b[n]) for n in years_a.keys() & years_b.keys())


def _years(editions: frozenset[tuple[str, int]]) -> dict[str, set[int]]:
    out: dict[str, set[int]] = {}
    for name, year in editions:
        out.setdefault(name, set()).add(year)
    return out
