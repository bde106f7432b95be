"""Byte decoding: every encoding a Vietnamese newsroom used must come back as the same text."""
from __future__ import annotations

import pathlib
import random
import shutil
import subprocess
import unicodedata

import pytest

from tomtat.io.decode import DecodeError, decode_bytes
from tomtat.io.legacy_codecs import (
    TCVN3_TABLE,
    TCVN5712_1_TABLE,
    VIETNAMESE_LETTERS,
    VISCII_TABLE,
    decode_legacy,
    encode_legacy,
)

# Invented news paragraphs: all five tone marks, đ/Đ, ư ơ ă â ê ô, uppercase toned letters,
# and (third one) the six uppercase letters VISCII stores in C0 control positions.
PARAGRAPHS = [
    "Sáng 12/5, đoàn công tác của Bộ Y tế đã đến thăm Bệnh viện Đa khoa tỉnh Quảng Ngãi. "
    "Ông Phạm Hữu Lộc, giám đốc bệnh viện, cho biết số ca sốt xuất huyết tăng gấp đôi so với cùng kỳ. "
    "Ngành y tế đề nghị người dân diệt lăng quăng, ngủ màn và đi khám sớm khi có dấu hiệu bệnh.",
    "ĐÊM QUA, MƯA LỚN KÈM GIÔNG LỐC LÀM SẬP 15 NGÔI NHÀ Ở HUYỆN ĐĂK HÀ. "
    "Ước tính thiệt hại khoảng 3,5 tỷ đồng; chính quyền đang hỗ trợ các hộ dân ổn định chỗ ở. "
    "Ơn trời, không ai bị thương, nhưng nhiều ruộng lúa sắp gặt đã bị ngập sâu.",
    "CHẲNG AI NGỜ QUỸ HỖ TRỢ ĐÀ NẴNG VẪN CÒN Ỷ LẠI VÀO NGÂN SÁCH, KIÊNG KỴ ĐỔI MỚI. "
    "Theo ông Nguyễn Văn Tư, Ủy ban kiểm tra, năm ngoái quỹ chỉ giải ngân được một phần ba số vốn. "
    "Ẩn sau con số ấy là hàng trăm hộ nghèo vẫn chờ vay để mua giống, sửa nhà.",
]

_UNICODE_ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"]
_LEGACY_ENCODINGS = ["cp1258", "viscii", "tcvn3"]


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def tcvn3_expected(text: str) -> str:
    """TCVN3 cannot hold uppercase toned letters; they come back lowercase (Ă Â Ê Ô Ơ Ư Đ survive)."""
    return "".join(ch.lower() if ch in VIETNAMESE_LETTERS and ch not in "ĂÂÊÔƠƯĐ" else ch for ch in text)


def encode(text: str, encoding: str) -> bytes:
    return encode_legacy(text, encoding) if encoding in _LEGACY_ENCODINGS else text.encode(encoding)


@pytest.mark.parametrize("encoding", _UNICODE_ENCODINGS + _LEGACY_ENCODINGS)
@pytest.mark.parametrize("paragraph", range(len(PARAGRAPHS)))
def test_every_encoding_decodes_to_the_same_text(paragraph: int, encoding: str) -> None:
    original = PARAGRAPHS[paragraph]
    text, name = decode_bytes(encode(original, encoding))
    if encoding == "tcvn3":  # case of toned capitals is restored from context, not stored
        assert nfc(text).lower() == original.lower()
    else:
        assert nfc(text) == original
    assert name == encoding


def test_crlf_and_cr_become_newlines_in_every_encoding() -> None:
    original = "\n".join(PARAGRAPHS[:2]) + "\n"
    for newline in ("\r\n", "\r"):
        for encoding in ["utf-8", "utf-8-sig", "utf-16", "cp1258", "viscii", "tcvn3"]:
            text, _ = decode_bytes(encode(original.replace("\n", newline), encoding))
            if encoding == "tcvn3":
                assert nfc(text).lower() == original.lower(), (encoding, repr(newline))
            else:
                assert nfc(text) == original, (encoding, repr(newline))
            assert "\r" not in text


def test_tcvn3_capitals_are_restored_from_context() -> None:
    text, _ = decode_bytes(encode_legacy(PARAGRAPHS[2], "tcvn3"))
    headline, rest = text.split(". ", 1)
    assert headline == "CHẲNG AI NGỜ QUỸ HỖ TRỢ ĐÀ NẴNG VẪN CÒN Ỷ LẠI VÀO NGÂN SÁCH, KIÊNG KỴ ĐỔI MỚI"
    assert "Ẩn sau con số ấy" in rest                      # sentence-initial capital
    assert "Nguyễn Văn Tư, ủy ban kiểm tra" in rest       # mid-sentence: no evidence, stays lower case
    assert tcvn3_expected(PARAGRAPHS[2]) != PARAGRAPHS[2]  # the raw table alone could not do this


def test_uppercase_tcvn3_headline() -> None:
    # Typed with the uppercase .VnTimeH font: toned letters are stored as their lowercase bytes.
    headline = "TIN NÓNG: GIÁ VÀNG TĂNG MẠNH, NGƯỜI DÂN XẾP HÀNG TỪ SÁNG SỚM"
    assert decode_bytes(encode_legacy(headline, "tcvn3")) == (headline, "tcvn3")
    assert decode_bytes(encode_legacy(headline, "viscii")) == (headline, "viscii")


def test_short_viscii_is_not_read_as_tcvn3() -> None:
    # Byte 0xE0 is "à" in VISCII and unassigned in TCVN3; the Latin-1 stand-in must not win the tie.
    assert decode_bytes(encode_legacy("Hà Nội", "viscii")) == ("Hà Nội", "viscii")


def test_bom_is_removed_and_text_is_not_normalized() -> None:
    text, _ = decode_bytes(b"\xef\xbb\xbf" + PARAGRAPHS[0].encode())
    assert not text.startswith("\ufeff")
    # cp1258 stores "ệ" as "ê" + combining dot below; NFC is the caller's job, so it stays decomposed.
    text, name = decode_bytes(encode_legacy("Thời tiết Việt Nam hôm nay", "cp1258"))
    assert name == "cp1258"
    assert "\u0323" in text and text != nfc(text)
    assert nfc(text) == "Thời tiết Việt Nam hôm nay"


def test_table_spot_checks() -> None:
    assert len(VISCII_TABLE) == len(TCVN3_TABLE) == 256
    viscii = {0x02: "Ẳ", 0x05: "Ẵ", 0x06: "Ẫ", 0x14: "Ỷ", 0x19: "Ỹ", 0x1E: "Ỵ", 0x80: "Ạ", 0xA0: "Õ",
              0xB4: "Ơ", 0xBF: "Ư", 0xC5: "Ă", 0xD0: "Đ", 0xDF: "ư", 0xE6: "ữ", 0xF0: "đ", 0xFF: "Ữ"}
    tcvn3 = {0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ", 0xA8: "ă",
             0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ", 0xB5: "à", 0xB8: "á",
             0xC6: "ặ", 0xD6: "ệ", 0xE9: "ộ", 0xEE: "ợ", 0xF9: "ự", 0xFE: "ỵ"}
    for byte, ch in viscii.items():
        assert VISCII_TABLE[byte] == ch, hex(byte)
    for byte, ch in tcvn3.items():
        assert TCVN3_TABLE[byte] == ch, hex(byte)
    assert decode_legacy(b"Vi\xd6t Nam", "tcvn3") == "Việt Nam"
    assert decode_legacy(b"Vi\xaet Nam", "viscii") == "Việt Nam"


def test_all_134_letters_round_trip() -> None:
    assert len(set(VIETNAMESE_LETTERS)) == 134
    lower = [ch for ch in VIETNAMESE_LETTERS if ch.islower()]
    assert len(lower) == 67
    for ch in VIETNAMESE_LETTERS:
        assert decode_legacy(encode_legacy(ch, "viscii"), "viscii") == ch
        kept = ch in lower or ch in "ĂÂÊÔƠƯĐ"
        assert decode_legacy(encode_legacy(ch, "tcvn3"), "tcvn3") == (ch if kept else ch.lower())
    # Distinct letters need distinct bytes, or decoding could not tell them apart.
    assert len({encode_legacy(ch, "viscii") for ch in VIETNAMESE_LETTERS}) == 134
    assert len({encode_legacy(ch, "tcvn3") for ch in lower}) == 67
    assert all(len(encode_legacy(ch, "viscii")) == 1 for ch in VIETNAMESE_LETTERS)


def test_empty_input() -> None:
    for data in (b"", b"\xef\xbb\xbf", b"\xff\xfe"):
        with pytest.raises(DecodeError, match="file is empty"):
            decode_bytes(data)


def test_binary_input() -> None:
    rng = random.Random(20240512)
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + rng.randbytes(3000)
    with pytest.raises(DecodeError, match="looks binary, not text"):
        decode_bytes(png)
    no_nul = bytes(rng.choice([1, 3, 4, 7, 8, 16, 17]) for _ in range(300)) + PARAGRAPHS[0].encode()
    with pytest.raises(DecodeError, match="looks binary, not text"):
        decode_bytes(no_nul)
    with pytest.raises(DecodeError, match="looks binary, not text"):
        decode_bytes(PARAGRAPHS[0].encode() + b"\x00" + PARAGRAPHS[1].encode())


def test_bom_with_invalid_body() -> None:
    with pytest.raises(DecodeError, match="^cannot decode: .*UTF-8"):
        decode_bytes(b"\xef\xbb\xbf" + encode_legacy("Việt Nam", "tcvn3"))


def test_undecodable_high_bytes() -> None:
    rng = random.Random(7)
    junk = bytes(rng.randrange(0x80, 0x100) if rng.random() < 0.8 else 0x20 for _ in range(2000))
    with pytest.raises(DecodeError, match="^cannot decode: "):
        decode_bytes(junk)


def windows_1252(data: bytes) -> str:
    """How Windows reads bytes as cp1252: the five unassigned bytes become C1 controls."""
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in data)


def test_double_encoded_utf8_is_repaired() -> None:
    assert decode_bytes("Viá»‡t Nam".encode()) == ("Việt Nam", "utf-8+mojibake-fix")
    original = "\n".join(PARAGRAPHS)
    for mojibake in (original.encode().decode("latin-1"), windows_1252(original.encode())):
        assert decode_bytes(mojibake.encode()) == (original, "utf-8+mojibake-fix")
    # Only the mangled line is repaired; the clean one around it is kept as is.
    mixed = PARAGRAPHS[0] + "\n" + windows_1252(PARAGRAPHS[2].encode()) + "\n" + PARAGRAPHS[1]
    repaired = "\n".join([PARAGRAPHS[0], PARAGRAPHS[2], PARAGRAPHS[1]])
    assert decode_bytes(mixed.encode("utf-8-sig")) == (repaired, "utf-8-sig+mojibake-fix")


@pytest.mark.parametrize("clean", [
    PARAGRAPHS[0],
    "Anh ấy nói: “Tôi và…” rồi im lặng. Giá vàng hôm nay: 7,2 triệu đồng/chỉ.",
    "Crème brûlée à la française, São Paulo, Zürich — €5 ± 2°C.",
])
def test_clean_utf8_is_never_changed(clean: str) -> None:
    assert decode_bytes(clean.encode()) == (clean, "utf-8")


def test_western_legacy_text_with_few_accents_still_decodes() -> None:
    english = ("The delegation visited three provinces on Monday and met local officials at a small "
               "café near the river, where they discussed flood defences, rice prices and new roads.")
    assert decode_bytes(english.encode("cp1252")) == (english, "cp1258")


def test_deterministic() -> None:
    data = encode_legacy(PARAGRAPHS[1], "viscii")
    assert len({decode_bytes(data) for _ in range(3)}) == 1


# --- TCVN 5712:1993 VN1 capitals (issue 13, defect 10) ----------------------------------------

_ICONV_VN1 = "TCVN5712-1"
# tests/data/tcvn5712-1_caption.txt was made from this text with `iconv -f UTF-8 -t TCVN5712-1` (glibc).
VN1_FIXTURE_TEXT = (
    "MỚI NHẤT: ỦY BAN TỈNH QUẢNG NGÃI HỌP KHẨN VỀ MƯA LŨ\n\n"
    "Sáng 14/9, Ủy ban nhân dân tỉnh Quảng Ngãi đã họp khẩn để bàn phương án ứng phó với đợt mưa lũ lớn. "
    "Ông Trần Ứng, phó chủ tịch tỉnh, yêu cầu các huyện ven biển sơ tán dân trước 17 giờ.\n\n"
    "Ảnh: Sputnik\n\n"
    "Ước tính hơn 3.000 hộ dân phải rời khỏi vùng nguy hiểm. Ở nhiều nơi, nước sông Trà Khúc dâng cao.\n"
)
VN1_FIXTURE = pathlib.Path(__file__).parent / "data" / "tcvn5712-1_caption.txt"


def _iconv(data: bytes, source: str, target: str) -> bytes | None:
    """glibc iconv as the reference implementation; None when it is missing or lacks the charset."""
    if shutil.which("iconv") is None:
        return None
    proc = subprocess.run(["iconv", "-f", source, "-t", target], input=data, capture_output=True, timeout=30)
    return proc.stdout if proc.returncode == 0 else None


def _needs_iconv_vn1() -> None:
    if _iconv(b"A", _ICONV_VN1, "UTF-8") is None:
        pytest.skip("iconv with TCVN5712-1 (glibc) not available")


def test_tcvn5712_1_table_matches_glibc_iconv() -> None:
    _needs_iconv_vn1()
    # One byte at a time: iconv composes a letter with a following combining tone mark.
    for byte in range(256):
        expected = _iconv(bytes([byte]), _ICONV_VN1, "UTF-8")
        assert expected is not None, hex(byte)
        assert TCVN5712_1_TABLE[byte] == expected.decode("utf-8"), hex(byte)


@pytest.mark.parametrize("paragraph", range(len(PARAGRAPHS)))
def test_files_written_by_iconv_in_tcvn5712_1_decode_exactly(paragraph: int) -> None:
    _needs_iconv_vn1()
    original = PARAGRAPHS[paragraph]
    data = _iconv(original.encode(), "UTF-8", _ICONV_VN1)
    assert data is not None
    text, name = decode_bytes(data)
    assert nfc(text) == original
    if any(byte < 0x18 or 0x80 <= byte < 0xA0 for byte in data if byte not in b"\t\n\r"):
        assert name == "tcvn5712-1"   # capitals VN3 lacks were used: only VN1 reads them


def test_committed_tcvn5712_1_fixture_decodes_and_its_caption_is_cleaned() -> None:
    from tomtat.model import Document
    from tomtat.pipeline import summarize

    data = VN1_FIXTURE.read_bytes()
    assert b"\x81nh: Sputnik" in data and b"M\x9bI NH\xc4T" in data  # Ả, Ớ, Ấ as VN1 stores them
    text, name = decode_bytes(data)
    assert (nfc(text), name) == (VN1_FIXTURE_TEXT, "tcvn5712-1")
    result = summarize([Document(text=text, source="vn1.txt")], max_words=200)
    assert "Sputnik" not in result.text
    assert any(d.reason == "photo caption" and "Ảnh: Sputnik" in d.text for d in result.cluster.documents[0].dropped)


def test_committed_fixture_agrees_with_iconv() -> None:
    _needs_iconv_vn1()
    assert _iconv(VN1_FIXTURE_TEXT.encode(), "UTF-8", _ICONV_VN1) == VN1_FIXTURE.read_bytes()


def test_tcvn5712_1_letters_round_trip_and_vn3_files_keep_their_reading() -> None:
    for ch in VIETNAMESE_LETTERS:
        assert decode_legacy(encode_legacy(ch, "tcvn5712-1"), "tcvn5712-1") == ch
    assert len({encode_legacy(ch, "tcvn5712-1") for ch in VIETNAMESE_LETTERS}) == 134
    # A VN3 file with a Word smart quote and ellipsis (cp1252 bytes VN1 uses for capitals) stays VN3.
    vn3 = encode_legacy("Ông nói: ", "tcvn3") + b"\x93" + encode_legacy("sẽ sớm có kết quả", "tcvn3") + b"\x85\x94"
    assert decode_bytes(vn3) == ("Ông nói: “sẽ sớm có kết quả…”", "tcvn3")
