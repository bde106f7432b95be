"""Event signals read what dates the article's occasion and the numbers it repeats (stories/signals.py)."""
import numpy as np

from tomtat.stories.pairs import FEATURES, event_probabilities, probabilities, thread_probabilities
from tomtat.stories.signals import MAX_NUMBERS, event_signals, pair_signals


def test_a_birth_date_is_not_an_event_day():
    s = event_signals("Bắt nghi phạm trộm xe máy", "Sáng 6/10, công an bắt Trần Văn B (sinh ngày 12/3/1985).", [])
    assert (None, 10, 6) in s.days and (1985, 3, 12) not in s.days and (None, 3, 12) not in s.days


def test_body_numbers_skip_dates_and_single_digits():
    s = event_signals("Tai nạn trên quốc lộ", "", ["Ngày 14/2/2021, xe khách chở 45 người lật, 3 người bị thương, "
                                                   "thiệt hại 1.250 triệu đồng."])
    assert {"45", "1.250"} <= s.body_numbers
    assert not s.body_numbers & {"14", "2", "2021", "3"}


def test_body_numbers_are_bounded():
    body = " ".join(f"lô {k} nặng {k + 1000} kg." for k in range(10, 400))
    assert len(event_signals("Kho hàng", "", [body]).body_numbers) == MAX_NUMBERS


def test_shared_body_numbers_raise_the_overlap_feature():
    one = event_signals("Cháy xưởng gỗ", "", ["Đám cháy thiêu rụi 350 m2 nhà xưởng, thiệt hại 12 tỷ đồng."])
    same = event_signals("Điều tra vụ cháy xưởng", "", ["Vụ cháy làm hư hỏng 350 m2, ước thiệt hại 12 tỷ."])
    other = event_signals("Cháy kho sơn", "", ["Lửa lan ra 800 m2, thiệt hại khoảng 40 tỷ đồng."])
    k = FEATURES.index("body_number_overlap") - (len(FEATURES) - len(pair_signals(one, same)))
    assert pair_signals(one, same)[k] == 1.0 and pair_signals(one, other)[k] == 0.0


def test_thread_probability_never_below_event_probability():
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 1, size=(500, len(FEATURES)))
    assert (thread_probabilities(x) >= event_probabilities(x)).all()


def test_copies_weigh_in_the_thread_linkage_as_in_the_event_linkage(monkeypatch):
    """Articles 0 and 1 are copies (scored once, as article 0); article 2 is another event. Their one scored pair
    stands for both copies' pairs, so the thread link is as strong as without the copy."""
    from tomtat.stories import cluster
    from tomtat.stories.signals import EventSignals

    monkeypatch.setattr(cluster, "thread_probabilities", lambda features: np.array([0.6]))
    rows, cols, features = np.array([0]), np.array([2]), np.zeros((1, len(FEATURES)))
    signals = [EventSignals()] * 3
    once = cluster.link_threads(np.array([0, 1]), np.array([0]), np.array([1]), features, signals[:2], 0.5)
    twice = cluster.link_threads(np.array([0, 0, 2]), rows, cols, features, signals, 0.5, same=np.array([0, 0, 2]))
    assert once[0] == once[1] and twice[0] == twice[1] == twice[2]
    unweighted = cluster.link_threads(np.array([0, 0, 2]), rows, cols, features, signals, 0.5)
    assert unweighted[2] != unweighted[0]       # what the copies' weight corrects: 0.6 spread over 2 pairs


def test_the_shipped_events_example_keeps_its_alike_events_apart():
    """examples/events.jsonl (the README's example): four abandoned babies in four provinces and three bar raids,
    each its own event; the Nam Định baby's follow-up joins its event."""
    import json
    from pathlib import Path

    from tomtat.stories.cluster import cluster_articles
    from tomtat.stories.feed import Article

    rows = [json.loads(line) for line in (Path(__file__).parent.parent / "examples" / "events.jsonl").open(encoding="utf-8")]
    stories = cluster_articles([Article(text=r["text"], title=r["title"], source=r["id"], date=r["date"]) for r in rows])
    groups = sorted(sorted(a.source for a in s.articles) for s in stories)
    assert ["bao-nam-dinh-1", "bao-nam-dinh-2"] in groups and len(groups) == 7


def test_a_feed_article_takes_its_date_as_the_feeds_give_it():
    import datetime as dt

    import pytest

    from tomtat.stories.feed import Article

    a = Article(text="x", source="s", date="2025-10")
    assert (a.date, a.date_precision) == (dt.date(2025, 10, 1), "month")
    assert Article(text="x", source="s", date=dt.datetime(2025, 3, 4, 7, 30)).date == dt.date(2025, 3, 4)
    with pytest.raises(ValueError, match="ISO 8601"):
        Article(text="x", source="s", date="4/3/2025")


def test_two_unrelated_articles_are_two_events():
    """Alone in a feed, each article's terms occur in it only, so both keyword rows are empty: that is no sign of
    a copy (they were once joined as one)."""
    from tomtat.stories.cluster import cluster_articles
    from tomtat.stories.feed import Article

    stories = cluster_articles([Article(text="Đội tuyển bóng đá thắng trận chung kết tối qua.", source="a"),
                                Article(text="Bão số 5 đổ bộ vào miền Trung gây mưa lớn.", source="b")])
    assert sorted(len(s.articles) for s in stories) == [1, 1]
    copies = cluster_articles([Article(text="Bão số 5 đổ bộ vào miền Trung gây mưa lớn.", source=s) for s in "ab"])
    assert len(copies) == 1


def _bulletin(day: int, change: str) -> str:
    return (f"Giá vàng hôm nay {day}/5: Vàng SJC {change}\n"
            f"Sáng {day}/5, giá vàng SJC tại Hà Nội {change} so với phiên trước, giao dịch trong nước trầm lắng. "
            "Các doanh nghiệp kinh doanh vàng niêm yết giá mua vào và bán ra gần như không đổi, chênh lệch mua bán "
            "vẫn ở mức cao. Giá vàng thế giới giao ngay đứng quanh mức cũ khi nhà đầu tư chờ số liệu việc làm của Mỹ.")


def test_daily_bulletins_of_a_series_are_separate_events():
    """Two days' bulletins share their template and nearly every word; their headlines write different days
    (headline_days_differ), and that keeps them apart, even one day apart, where the lead days still agree."""
    from tomtat.stories.cluster import cluster_articles
    from tomtat.stories.feed import Article

    a = event_signals("Giá vàng hôm nay 12/5: Vàng SJC tăng nhẹ", "", ["Sáng 12/5, giá vàng tăng."])
    b = event_signals("Giá vàng hôm nay 13/5: Vàng SJC giảm", "", ["Sáng 13/5, giá vàng giảm."])
    c = event_signals("Giá vàng tăng nhẹ", "", ["Sáng 12/5, giá vàng tăng."])
    k = FEATURES.index("headline_days_differ") - (len(FEATURES) - len(pair_signals(a, b)))
    assert pair_signals(a, b)[k] == 1.0 and pair_signals(a, c)[k] == 0.0
    stories = cluster_articles([Article(text=_bulletin(12, "tăng nhẹ"), source="a"),
                                Article(text=_bulletin(13, "giảm nhẹ"), source="b"),
                                Article(text="Bão số 5 đổ bộ vào miền Trung gây mưa lớn, nhiều nhà bị tốc mái.",
                                        source="c")])
    assert sorted(len(s.articles) for s in stories) == [1, 1, 1]


def test_little_shared_text_and_no_shared_fact_is_not_one_event():
    """Names and a province alone (three unrelated articles about one city) do not make one event: under the
    wide-cosine floor a pair needs a shared day or number; with one, the model decides."""
    from tomtat.stories.pairs import MIN_WIDE_COSINE

    row = dict.fromkeys(FEATURES, 0.0) | {"wide_cosine": MIN_WIDE_COSINE - 0.03, "name_cosine": 0.6,
                                          "headline_cosine": 0.5, "relative_cosine": 1.0, "place_agree": 1.0}
    with_fact = row | {"body_number_overlap": 0.2}
    above = row | {"wide_cosine": MIN_WIDE_COSINE + 0.03}
    x = np.array([[r[f] for f in FEATURES] for r in (row, with_fact, above)])
    model, event = probabilities(x), event_probabilities(x)
    assert model[0] > 0.3 and event[0] == 0.0
    assert event[1] == model[1] and event[2] == model[2]


def test_a_thread_needs_some_shared_text_or_fact():
    """Sharing a province is no saga: under the thread floor, without a shared day or number, P(thread) is 0."""
    from tomtat.stories.pairs import MIN_WIDE_COSINE_THREAD, THREAD_MODEL_PATH

    row = dict.fromkeys(FEATURES, 0.0) | {"wide_cosine": MIN_WIDE_COSINE_THREAD - 0.04, "name_cosine": 0.5,
                                          "relative_cosine": 1.0, "place_agree": 1.0}
    above = row | {"wide_cosine": MIN_WIDE_COSINE_THREAD + 0.02}
    x = np.array([[r[f] for f in FEATURES] for r in (row, above)])
    model = probabilities(x, THREAD_MODEL_PATH)
    assert model[0] > 0.3 and thread_probabilities(x)[0] == 0.0
    assert thread_probabilities(x)[1] >= model[1]


def test_the_day_both_articles_were_published_is_no_shared_fact():
    """In a dated daily feed nearly every article writes "sáng nay (2/7)": a day both were published on (or the
    day after) is not evidence of one event; a day one article recalls from before its own still is."""
    import datetime as dt

    from tomtat.stories.cluster import cluster_articles
    from tomtat.stories.feed import Article

    day = dt.date(2025, 7, 2)
    bridge = event_signals("Khởi công cầu mới ở xã Mường Vân", "Sáng 2/7, huyện khởi công cầu bê tông.", [], day)
    race = event_signals("Hơn 5.000 người chạy marathon", "Sáng 2/7, giải marathon ven biển khai mạc.", [], day)
    later = event_signals("Cầu mới sẽ xong sau tám tháng", "Công trình khởi công sáng 2/7 đang thi công.", [],
                          dt.date(2025, 7, 9))
    undated = [event_signals(x, y, []) for x, y in (("Khởi công cầu", "Sáng 2/7, khởi công."),
                                                    ("Marathon", "Sáng 2/7, giải chạy khai mạc."))]
    agree, shared = FEATURES.index("lead_date_agree"), FEATURES.index("day_shared")
    offset = len(FEATURES) - len(pair_signals(bridge, race))
    assert pair_signals(bridge, race)[agree - offset] == 0.0 and pair_signals(bridge, race)[shared - offset] == 0.0
    assert pair_signals(bridge, later)[shared - offset] == 1.0
    assert pair_signals(*undated)[agree - offset] == 1.0
    works = ("Sáng 2/7, UBND huyện Sơn Thủy khởi công xây cầu bê tông dài 90 mét thay cho cầu treo bị sập trong cơn "
             "dông hồi đầu tháng 6. Cây cầu mới có tổng vốn 12 tỷ đồng, dự kiến hoàn thành trước mùa lũ năm sau.")
    race_text = ("Sáng 2/7, giải chạy marathon ven biển Hải Đăng thu hút hơn 5.000 vận động viên từ 20 tỉnh thành. "
                 "Các vận động viên chạy trên cung đường dài 42 km dọc bờ biển, xuất phát từ quảng trường.")
    stories = cluster_articles([Article(text="Khởi công cầu bê tông\n" + works, source="a", date=day),
                                Article(text="Xây cầu mới 12 tỷ đồng\n" + works.replace("Sáng 2/7", "Ngày 2/7"),
                                        source="b", date=day),
                                Article(text="Marathon ven biển\n" + race_text, source="c", date=day)])
    assert sorted(len(s.articles) for s in stories) == [1, 2]
