"""An invented feed for the store server tests (tests/test_serve_store.py). Every sentence was written for them.

A suspension bridge in an invented commune collapses in a storm (10/6/2025, two articles), and three weeks later
work starts on a concrete bridge in its place (2/7/2025, two articles): two events of one thread on two days.
A lone article on a city marathon (2/7/2025). One title carries markup, one address is a javascript: URL.
"""
import json

XSS = "<img src=x onerror=\"window.__tomtat_xss=1\">"

# id: (title, text, date, outlet, url)
DAY1 = {
    "cau-1": ("Sập cầu treo Bản Khê ở xã Mường Vân, hai người bị thương",
              "Chiều 10/6, cầu treo Bản Khê bắc qua suối Nậm Lan ở xã Mường Vân, huyện Sơn Thủy bị đổ sập trong cơn "
              "dông lớn. Hai người dân đang đi qua cầu bị rơi xuống suối và được người dân đưa đi cấp cứu. "
              "Cầu treo Bản Khê dài 80 mét, được xây dựng từ năm 2009, là lối đi duy nhất của hơn 40 hộ dân bản Khê. "
              "Sau sự cố, bản Khê bị chia cắt hoàn toàn với trung tâm xã Mường Vân.",
              "2025-06-10", "Báo Miền Núi", "https://miennui.example/sap-cau-ban-khe"),
    "cau-2": ("Dông lốc quật đổ cầu treo Bản Khê, 40 hộ dân bị cô lập",
              "Cơn dông chiều 10/6 đã làm sập cầu treo Bản Khê ở xã Mường Vân, huyện Sơn Thủy. "
              "Hai người đang qua cầu bị thương nhẹ, hiện sức khỏe đã ổn định. "
              "Hơn 40 hộ dân bản Khê bị cô lập vì cầu treo Bản Khê là đường duy nhất ra trung tâm xã. "
              "Chính quyền xã Mường Vân đã cử người túc trực hai đầu cầu để ngăn người dân qua suối Nậm Lan.",
              "2025-06-10", "Tin Tây Bắc", "https://taybac.example/cau-treo-ban-khe"),
}
DAY2 = {
    "cau-3": ("Khởi công cầu bê tông thay cầu treo Bản Khê bị sập " + XSS,
              "Sáng 2/7, UBND huyện Sơn Thủy khởi công xây cầu bê tông dài 90 mét thay cho cầu treo Bản Khê bị sập "
              "trong cơn dông hồi đầu tháng 6. Cây cầu mới có tổng vốn 12 tỷ đồng từ ngân sách tỉnh, dự kiến hoàn "
              "thành trước mùa lũ năm sau. Trong thời gian thi công, người dân bản Khê tiếp tục đi đò máy miễn phí "
              "qua suối Nậm Lan.",
              "2025-07-02", "Báo Miền Núi", "javascript:alert(1)"),
    "cau-4": ("Xây cầu mới 12 tỷ đồng cho người dân bản Khê",
              "Ngày 2/7, công trình cầu bê tông bắc qua suối Nậm Lan ở xã Mường Vân, huyện Sơn Thủy được khởi công. "
              "Cầu dài 90 mét, rộng 3,5 mét, cho xe máy và ô tô nhỏ đi qua, thay cho cầu treo Bản Khê đã sập. "
              "Đơn vị thi công cam kết hoàn thành cầu sau tám tháng để hơn 40 hộ dân bản Khê không còn bị chia cắt.",
              "2025-07-02", "Tin Tây Bắc", "https://taybac.example/khoi-cong-cau-ban-khe"),
    "chay-1": ("Hơn 5.000 người chạy giải marathon ven biển Hải Đăng",
               "Sáng 2/7, giải chạy marathon ven biển Hải Đăng thu hút hơn 5.000 vận động viên từ 20 tỉnh thành. "
               "Các vận động viên chạy trên cung đường dài 42 km dọc bờ biển, xuất phát từ quảng trường Hải Đăng. "
               "Ban tổ chức dành toàn bộ tiền bán vé để xây thư viện cho các trường tiểu học vùng biển.",
               "2025-07-02", "Thể Thao Ngày Nay", "https://thethao.example/marathon-hai-dang"),
}


def write(path, articles: dict) -> str:
    with open(path, "w", encoding="utf-8") as f:
        for ident, (title, text, date, outlet, url) in articles.items():
            row = {"id": ident, "title": title, "text": f"{title}\n{text}", "date": date, "source": outlet, "url": url}
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    return str(path)
