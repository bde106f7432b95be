"""Sentence splitting over spans (so offsets stay exact) and word segmentation.

A sentence ends at . ! ? or … (plus closing quotes/brackets) when whitespace and a sentence-opening
character follow, unless the period belongs to an abbreviation ("TP.", "ThS."), an initial ("J."), or a
number ("5.500", "12.1" never have a space inside, so they never split). A line break always ends a
sentence: scraped articles put one paragraph per line. A closing quote that opened in the same
sentence stays with it. No span is longer than MAX_SENTENCE_CHARS: longer runs without sentence
punctuation are cut into pieces (`cap_span`), so the cost of segmentation is linear in the text.
"""
from __future__ import annotations

import re
import sys
from functools import lru_cache

from .data import word_list

# Longest span handed on as one sentence; longer runs are cut (cap_span). Real sentences are far
# shorter: the longest of AbMuSu's 19,492 is 1,034 characters.
MAX_SENTENCE_CHARS = 2000
_CUT_WINDOW = 100               # how far before a piece's ideal end a comma or space is looked for
_LONGEST_ABBREVIATION = 64      # characters looked at before a period to recognise "TP." or "J."
_LINE = re.compile(r"[^\n]+")
_BOUNDARY = re.compile(r"[.!?…]+[\"”’'»)\]]*(?=\s+[\"“‘'«(\[\-–—]?[\w])")
_TOKEN_BEFORE = re.compile(r"(\S+)$")
_OPEN_QUOTES = "“«"
_ALNUM = re.compile(r"[^\W_]")   # a character for which str.isalnum() is true (\w is those and "_")
_CLOSE_QUOTES = "”»"


def _is_abbreviation(before: str, truncated: bool = False) -> bool:
    """True when the text before a period ends with an abbreviation or an initial.

    `before` is the end of the sentence so far, at most _LONGEST_ABBREVIATION characters (truncated says
    it was cut): a token that fills it is longer than any abbreviation.
    """
    m = _TOKEN_BEFORE.search(before)
    if not m or (truncated and m.start() == 0):
        return False
    token = m.group(1).lstrip("(\"“'")
    if not token:
        return False
    if token in word_list("abbreviations.txt"):
        return True
    # Single capital letter: an initial ("J. Smith") or a list marker ("A.").
    return len(token) == 1 and token.isupper()


def ends_with_abbreviation(sentence: str) -> bool:
    """A sentence whose last period is an abbreviation's or an initial's, as the splitter reads them ("... trường
    THCS Quyết Thắng, TP."): its source broke the line there, and the sentence goes on in the next line
    (VietNews puts each sentence on a line of its own, as its makers' splitter cut them)."""
    s = sentence.rstrip()
    if not s.endswith("."):
        return False
    dot = len(s) - 1
    return _is_abbreviation(s[max(0, dot - _LONGEST_ABBREVIATION):dot], truncated=dot > _LONGEST_ABBREVIATION)


def _inside_quote(text: str, pos: int, curly_open: int, straight_open: bool) -> bool:
    """True when pos sits inside a quotation that closes later on the same line.

    curly_open and straight_open describe the sentence so far (from its start to pos), counted by the
    caller as it goes, so a line with many quoted periods is still read once.
    Scraped text mixes curly and straight quotes (“...\"), so a curly opening may close either way.
    """
    if curly_open <= 0 and not straight_open:
        return False
    window = text[pos: pos + 601]   # bounded: a quote that closes further away is not one sentence
    line_end = window.find("\n")
    rest = window if line_end < 0 else window[:line_end]
    if len(rest) > 600:
        return False
    return '"' in rest or (curly_open > 0 and any(q in rest for q in _CLOSE_QUOTES))


def _quote_counts(text: str, a: int, b: int) -> tuple[int, int]:
    """Curly openings minus closings, and straight quotes, in text[a:b]."""
    segment = text[a:b]
    return (sum(segment.count(q) for q in _OPEN_QUOTES) - sum(segment.count(q) for q in _CLOSE_QUOTES),
            segment.count('"'))


def split_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut text[start:end] into sentence spans, each stripped of surrounding whitespace.

    Every span is at most MAX_SENTENCE_CHARS long (`cap_span`), and the text is read once: work grows
    with its length, whatever its punctuation.
    """
    spans: list[tuple[int, int]] = []
    for line in _LINE.finditer(text, start, end):
        line_start, line_end = line.start(), line.end()
        cursor = line_start
        counted, curly, straight = cursor, 0, 0     # quote counts over text[cursor:counted]
        for m in _BOUNDARY.finditer(text, line_start, line_end):
            stop = m.end()
            dot = m.start()
            if text[dot] == "." and m.group().startswith(".") and len(m.group().rstrip("\"”’'»)]")) == 1:
                if _is_abbreviation(text[max(cursor, dot - _LONGEST_ABBREVIATION):dot],
                                    truncated=dot - _LONGEST_ABBREVIATION > cursor):
                    continue
            c, q = _quote_counts(text, counted, stop)
            counted, curly, straight = stop, curly + c, straight + q
            if _inside_quote(text, stop, curly, straight % 2 == 1):
                continue
            spans.extend(cap_span(text, cursor, stop))
            cursor = counted = stop
            curly = straight = 0
        spans.extend(cap_span(text, cursor, line_end))
    return [s for s in (_strip(text, a, b) for a, b in spans) if s[1] > s[0]]


def cap_span(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """text[a:b] cut into pieces of at most MAX_SENTENCE_CHARS, or kept whole when it is shorter.

    A run of text with no sentence punctuation (a scraped page flattened to one line, a table, junk)
    is not one sentence; handed whole to the word segmenter it costs time that grows faster than its
    length (pyvi builds its output by repeated string concatenation). The pieces are of near-equal
    length, each cut just after a comma or a space close before its ideal end, so none is much shorter
    than half the cap: they stay longer than any sentence the selector takes (select.MAX_CHARS), and
    so are read, compared and counted but never put into a summary.
    """
    length = b - a
    if length <= MAX_SENTENCE_CHARS:
        return [(a, b)]
    pieces = -(-length // (MAX_SENTENCE_CHARS - _CUT_WINDOW))
    out, cursor = [], a
    for k in range(1, pieces):
        ideal = a + length * k // pieces
        cut = _cut_point(text, max(cursor + 1, ideal - _CUT_WINDOW), ideal)
        out.append((cursor, cut))
        cursor = cut
    out.append((cursor, b))
    return out


def _cut_point(text: str, lo: int, hi: int) -> int:
    """Where to cut within (lo, hi]: after the last ", " there, else after the last space, else at hi."""
    comma = text.rfind(", ", lo, hi)
    if comma >= 0:
        return comma + 2
    space = max(text.rfind(" ", lo, hi), text.rfind("\t", lo, hi))
    return space + 1 if space >= 0 else hi


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _pyvi_tokenize():
    """pyvi's tokenizer: its CRF model, fed by `crf_words` (the same labels, without pyvi's per-syllable
    Python feature dicts).

    pyvi is about three times faster than underthesea's tokenizer on news sentences (0.28 vs 0.89 ms per
    sentence, measured here), and segmentation is the largest cost of the whole pipeline.
    """
    from .crf_words import tokenize

    return tokenize


@lru_cache(maxsize=100_000)
def _segment_cached(key: str) -> tuple[str, ...]:
    # Interned, as syllables are: one object per distinct word, however often it recurs.
    return tuple(sys.intern(w) for w in _pyvi_tokenize()(key).split() if _ALNUM.search(w))


def segment_words(key: str) -> list[str]:
    """Word tokens of a match key, syllables of one word joined by '_', punctuation dropped.

    Republished sentences are segmented once (cached).
    """
    return list(_segment_cached(key))
