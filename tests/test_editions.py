"""Yearly events named with their year (stories/editions.py): the 2018 and the 2019 exams never share an event."""
from tomtat.stories.editions import edition_conflict, find_editions
from tomtat.stories.signals import conflicts, event_signals
from tomtat.stories.veto import GroupVeto, thread_rule

EXAM_2018 = ("Lộ điểm thi trước giờ công bố", "", [
    "Từ trưa 10-7, nhiều thí sinh ở Nghệ An đã chia sẻ bảng điểm kết quả kỳ thi THPT quốc gia 2018.",
    "Sở GD-ĐT cho biết do sơ suất kỹ thuật."])
EXAM_2019 = ("Điểm xét tốt nghiệp được tính thế nào", "", [
    "Bộ GD-ĐT công bố điểm thi THPT quốc gia 2019 của 63 tỉnh, thành phố vào ngày 14-7.",
    "Thí sinh tra cứu điểm trên cổng thông tin của Bộ."])
RECALL = ("Điểm thi năm nay thấp hơn", "", [
    "Phổ điểm kỳ thi THPT quốc gia năm 2019 thấp hơn kỳ thi THPT quốc gia 2018 ở môn Toán."])


def test_names_and_years_are_read_from_the_whole_text():
    assert find_editions("Đội tuyển chuẩn bị cho SEA Games 30 và AFF Cup 2018, sau World Cup năm 2018.") == {
        ("aff cup", 2018), ("world cup", 2018)}
    assert find_editions("Kỳ thi THPT quốc gia 2019 diễn ra từ 25 đến 27-6.") == {("thpt quốc gia", 2019)}
    assert find_editions("Đội bóng đá Euro-2020 và giải World Cup 20190 không phải năm.") == frozenset()


def test_two_editions_of_one_event_conflict_and_a_recall_of_both_does_not():
    a, b, c = (event_signals(*x) for x in (EXAM_2018, EXAM_2019, RECALL))
    assert a.editions == {("thpt quốc gia", 2018)} and b.editions == {("thpt quốc gia", 2019)}
    assert conflicts(a, b) and conflicts(b, a)
    assert not conflicts(a, c) and not conflicts(b, c)
    assert not edition_conflict(a.editions, frozenset({("sea games", 2019)}))   # different events: no rule


def test_groups_holding_different_editions_never_merge():
    signals = [event_signals(*x) for x in (EXAM_2018, EXAM_2019, RECALL)]
    veto = GroupVeto(signals, [None] * 3, None)
    assert veto.blocks(0, 1) and not veto.blocks(0, 2)


def test_two_editions_are_not_one_thread_either():
    a, b, c = (event_signals(*x) for x in (EXAM_2018, EXAM_2019, RECALL))
    assert thread_rule(a, b) and not thread_rule(a, c)
