"""An invented saga for the digest tests (tests/test_digest_threads.py, tests/test_digest_browser.py).

Every sentence here was written for these tests. A fire at an invented karaoke bar (12/3) and, three weeks later,
the arrest of its owner (5/4), plus an undated follow-up; a fuel price cut told twice; a lone article on a book
fair. `saga_stories()` gives them as clustered events and threads, built by hand (so the tests of the digest do
not hang on the clustering models); `feed_objects()` as feed lines for `tomtat digest` to cluster itself.
"""
import datetime as dt

from tomtat.stories.cluster import Story
from tomtat.stories.feed import Article

FIRE_1 = ("Khoảng 22 giờ ngày 12/3, quán karaoke Ánh Sao trên phố Trần Thái Tông, quận Cầu Giấy, Hà Nội bốc cháy dữ dội. "
          "Lực lượng cảnh sát phòng cháy chữa cháy đã cứu được 15 người mắc kẹt, nhưng 3 nhân viên của quán tử vong. "
          "Đám cháy được dập tắt sau gần hai giờ, nguyên nhân ban đầu được xác định là chập điện ở tầng hai. "
          "Chủ tịch UBND quận Cầu Giấy đã đến hiện trường chỉ đạo công tác cứu nạn và thăm hỏi gia đình các nạn nhân.")
FIRE_2 = ("Đêm 12/3, ngọn lửa bùng lên từ tầng hai quán karaoke Ánh Sao ở phố Trần Thái Tông, quận Cầu Giấy. "
          "Cảnh sát phòng cháy chữa cháy Hà Nội điều 12 xe chữa cháy tới hiện trường và đưa 15 người ra ngoài an toàn. "
          "Ba nhân viên của quán karaoke không kịp thoát ra và đã tử vong trong đám cháy.")
ARREST_1 = ("Ngày 5/4, Cơ quan cảnh sát điều tra Công an Hà Nội đã khởi tố bị can và bắt tạm giam chủ quán karaoke Ánh Sao ở quận Cầu Giấy. "
            "Chủ quán bị cáo buộc vi phạm quy định về phòng cháy chữa cháy, khiến vụ cháy đêm 12/3 làm 3 nhân viên tử vong. "
            "Theo cơ quan điều tra, quán karaoke Ánh Sao chưa được nghiệm thu phòng cháy nhưng vẫn mở cửa đón khách.")
ARREST_2 = ("Công an Hà Nội ngày 5/4 đã bắt tạm giam chủ quán karaoke Ánh Sao ở phố Trần Thái Tông, quận Cầu Giấy để điều tra vụ cháy làm 3 người chết. "
            "Cơ quan điều tra xác định quán karaoke Ánh Sao hoạt động khi chưa được nghiệm thu về phòng cháy chữa cháy. "
            "Chủ quán karaoke Ánh Sao bị khởi tố về tội vi phạm quy định về phòng cháy chữa cháy.")
ARREST_3 = ("Sáng 5/4, chủ quán karaoke Ánh Sao bị bắt tạm giam để điều tra về tội vi phạm quy định về phòng cháy chữa cháy. "
            "Cơ quan điều tra cho biết quán đã bị nhắc nhở hai lần vì lối thoát hiểm bị khóa nhưng không khắc phục.")
SUPPORT = ("Gia đình ba nhân viên tử vong trong vụ cháy quán karaoke Ánh Sao ở quận Cầu Giấy đã nhận tiền hỗ trợ của thành phố. "
           "Mỗi gia đình được hỗ trợ 50 triệu đồng, các con của nạn nhân được miễn học phí đến hết cấp ba.")
FUEL_1 = ("Liên Bộ Công Thương - Tài chính điều chỉnh giá bán lẻ xăng dầu từ 15 giờ chiều 3/11. "
          "Xăng RON 95 giảm 420 đồng mỗi lít, xăng E5 RON 92 giảm 390 đồng mỗi lít, dầu diesel giữ nguyên. "
          "Quỹ bình ổn giá xăng dầu không được trích lập trong kỳ điều hành này.")
FUEL_2 = ("Chiều 3/11, liên Bộ Công Thương - Tài chính giảm giá bán lẻ xăng RON 95 thêm 420 đồng mỗi lít. "
          "Giá xăng E5 RON 92 cũng giảm 390 đồng mỗi lít, trong khi dầu diesel giữ nguyên giá. "
          "Đây là kỳ điều hành thứ ba liên tiếp giá xăng giảm, và quỹ bình ổn không được sử dụng.")
BOOKS = ("Hội sách mùa thu với hơn 200 gian hàng của các nhà xuất bản mở cửa đến hết Chủ nhật ở phố đi bộ Nguyễn Huệ. "
         "Ban tổ chức dành riêng một khu cho sách thiếu nhi và các buổi đọc truyện cuối tuần.")

ROUNDUP = "Tin an ninh hình sự 24h qua: Bắt chủ quán karaoke Ánh Sao"
XSS = "<script>window.__tomtat_xss = 1</script>"

# (id, title, body, date, outlet, url): what a feed line gives
ARTICLES = {
    "fire-0": ("Cháy quán karaoke ở Cầu Giấy, 3 người tử vong", FIRE_1, "2024-03-12", "Báo Thủ Đô", "https://thudo.example/chay"),
    "fire-1": ("Hà Nội: Cháy quán karaoke Ánh Sao, ba nhân viên thiệt mạng", FIRE_2, "2024-03-13", "",
               "https://www.tinnhanh.example/chay-karaoke"),
    "arrest-0": ("Khởi tố chủ quán karaoke Ánh Sao sau vụ cháy làm 3 người chết", ARREST_1, "2024-04-05", "", ""),
    "arrest-1": (ROUNDUP, ARREST_2, "2024-04-05", "Báo Pháp Luật", "https://phapluat.example/24h"),
    "arrest-2": ("Bắt chủ quán karaoke Ánh Sao", ARREST_3, "2024-04-05", "Báo Thủ Đô", "javascript:alert(1)"),
    "support-0": (f"Hỗ trợ gia đình nạn nhân vụ cháy karaoke {XSS}", SUPPORT, None, "", "https://thudo.example/ho-tro"),
    "fuel-0": ("Giá xăng giảm hơn 400 đồng mỗi lít từ chiều nay", FUEL_1, "2024-11-03", "Báo Kinh Tế", ""),
    "fuel-1": ("Xăng RON 95 giảm 420 đồng, dầu diesel giữ giá", FUEL_2, "2024-11-03", "", "https://kinhte.example/xang"),
    "books-0": ("Hội sách mùa thu mở cửa ở phố đi bộ Nguyễn Huệ", BOOKS, "2024-09-28", "Báo Văn Hóa",
                "https://vanhoa.example/hoi-sach"),
}


def article(ident: str, k: int) -> Article:
    title, body, date, outlet, url = ARTICLES[ident]
    return Article(text=f"{title}\n{body}", source=f"feed.jsonl:{k}", title=title, id=ident, outlet=outlet, url=url,
                   date=dt.date.fromisoformat(date) if date else None, date_basis="metadata" if date else None)


def event(ids: list[str], headline: str, thread: int, thread_headline: str) -> Story:
    arts = [article(i, list(ARTICLES).index(i) + 1) for i in ids]
    return Story(articles=arts, headline=headline, titles=[a.title for a in arts], centrality=[1.0] * len(arts),
                 thread=thread, thread_headline=thread_headline)


def saga_stories() -> list[Story]:
    """Events in cluster's order (largest first) with their threads. The arrest, the largest event, leads its
    thread, and its headline is a roundup title (as if the clusterer had no better one): the digest must not
    use it while its articles have real titles."""
    return [
        event(["arrest-0", "arrest-1", "arrest-2"], ROUNDUP, 1, ROUNDUP),
        event(["fire-0", "fire-1"], ARTICLES["fire-1"][0], 1, ROUNDUP),
        event(["fuel-0", "fuel-1"], ARTICLES["fuel-0"][0], 2, ARTICLES["fuel-0"][0]),
        event(["support-0"], ARTICLES["support-0"][0], 1, ROUNDUP),
        event(["books-0"], ARTICLES["books-0"][0], 3, ARTICLES["books-0"][0]),
    ]


def feed_objects() -> list[dict]:
    rows = []
    for ident in ("fire-0", "fire-1", "arrest-0", "arrest-1", "books-0"):
        title, body, date, outlet, url = ARTICLES[ident]
        row = {"id": ident, "title": title, "text": f"{title}\n{body}", "date": date, "url": url}
        if outlet:
            row["source"] = outlet
        rows.append(row)
    return rows
