"""Turn the bytes of a news file into text, whatever encoding a Vietnamese newsroom saved it in.

Generic detectors (charset-normalizer included) do not know VISCII or TCVN3 and confuse
cp1258 with cp1252, so every non-UTF reading is scored by how Vietnamese it looks instead.
"""
from __future__ import annotations

import codecs
import re
import unicodedata
from collections import Counter
from functools import lru_cache
from typing import TypeVar

from .legacy_codecs import TCVN3_UNASSIGNED, decode_legacy, restore_tcvn3_case

__all__ = ["DecodeError", "decode_bytes"]


class DecodeError(ValueError):
    """Raised with a short human message (no file name; the caller adds it)."""


# --- Vietnamese-looking score -------------------------------------------------------------

_TONE_OF = {"\u0300": 1, "\u0301": 2, "\u0303": 3, "\u0309": 4, "\u0323": 5}
_SAC, _NANG = 2, 5
# Toned lowercase vowel -> (bare vowel, tone).
_VOWEL = {
    unicodedata.normalize("NFC", v + mark): (v, tone)
    for v in "aăâeêioôơuưy"
    for mark, tone in [("", 0), *_TONE_OF.items()]
}
_TONED = {ch for ch, (_, tone) in _VOWEL.items() if tone}
_ONSET = "ngh|ng|gh|gi|kh|ch|nh|ph|th|tr|qu|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x"
# Nuclei ending in a glide take no final consonant; some nuclei need one ("ươ" alone is no syllable).
_OPEN = (
    "iêu|yêu|oai|oao|oay|oeo|uây|uôi|uya|uyu|ươi|ươu"
    "|ai|ao|au|ay|âu|ây|eo|êu|ia|iu|oi|ôi|ơi|ui|ưi|ưu|ưa|ua|uơ"
)
_CLOSED = "uyê|iê|yê|uô|ươ|uâ|oă|oo|ă|â"
_EITHER = "oa|oe|uê|uy|a|e|ê|i|o|ô|ơ|u|ư|y"
_CODA = "ng|nh|ch|c|m|n|p|t"
_SYLLABLE = re.compile(
    rf"(?:{_ONSET})?(?:(?:{_OPEN})|(?:{_CLOSED})(?P<c1>{_CODA})|(?:{_EITHER})(?P<c2>{_CODA})?)"
)
_STOP_CODAS = {"c", "ch", "p", "t"}

_WORD = re.compile(r"\w+")
_SUSPECT_CHAR = re.compile(r"[^\t\n\r\x0b\x0c\x20-\x7e]")
# Non-letter characters normal in Vietnamese news; anything else outside ASCII is suspicious.
_FINE_SYMBOLS = set("\u00a0\u2009\u200b“”‘’«»–—…•°€%")


@lru_cache(maxsize=65536)
def _is_syllable(token: str) -> bool:
    """True for a plausible Vietnamese syllable: known onset/nucleus/coda, one tone, sane case."""
    if not (token.islower() or token.isupper() or token.istitle()):
        # TCVN3 stores uppercase toned letters as lowercase ones: "LớN" is a fine uppercase word there.
        token_up = "".join(ch.upper() if ch in _TONED else ch for ch in token)
        if not (token_up.isupper() or token_up.istitle()):
            return False
    tone = 0
    bare = []
    for ch in token.lower():
        info = _VOWEL.get(ch)
        if info is None:
            bare.append(ch)
            continue
        bare.append(info[0])
        if info[1]:
            if tone:
                return False
            tone = info[1]
    match = _SYLLABLE.fullmatch("".join(bare))
    if match is None:
        return False
    coda = match.group("c1") or match.group("c2")
    # Syllables ending in a stop consonant only take the sắc or nặng tone.
    return coda not in _STOP_CODAS or tone in (_SAC, _NANG)


@lru_cache(maxsize=4096)
def _char_penalty(ch: str) -> int:
    if ch.isalpha() or ch in _FINE_SYMBOLS or ch.isspace():
        return 0
    category = unicodedata.category(ch)
    if category in ("Cc", "Cn", "Co", "Cs") or ch == "\ufffd":
        return 3
    return 1  # stray symbol or combining mark that did not compose


def _score(text: str) -> tuple[int, int, int]:
    """(good, bad, tokens): good = non-ASCII words that are Vietnamese syllables; bad = the rest,
    plus stray symbols and control characters. Comparable across readings of the same bytes."""
    text = unicodedata.normalize("NFC", text)
    words = _WORD.findall(text)
    good = bad = 0
    for word, n in Counter(w for w in words if not w.isascii()).items():
        if _is_syllable(word):
            good += n
        else:
            bad += n
    for ch, n in Counter(_SUSPECT_CHAR.findall(text)).items():
        bad += _char_penalty(ch) * n
    return good, bad, len(words)


# --- binary and UTF-16 sniffing -----------------------------------------------------------

# C0 controls that never occur in text; VISCII reuses 0x02 0x05 0x06 0x14 0x19 0x1E as letters.
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 26, 27, 2, 5, 6, 20, 25, 30))
_NOT_CONTROL = bytes(b for b in range(256) if b not in _CONTROL_BYTES)
_MAX_CONTROL_SHARE = 0.05
_BINARY = "looks binary, not text"


def _too_many_controls(data: bytes) -> bool:
    controls = len(data.translate(None, _NOT_CONTROL))  # delete everything else, count the rest
    return controls > _MAX_CONTROL_SHARE * len(data)


_CONTROL_CHARS = _CONTROL_BYTES.decode("ascii")


def _text_has_binary_controls(text: str) -> bool:
    controls = sum(text.count(ch) for ch in _CONTROL_CHARS)
    return "\x00" in text or controls > _MAX_CONTROL_SHARE * len(text)


def _sniff_utf16(data: bytes) -> str | None:
    """BOM-less UTF-16: ASCII-heavy text has a NUL in every other byte, on one side only."""
    if len(data) < 4 or len(data) % 2:
        return None
    pairs = len(data) // 2
    even, odd = data[0::2].count(0), data[1::2].count(0)
    if odd >= 0.2 * pairs and even <= 0.25 * odd:
        return "utf-16-le"
    if even >= 0.2 * pairs and odd <= 0.25 * even:
        return "utf-16-be"
    return None


# --- mojibake repair ----------------------------------------------------------------------

# A UTF-8 lead byte read as cp1252/latin-1 followed by a continuation byte read the same way:
# the fingerprint of double-encoded UTF-8 ("Viá»‡t"). Cheap gate before running ftfy.
_MOJIBAKE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)


def _net_score(text: str) -> int:
    good, bad, _ = _score(text)
    return good - bad


def _repair_mojibake(text: str) -> str | None:
    """ftfy's encoding fix, line by line (files often mix clean and mangled parts), kept only for
    lines it makes more Vietnamese-looking; a clean line never gains, so it is never touched."""
    if not _MOJIBAKE.search(text):
        return None
    import ftfy  # only paid for when mojibake is likely

    # Split on "\n" only: str.splitlines would also cut at U+0085, which latin-1 mojibake contains.
    lines = text.split("\n")
    changed = False
    for i, line in enumerate(lines):
        if _MOJIBAKE.search(line):
            fixed = ftfy.fix_encoding(line)
            if fixed != line and _net_score(fixed) > _net_score(line):
                lines[i] = fixed
                changed = True
    return "\n".join(lines) if changed else None


# --- legacy candidates --------------------------------------------------------------------

# Order breaks score ties: cp1258 is Windows' own Vietnamese codepage, TCVN3 the commonest font encoding;
# TCVN5712-1 (VN1) is TCVN3 plus upper-case toned letters, so it wins only when those letters show up.
_LEGACY = ("cp1258", "tcvn3", "viscii", "tcvn5712-1")
_MAX_BAD_SHARE = 0.05
# Scoring looks at a few windows spread over the file: enough evidence, bounded time on big files.
_WINDOWS, _WINDOW_CHARS = 4, 4096
_GUESS_BYTES = 32768


# Bytes unassigned in an encoding count against reading the file in it.
_UNASSIGNED = {"tcvn3": TCVN3_UNASSIGNED}


_Seq = TypeVar("_Seq", str, bytes)


def _sample(seq: _Seq) -> _Seq:
    if len(seq) <= _WINDOWS * _WINDOW_CHARS:
        return seq
    step = (len(seq) - _WINDOW_CHARS) // (_WINDOWS - 1)
    windows = [seq[i * step : i * step + _WINDOW_CHARS] for i in range(_WINDOWS)]
    return ("\n" if isinstance(seq, str) else b"\n").join(windows)  # type: ignore[arg-type]


def _charset_normalizer_guess(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:_GUESS_BYTES]).best()
    if best is None:
        return None
    try:
        return codecs.lookup(best.encoding).name
    except LookupError:
        return None


def _decode_candidate(data: bytes, encoding: str) -> str | None:
    try:
        if encoding in _LEGACY:
            return decode_legacy(data, encoding)
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _decode_legacy_guess(data: bytes) -> tuple[str, str]:
    names = list(_LEGACY)
    guess = _charset_normalizer_guess(data)
    if guess is not None and guess not in names and not guess.startswith("utf"):
        names.append(guess)
    ranked = []
    sample = _sample(data)  # single-byte encodings: the same windows for every candidate
    for rank, name in enumerate(names):
        text = _decode_candidate(data, name)
        if text is None:
            continue
        if name in _LEGACY:
            good, bad, words = _score(_decode_candidate(sample, name))
            unassigned = _UNASSIGNED.get(name)
            if unassigned:
                bad += len(sample) - len(sample.translate(None, unassigned))
        else:
            good, bad, words = _score(_sample(text))
        ranked.append((good - bad, -rank, good, bad, words, name, text))
    if not ranked:
        raise DecodeError("cannot decode: not UTF-8 and no candidate encoding accepts these bytes")
    _, _, good, bad, words, name, text = max(ranked)
    # Mostly-ASCII Western text with a few accents is fine; garbage in every reading is not.
    if bad > good and bad > _MAX_BAD_SHARE * words:
        tried = ", ".join(names)
        raise DecodeError(f"cannot decode: not UTF-8, and no reading ({tried}) looks like Vietnamese text")
    return text, name


# --- entry point --------------------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _decode_unicode(data: bytes) -> tuple[str, str] | None:
    """BOM-marked, BOM-less UTF-16 or strict UTF-8 decoding; None when the bytes are none of these."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError:
                if name != "utf-32":  # FF FE 00 00 may just be UTF-16 text starting with NUL
                    label = name.removesuffix("-sig").upper()
                    raise DecodeError(f"cannot decode: has a {label} byte-order mark but is not valid {label}") from None
    if b"\x00" in data:
        name = _sniff_utf16(data)
        if name is None:
            raise DecodeError(_BINARY)
        try:
            return data.decode(name), name
        except UnicodeDecodeError:
            raise DecodeError(_BINARY) from None
    if _too_many_controls(data):
        raise DecodeError(_BINARY)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return None


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return (text, encoding_name). text is what Python's text mode would give for the detected encoding:
    BOM removed, universal newlines (\\r\\n and \\r -> \\n). Not NFC-normalized (caller does that).
    Raises DecodeError for empty input ("file is empty"), binary input ("looks binary, not text"),
    or input that decodes to nothing Vietnamese-looking/undecodable ("cannot decode: ...").

    encoding_name is a Python codec name, or "viscii"/"tcvn3"/"tcvn5712-1", with "+mojibake-fix" appended
    when double-encoded UTF-8 was repaired with ftfy.
    """
    if not data:
        raise DecodeError("file is empty")
    decoded = _decode_unicode(data)
    if decoded is not None:
        text, name = decoded
        if name != "utf-8" and _text_has_binary_controls(text):  # plain UTF-8 bytes were checked already
            raise DecodeError(_BINARY)
        repaired = _repair_mojibake(text)
        if repaired is not None:
            text, name = repaired, name + "+mojibake-fix"
    else:
        text, name = _decode_legacy_guess(data)
        if name in ("tcvn3", "tcvn5712-1"):  # VN1 files too are often typed with VN3's lower-case-only fonts
            text = restore_tcvn3_case(text)
    if not text:
        raise DecodeError("file is empty")
    return text.replace("\r\n", "\n").replace("\r", "\n"), name
