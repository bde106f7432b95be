"""An article's structure found in its text: headline, sapo, byline and dateline (issue 12).

Users rarely have the title and sapo as separate fields: a scraped `.txt` file holds the headline
line, maybe a byline or dateline, the sapo paragraph and then the body, all in one text; a news page's
extracted text starts with its `<h1>`. Detection walks the lines before the first body paragraph,
using what cleaning already decided about each line (text/clean.py), and:

- takes as headline the title given as a field when it is repeated there, else the first short line
  without final punctuation (a section label like "Thời sự" is skipped), else a capitals line;
- records bylines (a name line, "Bài và ảnh: …", "Theo …") and datelines (a line with a date);
- takes as sapo the first prose paragraph after a headline, byline or dateline found in the text, or
  the paragraph that repeats a sapo given apart (a JSONL `anchor_text`, a page's description).

A headline found in the text is not a body sentence (its span moves to the dropped list with reason
"headline"); the sapo stays a candidate, marked, so whether it may be chosen is learned from data.
The same detection serves every input path, so the scorer sees the same features whichever way the
title and sapo arrived.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..model import Dropped, Part
from .clean import CleanResult, stripped_lines
from .data import word_list
from .normalize import collapse_spaces, match_key, syllables
from .segment import split_spans

_DATE = re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)\d{2}\b")
_NOT_HEADLINE_END = tuple(".:;,…")
_HEADLINE_WORDS = (3, 40)      # AbMuSu titles: 4-38 syllables
_SAPO_WORDS = (5, 160)         # AbMuSu sapos: up to 163
_SAME_TEXT = 0.7               # bigram overlap at which a paragraph repeats a given title/sapo
_NAME_WORDS = (2, 6)


@dataclass
class Structure:
    """What detection found; offsets are into the text it was given."""

    parts: list[Part] = field(default_factory=list)
    headline: str = ""                       # found in the text (empty when given as a field)
    sapo: str = ""                           # the sapo paragraph found in the text
    sapo_span: tuple[int, int] | None = None


@dataclass
class _Line:
    start: int
    end: int
    kept: list[int]       # indices into CleanResult.kept inside this line
    dropped: list[int]    # indices into CleanResult.dropped inside this line


def _lines(text: str, cleaned: CleanResult):
    """Stripped non-empty lines, each with the kept and dropped spans cleaning made inside it."""
    ki = di = 0
    kept, dropped = cleaned.kept, cleaned.dropped
    for a, b in stripped_lines(text):
        while ki < len(kept) and kept[ki][0] < a:
            ki += 1
        while di < len(dropped) and dropped[di].start < a:
            di += 1
        k0, d0 = ki, di
        while ki < len(kept) and kept[ki][0] < b:
            ki += 1
        while di < len(dropped) and dropped[di].start < b:
            di += 1
        yield _Line(a, b, list(range(k0, ki)), list(range(d0, di)))


def _bigrams(text: str) -> set[tuple[str, str]]:
    s = syllables(match_key(text))
    return set(zip(s, s[1:])) or {(w, "") for w in s}


def _repeats(line: str, given: str, strict: bool = False) -> bool:
    """Does the line say the given title/sapo again (possibly cut short, or with a site name added)?

    strict: nearly the same text both ways. A body paragraph that retells the sapo in more words
    (common in AbMuSu) is body, not the sapo; a page's description repeated as its first paragraph is.
    """
    a, b = _bigrams(line), _bigrams(given)
    if not a or not b:
        return False
    shared = len(a & b)
    if strict:
        return shared / max(len(a), len(b)) >= _SAME_TEXT
    return shared / min(len(a), len(b)) >= _SAME_TEXT and shared / max(len(a), len(b)) >= _SAME_TEXT / 2


def _starts_like_a_title(line: str) -> bool:
    """Capital or digit first ("iPhone", "iOS" count: a capital inside the first word)."""
    word = line.lstrip("\"'“‘«([").split(" ", 1)[0]
    return word[:1].isupper() or word[:1].isdigit() or any(ch.isupper() for ch in word[1:])


def _headline_shape(text: str, line: str) -> bool:
    """A short line, one sentence, capitalised, without final punctuation (not a section label)."""
    words = line.split()
    if not _HEADLINE_WORDS[0] <= len(words) <= _HEADLINE_WORDS[1]:
        return False
    if line.rstrip("\"'”’»)").endswith(_NOT_HEADLINE_END) or not _starts_like_a_title(line):
        return False
    return match_key(line).strip(" .:-–—|") not in word_list("section_names.txt")


def _one_sentence(text: str, a: int, b: int) -> bool:
    return len(split_spans(text, a, b)) <= 1


def _byline_kind(line: str, after_headline: bool) -> str | None:
    """"dateline" for a line with a date, "byline" for a writer's line, None for anything else."""
    key = match_key(line)
    words = line.split()
    if _DATE.search(line):
        return "dateline"
    if len(words) <= 12 and any(key.startswith(p) for p in word_list("byline_prefixes.txt")):
        return "byline"
    if after_headline and _NAME_WORDS[0] <= len(words) <= _NAME_WORDS[1] and \
            all(w[:1].isupper() for w in words) and not any(ch.isdigit() for ch in line) and \
            not line.endswith(_NOT_HEADLINE_END + tuple("!?")):
        return "byline"
    return None


def detect(text: str, cleaned: CleanResult, title: str = "", sapo: str = "",
           title_basis: str = "field", sapo_basis: str = "field") -> Structure:
    """Find headline, byline/dateline and sapo at the top of `text` (cleaned by text.clean.clean).

    `title`/`sapo` are the ones given apart (fields, page metadata), if any. Updates `cleaned` in place:
    a headline line leaves the kept spans and is dropped with reason "headline".
    """
    found = Structure()
    headline: Part | None = None
    capitals: tuple[_Line, int] | None = None
    bylines: list[Part] = []
    sapo_part: Part | None = None
    headline_line: _Line | None = None    # a prose line that is the headline, dropped after the walk
    for line in _lines(text, cleaned):
        a, b = line.start, line.end
        raw = text[a:b]
        shown = collapse_spaces(raw)
        if not line.kept:    # a whole line cleaning dropped
            reasons = [cleaned.dropped[i].reason for i in line.dropped]
            first = line.dropped[0] if line.dropped else None
            if headline is None and title and _repeats(raw, title):
                headline = Part("headline", shown, f"{title_basis}, found in the text", a, b)
                _rename(cleaned, first, "headline")
            elif headline is None and not title and "heading" in reasons and _headline_shape(text, raw):
                headline = Part("headline", shown, "first line", a, b)
                _rename(cleaned, first, "headline")
            elif "byline / time stamp" in reasons or "source attribution" in reasons or "heading" in reasons:
                kind = _byline_kind(raw, headline is not None or bool(title))
                if kind:
                    bylines.append(Part(kind, shown, "line after the headline" if headline else "line", a, b))
                    if first is not None and "heading" in reasons:
                        _rename(cleaned, first, kind)
            elif "heading in capitals" in reasons and capitals is None and not title and first is not None:
                capitals = (line, first)
            continue
        # The first line holding prose: a headline written as prose, or the first paragraph.
        more_follows = line.kept[-1] + 1 < len(cleaned.kept)
        if headline is None and more_follows and title and _repeats(raw, title) and _one_sentence(text, a, b):
            headline, headline_line = Part("headline", shown, f"{title_basis}, found in the text", a, b), line
            continue
        if headline is None and more_follows and not title and _headline_shape(text, raw) \
                and _one_sentence(text, a, b):
            headline, headline_line = Part("headline", shown, "first line", a, b), line
            continue
        if headline is None and capitals is not None:
            cap_line, index = capitals
            headline = Part("headline", collapse_spaces(text[cap_line.start:cap_line.end]), "capitals line",
                            cap_line.start, cap_line.end)
            _rename(cleaned, index, "headline")
        sa, sb = cleaned.kept[line.kept[0]][0], cleaned.kept[line.kept[-1]][1]
        words = len(text[sa:sb].split())
        if sapo:
            is_sapo, basis = _repeats(text[sa:sb], sapo, strict=True), f"{sapo_basis}, found in the text"
        else:
            is_sapo = (headline is not None or bool(bylines)) and more_follows \
                and _SAPO_WORDS[0] <= words <= _SAPO_WORDS[1]
            basis = "first paragraph after the " + ("headline" if headline is not None else bylines[-1].kind) \
                if is_sapo else ""
        if is_sapo:
            found.sapo_span = (sa, sb)
            found.sapo = collapse_spaces(text[sa:sb])
            sapo_part = Part("sapo", found.sapo, basis, sa, sb)
        break
    if headline_line is not None:
        _drop_line(cleaned, headline_line, headline.text)
    if headline is not None:
        found.headline = headline.text if headline.start is not None and not title else ""
        found.parts.append(headline)
    elif title:
        found.parts.append(Part("headline", title, title_basis))
    found.parts += bylines
    if sapo_part is not None:
        found.parts.append(sapo_part)
    elif sapo:
        found.parts.append(Part("sapo", sapo, sapo_basis))
    return found


def _rename(cleaned: CleanResult, index: int | None, reason: str) -> None:
    if index is not None:
        cleaned.dropped[index] = replace(cleaned.dropped[index], reason=reason)


def _drop_line(cleaned: CleanResult, line: _Line, shown: str) -> None:
    """Move a prose line that is really the headline from the kept spans to the dropped ones.

    Called once the walk over the lines is over (the walk indexes into both lists).
    """
    gone = set(line.kept)
    cleaned.kept[:] = [span for i, span in enumerate(cleaned.kept) if i not in gone]
    cleaned.dropped[:] = [d for i, d in enumerate(cleaned.dropped) if i not in line.dropped]
    cleaned.dropped.append(Dropped(line.start, line.end, "headline", shown))
    cleaned.dropped.sort(key=lambda d: (d.start, d.end))
