"""Digest as threads and events (`tomtat digest`, POST /v1/digest): a thread of several events reads as a dated
timeline of one-to-three-sentence events, a lone event as its summary, small events as "Tin khác".

The feed is tests/threads_feed.py. Most tests take its events and threads as built by hand (so they do not hang
on the clustering models); the end-to-end ones at the bottom let `tomtat cluster` find them.
"""
import datetime as dt
import json
import re
import subprocess
import sys
from html import escape

import pytest
from threads_feed import ARTICLES, ROUNDUP, XSS, feed_objects, saga_stories

from tomtat.stories.cluster import Story
from tomtat.stories.digest import EVENT_SENTENCES, EVENT_WORDS, build_digest, outlet_of, story_documents
from tomtat.stories.feed import Article
from tomtat.stories.render import digest_dict, render_html, render_json, render_text, story_dict
from tomtat.stories.roundups import is_roundup


@pytest.fixture(scope="module")
def digest():
    return build_digest(saga_stories(), max_words=200)


def test_a_thread_of_events_is_a_timeline_oldest_first_undated_last(digest):
    assert [t.id for t in digest.threads] == ["thread-00001", "thread-00002"]   # threads in number order
    saga = digest.threads[0]
    assert saga.timeline and [e.id for e in saga.events] == ["story-00002", "story-00001", "story-00004"]
    assert [e.dates[:1] for e in saga.events] == [[dt.date(2024, 3, 12)], [dt.date(2024, 4, 5)], []]
    line = story_dict(saga)
    assert line["id"] == line["thread"] == "thread-00001" and line["size"] == 6
    assert [e["id"] for e in line["events"]] == ["story-00002", "story-00001", "story-00004"]
    assert [e["first_date"] for e in line["events"]] == ["2024-03-12", "2024-04-05", None]
    assert (line["first_date"], line["last_date"]) == ("2024-03-12", "2024-04-05")


def test_each_event_is_one_to_three_whole_sentences(digest):
    for e in digest.threads[0].events:
        sentences = e.summary.sentences
        assert 1 <= len(sentences) <= EVENT_SENTENCES
        assert len(e.summary.text.split()) <= EVENT_WORDS
        for s in sentences:   # whole sentences, exactly as written in their article
            doc = e.summary.cluster.documents[s.doc]
            assert doc.text[s.start:s.end] == s.text and s.text.endswith((".", "!", "?"))
    fuel = digest.threads[1]   # a thread of one event: its summary as `summarize` makes it
    assert not fuel.timeline
    import tomtat

    expected = tomtat.summarize(story_documents(fuel.events[0].story), max_words=200)
    assert fuel.events[0].summary.text == expected.text


def test_an_event_whose_sentences_outrun_the_small_budget_still_gets_one():
    long = " ".join(["Hội đồng nhân dân thành phố đã họp bàn"] * 9) + " về dự án cầu mới."   # 82 syllables
    text = f"Họp bàn dự án cầu\n{long} Dự án được thông qua."
    a = Article(text=text, source="a", title="Họp bàn dự án cầu", date=dt.date(2024, 1, 2))
    b = Article(text=text.replace("Họp bàn", "Bàn"), source="b", title="Bàn dự án cầu", date=dt.date(2024, 2, 20))
    stories = [Story([a], "Họp bàn dự án cầu", ["Họp bàn dự án cầu"], [1.0], 1, "Họp bàn dự án cầu"),
               Story([b], "Bàn dự án cầu", ["Bàn dự án cầu"], [1.0], 1, "Họp bàn dự án cầu")]
    d = build_digest(stories, max_words=200)
    for e in d.threads[0].events:
        assert len(e.summary.sentences) == 1 and e.summary.sentences[0].text == long   # whole, not cut


def test_sources_are_numbered_alike_in_text_json_and_html(digest):
    text, html = render_text(digest), render_html(digest)
    for thread in digest.threads:
        line = story_dict(thread)
        assert [d["doc"] for d in line["documents"]] == list(range(len(line["documents"])))
        for e in line.get("events", [line]):
            for s in e["sentences"]:
                doc = line["documents"][s["doc"]]
                assert doc["source"] == s["source"]               # [n] = doc + 1 names the sentence's article
                n = s["doc"] + 1
                assert f"{s['text']} [{n}]" in text
                assert f'{escape(s["text"])}<sup class="src">[{n}]</sup>' in html
                assert re.search(rf"\[{n}\] {re.escape(doc['title'])} — .*{re.escape(doc['source'])}", text)
                assert f'<li value="{n}">' in html
        for e in line.get("events", []):
            assert {d["event"] for d in e["documents"]} == {e["id"]}
            assert all(s["event"] == e["id"] for s in e["sentences"])
    saga = story_dict(digest.threads[0])
    # a source of the second event on the timeline is numbered after the first event's two articles
    assert [d["source"] for d in saga["documents"]][:3] == ["feed.jsonl:1", "feed.jsonl:2", "feed.jsonl:3"]


def test_lone_articles_are_other_news_with_headline_outlet_date_and_link(digest):
    assert [o.id for o in digest.other] == ["story-00005"]
    lines = [json.loads(x) for x in render_json(digest).splitlines()]
    assert [x.get("id") for x in lines[:-1]] == ["thread-00001", "story-00003"]
    other = lines[-1]["other_news"]
    assert other == [{"id": "story-00005", "thread": "thread-00003", "headline": ARTICLES["books-0"][0], "size": 1,
                      "date": "2024-09-28", "outlet": "Báo Văn Hóa", "url": "https://vanhoa.example/hoi-sach",
                      "source": "feed.jsonl:9", "articles": [
                          {"title": ARTICLES["books-0"][0], "source": "feed.jsonl:9", "date": "2024-09-28",
                           "outlet": "Báo Văn Hóa", "url": "https://vanhoa.example/hoi-sach"}]}]
    text = render_text(digest)
    assert (f"Tin khác:\n  - {ARTICLES['books-0'][0]} — Báo Văn Hóa · 28/9/2024 <https://vanhoa.example/hoi-sach>"
            in text)
    html = render_html(digest)
    assert ('<li id="story-00005" data-thread="thread-00003"><a href="https://vanhoa.example/hoi-sach" '
            f'rel="noopener">{ARTICLES["books-0"][0]}</a> <span class="meta">— <span class="outlet">Báo Văn Hóa</span>'
            ' · <time datetime="2024-09-28">28/9/2024</time></span></li>') in html
    # with --min-size 1 the lone article is summarized and nothing is other news
    everything = build_digest(saga_stories(), min_size=1, max_words=60)
    assert len(everything.threads) == 3 and everything.other == []
    assert "other_news" not in render_json(everything) and "Tin khác" not in render_html(everything)


def test_small_threads_events_are_other_news_without_roundup_titles():
    stories = saga_stories()
    d = build_digest(stories, min_size=7)   # no thread has 7 articles: nothing summarized, all listed
    assert d.threads == [] and [o.id for o in d.other] == [f"story-0000{k}" for k in (1, 2, 4, 3, 5)]
    arrest = d.other[0]
    assert arrest.headline == ARTICLES["arrest-0"][0] and not is_roundup(arrest.headline)
    assert arrest.article.id == "arrest-0"
    entry = digest_dict(d)["other_news"][0]
    assert entry["headline"] == ARTICLES["arrest-0"][0] and entry["size"] == 3 and entry["outlet"] is None
    assert [a["outlet"] for a in entry["articles"]] == [None, "Báo Pháp Luật", "Báo Thủ Đô"]
    html = render_html(d)
    assert "javascript:" not in html and "Không có câu chuyện nào đủ số bài" in html


def test_roundup_title_is_never_the_headline(digest):
    saga = digest.threads[0]
    assert saga.headline == ARTICLES["arrest-0"][0]   # the arrest's real title, not the roundup
    line = story_dict(saga)
    assert line["headline"] == line["thread_headline"] == ARTICLES["arrest-0"][0]
    assert [e["headline"] for e in line["events"]][1] == ARTICLES["arrest-0"][0]
    html, text = render_html(digest), render_text(digest)
    assert f"<h2>{ARTICLES['arrest-0'][0]}</h2>" in html and f"1. {ARTICLES['arrest-0'][0]}" in text
    assert ROUNDUP not in re.sub(r'<ol class="sources">.*?</ol>', "", html, flags=re.S)   # only as a source
    assert all(ROUNDUP not in x for x in text.splitlines() if not x.strip().startswith("[")), text


def test_table_of_contents_shows_dates_and_outlets(digest):
    html = render_html(digest)
    nav = html[html.index("<nav>"):html.index("</nav>")]
    items = re.findall(r"<li>(.*?)</li>", nav)
    assert len(items) == 3
    assert 'href="#thread-00001"' in items[0] and "3 sự kiện · 6 bài" in items[0]
    assert '<span class="dates">12/3/2024 – 5/4/2024</span>' in items[0]
    # outlets: the feed's own, else the link's host (without www.), else none; each once, in source order
    assert '<span class="outlets">Báo Thủ Đô, tinnhanh.example, Báo Pháp Luật, thudo.example</span>' in items[0]
    assert 'href="#story-00003"' in items[1] and "2 bài · <span class=\"dates\">3/11/2024</span>" in items[1]
    assert '<span class="outlets">Báo Kinh Tế, kinhte.example</span>' in items[1]
    assert 'href="#other-news"' in items[2] and "(1 tin)" in items[2]
    text = render_text(digest)
    assert "   6 bài · 3 sự kiện · 12/3/2024 – 5/4/2024 · Báo Thủ Đô, tinnhanh.example, Báo Pháp Luật, thudo.example" in text
    assert outlet_of(Article(text="x", source="s", url="https://www.a.example/b")) == "a.example"
    assert outlet_of(Article(text="x", source="s", url="javascript:alert(1)")) == ""
    assert outlet_of(Article(text="x", source="s", url="http://[::1")) == ""


def test_json_lines_keep_every_field_and_add_threads_and_events(digest):
    *lines, last = [json.loads(x) for x in render_json(digest).splitlines()]
    base = ["id", "headline", "size", "first_date", "last_date", "summary", "sentences", "documents"]
    for line in lines:
        assert list(line)[:8] == base and {"thread", "thread_headline", "outlets"} <= set(line)
        assert all(k in s for s in line["sentences"] for k in ("text", "doc", "source", "sentence", "start", "end", "date"))
    saga, fuel = lines
    assert fuel["id"] == "story-00003" and fuel["thread"] == "thread-00002" and "events" not in fuel
    assert saga["summary"] == " ".join(e["summary"] for e in saga["events"])
    assert saga["sentences"] == [s for e in saga["events"] for s in e["sentences"]]
    for e in saga["events"]:
        assert list(e) == base and re.fullmatch(r"story-\d{5}", e["id"])
    assert saga["documents"][3] == saga["events"][1]["documents"][1]
    assert {d.get("id") for d in saga["documents"]} == {"fire-0", "fire-1", "arrest-0", "arrest-1", "arrest-2",
                                                       "support-0"}
    assert list(last) == ["other_news"]


def test_top_counts_threads_and_output_is_deterministic(digest):
    one = build_digest(saga_stories(), top=1)
    assert [t.id for t in one.threads] == ["thread-00001"] and len(one.threads[0].events) == 3
    assert [o.id for o in one.other] == ["story-00005"]   # --top keeps the K largest; small ones still listed
    again = build_digest(saga_stories(), max_words=200)
    for render in (render_html, render_text, render_json):
        assert render(again) == render(digest)
    pooled = build_digest(saga_stories(), max_words=200, workers=2)
    assert render_json(pooled) == render_json(digest)


def test_html_is_self_contained_and_escapes_feed_text(digest):
    html = render_html(digest)
    assert XSS not in html and "&lt;script&gt;window.__tomtat_xss" in html
    assert "javascript:" not in html and "<link" not in html and "src=" not in html
    assert re.findall(r'href="([^"#][^"]*)"', html) and all(
        u.startswith(("http://", "https://")) for u in re.findall(r'href="([^"#][^"]*)"', html))


# ---------------------------------------------------------------- end to end: the clusterer finds the threads


def test_cli_digest_reads_as_threads(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps(o, ensure_ascii=False) + "\n" for o in feed_objects()), encoding="utf-8")

    def run(*args):
        r = subprocess.run([sys.executable, "-m", "tomtat", "digest", str(feed), "--quiet", *args],
                           capture_output=True, text=True, timeout=300)
        assert r.returncode == 0, r.stderr
        return r.stdout

    *lines, other = [json.loads(x) for x in run("--format", "json").splitlines()]
    assert len(lines) == 1, lines   # the fire and the arrest: two events of one thread
    saga = lines[0]
    assert [e["first_date"] for e in saga["events"]] == ["2024-03-12", "2024-04-05"]
    assert not is_roundup(saga["headline"]) and all(not is_roundup(e["headline"]) for e in saga["events"])
    assert all(1 <= len(e["sentences"]) <= 3 for e in saga["events"])
    assert [o["url"] for o in other["other_news"]] == ["https://vanhoa.example/hoi-sach"]
    text = run("--format", "text")
    assert "Diễn biến:" in text and "Tin khác:" in text
    html = run("--format", "html")
    assert html.count('<li class="event"') == 2 and 'id="other-news"' in html


def test_server_digest_reads_as_threads():
    from fastapi.testclient import TestClient

    from tomtat.server import Limits
    from tomtat.server.app import create_app
    from tomtat.stories.cluster import cluster_articles
    from tomtat.stories.feed import article_from_object

    objects = feed_objects()
    stories = cluster_articles([article_from_object(o, f"articles[{i}]") for i, o in enumerate(objects)])
    library = build_digest(stories)
    with TestClient(create_app(Limits(workers=1))) as client:
        def post(**options):
            r = client.post("/v1/digest", json={"articles": objects, **options})
            assert r.status_code == 200, r.text
            return r

        got = post().json()
        assert got == digest_dict(library)
        assert got["threads"] == 2 and len(got["digest"]) == 1 and [e["id"] for e in got["digest"][0]["events"]]
        assert got["other_news"][0]["outlet"] == "Báo Văn Hóa"
        assert post(format="html").text == render_html(library)
        assert post(format="text").text == render_text(library)
        spec = client.get("/openapi.json").json()["components"]["schemas"]
        assert {"EventOut", "OtherNewsOut"} <= set(spec) and "events" in spec["StoryOut"]["properties"]
