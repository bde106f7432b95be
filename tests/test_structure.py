"""Structure detection (text/structure.py): headline, sapo, byline and dateline found in the text."""
from tomtat.io.readers import document_from_bytes, documents_from_row
from tomtat.model import Document
from tomtat.pipeline import prepare_document, summarize

HEADLINE = "Thành phố Hải Nam mở thêm ba tuyến xe buýt điện nối các khu công nghiệp"
SAPO = ("Từ đầu tháng sau, ba tuyến xe buýt điện mới sẽ nối trung tâm thành phố Hải Nam với các khu công "
        "nghiệp phía tây, phục vụ khoảng mười nghìn công nhân mỗi ngày.")
BODY = [
    "Theo Sở Giao thông vận tải, mỗi tuyến dài khoảng hai mươi cây số và có mười lăm điểm dừng đón trả khách.",
    "Giá vé dự kiến là bảy nghìn đồng một lượt, công nhân có thẻ khu công nghiệp được giảm một nửa.",
    "Doanh nghiệp vận hành cho biết toàn bộ xe đều chạy bằng điện và được sạc tại bến cuối mỗi tuyến.",
    "Trước đó, thành phố đã thử nghiệm một tuyến xe buýt điện trong sáu tháng với hơn hai trăm nghìn lượt khách.",
]


def prepared(text: str, **fields) -> Document:
    return prepare_document(Document(text=text, source="t.txt", **fields), 0)


def parts(doc: Document) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for p in doc.parts:
        out.setdefault(p.kind, []).append(p.text)
    return out


def test_headline_line_then_sapo_then_body():
    text = "\n".join([HEADLINE, SAPO, *BODY])
    doc = prepared(text)
    assert doc.title == HEADLINE
    assert parts(doc) == {"headline": [HEADLINE], "sapo": [SAPO]}
    headline = next(p for p in doc.parts if p.kind == "headline")
    assert text[headline.start:headline.end] == HEADLINE
    # The headline is not a body sentence; the sapo is, marked as such.
    assert all(HEADLINE not in s.text for s in doc.sentences)
    assert [s.in_sapo for s in doc.sentences] == [True] + [False] * len(BODY)
    assert any(d.reason == "headline" for d in doc.dropped)


def test_long_headline_ending_with_exclamation_is_still_a_headline():
    headline = "Người dân Hải Nam háo hức chờ ba tuyến xe buýt điện mới nối trung tâm với các khu công nghiệp!"
    doc = prepared("\n".join([headline, SAPO, *BODY]))
    assert doc.title == headline
    assert parts(doc)["sapo"] == [SAPO]


def test_no_headline_means_no_title_and_no_sapo():
    doc = prepared("\n".join([SAPO, *BODY]))
    assert doc.title == ""
    assert doc.parts == []
    assert not any(s.in_sapo for s in doc.sentences)
    assert len(doc.sentences) == 1 + len(BODY)


def test_capitals_banner_gives_way_to_a_mixed_case_headline():
    doc = prepared("\n".join(["BÁO ĐIỆN TỬ CỦA THÀNH PHỐ HẢI NAM", HEADLINE, SAPO, *BODY]))
    assert doc.title == HEADLINE
    assert parts(doc)["sapo"] == [SAPO]


def test_capitals_line_is_the_headline_when_nothing_else_is():
    banner = "HẢI NAM MỞ THÊM BA TUYẾN XE BUÝT ĐIỆN"
    doc = prepared("\n".join([banner, SAPO, *BODY]))
    assert doc.title == banner
    assert next(p.basis for p in doc.parts if p.kind == "headline") == "capitals line"
    assert parts(doc)["sapo"] == [SAPO]


def test_section_label_is_not_the_headline():
    doc = prepared("\n".join(["Thời sự", HEADLINE, SAPO, *BODY]))
    assert doc.title == HEADLINE


def test_byline_and_dateline_between_headline_and_sapo():
    text = "\n".join([HEADLINE, "Nguyễn Thu Hà", "Thứ hai, 03/03/2025 09:30", SAPO, *BODY])
    doc = prepared(text)
    found = parts(doc)
    assert found["headline"] == [HEADLINE]
    assert found["byline"] == ["Nguyễn Thu Hà"]
    assert found["dateline"] == ["Thứ hai, 03/03/2025 09:30"]
    assert found["sapo"] == [SAPO]
    assert doc.date.isoformat() == "2025-03-03"
    assert all("Nguyễn Thu Hà" not in s.text for s in doc.sentences)


def test_headline_with_a_single_paragraph_has_no_sapo():
    paragraph = " ".join(BODY)
    doc = prepared("\n".join([HEADLINE, paragraph]))
    assert parts(doc) == {"headline": [HEADLINE]}
    assert not any(s.in_sapo for s in doc.sentences)


def test_sapo_field_not_in_the_text_is_recorded_without_span():
    doc = prepared("\n".join(BODY), title=HEADLINE, sapo=SAPO)
    assert [(p.kind, p.basis, p.start) for p in doc.parts] == [("headline", "field", None), ("sapo", "field", None)]
    assert not any(s.in_sapo for s in doc.sentences)
    assert doc.sapo_key.startswith("từ đầu tháng sau")


def test_html_h1_is_the_headline_and_the_description_marks_the_sapo():
    page = (f'<html><head><meta property="og:description" content="{SAPO}"></head><body><article>'
            f"<h1>{HEADLINE}</h1><p>{SAPO}</p>" + "".join(f"<p>{b}</p>" for b in BODY)
            + "</article></body></html>")
    doc = prepare_document(document_from_bytes(page.encode("utf-8"), "page.html"), 0)
    assert doc.title == HEADLINE
    headline = next(p for p in doc.parts if p.kind == "headline")
    assert headline.basis.startswith("page title") and doc.text[headline.start:headline.end] == HEADLINE
    assert parts(doc)["sapo"] == [SAPO]
    assert all(HEADLINE not in s.text for s in doc.sentences)
    assert doc.sentences[0].in_sapo and not doc.sentences[1].in_sapo


# A second article on the same story, for the layout test below.
HEADLINE_2 = "Ba tuyến xe buýt điện mới sẽ chạy từ tháng sau ở Hải Nam"
SAPO_2 = "Hải Nam sẽ đưa vào khai thác ba tuyến xe buýt điện nối trung tâm với khu công nghiệp phía tây từ tháng sau."
BODY_2 = [
    "Mỗi tuyến có mười lăm điểm dừng và chạy từ năm giờ sáng đến mười giờ tối, mười lăm phút một chuyến.",
    "Vé lượt giá bảy nghìn đồng, công nhân được giảm một nửa khi xuất trình thẻ khu công nghiệp.",
    "Sở Giao thông vận tải cho biết sẽ đánh giá hiệu quả sau sáu tháng trước khi mở thêm tuyến mới.",
]


def test_scraped_text_and_fields_give_the_same_structure_and_summary(tmp_path):
    articles = [(HEADLINE, SAPO, BODY), (HEADLINE_2, SAPO_2, BODY_2)]
    row = {"single_documents": [{"title": t, "anchor_text": s, "raw_text": "\n".join(b)} for t, s, b in articles]}
    as_fields = summarize(documents_from_row(row, "row"), max_words=60)
    files = []
    for i, (t, s, b) in enumerate(articles):
        path = tmp_path / f"{i}.txt"
        path.write_text("\n".join(["Trang chủ", t, "Trần Minh Đức | 03/03/2025 08:00", s, *b, "Tin liên quan"]),
                        encoding="utf-8")
        files.append(document_from_bytes(path.read_bytes(), str(path)))
    as_text = summarize(files, max_words=60)
    for given, found in zip(as_fields.cluster.documents, as_text.cluster.documents):
        assert found.title == given.title
        assert [p.text for p in found.parts if p.kind == "sapo"] == [given.sapo]
    # In the file the sapo is a candidate (in the fields layout it is not part of raw_text); the learned
    # weight on it keeps it out here, so both summaries are the same body sentences.
    assert [s.text for s in as_text.sentences] == [s.text for s in as_fields.sentences]
    assert not any(s.in_sapo for s in as_text.sentences)


def test_stdin_and_jsonl_raw_text_find_the_same_structure():
    from tomtat.io.readers import read_stdin

    text = "\n".join(["Xã hội", HEADLINE, "Lê Văn Tâm", SAPO, *BODY])
    from_stdin = prepare_document(read_stdin(text.encode("utf-8"))[0], 0)
    from_jsonl = prepare_document(documents_from_row({"single_documents": [{"raw_text": text}]}, "in.jsonl:1")[0], 0)
    for doc in (from_stdin, from_jsonl):
        assert parts(doc) == {"headline": [HEADLINE], "byline": ["Lê Văn Tâm"], "sapo": [SAPO]}
        assert [(p.start, p.end) for p in doc.parts] == [(p.start, p.end) for p in from_stdin.parts]


def test_body_sentences_get_the_same_features_whether_title_and_sapo_were_fields_or_found():
    import numpy as np

    from tomtat.extractive.features import FEATURE_NAMES, build_context
    from tomtat.pipeline import build_cluster

    articles = [(HEADLINE, SAPO, BODY), (HEADLINE_2, SAPO_2, BODY_2)]
    fields = build_cluster([Document(text="\n".join(b), title=t, sapo=s, source=f"{i}")
                            for i, (t, s, b) in enumerate(articles)])
    onetext = build_cluster([Document(text="\n".join([t, s, *b]), source=f"{i}") for i, (t, s, b) in enumerate(articles)])
    a, b = build_context(fields), build_context(onetext)
    body = np.array([not s.in_sapo for s in onetext.sentences])
    assert body.sum() == len(fields.sentences) and not body.all()
    differ = [n for j, n in enumerate(FEATURE_NAMES) if not np.allclose(a.features[:, j], b.features[body, j])]
    assert differ == []
