import json

import tomtat
from tomtat.io.readers import read_paths
from tomtat.text.normalize import match_key


def example_summary(example_dir, **kw):
    return tomtat.summarize(read_paths([str(example_dir)], warn=lambda m: None), **kw)


def test_every_sentence_points_at_itself_in_its_decoded_text(example_dir):
    summary = example_summary(example_dir)
    assert summary.sentences
    for s in summary.sentences:
        doc = summary.cluster.documents[s.doc]
        assert " ".join(doc.text[s.start:s.end].split()) == s.text
        assert doc.sentences[s.index] is s


def test_budget_is_a_hard_bound(example_dir):
    for budget in (20, 45, 80, 200):
        summary = example_summary(example_dir, max_words=budget)
        assert len(summary.text.split()) <= budget


def test_republished_paragraph_is_said_once(example_dir):
    summary = example_summary(example_dir, max_words=400)
    repeats = [s for s in summary.sentences if "17.388 tỷ đồng" in s.text]
    assert len(repeats) == 1


def test_no_boilerplate_in_summary(example_dir):
    summary = example_summary(example_dir, max_words=400)
    for s in summary.sentences:
        for junk in ("Ảnh", "Tin mới nhất", "Gợi ý", "[", "Bản quyền", "|", "/."):
            assert junk not in s.text


def test_deterministic_json(example_dir):
    a = example_summary(example_dir).to_json()
    b = example_summary(example_dir).to_json()
    assert a == b
    data = json.loads(a)
    assert set(data) >= {"summary", "sentences", "documents"}
    assert [d["doc"] for d in data["documents"]] == [0, 1, 2]


def test_python_api_accepts_strings():
    docs = ["Mưa lớn kéo dài ba ngày đã khiến nhiều tuyến đường ở thành phố Vĩnh An ngập sâu. "
            "Chính quyền đã sơ tán hơn 2.000 hộ dân khỏi vùng trũng thấp.",
            "Hơn 2.000 hộ dân ở thành phố Vĩnh An đã được sơ tán khỏi vùng trũng thấp do mưa lớn. "
            "Lực lượng cứu hộ cho biết chưa có thiệt hại về người."]
    summary = tomtat.summarize(docs, max_words=40)
    assert 0 < len(summary.text.split()) <= 40
    assert summary.cluster.documents[0].source == "document 0"


def test_html_escapes_article_text():
    docs = [tomtat.Document(text="Một bài báo có đoạn mã <script>alert(1)</script> lạ được chèn vào giữa câu văn dài.",
                            source="<b>x</b>.txt", title="<i>Tiêu đề</i>")]
    page = tomtat.summarize(docs).to_html()
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert "<b>x</b>" not in page and "<i>Tiêu" not in page


def test_nfd_and_old_tones_give_the_same_selection(example_dir):
    import unicodedata
    docs = read_paths([str(example_dir)], warn=lambda m: None)
    variant = [tomtat.Document(text=unicodedata.normalize("NFD", d.text.replace("hòa", "hoà")), source=d.source,
                               title=d.title, date=d.date) for d in docs]
    a, b = tomtat.summarize(docs), tomtat.summarize(variant)
    assert [(s.doc, s.index) for s in a.sentences] == [(s.doc, s.index) for s in b.sentences]
    assert [match_key(s.text) for s in a.sentences] == [match_key(s.text) for s in b.sentences]
    for s in b.sentences:
        original = variant[s.doc].text[s.start:s.end]
        assert unicodedata.is_normalized("NFD", original)
        assert " ".join(unicodedata.normalize("NFC", original).split()) == s.text


NEWS_PAGE = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{title} | Báo Mẫu</title>
<script>var ads = [];</script><style>body{{font-family:serif}}</style></head><body>
<header><nav><a href="/">Trang chủ</a> <a href="/xa-hoi">Xã hội</a> <a href="/kinh-te">Kinh tế</a></nav></header>
<main><article><h1>{title}</h1>
{paragraphs}
<figure><img src="a.jpg"><figcaption>Quang cảnh công trường sáng nay. Ảnh: Minh Đức</figcaption></figure>
</article>
<aside><h3>Tin liên quan</h3><ul><li><a href="/x">Giá vé xe buýt tăng từ tháng 4</a></li></ul></aside></main>
<footer>Bản quyền © Báo Mẫu. Liên hệ quảng cáo: 0123 456 789</footer><script>track();</script></body></html>"""


def test_article_wrapped_in_a_news_page_gives_the_same_summary(example_dir, tmp_path):
    from html import escape

    # The same article as a scraped text file (headline on its first line) and as a news page.
    title = "Metro số 2 chạy thử"
    body = (example_dir / "02_wire_copy.txt").read_text(encoding="utf-8")
    text_file = tmp_path / "02_wire_copy.txt"
    text_file.write_text(f"{title}\n{body}", encoding="utf-8")
    plain = tomtat.summarize(read_paths([str(text_file)], warn=lambda m: None), max_words=80)
    paragraphs = "\n".join(f"<p>{escape(line)}</p>" for line in body.splitlines() if line.strip())
    page = tmp_path / "02_wire_copy.html"
    page.write_text(NEWS_PAGE.format(title=title, paragraphs=paragraphs), encoding="utf-8")
    wrapped = tomtat.summarize(read_paths([str(page)], warn=lambda m: None), max_words=80)
    assert wrapped.text == plain.text
    assert "Ảnh" not in wrapped.text and "Bản quyền" not in wrapped.text


def test_headline_not_capitals_banner_becomes_the_title():
    doc = tomtat.Document(text="CƠ QUAN CỦA HỘI NHÀ BÁO TỈNH\nNắng nóng kỷ lục ở miền Trung\n"
                               "Nhiệt độ tại nhiều nơi ở miền Trung đã vượt 40 độ C trong chiều nay.", source="a.txt")
    summary = tomtat.summarize([doc])
    assert summary.cluster.documents[0].title == "Nắng nóng kỷ lục ở miền Trung"
