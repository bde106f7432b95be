"""VISCII, TCVN3 (ABC) and TCVN 5712:1993 VN1 byte tables, which Python's codec registry lacks.

Old Vietnamese news archives are full of both; `decode.py` needs them to try every plausible
reading of a non-UTF-8 file, and tests/benchmarks need the encoders to build fixtures.
"""
from __future__ import annotations

import codecs
import re
import unicodedata

__all__ = [
    "VIETNAMESE_LETTERS", "VISCII_TABLE", "TCVN3_TABLE", "TCVN3_UNASSIGNED", "TCVN5712_1_TABLE", "decode_legacy",
    "encode_legacy",
]

_TONE_MARKS = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")  # none, huyền, sắc, ngã, hỏi, nặng
_VOWELS = "aăâeêioôơuưy"

# The 67 lowercase letters outside ASCII (12 vowels x 6 tones, minus 6 plain ASCII vowels, plus đ)
# and their 67 uppercase forms: 134 letters that every Vietnamese 8-bit encoding has to place.
_LOWER = [unicodedata.normalize("NFC", v + t) for v in _VOWELS for t in _TONE_MARKS]
_LOWER = [ch for ch in _LOWER if not ch.isascii()] + ["đ"]
VIETNAMESE_LETTERS: tuple[str, ...] = tuple(_LOWER + [ch.upper() for ch in _LOWER])

# VISCII (RFC 1456): 0x80-0xFF, 16 bytes a row, plus six uppercase letters parked in C0 controls
# that plain-text files never need (STX, ENQ, ACK, DC4, EM, RS).
_VISCII_HIGH = (
    "ẠẮẰẶẤẦẨẬẼẸẾỀỂỄỆỐ"  # 0x80
    "ỒỔỖỘỢỚỜỞỊỎỌỈỦŨỤỲ"  # 0x90
    "Õắằặấầẩậẽẹếềểễệố"  # 0xA0
    "ồổỗỠƠộờởịỰỨỪỬơớƯ"  # 0xB0
    "ÀÁÂÃẢĂẳẵÈÉÊẺÌÍĨỳ"  # 0xC0
    "ĐứÒÓÔạỷừửÙÚỹỵÝỡư"  # 0xD0
    "àáâãảăữẫèéêẻìíĩỉ"  # 0xE0
    "đựòóôõỏọụùúũủýợỮ"  # 0xF0
)
_VISCII_C0 = {0x02: "Ẳ", 0x05: "Ẵ", 0x06: "Ẫ", 0x14: "Ỷ", 0x19: "Ỹ", 0x1E: "Ỵ"}

# TCVN3 / ABC (TCVN 5712:1993 VN3, the .VnTime fonts): 0xA0-0xFF, "_" marks bytes VN3 leaves
# unassigned (VN1 puts uppercase toned letters there). Each vowel's tones run huyền, hỏi, ngã, sắc, nặng.
_TCVN3_HIGH = (
    "_ĂÂÊÔƠƯĐăâêôơưđ_"  # 0xA0
    "_____àảãáạ_ằẳẵắ_"  # 0xB0
    "______ặầẩẫấậè_ẻẽ"  # 0xC0
    "éẹềểễếệìỉ___ĩíịò"  # 0xD0
    "_ỏõóọồổỗốộờởỡớợù"  # 0xE0
    "_ủũúụừửữứựỳỷỹýỵ_"  # 0xF0
)

# TCVN 5712:1993 VN1 (glibc's TCVN5712-1): VN3's letters at the same bytes, plus the upper-case toned
# letters VN3 left out, in its unassigned bytes, in 0x80-0x9F and in twelve C0 controls. Files typed with
# these capitals read as cp1252 symbols under VN3 ("M›I NHÄT" for "MỚI NHẤT"). 0xB0-0xB4 are the five
# combining tone marks.
_TCVN5712_1_HIGH = (
    "ÀẢÃÁẠẶẬÈẺẼÉẸỆÌỈĨ"  # 0x80
    "ÍỊÒỎÕÓỌỘỜỞỠỚỢÙỦŨ"  # 0x90
    "\u00a0ĂÂÊÔƠƯĐăâêôơưđẰ"  # 0xA0
    "\u0300\u0309\u0303\u0301\u0323àảãáạẲằẳẵắẴ"  # 0xB0
    "ẮẦẨẪẤỀặầẩẫấậèỂẻẽ"  # 0xC0
    "éẹềểễếệìỉỄẾỒĩíịò"  # 0xD0
    "Ổỏõóọồổỗốộờởỡớợù"  # 0xE0
    "ỖủũúụừửữứựỳỷỹýỵỐ"  # 0xF0
)
_TCVN5712_1_C0 = {0x01: "Ú", 0x02: "Ụ", 0x04: "Ừ", 0x05: "Ử", 0x06: "Ữ", 0x11: "Ứ", 0x12: "Ự",
                  0x13: "Ỳ", 0x14: "Ỷ", 0x15: "Ỹ", 0x16: "Ý", 0x17: "Ỵ"}


def _cp1252_or_latin1(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)


def _build_viscii() -> str:
    table = [chr(b) for b in range(0x80)] + list(_VISCII_HIGH)
    for byte, ch in _VISCII_C0.items():
        table[byte] = ch
    return "".join(table)


def _build_tcvn3() -> str:
    # Unassigned bytes pass through as the cp1252 character the same byte shows on Windows,
    # so a stray quote or degree sign survives instead of making the whole file undecodable.
    table = [chr(b) for b in range(0x80)] + [_cp1252_or_latin1(b) for b in range(0x80, 0xA0)]
    for offset, ch in enumerate(_TCVN3_HIGH):
        table.append(ch if ch != "_" else _cp1252_or_latin1(0xA0 + offset))
    return "".join(table)


def _build_tcvn5712_1() -> str:
    table = [_TCVN5712_1_C0.get(b, chr(b)) for b in range(0x80)] + list(_TCVN5712_1_HIGH)
    return "".join(table)


VISCII_TABLE: str = _build_viscii()
TCVN3_TABLE: str = _build_tcvn3()
TCVN5712_1_TABLE: str = _build_tcvn5712_1()
assert len(VISCII_TABLE) == len(TCVN3_TABLE) == len(TCVN5712_1_TABLE) == 256


def _build_encoder(table: str, filler: frozenset[int], upper_to_lower: bool) -> dict[int, int]:
    enc: dict[int, int] = {}
    # Filler bytes first so assigned positions win any collision (TCVN3 filler 0xE0 is also "à").
    for byte in sorted(filler):
        enc[ord(table[byte])] = byte
    for byte, ch in enumerate(table):
        if byte not in filler:
            enc[ord(ch)] = byte
    if upper_to_lower:
        # TCVN3 has no uppercase toned letters (a separate uppercase font drew them); writers
        # typed the lowercase byte, so that is what an encoder has to produce.
        assigned = {ch for byte, ch in enumerate(table) if byte not in filler}
        for ch in VIETNAMESE_LETTERS:
            if ch.isupper() and ch not in assigned:
                enc[ord(ch)] = enc[ord(ch.lower())]
    return enc


_TCVN3_FILLER = frozenset(0xA0 + i for i, ch in enumerate(_TCVN3_HIGH) if ch == "_")
# Bytes a real TCVN3 file should not contain (NBSP excepted: Word wrote it with any font).
TCVN3_UNASSIGNED: bytes = bytes(sorted(_TCVN3_FILLER - {0xA0}))
_DECODERS = {"viscii": VISCII_TABLE, "tcvn3": TCVN3_TABLE, "tcvn5712-1": TCVN5712_1_TABLE}
_ENCODERS = {
    "viscii": _build_encoder(VISCII_TABLE, frozenset(), upper_to_lower=False),
    "tcvn3": _build_encoder(TCVN3_TABLE, _TCVN3_FILLER, upper_to_lower=True),
    "tcvn5712-1": _build_encoder(TCVN5712_1_TABLE, frozenset(), upper_to_lower=False),
}
_ALIASES = {"viscii": "viscii", "tcvn3": "tcvn3", "tcvn": "tcvn3", "abc": "tcvn3", "vn3": "tcvn3",
            "tcvn57121": "tcvn5712-1", "tcvn5712": "tcvn5712-1", "tcvn57121:1993": "tcvn5712-1", "vn1": "tcvn5712-1"}


def _canonical(encoding: str) -> str:
    key = encoding.lower().replace("-", "").replace("_", "")
    if key in _ALIASES:
        return _ALIASES[key]
    if key in ("cp1258", "windows1258"):
        return "cp1258"
    raise ValueError(f"unknown legacy encoding {encoding!r} (expected 'viscii', 'tcvn3', 'tcvn5712-1' or 'cp1258')")


def decode_legacy(data: bytes, encoding: str) -> str:
    """Decode VISCII, TCVN3 or TCVN5712-1 bytes; every byte maps to something, so this never fails."""
    name = _canonical(encoding)
    if name == "cp1258":
        return data.decode("cp1258")
    return codecs.charmap_decode(data, "strict", _DECODERS[name])[0]


def _encode_cp1258(text: str) -> bytes:
    # Python's cp1258 codec cannot encode most toned letters; Windows writes them as base letter
    # (with its breve/circumflex/horn) plus a combining tone mark, so do the same.
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONE_MARKS))
        tones = "".join(c for c in parts if c in _TONE_MARKS)
        out += (base + tones).encode("cp1258")
    return bytes(out)


def encode_legacy(text: str, encoding: str) -> bytes:
    """Encode text as 'tcvn3', 'tcvn5712-1', 'viscii' (or 'cp1258', composed the Windows way) to build fixtures.

    Raises UnicodeEncodeError for characters the encoding cannot hold.
    """
    name = _canonical(encoding)
    text = unicodedata.normalize("NFC", text)
    if name == "cp1258":
        return _encode_cp1258(text)
    enc = _ENCODERS[name]
    out = bytearray()
    for pos, ch in enumerate(text):
        byte = enc.get(ord(ch))
        if byte is None:
            raise UnicodeEncodeError(name, text, pos, pos + 1, "character not in table")
        out.append(byte)
    return bytes(out)


_TCVN3_NO_UPPER = frozenset(ch for ch in VIETNAMESE_LETTERS if ch.islower() and ch.upper() not in _TCVN3_HIGH)
_WORDS = re.compile(r"\w+")
_SENTENCE_START = re.compile(r"(?:^|(?<=[.!?…]\s)|(?<=[.!?…][\"”»)]\s))[\"“«(]?(\w)", re.M)


def _caps_compatible(word: str) -> bool:
    """Every letter is upper case, or a toned lower-case letter TCVN3 could not write in upper case."""
    return all(not c.isalpha() or c.isupper() or c in _TCVN3_NO_UPPER for c in word)


def restore_tcvn3_case(text: str) -> str:
    """Put back the capitals TCVN3 cannot encode (its upper-case toned letters used a second font).

    Decoded TCVN3 reads "THờI Sự" for "THỜI SỰ" and "ảnh: AFP" for "Ảnh: AFP". A run of words that
    could all be capitals, two thirds of them visibly so (half, for a line of its own), is upper-cased; so are sentence-initial
    letters. The text keeps its length, so offsets are unaffected.
    """
    chars = list(text)
    run: list[re.Match] = []

    def flush() -> None:
        worded = [m for m in run if any(c.isalpha() for c in m.group())]
        strong = [m for m in worded if sum(c.isupper() for c in m.group()) >= 2]
        line_start = text.rfind("\n", 0, run[0].start()) + 1 if run else 0
        line_end = text.find("\n", run[-1].end()) if run else 0
        whole_line = bool(run) and not any(c.isalpha() for c in text[line_start:run[0].start()]) and \
            not any(c.isalpha() for c in text[run[-1].end():line_end if line_end >= 0 else len(text)])
        # A heading line of its own needs half its words visibly capital; a run inside prose two thirds.
        if worded and len(strong) * (2 if whole_line else 3) >= len(worded) * (1 if whole_line else 2):
            for m in worded:
                chars[m.start():m.end()] = m.group().upper()
        run.clear()

    for m in _WORDS.finditer(text):
        gap = text[run[-1].end():m.start()] if run else ""
        if not _caps_compatible(m.group()) or "\n" in gap:
            flush()
        if _caps_compatible(m.group()):
            run.append(m)
    flush()
    restored = "".join(chars)
    return _SENTENCE_START.sub(lambda m: m.group()[:-1] + m.group(1).upper()
                               if m.group(1) in _TCVN3_NO_UPPER else m.group(), restored)
