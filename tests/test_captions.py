"""Photo captions given apart from the text (a JSONL `caption` field, as VietNews rows carry them): the corpus
keeps each caption as a line of the body too, unmarked, so a sentence that repeats one is dropped as a caption
by every path that reads the article (summarize, cluster/digest, the store, the HTTP API)."""
import json
import sqlite3

from typer.testing import CliRunner

from tomtat.cli import app
from tomtat.text.clean import caption_keys, clean

CAPTION = "Lực lượng cứu hộ đưa người dân xã Phú An ra khỏi vùng ngập bằng xuồng máy."
BODY = (
    "Mưa lớn kéo dài từ đêm 11/9 khiến nước sông Cái dâng cao, nhiều xã ven sông bị ngập sâu.\n"
    "Ông Trần Văn Lộc, Chủ tịch UBND huyện, cho biết hơn 300 hộ dân đã được sơ tán đến nơi an toàn.\n"
    f"{CAPTION}\n"
    "Huyện đã huy động 120 cán bộ, chiến sĩ cùng 15 xuồng máy hỗ trợ người dân di dời tài sản.\n"
    "Dự báo trong hai ngày tới, mực nước sông Cái sẽ rút chậm."
)
ROW = {"id": "flood-1", "title": "Hơn 300 hộ dân phải sơ tán vì lũ sông Cái", "text": BODY,
       "date": "2024-09-12", "caption": CAPTION + " Ảnh: Minh Châu"}


def kept_text(text, captions=()):
    return [text[a:b] for a, b in clean(text, captions).kept]


def test_a_line_that_repeats_a_given_caption_is_dropped():
    result = clean(BODY, [ROW["caption"]])
    assert CAPTION not in " ".join(BODY[a:b] for a, b in result.kept)
    assert [d.reason for d in result.dropped] == ["photo caption"]
    assert len(result.kept) == 4
    assert CAPTION in kept_text(BODY)   # without the field it is prose like any other line


def test_a_caption_sentence_inside_a_line_is_dropped_alone():
    text = "Nước rút chậm trong ngày 13/9. " + CAPTION + " Người dân bắt đầu dọn dẹp nhà cửa."
    kept = kept_text(text, [CAPTION])
    assert kept == ["Nước rút chậm trong ngày 13/9.", "Người dân bắt đầu dọn dẹp nhà cửa."]


def test_a_field_of_several_captions_and_credits_gives_each_sentence():
    keys = caption_keys(["Những nghi phạm trong vụ án. Nhấn vào hình để xem chi tiết. Đồ hoạ: Minh Châu"])
    assert "những nghi phạm trong vụ án" in keys and "nhấn vào hình để xem chi tiết" in keys
    # a caption of fewer than three syllables names nothing worth looking for ("Ảnh", a name alone)
    assert caption_keys(["Ảnh", "Minh Châu", "", None, 12]) == frozenset()
    assert kept_text("Minh Châu kể lại.\nMinh Châu", ["Minh Châu"])[0] == "Minh Châu kể lại."


def _jsonl(tmp_path, rows):
    path = tmp_path / "feed.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return str(path)


def _run(*args):
    r = CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)
    assert r.exit_code == 0, r.stderr
    return r.stdout


def test_summarize_and_digest_never_choose_a_given_caption(tmp_path):
    with_field = _jsonl(tmp_path, [ROW])
    summary = json.loads(_run("summarize", with_field, "--format", "json", "--max-words", "400"))
    assert summary["summary"] and CAPTION not in summary["summary"]
    plain = tmp_path / "plain"
    plain.mkdir()
    without = _jsonl(plain, [{k: v for k, v in ROW.items() if k != "caption"}])
    assert CAPTION in json.loads(_run("summarize", without, "--format", "json", "--max-words", "400"))["summary"]
    digest = _run("digest", with_field, "--format", "json", "--min-size", "1")
    assert "sơ tán" in digest and "xuồng máy." not in digest


def test_cluster_lines_carry_captions_to_batch(tmp_path):
    stories = tmp_path / "stories.jsonl"
    _run("cluster", _jsonl(tmp_path, [ROW]), "-o", stories)
    line = json.loads(stories.read_text(encoding="utf-8").splitlines()[0])
    assert line["single_documents"][0]["captions"] == [ROW["caption"]]
    out = tmp_path / "summaries.jsonl"
    _run("batch", stories, "-o", out, "--max-words", "400", "--quiet")
    summary = json.loads(out.read_text(encoding="utf-8").splitlines()[0])["summary"]
    assert "sơ tán" in summary and CAPTION not in summary


def test_the_store_keeps_captions_and_its_digest_drops_them(tmp_path):
    second = {k: v for k, v in ROW.items() if k != "caption"}
    feed = _jsonl(tmp_path, [ROW, {**second, "id": "flood-2", "captions": [CAPTION, 7],
                                   "text": ROW["text"].replace("300", "320"), "url": "https://example.vn/b"}])
    db = str(tmp_path / "store.db")
    _run("ingest", feed, "--store", db, "--quiet")
    with sqlite3.connect(db) as con:
        stored = con.execute("SELECT a.ext_id, c.captions FROM article_captions c JOIN articles a ON a.id = c.article_id"
                             ).fetchall()
    assert sorted(stored) == [("flood-1", json.dumps([ROW["caption"]], ensure_ascii=False)),
                              ("flood-2", json.dumps([CAPTION], ensure_ascii=False))]
    digest = _run("digest", "--store", db, "--day", "2024-09-12", "--format", "json")
    assert "sơ tán" in digest and CAPTION not in digest


def test_the_api_takes_captions():
    from fastapi.testclient import TestClient

    from tomtat.server.app import create_app

    with TestClient(create_app()) as client:
        doc = {"text": BODY, "title": ROW["title"], "date": ROW["date"]}
        got = client.post("/v1/summarize", json={"documents": [{**doc, "captions": [CAPTION]}], "max_words": 400})
        assert got.status_code == 200, got.text
        assert CAPTION not in got.json()["summary"]
        plain = client.post("/v1/summarize", json={"documents": [doc], "max_words": 400})
        assert CAPTION in plain.json()["summary"]
        digest = client.post("/v1/digest", json={"articles": [{**doc, "captions": [CAPTION]}], "min_size": 1,
                                                  "max_words": 400})
        assert digest.status_code == 200, digest.text
        assert "sơ tán" in digest.text and CAPTION not in digest.text


def test_a_caption_retold_with_a_word_more_or_less_is_a_caption():
    text = "Bà Michelle nói về gia đình.\nVợ chồng ông Obama tình tứ trên tạp chí Essence.\nHọ kết hôn năm 1992."
    kept = kept_text(text, ["Vợ chồng ông Obama trên tạp chí Essence. Ảnh: Essence"])
    assert kept == ["Bà Michelle nói về gia đình.", "Họ kết hôn năm 1992."]
    # a longer sentence that merely holds the caption's words is prose
    long = "Ông Obama phát biểu trên tạp chí Essence về gia đình, sự nghiệp và những dự định sắp tới của vợ chồng ông."
    assert kept_text(long, ["Vợ chồng ông Obama trên tạp chí Essence."]) == [long]
