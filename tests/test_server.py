"""The HTTP API as the contract fixes it: replies, every limit and error, and no 500 for any input.

The articles are invented for these tests (no real news text).
"""
import asyncio
import json
import pathlib

import httpx
import pytest
import server_tasks
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from tomtat import __version__, pipeline
from tomtat.io.legacy_codecs import encode_legacy
from tomtat.model import Document
from tomtat.server import Limits
from tomtat.server.app import create_app

BUS_A = (
    "Sáng 12/3, thành phố Đà Nẵng đưa vào vận hành tuyến xe buýt điện ven biển đầu tiên. "
    "Tuyến dài 18 km, nối bán đảo Sơn Trà với khu đô thị phía nam và có 24 điểm dừng. "
    "Mỗi ngày có 40 chuyến, chạy từ 5 giờ 30 sáng đến 22 giờ.\n\n"
    "Giá vé lượt là 8.000 đồng, học sinh và người cao tuổi được miễn phí trong ba tháng đầu. "
    "Thành phố dự kiến mở thêm hai tuyến xe buýt điện trước cuối năm."
)
BUS_B = (
    "Tuyến xe buýt điện ven biển của Đà Nẵng đón khoảng 3.000 lượt khách trong ngày đầu tiên. "
    "Đội xe gồm 12 chiếc, mỗi chiếc sạc đầy trong hai giờ và chạy được 200 km. "
    "Nhiều người dân cho biết xe êm, sạch và đúng giờ hơn họ nghĩ.\n\n"
    "Sở Giao thông vận tải sẽ lấy ý kiến hành khách để điều chỉnh giờ chạy vào mùa du lịch."
)
SCRIPTED = (
    "Ban tổ chức hội chợ sách mùa xuân đăng tải chương trình trên trang web của mình. "
    "Một dòng mã lạ <script>alert('tomtat')</script> xuất hiện ngay giữa thông báo. "
    "Hội chợ kéo dài năm ngày và mở cửa miễn phí cho mọi người."
)


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app()) as c:  # entering runs the lifespan warm-up once
        yield c


def small_client(**limits) -> TestClient:
    return TestClient(create_app(Limits(**limits)))


def post_json(client, payload, **headers):
    return client.post("/v1/summarize", content=json.dumps(payload).encode(),
                       headers={"content-type": "application/json", **headers})


def assert_error(response, status, *words):
    assert response.status_code == status, response.text
    detail = response.json()["detail"]
    assert isinstance(detail, str) and detail
    for word in words:
        assert word in detail, detail
    return detail


def test_healthz_reports_the_version(client):
    r = client.get("/healthz")
    assert r.status_code == 200 and r.json() == {"status": "ok", "version": __version__}


def test_json_reply_is_the_contract_and_matches_the_library_byte_for_byte(client):
    docs = [{"text": BUS_A, "title": "Xe buýt điện ra mắt", "source": "a"}, {"text": BUS_B, "source": "b"}]
    r = post_json(client, {"documents": docs, "max_words": 60})
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    out = r.json()
    assert 0 < len(out["summary"].split()) <= 60
    assert [d["source"] for d in out["documents"]] == ["a", "b"]
    assert out["documents"][0]["title"] == "Xe buýt điện ra mắt"
    texts = [BUS_A, BUS_B]
    for s in out["sentences"]:
        assert texts[s["doc"]][s["start"]:s["end"]] == s["text"]
        assert s["source"] == out["documents"][s["doc"]]["source"]
    expected = pipeline.summarize([Document(text=BUS_A, source="a", title="Xe buýt điện ra mắt"),
                                   Document(text=BUS_B, source="b")], max_words=60).to_json()
    assert r.text == expected


def test_include_text_returns_the_text_offsets_index(client):
    r = post_json(client, {"documents": [{"text": BUS_A}, {"text": BUS_B}], "include_text": True})
    out = r.json()
    assert [d["text"] for d in out["documents"]] == [BUS_A, BUS_B]
    assert [d["source"] for d in out["documents"]] == ["document 0", "document 1"]


def test_text_and_html_formats(client):
    r = post_json(client, {"documents": [{"text": BUS_A}, {"text": BUS_B}], "format": "text", "max_words": 40})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain")
    assert "Nguồn:" in r.text and "document 0" in r.text
    r = post_json(client, {"documents": [{"text": BUS_A}], "format": "html"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert r.text.startswith("<!DOCTYPE html>") and "Đà Nẵng" in r.text


def test_script_in_an_article_is_shown_as_text(client):
    r = post_json(client, {"documents": [{"text": SCRIPTED}], "format": "html", "max_words": 2000})
    assert "<script>" not in r.text and "&lt;script&gt;alert(" in r.text
    r = post_json(client, {"documents": [{"text": SCRIPTED}], "max_words": 2000, "include_text": True})
    assert r.json()["documents"][0]["text"] == SCRIPTED


def test_html_document_is_extracted_like_a_page(client):
    page = f"<html><head><title>Hội chợ sách</title></head><body><nav>Trang chủ | Thể thao</nav>" \
           f"<article><p>{BUS_A}</p><p>{BUS_B}</p></article></body></html>"
    r = post_json(client, {"documents": [{"text": page, "html": True}], "include_text": True})
    assert r.status_code == 200, r.text
    out = r.json()
    extracted = out["documents"][0]["text"]
    assert "Trang chủ" not in out["summary"]
    for s in out["sentences"]:
        assert extracted[s["start"]:s["end"]] == s["text"]
    r = post_json(client, {"documents": [{"text": "<html><body><script>var x = 1;</script></body></html>", "html": True}]})
    assert_error(r, 422, "no article text")


def test_multipart_several_files_decoded_like_the_cli_tcvn3_included(client):
    files = [("files", ("a.txt", BUS_A.encode("utf-8"), "text/plain")),
             ("files", ("b_tcvn3.txt", encode_legacy(BUS_B, "tcvn3"), "text/plain")),
             ("files", ("c.txt", SCRIPTED.encode("utf-16"), "text/plain"))]
    r = client.post("/v1/summarize", files=files, data={"max_words": "80", "include_text": "true"})
    assert r.status_code == 200, r.text
    out = r.json()
    assert [d["source"] for d in out["documents"]] == ["a.txt", "b_tcvn3.txt", "c.txt"]
    assert [d["text"] for d in out["documents"]] == [BUS_A, BUS_B, SCRIPTED]
    assert len(out["summary"].split()) <= 80
    r = client.post("/v1/summarize", files=files[:2], data={"format": "text"})
    assert r.headers["content-type"].startswith("text/plain") and "b_tcvn3.txt" in r.text


def test_undecodable_upload_names_the_file(client):
    files = [("files", ("a.txt", BUS_A.encode(), "text/plain")),
             ("files", ("anh.jpg", bytes(range(256)) * 8, "image/jpeg"))]
    assert_error(client.post("/v1/summarize", files=files), 422, "anh.jpg")
    empty = [("files", ("rong.txt", b"   \n", "text/plain"))]
    assert_error(client.post("/v1/summarize", files=empty), 422, "rong.txt", "empty")


@pytest.mark.parametrize("body, words", [
    ('{"documents": [', ["bad JSON", "line 1"]),
    (b"\xff\xfe\x00garbage", ["bad JSON"]),
    ("", ["empty body"]),
    ("[" * 100_000 + "]" * 100_000, ["nested too deeply"]),
    ('{"documents": [{"text": "Hà Nội \\ud800 mưa."}]}', ["lone surrogate"]),
    ('[{"text": "x"}]', ["must be an object"]),
    ('{"max_words": 100}', ["documents", "required"]),
    ('{"documents": []}', ["no documents"]),
    ('{"documents": [{"text": "   \\n "}]}', ["documents[0].text is empty"]),
    ('{"documents": [{"title": "x"}]}', ["documents[0].text", "required"]),
    ('{"documents": [{"text": 42}]}', ["documents[0].text"]),
    ('{"documents": "Hà Nội"}', ["documents"]),
    ('{"documents": [{"text": "Hà Nội mưa."}], "max_words": 19}', ["max_words", "20"]),
    ('{"documents": [{"text": "Hà Nội mưa."}], "max_words": 2001}', ["max_words", "2000"]),
    ('{"documents": [{"text": "Hà Nội mưa."}], "max_words": "nhiều"}', ["max_words"]),
    ('{"documents": [{"text": "Hà Nội mưa."}], "format": "pdf"}', ["format"]),
])
def test_unusable_json_is_422_with_a_readable_detail(client, body, words):
    content = body if isinstance(body, bytes) else body.encode()
    r = client.post("/v1/summarize", content=content, headers={"content-type": "application/json"})
    assert_error(r, 422, *words)


def test_max_words_bounds_are_inclusive(client):
    for n in (20, 2000):
        r = post_json(client, {"documents": [{"text": BUS_A}], "max_words": n})
        assert r.status_code == 200 and len(r.json()["summary"].split()) <= n


def test_multipart_errors(client):
    assert_error(client.post("/v1/summarize", data={"max_words": "50"}, files=[("other", ("a.txt", b"x"))]),
                 422, "no documents")
    bad_words = client.post("/v1/summarize", files=[("files", ("a.txt", BUS_A.encode()))], data={"max_words": "5"})
    assert_error(bad_words, 422, "max_words")
    no_boundary = client.post("/v1/summarize", content=b"--x\r\n", headers={"content-type": "multipart/form-data"})
    assert_error(no_boundary, 422, "multipart")
    assert_error(client.post("/v1/summarize", content=b"x", headers={"content-type": "text/csv"}), 415, "text/csv")


def test_document_count_limit_json_and_multipart():
    r = post_json(small_client(), {"documents": [{"text": "Hà Nội mưa to."}] * 201})
    assert_error(r, 422, "too many documents", "201", "200")
    c = small_client(max_documents=3)
    assert_error(post_json(c, {"documents": [{"text": BUS_A}] * 4}), 422, "at most 3")
    files = [("files", (f"{i}.txt", BUS_A.encode())) for i in range(4)]
    assert_error(c.post("/v1/summarize", files=files), 422, "too many documents")
    assert post_json(c, {"documents": [{"text": BUS_A}] * 3, "max_words": 20}).status_code == 200


def test_body_over_the_limit_is_413_declared_or_streamed():
    big = {"documents": [{"text": "Hà Nội mưa to. " * 700_000}]}  # ≈ 10.5 MB
    assert_error(post_json(small_client(), big), 413, "10 MB")
    c = small_client(max_body_mb=0.01)
    chunks = (b'{"documents": [{"text": "' + b"a" * 4096 + b'"}]}' for _ in range(5))  # chunked, no length
    assert_error(c.post("/v1/summarize", content=chunks, headers={"content-type": "application/json"}),
                 413, "0.01 MB")
    files = [("files", ("a.txt", BUS_A.encode() * 100))]
    assert_error(c.post("/v1/summarize", files=files), 413, "too large")


def test_time_limit_is_503():
    with TestClient(create_app(Limits(timeout=0.2, workers=1), task=server_tasks.slow)) as c:
        assert_error(post_json(c, {"documents": [{"text": BUS_A}]}), 503, "0.2 s")


def test_healthz_answers_while_a_summary_runs():
    app = create_app(Limits(workers=1), task=server_tasks.slow)

    async def scenario():
        async with app.router.lifespan_context(app):
            async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
                slow = asyncio.create_task(c.post("/v1/summarize", json={"documents": [{"text": BUS_A}]}))
                await asyncio.sleep(0.1)
                health = await c.get("/healthz")
                return health, slow.done(), await slow

    # /healthz answered while the (one-second) summary was still running: no clock needed to tell.
    health, slow_was_done, slow = asyncio.run(scenario())
    assert health.status_code == 200 and not slow_was_done
    assert slow.status_code == 200


def test_a_pipeline_crash_is_reported_not_500():
    with TestClient(create_app(Limits(workers=1), task=server_tasks.broken)) as c:
        assert_error(post_json(c, {"documents": [{"text": BUS_A}]}), 422, "could not be summarized", "RuntimeError")


def test_page_is_self_contained_and_escapes_by_construction(client):
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "default-src 'self'" in r.headers["content-security-policy"]
    assert "Tóm tắt" in r.text and "Thêm bài" in r.text
    static = pathlib.Path(create_app.__code__.co_filename).with_name("static")
    for name in ("index.html", "app.js", "style.css"):
        text = (static / name).read_text(encoding="utf-8")
        assert "http://" not in text and "https://" not in text and "@import" not in text, name
        assert client.get(f"/static/{name}").status_code == 200
    script = (static / "app.js").read_text(encoding="utf-8")
    assert not any(sink in script for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write"))


def test_openapi_documents_both_request_bodies(client):
    spec = client.get("/openapi.json").json()
    body = spec["paths"]["/v1/summarize"]["post"]["requestBody"]["content"]
    assert {"application/json", "multipart/form-data"} <= set(body)
    assert "DocumentIn" in spec["components"]["schemas"]
    assert client.get("/docs").status_code == 200


def test_serve_command_reads_flags_and_env(monkeypatch):
    import uvicorn

    from tomtat.cli import app as cli

    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(app=app, **kw))
    result = CliRunner().invoke(cli, ["serve", "--port", "8123", "--timeout", "5"],
                                env={"TOMTAT_MAX_DOCUMENTS": "7", "TOMTAT_MAX_BODY_MB": "2.5"})
    assert result.exit_code == 0, result.output
    assert seen["host"] == "127.0.0.1" and seen["port"] == 8123
    assert seen["app"].state.limits == Limits(max_body_mb=2.5, max_documents=7, timeout=5.0)
