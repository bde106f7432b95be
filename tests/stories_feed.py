"""A small invented feed for the story-clustering tests: three stories, one lone article.

Every sentence here was written for these tests. FLOOD_3 and BRIDGE_3 are the same story as their
siblings told by another outlet; BRIDGE_3 also quotes a whole paragraph of the flood story (a news
round-up), which must not pull the two stories together.
"""

FLOOD_PARAGRAPH = (
    "Đêm 14/8, mưa lớn kéo dài gây lũ quét tại xã Lũng Cú, huyện Đồng Văn, tỉnh Hà Giang, cuốn trôi "
    "12 ngôi nhà và làm 3 người mất tích. Lực lượng cứu hộ đang tìm kiếm những người mất tích dọc suối Nho Quế.")

FLOOD_1 = ("Lũ quét cuốn trôi 12 ngôi nhà ở Hà Giang\n"
           + FLOOD_PARAGRAPH + "\n"
           "Chủ tịch UBND huyện Đồng Văn cho biết nước suối Nho Quế dâng cao hơn 3 mét chỉ trong hai giờ. "
           "Các hộ dân bị cuốn trôi nhà đã được đưa đến nhà văn hóa xã Lũng Cú để ở tạm.")
FLOOD_2 = ("Hà Giang: 3 người mất tích sau trận lũ quét ở Lũng Cú\n"
           "Trận lũ quét đêm 14/8 ở xã Lũng Cú, huyện Đồng Văn đã làm 3 người mất tích và 12 ngôi nhà bị cuốn trôi. "
           "Bộ đội biên phòng cùng lực lượng cứu hộ tỉnh Hà Giang đã tìm kiếm suốt đêm dọc suối Nho Quế. "
           "Nước suối Nho Quế dâng nhanh sau nhiều giờ mưa lớn khiến người dân không kịp chạy.")
FLOOD_3 = ("Tìm thấy một người mất tích trong lũ quét ở Đồng Văn\n"
           "Sáng 15/8, lực lượng cứu hộ tỉnh Hà Giang đã tìm thấy một trong 3 người mất tích sau trận lũ quét ở xã Lũng Cú, huyện Đồng Văn. "
           "Nạn nhân được phát hiện cách nơi bị nước cuốn khoảng hai cây số, dọc suối Nho Quế. "
           "UBND huyện Đồng Văn hỗ trợ các hộ có nhà bị lũ quét cuốn trôi mỗi hộ 20 triệu đồng.")

BRIDGE_1 = ("Cầu Mỹ Thuận 2 chính thức thông xe\n"
            "Sáng 20/12, cầu Mỹ Thuận 2 bắc qua sông Tiền nối Tiền Giang với Vĩnh Long chính thức thông xe sau gần 4 năm thi công. "
            "Cây cầu dây văng dài 1,9 km có tổng vốn đầu tư hơn 5.000 tỷ đồng. "
            "Bộ Giao thông vận tải cho biết cầu giúp rút ngắn thời gian đi từ TP HCM về Cần Thơ.")
BRIDGE_2 = ("Thông xe cầu Mỹ Thuận 2 trên cao tốc về Cần Thơ\n"
            "Cầu Mỹ Thuận 2 vượt sông Tiền, nối hai tỉnh Tiền Giang và Vĩnh Long, đã thông xe sáng 20/12. "
            "Cầu dây văng dài 1,9 km, vốn đầu tư hơn 5.000 tỷ đồng, là mắt xích của tuyến cao tốc TP HCM - Cần Thơ. "
            "Lãnh đạo Bộ Giao thông vận tải nói tài xế đi Cần Thơ sẽ tiết kiệm gần một giờ so với đi qua cầu cũ.")
BRIDGE_3 = ("Ngày đầu thông xe, hàng nghìn ô tô qua cầu Mỹ Thuận 2\n"
            "Trong ngày đầu thông xe, hơn 8.000 ô tô đã đi qua cầu Mỹ Thuận 2 bắc qua sông Tiền giữa Tiền Giang và Vĩnh Long. "
            "Tài xế xe khách tuyến TP HCM - Cần Thơ cho biết cầu dây văng mới giúp tránh cảnh kẹt xe ở cầu Mỹ Thuận cũ.\n"
            "Tin liên quan trong ngày: " + FLOOD_PARAGRAPH)

FUEL_1 = ("Giá xăng giảm hơn 400 đồng mỗi lít từ chiều nay\n"
          "Liên Bộ Công Thương - Tài chính điều chỉnh giá bán lẻ xăng dầu từ 15 giờ chiều 3/11. "
          "Xăng RON 95 giảm 420 đồng mỗi lít, xăng E5 RON 92 giảm 390 đồng mỗi lít, dầu diesel giữ nguyên. "
          "Quỹ bình ổn giá xăng dầu không được trích lập trong kỳ điều hành này.")
FUEL_2 = ("Xăng RON 95 giảm 420 đồng, dầu diesel giữ giá\n"
          "Chiều 3/11, liên Bộ Công Thương - Tài chính giảm giá bán lẻ xăng RON 95 thêm 420 đồng mỗi lít. "
          "Giá xăng E5 RON 92 cũng giảm 390 đồng mỗi lít, trong khi dầu diesel giữ nguyên giá. "
          "Đây là kỳ điều hành thứ ba liên tiếp giá xăng giảm, và quỹ bình ổn không được sử dụng.")

BOOKS = ("Hội sách mùa thu mở cửa ở phố đi bộ Nguyễn Huệ\n"
         "Hội sách mùa thu với hơn 200 gian hàng của các nhà xuất bản mở cửa đến hết Chủ nhật. "
         "Ban tổ chức dành riêng một khu cho sách thiếu nhi và các buổi đọc truyện cuối tuần.")

STORIES = {"flood": [FLOOD_1, FLOOD_2, FLOOD_3], "bridge": [BRIDGE_1, BRIDGE_2, BRIDGE_3],
           "fuel": [FUEL_1, FUEL_2], "books": [BOOKS]}
DATES = {"flood": ["2024-08-15", "2024-08-15", "2024-08-16"], "bridge": ["2023-12-20", "2023-12-20", "2023-12-21"],
         "fuel": ["2024-11-03", "2024-11-03"], "books": ["2024-09-28"]}


def feed_rows(with_dates: bool = False) -> list[tuple[str, dict]]:
    """(story name, article JSONL object) for every article of the feed."""
    rows = []
    for name, texts in STORIES.items():
        for k, text in enumerate(texts):
            obj = {"id": f"{name}-{k}", "text": text}
            if with_dates:
                obj["date"] = DATES[name][k]
            rows.append((name, obj))
    return rows
