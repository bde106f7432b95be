"""Issue 13, defect 2 (the rest): bad clients and odd bodies get a clear 4xx, never a 500 or a traceback.

The articles are invented for these tests.
"""
import json
import logging
import socket
import threading
import time

import pytest
import server_tasks
from fastapi.testclient import TestClient

from tomtat.server import Limits
from tomtat.server.app import create_app

RAIN = ("Chiều qua, một cơn mưa lớn kéo dài hai giờ làm nhiều tuyến phố ở Huế ngập sâu. "
        "Công ty thoát nước đã đặt máy bơm tại bốn điểm trũng nhất của thành phố. "
        "Đến tối, nước rút và xe cộ đi lại bình thường.")
RAIN_B = ("Mưa lớn ở Huế khiến hơn 30 chuyến xe buýt phải đổi lộ trình trong buổi chiều. "
          "Sở Xây dựng cho biết sẽ nâng cấp hệ thống cống trên ba tuyến phố trước mùa mưa bão.")


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(Limits(workers=1))) as c:
        yield c


def post(client, body: bytes, content_type: str | None = "application/json"):
    headers = {"content-type": content_type} if content_type is not None else {}
    return client.post("/v1/summarize", content=body, headers=headers)


def test_documents_may_be_plain_strings_as_in_the_python_api(client):
    as_strings = post(client, json.dumps({"documents": [RAIN, RAIN_B], "max_words": 40}).encode())
    as_objects = post(client, json.dumps({"documents": [{"text": RAIN}, {"text": RAIN_B}], "max_words": 40}).encode())
    assert as_strings.status_code == 200, as_strings.text
    assert as_strings.content == as_objects.content
    assert [d["source"] for d in as_strings.json()["documents"]] == ["document 0", "document 1"]
    mixed = post(client, json.dumps({"documents": [RAIN, {"text": RAIN_B, "source": "b"}], "include_text": True}).encode())
    assert [d["text"] for d in mixed.json()["documents"]] == [RAIN, RAIN_B]
    blank = post(client, json.dumps({"documents": [RAIN, "  \n "]}).encode())
    assert blank.status_code == 422 and blank.json()["detail"] == "documents[1].text is empty"


@pytest.mark.parametrize("content_type", [
    "garbage", ";;;", "\t", "/", "application/", "*/*", "text/plain", "text/html; charset=utf-8", "image/png",
    "application/x-www-form-urlencoded", "multipart/mixed; boundary=x", "application/jsonx", "x" * 3000,
])
def test_a_garbage_content_type_is_415_with_a_json_detail(client, content_type):
    r = post(client, json.dumps({"documents": [RAIN]}).encode(), content_type)
    assert r.status_code == 415 and r.headers["content-type"] == "application/json"
    detail = r.json()["detail"]
    assert "unsupported content type" in detail and len(detail) < 300


@pytest.mark.parametrize("content_type", [None, "application/json", "application/json; charset=utf-8",
                                          "Application/JSON", "application/vnd.tomtat+json"])
def test_json_media_types_and_no_header_are_json(client, content_type):
    r = post(client, json.dumps({"documents": [RAIN], "max_words": 30}).encode(), content_type)
    assert r.status_code == 200, r.text


@pytest.mark.parametrize("body, words", [
    ('{"documents": ["x"], "max_words": "30"}', ["max_words", "integer"]),
    ('{"documents": ["x"], "max_words": true}', ["max_words"]),
    ('{"documents": ["x"], "max_words": NaN}', ["max_words"]),
    ('{"documents": ["x"], "max_words": 1e999}', ["max_words"]),
    ('{"documents": [{"text": "x", "html": "yes"}]}', ["html", "boolean"]),
    ('{"documents": [null]}', ["documents[0]"]),
    ('{"documents": [' + "1" * 5000 + "]}", ["number too long"]),
    ('{"documents": [{"text": "Mưa ở Huế.", "date": "hôm qua"}]}', ["documents[0].date"]),
    ("1e999999", ["must be an object"]),
])
def test_odd_json_is_a_422_naming_the_field(client, body, words):
    r = post(client, body.encode())
    assert r.status_code == 422, r.text
    for word in words:
        assert word in r.json()["detail"], r.json()["detail"]


@pytest.fixture
def live_server():
    """The app under uvicorn on a real socket (logging left to pytest, so caplog sees uvicorn's lines too)."""
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(create_app(Limits(workers=1), task=server_tasks.fixed),
                                           host="127.0.0.1", port=0, log_config=None, log_level="info"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started
    yield server.servers[0].sockets[0].getsockname()[1]
    server.should_exit = True
    thread.join(timeout=10)


@pytest.mark.parametrize("content_type, partial", [
    ("application/json", b'{"documents": ["M\xc6\xb0a '),
    ("multipart/form-data; boundary=b0", b'--b0\r\nContent-Disposition: form-data; name="files"; filename="a.txt"\r\n\r\nM'),
])
def test_a_client_gone_mid_body_is_one_info_line_not_a_traceback(live_server, caplog, content_type, partial):
    caplog.set_level(logging.INFO)
    with socket.create_connection(("127.0.0.1", live_server)) as s:
        s.sendall(f"POST /v1/summarize HTTP/1.1\r\nHost: t\r\nContent-Type: {content_type}\r\n"
                  "Content-Length: 100000\r\n\r\n".encode() + partial)
        time.sleep(0.3)
    lines = lambda: [r for r in caplog.records if "disconnected" in r.getMessage()]  # noqa: E731
    deadline = time.monotonic() + 10
    while not lines() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(lines()) == 1 and lines()[0].levelno == logging.INFO and lines()[0].name == "tomtat.server"
    assert "/v1/summarize" in lines()[0].getMessage()
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR], caplog.text
