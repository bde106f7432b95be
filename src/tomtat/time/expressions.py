"""Find Vietnamese date expressions in text ("ngày 5/7", "hôm 12.1", "tháng trước", "rằm tháng Giêng").

The grammar is data (data/patterns.txt, one branch per block, tried in file order). A document is scanned
once, lowercased, for the places an expression can begin (a number, or a word some branch begins with,
read off the parsed branches themselves); at each, only the branches that can begin there are tried.
A few checks that need the surrounding words (is "thứ hai" a weekday or an ordinal? is "năm 1990" part of
"những năm 1990"?) then accept or reject each match, and roles.py (rules in data/roles.txt) says what
each expression is: an event's date, a statement's, a deadline, a birth year, a law's year, ... Nothing
here knows the article's date: an Expression says what was written, resolve.py says which date it names.
"""
from __future__ import annotations

import re
from copy import copy
from dataclasses import dataclass
from functools import lru_cache

from .data import pattern_blocks, words
from .roles import EVENT, context, role_of


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
    short_year: int | None = None    # a two-digit year as written ("5/7/19"): its century is the resolver's
    leap: bool = False               # a lunar leap month ("tháng 4 nhuận")
    canchi: str | None = None        # a lunar year by its can-chi name ("Giáp Thìn"), as "giáp thìn"
    role: str = EVENT                # what the expression is (roles.py): event, statement, deadline, birth, ...


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
        "CANCHI": r"(?P<{g}>(?:" + _alternation(w["can"]) + r")\s+(?:" + _alternation(w["chi"]) + r"))(?!\w)",
        "OCC": r"(?P<{g}>" + _alternation(w["occasions_before_day_month"]) + r")(?!\w)",
        "HOL": r"(?P<{g}>" + _alternation(w["holiday_names"]) + r")(?!\w)",
        "YNOUN": r"(?P<{g}>" + _alternation(w["nouns_before_bare_year"]) + r")(?![\w-])",
        "NDAY": r"(?P<{g}>" + _alternation(w["named_days"]) + r")(?!\w)",
        "NLDAY": r"(?P<{g}>" + _alternation(w["named_lunar_days"]) + r")(?!\w)",
    }


_GROUP_NAMES = {"D": "d", "M": "m", "Y": "y", "N": "n", "MW": "mw", "WD": "wd", "TOD": "tod", "PART": "part",
                "UNIT": "unit", "AGOUNIT": "unit", "UOFF": "rel", "MOD": "mod", "WMOD": "wrel",
                "CANCHI": "cc", "OCC": "occ", "HOL": "hol", "YNOUN": "ynoun", "NDAY": "nday", "NLDAY": "nlday"}


@dataclass(frozen=True)
class Branch:
    """One block of patterns.txt, compiled, with the words it can begin with (a superset)."""

    kind: str
    rule: str
    regex: re.Pattern
    fields: dict[str, str]      # prefixed group name → field name
    words: frozenset[str]       # lowercase words that may start a match
    numeric: bool               # a match may start with a number


def _first_words(pattern: str) -> set[str]:
    """The words a match of `pattern` can begin with, read off its parsed form ("#" = a number, "*" = anything).

    Walks the regex tree from the left through optional parts, alternatives and zero-width assertions,
    collecting literal letters until the first non-letter; so no hand-kept list can drift from the grammar.
    """
    try:
        from re import _constants as c
        from re import _parser as parser
    except ImportError:   # Python < 3.11
        import sre_constants as c
        import sre_parse as parser

    tree = parser.parse(pattern, re.IGNORECASE | re.VERBOSE)

    def walk(stack: list, partial: str) -> set[str]:
        while stack and not stack[0]:
            stack = stack[1:]
        if not stack:
            return {partial} if partial else {"*"}
        (op, av), rest = stack[0][0], [stack[0][1:], *stack[1:]]
        if op is c.LITERAL:
            ch = chr(av)
            if ch.isalnum() or ch == "_":
                return walk(rest, partial + ch.lower()) if not ch.isdigit() or partial else {"#"}
            return {partial} if partial else walk(rest, partial)
        if op is c.IN:
            letters = [chr(v) for kind, v in av if kind is c.LITERAL and chr(v).isalpha()]
            digits = any(kind is c.CATEGORY and v is c.CATEGORY_DIGIT or kind is c.RANGE and chr(v[0]).isdigit()
                         or kind is c.LITERAL and chr(v).isdigit() for kind, v in av)
            other = any(kind is c.NEGATE or kind is c.CATEGORY and v not in (c.CATEGORY_DIGIT, c.CATEGORY_SPACE)
                        for kind, v in av)
            if other:
                return {"*"}
            out = {"#"} if digits and not partial else ({partial} if digits else set())
            for ch in letters:
                out |= walk(rest, partial + ch.lower())
            if not letters and not digits:             # spaces or punctuation: the word ends (or has not begun)
                out |= {partial} if partial else walk(rest, partial)
            return out
        if op is c.BRANCH:
            return set().union(*(walk([list(alt), *rest], partial) for alt in av[1]))
        if op is c.SUBPATTERN:
            return walk([list(av[-1]), *rest], partial)
        if op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", c.MAX_REPEAT)):
            low, high, sub = av
            out = walk([list(sub), *rest], partial) if high else set()
            return out | walk(rest, partial) if low == 0 else out
        if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            return walk(rest, partial)
        return {"*"}

    return walk([list(tree)], "")


def _next_words(pattern: str) -> set[tuple[str, str]]:
    """(first word, what may follow it) for every way a match of `pattern` can begin: the literal beginning of
    the next word when only spaces come between ("trong", "thán" for "trong\\s+tháng"), "#" for a digit there, a
    sign ("(" in "nay\\s*\\("), or "*" when it cannot be told. Read off the parsed pattern like `_first_words`
    (first word "*": not a word first). Only used to pass over, when scanning, a word no branch can go on from.
    """
    try:
        from re import _constants as c
        from re import _parser as parser
    except ImportError:   # Python < 3.11
        import sre_constants as c
        import sre_parse as parser

    repeats = (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", c.MAX_REPEAT))

    def spaces_only(items) -> bool:
        """Whether the elements match whitespace only."""
        for op, av in items:
            if op is c.IN:
                if not av or not all(kind is c.CATEGORY and v is c.CATEGORY_SPACE or kind is c.LITERAL
                                     and chr(v).isspace() for kind, v in av):
                    return False
            elif op is c.LITERAL:
                if not chr(av).isspace():
                    return False
            elif op in repeats:
                if not spaces_only(av[2]):
                    return False
            else:
                return False
        return bool(items)

    def walk(stack: list, first: str, state: int, second: str) -> set[tuple[str, str]]:
        # state 0: in the first word; 1: in the spaces after it; 2: in the next word (or after a sign)
        while stack and not stack[0]:
            stack = stack[1:]
        if not stack:
            return {(first, second)} if state == 2 else {(first or "*", "*")}
        (op, av), rest = stack[0][0], [stack[0][1:], *stack[1:]]
        if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            return walk(rest, first, state, second)
        if op is c.SUBPATTERN:
            return walk([list(av[-1]), *rest], first, state, second)
        if op is c.BRANCH:
            return set().union(*(walk([list(alt), *rest], first, state, second) for alt in av[1]))
        if op in repeats:
            low, high, sub = av
            if spaces_only(sub):
                if state == 2:
                    return {(first, second)}
                return walk(rest, first, 1, "") if first else {("*", "*")}
            if high == 1:
                out = walk([list(sub), *rest], first, state, second)
                return out | walk(rest, first, state, second) if low == 0 else out
            return {(first, second)} if state == 2 else {(first or "*", "*")}
        chars: list[str] | None = None          # the characters this element matches, when it matches one of a few
        if op is c.LITERAL:
            chars = [chr(av)]
        elif op is c.IN and av and all(kind is c.LITERAL for kind, _ in av):
            chars = [chr(v) for _, v in av]
        if state == 0:
            if chars is not None and all(ch.isalpha() or ch == "_" or (ch.isdigit() and first) for ch in chars):
                return set().union(*(walk(rest, first + ch.lower(), 0, "") for ch in chars))
            if chars is not None and first and all(ch.isspace() for ch in chars):
                return walk(rest, first, 1, "")
            return {(first or "*", "*")}
        if state == 2:
            if chars is not None and second[-1:].isalpha() and all(ch.isalpha() for ch in chars):
                return set().union(*(walk(rest, first, 2, second + ch.lower()) for ch in chars))
            return {(first, second)}
        if chars is not None and all(ch.isspace() for ch in chars):
            return walk(rest, first, 1, "")
        if chars is not None:                   # a word, a digit or a sign after the spaces
            return set().union(*(walk(rest, first, 2, ch.lower()) if ch.isalpha() else
                                 {(first, "#" if ch.isdigit() else ch)} for ch in chars))
        if op is c.IN and all(kind is c.CATEGORY and v is c.CATEGORY_DIGIT or kind is c.RANGE and chr(v[0]).isdigit()
                              and chr(v[1]).isdigit() or kind is c.LITERAL and chr(v).isdigit() for kind, v in av):
            return {(first, "#")}
        return {(first, "*")}

    return walk([list(parser.parse(pattern, re.IGNORECASE | re.VERBOSE))], "", 0, "")


@lru_cache(maxsize=None)
def grammar() -> tuple[tuple[Branch, ...], dict[str, tuple[int, ...]], tuple[int, ...]]:
    """The branches in file order, and which of them to try at a word / at a number.

    Trying only the branches that can begin with the word at hand, and only at word starts, finds the
    same first match per position as one alternation scanned over every character, many times faster.
    """
    holders = _placeholders()
    branches: list[Branch] = []
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
        source = f"(?<!\\w)(?:{body})"
        starts = _first_words(source)
        if "*" in starts:
            raise ValueError(f"patterns.txt block {name!r} may begin with anything: make it begin with a word or number")
        regex = re.compile(source, re.IGNORECASE | re.VERBOSE)
        branches.append(Branch(kind, name, regex, fields, frozenset(starts - {"#"}), "#" in starts))
    index: dict[str, list[int]] = {}
    for k, branch in enumerate(branches):
        for word in branch.words:
            index.setdefault(word, []).append(k)
    numeric = [k for k, branch in enumerate(branches) if branch.numeric]
    # A number token tries the number branches and those that begin with that very literal ("6 tháng đầu năm").
    for word, ks in index.items():
        if word[:1].isdigit():
            index[word] = sorted(set(ks) | set(numeric))
    return tuple(branches), {word: tuple(ks) for word, ks in index.items()}, tuple(numeric)


@lru_cache(maxsize=None)
def _union(ks: tuple[int, ...]) -> re.Pattern:
    """The branches ks as one alternation, in file order, each in a group "_k<index>": the regex engine tries
    them in turn and the first that matches wins, as trying them one by one would (without a call per branch)."""
    branches = grammar()[0]
    source = "|".join(f"(?P<_k{k}>{branches[k].regex.pattern}\n)" for k in ks)
    return re.compile(source, re.IGNORECASE | re.VERBOSE)


@lru_cache(maxsize=None)
def _dispatch() -> tuple[dict[str, re.Pattern], re.Pattern | None]:
    """For each word an expression may begin with, the union of the branches that may begin there; and that of
    the number branches, for a number no branch begins with literally."""
    _, by_word, by_number = grammar()
    return {word: _union(ks) for word, ks in by_word.items()}, _union(by_number) if by_number else None


@lru_cache(maxsize=None)
def _future_cue() -> re.Pattern:
    return re.compile(r"(?<!\w)(?:" + _alternation(words()["future_cues"]) + r")(?!\w)", re.IGNORECASE)


_CLAUSE_BREAK = re.compile(r"[.,;:!?\n()\"“”]")
_AGE_AFTER = re.compile(r"\s+\S+(?:\s+\S+)?\s+tuổi\b", re.IGNORECASE)
_WORDS_AFTER = re.compile(r"\W*(\S+)")


def _word_before(text: str, pos: int, n: int = 1) -> str:
    """The n words just before pos, lowercased, when only spaces separate them from it ('' otherwise)."""
    lo = max(0, pos - 40)
    chunk = text[lo:pos]
    if not chunk[-1:].isspace():
        return ""
    tokens = chunk.split()
    if lo > 0 and not chunk[0].isspace() and tokens:
        tokens = tokens[1:]                    # cut through a word at the window's edge
    out: list[str] = []
    for token in reversed(tokens):
        if not token.isalnum() or len(out) == n:
            break
        out.append(token)
    return " ".join(reversed(out)).lower()


def _word_after(text: str, pos: int) -> str:
    m = _WORDS_AFTER.match(text, pos, min(len(text), pos + 40))
    return m.group(1).lower().strip(".,;:!?)\"”") if m else ""


_NEXT_WORD = re.compile(r"[^\S\n]+(\w+)")


def _next_word(text: str, pos: int) -> str:
    """The word right after pos, lowercased, when only spaces come between ('' otherwise)."""
    m = _NEXT_WORD.match(text, pos, min(len(text), pos + 40))
    return m.group(1).lower() if m else ""


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


def _build(m: re.Match, text: str, kind: str, rule: str, fields: dict[str, str], limit: int,
           lo: int = 0) -> Expression | None:
    """Parse a match into an Expression, or None when the words around it say it is no date (text[lo:limit] is
    the span being scanned)."""
    g = {field: m.group(group) for group, field in fields.items() if m.group(group) is not None}
    w = words()
    low = {k: " ".join(v.lower().split()) for k, v in g.items()}
    before2 = _word_before(text, m.start(), 2)
    before = before2.rpartition(" ")[2]                # (the last of those two words: one scan for both)
    if ("tod" in g and before in w["not_time_of_day_after"] and m.group(0).lower().startswith(low["tod"])
            and not (before == "buổi" and ("d" in g or "d2" in g))):
        return None                                      # "ánh sáng qua", "bóng tối qua" (not "buổi chiều 21/5")
    if low.get("part") == "đầu" and before in _NOT_PART_AFTER and m.group(0).lower().startswith("đầu"):
        return None                                      # "đăng ký lần đầu năm 2015": the date is "năm 2015"
    f: dict = {"kind": kind, "rule": rule}
    day = _number(g.get("d") or g.get("d2") or "") if (g.get("d") or g.get("d2")) else None
    month_text = g.get("m") or g.get("m2") or g.get("mw") or g.get("lm")
    month = _month(month_text) if month_text else None
    if ("mw" in g and not g["mw"].isdigit() and low["mw"] not in w["lunar_month_words"] and not g["mw"][0].isupper()
            and not _month_word_as_date(text, m, low)):
        return None                                      # "tháng năm" (time), unlike "tháng Năm" (May)
    if "ram" in g:
        day = 15
    named = low.get("nday") or low.get("nlday")
    if named:                                            # "Giáng sinh" (25/12), "Trung thu" (rằm tháng 8 âm lịch)
        if before in w["not_named_day_before"] or before2 in w["not_named_day_before"] or (
                named == "noel" and (nxt := _NEXT_WORD.match(text, m.end(), min(len(text), m.end() + 40)))
                and nxt.group(1)[:1].isupper()):
            return None                                  # "cây thông Noel", "bánh trung thu", "Noel Gallagher"
        month, day = w["named_days"].get(named) or w["named_lunar_days"][named]
    if "chap" in g:                                      # "30 Tết": 30 tháng Chạp
        day, month = int(g["chap"]), 12
    written_year = g.get("y") or g.get("y2") or g.get("y3")
    year = int(written_year) if written_year else None
    if rule == "decade":                                 # "thập niên 90": 1990; "những năm 2015" is no decade
        year = 1900 + int(g.get("dec") or g["dec2"]) if year is None else year
        if year % 10:
            return None
    if year is not None and "chap" in g and rule == "lunar_tet":
        year -= 1                                        # "30, mùng 1 Tết 2019": tháng Chạp of the lunar year 2018
    if "dawn" in g and day is not None and month is not None and day > int(g["dawn"]):
        month = month - 1 or 12                          # "đêm 31, rạng sáng 1-6": the night began on 31/5
        if month == 12 and year is not None:
            year -= 1
    if not _valid_day(day, month, year if "yy" not in g else 2000 + int(g["yy"])):
        return None
    if "yy" in g:
        f["short_year"] = int(g["yy"])
    if "leap" in g:
        f["leap"] = True
    canchi = low.get("cc") or low.get("cc2") or low.get("cc3") or low.get("cc4")
    if canchi and "chap" in g:
        canchi = _previous_canchi(canchi)               # "30 Tết Mậu Tuất": tháng Chạp of Đinh Dậu
    if canchi:
        f["canchi"] = canchi
    if "range" in g and m.group(0)[0].isdigit() and before in _NOT_A_RANGE_AFTER:
        return None                                      # "lần 2 đến ngày 19-12-2014": a count, then the date
    if "yy" in g and (not (m.group(0)[0].isalpha() or m.group(0).count("/") >= 2 + ("range" in g))
                      or before in w["not_a_date_before"]):
        return None                                      # "2.1.19" (a version), "số 7/10/16" (an address)
    start = m.start()
    if "lead" in g:                                      # "Doanh thu thuần 2017": the date is the year alone
        if _word_after(text, m.end()) in w["count_nouns_after_number"]:
            return None                                  # "doanh thu 2000 tỷ"
        lead = next(group for group, field in fields.items() if field == "lead")
        start = m.end(lead)
        while start < m.end() and (text[start].isspace() or text[start] in "(:"):
            start += 1
    if m.group(0).lower().startswith("tháng") and re.search(r"\d\s+$", text[max(0, m.start() - 8):m.start()]):
        return None                                      # "kéo dài 6 tháng 10 ngày": a duration, not October
    if day_month_that_year(text, m.end()) and "y" not in g and "y2" not in g and "y3" not in g:
        return None                                      # "ngày 26/12 năm đó": of a year named elsewhere, unknown here
    if rule == "year_bare" and not _bare_year(text, m, lo):
        return None                                      # "Mirage 2000 người" ... only names and subjects
    if rule == "ago" and _next_word(text, m.end()) in w["not_ago_before"]:
        return None                                      # "một ngày trước quốc tang": before it, not ago
    if (rule == "lunar_named_month" and day is None and year is None and not canchi
            and not _lunar_context().search(text, max(lo, m.start() - 160), min(limit, m.end() + 160))):
        kind = f["kind"] = "month"                       # "Hồi tháng Giêng, Lầu Năm Góc ...": January
    f.update(day=day, month=month, year=year)
    if kind == "lunar":
        f["lunar"] = True
        spring = rule == "lunar_tet_year" and m.group(0).lower().startswith("xuân")   # "xuân Mậu Tuất": the year
        if rule in ("lunar_tet", "lunar_tet_holiday", "lunar_tet_year") and month is None and not spring:
            f["month"] = 1
        if rule in ("lunar_tet_holiday", "lunar_tet_year") and not spring:
            f["day"] = 1
    if "part" in g:
        f["part"] = w["parts"][low["part"]]
    if "q" in g:
        f["quarter"] = _number(g["q"])
    if "half" in g:
        f["half"] = 1 if low["half"] in ("đầu", "bán") else 2     # "bán niên": the first half
    for key in ("qyr", "ry"):
        if key in g:
            f["year_offset"] = w["unit_offsets"][low[key]]
    if "qmod" in g:
        f["direction"] = w["date_modifiers"][low["qmod"]]
    if "mod" in g and not (low["mod"] == "tới" and _goes_to_a_place(text, m.end())):
        f["direction"] = w["date_modifiers"][low["mod"]]   # ("hai ngày 7-8/5 tới thành phố Đại Liên": "to", not "next")
    if "direction" not in f and before in w["past_words_before"]:
        f["direction"] = "past"                          # "hồi tháng 7": back then, whatever the sentence says later
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
    if ((rule == "year_after_preposition" and _word_after(text, m.end()) in w["count_nouns_after_number"])
            or (rule in ("day_month_range", "day_month_after_preposition")
                and _next_word(text, m.end()) in w["count_nouns_after_number"])):
        return None                                      # "từ 2000 người", "sau 2000 năm"
    if rule in ("relative_unit", "ago", "ago_cach_day"):
        unit = w["ago_units"][low["unit"]]
        if rule == "relative_unit":
            rel = low["rel"]
            if rel in w["unit_offset_not_for"].get(low["unit"], []):
                return None                              # "mấy tháng nay" is a duration
            if before in w["plural_before_unit"] or before.isdigit() or before in w["numbers"]:
                return None                              # "những năm qua", "3 tháng qua", "một năm sau"
            if re.search(r"\d\s*$", text[max(0, m.start() - 8):m.start()]) or _AGE_AFTER.match(text, m.end()):
                return None                              # "10-12 năm nay" (a span), "năm nay 41 tuổi" (an age)
            f.update(unit=unit, offset=w["unit_offsets"][rel])
        else:
            n = _number(g["n"])
            if n is None:
                return None
            f.update(unit=unit, offset=-n)
    if rule == "relative_day":
        if before in w["plural_before_unit"]:
            return None                                  # "mấy hôm nay", "những ngày qua": a span up to now
        rd = low.get("rd") or low.get("rd2") or low.get("rd3")
        f.update(unit="day", offset=w["relative_days"][rd])
    if rule == "next_year":
        f.update(unit="year", offset=1)
    if rule == "part_of_current":
        if before in w["plural_before_unit"] or before.isdigit():
            return None
        f.update(unit=w["relative_units"][low["unit"]], offset=0)
    window_start = max(0, m.start() - 200)
    clause = next((b.end() for b in reversed(list(_CLAUSE_BREAK.finditer(text, window_start, m.start())))
                   if not _in_closed_brackets(text, window_start, b.start(), m.start())), window_start)
    #                                                   (the last break: a note in brackets, commas and all, ends no clause)
    f["future_cue"] = bool(_future_cue().search(text, clause, m.start()))
    if year is None and kind in _YEARLESS:   # (only a day, month or quarter without its year looks ahead by it)
        cue = _future_cue().search(text, m.end(), min(limit, m.end() + 200))
        f["future_later"] = bool(cue) and not _QUOTE_OPENS.search(text, m.end(), cue.start())   # (a quotation
        #                                                                     after it speaks of its own time)
    back = max(lo, m.start() - 150)
    if "direction" not in f and year is None and kind in _YEARLESS and (
            (_PLAN_WORDS.search(text, back, m.start()) and _PLANNED_BEFORE.search(text, back, m.start()))
            or (f["future_later"] and _HELD_RIGHT_BEFORE.search(text, max(lo, m.start() - 30), m.start()))):
        f["direction"] = "future"      # the occasion's own time, planned: "dự kiến diễn ra tại ... vào 9h ngày 12/6",
        #                                "Diễn ra từ ngày 17 đến 19-1, chương trình sẽ có ..."
    return Expression(start=start, end=m.end(), text=text[start:m.end()], **f)


_QUOTE_OPENS = re.compile(r":\s*[\"“]|[“]")
HOLD_VERBS = r"diễn\s+ra|tổ\s+chức|khai\s+mạc|bắt\s+đầu|kéo\s+dài"   # an occasion being held (stage._OWN_DAYS too)
_HOLD = r"(?:" + HOLD_VERBS + r")"
_YEARLESS = frozenset(("day-month", "month", "weekday", "quarter"))   # kinds whose year a plan can point ahead
_PLAN_WORDS = re.compile(r"sẽ|[Dd]ự\s+kiến")   # (a cheap first look before the full pattern)
_PLANNED_BEFORE = re.compile(r"(?i)\b(?:sẽ|dự\s+kiến)\s+(?:được\s+)?" + _HOLD + r"\b[^.!?;:\n]*$")
_HELD_RIGHT_BEFORE = re.compile(r"(?i)\b" + _HOLD + r"\s*(?:từ|vào|trong)?\s*$")
_NEXT_WORD = re.compile(r"\s+([^\W\d_]+)")


def _goes_to_a_place(text: str, pos: int) -> bool:
    """Whether the word after pos names a place ("... 7-8/5 tới thành phố Đại Liên", "tới Hà Nội"): "tới" is then "to"."""
    nxt = _NEXT_WORD.match(text, pos, min(len(text), pos + 40))
    return bool(nxt) and (nxt.group(1)[0].isupper() or nxt.group(1).lower() in words()["place_words_after_toi"])


_THAT_YEAR = re.compile(r"\s+(?:của\s+)?năm\s+(?:đó|ấy)(?!\w)", re.IGNORECASE)


def day_month_that_year(text: str, pos: int) -> bool:
    """Whether "năm đó" / "năm ấy" (that year) follows pos: a day or month of a year the sentence does not name."""
    return _THAT_YEAR.match(text, pos, min(len(text), pos + 20)) is not None


def _month_word_as_date(text: str, m: re.Match, low: dict[str, str]) -> bool:
    """A month written as a lowercase word is a date after a word that places in time ("hồi tháng ba", "vào
    tháng tư", "cuối tháng sáu"), never "tháng năm" (months and years) nor before a count ("tháng hai lần")."""
    if low["mw"] in ("năm", "một") or _word_after(text, m.end()) in words()["count_nouns_after_number"]:
        return False
    head = m.group(0).lower().split()
    return "part" in low or (head[0] == "tháng" and _word_before(text, m.start()) in _MONTH_WORD_AFTER)


_NOT_A_RANGE_AFTER = frozenset({"lần", "thứ", "số", "vòng", "kỳ", "đợt", "tập", "lớp", "phần", "điều", "khoản",
                                "chương", "mục", "lượt", "hạng", "khoá", "khóa", "giai", "đoạn", "bước", "phiên"})
_NOT_PART_AFTER = frozenset({"lần", "hàng", "dẫn", "đứng", "ban"})   # "lần đầu", "hàng đầu", "dẫn đầu", ...
_MONTH_WORD_AFTER = frozenset({"hồi", "vào", "từ", "đến", "tới", "trong", "sang", "hết", "tận"})


def _previous_canchi(name: str) -> str:
    """The can-chi name of the year before ("mậu tuất" → "đinh dậu")."""
    w = words()
    can, chi = name.split(maxsplit=1)
    cans = w["can"]
    index = w["chi"][chi]
    chis = [c for c, i in w["chi"].items() if i == (index - 1) % 12]
    return f"{cans[(cans.index(can) - 1) % len(cans)]} {chis[0]}"


def _in_closed_brackets(text: str, lo: int, pos: int, hi: int) -> bool:
    """Whether text[pos] is a bracket, or inside brackets, that open after lo and close before hi."""
    if text[pos] in "()":
        opening = pos if text[pos] == "(" else text.rfind("(", lo, pos)
        return opening >= 0 and text.find(")", opening, hi) >= 0
    return text.rfind("(", lo, pos) > text.rfind(")", lo, pos) and text.find(")", pos, hi) >= 0


@lru_cache(maxsize=None)
def _lunar_context() -> re.Pattern:
    """Words that make "tháng Giêng" / "tháng Chạp" without a day the lunar month (else January / December)."""
    return re.compile(r"(?<!\w)(?:" + _alternation(words()["lunar_context"]) + r")(?!\w)", re.IGNORECASE)


_SENTENCE_OPEN = re.compile(r"(?:^|[.!?:\n\"“(])\s*$")


def _bare_year(text: str, m: re.Match, lo: int) -> bool:
    """A year written alone is a date after a name written with capitals ("Miss Supranational 2016", "kỳ thi
    THPT Quốc gia 2019"), unless a person's name or a count follows ("Hoa hậu Việt Nam 2014 Kỳ Duyên", "2000
    người"); or at the head of a sentence, followed by a verb ("2018 là một năm khó khăn")."""
    w = words()
    after = text[m.end():m.end() + 40]
    if _SENTENCE_OPEN.search(text[max(lo, m.start() - 3):m.start()]) or m.start() == lo:
        rest = " ".join(after.lower().split())
        return any(rest.startswith(v + " ") for v in w["year_subject_verbs"])
    if not text[m.start() - 1:m.start()].isspace():
        return False
    chunk = text[max(lo, m.start() - 60):m.start()]
    tokens = chunk.split()
    if max(lo, m.start() - 60) > lo and not chunk[:1].isspace() and tokens:
        tokens = tokens[1:]
    if (tokens and tokens[-1][:1] == "(" and tokens[-1][1:].isalpha() and tokens[-1][1].isupper()
            and after[:1] == ")" and tokens[-1][1:].lower() not in w["name_year_not_before"]):
        return True                                      # a name and its year alone in brackets: "(HANIFF 2018)"
    next_word = after.split()[0] if after.split() else ""
    if next_word[:1].isupper() or _word_after(text, m.end()) in w["count_nouns_after_number"]:
        return False
    if not tokens or not tokens[-1].isalpha() or tokens[-1].lower() in w["name_year_not_before"]:
        return False
    pos = m.start()
    for token in reversed(tokens[-3:]):
        if not token.isalpha():
            break
        pos = text.rfind(token, lo, pos)
        if token[0].isupper() and not _SENTENCE_OPEN.search(text[max(lo, pos - 3):pos]) and pos > lo:
            return True
    return False


def _trie(words: dict[str, str]) -> str:
    """Words → a regex alternation factored by prefix (the regex engine then rejects most places at once), each
    word followed by its own regex (words[word]), a longer word tried before its prefix."""
    groups: dict[str, dict[str, str]] = {}
    for word, after in words.items():
        groups.setdefault(word[0], {})[word[1:]] = after
    parts = []
    for first, rests in sorted(groups.items()):
        longer = {r: after for r, after in rests.items() if r}
        options = ([_trie(longer)] if longer else []) + ([rests[""]] if "" in rests else [])
        parts.append(re.escape(first) + (options[0] if len(options) == 1 and not longer else
                                         "(?:" + "|".join(options) + ")"))
    return "|".join(parts)


def _word_follows(word: str) -> str:
    """What must follow `word` for any branch beginning with it to match, as a lookahead ("" when anything may):
    the next word's beginning, a digit or a sign, read off the branches (`_next_words`)."""
    branches, by_word, _ = grammar()
    follows: set[str] = set()
    for k in by_word[word]:
        mine = {after for first, after in _next_words(branches[k].regex.pattern) if first == word}
        if not mine or "*" in mine:
            return ""
        follows |= mine
    options = sorted((r"\d" if f == "#" else re.escape(f) for f in follows), key=lambda f: (-len(f), f))
    return r"(?=\s*(?:" + "|".join(options) + "))"


@lru_cache(maxsize=None)
def _starts() -> re.Pattern:
    """Where an expression may begin, on lowercased text: a number, or a word some branch begins with, followed
    by something one of those branches can go on with ("trong" only before a number: "trong 2 ngày", "trong
    năm 2019" begin with other words)."""
    _, by_word, _ = grammar()
    # ("(?<!\w)" and not "\b" ahead: the same, as every start is a letter or digit, and faster)
    words = {w: r"\b" + _word_follows(w) for w in by_word if not w[0].isdigit()}
    return re.compile(r"(?<!\w)(?:\d\w*|" + _trie(words) + ")")


def find_expressions(text: str, start: int = 0, end: int | None = None, lower: str | None = None,
                     roles: bool = True) -> list[Expression]:
    """Every date expression in text[start:end], in order, none overlapping (offsets index `text`).

    lower: text.lower() when the caller has it (same length as text), to scan a document once.
    roles: False leaves every role "event" (the caller reads them with `with_role` as far as it needs).
    """
    branches = grammar()[0]
    by_word, by_number = _dispatch()
    end = len(text) if end is None else end
    if lower is None or len(lower) != len(text):
        lower = text.lower()
        if len(lower) != len(text):       # a rare character whose lowercase is longer: scan a copy that is not
            lower = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
    found: list[Expression] = []
    pos = start
    for candidate in _starts().finditer(lower, start, end):
        if candidate.start() < pos:
            continue
        word = candidate.group()
        union = by_word.get(word, by_number) if word[0].isdigit() else by_word.get(word)
        if union is None:
            continue
        m = union.match(text, candidate.start(), end)
        if m is None:
            continue
        branch = branches[int(m.lastgroup[2:])]
        expr = _build(m, text, branch.kind, branch.rule, branch.fields, end, start)
        if expr is not None:          # the first branch that matches here decides, as in one alternation
            found.append(expr)
            pos = m.end()
    return [with_role(found, k, lower, start, end) for k in range(len(found))] if roles else found


def with_role(found: list[Expression], k: int, lower: str, start: int, end: int) -> Expression:
    """found[k] with its role (roles.py), read from the words around it (lower: the lowercased text) between
    its neighbours in `found`, within text[start:end]."""
    e = found[k]
    lo = found[k - 1].end if k else start
    hi = found[k + 1].start if k + 1 < len(found) else end
    role = role_of(e.kind, context(lower, e.start, e.end, lo, hi, k + 1 < len(found)))
    if role == EVENT:
        return e
    e = copy(e)                       # (dataclasses.replace re-runs __init__: slower)
    object.__setattr__(e, "role", role)
    return e
