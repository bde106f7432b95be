"""Names in an article: runs of capitalised words, a strong sign of which story an article tells.

Vietnamese writes every syllable of a proper name with a capital (Hoàng Công Lương, Bình Chánh, Bộ Y tế),
so a run of capitalised words is a cheap stand-in for a named-entity tagger. A single capitalised word
that opens a sentence is just the sentence's first word and is left out; a run of two or more words is
kept wherever it stands. Digits directly after a capitalised word belong to the name (RON 95, Mỹ Thuận 2).
Each name becomes one term (its match key) so "Phan Văn Vĩnh" matches as a whole, not as three common
syllables.
"""
from __future__ import annotations

import re

from ..text.normalize import match_key

_WORD = re.compile(r"[^\W_]+")
_SENTENCE = re.compile(r"(?<=[.!?:])\s+|\n")


def names(text: str) -> list[str]:
    """Match keys of the capitalised runs of `text`, in order (repeats kept: they count as term frequency)."""
    out: list[str] = []
    for sentence in _SENTENCE.split(text):
        run: list[str] = []
        opens = False
        for k, m in enumerate(_WORD.finditer(sentence)):
            word = m.group()
            if word[0].isupper() or (run and word[0].isdigit()):
                if not run:
                    opens = k == 0
                run.append(word)
                continue
            if run and (len(run) >= 2 or not opens):
                out.append(match_key(" ".join(run)))
            run = []
        if run and (len(run) >= 2 or not opens):
            out.append(match_key(" ".join(run)))
    return out
