"""crf_words must give pyvi's CRF exactly the attributes pyvi gives it, and so the same words."""
import pytest
from pycrfsuite import ItemSequence
from pyvi.ViTokenizer import ViTokenizer

from tomtat.text import crf_words
from tomtat.text.normalize import match_key

SENTENCES = [
    "Thủ tướng Phạm Minh Chính phát biểu tại hội nghị ở Hà Nội sáng nay.",
    "HÀ NỘI - Giá xăng RON95 tăng 1.250 đồng/lít từ 15h ngày 21/3, mức cao nhất trong 10 năm qua.",
    "Ông Nguyễn Văn An (SN 1975, trú TP. Hồ Chí Minh) cho biết: “Tôi không biết gì cả...”",
    "Liên hệ ban biên tập qua email toasoan@baomoi.vn hoặc https://vnexpress.net/the-gioi ==> chi tiết.",
    "Đội tuyển U23 Việt Nam thắng Thái Lan 3-1; HLV Park Hang-seo hài lòng -> tiếp tục giữ đội hình.",
    "Chiếc iPhone 15 Pro Max có giá 34,99 triệu đồng, rẻ hơn so với Galaxy S24 Ultra >> xem thêm.",
    "Tổng thống Nga Vladimir Putin (Владимир Путин) gặp Chủ tịch Tập Cận Bình (习近平) tại Bắc Kinh.",
    "ThS. Lê Thị Hoa, Dr. Smith và Mr. Brown cùng GS.TS Trần Văn B dự hội thảo __ quốc tế _ lần thứ 2",
    "A",
    "123",
    "!!!",
    "Mỹ, Anh, Pháp và ĐỨC đều LÊN TIẾNG về vụ việc ở Biển Đông ngày 12.1.2024",
    "ΑΣ Σα σΣ: chữ Hy Lạp xen giữa câu tiếng Việt, cùng chữ số ١٢٣ và ①②.",
]


@pytest.mark.parametrize("text", SENTENCES + [match_key(s) for s in SENTENCES])
def test_tokenize_equals_pyvi(text):
    assert crf_words.tokenize(text) == ViTokenizer.tokenize(text)


@pytest.mark.parametrize("text", SENTENCES)
def test_attributes_equal_pyvis_nonzero_attributes_in_order(text):
    _, tokens = ViTokenizer.sylabelize(text)
    theirs = [{k: v for k, v in item.items() if v != 0.0}
              for item in ItemSequence(ViTokenizer.sent2features(tokens, False)).items()]
    ours = ItemSequence(crf_words.item_features(tokens)).items()
    assert ours == theirs
    # Same order too: CRFsuite sums weights in attribute order.
    assert [list(d) for d in ours] == [list(d) for d in theirs]


def test_empty_and_blank_text_come_back_unchanged():
    assert crf_words.tokenize("") == ViTokenizer.tokenize("") == ""
    assert crf_words.tokenize("   ") == ViTokenizer.tokenize("   ")
