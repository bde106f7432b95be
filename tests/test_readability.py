"""Summaries that read well (issue 19.5): no caption, teaser, roundup or sub-heading is chosen, and a sentence
that leans on the one before it comes right after that one or not at all. Short articles written for these tests."""
import datetime as dt

import numpy as np
import pytest

import tomtat
from tomtat.extractive.features import build_context
from tomtat.extractive.order import order
from tomtat.extractive.readable import is_dependent, is_question, is_teaser, keep_together, leaning, unfit
from tomtat.extractive.select import select
from tomtat.pipeline import build_cluster
from tomtat.text.clean import clean
from tomtat.text.normalize import match_key

FIRE = [
    "Cháy lớn tại nhà máy giấy Tân Phú\n"
    "Rạng sáng 12/3, một đám cháy lớn bùng phát tại nhà máy giấy Tân Phú trong khu công nghiệp Sông Mây, "
    "thiêu rụi hai nhà kho chứa hàng nghìn tấn giấy cuộn.\n"
    "VIDEO: Lực lượng cứu hỏa dập lửa tại nhà máy giấy Tân Phú trong khu công nghiệp Sông Mây.\n"
    "Hơn 100 cảnh sát phòng cháy cùng 20 xe chữa cháy đã được điều đến nhà máy giấy Tân Phú.\n"
    "Ảnh vệ tinh cho thấy cột khói từ nhà máy giấy Tân Phú lan rộng khắp khu công nghiệp Sông Mây.\n"
    "Đám cháy tại nhà máy giấy Tân Phú được khống chế sau sáu giờ, không có thương vong.",

    "Nhà máy giấy Tân Phú cháy suốt sáu giờ\n"
    "Video hiện trường vụ cháy nhà máy giấy Tân Phú trong khu công nghiệp Sông Mây sáng 12/3.\n"
    "Theo Ban quản lý khu công nghiệp Sông Mây, đám cháy tại nhà máy giấy Tân Phú bắt đầu lúc 3 giờ sáng từ "
    "khu vực kho giấy cuộn.\n"
    "Thiệt hại ban đầu của nhà máy giấy Tân Phú ước tính khoảng 200 tỷ đồng, hai nhà kho bị thiêu rụi hoàn toàn\n"
    "Các doanh nghiệp lân cận trong khu công nghiệp Sông Mây đã phải tạm dừng sản xuất để sơ tán công nhân "
    "khỏi khu vực đám cháy nhà máy giấy Tân Phú\n"
    "Xem thêm > > Cháy nhà máy giấy Tân Phú: hàng nghìn tấn giấy cuộn bị thiêu rụi trong khu công nghiệp.",

    "Tin an ninh hình sự 24h qua: Cháy nhà máy giấy Tân Phú ở khu công nghiệp Sông Mây; bắt nhóm trộm xe.\n"
    "Cơ quan chức năng đang điều tra nguyên nhân vụ cháy nhà máy giấy Tân Phú ở khu công nghiệp Sông Mây.\n"
    "Ban giám đốc nhà máy cho biết hệ thống báo cháy của kho giấy cuộn đã được kiểm định vào tháng trước.\n"
    "Điều này khiến vụ cháy nhà máy giấy Tân Phú ở khu công nghiệp Sông Mây càng khó giải thích.",
]
CAPTIONS = ("VIDEO:", "Video hiện trường", "Ảnh vệ tinh cho thấy", "Xem thêm", "Tin an ninh hình sự 24h qua")
SUBHEADINGS = ("Thiệt hại ban đầu", "Các doanh nghiệp lân cận")


def _leans_alone_in(cluster, shown) -> list[str]:
    """Texts of shown sentences that lean on their predecessor without it right before them."""
    leans = leaning(cluster.sentences)
    k = {(s.doc, s.index): i for i, s in enumerate(cluster.sentences)}
    out = []
    for j, s in enumerate(shown):
        before = shown[j - 1] if j else None
        if leans[k[(s.doc, s.index)]] and not (before and before.doc == s.doc and before.index == s.index - 1):
            out.append(s.text)
    return out


def _leans_alone(summary) -> list[str]:
    return _leans_alone_in(summary.cluster, summary.sentences)


@pytest.mark.parametrize("budget", [25, 40, 60, 90, 150, 400])
@pytest.mark.parametrize("order", ["time", "source"])
def test_no_caption_teaser_roundup_or_subheading_is_chosen(budget, order):
    summary = tomtat.summarize(FIRE, max_words=budget, order=order)
    assert summary.sentences
    for s in summary.sentences:
        assert not s.text.startswith(CAPTIONS + SUBHEADINGS), s.text
    assert not _leans_alone(summary)


def test_the_fire_story_is_told_without_its_furniture():
    """All of it fits: the facts come, the captions, the teasers and the headings do not."""
    text = tomtat.summarize(FIRE, max_words=400).text
    assert "được khống chế sau sáu giờ" in text and "đang điều tra nguyên nhân" in text
    for bad in CAPTIONS + SUBHEADINGS:
        assert bad not in text


WATER = ["Chiều 5/6, sau nhiều tháng tranh luận về chi phí vận hành, công ty cấp nước của thành phố Bắc Hà đã gửi "
         "lên hội đồng nhân dân thành phố một tờ trình dài hơn bốn mươi trang kèm theo bảng tính chi phí.\n"
         "Điều này khiến giá nước sạch ở thành phố Bắc Hà có thể tăng ba mươi phần trăm từ tháng 7.\n"
         "Các hộ gia đình nghèo sẽ được hỗ trợ một phần tiền nước trong năm đầu tiên.",
         "Giá nước sạch ở thành phố Bắc Hà dự kiến tăng mạnh từ tháng 7, theo đề xuất của công ty cấp nước.\n"
         "Người dân thành phố Bắc Hà lo ngại giá nước sạch tăng ba mươi phần trăm."]


def _water_context():
    cluster = build_cluster(WATER)
    ctx = build_context(cluster)
    this = next(i for i, s in enumerate(cluster.sentences) if s.text.startswith("Điều này"))
    assert ctx.dependent[this] and this > 0
    return cluster, ctx, this, np.linspace(1.0, 0.0, len(cluster.sentences))


@pytest.mark.parametrize("budget", [25, 30, 45, 60])
def test_a_this_sentence_without_its_antecedent_is_not_chosen(budget):
    """"Điều này …" scores best of all (forced) and its long antecedent worst; the two do not fit together
    (65 syllables): it is left out. Without the rule it would be chosen alone."""
    cluster, ctx, this, scores = _water_context()
    scores[this], scores[this - 1] = 5.0, -5.0
    assert cluster.sentences[this].length + cluster.sentences[this - 1].length > budget
    assert this in select(ctx, scores, budget, readable=False)
    assert this not in select(ctx, scores, budget)


def test_a_this_sentence_comes_with_its_antecedent_when_both_fit():
    cluster, ctx, this, scores = _water_context()
    scores[this], scores[this - 1] = 5.0, 4.0
    chosen = select(ctx, scores, 70)
    assert this in chosen and chosen.index(this - 1) == chosen.index(this) - 1
    shown = keep_together(order(cluster, [cluster.sentences[i] for i in chosen], "time"), ctx.dependent,
                          cluster.sentences)
    assert not _leans_alone_in(cluster, shown)


def test_a_this_sentence_is_not_shown_alone_by_the_pipeline():
    for budget in (15, 25, 40, 80, 200):
        assert not _leans_alone(tomtat.summarize(WATER, max_words=budget)), budget


def test_a_leaning_sentence_is_read_right_after_its_antecedent_in_time_order():
    """Time order would put the other article's 8/6 sentence between "Ngày 5/6, …" and "Tại đó, …" (dated by
    its article, 10/6): the leaning sentence is kept right after the sentence it leans on."""
    a = tomtat.Document(text="Ngày 5/6, hội nghị xúc tiến đầu tư tỉnh Lâm Hà diễn ra tại thành phố Bảo Lâm.\n"
                             "Tại đó, tỉnh Lâm Hà trao giấy chứng nhận đầu tư cho 12 dự án trị giá 5.000 tỷ đồng.",
                        date=dt.date(2024, 6, 10))
    b = tomtat.Document(text="Ngày 8/6, tỉnh Lâm Hà công bố danh mục 40 dự án kêu gọi đầu tư năm 2024.",
                        date=dt.date(2024, 6, 10))
    summary = tomtat.summarize([a, b], max_words=200, order="time")
    texts = [s.text for s in summary.sentences]
    assert any(t.startswith("Tại đó") for t in texts)
    k = next(j for j, t in enumerate(texts) if t.startswith("Tại đó"))
    assert texts[k - 1].startswith("Ngày 5/6")
    assert not _leans_alone(summary)


def test_keep_together_moves_only_leaning_sentences():
    cluster = build_cluster(["Câu thứ nhất nói về cây cầu mới ở thành phố.\nTại đó, người dân đã chờ đợi nhiều năm.",
                             "Một bài khác kể về con đường ven sông của thành phố."])
    s = cluster.sentences
    leans = leaning(s)
    assert list(leans) == [False, True, False]
    assert keep_together([s[0], s[2], s[1]], leans, s) == [s[0], s[1], s[2]]
    assert keep_together([s[2], s[1]], leans, s) == [s[2], s[1]]     # its antecedent is not there: left alone


@pytest.mark.parametrize("text", [
    "VIDEO: Xe chở bị cáo rời tòa sau phiên xử.", "Video hiện trường vụ tai nạn trên quốc lộ 1A.",
    "Ảnh vệ tinh cho thấy đoàn xe quân sự di chuyển gần biên giới.", "Xem thêm > > > Truy bắt nghi phạm cướp tiệm vàng",
    "Clip: Người dân dùng xô nước dập lửa.", "Tin an ninh hình sự 24h qua: Bắt nhóm trộm xe; cháy nhà kho.",
    "Dưới đây là một số hình ảnh tại buổi lễ.", "Tin được cập nhật hàng ngày, mời quý độc giả đón đọc.",
])
def test_teasers_are_told_by_their_words(text):
    assert is_teaser(text, match_key(text))


@pytest.mark.parametrize("text", [
    "Video được đăng tải lên mạng xã hội đã thu hút hàng triệu lượt xem.",
    "Trong 24 giờ qua, cả nước ghi nhận 300 ca mắc mới.",
    "Tin nhắn tống tiền được gửi tới gia đình nạn nhân lúc nửa đêm.",
    "Xe khách chạy tuyến Hà Nội - Lào Cai gặp nạn lúc 3 giờ sáng.",
])
def test_ordinary_sentences_are_not_teasers(text):
    assert not is_teaser(text, match_key(text))


def test_a_caption_line_is_dropped_whole_when_cleaning():
    """"Video: Cận cảnh …" is no photo credit followed by running text: the whole line goes."""
    text = "Công an kiểm tra quán bar lúc nửa đêm.\nVideo: Cận cảnh kiểm tra quán bar lớn nhất thành phố.\n"
    result = clean(text)
    assert [text[a:b] for a, b in result.kept] == ["Công an kiểm tra quán bar lúc nửa đêm."]
    assert [d.reason for d in result.dropped] == ["caption / teaser"]


def test_subheadings_and_lead_ins_are_unfit():
    cluster = build_cluster(["Giá vàng trong nước hôm nay tăng mạnh theo đà tăng của giá vàng thế giới.\n"
                             "Nhiều cửa hàng vàng bạc đá quý tại các thành phố lớn đông nghịt khách đến mua vàng tích trữ trong ngày\n"
                             "Người mua vàng đã xếp hàng từ sáng sớm trước các cửa hàng.\n"
                             "Các cửa hàng đưa ra những biện pháp như sau:\n"
                             "Mỗi khách hàng chỉ được mua tối đa hai lượng vàng."])
    flags = dict(zip((s.text[:20] for s in cluster.sentences), unfit(cluster.sentences)))
    assert flags == {"Giá vàng trong nước ": False, "Nhiều cửa hàng vàng ": True, "Người mua vàng đã xế": False,
                     "Các cửa hàng đưa ra ": True, "Mỗi khách hàng chỉ đ": False}


@pytest.mark.parametrize("text", ["Bởi, cựu viện phó là người am tường pháp luật.", "Tại đó, Ansu Fati ghi một bàn.",
                                  "Điều này khiến nhiều người lo ngại.", "Nghĩa là họ không chịu trách nhiệm.",
                                  "phong phú về hình dạng, kích cỡ, màu sắc.", "Lúc này, Hải cầm gậy đuổi theo.",
                                  '", Reuters dẫn lời Tổng thống Mỹ đăng trên Twitter.', "” , ông Lộc nói thêm.",
                                  ", theo Bộ Y tế."])
def test_leaning_openings(text):
    assert is_dependent(text, match_key(text))


@pytest.mark.parametrize("text", ["iPhone 15 được bán từ tháng 9.", "Bộ Công an vừa khởi tố vụ án.",
                                  "Vào ngày 12/3, đám cháy bùng phát.", '" Chúng tôi sẽ ở lại ", ông Lộc nói.',
                                  "- Hà Nội có mưa rào vào chiều tối."])
def test_ordinary_openings_do_not_lean(text):
    assert not is_dependent(text, match_key(text))


def test_a_name_told_before_makes_viec_lean_on_it():
    """"Việc INF đổ vỡ …" leans on the sentence that named INF; the same words as an article's first mention do not."""
    told = build_cluster(["Mỹ rút khỏi Hiệp ước Lực lượng hạt nhân tầm trung (INF) vào năm 2019.\n"
                          "Việc INF đổ vỡ khiến châu Âu lo ngại về một cuộc chạy đua vũ trang mới."]).sentences
    first = build_cluster(["Việc INF đổ vỡ khiến châu Âu lo ngại về một cuộc chạy đua vũ trang mới.\n"
                           "Hiệp ước được Mỹ và Liên Xô ký năm 1987."]).sentences
    assert list(leaning(told)) == [False, True]
    assert list(leaning(first)) == [False, False]


@pytest.mark.parametrize("text, question", [
    ("Xin Đại sứ cho biết tiến độ?", True), ("Hôm nay, giá xăng có tăng theo giá điện?", True),
    ('" Tại sao chúng tôi phải chờ? ", một người dân hỏi.', False), ("“ Ai sẽ trả tiền? ”", False),
    ("Giá xăng tăng 500 đồng mỗi lít.", False)])
def test_a_question_the_writer_asks_is_never_chosen(text, question):
    assert is_question(text) == question
    cluster = build_cluster(["Bộ Công Thương vừa điều chỉnh giá bán lẻ xăng dầu trong nước từ chiều nay.\n" + text +
                             "\nGiá dầu diesel giữ nguyên so với kỳ điều chỉnh trước."])
    flags = {s.text: bool(f) for s, f in zip(cluster.sentences, unfit(cluster.sentences))}
    assert flags[text] == question


def test_the_rest_of_a_sentence_broken_after_an_abbreviation_leans_on_its_start():
    """VietNews breaks lines after "TP.": the next line is the same sentence's end, never shown alone."""
    cluster = build_cluster(["Hội đồng thi chuyển bài thi đến trường THCS Quyết Thắng, TP.\n"
                             "Sơn La để phục vụ việc tìm bài thi của thí sinh.\nCơ quan điều tra đã khởi tố vụ án."])
    flags = {s.text: bool(f) for s, f in zip(cluster.sentences, leaning(cluster.sentences))}
    assert flags["Sơn La để phục vụ việc tìm bài thi của thí sinh."]
    assert not flags["Cơ quan điều tra đã khởi tố vụ án."]
