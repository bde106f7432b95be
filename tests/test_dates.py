"""Dates: expression detection and resolution on sentences written for these tests, article dates from
fields, pages and datelines, the JSON fields, --order and --format timeline."""
import datetime as dt
import json
import subprocess
import sys
import unicodedata

import pytest

import tomtat
from tomtat.io.readers import ReadError, documents_from_row, html_to_document
from tomtat.model import Document
from tomtat.time import find_expressions, parse_iso_date, resolve

D = dt.date


def found(text):
    return [e.text for e in find_expressions(text)]


@pytest.mark.parametrize("text, expected", [
    ("Hội nghị khai mạc ngày 5/7/2019 tại Hà Nội.", ["ngày 5/7/2019"]),
    ("Hiệp định được ký 5-7-2019 ở Geneva.", ["5-7-2019"]),
    ("Ngày 5 tháng 7 năm 2019, hai bên gặp nhau.", ["Ngày 5 tháng 7 năm 2019"]),
    ("Cuộc gặp diễn ra hôm 12.1 tại Brussels.", ["hôm 12.1"]),
    ("Sáng 3/9, đoàn đại biểu đã tới thăm.", ["Sáng 3/9"]),
    ("Vào tháng 11, bộ trưởng cho biết.", ["tháng 11"]),
    ("Chiến dịch bắt đầu vào tháng 2/2022.", ["tháng 2/2022"]),
    ("Hiệp ước bị rút bỏ từ năm 2001.", ["năm 2001"]),
    ("Dự án khởi công cuối tháng 7 và xong trung tuần tháng 9 này.", ["cuối tháng 7", "trung tuần tháng 9 này"]),
    ("Lợi nhuận quý 3 tăng mạnh so với quý II/2021.", ["quý 3", "quý II/2021"]),
    ("Hôm qua, thành phố ghi nhận mưa lớn; sáng nay trời đã tạnh.", ["Hôm qua", "sáng nay"]),
    ("Tuần trước ông đến Hà Nội, tháng trước ông ở Huế.", ["Tuần trước", "tháng trước"]),
    ("Năm ngoái doanh thu giảm, năm nay dự kiến tăng.", ["Năm ngoái", "năm nay"]),
    ("Ông phát biểu hôm thứ Hai vừa qua.", ["hôm thứ Hai vừa qua"]),
    ("Lễ hội diễn ra vào mùng 1 Tết và rằm tháng Giêng.", ["mùng 1 Tết", "rằm tháng Giêng"]),
    ("Giỗ tổ vào ngày 10/3 âm lịch hằng năm.", ["ngày 10/3 âm lịch"]),
    ("Ba năm trước, nhà máy này còn hoạt động.", ["Ba năm trước"]),
])
def test_detects_expressions(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize("text", [
    "Đội chủ nhà thắng 2-1 trong trận đấu tối thứ tư tuần này là không đúng.".replace("tối thứ tư tuần này là không đúng", "đầy kịch tính"),
    "Khoảng 1/5 số hộ trong xã đã thoát nghèo.",
    "Tỷ lệ 3/4 cử tri ủng hộ đề xuất.",
    "Ứng dụng phiên bản 2.1.3 đã có trên kho.",
    "Gọi số 0912.345.678 để được tư vấn.",
    "Đại dịch Covid-19 làm gián đoạn chuỗi cung ứng.",
    "Tàu xuất phát lúc 7h30 và đến nơi lúc 10:45.",
    "Vấn đề thứ hai là nguồn vốn, lần thứ 3 ông nhắc lại.",
    "Ở những năm 40 tuổi, ông vẫn chạy bộ mỗi sáng.",   # an age (a decade, "những năm 1990", is a date now)
    "Công ty tuyển thêm từ 2000 người đến 3000 người.",
    "Dự án kéo dài 6 tháng 10 ngày.",
    "Những năm qua, ba tháng qua, mấy tháng nay, tình hình ổn định.",
    "Ánh sáng qua khe cửa chiếu vào phòng.",
])
def test_traps_are_not_dates(text):
    assert found(text) == []


@pytest.mark.parametrize("text, article, value", [
    ("Vào tháng 11, ông cho biết.", D(2022, 1, 13), "2021-11"),        # the latest November not after
    ("Hôm 12.1, hai bên gặp nhau.", D(2022, 1, 13), "2022-01-12"),
    ("Ngày 20/12, hai bên gặp nhau.", D(2022, 1, 13), "2021-12-20"),
    ("Nga sẽ tập trận vào ngày 20/1.", D(2022, 1, 13), "2022-01-20"),   # future cue: the next one
    ("Hạn chót là ngày 2/8 tới.", D(2019, 7, 19), "2019-08-02"),
    ("Hội nghị dự kiến diễn ra vào tháng 3.", D(2021, 11, 2), "2022-03"),
    ("Hôm qua ông đã trả lời.", D(2022, 3, 1), "2022-02-28"),
    ("Tối qua trời mưa.", D(2024, 1, 1), "2023-12-31"),
    ("Tháng trước Nga gửi dự thảo.", D(2022, 1, 13), "2021-12"),
    ("Năm ngoái doanh thu giảm.", D(2022, 1, 13), "2021"),
    ("Tuần trước ông sang Paris.", D(2022, 1, 13), "2022-01-03"),      # the week's Monday
    ("Ông phát biểu hôm thứ Hai vừa qua.", D(2022, 1, 13), "2022-01-10"),
    ("Cuộc họp vào thứ Sáu tới.", D(2022, 1, 13), "2022-01-14"),
    ("Kết quả quý 3 được công bố.", D(2022, 1, 13), "2021-07"),
    ("Tháng 10 năm ngoái, giá tăng.", D(2022, 5, 1), "2021-10"),
    ("Chợ hoa mở đến mùng 1 Tết.", D(2023, 1, 5), "2022-02-01"),              # lunar, latest not after
    ("Mùng 1 Tết năm nay rơi vào Chủ nhật.", D(2023, 1, 5), "2023-01-22"),    # lunar, this year's
    ("Người dân đón mùng 1 Tết sắp tới.", D(2023, 1, 5), "2023-01-22"),        # lunar, future
    ("Ngày 8/12/1987, hiệp ước được ký.", D(2022, 1, 13), "1987-12-08"),
    ("Ngày 18/7, ngoại trưởng phát biểu.", None, "--07-18"),                # no article date: no year
    ("Vào tháng 11, ông cho biết.", None, "--11"),
    ("Giá vàng hôm nay (03/01) tăng mạnh.", D(2019, 1, 2), "2019-01-03"),    # the written day wins over today
    ("Sáng nay (13/1), hai bên gặp nhau.", D(2022, 1, 13), "2022-01-13"),
    ("Đêm qua (28/5/2019) có mưa lớn.", D(2019, 5, 29), "2019-05-28"),
    ("Ngày mai (12/11), tòa xét xử vụ án.", D(2018, 11, 11), "2018-11-12"),
])
def test_resolves_against_the_article_date(text, article, value):
    e = find_expressions(text)[0]
    r = resolve(e, article)
    assert r is not None and r.value == value


def test_relative_dates_need_an_article_date():
    e = find_expressions("Hôm qua ông đã trả lời.")[0]
    assert resolve(e, None) is None


def test_unconverted_lunar_date_is_marked_lunar():
    r = resolve(find_expressions("Lễ hội vào rằm tháng Giêng.")[0], None)
    assert r.calendar == "lunar" and r.value == "--01-15" and r.sort_key is None
    r = resolve(find_expressions("Lễ hội vào rằm tháng Giêng.")[0], D(2023, 3, 1))
    assert r.value == "2023-02-05" and r.lunar == "2023-01-15" and r.calendar is None


def test_iso_date_fields():
    assert parse_iso_date("2022-01-13T07:53:00+07:00") == (D(2022, 1, 13), "day")
    assert parse_iso_date("2022-01") == (D(2022, 1, 1), "month")
    with pytest.raises(ValueError):
        parse_iso_date("13/01/2022")


ARTICLE_A = ("Ngày 18/7, Bộ trưởng Nguyễn Văn An cho biết dự án đường sắt sẽ được khởi công trong năm nay.\n"
             "Theo kế hoạch, tuyến đường dài 120 km và đi qua bốn tỉnh miền Trung.\n"
             "Năm 2001, một dự án tương tự đã bị hoãn vì thiếu vốn.")
ARTICLE_B = ("Hôm qua, nhà thầu đã bàn giao mặt bằng cho dự án đường sắt miền Trung.\n"
             "Ông Trần Văn Bình cho biết tuyến đường sẽ hoàn thành vào cuối năm 2025.\n"
             "Người dân trong vùng mong đợi tuyến đường từ nhiều năm nay.")


def test_documents_with_dates_give_dated_sentences_in_time_order():
    docs = [Document(text=ARTICLE_A, source="a", date=D(2023, 7, 19)),
            Document(text=ARTICLE_B, source="b", date=D(2023, 9, 2))]
    summary = tomtat.summarize(docs, max_words=120)
    out = summary.to_dict()
    assert [d["date"] for d in out["documents"]] == ["2023-07-19", "2023-09-02"]
    assert {d["date_basis"] for d in out["documents"]} == {"metadata"}
    keys = []
    for s in out["sentences"]:
        d = s["date"]
        assert set(d) >= {"value", "precision", "basis", "start", "end"}
        if d["basis"] == "text":
            text = docs[s["doc"]].text
            assert text[d["start"]:d["end"]] in s["text"]
        keys.append(d["value"])
    assert keys == sorted(keys)
    by_text = {s["text"]: s["date"]["value"] for s in out["sentences"]}
    if any(t.startswith("Hôm qua") for t in by_text):
        assert by_text[next(t for t in by_text if t.startswith("Hôm qua"))] == "2023-09-01"
    source = tomtat.summarize(docs, max_words=120, order="source")
    assert [(s.doc, s.index) for s in source.sentences] == sorted((s.doc, s.index) for s in source.sentences)
    assert sorted(s.text for s in source.sentences) == sorted(s.text for s in summary.sentences)


def test_date_offsets_index_the_decoded_text_when_it_is_not_nfc():
    text = unicodedata.normalize("NFD", "Tháng trước, Bộ Y tế đã họp. Hôm 12.1, Bộ trưởng công bố kết quả điều tra.")
    summary = tomtat.summarize([Document(text=text, source="nfd", date=D(2022, 1, 13))], max_words=50, order="source")
    dates = [s.date for s in summary.sentences]
    assert [d.value for d in dates] == ["2021-12", "2022-01-12"]
    assert [unicodedata.normalize("NFC", text[d.start:d.end]) for d in dates] == ["Tháng trước", "Hôm 12.1"]


def test_dateline_dates_the_article_and_a_body_year_does_not():
    dated = "Minh Anh | 13/01/2022 07:53\nCuộc đàm phán hôm 12.1 kéo dài sáu tiếng tại Brussels.\n"
    body = "INF được Mỹ và Liên Xô ký ngày 8/12/1987 tại Washington sau nhiều năm đàm phán.\n"
    out = tomtat.summarize([dated, body], max_words=60).to_dict()
    assert out["documents"][0]["date"] == "2022-01-13" and out["documents"][0]["date_basis"] == "dateline"
    assert out["documents"][1]["date"] is None and out["documents"][1]["date_basis"] is None
    values = {s["doc"]: s["date"]["value"] for s in out["sentences"]}
    assert values == {0: "2022-01-12", 1: "1987-12-08"}
    assert [s["doc"] for s in out["sentences"]] == [1, 0]      # 1987 before 2022


def test_jsonl_date_field_and_bad_date():
    row = {"single_documents": [{"raw_text": ARTICLE_A, "date": "2023-07-19"}, {"raw_text": ARTICLE_B}]}
    docs = documents_from_row(row, "in.jsonl:1")
    assert docs[0].date == D(2023, 7, 19) and docs[0].date_basis == "metadata" and docs[1].date is None
    with pytest.raises(ReadError, match=r"single_documents\[0\]\.date"):
        documents_from_row({"single_documents": [{"raw_text": ARTICLE_A, "date": "19/7/2023"}]}, "in.jsonl:1")


def test_html_meta_dates():
    body = "<article><h1>Tiêu đề</h1><p>" + ARTICLE_B.replace("\n", "</p><p>") + "</p></article>"
    page = ('<html><head><meta property="article:published_time" content="2023-09-02T08:00:00+07:00">'
            f"</head><body>{body}</body></html>")
    doc = html_to_document(page, "p.html")
    assert doc.date == D(2023, 9, 2) and doc.date_basis == "metadata"
    ld = ('<html><head><script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2023-08-30"}'
          f"</script></head><body>{body}</body></html>")
    assert html_to_document(ld, "q.html").date == D(2023, 8, 30)


def run(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "tomtat", *args], capture_output=True, input=stdin, timeout=120)


def test_cli_order_and_timeline(tmp_path):
    (tmp_path / "a.txt").write_text("Minh Anh | 19/07/2023 08:00\n" + ARTICLE_A, encoding="utf-8")
    (tmp_path / "b.txt").write_text("Lan Chi | 02/09/2023 10:15\n" + ARTICLE_B, encoding="utf-8")
    p = run("summarize", str(tmp_path), "--format", "json", "--max-words", "120")
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    keys = [s["date"]["value"] for s in out["sentences"]]
    assert keys == sorted(keys)
    q = run("summarize", str(tmp_path), "--format", "json", "--max-words", "120", "--order", "source")
    pairs = [(s["doc"], s["sentence"]) for s in json.loads(q.stdout)["sentences"]]
    assert pairs == sorted(pairs)
    t = run("summarize", str(tmp_path), "--format", "timeline", "--max-words", "120")
    lines = t.stdout.decode().splitlines()
    assert t.returncode == 0 and lines[0].startswith("Dòng thời gian")
    heads = [line for line in lines[2:] if line and not line.startswith(" ") and line != "Nguồn:"]
    assert heads and all(h[0].isdigit() for h in heads)
    assert "  [2] " in t.stdout.decode() and "2023-09-02, dateline" in t.stdout.decode()
    bad = run("summarize", str(tmp_path), "--order", "date")
    assert bad.returncode == 2 and len(bad.stderr.decode().strip().splitlines()) == 1


def test_html_and_text_show_dates():
    docs = [Document(text=ARTICLE_A, source="a", date=D(2023, 7, 19)), Document(text=ARTICLE_B, source="b")]
    summary = tomtat.summarize(docs, max_words=120)
    page = summary.to_html(explain=True)
    assert '<time datetime="2023-07-19">19/7/2023</time>' in page and "không rõ ngày đăng" in page
    assert page.count('<span class="when') == sum(1 for s in summary.sentences if s.date)
    assert "Cách xác định ngày tháng" in page
    text = summary.to_text(explain=True)
    assert "thời gian: 18/7/2023" in text and "Ngày tháng của các câu được chọn:" in text


SEED_DATES = ["2019-07-06", "2019-07-19", "2022-01-13", "2022-01-27", "2023-08-10"]   # one plausible day each


def test_seeds_as_jsonl_rows_with_dates_run_in_time_order(seeds_dir):
    files = sorted(seeds_dir.glob("*.txt"))
    row = {"single_documents": [{"raw_text": f.read_text(encoding="utf-8"), "date": day}
                                for f, day in zip(files, SEED_DATES)]}
    out = tomtat.summarize(documents_from_row(row, "seeds.jsonl:1")).to_dict()
    values = [s["date"]["value"] for s in out["sentences"]]
    assert values == sorted(values) and all(v[:4].isdigit() for v in values)
    by_text = {s["text"][:40]: s["date"] for s in out["sentences"]}
    expected = {"Ngày 18/7, Ngoại trưởng Nga Sergey Lavr": "2019-07-18",
                "Cuộc đàm phán giữa Nga và NATO hôm 12.1": "2022-01-12",
                "Theo đài RT (Nga) ngày 26/1, Tổng thư k": "2022-01-26"}
    for head, value in expected.items():
        if head in by_text:
            assert by_text[head]["value"] == value and by_text[head]["basis"] == "text"


def test_plain_seeds_date_what_the_text_allows(seeds_dir):
    out = tomtat.summarize([Document(text=f.read_text(encoding="utf-8"), source=f.name)
                            for f in sorted(seeds_dir.glob("*.txt"))]).to_dict()
    assert [d["date"] for d in out["documents"]] == [None, None, "2022-01-13", None, None]
    for s in out["sentences"]:
        d = s["date"]
        if s["doc"] == 2:
            assert d is not None and d["value"].startswith("2022-01")
        elif d is not None and d["precision"] == "day":
            assert d["value"].startswith("--")         # a day and month, with no year to be known


def test_api_takes_document_dates_and_order():
    from fastapi.testclient import TestClient

    from tomtat.server.app import create_app

    payload = {"documents": [{"text": ARTICLE_A, "date": "2023-07-19"}, {"text": ARTICLE_B, "date": "2023-09-02"}],
               "max_words": 120}
    with TestClient(create_app()) as client:
        r = client.post("/v1/summarize", json=payload)
        assert r.status_code == 200, r.text
        out = r.json()
        assert [d["date"] for d in out["documents"]] == ["2023-07-19", "2023-09-02"]
        values = [s["date"]["value"] for s in out["sentences"]]
        assert values == sorted(values)
        r = client.post("/v1/summarize", json={**payload, "order": "source", "format": "timeline"})
        assert r.status_code == 200 and r.text.startswith("Dòng thời gian")
        bad = client.post("/v1/summarize", json={"documents": [{"text": ARTICLE_A, "date": "hôm qua"}]})
        assert bad.status_code == 422 and "documents[0].date" in bad.json()["detail"]


def test_word_dispatch_finds_what_trying_every_branch_everywhere_finds():
    """find_expressions tries only the branches that can begin with the word at hand; trying all of them at
    every word start must give the same expressions (on the labelled sets and the fixtures here)."""
    import pathlib
    import re

    from tomtat.time import expressions as X

    branches, _, _ = X.grammar()

    def every_branch(text):
        found, pos = [], 0
        for token in re.finditer(r"\w+", text):
            if token.start() < pos:
                continue
            for b in branches:
                m = b.regex.match(text, token.start())
                if m is not None:
                    e = X._build(m, text, b.kind, b.rule, b.fields, len(text))
                    if e is not None:
                        found.append(e)
                        pos = m.end()
                    break
        return found

    data = pathlib.Path(__file__).resolve().parent.parent / "benchmarks" / "data"
    texts = [json.loads(line)["text"] for name in ("dates.jsonl", "dates_heldout.jsonl")
             for line in (data / name).read_text(encoding="utf-8").splitlines()]
    texts += [ARTICLE_A, ARTICLE_B]
    for text in texts:
        assert [(e.start, e.end, e.rule) for e in find_expressions(text)] == \
               [(e.start, e.end, e.rule) for e in every_branch(text)], text


@pytest.mark.parametrize("text, article", [
    ("Hôm qua trời mưa.", D(1, 1, 1)), ("Ngày mai trời mưa.", D(9999, 12, 31)), ("Tuần tới họp.", D(9999, 12, 31)),
    ("Lễ hội rằm tháng Giêng.", D(1850, 3, 1)), ("Lễ hội rằm tháng Giêng.", D(2150, 3, 1)),
])
def test_dates_at_the_calendar_edges_never_crash(text, article):
    r = resolve(find_expressions(text)[0], article)
    assert r is None or r.calendar == "lunar"


def test_lunar_year_written_after_am_lich():
    r = resolve(find_expressions("Tết Trung thu là ngày 15/8 âm lịch năm 2023.")[-1], None)   # (first: Trung thu)
    assert r.value == "2023-09-29" and r.lunar == "2023-08-15"


# --- issue 17: roles, forms, time order that never misleads ----------------------------------------------------

def roles_of(text):
    return [(" ".join(e.text.split()), e.role) for e in find_expressions(text)]


@pytest.mark.parametrize("text, expected", [
    ("Ông Phiến sinh năm 1966, trú tại Hà Nội.", [("năm 1966", "birth")]),
    ("Nguyễn Văn A (SN 1990, trú tại Hà Nội) bị bắt.", [("1990", "birth")]),
    ("Ông A, 45 tuổi, sinh ngày 3/2/1975, bị bắt.", [("ngày 3/2/1975", "birth")]),
    ("Bị cáo bị xét xử theo Bộ luật Hình sự năm 2015.", [("năm 2015", "name")]),
    ("Theo điều lệ công ty ban hành năm 2011, cổ đông có quyền biểu quyết.", [("năm 2011", "name")]),
    ("Giai đoạn 2014-2016, tăng trưởng cao.", [("2014-2016", "name")]),
    ("Đội tuyển đang chuẩn bị cho World Cup 2022.", [("2022", "name")]),
    ("World Cup 2018 diễn ra tại Nga.", [("2018", "event")]),
    ("So với cùng kỳ năm 2018, doanh thu tăng 10%.", [("năm 2018", "baseline")]),
    ("Giá vàng lên mức cao nhất kể từ năm 2011.", [("năm 2011", "baseline")]),
    ("Đại hội Đảng bộ nhiệm kỳ 2019 – 2024 bầu ban chấp hành.", [("2019 – 2024", "term")]),
    ("Chiếc xe đăng ký năm 2008 bị tạm giữ.", [("năm 2008", "registration")]),
    ("Mẫu xe đời 2015 vẫn bán chạy.", [("2015", "registration")]),
    ("Giá đồng giao tháng 3 tăng 2%.", [("tháng 3", "contract")]),
    ("Giá bạc kỳ hạn tháng 5 giảm.", [("tháng 5", "contract")]),
    ("Theo báo cáo tài chính quý IV/2016, công ty lãi lớn.", [("quý IV/2016", "report")]),
    ("Hồ sơ phải nộp trước ngày 25/12.", [("ngày 25/12", "deadline")]),
    ("Hạn chót nộp hồ sơ là 30/6.", [("30/6", "deadline")]),
    ("Trước năm 2014, người dân chỉ tốn 2 Nhân dân tệ.", [("năm 2014", "bound")]),
    ("Lễ hội diễn ra vào mùng 8 tháng Giêng âm lịch hàng năm.", [("mùng 8 tháng Giêng âm lịch", "recurring")]),
    ("Văn bản do TAND tỉnh ký ngày 22/7 cho hay, ngày 13/6, tại phiên toà, bị cáo khai nhận.",
     [("ngày 22/7", "statement"), ("ngày 13/6", "event")]),
    ("Theo đài RT (Nga) ngày 26/1, Tổng thư ký NATO cho biết.", [("ngày 26/1", "statement")]),
    ("Doanh thu thuần 2017 đạt 100 tỷ đồng.", [("2017", "event")]),
    ("Ri mang hộ chiếu có ghi ngày sinh là 6/5/1970.", [("6/5/1970", "birth")]),
    # "since": the start of a span counted, or an earlier event; a clause opening with it tells when news starts
    ("Tổng cộng 246 người đã thiệt mạng trong các vụ tấn công tại Pháp kể từ năm 2015.", [("năm 2015", "bound")]),
    ("Bà là quan chức cấp cao thứ hai thăm nước này kể từ khi toà án hôm 12/7 ra phán quyết.",
     [("hôm 12/7", "bound")]),
    ("Kể từ ngày 1/7, mức lương cơ sở tăng lên 1,39 triệu đồng.", [("ngày 1/7", "event")]),
])
def test_each_expression_has_a_role(text, expected):
    assert roles_of(text) == expected


def sentence_date(text, article=None):
    """The date tomtat gives a one-sentence article (None: no date from the text)."""
    from tomtat.pipeline import build_cluster

    doc = build_cluster([Document(text=text, source="s", date=article)]).documents[0]
    d = doc.sentences[0].date
    return d if d is not None and d.basis == "text" else None


@pytest.mark.parametrize("text, article, value, role", [
    # the event's date, not the first date-like string
    ("Văn bản do TAND tỉnh ký ngày 22/7 cho hay, ngày 13/6, tại phiên toà, bị cáo khai nhận.", D(2018, 8, 1),
     "2018-06-13", "event"),
    ("Bị cáo Nguyễn Văn B (sinh năm 1963) bị xét xử ngày 25/7.", D(2018, 8, 1), "2018-07-25", "event"),
    ("Ngày 18/7, Bộ trưởng cho biết dự án sẽ khởi công trong năm nay.", D(2023, 7, 19), "2023-07-18", "statement"),
    ("Ngày 5/3, Bộ yêu cầu các tỉnh nộp báo cáo trước ngày 25/3.", D(2022, 3, 6), "2022-03-05", "event"),
    # a deadline is ahead of the article, never read as past
    ("Hồ sơ phải nộp trước ngày 25/12.", D(2022, 6, 15), "2022-12-25", "deadline"),
    ("Thời gian kiểm định của xe đến ngày 15/7.", D(2018, 6, 15), "2018-07-15", "deadline"),
    # after a named incident: what came before the news, not its date
    ("Sáng 30-5, nhà ga cho hay sau vụ tai nạn giữa hai tàu hàng hôm 26-5, đơn vị đã đình chỉ trưởng ga.",
     D(2018, 5, 30), "2018-05-30", "statement"),
])
def test_the_date_of_what_the_sentence_reports(text, article, value, role):
    d = sentence_date(text, article)
    assert d is not None and (d.value, d.role) == (value, role)


@pytest.mark.parametrize("text", [
    "Ông Phiến sinh năm 1966 tại Nghệ An.",
    "Bị cáo bị xử theo Bộ luật Hình sự năm 2015.",
    "Doanh thu tăng 10% so với cùng kỳ năm 2018.",
    "Ông là Chủ tịch HĐND tỉnh nhiệm kỳ 2016 – 2021.",
    "Giá đồng giao tháng 3 tăng 2%.",
])
def test_years_that_never_date_a_sentence(text):
    assert sentence_date(text, D(2022, 6, 15)) is None


@pytest.mark.parametrize("text, article, value", [
    # two-digit years: the century nearest the article, never the article's year
    ("Ngày 5/7/19, ông đến Hà Nội.", D(2022, 3, 1), "2019-07-05"),
    ("Hôm 3-4-21, trời mưa.", D(2022, 3, 1), "2021-04-03"),
    # ranges take their start
    ("Hội chợ diễn ra từ 7 - 15/7/2019 tại Hà Nội.", D(2022, 3, 1), "2019-07-07"),
    ("Hội chợ diễn ra 7-15/7/2019 tại Hà Nội.", D(2022, 3, 1), "2019-07-07"),
    ("Từ ngày 20 đến 25/12, lễ hội ánh sáng diễn ra.", D(2022, 12, 27), "2022-12-20"),
    ("Từ 10/3 đến hết năm 2017, đơn vị huy động tối đa lực lượng.", D(2018, 6, 15), "2017-03-10"),
    # lunar dates with a year, leap months and can-chi years, converted exactly
    ("Rằm tháng 4 năm 2020, phật tử đi lễ chùa.", D(2021, 6, 1), "2020-05-07"),
    ("Ngày 1/4 nhuận năm 2020 âm lịch, lễ hội mở cửa.", D(2021, 6, 1), "2020-05-23"),
    ("Ngày 10 tháng 4 nhuận năm Canh Tý, lễ hội mở cửa.", D(2021, 6, 1), "2020-06-01"),
    ("Mùng 1 Tết năm Quý Mão, trời đẹp.", D(2024, 3, 1), "2023-01-22"),
    ("Năm Giáp Thìn, kinh tế phục hồi.", D(2023, 12, 1), "2024"),
    ("Tết Kỷ Hợi, nhiều người về quê.", D(2019, 3, 1), "2019-02-05"),
    # bare years in subject position; named days
    ("Doanh thu thuần 2017 đạt 100 tỷ đồng.", D(2018, 6, 15), "2017"),
    ("World Cup 2018 diễn ra tại Nga.", D(2018, 6, 15), "2018"),
    ("Dịp 8/3, chị em được tặng hoa.", D(2022, 6, 1), "2022-03-08"),
    ("Trong dịp lễ 2/9, các khu du lịch đón khách.", D(2022, 9, 5), "2022-09-02"),
    ("Dịp lễ Quốc khánh 2/9, khách đông.", D(2022, 9, 5), "2022-09-02"),
    ("Tết Nguyên đán 2019, giá hoa tăng.", D(2019, 3, 1), "2019-02-05"),
    ("Những ngày đầu năm mới 2019, người dân đi lễ chùa.", D(2019, 3, 1), "2019"),
    ("Hôm nay (19/9), giá vàng tăng.", D(2019, 9, 18), "2019-09-19"),
])
def test_forms(text, article, value):
    d = sentence_date(text, article)
    assert d is not None and d.value == value


def test_lunar_dates_are_never_shown_as_solar_without_their_year():
    r = resolve(find_expressions("Rằm tháng 4 năm 2020, phật tử đi lễ.")[0], D(2021, 6, 1))
    assert r.value == "2020-05-07" and r.lunar == "2020-04-15"        # not 2021-05-26
    r = resolve(find_expressions("Ngày 10 tháng 4 nhuận năm Canh Tý.")[0], None)
    assert r.calendar == "lunar" and r.sort_key is None and r.value == "--04-10"
    r = resolve(find_expressions("Ngày 1/4 nhuận năm 2020 âm lịch.")[0], None)
    assert r.value == "2020-05-23" and r.lunar_leap
    assert resolve(find_expressions("Năm Giáp Thìn, kinh tế phục hồi.")[0], None) is None


@pytest.mark.parametrize("text", ["Phiên bản 2.1.19 đã ra mắt.", "Công ty đặt trụ sở tại số 7/10/16 phố Kim Mã.",
                                  "Ông năm nay 41 tuổi.", "Chúng tôi không gặp nhau đã 10-12 năm nay."])
def test_lookalikes_of_the_new_forms_are_not_dates(text):
    assert found(text) == []


def test_json_and_explain_carry_the_role():
    text = "Văn bản do TAND tỉnh ký ngày 22/7 cho hay, ngày 13/6, tại phiên toà, bị cáo Nguyễn Văn A (SN 1963) khai nhận."
    summary = tomtat.summarize([Document(text=text, source="a", date=D(2018, 8, 1))])
    d = summary.to_dict()["sentences"][0]["date"]
    assert (d["value"], d["basis"], d["role"]) == ("2018-06-13", "text", "event")
    assert text[d["start"]:d["end"]] == "ngày 13/6"
    explain = summary.to_dict(explain=True)["explain"]["dates"]["sentences"][0]
    assert explain["role"] == "event" and "'ngày 22/7' (statement)" in explain["how"]
    assert "role event" in summary.to_text(explain=True)
    birth = tomtat.summarize([Document(text="Ông A (SN 1963) bị bắt.", source="b", date=D(2018, 8, 1))])
    d = birth.to_dict(explain=True)
    assert d["sentences"][0]["date"]["basis"] == "document" and "'1963' (birth)" in d["explain"]["dates"]["sentences"][0]["how"]


def test_seeds_as_plain_files_put_unknown_years_last_and_say_so(seeds_dir):
    docs = [Document(text=f.read_text(encoding="utf-8"), source=f.name) for f in sorted(seeds_dir.glob("*.txt"))]
    summary = tomtat.summarize(docs)
    known = [s.date is not None and s.date.sort_key is not None for s in summary.sentences]
    assert known == sorted(known, reverse=True)          # the contract's time order: known years first
    rest = [(s.doc, s.index) for s, k in zip(summary.sentences, known) if not k]
    assert rest == sorted(rest)                           # then the others in source order
    assert summary.order == "time"
    undated = known.count(False)
    for page in (summary.to_text(), summary.to_timeline(), summary.to_html()):
        assert f"{undated} câu không rõ năm đặt sau cùng" in page
    assert all(s.date is None or s.date.basis != "inferred" for s in summary.sentences)   # one dated article: no guess


def test_unknown_years_come_after_the_dated_sentences_under_their_own_heading():
    docs = [Document(text=ARTICLE_A, source="a", date=D(2023, 7, 19)),
            Document(text="Ngày 4/3, nhà thầu bàn giao mặt bằng cho dự án đường sắt miền Trung.\n"
                           "Dự án đường sắt miền Trung có tổng vốn đầu tư 20.000 tỷ đồng.", source="b"),
            Document(text=ARTICLE_B, source="c", date=D(2023, 9, 2))]
    summary = tomtat.summarize(docs, max_words=200)
    known = [s.date is not None and s.date.sort_key is not None for s in summary.sentences]
    assert summary.order == "time" and known == sorted(known, reverse=True)
    timeline = summary.to_timeline()
    if not all(known):
        heading = "— Không rõ năm (theo thứ tự bài nguồn) —"
        assert heading in timeline
        below = timeline.split(heading)[1].split("\nNguồn:")[0]
        assert all(f"[{s.doc + 1}] {s.text}" in below for s, k in zip(summary.sentences, known) if not k)


def test_n_means_the_source_everywhere_and_sentences_count_from_1(tmp_path):
    docs = [Document(text=ARTICLE_A, source="a.txt", date=D(2023, 7, 19)),
            Document(text=ARTICLE_B, source="b.txt", date=D(2023, 9, 2))]
    summary = tomtat.summarize(docs, max_words=120)
    text, timeline, page = summary.to_text(explain=True), summary.to_timeline(), summary.to_html(explain=True)
    for s in summary.sentences:
        n, k = s.doc + 1, s.index + 1
        assert f"[{n}] {docs[s.doc].source} — câu {k}, ký tự {s.start}–{s.end}" in text
        assert f"  [{n}] {s.text}" in timeline
        assert f'data-sentence="{s.index}">' in page and f"[{n}] câu {k}:" in page
    assert "  [1] a.txt" in timeline and "[1] " in page
    assert [s["sentence"] for s in summary.to_dict()["sentences"]] == [s.index for s in summary.sentences]   # 0-based


def test_metro_reads_from_its_first_event(example_dir):
    from tomtat.io.readers import read_paths

    docs = read_paths([str(example_dir)], warn=lambda m: None)
    summary = tomtat.summarize(docs)
    texts = [s.text for s in summary.sentences]
    first = next(i for i, t in enumerate(texts) if "4/3" in t and "chạy thử toàn tuyến" in t)
    plan = next(i for i, t in enumerate(texts) if "9/2025" in t)
    assert first == 0 and first < plan
    d = summary.sentences[0].date
    assert (d.value, d.basis) == ("2025-03-04", "inferred")
    timeline = summary.to_timeline()
    assert timeline.index("khoảng 4/3/2025") < timeline.index("9/2025\n")
    out = summary.to_dict()
    assert out["sentences"][0]["date"]["basis"] == "inferred" and out["documents"][1]["date"] is None
