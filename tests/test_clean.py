import pytest

from tomtat.text.clean import clean

PAGE = """MỚI NHẤT
THẾ GIỚI
Hội nghị thượng đỉnh kết thúc sớm
Lan Phương | 13/01/2022 07:53
Hội nghị thượng đỉnh khu vực đã kết thúc sớm hơn dự kiến một ngày vì bão lớn đổ bộ vào thành phố.
Các đại biểu rời hội trường chiều qua - Ảnh: AFP Theo Hãng tin AFP, ban tổ chức đã hủy hai phiên họp cuối cùng.
Người dân sơ tán khỏi khu vực ven biển. (Ảnh: Reuters)
[Bão số 3 gây mưa lớn trên diện rộng]
Ban tổ chức cho biết các văn kiện còn lại sẽ được thông qua bằng hình thức trực tuyến trong tuần tới./.
Tin mới nhất
Gợi ý dành cho bạn
"""


def kept_text(result):
    return [PAGE[a:b] for a, b in result.kept]


def test_boilerplate_lines_are_dropped_with_reasons():
    result = clean(PAGE)
    reasons = {d.text: d.reason for d in result.dropped}
    assert reasons["MỚI NHẤT"] == "site furniture"
    assert reasons["THẾ GIỚI"] == "heading in capitals"
    assert reasons["Lan Phương | 13/01/2022 07:53"] == "byline / time stamp"
    assert reasons["[Bão số 3 gây mưa lớn trên diện rộng]"] == "related link"
    assert reasons["Tin mới nhất"] == reasons["Gợi ý dành cho bạn"] == "site furniture"
    assert reasons["/."] == "end marker"
    assert result.date.isoformat() == "2022-01-13"
    assert result.headings[1] == "Hội nghị thượng đỉnh kết thúc sớm"


def test_captions_are_cut_out_of_running_text():
    result = clean(PAGE)
    kept = kept_text(result)
    assert "Theo Hãng tin AFP, ban tổ chức đã hủy hai phiên họp cuối cùng." in kept
    assert not any("Ảnh" in k for k in kept)
    captions = [d.text for d in result.dropped if d.reason == "photo caption"]
    assert captions == ["Các đại biểu rời hội trường chiều qua - Ảnh: AFP",
                        "Người dân sơ tán khỏi khu vực ven biển. (Ảnh: Reuters)"]
    assert kept[-1].endswith("trong tuần tới.")


def test_prose_is_untouched():
    text = "Ảnh hưởng của bão khiến 20 chuyến bay bị hủy. Ông Nam chụp ảnh: không ai bị thương."
    result = clean(text)
    assert [text[a:b] for a, b in result.kept] == [text]


def test_an_outlet_dateline_opening_the_lead_is_dropped():
    text = "TTO - Sáng 14-7, Bộ GD-ĐT công bố điểm thi.\n(Dân trí) - Chiều 5/3, UBND tỉnh họp báo."
    r = clean(text)
    assert [text[a:b] for a, b in r.kept] == ["Sáng 14-7, Bộ GD-ĐT công bố điểm thi.", "Chiều 5/3, UBND tỉnh họp báo."]
    assert [(d.reason, d.text) for d in r.dropped] == [("dateline", "TTO -"), ("dateline", "(Dân trí) -")]


def test_another_articles_headline_and_lead_in_a_line_is_a_related_teaser():
    """VietNews bodies carry related-news boxes as '<headline> TTO - <lead>' (about 1 % of articles)."""
    text = ("Đám cháy thiêu rụi nhiều tài sản. Tiền Giang sẵn sàng sơ tán 40.000 dân ứng phó với bão số 16 TTO - Dự "
            "báo từ sáng thứ hai, bão sẽ đổ bộ vào Tiền Giang.\nLực lượng chức năng đã khống chế đám cháy.")
    r = clean(text)
    assert [text[a:b] for a, b in r.kept] == ["Đám cháy thiêu rụi nhiều tài sản.", "Lực lượng chức năng đã khống chế đám cháy."]
    assert [d.reason for d in r.dropped] == ["related link"]
    assert r.dropped[0].text.startswith("Tiền Giang sẵn sàng sơ tán")


@pytest.mark.parametrize("text", ["Công ty VNECO - NKH ký hợp đồng mới.", "Mã số TTO -5 không phải mã tỉnh.",
                                  "Ông PLO kể lại chuyện cũ.", "Vụ án được báo PLO - một tờ báo pháp luật - đưa tin."])
def test_outlet_code_lookalikes_stay(text):
    assert [text[a:b] for a, b in clean(text).kept] == [text]
