"""The store keeps each article's representation (schema 4): a stored article is never processed again, a
version 3 store with articles opens and goes on, the kept rows are the same bytes on every run, and rows made
by other code are made again. The articles are the invented karaoke-fire saga of tests/threads_feed.py."""
import json
import sqlite3

import pytest
from test_store import DAY1, DAY2, cli, last_json, membership, write_feed

import tomtat.stories.represent as represent
from tomtat.feeds.sources import gather
from tomtat.store import SCHEMA_VERSION, open_store
from tomtat.store import features as features_mod
from tomtat.store.ingest import ingest


@pytest.fixture
def counted(monkeypatch):
    """How many times the per-article work (cleaning, terms, names, signals) ran, per headline."""
    calls: list[str] = []
    real = represent.article_terms

    def counting(article):
        calls.append(article.title)
        return real(article)

    monkeypatch.setattr(represent, "article_terms", counting)
    return calls


def ingest_file(db, path):
    found = gather([path], lambda w: None)
    store = open_store(db)
    try:
        return ingest(store, found.articles)
    finally:
        store.close()


def test_a_stored_article_is_not_processed_again(tmp_path, counted):
    db = str(tmp_path / "store.db")
    day1, day2 = write_feed(tmp_path / "d1.jsonl", DAY1), write_feed(tmp_path / "d2.jsonl", DAY2)
    ingest_file(db, day1)
    assert len(counted) == len(DAY1)
    counted.clear()
    report = ingest_file(db, day2)
    assert report.added == len(DAY2)
    assert len(counted) == len(DAY2)          # the day-1 articles, all in the window, were not processed again
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT count(*) FROM article_features").fetchone()[0] == len(DAY1) + len(DAY2)
        docs = con.execute("SELECT documents FROM term_stats WHERE name = 'terms'").fetchone()[0]
        assert docs == len(DAY1) + len(DAY2)
    counted.clear()
    ingest_file(db, day2)                     # all seen before: nothing processed
    assert counted == []


def _kept_rows(db):
    with sqlite3.connect(db) as con:
        return (con.execute("SELECT * FROM article_features ORDER BY article_id").fetchall(),
                con.execute("SELECT * FROM term_stats ORDER BY name").fetchall(),
                con.execute("SELECT id, event_id, title FROM articles ORDER BY id").fetchall(),
                con.execute("SELECT id, thread_id, headline, size FROM events ORDER BY id").fetchall())


def test_same_input_gives_byte_identical_stores(tmp_path):
    day1, day2 = write_feed(tmp_path / "d1.jsonl", DAY1), write_feed(tmp_path / "d2.jsonl", DAY2)
    kept = []
    for name in ("a.db", "b.db"):
        db = str(tmp_path / name)
        ingest_file(db, day1)
        ingest_file(db, day2)
        kept.append(_kept_rows(db))
    assert kept[0] == kept[1]


def test_a_version_3_store_with_articles_is_migrated_and_goes_on(tmp_path, counted):
    day1, day2 = write_feed(tmp_path / "d1.jsonl", DAY1), write_feed(tmp_path / "d2.jsonl", DAY2)
    fresh = str(tmp_path / "fresh.db")
    ingest_file(fresh, day1)
    ingest_file(fresh, day2)
    # A store as tomtat's schema 3 made it: the same tables and rows, without the kept representations.
    old = str(tmp_path / "old.db")
    ingest_file(old, day1)
    with sqlite3.connect(old) as con:
        con.execute("DROP TABLE article_features")
        con.execute("DROP TABLE term_stats")
        con.execute("DROP TABLE article_captions")
        con.execute("UPDATE meta SET value = '3' WHERE key = 'schema'")
    counted.clear()
    assert last_json(cli("stats", "--store", old))["schema"] == SCHEMA_VERSION == 5
    with sqlite3.connect(old) as con:
        assert con.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()[0] == "5"
        assert con.execute("SELECT count(*) FROM article_features").fetchone()[0] == 0
    ingest_file(old, day2)
    # the stored day-1 articles within the window are represented once, from their text, when the first ingest
    # needs them (the others stay as they are until one does)
    titles = [t for (t,) in _titles(DAY1 + DAY2)]
    assert len(counted) == len(set(counted)) and set(counted) <= set(titles)
    assert {t for (t,) in _titles(DAY2)} <= set(counted)
    with sqlite3.connect(old) as con:
        assert con.execute("SELECT count(*) FROM article_features").fetchone()[0] == len(counted)
    assert membership(old) == membership(fresh)
    counted.clear()
    ingest_file(old, write_feed(tmp_path / "d2b.jsonl", DAY2))
    assert counted == []


def _titles(ids):
    from threads_feed import ARTICLES

    return [(ARTICLES[i][0],) for i in ids]


def test_rows_made_by_other_code_are_made_again(tmp_path, counted, monkeypatch):
    day1, day2 = write_feed(tmp_path / "d1.jsonl", DAY1), write_feed(tmp_path / "d2.jsonl", DAY2)
    db = str(tmp_path / "store.db")
    ingest_file(db, day1)
    with sqlite3.connect(db) as con:
        before = con.execute("SELECT documents, df FROM term_stats WHERE name = 'terms'").fetchone()
        con.execute("UPDATE article_features SET version = 'older'")
    counted.clear()
    ingest_file(db, day2)
    with sqlite3.connect(db) as con:
        versions = dict(con.execute("SELECT version, count(*) FROM article_features GROUP BY version").fetchall())
        docs = con.execute("SELECT documents FROM term_stats WHERE name = 'terms'").fetchone()[0]
    remade = len(counted) - len(DAY2)
    assert remade >= 1 and versions.get(features_mod.version()) == len(DAY2) + remade
    assert docs == before[0] + len(DAY2)      # the older rows' counts left before the new ones came in


def test_signals_round_trip_through_json():
    from tomtat.stories.places import Places
    from tomtat.stories.signals import EventSignals

    s = EventSignals(days=frozenset({(2024, 3, 1), (None, 2, 29)}), places=Places(frozenset({"Hà Nội"}),
                     frozenset({"ba đình"}), frozenset()), numbers=frozenset({"3", "1.5"}),
                     lead_days=frozenset({(2024, 3, 1)}))
    text = features_mod.encode_signals(s)
    assert features_mod.decode_signals(text) == s
    assert text == features_mod.encode_signals(features_mod.decode_signals(text))
    with pytest.raises(ValueError):
        features_mod.decode_value(json.loads('{"@": "os:system"}'))


# --- the work of an ingest does not grow with the store ---

def _stored_like(rng, m, width, centre):
    """m stored articles, each a noisy copy of `centre` (all near one another and the new articles)."""
    import numpy as np

    from tomtat.store.incremental import Stored

    out = []
    for i in range(m):
        v = centre + 0.3 * rng.random(width)
        v /= np.linalg.norm(v)
        out.append(Stored(i + 1, i + 1, i + 1, f"k{i:05d}", (np.arange(width, dtype=np.int32), v.astype(np.float32)),
                          np.zeros(0)))
    return out


def test_candidates_per_new_article_are_bounded_whatever_the_store():
    """However many stored articles are near, a new one is scored against at most STORED_NEIGHBOURS of them
    (its nearest) plus BACK_NEIGHBOURS (stored ones it would enter the list of)."""
    import numpy as np
    import scipy.sparse as sp

    from tomtat.store import incremental

    rng = np.random.default_rng(0)
    width, n_new = 40, 5
    centre = rng.random(width)
    new = np.vstack([centre + 0.3 * rng.random(width) for _ in range(n_new)])
    new /= np.linalg.norm(new, axis=1, keepdims=True)
    new_x = sp.csr_matrix(new.astype(np.float32))
    keys = [f"n{i}" for i in range(n_new)]
    bound = incremental.STORED_NEIGHBOURS + incremental.BACK_NEIGHBOURS
    counts = []
    for m in (30, 300, 3000):
        stored = _stored_like(rng, m, width, centre)
        a, b = incremental.candidates(new_x, stored, keys, incremental.NEIGHBOURS, incremental.STORED_NEIGHBOURS,
                                      incremental.BACK_NEIGHBOURS)
        assert (b >= m).all()                          # every pair has a new article
        per_new = np.bincount(b[a < m] - m, minlength=n_new)
        assert per_new.max() <= bound
        counts.append(len(a))
    assert counts[1] == counts[2]                      # a store ten times larger: the same number of pairs
    # without the bounds, every near stored article with room in its list takes every new one
    unbounded = incremental.candidates(new_x, stored, keys, incremental.NEIGHBOURS)
    assert len(unbounded[0]) > 10 * counts[2]
