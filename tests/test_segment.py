from tomtat.text.segment import segment_words, split_spans


def sentences(text):
    return [text[a:b] for a, b in split_spans(text, 0, len(text))]


def test_abbreviations_numbers_and_initials_do_not_split():
    text = ("TP. Hồ Chí Minh có thêm 5.500 ca bệnh trong ngày 12.1. ThS. Lê Văn An cho biết tỷ lệ tăng 12,5%. "
            "Ông J. Smith đến Hà Nội.")
    assert sentences(text) == ["TP. Hồ Chí Minh có thêm 5.500 ca bệnh trong ngày 12.1.",
                               "ThS. Lê Văn An cho biết tỷ lệ tăng 12,5%.", "Ông J. Smith đến Hà Nội."]


def test_quotes_stay_with_their_sentence():
    text = 'Bà Hoa nói: "Tôi rất vui. Cả nhà đều vui." Sau đó bà ra về. Ông Nam khẳng định “Chúng tôi sẵn sàng. Không lùi bước" - ông nói.'
    assert sentences(text) == ['Bà Hoa nói: "Tôi rất vui. Cả nhà đều vui."', "Sau đó bà ra về.",
                               "Ông Nam khẳng định “Chúng tôi sẵn sàng. Không lùi bước\" - ông nói."]


def test_line_breaks_end_sentences_and_spans_are_exact():
    text = "  Câu thứ nhất không có dấu chấm\nCâu thứ hai? Câu thứ ba!\n\n"
    spans = split_spans(text, 0, len(text))
    assert [text[a:b] for a, b in spans] == ["Câu thứ nhất không có dấu chấm", "Câu thứ hai?", "Câu thứ ba!"]
    assert spans[0][0] == 2


def test_word_segmentation_joins_syllables_of_a_word():
    words = segment_words("thủ tướng phát biểu tại hà nội")
    assert "thủ_tướng" in words and "phát_biểu" in words
