"""Places read from a lead (stories/places.py): whole capitalised runs, and the place after an office's or a
preposition's opening words. Sentences written for these tests."""
import pytest

from tomtat.stories.places import find_places


@pytest.mark.parametrize("text, province", [
    ("Tại Hà Nội, mưa lớn kéo dài từ đêm qua khiến nhiều tuyến phố ngập sâu.", "hà nội"),
    ("Ở Cần Thơ, giá lúa tăng nhẹ trong tuần.", "cần thơ"),
    ("UBND TP Đà Nẵng vừa có văn bản gửi các sở ngành.", "đà nẵng"),
    ("TAND Hà Nội mở phiên tòa xét xử sơ thẩm vụ án.", "hà nội"),
    ("Sở GTVT Hà Nội cho biết sẽ phân luồng giao thông.", "hà nội"),
    ("Sở GD ĐT Nghệ An công bố điểm chuẩn lớp 10.", "nghệ an"),
    ("Hàng chục xe khách dừng trước trạm BOT Sóc Trăng để phản đối.", "sóc trăng"),
    ("Công an tỉnh Quảng Trị đang điều tra vụ việc.", "quảng trị"),
])
def test_a_place_after_opening_words_is_read(text, province):
    assert province in find_places(text).provinces


@pytest.mark.parametrize("text", [
    "Phó Thủ tướng Trương Hòa Bình yêu cầu xử lý nghiêm các sai phạm.",   # a person, not the province Hoà Bình
    "Ông Nguyễn Thanh Hóa được bổ nhiệm làm giám đốc.",                   # a person, not Thanh Hoá
    "CLB Hà Nội thắng 2-0 trên sân khách.",                               # a club plays away from home
    "ĐT Hải Phòng giành vé vào chung kết.",                               # a team, not the city
    "Anh Tuấn, quê Nam Định, đang làm việc tại công trường.",             # where someone comes from
])
def test_names_that_only_contain_a_place_name_are_not_places(text):
    assert not find_places(text).provinces


def test_two_toll_stations_in_two_provinces_conflict():
    from tomtat.stories.signals import event_signals, place_conflict

    a = event_signals("Xe khách dàn hàng ở BOT Sóc Trăng", "Sáng nay nhiều xe khách dừng trước trạm BOT Sóc Trăng.", [])
    b = event_signals("BOT Bạc Liêu giảm giá vé", "Chiều nay Công ty BOT Quốc lộ 1 Bạc Liêu giảm giá vé.", [])
    assert place_conflict(a, b)
