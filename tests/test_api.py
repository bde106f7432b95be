"""The Python API (`tomtat.summarize`) takes the same input as the CLI and fails the same way."""
import json

import pytest

import tomtat
from tomtat.pipeline import InputError

ARTICLE = ("Đêm qua, mưa lớn kéo dài hơn ba giờ khiến nhiều tuyến đường ở trung tâm Cần Thơ ngập sâu. "
           "Nước dâng cao tới nửa bánh xe máy trên đường Trần Hưng Đạo và đường Mậu Thân. "
           "Công ty thoát nước cho biết đã huy động 120 công nhân khơi thông cống rãnh.")


@pytest.mark.parametrize("one", [ARTICLE, ARTICLE.encode("utf-8")])
def test_a_bare_string_is_a_type_error_not_an_empty_summary(one):
    # It used to be iterated character by character: hundreds of one-letter "articles", empty summary.
    with pytest.raises(TypeError, match=r"pass \[text\]"):
        tomtat.summarize(one)
    assert tomtat.summarize([ARTICLE], max_words=40).text  # the documented form works


@pytest.mark.parametrize("docs, message", [
    (["   "], "document 0: empty text"),
    (["\n\t ", ""], "all 2 documents are empty"),
    ([tomtat.Document(text=" \n", source="a.txt")], "a.txt: empty text"),
    ([], "no documents"),
])
def test_whitespace_only_input_raises_the_input_error_the_cli_gives(docs, message):
    with pytest.raises(InputError, match=message):
        tomtat.summarize(docs)


def test_an_empty_document_beside_a_real_one_is_left_out_quietly():
    summary = tomtat.summarize(["  ", ARTICLE], max_words=40)
    assert summary.text and {s.doc for s in summary.sentences} == {1}


def test_a_lone_surrogate_is_summarized_with_offsets_still_valid():
    # pyvi raised SystemError on it; it is read as U+FFFD, one code point for one, so offsets still index `text`.
    text = ARTICLE.replace("mưa", "m\ud800ưa")
    summary = tomtat.summarize([text], max_words=60)
    assert summary.sentences
    for s in summary.sentences:
        original = text[s.start:s.end]
        assert " ".join(original.replace("\ud800", "\ufffd").split()) == s.text
    first = summary.sentences[0]
    assert "\ud800" in text[first.start:first.end] and "m\ufffdưa" in first.text
    json.dumps(summary.to_dict(), ensure_ascii=False).encode("utf-8")  # no surrogate left to trip an encoder
