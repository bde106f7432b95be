"""Thread-mates are never loaded in detail: when a day's articles reach only some events of a stored thread, the
thread's other events (mates, store/incremental.py) enter the thread linkage with their kept signals only, never
with their article, headline or term counts. Day 1 is the invented karaoke-fire saga of tests/threads_feed.py
(the fire and the owner's arrest: two events of one thread); day 2 is one invented article on the arrest only."""
import json
import sqlite3

import pytest
from test_store import membership, write_feed

import tomtat.store.incremental as incremental
import tomtat.store.ingest as ingest_mod
from tomtat.feeds.sources import gather
from tomtat.store import open_store

DAY1 = ("fire-0", "fire-1", "arrest-0", "arrest-1", "arrest-2")
FIRE, ARREST = ("fire-0", "fire-1"), ("arrest-0", "arrest-1", "arrest-2")

# Written for this test: the owner of the invented karaoke bar is charged (it follows the arrest, not the fire).
CHARGE_TITLE = "Truy tố chủ quán karaoke Ánh Sao"
CHARGE = ("Ngày 8/4, Viện kiểm sát nhân dân Hà Nội đã ban hành cáo trạng truy tố chủ quán karaoke Ánh Sao ở quận Cầu Giấy. "
          "Chủ quán karaoke Ánh Sao bị truy tố về tội vi phạm quy định về phòng cháy chữa cháy, sau khi bị bắt tạm giam "
          "ngày 5/4.")


def _ingest(db, path):
    found = gather([path], lambda w: None)
    store = open_store(db)
    try:
        return ingest_mod.ingest(store, found.articles)
    finally:
        store.close()


@pytest.fixture
def recorded(monkeypatch):
    """Each cluster_new call made by ingest: its load calls as (what, [stored ids]), its Outcome, and its stored
    articles as they were when it returned."""
    calls: list[dict] = []
    real = ingest_mod.cluster_new

    def wrapper(new, new_vectors, stored, stats, load, *args, **kwargs):
        loads: list[tuple[str, list[int]]] = []

        def recording(items, what):
            loads.append((what, [s.id for s in items]))
            return load(items, what)

        out = real(new, new_vectors, stored, stats, recording, *args, **kwargs)
        calls.append({"loads": loads, "outcome": out, "stored": {s.id: s for s in stored}})
        return out

    monkeypatch.setattr(ingest_mod, "cluster_new", wrapper)
    return calls


def test_thread_mates_are_loaded_with_their_signals_only(tmp_path, monkeypatch, recorded):
    # With the store's bounds (6 + 2 stored candidates) a new article on this small saga reaches every stored
    # article: all share the bar's name above CANDIDATE_COSINE. One stored candidate (its nearest) and none taken
    # back leave the day-2 article one event of the thread, so the other event's articles are mates.
    monkeypatch.setattr(incremental, "STORED_NEIGHBOURS", 1)
    monkeypatch.setattr(incremental, "BACK_NEIGHBOURS", 0)
    db = str(tmp_path / "store.db")
    _ingest(db, write_feed(tmp_path / "d1.jsonl", DAY1))
    day1 = membership(db)
    assert day1["fire-0"][0] != day1["arrest-0"][0] and day1["fire-0"][1] == day1["arrest-0"][1]   # one thread, two events

    day2 = tmp_path / "d2.jsonl"
    row = {"id": "charge-0", "title": CHARGE_TITLE, "text": f"{CHARGE_TITLE}\n{CHARGE}", "date": "2024-04-08"}
    day2.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    recorded.clear()
    report = _ingest(db, str(day2))
    assert report.added == 1 and len(recorded) == 1
    call = recorded[0]
    loaded: dict[str, set[int]] = {}
    for what, ids in call["loads"]:
        loaded.setdefault(what, set()).update(ids)
    signals_only = loaded.get("signals", set()) - loaded.get("details", set()) - loaded.get("counts", set())
    mates = loaded.get("signals", set())
    assert mates, "no thread-mates: the day-2 article reached every event of the thread"
    assert call["outcome"].mates == len(mates) > 0
    # A mate is never loaded in detail (nor its counts), and nothing else filled it in.
    assert mates == signals_only, (mates & loaded.get("details", set()), mates & loaded.get("counts", set()))
    for i in mates:
        s = call["stored"][i]
        assert s.article is None and s.headline == "" and s.counts is None and s.signals, i
    # The mates are the articles of the thread's other event (here the fire: the charge follows the arrest).
    with sqlite3.connect(db) as con:
        ext = dict(con.execute("SELECT id, ext_id FROM articles").fetchall())
    mate_events = {day1[ext[i]][0] for i in mates}
    seen_events = {day1[ext[i]][0] for i in loaded["details"]}
    assert mate_events.isdisjoint(seen_events)
    assert {ext[i] for i in mates} in ({*FIRE}, {*ARREST})
