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
