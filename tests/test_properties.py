"""Property tests (Hypothesis): on any bytes or text, reading, decoding, cleaning and segmenting either
work or raise one of our input errors, and every offset they report indexes the decoded text.

Example counts are bounded (settings below) so the whole module stays within about half a minute.
"""
from __future__ import annotations

import os
import unicodedata

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, example, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tomtat.io.decode import DecodeError, decode_bytes  # noqa: E402
from tomtat.io.files import ReadError  # noqa: E402
from tomtat.io.legacy_codecs import encode_legacy  # noqa: E402
from tomtat.io.readers import document_from_bytes, html_to_document, read_stdin  # noqa: E402
from tomtat.model import Document  # noqa: E402
from tomtat.pipeline import InputError, prepare_document  # noqa: E402
from tomtat.text.clean import clean  # noqa: E402
from tomtat.text.normalize import collapse_spaces, match_key, nfc, nfc_with_offsets  # noqa: E402
from tomtat.text.segment import split_spans  # noqa: E402

OUR_ERRORS = (ReadError, DecodeError, InputError)
# TOMTAT_PROPERTY_EXAMPLES raises the count for a longer hunt (the suite's default stays fast).
_N = int(os.environ.get("TOMTAT_PROPERTY_EXAMPLES", "150"))
FAST = settings(max_examples=_N, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=max(_N // 4, 10), deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces that exercise the interesting paths: Vietnamese letters (NFC and NFD), punctuation that ends
# sentences, caption and byline markers, brackets, quotes, tags, separators, controls and odd code points.
_PIECES = [
    "Ảnh: AFP", "(Ảnh: Reuters)", "ảnh", "Theo TTXVN", "12/5/2023 08:30", "/.", "[Xem thêm]", ">>", "TP.",
    "ThS.", "J.", "5.500", "…", "?", "!", ".", ". ", "\n", "\n\n", "\r\n", "\r", "---", "\n---\n", "“", "”",
    "\"", "«", "»", "(", ")", "-", "–", "—", "|", ":", " ", "\t", "\u00a0", "\u200b", "\u2028", "\x85",
    "<p>", "</p>", "<div>", "<br>", "<script>", "&amp;", "<!--", "Đ", "đ", "Việt Nam", "MƯA LỚN", "Ông",
    "nhà", "nha\u0300", "A\u0301", "\u0301", "\u0323\u0309", "Hà Nội", "Sáng nay, mưa lớn kéo dài",
    "\ufeff", "\x00", "\x01", "\ud7a3", "\u1100\u1161\u11a8", "\u0b47\u0b3e", "𝔸", "😀", "ǅ", "ß", "İ",
]
vietnamese_like_text = st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=8)), max_size=40).map("".join)
any_text = st.one_of(st.text(max_size=300), vietnamese_like_text)


def _legacy_bytes(text: str, encoding: str) -> bytes:
    try:
        return encode_legacy(text, encoding)
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass")


any_bytes = st.one_of(
    st.binary(max_size=400),
    any_text.map(lambda t: t.encode("utf-8", "surrogatepass")),
    any_text.map(lambda t: t.encode("utf-16", "surrogatepass")),
    st.tuples(vietnamese_like_text, st.sampled_from(["tcvn3", "tcvn5712-1", "viscii", "cp1258"]))
    .map(lambda p: _legacy_bytes(*p)),
)


def assert_spans_index(text: str, spans) -> None:
    for start, end in spans:
        assert 0 <= start <= end <= len(text), (start, end, len(text))


def assert_document_offsets(doc: Document) -> None:
    """The contract: decoded[start:end] is the sentence (dropped span) as written there."""
    text = doc.text
    for s in doc.sentences:
        assert 0 <= s.start < s.end <= len(text)
        assert collapse_spaces(nfc(text[s.start:s.end])) == s.text, (s.start, s.end)
    for d in doc.dropped:
        assert 0 <= d.start <= d.end <= len(text)
        assert collapse_spaces(nfc(text[d.start:d.end])) == d.text, (d.start, d.end)


# --- decode ----------------------------------------------------------------------------------

@FAST
@given(any_bytes)
@example(b"\xff\xfe\x00\xd8")       # UTF-16 BOM then a lone surrogate
@example(b"\xef\xbb\xbf")           # a BOM alone
def test_decode_returns_text_or_raises_decode_error(data: bytes) -> None:
    try:
        text, name = decode_bytes(data)
    except DecodeError:
        return
    assert isinstance(text, str) and text and isinstance(name, str)
    assert "\r" not in text
    assert decode_bytes(data) == (text, name)   # deterministic


# --- readers ---------------------------------------------------------------------------------

@SLOW
@given(any_bytes, st.sampled_from(["a.txt", "a.html"]))
def test_document_from_bytes_yields_a_document_or_a_read_error(data: bytes, name: str) -> None:
    try:
        doc = document_from_bytes(data, name, name)
    except ReadError as err:
        assert str(err).startswith(name + ":")
        return
    assert doc.text.strip()
    assert_document_offsets(prepare_document(doc, 0))


@SLOW
@given(any_bytes)
def test_stdin_yields_documents_or_a_read_error(data: bytes) -> None:
    warnings: list[str] = []
    try:
        docs = read_stdin(data, warn=warnings.append)
    except ReadError as err:
        assert str(err).startswith("stdin")
        return
    assert docs and all(d.text.strip() for d in docs)
    assert all(w.startswith("skipped stdin") for w in warnings)


@SLOW
@given(st.lists(st.one_of(st.sampled_from(_PIECES), st.sampled_from(["<p>", "</div>", "<h1>", "<b>", "<a href=x>"])),
                max_size=30).map("".join))
def test_html_yields_text_or_a_read_error(markup: str) -> None:
    try:
        doc = html_to_document(markup, "x.html")
    except ReadError as err:
        assert str(err) == "x.html: no article text found in the HTML"
        return
    assert doc.text.strip()
    assert_document_offsets(prepare_document(doc, 0))


# --- clean and segment -----------------------------------------------------------------------

@FAST
@given(any_text)
def test_clean_spans_index_the_text(text: str) -> None:
    norm = nfc(text)
    result = clean(norm)
    assert_spans_index(norm, result.kept)
    for d in result.dropped:
        assert 0 <= d.start <= d.end <= len(norm)
        assert d.text == collapse_spaces(nfc(norm[d.start:d.end]))
    # Kept and dropped spans never overlap.
    spans = sorted([*result.kept, *((d.start, d.end) for d in result.dropped)])
    for (_, end), (start, _) in zip(spans, spans[1:]):
        assert end <= start


@FAST
@given(any_text, st.data())
def test_split_spans_are_stripped_ordered_and_inside_the_range(text: str, data) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    spans = split_spans(text, start, end)
    previous = start
    for a, b in spans:
        assert previous <= a < b <= end
        assert not text[a].isspace() and not text[b - 1].isspace()
        previous = b


@FAST
@given(any_text)
@example("qù")                                   # "qu" with nothing after: IndexError in canonical_syllable
@example("OY\u0323\u0309")                       # two tones: the hook was stranded, the key not NFC
def test_match_key_never_raises(text: str) -> None:
    key = match_key(text)
    assert unicodedata.is_normalized("NFC", key)
    assert key == match_key(key)                 # idempotent: a key is its own key


@FAST
@given(any_text)
@example("\u1100\u1161\u11a8 là chữ Hàn. Sáng nay, mưa lớn.")   # Hangul spelt in jamo: NFC merges starters
@example("Quà tặng. Bà nói qù.")
def test_nfc_offsets_map_every_span_back(text: str) -> None:
    norm, back = nfc_with_offsets(text)
    assert norm == nfc(text)
    if back is None:
        return
    assert len(back) == len(norm) + 1 and back[-1] == len(text)
    # Every cut point of norm maps to a cut point of text whose two sides normalise to norm's two sides.
    for i in range(len(norm) + 1):
        if i == len(norm) or back[i] != (back[i - 1] if i else -1):
            assert nfc(text[:back[i]]) == norm[:i], i


@FAST
@given(any_text)
@example("\u1100\u1161\u11a8 là chữ Hàn. Sáng nay, mưa lớn kéo dài ở Hà Nội.")
def test_every_sentence_and_dropped_span_indexes_the_document_text(text: str) -> None:
    doc = prepare_document(Document(text=text, source="x"), 0)
    assert_document_offsets(doc)


def test_nfd_text_offsets_point_into_the_decomposed_text() -> None:
    text = unicodedata.normalize("NFD", "Ảnh: AFP\nSáng nay, mưa lớn kéo dài ở Hà Nội. Người dân đi lại khó khăn.")
    doc = prepare_document(Document(text=text, source="x"), 0)
    assert doc.sentences and doc.dropped
    assert_document_offsets(doc)
