"""Story clustering (`tomtat cluster`): partition, sources, inputs, errors, and what `batch` makes of it."""
import json
import random
import subprocess
import sys

import pytest
from stories_feed import BRIDGE_3, FLOOD_1, FLOOD_PARAGRAPH, STORIES, feed_rows

from tomtat.stories.cluster import cluster_articles, story_row
from tomtat.stories.feed import Article, read_feed


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "tomtat", *args], capture_output=True, text=True, cwd=cwd, timeout=180)


def articles(rows):
    return [Article(text=obj["text"], source=f"feed.jsonl:{k}", id=obj["id"]) for k, (_, obj) in enumerate(rows, 1)]


def partition(stories):
    """The stories as a set of sets of article ids (input positions do not enter it)."""
    return {frozenset(a.id for a in s.articles) for s in stories}


def write_jsonl(path, objects):
    path.write_text("".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objects), encoding="utf-8")


def test_stories_are_found_and_kept_apart():
    rows = feed_rows()
    stories = cluster_articles(articles(rows))
    name_of = {obj["id"]: name for name, obj in rows}
    found = {frozenset(name_of[i] for i in group) for group in partition(stories)}
    assert found == {frozenset({n}) for n in STORIES}, partition(stories)
    assert [s.size for s in stories] == [3, 3, 2, 1]   # largest first


def test_shared_paragraph_does_not_chain_two_stories():
    # BRIDGE_3 quotes the flood story's lead paragraph word for word; it must stay with the bridge.
    assert FLOOD_PARAGRAPH in BRIDGE_3 and FLOOD_PARAGRAPH in FLOOD_1
    stories = cluster_articles(articles(feed_rows()))
    story_of = {a.id: k for k, s in enumerate(stories) for a in s.articles}
    assert story_of["bridge-2"] == story_of["bridge-0"] != story_of["flood-0"]


def test_average_linkage_does_not_chain_through_one_pair():
    # a1~a2 and b1~b2 are close; a2 and b1 share one term (cosine 0.33, above the threshold): single linkage
    # would chain all four, the mean over all pairs of the two groups (0.33 / 4) keeps them apart.
    import numpy as np
    import scipy.sparse as sp
    from sklearn.preprocessing import normalize

    from tomtat.stories.linkage import average_linkage

    x = normalize(sp.csr_matrix(np.array([[1, 1, 0, 0, 0], [1, 1, 1, 0, 0], [0, 0, 1, 1, 1], [0, 0, 0, 1, 1]], dtype=float)))
    rows, cols = np.triu_indices(4, 1)
    sims = np.asarray(x[rows].multiply(x[cols]).sum(axis=1)).ravel()
    assert sims.max() > 0.8 and 0.3 < sims[(rows == 1) & (cols == 2)][0] < 0.34
    assert average_linkage(4, rows, cols, sims, 0.3).tolist() == [0, 0, 2, 2]
    assert average_linkage(4, rows, cols, sims, 0.05).tolist() == [0, 0, 0, 0]   # a low bar does merge them
    # a pair missing from the graph counts as 0: with only the bridge left, the groups' mean is 0.33 / 4
    bridge = (rows == 1) & (cols == 2)
    inner = ((rows == 0) & (cols == 1)) | ((rows == 2) & (cols == 3))
    sparse = bridge | inner
    assert average_linkage(4, rows[sparse], cols[sparse], sims[sparse], 0.3).tolist() == [0, 0, 2, 2]
    assert average_linkage(4, rows[sparse], cols[sparse], sims[sparse], 0.05).tolist() == [0, 0, 0, 0]


def test_a_pairs_features_are_its_own_whatever_the_other_pairs_and_their_order():
    """A pair's features read only its two articles: scoring it beside other pairs, alone, or with its two
    articles swapped gives the same row (so an unrelated article arriving cannot change whether two others
    are one story)."""
    import numpy as np
    import scipy.sparse as sp

    from tomtat.stories.pairs import pair_features
    from tomtat.stories.signals import event_signals

    rng = np.random.default_rng(1)
    n, width = 12, 40
    mats = [sp.random(n, width, density=0.3, random_state=k, format="csr", dtype=np.float32) for k in range(3)]
    signals = [event_signals(f"Cháy nhà số {k}", "", [f"Sáng {k + 1}/3, vụ cháy ở Hà Nội làm {k} người bị thương."])
               for k in range(n)]
    pairs = sorted({(int(a), int(b)) for a, b in rng.integers(0, n, size=(40, 2)) if a < b})
    rows = np.array([p[0] for p in pairs], dtype=np.int64)
    cols = np.array([p[1] for p in pairs], dtype=np.int64)
    every = pair_features(*mats, signals, rows, cols)
    some = np.arange(0, len(rows), 3)
    np.testing.assert_array_equal(pair_features(*mats, signals, rows[some], cols[some]), every[some])
    np.testing.assert_array_equal(pair_features(*mats, signals, cols, rows), every)


def test_names_are_capitalised_runs_not_sentence_openers():
    from tomtat.stories.entities import names

    text = "Hôm qua, ông Nguyễn Văn An đến Hà Giang. Trời mưa to ở xã Lũng Cú và cầu Mỹ Thuận 2."
    assert names(text) == ["nguyễn văn an", "hà giang", "lũng cú", "mỹ thuận 2"]


def test_partition_does_not_depend_on_input_order():
    rows = feed_rows()
    expected = partition(cluster_articles(articles(rows)))
    for seed in range(3):
        shuffled = rows[:]
        random.Random(seed).shuffle(shuffled)
        assert partition(cluster_articles(articles(shuffled))) == expected


def test_copies_share_a_story_and_headline_is_a_member_title():
    rows = feed_rows() + [("flood", {"id": "copy", "text": FLOOD_1})]
    stories = cluster_articles(articles(rows))
    story_of = {a.id: k for k, s in enumerate(stories) for a in s.articles}
    assert story_of["copy"] == story_of["flood-0"]
    flood = stories[story_of["copy"]]
    assert flood.size == 4 and flood.headline in flood.titles


def test_time_window_splits_far_apart_dates():
    rows = feed_rows(with_dates=True)
    arts = [Article(text=o["text"], source=f"f:{k}", id=o["id"], date=__import__("datetime").date.fromisoformat(o["date"]))
            for k, (_, o) in enumerate(rows, 1)]
    # The third flood article published eleven days later: its "Sáng 15/8" is still 15/8/2024, so without a
    # window it is the same event; with a window of three days it is not. (Four years off, its "15/8" would
    # be 15/8/2020: a different event by its own words, window or not.)
    arts[2].date = arts[2].date.replace(day=27)
    together = {a.id: k for k, s in enumerate(cluster_articles(arts)) for a in s.articles}
    apart = {a.id: k for k, s in enumerate(cluster_articles(arts, window=3)) for a in s.articles}
    assert together["flood-2"] == together["flood-0"]
    assert apart["flood-2"] != apart["flood-0"] and apart["flood-1"] == apart["flood-0"]


def test_story_row_is_abmusu_shaped():
    stories = cluster_articles(articles(feed_rows(with_dates=False)))
    row = story_row(stories[0], 1)
    assert row["id"] == "story-00001" and row["size"] == 3 == len(row["single_documents"])
    assert all({"title", "raw_text", "source"} <= set(d) for d in row["single_documents"])


def test_cli_jsonl_sources_every_article_once_and_batch_accepts(tmp_path):
    rows = feed_rows(with_dates=True)
    feed = tmp_path / "feed.jsonl"
    write_jsonl(feed, [obj | {"url": f"https://bao.example/{obj['id']}"} for _, obj in rows])
    out = tmp_path / "stories.jsonl"
    p = run("cluster", str(feed), "-o", str(out), "--quiet")
    assert p.returncode == 0, p.stderr
    stories = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    sources = sorted(int(d["source"].rsplit(":", 1)[1]) for s in stories for d in s["single_documents"])
    assert sources == list(range(1, len(rows) + 1))
    assert all(d["source"].startswith(str(feed)) and d["url"].startswith("https://") and d["date"]
               for s in stories for d in s["single_documents"])
    assert [s["id"] for s in stories] == [f"story-{k:05d}" for k in range(1, len(stories) + 1)]
    again = tmp_path / "again.jsonl"
    assert run("cluster", str(feed), "-o", str(again), "--quiet").returncode == 0
    assert again.read_bytes() == out.read_bytes()   # deterministic
    on_dask = tmp_path / "dask.jsonl"
    d = run("cluster", str(feed), "-o", str(on_dask), "--quiet", "--engine", "dask", "--workers", "2")
    assert d.returncode == 0 and d.stderr == "", d.stderr   # nothing on stderr, not even the engine's shutdown
    assert on_dask.read_bytes() == out.read_bytes()
    b = run("batch", str(out), "-o", str(tmp_path / "sum.jsonl"), "--quiet")
    assert b.returncode == 0, b.stderr
    summaries = (tmp_path / "sum.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(summaries) == len(stories) and all(json.loads(s)["summary"] for s in summaries)


def test_cli_min_size_abmusu_rows_and_folders(tmp_path):
    rows = feed_rows()
    abmusu = tmp_path / "abmusu.jsonl"
    # AbMuSu rows: the grouping in the file is ignored, every document is one article.
    write_jsonl(abmusu, [{"single_documents": [{"title": "", "anchor_text": "", "raw_text": o["text"]} for _, o in rows[:4]]},
                         {"single_documents": [{"title": "", "anchor_text": "", "raw_text": o["text"]} for _, o in rows[4:]]}])
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "a.txt").write_text(STORIES["fuel"][0], encoding="utf-8")
    (folder / "b.txt").write_text(STORIES["fuel"][1], encoding="utf-8")
    out = tmp_path / "s.jsonl"
    p = run("cluster", str(abmusu), str(folder), "-o", str(out), "--min-size", "2")
    assert p.returncode == 0, p.stderr
    stories = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert all(s["size"] >= 2 for s in stories) and len(stories) == 3
    fuel = next(s for s in stories if s["size"] == 4)
    assert {d["source"] for d in fuel["single_documents"]} == {
        f"{abmusu}:2#2", f"{abmusu}:2#3", str(folder / "a.txt"), str(folder / "b.txt")}
    assert "11 articles, 4 events" in p.stderr and "3 events with at least 2 articles" in p.stderr


@pytest.mark.parametrize("case", ["missing", "all_bad", "empty_folder"])
def test_cli_unusable_input_is_exit_2_one_line(tmp_path, case):
    if case == "missing":
        args, word = [str(tmp_path / "nope.jsonl")], "nope.jsonl"
    elif case == "all_bad":
        bad = tmp_path / "bad.jsonl"
        bad.write_text('{"text": ""}\nnot json\n', encoding="utf-8")
        args, word = [str(bad)], "bad.jsonl"
    else:
        (tmp_path / "empty").mkdir()
        args, word = [str(tmp_path / "empty")], "empty"
    p = run("cluster", *args, "-o", str(tmp_path / "out.jsonl"))
    assert p.returncode == 2 and word in p.stderr and "Traceback" not in p.stderr
    assert p.stderr.strip().splitlines()[-1].startswith("tomtat: error:")


def test_bad_lines_are_skipped_with_a_warning_naming_file_and_line(tmp_path):
    feed = tmp_path / "feed.jsonl"
    good = [obj for _, obj in feed_rows()[:2]]
    feed.write_text(json.dumps(good[0], ensure_ascii=False) + "\n{broken\n\n" + json.dumps({"title": "x"}) + "\n"
                    + json.dumps(good[1], ensure_ascii=False) + "\n", encoding="utf-8")
    warnings = []
    arts = read_feed([str(feed)], warnings.append)
    assert [a.source for a in arts] == [f"{feed}:1", f"{feed}:5"]
    assert any(f"{feed}:2" in w for w in warnings) and any(f"{feed}:4" in w for w in warnings)


def test_lone_surrogates_in_a_feed_become_replacement_characters(tmp_path):
    """A JSON "\\ud800" escape in an article (text, title, id) must not crash writing the stories or the digest."""
    feed = tmp_path / "feed.jsonl"
    objs = [obj for _, obj in feed_rows()[:3]]
    objs[0] = objs[0] | {"text": objs[0]["text"].replace("Hà Giang", "Hà \ud800Giang", 1), "title": "Lũ \udfff"}
    feed.write_text("".join(json.dumps(o, ensure_ascii=True).replace("\\\\u", "\\u") + "\n" for o in objs),
                    encoding="utf-8")
    assert "\\ud800" in feed.read_text(encoding="utf-8")
    out = tmp_path / "stories.jsonl"
    p = run("cluster", str(feed), "-o", str(out), "--quiet")
    assert p.returncode == 0 and p.stderr == "", p.stderr
    texts = [d["raw_text"] for line in out.read_text(encoding="utf-8").splitlines()
             for d in json.loads(line)["single_documents"]]
    assert any("Hà \ufffdGiang" in t for t in texts)
    d = run("digest", str(feed), "--min-size", "1", "--format", "json", "--quiet")
    assert d.returncode == 0 and "\ufffd" in d.stdout, d.stderr


def test_cli_digest_formats(tmp_path):
    rows = feed_rows(with_dates=True)
    feed = tmp_path / "feed.jsonl"
    write_jsonl(feed, [obj | {"url": f"https://bao.example/{obj['id']}"} for _, obj in rows])
    j = run("digest", str(feed), "--format", "json", "--max-words", "60", "--quiet")
    assert j.returncode == 0, j.stderr
    *stories, other = [json.loads(line) for line in j.stdout.splitlines()]
    assert [s["size"] for s in stories] == [3, 3, 2]           # --min-size 2 by default; largest first
    assert [o["source"] for o in other["other_news"]] == [f"{feed}:9"]   # the lone article: a last line
    w2 = run("digest", str(feed), "--format", "json", "--max-words", "60", "--quiet", "--workers", "2")
    assert w2.returncode == 0 and w2.stderr == "" and w2.stdout == j.stdout   # stories summarized in 2 processes
    for s in stories:
        assert s["headline"] in {d["title"] for d in s["documents"]}
        assert 0 < len(s["summary"].split()) <= 60 and s["first_date"] <= s["last_date"]
        assert all(d["url"].startswith("https://bao.example/") for d in s["documents"])
        assert all(x["source"].startswith(str(feed)) and "date" in x for x in s["sentences"])
    t = run("digest", str(feed), "--format", "text", "--top", "1", "--min-size", "1", "--quiet")
    assert t.returncode == 0 and t.stdout.startswith("Điểm tin: 1 câu chuyện") and stories[0]["headline"] in t.stdout
    page = tmp_path / "d.html"
    h = run("digest", str(feed), "-o", str(page))
    assert h.returncode == 0 and h.stdout == "" and "9 articles, 4 stories, 3 summarized, 1 as other news" in h.stderr
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and html.count('<section class="story"') == 3


def test_alike_incidents_in_different_places_and_days_are_separate_events():
    """Abandoned babies in four provinces, raids on three bars: as many events (and threads); a direct
    follow-up stays with its event. The feed is ordered two ways: the partition does not change."""
    from events_feed import SEPARATE

    arts = [Article(text=t, source=f"feed.jsonl:{name}#{k}", id=f"{name}#{k}")
            for name, texts in SEPARATE.items() for k, t in enumerate(texts)]
    expected = {frozenset(f"{name}#{k}" for k in range(len(texts))) for name, texts in SEPARATE.items()}
    for order in (arts, arts[::-1]):
        stories = cluster_articles(list(order))
        assert partition(stories) == expected
        threads = {}
        for s in stories:
            threads.setdefault(s.thread, set()).update(a.id.split("#")[0] for a in s.articles)
        assert all(len(names) == 1 for names in threads.values()), threads


def test_cli_level_thread_writes_one_line_per_thread(tmp_path):
    rows = feed_rows(with_dates=True)
    feed = tmp_path / "feed.jsonl"
    write_jsonl(feed, [obj for _, obj in rows])
    events, threads = tmp_path / "e.jsonl", tmp_path / "t.jsonl"
    assert run("cluster", str(feed), "-o", str(events), "--quiet").returncode == 0
    p = run("cluster", str(feed), "-o", str(threads), "--level", "thread", "--quiet")
    assert p.returncode == 0, p.stderr
    ev = [json.loads(x) for x in events.read_text(encoding="utf-8").splitlines()]
    th = [json.loads(x) for x in threads.read_text(encoding="utf-8").splitlines()]
    assert all(e["thread"].startswith("thread-") and "thread_headline" in e for e in ev)
    by_thread = {}
    for e in ev:
        by_thread.setdefault(e["thread"], set()).update(d["id"] for d in e["single_documents"])
    assert {t["id"]: {d["id"] for d in t["single_documents"]} for t in th} == by_thread
    assert [t["id"] for t in th] == sorted(t["id"] for t in th) and len({t["id"] for t in th}) == len(th)
    assert all(t["size"] == len(t["single_documents"]) and t["thread"] == t["id"] for t in th)



def test_the_seeds_posted_once_or_twice_are_one_thread_of_several_events(seeds_dir):
    """The seeds (NATO-Russia, 2019-2023) are one saga of several events, and a text posted again is one text:
    each copy joins its original and the rest is as the feed posted once. (The document frequencies count each
    text once; before, every word of one text only survived when the text came twice, and the seeds posted
    twice fell into five events in three threads.)"""
    texts = [f.read_text(encoding="utf-8") for f in sorted(seeds_dir.glob("*.txt"))]
    once = cluster_articles([Article(text=t, source=f"feed.jsonl:{k}", id=f"s{k}") for k, t in enumerate(texts)])
    twice = cluster_articles([Article(text=t, source=f"feed.jsonl:{k}", id=f"s{k % len(texts)}")
                              for k, t in enumerate(texts + texts)])
    assert len({s.thread for s in once}) == 1 and len(once) >= 3
    assert len({s.thread for s in twice}) == 1
    assert sorted(sorted(a.id for a in s.articles) for s in twice) == \
        sorted(sorted(a.id for a in s.articles for _ in range(2)) for s in once)


def test_a_repeated_row_counts_once_in_the_document_frequencies():
    import numpy as np
    import scipy.sparse as sp

    from tomtat.stories.represent import N_FEATURES, first_rows, tfidf

    dense = np.array([[2, 1, 0, 0], [0, 1, 1, 0], [1, 0, 0, 3]], dtype=np.float32)
    rows, cols = np.nonzero(dense)
    once = sp.csr_matrix((dense[rows, cols], (rows, cols * 7919 + 11)), shape=(3, N_FEATURES))
    twice = sp.vstack([once, once[2]]).tocsr()
    assert first_rows(twice).tolist() == [0, 1, 2, 2]
    repeats = np.array([3])
    empty = sp.csr_matrix((2, N_FEATURES), dtype=np.float32)
    assert first_rows(sp.vstack([once, empty]).tocsr()).tolist() == [0, 1, 2, 3, 4]   # two texts without a word are two
    got = tfidf(twice, full=True, repeats=repeats).toarray()
    np.testing.assert_allclose(got[:3], tfidf(once, full=True).toarray(), rtol=1e-6)
    np.testing.assert_allclose(got[3], got[2], rtol=1e-6)
