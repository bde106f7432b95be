"""Sentences a summary must not hold alone (issue 19.5), found once per cluster; word lists in text/data/.

- unfit: never chosen. Captions and teasers ("VIDEO: …", "Video hiện trường …", "Ảnh vệ tinh cho thấy …",
  "Xem thêm > > …", "Tin an ninh hình sự 24h qua: …"), sub-headings (a paragraph of one sentence without
  final punctuation) and lead-ins ("… như sau:", a sentence ending in ":" or ";" whose list is not chosen).
- leaning: needs the sentence before it in its article ("Bởi, …", "Tại đó, …", "Điều này …", "Ông cho
  biết …", "những cáo buộc trên", a piece starting in lower case, "Việc INF đổ vỡ …" where INF was named in
  an earlier sentence). Selection takes such a sentence only with its predecessor, and `keep_together` puts
  it right after that predecessor whatever the reading order.
"""
from __future__ import annotations

import re
from typing import Sequence

import numpy as np

from ..model import Sentence
from ..stories.roundups import is_roundup
from ..text import teasers
from ..text.data import word_list
from ..text.segment import ends_with_abbreviation
from ..text.teasers import opens_with

_PRONOUN_SUBJECT = re.compile(r"^(Ông|Bà|Anh|Chị) [a-zà-ỹđ]")
# The end of a quotation cut off from its start, with its attribution ('", Reuters dẫn lời ông Trump.', '”,
# ông nói.'): a corpus that puts each sentence of a quotation on its own line leaves such a piece.
_QUOTE_TAIL = re.compile(r"^\s*(?:[\"”’»']\s*[,;–—-]|[,;])")
_FINAL = tuple(".!?…")
_CLOSERS = "\"'”’»)]} "
_LEAD_IN = tuple(":;")
_WORD = re.compile(r"\w+")
_ROUNDUP_WORDS = 12        # a roundup title ends at its colon within this many words
_NAME_WINDOW = 5           # words after "Việc" looked at for a name told before


def is_teaser(text: str, key: str) -> bool:
    """A caption, a teaser for a video/photo/other page, or a roundup title: not a sentence of the story."""
    if teasers.is_teaser(key):
        return True
    head, colon, _ = text.partition(":")
    return bool(colon) and len(head.split()) <= _ROUNDUP_WORDS and is_roundup(head)


def _ends_with(text: str, marks: tuple[str, ...]) -> bool:
    return text.rstrip(_CLOSERS).endswith(marks)


def is_subheading(s: Sentence, alone: bool) -> bool:
    """A paragraph of one sentence without final punctuation, or any sentence ending in ":"/";"."""
    if _ends_with(s.text, _LEAD_IN):
        return True
    return alone and not _ends_with(s.text, _FINAL)


def is_question(text: str) -> bool:
    """A question the writer asks (an interviewer's "Xin ông cho biết tiến độ?", a rhetorical "Giá xăng có tăng
    theo giá điện?"): it reports nothing. A quoted question is someone's words, left to the scores. None of
    AbMuSu's gold summaries holds a question mark; 32 of the 6,772 sentences of its validation articles end so."""
    stripped = text.strip()
    return stripped.endswith("?") and not stripped.startswith(('"', "“", "'", "‘", "«"))


def unfit(sentences: Sequence[Sentence]) -> np.ndarray:
    """True where a sentence must never be chosen (teaser, caption, roundup, sub-heading, lead-in, question)."""
    out = np.zeros(len(sentences), dtype=bool)
    for i, s in enumerate(sentences):
        nxt = sentences[i + 1] if i + 1 < len(sentences) else None
        alone = s.position_in_paragraph == 0 and (nxt is None or nxt.doc != s.doc or nxt.paragraph != s.paragraph)
        out[i] = is_teaser(s.text, s.key) or is_subheading(s, alone) or is_question(s.text)
    return out


def _continues(text: str) -> bool:
    """A piece that starts in lower case ("phong phú về hình dạng…", "(15 tuổi, …) thấy …"): the rest of a
    sentence cut before it. A word with a capital inside ("iPhone", "eBay") is a name, not a continuation."""
    first = next((w for w in text.split() if any(ch.isalpha() for ch in w)), "")
    letters = [ch for ch in first if ch.isalpha()]
    return bool(letters) and letters[0].islower() and not any(ch.isupper() for ch in letters)


def is_dependent(text: str, key: str) -> bool:
    """Does the sentence need the one before it (a connective, a bare pronoun, "nói trên", a cut piece)?"""
    if _PRONOUN_SUBJECT.match(text) or _continues(text) or _QUOTE_TAIL.match(text):
        return True
    if opens_with(key, word_list("dangling.txt")):
        return True
    return any(phrase in key for phrase in word_list("dangling_references.txt"))


def _names_told_before(s: Sentence, told: set[str]) -> bool:
    """"Việc INF đổ vỡ …": an opening of dangling_names.txt followed by a name already in `told`."""
    if not opens_with(s.key, word_list("dangling_names.txt")):
        return False
    return any(w in told for w in _names(" ".join(s.text.split()[1:1 + _NAME_WINDOW])))


def _names(text: str) -> list[str]:
    """Words with a capital letter ("INF", "Vinashin", "Mỹ")."""
    return [w for w in _WORD.findall(text) if any(ch.isupper() for ch in w)]


def leaning(sentences: Sequence[Sentence]) -> np.ndarray:
    """True where a sentence leans on the one before it in its article (also the rest of a sentence its source
    broke after an abbreviation: "... trường THCS Quyết Thắng, TP." / "Sơn La để phục vụ việc tìm bài thi.")."""
    out = np.zeros(len(sentences), dtype=bool)
    told: set[str] = set()
    doc = None
    for i, s in enumerate(sentences):
        if s.doc != doc:
            doc, told = s.doc, set()
        elif ends_with_abbreviation(sentences[i - 1].text):
            out[i] = True
        out[i] = out[i] or is_dependent(s.text, s.key) or _names_told_before(s, told)
        told.update(_names(s.text))
    return out


def predecessors(sentences: Sequence[Sentence]) -> np.ndarray:
    """Index of each sentence's predecessor in its article, -1 for an article's first sentence."""
    return np.array([i - 1 if i > 0 and sentences[i - 1].doc == s.doc else -1 for i, s in enumerate(sentences)],
                    dtype=int)


def keep_together(ordered: list[Sentence], leans: Sequence[bool] | np.ndarray, all_sentences: Sequence[Sentence]
                  ) -> list[Sentence]:
    """`ordered` with every leaning sentence moved right after its predecessor (when that one is there too).

    `leans` is indexed like `all_sentences` (the cluster's sentences). Reading order (time or source) is
    otherwise kept: a sentence that needs the one before it must be read after it.
    """
    position = {(s.doc, s.index): k for k, s in enumerate(all_sentences)}
    present = {(s.doc, s.index) for s in ordered}
    follower: dict[tuple[int, int], Sentence] = {}
    for s in ordered:
        k = position.get((s.doc, s.index))
        if k is not None and leans[k] and (s.doc, s.index - 1) in present:
            follower[(s.doc, s.index - 1)] = s
    moved = {(s.doc, s.index) for s in follower.values()}
    out: list[Sentence] = []

    def place(s: Sentence) -> None:
        out.append(s)
        nxt = follower.get((s.doc, s.index))
        if nxt is not None:
            place(nxt)

    for s in ordered:
        if (s.doc, s.index) not in moved:
            place(s)
    return out
