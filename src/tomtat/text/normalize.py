"""Unicode and spelling normalisation used for matching and scoring.

Vietnamese text arrives in NFC or NFD and with two tone-placement conventions ("hoà"/"hòa",
"thuỷ"/"thủy", "khoẻ"/"khỏe"). Text shown to readers keeps the article's own spelling; every comparison
uses `match_key`, which is NFC, lowercase and places tone marks one canonical way (the "old" style,
tone on the first vowel of an open oa/oe/uy, which most Vietnamese news sites use).
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
# Vowels that carry a shape mark (circumflex, breve, horn) take the tone in both conventions.
_MARKED_VOWELS = set("âăêôơư")
_VOWELS = set("aeiouyâăêôơư")
_WORD = re.compile(r"\w+")
_SPACES = re.compile(r"\s+")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def nfc_with_offsets(text: str) -> tuple[str, list[int] | None]:
    """NFC text plus, for each of its characters (and its end), the offset in the original text.

    Cleaning and segmentation run on NFC text (their patterns are written in NFC); spans found there
    map back through this table to the decoded text the contract's offsets point into. None means the
    text already was NFC and offsets are the identity.
    """
    if unicodedata.is_normalized("NFC", text):
        return text, None
    out: list[str] = []
    back: list[int] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        composed = unicodedata.normalize("NFC", text[i:j])
        out.append(composed)
        back.extend([i] * len(composed))
        i = j
    back.append(n)
    return "".join(out), back


def collapse_spaces(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


@lru_cache(maxsize=200_000)
def canonical_syllable(syllable: str) -> str:
    """Re-place the tone mark of one lowercase NFC syllable by the canonical rule."""
    decomposed = unicodedata.normalize("NFD", syllable)
    tones = [ch for ch in decomposed if ch in TONE_MARKS]
    if len(tones) != 1:
        return syllable
    bare = nfc("".join(ch for ch in decomposed if ch not in TONE_MARKS))
    letters = list(bare)
    # Locate the vowel nucleus; "qu" and "gi" + vowel count the u/i as part of the onset.
    first = next((i for i, ch in enumerate(letters) if ch in _VOWELS), None)
    if first is None:
        return syllable
    if first > 0 and letters[first - 1] == "q" and letters[first] == "u":
        first += 1
    elif (first > 0 and letters[first - 1] == "g" and letters[first] == "i"
          and first + 1 < len(letters) and letters[first + 1] in _VOWELS):
        first += 1
    last = first
    while last + 1 < len(letters) and letters[last + 1] in _VOWELS:
        last += 1
    nucleus = range(first, last + 1)
    marked = [i for i in nucleus if letters[i] in _MARKED_VOWELS]
    if marked:
        target = marked[-1]          # ươ -> ơ
    elif last + 1 < len(letters):    # closed syllable: tone on the last vowel (hoàn, toán, thuyết)
        target = last
    elif last - first >= 2:          # three open vowels: the middle one (khuỷu, ngoài -> ngoài)
        target = first + 1
    else:                            # open: first vowel (hòa, thủy, khỏe, mùa, tài)
        target = first
    if letters[target] not in _VOWELS:
        return syllable
    rebuilt = letters[: target + 1] + [tones[0]] + letters[target + 1:]
    return nfc("".join(rebuilt))


def canonical_tones(text: str) -> str:
    """Apply `canonical_syllable` to every word of a lowercase NFC text."""
    return _WORD.sub(lambda m: canonical_syllable(m.group()), text)


def match_key(text: str) -> str:
    """The form used for every comparison: NFC, lowercase, canonical tones, single spaces."""
    return canonical_tones(collapse_spaces(nfc(text).lower()))


def syllables(key: str) -> list[str]:
    """Syllable tokens of a match key: maximal runs of letters/digits."""
    return _WORD.findall(key.replace("_", " "))
