"""tomtat ingest from RSS feeds and article URLs, served by a local HTTP server on 127.0.0.1 from files this test
writes (nothing leaves the machine); the polite client's robots.txt, User-Agent, size cap, retries, redirects."""
import json
import sqlite3
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from threads_feed import FUEL_1, FUEL_2, SUPPORT
from typer.testing import CliRunner

from tomtat.cli import app
from tomtat.feeds.fetch import FetchError, PoliteClient


def page(title, body, date):
    paragraphs = "".join(f"<p>{s.strip()}.</p>" for s in body.split(". ") if s.strip())
    return (f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{title}</title>'
            f'<meta property="article:published_time" content="{date}T08:00:00+07:00"></head>'
            f'<body><nav><a href="/">Trang chủ</a> | <a href="/the-thao">Thể thao</a></nav>'
            f'<article><h1>{title}</h1>{paragraphs}</article><footer>© Báo Ví Dụ</footer></body></html>').encode()


class Site:
    """Paths -> (status, headers, body); every request is logged with its User-Agent."""

    def __init__(self):
        self.routes, self.log = {}, []

    def __call__(self, *args, **kwargs):
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                site.log.append((self.path, self.headers.get("User-Agent", "")))
                route = site.routes.get(self.path)
                if callable(route):
                    route = route()
                status, headers, body = route or (404, {"Content-Type": "text/plain"}, b"not found")
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        return Handler(*args, **kwargs)


@pytest.fixture
def site():
    s = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), s)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    s.base = f"http://127.0.0.1:{server.server_address[1]}"
    yield s
    server.shutdown()
    server.server_close()


HTML = {"Content-Type": "text/html; charset=utf-8"}


def rss(base, items):
    entries = "".join(f"<item><title>{t}</title><link>{base}{path}</link><pubDate>{when}</pubDate>"
                      f"<description>{d}</description></item>" for t, path, when, d in items)
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Báo Ví Dụ</title>'
            f"<link>{base}/</link><description>Tin mới</description>{entries}</channel></rss>").encode()


def cli(*args):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def test_ingest_a_feed_and_pages_from_a_local_server(site, tmp_path):
    b = site.base
    site.routes.update({
        "/robots.txt": (200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /private/\n"),
        "/rss.xml": (200, {"Content-Type": "application/rss+xml"}, rss(b, [
            ("Giá xăng giảm hơn 400 đồng mỗi lít", "/xang-1.html", "Sun, 03 Nov 2024 23:30:00 +0700", "Giá xăng giảm."),
            ("Xăng RON 95 giảm 420 đồng", "/xang-2.html", "Sun, 03 Nov 2024 16:00:00 +0700", "Xăng giảm giá."),
            ("Bài trong vùng cấm", "/private/cam.html", "Sun, 03 Nov 2024 10:00:00 +0700", "Không được đọc."),
        ])),
        "/xang-1.html": (200, HTML, page("Giá xăng giảm hơn 400 đồng mỗi lít", FUEL_1, "2024-11-03")),
        "/xang-2.html": (200, HTML, page("Xăng RON 95 giảm 420 đồng", FUEL_2, "2024-11-03")),
        "/private/cam.html": (200, HTML, page("Bài trong vùng cấm", SUPPORT, "2024-11-03")),
        "/ho-tro.html": (200, HTML, page("Hỗ trợ gia đình nạn nhân vụ cháy", SUPPORT, "2024-03-20")),
    })
    db = str(tmp_path / "store.db")
    args = ["ingest", f"{b}/rss.xml", f"{b}/ho-tro.html", f"{b}/missing.html", "--store", db, "--delay", "0", "--quiet"]
    first = cli(*args)
    assert first.exit_code == 0, first.stderr
    report = json.loads(first.stdout.strip().splitlines()[-1])
    assert report["read"] == 3 and report["added"] == 3 and report["skipped"] == 2   # robots.txt, 404
    assert "robots.txt" in first.stderr and "missing.html" in first.stderr and "HTTP 404" in first.stderr
    assert all("tomtat" in agent for _, agent in site.log)
    assert not any(path.startswith("/private/") for path, _ in site.log)
    assert sum(path == "/robots.txt" for path, _ in site.log) == 1
    with sqlite3.connect(db) as con:
        got = {r[0]: r[1:] for r in con.execute("SELECT url, title, date, outlet, event_id FROM articles")}
    one, two = got[f"{b}/xang-1.html"], got[f"{b}/xang-2.html"]
    assert one[1] == "2024-11-03" and one[2] == "Báo Ví Dụ"   # the feed's date as written (+0700), its title as outlet
    assert one[3] == two[3]                                    # the two fuel articles: one event
    assert got[f"{b}/ho-tro.html"][0] == "Hỗ trợ gia đình nạn nhân vụ cháy" and got[f"{b}/ho-tro.html"][1] == "2024-03-20"
    again = cli(*args)
    report = json.loads(again.stdout.strip().splitlines()[-1])
    assert report["added"] == 0 and report["duplicates"] == 3


def test_local_feed_file_with_full_content(tmp_path):
    body = " ".join([FUEL_1] * 3)
    feed = tmp_path / "tin.rss"
    feed.write_text(f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
                    f'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Kinh Tế</title>'
                    f"<item><title>Giá xăng giảm</title><link>https://kinhte.example/xang</link>"
                    f"<pubDate>Sun, 03 Nov 2024 15:00:00 +0700</pubDate>"
                    f"<content:encoded><![CDATA[<p>{body}</p>]]></content:encoded></item></channel></rss>",
                    encoding="utf-8")
    broken = tmp_path / "hong.xml"
    broken.write_text("<rss><channel><item><title>thiếu thẻ đóng", encoding="utf-8")
    db = str(tmp_path / "store.db")
    result = cli("ingest", str(feed), str(broken), "--store", db, "--quiet")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["added"] == 1 and report["skipped"] == 1 and "hong.xml" in result.stderr


def test_polite_client_bounds(site):
    b = site.base
    calls = {"n": 0}

    def flaky():
        calls["n"] += 1
        return (503, {"Retry-After": "0"}, b"busy") if calls["n"] < 3 else (200, HTML, b"<html><body><p>ok</p></body></html>")

    site.routes.update({
        "/loop-a": (302, {"Location": "/loop-b"}, b""),
        "/loop-b": (302, {"Location": "/loop-a"}, b""),
        "/big.html": (200, HTML, b"<p>" + b"x" * 200_000 + b"</p>"),
        "/flaky.html": flaky,
        "/file.pdf": (200, {"Content-Type": "application/pdf"}, b"%PDF-1.4"),
    })
    waits = []
    client = PoliteClient(delay=0.0, max_bytes=100_000, backoff=0.01, sleep=waits.append)
    with pytest.raises(FetchError, match="redirect loop"):
        client.get(f"{b}/loop-a")
    with pytest.raises(FetchError, match="limit"):
        client.get(f"{b}/big.html")
    with pytest.raises(FetchError, match="application/pdf"):
        client.get(f"{b}/file.pdf")
    assert client.get(f"{b}/flaky.html").data.endswith(b"</html>") and calls["n"] == 3
    assert len([w for w in waits if w > 0]) >= 2    # backed off before each retry
    polite = PoliteClient(delay=5.0, sleep=waits.append)
    waits.clear()
    polite.get(f"{b}/flaky.html")
    polite.get(f"{b}/flaky.html")
    assert any(w > 4 for w in waits)                 # the second request to the host waited its turn
