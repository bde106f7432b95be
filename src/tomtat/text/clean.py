"""Boilerplate removal that never edits text: it returns the spans to keep and records what it dropped.

Scraped news pages drag in menus, section headers in capitals, bylines with time stamps, photo
captions (often glued into running text: "… sáng nay - Ảnh: AFP Theo Hãng tin AFP, …"), related-link
lines in brackets and end markers ("/."). Working on spans keeps every later offset exact.
"""
from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable

from ..model import Dropped
from .data import word_list
from .normalize import collapse_spaces, match_key, nfc, syllables
from .segment import split_spans
from .teasers import opens_with

_LINE = re.compile(r"[^\n]+")
_DATE = re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-]((?:19|20)\d{2})\b")
_TIME = re.compile(r"\b\d{1,2}[:h]\d{2}\b")
_WEEKDAY = re.compile(r"^(thứ (hai|ba|tư|năm|sáu|bảy)|chủ nhật)\b", re.I)
_CREDIT_MARK = re.compile(
    r"(?:(?<=^)|(?<=[\s(\[\-–—.|]))"
    r"(?P<paren>[(\[]\s{0,8})?"   # bounded: each "(" of "((((" must not rescan a long run of spaces
    r"(?P<word>Ảnh|ẢNH|ảnh|Nguồn ảnh|Đồ họa|Đồ hoạ|Video|Clip)"
    r"(?P<rest>\s*minh\s*h(?:ọa|oạ))?\s*(?P<colon>:)?")
_TOKEN = re.compile(r"\S+")
_ATTRIBUTION = re.compile(r"^[(\[]?\s*(Theo|Nguồn)\s*:?\s+[^.!?]{1,60}?[)\]]?\s*\.?$")
_TERMINAL = tuple('.!?…"”:;)»\'')
_AGENCIES = {"AFP", "AP", "Reuters", "REUTERS", "TTXVN", "VNA", "Getty", "Sputnik", "RT", "EPA", "Xinhua",
             "TASS", "Bloomberg", "CNN", "BBC", "Shutterstock", "Internet", "NVCC", "VGP", "Twitter",
             "Facebook", "FB", "TL", "GettyImages", "Vietnam+", "VnExpress", "Tuổi", "Zing"}


@dataclass
class CleanResult:
    kept: list[tuple[int, int]] = field(default_factory=list)   # spans of running text
    dropped: list[Dropped] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)           # candidate titles, in order
    date: dt.date | None = None


def stripped_lines(text: str):
    """(start, end) of every line with its surrounding whitespace left out; blank lines are skipped.

    Cleaning and structure detection both walk the text by these spans, so they agree on what a line is.
    """
    for line in _LINE.finditer(text):
        a, b = line.start(), line.end()
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            yield a, b


def clean(text: str, captions: Iterable[str] = (), *, datelines: bool = True) -> CleanResult:
    """Split text into kept spans of article prose and dropped boilerplate spans.

    `captions`: photo captions given with the article (a JSONL `caption` field, as VietNews rows carry). The
    corpus keeps each caption as a line of the body too, with no mark on it ("Những nghi phạm trong vụ án."),
    so a sentence of the text that repeats one is dropped as a caption: read as prose it would be chosen into
    summaries, and it tells nothing.

    `datelines`: outlet datelines and the related-news teasers they open (_outlet_dateline) are dropped; story
    clustering keeps them (stories/represent.py).
    """
    result = CleanResult()
    for a, b in stripped_lines(text):
        _clean_line(text, a, b, result, datelines)
    keys = caption_keys(captions)
    if keys:
        _drop_given_captions(text, result, _CaptionMatch(keys))
    return result


_KEY_EDGES = " \t.:;,-–—|…!?"
MIN_CAPTION_SYLLABLES = 3   # "Ảnh", "Video" or a name alone is no caption to look for


def _caption_key(text: str) -> str:
    return match_key(text).strip(_KEY_EDGES)


def caption_keys(captions: Iterable[str]) -> frozenset[str]:
    """The forms a given caption may take in the text: the whole caption and each of its sentences (a
    field often holds several captions run together, and credits: "… Nhấn vào hình để xem chi tiết.")."""
    keys: set[str] = set()
    for caption in captions:
        if not isinstance(caption, str) or not caption.strip():
            continue
        caption = nfc(caption)
        pieces = [caption] + [caption[a:b] for a, b in split_spans(caption, 0, len(caption))]
        for piece in pieces:
            key = _caption_key(piece)
            if len(key.split()) >= MIN_CAPTION_SYLLABLES:
                keys.add(key)
    return frozenset(keys)


NEAR_CAPTION_SYLLABLES = 5    # a caption this long may be matched with a few words more or less
NEAR_CAPTION_SLACK = 4        # syllables one side may have beyond the other's
NEAR_CAPTIONS = 64            # captions compared that way per article (the first): the cost stays bounded
NEAR_SENTENCE_SYLLABLES = 40  # longer sentences are prose, never a caption retold


class _CaptionMatch:
    """Is a sentence one of the given captions? Exactly (its key), or nearly: the caption's syllables all in
    the sentence with at most a few more ("Vợ chồng ông Obama tình tứ trên tạp chí Essence." for the field's
    "Vợ chồng ông Obama trên tạp chí Essence."), or the sentence's all in the caption with at most a few more
    (a caption cut short in the text). Read on two 400-article VietNews feeds: 7 more lines, all captions."""

    def __init__(self, keys: frozenset[str]) -> None:
        self.keys = keys
        sets = (frozenset(syllables(k)) for k in sorted(keys))
        self.sets = [s for s in sets if len(s) >= NEAR_CAPTION_SYLLABLES][:NEAR_CAPTIONS]

    def __call__(self, text: str) -> bool:
        key = _caption_key(text)
        if key in self.keys:
            return True
        words = frozenset(syllables(key))
        if not self.sets or len(words) > NEAR_SENTENCE_SYLLABLES:
            return False
        return any((c <= words and len(words) <= len(c) + NEAR_CAPTION_SLACK)
                   or (len(words) >= NEAR_CAPTION_SYLLABLES and words <= c and len(c) <= len(words) + NEAR_CAPTION_SLACK)
                   for c in self.sets)


def _drop_given_captions(text: str, result: CleanResult, is_caption: _CaptionMatch) -> None:
    """Drop the kept sentences that repeat a given caption; the rest of each kept span stays as it was."""
    kept: list[tuple[int, int]] = []
    for a, b in result.kept:
        if is_caption(text[a:b]):
            _drop(result, text, a, b, "photo caption")
            continue
        pieces = split_spans(text, a, b)
        flags = [is_caption(text[s:e]) for s, e in pieces]
        if not any(flags):
            kept.append((a, b))
            continue
        run: tuple[int, int] | None = None
        for (s, e), caption in zip(pieces, flags):
            if caption:
                if run:
                    kept.append(run)
                    run = None
                _drop(result, text, s, e, "photo caption")
            else:
                run = (run[0], e) if run else (s, e)
        if run:
            kept.append(run)
    result.kept = kept
    result.dropped.sort(key=lambda d: (d.start, d.end))


def _drop(result: CleanResult, text: str, a: int, b: int, reason: str) -> None:
    result.dropped.append(Dropped(a, b, reason, collapse_spaces(nfc(text[a:b]))))


def _line_reason(line: str, result: CleanResult) -> str | None:
    """Why a whole line is boilerplate, or None if it may hold prose."""
    key = nfc(line).lower().strip(" \t.:;,-–—|>»«*•·")
    words = line.split()
    if key in word_list("boilerplate_lines.txt"):
        return "site furniture"
    if len(words) <= 25 and any(key.startswith(p.strip()) for p in word_list("boilerplate_prefixes.txt")):
        return "site furniture"
    if line.startswith("[") and line.endswith("]"):
        return "related link"
    if line.startswith((">>", "»", "►")):
        return "related link"
    if opens_with(match_key(line[:80]), word_list("teaser_openings.txt")):   # openings are short
        return "caption / teaser"
    date = _DATE.search(line)
    if date and len(words) <= 15 and (_TIME.search(line) or "|" in line or _WEEKDAY.search(key)
                                      or len(words) <= 4):
        try:
            day, month, year = int(date.group(1)), int(date.group(2)), int(date.group(3))
            if not line.endswith((".", "!", "?")):   # a dateline, not a sentence of the body that holds a date
                result.date = result.date or dt.date(year, month, day)
        except ValueError:
            pass
        return "byline / time stamp"
    letters = [ch for ch in line if ch.isalpha()]
    if len(letters) >= 3 and all(ch.isupper() for ch in letters) and len(words) <= 20:
        return "heading in capitals"
    if len(words) <= 10 and len(line) <= 200 and _ATTRIBUTION.match(line):   # short first: the pattern backtracks
        return "source attribution"
    if len(words) <= 15 and not line.endswith(_TERMINAL) and not _has_credit(line):
        return "heading"
    return None


def _is_credit(m: re.Match, text: str, line_start: int) -> bool:
    """A credit marker needs a colon, "minh họa" or brackets; lower-case "ảnh" only right after a
    dash or bracket (where running prose would not put it)."""
    if not (m.group("colon") or m.group("rest") or m.group("paren")):
        return False
    if m.group("word") == "ảnh":
        before = text[line_start:m.start()].rstrip()
        return bool(m.group("paren")) or not before or before[-1] in "-–—|("
    return True


def _has_credit(line: str) -> bool:
    return any(_is_credit(m, line, 0) for m in _CREDIT_MARK.finditer(line))


def _end_marker(line: str) -> int | None:
    """Start of a closing "/." (and the spaces before it) at the end of a stripped line, or None."""
    if not line.endswith("/."):
        return None
    start = len(line) - 2
    while start > 0 and line[start - 1].isspace():
        start -= 1
    return start


def _credit_end(text: str, pos: int, stop: int) -> int:
    """End of a photo credit that starts at pos ("AFP", "Hoàng Hà/TTXVN", "Getty Images")."""
    tokens = list(itertools.islice(_TOKEN.finditer(text, pos, stop), 6))   # never more are looked at
    end = pos
    starters = word_list("caption_credits.txt")
    for i, tok in enumerate(tokens[:5]):
        word = tok.group()
        bare = word.strip(".,;)]")
        if i > 0 and (bare in starters or not (bare[:1].isupper() or bare[:1].isdigit() or "/" in word)):
            break
        end = tok.end()
        if word.endswith((".", ")", "]", ",", ";")) or bare in _AGENCIES or bare.isupper() and len(bare) > 1:
            # Agencies and acronyms are one token; a following capital starts the running text.
            nxt = tokens[i + 1].group() if i + 1 < len(tokens) else ""
            if not (bare == "Getty" and nxt.startswith("Images")) and not nxt.startswith("/"):
                break
    if end < stop and text[end] == ")":
        end += 1
    return end


@lru_cache(maxsize=1)
def _dateline_mark() -> re.Pattern:
    codes = sorted(word_list("outlet_datelines.txt"), key=len, reverse=True)
    return re.compile(r"(?:(?<=^)|(?<=\s))(?:" + "|".join(re.escape(c) for c in codes) + r")\s?[-–—]\s+(?=[\"“'‘(]?\w)")


def _opens_sentence(text: str, i: int, b: int) -> bool:
    """A lead starts there: a capital or a digit, after an opening quote or bracket ("theo PLO - một tờ báo ..."
    is prose)."""
    while i < b and text[i] in "\"“'‘(":
        i += 1
    return i < b and (text[i].isupper() or text[i].isdigit())


def _outlet_dateline(text: str, a: int, b: int, result: CleanResult) -> tuple[int, int]:
    """An outlet's dateline code ("TTO - ") opening the line is dropped, the rest kept; in the middle of a line it
    opens another article's lead, with that article's headline just before it: a related-news teaser, dropped
    from its headline to the end of the line. Returns the line's span left to clean."""
    m = next((m for m in _dateline_mark().finditer(text, a, b) if _opens_sentence(text, m.end(), b)), None)
    if m is None:
        return a, b
    if m.start() == a:
        _drop(result, text, a, m.end(), "dateline")
        return m.end(), b
    spans = split_spans(text, a, m.start())
    start = spans[-1][0] if spans else a
    _drop(result, text, start, b, "related link")
    return a, start


def _clean_line(text: str, a: int, b: int, result: CleanResult, datelines: bool = True) -> None:
    if datelines:
        a, b = _outlet_dateline(text, a, b, result)
        while b > a and text[b - 1].isspace():   # the line before a teaser dropped from its headline on
            b -= 1
        if a >= b:
            return
    line = text[a:b]
    reason = _line_reason(line, result)
    if reason:
        if reason in ("heading", "heading in capitals"):
            result.headings.append(collapse_spaces(nfc(line)))
        _drop(result, text, a, b, reason)
        return
    marker = _end_marker(line)
    if marker is not None:
        _drop(result, text, a + marker, b, "end marker")
        b = a + marker
    cursor = a
    for m in _CREDIT_MARK.finditer(text, a, b):
        if m.start() < cursor or not _is_credit(m, text, a):
            continue
        if m.group("paren"):
            limit = min(b, m.end() + 61)   # a credit in brackets is short; never search the whole line
            close = text.find(")" if "(" in m.group("paren") else "]", m.end(), limit)
            if close < 0 or close - m.end() > 60:
                continue
            credit_end = close + 1
        elif m.end() >= b or not _TOKEN.search(text, m.end(), b):
            credit_end = b
        else:
            credit_end = _credit_end(text, m.end(), b)
        # The caption is the last sentence before the marker (or nothing, when the marker starts the line).
        prefix_end = m.start()
        while prefix_end > cursor and text[prefix_end - 1] in " \t-–—|":
            prefix_end -= 1
        spans = split_spans(text, cursor, prefix_end)
        caption_start = spans[-1][0] if spans else m.start()
        if m.group("paren") and spans and text[prefix_end - 1:prefix_end] not in (".", "!", "?") \
                and len(text[caption_start:prefix_end].split()) > 25:
            caption_start = m.start()   # "(Ảnh: Getty)" closing a long running sentence: drop only the credit
        if caption_start > cursor:
            result.kept.append((cursor, caption_start))
        _drop(result, text, caption_start, credit_end, "photo caption")
        cursor = credit_end
    rest_a = cursor
    while rest_a < b and text[rest_a] in " \t-–—|.,;:":
        rest_a += 1
    if rest_a < b:
        if cursor == a or len(text[rest_a:b].split()) >= 4:
            result.kept.append((rest_a, b))
        else:
            _drop(result, text, rest_a, b, "caption fragment")
