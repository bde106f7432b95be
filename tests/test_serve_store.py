"""`tomtat serve --store DB`: the day's digest, thread pages and search, as pages and JSON, over a store made by
`tomtat ingest` from the invented feed of tests/bridge_feed.py (a bridge collapse on 10/6/2025 and the start of
its replacement on 2/7/2025, two events of one thread; a lone marathon article on 2/7/2025).

The tests run in order on one store: the 10/6 digest is saved first, the 2/7 one only halfway (before it, /digest
of 2/7 is built from the store without saving; after it, it is read as saved, with the thread as an update).
Readers are never blocked by a writer; bad input is a 404/422, never a 500; /docs works offline; and the pages
are clicked through in Chromium (skipped when it is absent).
"""
import json
import os
import re
import sqlite3
import subprocess
import sys
import threading
import time

import bridge_feed
import pytest
from browser_page import chromium_page
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from tomtat.cli import app as cli_app
from tomtat.server import Limits
from tomtat.server.app import create_app
from tomtat.server.pages import STORE_CSP
from tomtat.store import SCHEMA_VERSION

DAY1, DAY2 = "2025-06-10", "2025-07-02"
BRIDGE, MARATHON = "thread-00001", "thread-00002"


def cli(*args):
    return CliRunner().invoke(cli_app, list(args), catch_exceptions=False)


def last_json(result):
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("serve_store")
    db = str(folder / "store.db")
    day1 = bridge_feed.write(folder / "day1.jsonl", bridge_feed.DAY1)
    day2 = bridge_feed.write(folder / "day2.jsonl", bridge_feed.DAY2)
    assert last_json(cli("ingest", day1, "--store", db, "--quiet"))["added"] == 2
    cli("digest", "--store", db, "--day", DAY1, "--format", "json")
    stats = last_json(cli("ingest", day2, "--store", db, "--quiet"))
    assert (stats["added"], stats["events"], stats["threads"]) == (3, 3, 2)
    return db


@pytest.fixture(scope="module")
def client(store):
    with TestClient(create_app(Limits(workers=1), store=store)) as c:
        yield c


def digests_saved(db) -> int:
    return last_json(cli("stats", "--store", db))["digests"]


def test_the_feed_gives_two_events_of_one_thread_and_a_lone_article(store):
    with sqlite3.connect(store) as con:
        rows = dict(con.execute("SELECT a.ext_id, printf('%d/%d', a.event_id, e.thread_id) FROM articles a "
                                "JOIN events e ON e.id = a.event_id"))
    assert rows == {"cau-1": "1/1", "cau-2": "1/1", "cau-3": "2/1", "cau-4": "2/1", "chay-1": "3/2"}
    assert last_json(cli("stats", "--store", store))["schema"] == SCHEMA_VERSION


def test_digest_of_a_day_without_a_saved_one_is_built_and_not_saved(store, client):
    r = client.get("/v1/digest", params={"day": DAY2})
    assert r.status_code == 200, r.text
    view = r.json()
    assert view["stored"] is False and view["day"] == DAY2 and view["days"] == [DAY1]
    entries = {e["thread"]: e for e in view["content"]["entries"]}
    assert set(entries) == {BRIDGE, MARATHON}
    assert entries[BRIDGE]["update"] is True and entries[MARATHON]["update"] is False
    assert "khởi công" in entries[BRIDGE]["summary"]["summary"].lower()
    assert digests_saved(store) == 1          # made for the reader, not saved
    latest = client.get("/v1/digest").json()  # the latest saved one is still 10/6
    assert latest["stored"] is True and latest["day"] == DAY1 and latest["digest"] == 1
    assert [e["thread"] for e in latest["content"]["entries"]] == [BRIDGE]
    # a day with no article at all: an empty digest, not an error
    empty = client.get("/v1/digest", params={"day": "2025-01-01"}).json()
    assert empty["stored"] is False and empty["content"]["entries"] == []


def test_thread_json_timeline_summaries_sources_history(client):
    r = client.get(f"/v1/threads/{BRIDGE}")
    assert r.status_code == 200, r.text
    view = r.json()
    assert view["thread"] == BRIDGE and view["size"] == 4
    assert (view["first_date"], view["last_date"]) == (DAY1, DAY2)
    first, second = view["events"]                # oldest first
    assert (first["event"], first["first_date"], first["size"]) == ("story-00001", DAY1, 2)
    assert (second["event"], second["first_date"], second["size"]) == ("story-00002", DAY2, 2)
    # the collapse was told in the saved 10/6 digest; the new bridge in none yet: summarized on the fly
    assert first["summary"]["stored"] is True and first["summary"]["day"] == DAY1
    assert "Bản Khê" in first["summary"]["summary"]
    assert second["summary"]["stored"] is False and second["summaries"] == []
    assert 0 < len(second["summary"]["summary"].split()) <= 60
    sources = {a["id"]: a for e in view["events"] for a in e["articles"]}
    assert sources["cau-1"]["outlet"] == "Báo Miền Núi" and sources["cau-1"]["date"] == DAY1
    assert sources["cau-4"]["url"] == "https://taybac.example/khoi-cong-cau-ban-khe"
    assert [(u["day"], u["update"], u["articles"]) for u in view["updates"]] == [(DAY1, False, 2)]
    assert client.get("/v1/threads/1").json() == view          # the bare number names it too


def test_search_json(client):
    r = client.get("/v1/search", params={"q": "CẦU TREO Bản Khê"})
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["search"] == "fts5" and out["total"] == 4
    assert {h["thread"] for h in out["results"]} == {BRIDGE}
    assert all("treo" in h["snippet"].lower() for h in out["results"])
    hit = next(h for h in out["results"] if h["url"] == "https://taybac.example/cau-treo-ban-khe")
    assert (hit["outlet"], hit["date"], hit["event"]) == ("Tin Tây Bắc", DAY1, "story-00001")
    assert client.get("/v1/search", params={"q": "marathon"}).json()["results"][0]["thread"] == MARATHON
    # every word must occur; diacritics count (cầu is not cau)
    assert client.get("/v1/search", params={"q": "marathon cầu"}).json()["total"] == 0
    assert client.get("/v1/search", params={"q": "cau treo"}).json()["total"] == 0
    page = client.get("/v1/search", params={"q": "cầu", "limit": 2, "offset": 2}).json()
    assert page["total"] == 4 and len(page["results"]) == 2 and page["offset"] == 2


@pytest.mark.parametrize("path,status", [
    ("/v1/threads/thread-00099", 404), ("/v1/threads/99999", 404), ("/threads/thread-00099", 404),
    ("/v1/threads/abc", 422), ("/v1/threads/thread-1x", 422), ("/v1/threads/" + "9" * 50, 422),
    ("/threads/abc", 422), ("/v1/digest?day=2025-13-01", 422), ("/v1/digest?day=yesterday", 422),
    ("/digest?day=2025-02-30", 422), ("/digest?day=x", 422),
    ("/v1/search", 422), ("/v1/search?q=", 422), ("/v1/search?q=%21%3F%22", 422), ("/v1/search?q=" + "a" * 201, 422),
    ("/v1/search?q=a&limit=0", 422), ("/v1/search?q=a&limit=101", 422), ("/v1/search?q=a&offset=-1", 422),
    ("/v1/search?q=a&limit=x", 422), ("/search?q=" + "a" * 201, 422), ("/search?q=a&limit=500", 422),
    ("/search?q=%2A%2A", 422),
])
def test_bad_requests_are_404_or_422_with_one_line(client, path, status):
    r = client.get(path)
    assert r.status_code == status, (path, r.status_code, r.text[:200])
    if path.startswith("/v1/"):
        assert isinstance(r.json()["detail"], str) and "\n" not in r.json()["detail"]
    else:
        assert r.headers["content-type"].startswith("text/html")


@pytest.mark.parametrize("q", ['"', 'cầu"treo', "cầu AND OR NOT", "NEAR(cầu treo)", "cầu*", "-cầu", "title:cầu",
                               "^cầu", "cầu + treo", "%", "_", "\\", "'); DROP TABLE articles; --", "\u0000cầu",
                               "𝐜ầ𝐮", "ｃầｕ", "cầu " * 60])
def test_odd_queries_never_500(client, q):
    for path in ("/v1/search", "/search"):
        r = client.get(path, params={"q": q})
        assert r.status_code in (200, 422), (q, r.status_code, r.text[:300])


def test_pages_link_each_other_escape_stored_text_and_load_nothing(store, client):
    # save the 2/7 digest: from now on /digest reads it, the bridge as an update
    last_json_digest = cli("digest", "--store", store, "--day", DAY2, "--format", "json")
    assert last_json_digest.exit_code == 0 and digests_saved(store) == 2
    r = client.get("/digest")
    assert r.status_code == 200 and r.headers["content-security-policy"] == STORE_CSP
    html = r.text
    assert "Điểm tin ngày 2/7/2025" in html and 'class="badge">Cập nhật' in html
    assert f'href="/threads/{BRIDGE}"' in html and f'href="/threads/{MARATHON}"' in html
    assert f'href="/digest?day={DAY1}"' in html and 'action="/search"' in html and 'href="/"' in html
    for page in (html, client.get(f"/threads/{BRIDGE}").text, client.get("/search", params={"q": "cầu"}).text):
        assert "<script" not in page and "<link" not in page and not re.search(r"<[^>]*\ssrc=", page)   # nothing loads
        assert "<img" not in page and "&lt;img src=x onerror=" in page                 # the markup is shown as text
        assert "javascript:" not in page
    thread = client.get(f"/threads/{BRIDGE}").text
    assert "Tóm tắt trong điểm tin ngày 2/7/2025" in thread and "Lịch sử cập nhật" in thread
    assert thread.count('<span class="badge">Cập nhật</span>') == 1 and 'href="/digest?day=2025-07-02"' in thread
    assert '<time datetime="2025-06-10">10/6/2025</time>' in thread and "Tin Tây Bắc" in thread
    found = client.get("/search", params={"q": "marathon"}).text
    assert f'href="/threads/{MARATHON}#story-00003"' in found and "<mark>marathon</mark>" in found.lower()
    assert client.get("/search").status_code == 200            # the empty form
    old = client.get("/digest", params={"day": DAY1}).text
    assert "Điểm tin ngày 10/6/2025" in old and "Cập nhật</span>" not in old


def test_openapi_lists_the_store_endpoints_and_docs_work_offline(client):
    spec = client.get("/openapi.json").json()
    for path in ("/v1/digest", "/v1/threads/{thread}", "/v1/search"):
        assert "get" in spec["paths"][path], path
    assert "post" in spec["paths"]["/v1/digest"]          # the feed digest is still there
    params = {p["name"]: p["schema"] for p in spec["paths"]["/v1/search"]["get"]["parameters"]}
    assert params["limit"]["maximum"] == 100 and params["q"]["maxLength"] == 200
    docs = client.get("/docs").text
    assert "cdn" not in docs.lower() and "/static-offline-docs/swagger-ui-bundle.js" in docs
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css", "redoc.standalone.js"):
        r = client.get(f"/static-offline-docs/{asset}")
        assert r.status_code == 200 and len(r.content) > 100_000, asset
    assert "cdn" not in client.get("/redoc").text.lower()


def test_without_a_store_the_server_is_as_before():
    app = create_app(Limits(workers=1), task=lambda job: b"{}")
    paths = {route.path for route in app.routes}
    assert "/digest" not in paths and "/v1/search" not in paths and "/v1/threads/{thread}" not in paths


def test_readers_are_not_blocked_by_a_writer(store, client):
    holder = sqlite3.connect(store, isolation_level=None, timeout=1)
    holder.execute("BEGIN IMMEDIATE")   # a writer holds the store, with an uncommitted article
    holder.execute("INSERT INTO articles (id, content_hash, url, title, sapo, text, date_precision, day, outlet, source, "
                   "ingested_at, batch_id, event_id) SELECT 999, 'x', '', 'Hội thi thả diều', '', 'Hội thi thả diều', "
                   "'day', day, '', '', ingested_at, batch_id, event_id FROM articles WHERE id = 1")
    try:
        for path in ("/v1/search?q=th%E1%BA%A3%20di%E1%BB%81u", f"/v1/threads/{BRIDGE}", "/v1/digest", "/digest",
                     "/search?q=c%E1%BA%A7u"):
            start = time.monotonic()
            r = client.get(path)
            assert r.status_code == 200 and time.monotonic() - start < 3, path
        assert client.get("/v1/search", params={"q": "thả diều"}).json()["total"] == 0   # not committed: not seen
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_reading_while_tomtat_ingest_writes(store, client, tmp_path):
    extra = {f"kite-{k}": (f"Hội thi thả diều lần thứ {k} ở bãi biển Sơn Ca",
                           f"Sáng {k}/8, hội thi thả diều nghệ thuật lần thứ {k} diễn ra ở bãi biển Sơn Ca với "
                           f"{30 + k} đội thi. Ban giám khảo chấm điểm theo độ cao, màu sắc và thời gian diều bay.",
                           f"2025-08-{k:02d}", "Báo Biển", f"https://bien.example/dieu-{k}") for k in range(1, 13)}
    feed = bridge_feed.write(tmp_path / "kites.jsonl", extra)
    proc = subprocess.Popen([sys.executable, "-m", "tomtat", "ingest", feed, "--store", store, "--batch-size", "1",
                             "--quiet"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    latencies = []
    try:
        while proc.poll() is None:
            for path in (f"/v1/threads/{BRIDGE}", "/v1/search?q=h%E1%BB%99i%20thi", "/digest"):
                start = time.monotonic()
                r = client.get(path)
                latencies.append(time.monotonic() - start)
                assert r.status_code == 200, (path, r.text[:200])
        out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert json.loads(out.strip().splitlines()[-1])["added"] == 12
    assert latencies and max(latencies) < 3, max(latencies)
    # each request reads afresh: the new articles are found as soon as they are committed
    assert client.get("/v1/search", params={"q": "thả diều"}).json()["total"] == 12


def test_a_store_made_before_search_is_indexed_when_opened(tmp_path):
    db = str(tmp_path / "old.db")
    last_json(cli("ingest", bridge_feed.write(tmp_path / "d1.jsonl", bridge_feed.DAY1), "--store", db, "--quiet"))
    with sqlite3.connect(db) as con:   # as tomtat's schema version 2 left it
        for trigger in ("insert", "delete", "update"):
            con.execute(f"DROP TRIGGER articles_fts_{trigger}")
        con.execute("DROP TABLE articles_fts")
        con.execute("DELETE FROM meta WHERE key = 'search'")
        con.execute("UPDATE meta SET value = '2' WHERE key = 'schema'")
    from tomtat.cli.serve import store_app

    with pytest.raises(Exception, match="schema version 2"):
        create_app(Limits(workers=1), store=db)            # the pages never migrate: serve does, at start-up
    app = store_app(Limits(workers=1), db, 5.0)
    with TestClient(app) as c:
        assert c.get("/v1/search", params={"q": "Bản Khê"}).json()["total"] == 2


def test_serve_refuses_a_missing_corrupt_foreign_or_locked_store_in_one_line(tmp_path):
    def refused(db, *extra):
        result = cli("serve", "--store", str(db), *extra)
        lines = result.stderr.strip().splitlines()
        assert result.exit_code == 2 and len(lines) == 1 and str(db) in lines[0], result.stderr
        assert "Traceback" not in result.stderr
        return lines[0]

    assert "no such store" in refused(tmp_path / "missing.db")
    corrupt = tmp_path / "corrupt.db"
    corrupt.write_bytes(b"SQLite format 3\x00" + os.urandom(4096))
    refused(corrupt)
    foreign = tmp_path / "foreign.db"
    with sqlite3.connect(foreign) as con:
        con.execute("CREATE TABLE orders (id INTEGER)")
    assert "not a tomtat store" in refused(foreign)
    # a store of an older schema must be brought up to date, and another process holds the write lock
    locked = tmp_path / "locked.db"
    last_json(cli("ingest", bridge_feed.write(tmp_path / "d1.jsonl", bridge_feed.DAY1), "--store", str(locked), "--quiet"))
    with sqlite3.connect(locked) as con:
        con.execute("UPDATE meta SET value = '2' WHERE key = 'schema'")
    holder = sqlite3.connect(locked, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        assert "locked" in refused(locked, "--lock-timeout", "0.2")
    finally:
        holder.execute("ROLLBACK")
        holder.close()


@pytest.fixture(scope="module")
def server_url(store):
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(create_app(Limits(workers=1), store=store), host="127.0.0.1", port=0,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    port = server.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def test_in_chromium_digest_to_thread_to_search(server_url):
    with chromium_page(1100) as page:
        from playwright.sync_api import expect

        page.goto(f"{server_url}/digest?day={DAY2}")
        entries = page.locator("section.entry")
        expect(entries).to_have_count(2)
        bridge = page.locator(f"section.entry[data-thread='{BRIDGE}']")
        expect(bridge.locator(".badge")).to_have_text("Cập nhật")
        expect(bridge.locator("h2")).to_contain_text(bridge_feed.XSS)     # shown as text, never run
        assert page.evaluate("window.__tomtat_xss") is None
        bridge.locator("h2 a").click()
        expect(page).to_have_url(f"{server_url}/threads/{BRIDGE}")
        events = page.locator("ol.timeline > li.event")
        expect(events).to_have_count(2)
        expect(events.nth(0).locator(".day")).to_have_text("10/6/2025")
        expect(events.nth(1).locator(".day")).to_have_text("2/7/2025")
        expect(events.nth(0).locator("ol.sources li")).to_have_count(2)
        expect(events.nth(0).locator("ol.sources a").first).to_have_attribute("href", "https://miennui.example/sap-cau-ban-khe")
        expect(events.nth(1).locator("ol.sources a")).to_have_count(1)     # the javascript: address is no link
        expect(page.locator("section.history ol.updates > li")).to_have_count(2)
        page.locator("header.top input[name=q]").fill("marathon")
        page.locator("header.top button").click()
        expect(page).to_have_url(f"{server_url}/search?q=marathon")
        hits = page.locator("ol.hits > li")
        expect(hits).to_have_count(1)
        expect(hits.locator("mark").first).to_have_text("marathon")
        hits.locator("a.hit").click()
        expect(page.locator("h1")).to_contain_text("marathon")
        page.get_by_role("link", name="Điểm tin").click()
        expect(page.locator("h1")).to_have_text("Điểm tin ngày 2/7/2025")


@pytest.fixture
def postgres_url():
    """A fresh database on the server named by $TOMTAT_TEST_POSTGRES (as tests/test_store.py), dropped after."""
    server = os.environ.get("TOMTAT_TEST_POSTGRES")
    if not server:
        pytest.skip("no PostgreSQL server for the tests: set TOMTAT_TEST_POSTGRES=postgresql://USER@127.0.0.1:PORT/postgres")
    psycopg = pytest.importorskip("psycopg", reason="psycopg 3 is not installed (pip install '.[postgresql]')")
    name = f"tomtat_serve_{os.getpid()}_{os.urandom(3).hex()}"
    with psycopg.connect(server, autocommit=True) as con:
        con.execute(f"CREATE DATABASE {name}")
    yield server.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(server, autocommit=True) as con:
        con.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_postgresql_store_served_alike(tmp_path, postgres_url):
    for day in (bridge_feed.DAY1, bridge_feed.DAY2):
        last_json(cli("ingest", bridge_feed.write(tmp_path / "f.jsonl", day), "--store", postgres_url, "--quiet"))
    assert cli("digest", "--store", postgres_url, "--day", DAY1, "--format", "json").exit_code == 0
    from tomtat.cli.serve import store_app

    with TestClient(store_app(Limits(workers=1), postgres_url, 5.0)) as c:
        found = c.get("/v1/search", params={"q": "CẦU TREO Bản Khê"}).json()
        assert found["search"] == "tsvector" and found["total"] == 4
        assert {h["thread"] for h in found["results"]} == {BRIDGE} and "treo" in found["results"][0]["snippet"].lower()
        assert c.get("/v1/search", params={"q": "marathon cầu"}).json()["total"] == 0
        view = c.get(f"/v1/threads/{BRIDGE}").json()
        assert [e["event"] for e in view["events"]] == ["story-00001", "story-00002"]
        assert view["events"][0]["summary"]["stored"] is True and view["updates"][0]["day"] == DAY1
        assert c.get("/v1/digest").json()["day"] == DAY1
        assert c.get("/v1/threads/thread-00077").status_code == 404
        assert "Bản Khê" in c.get("/search", params={"q": "Bản Khê"}).text
