"""Unicode and spelling normalisation used for matching and scoring.

Vietnamese text arrives in NFC or NFD and with two tone-placement conventions ("hoà"/"hòa",
"thuỷ"/"thủy", "khoẻ"/"khỏe"). Text shown to readers keeps the article's own spelling; every comparison
uses `match_key`, which is NFC, lowercase and places tone marks one canonical way (the "old" style,
tone on the first vowel of an open oa/oe/uy, which most Vietnamese news sites use).
"""
from __future__ import annotations

import itertools
import re
import sys
import unicodedata
from array import array
from functools import lru_cache
from typing import Sequence

import numpy as np

TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
# Vowels that carry a shape mark (circumflex, breve, horn) take the tone in both conventions.
_MARKED_VOWELS = set("âăêôơư")
_VOWELS = set("aeiouyâăêôơư")
_WORD = re.compile(r"\w+")
# A syllable with any combining marks left after NFC ("ỵ" + hook above): re-placing the tone of "oỵ" alone
# would strand the hook, and the key would stop being NFC (and change when keyed again).
_SYLLABLE_RUN = re.compile(r"[\w\u0300-\u036f]+")
_SPACES = re.compile(r"\s+")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def nfc_with_offsets(text: str) -> tuple[str, Sequence[int] | None]:
    """NFC text plus, for each of its characters (and its end), the offset in the original text.

    Cleaning and segmentation run on NFC text (their patterns are written in NFC); spans found there
    map back through this table to the decoded text the contract's offsets point into. None means the
    text already was NFC and offsets are the identity. Each character with the combining marks after it
    is composed on its own. The table is a compact array (4 bytes a character, not a Python int each)
    computed in one vectorised pass (`_aligned_offsets`); only texts it does not fit are walked run of
    marks by run. A 50 MB decomposed text costs a small multiple of its size.
    """
    if unicodedata.is_normalized("NFC", text):
        return text, None
    norm = unicodedata.normalize("NFC", text)
    back = _aligned_offsets(text, norm)
    if back is not None:
        return norm, back
    n = len(text)
    out: list[str] = []
    table = array("i" if n < 2**31 - 1 else "q")
    pos = 0                                        # text[:pos] is done
    for run in _combining_runs().finditer(text):
        base = run.start() - 1 if run.start() > pos else run.start()   # marks attach to the char before
        _plain(text, pos, base, out, table)
        composed = unicodedata.normalize("NFC", text[base:run.end()])
        out.append(composed)
        table.extend(itertools.repeat(base, len(composed)))
        pos = run.end()
    _plain(text, pos, n, out, table)
    table.append(n)
    return "".join(out), table


def _aligned_offsets(text: str, norm: str) -> array | None:
    """The offset table in one vectorised pass, when NFC only composed marks into the character before
    them (the case of every decomposed Vietnamese text): then the k-th character that is not a mark in
    `norm` comes from the k-th in `text`, and the marks after it from the same source character.

    NFC reorders and composes marks only within the run after a starter; the one way pieces can merge
    is a starter composing with the next starter (Hangul jamo, some Indic vowel signs), which lowers
    the count of starters (no canonical decomposition splits a starter into two that stay apart). So
    equal counts mean the pieces line up. Otherwise, or for a text that starts with a mark, None: the
    caller composes run by run."""
    src, dst = _codes(text), _codes(norm)
    src_start, dst_start = ~_is_mark(src), ~_is_mark(dst)
    if len(src) == 0 or not src_start[0] or not dst_start[0]:
        return None
    starts = np.flatnonzero(src_start)
    if len(starts) != int(dst_start.sum()):
        return None
    wide = len(text) >= 2**31 - 1
    back = np.empty(len(dst) + 1, dtype=np.int64 if wide else np.int32)
    back[:-1] = starts[np.cumsum(dst_start) - 1]
    back[-1] = len(text)
    table = array("q" if wide else "i")   # indexing an array gives plain ints, as offsets must be
    table.frombytes(back.tobytes())
    return table


def _plain(text: str, a: int, b: int, out: list[str], back: array) -> None:
    """Characters text[a:b], none followed by a combining mark: each composed on its own."""
    if a >= b:
        return
    chunk = text[a:b]
    if unicodedata.is_normalized("NFC", chunk):   # then every character is NFC by itself too
        out.append(chunk)
        back.extend(range(a, b))
        return
    for i in range(a, b):
        composed = unicodedata.normalize("NFC", text[i])
        out.append(composed)
        back.extend(itertools.repeat(i, len(composed)))


def _codes(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def _is_mark(codes: np.ndarray) -> np.ndarray:
    """True where a code point has a nonzero canonical combining class."""
    table = _mark_table()
    return table[np.minimum(codes, len(table) - 1)] & (codes < len(table)) | _astral_marks(codes)


def _astral_marks(codes: np.ndarray) -> np.ndarray:
    out = np.zeros(len(codes), dtype=bool)
    far = np.flatnonzero(codes >= len(_mark_table()))
    if len(far):
        out[far] = [bool(unicodedata.combining(chr(c))) for c in codes[far].tolist()]
    return out


@lru_cache(maxsize=1)
def _mark_table() -> np.ndarray:
    """combining(c) != 0 for every code point of the Basic Multilingual Plane."""
    return np.array([bool(unicodedata.combining(chr(c))) for c in range(0x10000)], dtype=bool)


@lru_cache(maxsize=1)
def _joins_previous() -> frozenset[str]:
    """Characters of combining class 0 that NFC still merges into the character before them: Hangul
    vowel and final jamo (ᄀ+ᅡ+ᆨ → 각) and the second halves of a few two-part vowels (େ+ା → ୋ)."""
    found = {chr(cp) for cp in (*range(0x1161, 0x1176), *range(0x11A8, 0x11C3))}
    for cp in range(0x30000):   # every canonical decomposition lies below U+30000
        parts = unicodedata.decomposition(chr(cp)).split()
        if len(parts) == 2 and not parts[0].startswith("<"):
            first, second = chr(int(parts[0], 16)), chr(int(parts[1], 16))
            if not unicodedata.combining(second) and unicodedata.normalize("NFC", first + second) == chr(cp):
                found.add(second)
    return frozenset(found)


@lru_cache(maxsize=1)
def _combining_runs() -> re.Pattern:
    """Runs of characters NFC may merge into the character before them: those with a nonzero canonical
    combining class, and the few starters that compose backwards (`_joins_previous`); without these a
    Hangul syllable spelt in jamo stayed apart in the text spans are cut from, and nfc(span) differed."""
    marks = [chr(c) for c in range(sys.maxunicode + 1)
             if unicodedata.combining(chr(c)) and not 0xD800 <= c <= 0xDFFF]
    marks += sorted(_joins_previous())
    return re.compile("[" + "".join(re.escape(m) for m in marks) + "]+")


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def without_lone_surrogates(text: str) -> str:
    """Lone surrogates (a JSON "\\ud800" escape) become U+FFFD, one for one, so offsets stay valid: UTF-8
    cannot encode them, and pyvi crashes on them."""
    return _LONE_SURROGATE.sub("\ufffd", text)


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
    if (first > 0 and letters[first - 1] == "q" and letters[first] == "u"
            and first + 1 < len(letters) and letters[first + 1] in _VOWELS):   # "qù" alone: u is the nucleus
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
    return _SYLLABLE_RUN.sub(lambda m: canonical_syllable(m.group()), text)


def match_key(text: str) -> str:
    """The form used for every comparison: NFC, lowercase, canonical tones, single spaces."""
    return canonical_tones(collapse_spaces(nfc(text).lower()))


def syllables(key: str) -> list[str]:
    """Syllable tokens of a match key: maximal runs of letters/digits.

    Interned: a long text repeats a few thousand syllables millions of times, and each sentence keeps
    its list, so one shared object per distinct syllable keeps memory a small multiple of the text.
    """
    return [sys.intern(w) for w in _WORD.findall(key.replace("_", " "))]
