"""The story store: ingest (idempotent, crash-safe, stable ids), stats, schema versions and store errors,
digest --store with update summaries. The articles are the invented karaoke-fire saga of tests/threads_feed.py."""
import json
import multiprocessing
import os
import signal
import sqlite3

import pytest
from threads_feed import ARTICLES
from typer.testing import CliRunner

from tomtat.cli import app
from tomtat.store import SCHEMA_VERSION, open_store
from tomtat.store.connection import StoreError
from tomtat.store.migrations import migrate

DAY1 = ("fire-0", "fire-1", "books-0")
DAY2 = ("arrest-0", "arrest-1", "arrest-2", "fuel-0", "fuel-1")


def rows(ids):
    out = []
    for ident in ids:
        title, body, date, outlet, url = ARTICLES[ident]
        row = {"id": ident, "title": title, "text": f"{title}\n{body}", "date": date, "url": url}
        if outlet:
            row["source"] = outlet
        out.append(row)
    return out


def write_feed(path, ids):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows(ids)), encoding="utf-8")
    return str(path)


def cli(*args):
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    return result


def last_json(result):
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def membership(db):
    """article id given in the feed -> (event name, thread name), from the store itself."""
    con = sqlite3.connect(db)
    try:
        return {ext: (f"story-{e:05d}", f"thread-{t:05d}") for ext, e, t in con.execute(
            "SELECT a.ext_id, a.event_id, e.thread_id FROM articles a JOIN events e ON e.id = a.event_id")}
    finally:
        con.close()


def one_error_line(result, name):
    lines = result.stderr.strip().splitlines()
    assert result.exit_code == 2, (result.exit_code, result.stderr)
    assert len(lines) == 1 and name in lines[0] and "Traceback" not in result.stderr, result.stderr
    return lines[0]


def test_ingest_twice_is_idempotent_and_stats_count(tmp_path):
    feed = write_feed(tmp_path / "feed.jsonl", DAY1 + DAY2)
    db = str(tmp_path / "store.db")
    first = last_json(cli("ingest", feed, "--store", db, "--quiet"))
    assert first == {"read": 8, "added": 8, "duplicates": 0, "skipped": 0, "events": first["events"],
                     "threads": first["threads"]}
    again = last_json(cli("ingest", feed, "--store", db, "--quiet"))
    assert again["added"] == 0 and again["duplicates"] == 8 and again["events"] == first["events"]
    stats = last_json(cli("stats", "--store", db))
    assert stats == {"articles": 8, "events": first["events"], "threads": first["threads"], "digests": 0,
                     "schema": SCHEMA_VERSION}
    # Seen again by URL (new text) or by text (new URL, other spacing and case): stored once.
    copy = dict(rows(["fuel-1"])[0], text=rows(["fuel-1"])[0]["text"].upper().replace(" ", "  "), url="https://x.example/a")
    same_url = dict(rows(["books-0"])[0], text="Một bài khác hẳn về hội sách, cùng địa chỉ.")
    extra = tmp_path / "extra.jsonl"
    extra.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in (copy, same_url)), encoding="utf-8")
    third = last_json(cli("ingest", str(extra), "--store", db, "--quiet"))
    assert third["added"] == 0 and third["duplicates"] == 2
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_day_by_day_ids_stay_and_match_one_cluster_run(tmp_path):
    db = str(tmp_path / "store.db")
    last_json(cli("ingest", write_feed(tmp_path / "d1.jsonl", DAY1), "--store", db, "--quiet"))
    before = membership(db)
    last_json(cli("ingest", write_feed(tmp_path / "d2.jsonl", DAY2), "--store", db, "--quiet"))
    after = membership(db)
    assert all(after[k] == v for k, v in before.items())          # ids once given keep naming the same things
    fire_event, fire_thread = after["fire-0"]
    assert after["fire-1"] == (fire_event, fire_thread)
    arrest_event, arrest_thread = after["arrest-0"]
    assert arrest_event != fire_event and arrest_thread == fire_thread   # the arrest joins the fire's thread
    assert after["arrest-1"][0] == after["arrest-2"][0] == arrest_event
    assert after["fuel-0"][1] not in (fire_thread, after["books-0"][1])
    # the same partition as one `cluster` run over everything
    one = tmp_path / "one.jsonl"
    out = tmp_path / "events.jsonl"
    assert cli("cluster", write_feed(one, DAY1 + DAY2), "-o", str(out), "--quiet").exit_code == 0
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    batch_events = sorted(sorted(d["id"] for d in line["single_documents"]) for line in lines)
    stored_events = {}
    for ext, (event, _thread) in after.items():
        stored_events.setdefault(event, []).append(ext)
    assert batch_events == sorted(sorted(v) for v in stored_events.values())


def _killed_ingest(feed, db):
    os.environ["TOMTAT_TEST_KILL"] = "write:2"
    cli("ingest", feed, "--store", db, "--batch-size", "3", "--quiet")
    os._exit(3)   # not reached: the hook kills the process first


def test_sigkill_mid_ingest_then_rerun_equals_an_uninterrupted_run(tmp_path):
    feed = write_feed(tmp_path / "feed.jsonl", DAY1 + DAY2)
    killed, whole = str(tmp_path / "killed.db"), str(tmp_path / "whole.db")
    # A forked copy of this process runs the command and SIGKILLs itself inside batch 2's transaction, after
    # batch 1 committed (a fork, not a new interpreter: the models are loaded already).
    child = multiprocessing.get_context("fork").Process(target=_killed_ingest, args=(feed, killed))
    child.start()
    child.join(120)
    assert child.exitcode == -signal.SIGKILL
    assert last_json(cli("stats", "--store", killed))["articles"] == 3
    rerun = last_json(cli("ingest", feed, "--store", killed, "--batch-size", "3", "--quiet"))
    assert rerun["added"] == 5 and rerun["duplicates"] == 3
    last_json(cli("ingest", feed, "--store", whole, "--batch-size", "3", "--quiet"))
    assert last_json(cli("stats", "--store", killed)) == last_json(cli("stats", "--store", whole))
    assert membership(killed) == membership(whole)


def test_unknown_schema_version_corrupt_foreign_and_locked_stores(tmp_path):
    db = tmp_path / "store.db"
    last_json(cli("ingest", write_feed(tmp_path / "f.jsonl", ["books-0"]), "--store", str(db), "--quiet"))
    with sqlite3.connect(db) as con:
        con.execute("UPDATE meta SET value = '99' WHERE key = 'schema'")
    line = one_error_line(cli("stats", "--store", str(db)), str(db))
    assert "schema version 99" in line and "newer" in line
    line = one_error_line(cli("ingest", str(tmp_path / "f.jsonl"), "--store", str(db), "--quiet"), str(db))
    assert "schema version 99" in line

    corrupt = tmp_path / "corrupt.db"
    corrupt.write_bytes(b"SQLite format 3\x00" + os.urandom(5000))
    one_error_line(cli("stats", "--store", str(corrupt)), str(corrupt))
    text = tmp_path / "notes.db"
    text.write_text("ghi chú, không phải cơ sở dữ liệu\n" * 200, encoding="utf-8")
    one_error_line(cli("ingest", str(tmp_path / "f.jsonl"), "--store", str(text), "--quiet"), str(text))
    foreign = tmp_path / "foreign.db"
    with sqlite3.connect(foreign) as con:
        con.execute("CREATE TABLE orders (id INTEGER)")
    assert "not a tomtat store" in one_error_line(cli("stats", "--store", str(foreign)), str(foreign))
    one_error_line(cli("stats", "--store", str(tmp_path / "missing.db")), "missing.db")
    one_error_line(cli("ingest", str(tmp_path / "f.jsonl"), "--store", str(tmp_path / "no" / "dir.db")), "dir.db")

    locked = tmp_path / "locked.db"
    last_json(cli("ingest", str(tmp_path / "f.jsonl"), "--store", str(locked), "--quiet"))
    holder = sqlite3.connect(locked, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")   # another writer holds the store
    try:
        feed2 = write_feed(tmp_path / "f2.jsonl", ["fuel-0"])
        line = one_error_line(cli("ingest", feed2, "--store", str(locked), "--lock-timeout", "0.2", "--quiet"), str(locked))
        assert "locked" in line
        assert last_json(cli("stats", "--store", str(locked)))["articles"] == 1   # readers do not wait
    finally:
        holder.execute("ROLLBACK")
        holder.close()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes read-only files anyway")
def test_read_only_store(tmp_path):
    db = tmp_path / "store.db"
    last_json(cli("ingest", write_feed(tmp_path / "f.jsonl", ["books-0"]), "--store", str(db), "--quiet"))
    for name in os.listdir(tmp_path):
        if name.startswith("store.db-"):
            os.remove(tmp_path / name)
    feed2 = write_feed(tmp_path / "f2.jsonl", ["fuel-0"])
    os.chmod(db, 0o444)
    os.chmod(tmp_path, 0o555)
    try:
        one_error_line(cli("ingest", feed2, "--store", str(db), "--quiet"), str(db))
    finally:
        os.chmod(tmp_path, 0o755)


def test_a_version_1_store_opens_and_is_migrated(tmp_path):
    db = str(tmp_path / "old.db")
    store = open_store(db, create=True)   # then rebuilt below as tomtat's first schema made it
    store.close()
    os.remove(db)
    for name in os.listdir(tmp_path):
        os.remove(tmp_path / name)
    from tomtat.store.connection import _sqlite_engine

    engine = _sqlite_engine(db, 5.0)
    with engine.begin() as conn:
        migrate(conn, upto=1)
    engine.dispose()
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT value FROM meta").fetchone()[0] == "1"
        assert "digests" not in {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert last_json(cli("stats", "--store", db))["schema"] == SCHEMA_VERSION
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT value FROM meta").fetchone()[0] == str(SCHEMA_VERSION)
    with pytest.raises(StoreError):
        open_store(str(tmp_path / "nowhere.db"), create=False)


def test_digest_store_twice_second_day_is_an_update(tmp_path):
    db = str(tmp_path / "store.db")
    last_json(cli("ingest", write_feed(tmp_path / "d1.jsonl", DAY1), "--store", db, "--quiet"))
    first = cli("digest", "--store", db, "--day", "2024-03-13", "--format", "json")
    assert first.exit_code == 0, first.stderr
    d1 = json.loads(first.stdout)
    assert d1["day"] == "2024-03-13" and len(d1["entries"]) == 1
    fire = d1["entries"][0]
    assert fire["update"] is False and fire["size"] == 2 and fire["thread"].startswith("thread-")
    assert {"thread", "thread_headline", "event", "update", "summary", "size", "first_date", "last_date"} <= set(fire)
    assert fire["summary"]["sentences"] and fire["first_date"] == "2024-03-12"

    last_json(cli("ingest", write_feed(tmp_path / "d2.jsonl", DAY2), "--store", db, "--quiet"))
    second = cli("digest", "--store", db, "--day", "2024-04-05", "--format", "json")
    assert second.exit_code == 0, second.stderr
    d2 = json.loads(second.stdout)
    grown = [e for e in d2["entries"] if e["thread"] == fire["thread"]]
    assert len(grown) == 1 and grown[0]["update"] is True
    update = grown[0]
    assert update["size"] == 5 and update["articles"] == 3 and update["last_date"] == "2024-04-05"
    told = {s["text"] for s in fire["summary"]["sentences"]}
    new = [s["text"] for s in update["summary"]["sentences"]]
    assert new and not told & set(new)
    assert all(d["source"].endswith(("d2.jsonl:1", "d2.jsonl:2", "d2.jsonl:3")) for d in update["summary"]["documents"])
    assert len(update["summary"]["summary"].split()) <= 200
    # the same day again gives the same digest, and every digest is saved
    again = cli("digest", "--store", db, "--day", "2024-04-05", "--format", "json")
    assert json.loads(again.stdout) == d2
    assert last_json(cli("stats", "--store", db))["digests"] == 3
    page = cli("digest", "--store", db, "--day", "2024-04-05", "--format", "html", "-o", str(tmp_path / "d.html"))
    assert page.exit_code == 0 and "Cập nhật" in (tmp_path / "d.html").read_text(encoding="utf-8")
    assert cli("digest", "--store", db, "--day", "5/4/2024").exit_code == 2


@pytest.fixture
def postgres_url():
    """A fresh database on the server named by $TOMTAT_TEST_POSTGRES (postgresql://user@host:port/db), dropped after."""
    server = os.environ.get("TOMTAT_TEST_POSTGRES")
    if not server:
        pytest.skip("no PostgreSQL server for the tests: set TOMTAT_TEST_POSTGRES=postgresql://USER@127.0.0.1:PORT/postgres")
    psycopg = pytest.importorskip("psycopg", reason="psycopg 3 is not installed (pip install '.[postgresql]')")
    name = f"tomtat_test_{os.getpid()}_{os.urandom(3).hex()}"
    with psycopg.connect(server, autocommit=True) as con:
        con.execute(f"CREATE DATABASE {name}")
    yield server.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(server, autocommit=True) as con:
        con.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_postgresql_store_ingest_and_digest(tmp_path, postgres_url):
    first = last_json(cli("ingest", write_feed(tmp_path / "d1.jsonl", DAY1), "--store", postgres_url, "--quiet"))
    assert first["added"] == 3
    second = last_json(cli("ingest", write_feed(tmp_path / "d2.jsonl", DAY2), "--store", postgres_url, "--quiet"))
    assert second["added"] == 5
    sqlite_db = str(tmp_path / "same.db")
    last_json(cli("ingest", str(tmp_path / "d1.jsonl"), "--store", sqlite_db, "--quiet"))
    last_json(cli("ingest", str(tmp_path / "d2.jsonl"), "--store", sqlite_db, "--quiet"))
    stats = last_json(cli("stats", "--store", postgres_url))
    assert stats == last_json(cli("stats", "--store", sqlite_db))   # one schema, one code path: the same store
    assert last_json(cli("ingest", str(tmp_path / "d2.jsonl"), "--store", postgres_url, "--quiet"))["added"] == 0
    d = cli("digest", "--store", postgres_url, "--day", "2024-04-05", "--format", "json")
    assert d.exit_code == 0, d.stderr
    assert [e["update"] for e in json.loads(d.stdout)["entries"]] == [False]
    bad = postgres_url.rsplit(":", 1)[0] + ":1/nowhere"
    one_error_line(cli("stats", "--store", bad), "nowhere")


def test_the_command_line_batch_size_is_the_librarys():
    import inspect

    from tomtat.cli import ingest as command
    from tomtat.store.ingest import BATCH_SIZE

    fn = next(f for name, f in inspect.getmembers(command, inspect.isfunction) if f.__module__ == command.__name__
              and "batch_size" in inspect.signature(f).parameters)
    assert inspect.signature(fn).parameters["batch_size"].default.default == BATCH_SIZE
