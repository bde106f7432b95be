"""POST /v1/digest: a feed in, its threads summarized out, exactly as `tomtat digest` makes them.

The feed is the invented one of the story-clustering tests (tests/stories_feed.py): four stories, each a thread
of its own; tests/test_digest_threads.py has a thread of several events.
"""
import json

import pytest
from fastapi.testclient import TestClient
from stories_feed import feed_rows

from tomtat.server import Limits
from tomtat.server.app import create_app
from tomtat.stories.cluster import cluster_articles
from tomtat.stories.digest import build_digest
from tomtat.stories.feed import article_from_object
from tomtat.stories.render import digest_dict, render_html, story_dict


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(Limits(workers=1))) as c:
        yield c


def articles():
    return [obj | {"url": f"https://bao.example/{obj['id']}"} for _, obj in feed_rows(with_dates=True)]


def post(client, payload, content_type="application/json"):
    return client.post("/v1/digest", content=json.dumps(payload, ensure_ascii=False).encode(),
                       headers={"content-type": content_type})


def library_digest(objects, **options):
    feed = [article_from_object(o, f"articles[{i}]") for i, o in enumerate(objects)]
    stories = cluster_articles(feed)
    return stories, build_digest(stories, **options)


def test_json_digest_is_the_library_digest(client):
    r = post(client, {"articles": articles()})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/json")
    got = r.json()
    stories, digest = library_digest(articles(), min_size=2)
    assert got["articles"] == 9 and got["stories"] == len(stories) == 4 and got["threads"] == 4
    assert got == digest_dict(digest)
    assert got["digest"] == [story_dict(t) for t in digest.threads]
    sizes = [s["size"] for s in got["digest"]]
    assert sizes == [3, 3, 2]  # the lone article is not summarized at the default min_size 2, largest first
    assert [o["url"] for o in got["other_news"]] == ["https://bao.example/books-0"]   # it is other news
    assert got["other_news"][0]["date"] == "2024-09-28" and got["other_news"][0]["size"] == 1
    flood = next(s for s in got["digest"] if s["documents"][0]["url"].startswith("https://bao.example/flood"))
    assert {d["url"] for d in flood["documents"]} == {f"https://bao.example/flood-{k}" for k in range(3)}
    assert flood["first_date"] == "2024-08-15" and flood["last_date"] == "2024-08-16"
    assert flood["thread"].startswith("thread-") and flood["thread_headline"] == flood["headline"]
    assert flood["outlets"] == ["bao.example"] and "events" not in flood   # one event: its summary as before
    assert all(d["url"].startswith("https://bao.example/") for d in flood["documents"])
    for s in got["digest"]:
        for sent in s["sentences"]:  # provenance: articles[i] and offsets into that article's text
            i = int(sent["source"].split("[")[1].rstrip("]"))
            assert articles()[i]["text"][sent["start"]:sent["end"]] == sent["text"]


def test_html_and_text_formats_top_and_min_size(client):
    r = post(client, {"articles": articles(), "format": "html", "min_size": 1})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    stories, digest = library_digest(articles(), min_size=1)
    assert r.text == render_html(digest)
    t = post(client, {"articles": articles(), "format": "text", "top": 1})
    assert t.status_code == 200 and t.headers["content-type"].startswith("text/plain")
    j = post(client, {"articles": articles(), "top": 1}).json()
    assert len(j["digest"]) == 1 and j["digest"][0]["headline"] in t.text
    assert "Tin khác:" in t.text and j["other_news"][0]["headline"] in t.text


def test_plain_strings_are_articles(client):
    texts = [obj["text"] for _, obj in feed_rows()]
    r = post(client, {"articles": texts, "min_size": 3})
    assert r.status_code == 200, r.text
    assert [s["size"] for s in r.json()["digest"]] == [3, 3]
    assert [o["size"] for o in r.json()["other_news"]] == [2, 1]   # below min_size 3: listed, not summarized


@pytest.mark.parametrize("payload, words", [
    ({"articles": []}, ["no articles"]),
    ({"articles": [{"title": "chỉ có tiêu đề"}]}, ["articles[0]", "text"]),
    ({"articles": [{"text": "Một bài báo.", "date": "13/01/2022"}]}, ["articles[0].date", "ISO"]),
    ({"articles": [{"text": "   "}]}, ["articles[0]"]),
    ({"articles": [{"text": 5}]}, ["articles[0].text", "string"]),
    ({"articles": "không phải danh sách"}, ["articles"]),
    ({"articles": [{"text": "Một bài."}], "min_size": 0}, ["min_size"]),
    ({"articles": [{"text": "Một bài."}], "format": "pdf"}, ["format"]),
    ([1, 2], ["object"]),
])
def test_unusable_feeds_are_422_with_a_readable_detail(client, payload, words):
    r = post(client, payload)
    assert r.status_code == 422, r.text
    detail = r.json()["detail"]
    assert isinstance(detail, str) and all(w in detail for w in words), detail


def test_article_limit_and_content_type():
    with TestClient(create_app(Limits(workers=1, max_articles=3))) as c:
        r = post(c, {"articles": articles()})
        assert r.status_code == 422 and "too many articles: 9 (at most 3" in r.json()["detail"]
        r = post(c, {"articles": articles()[:3]}, content_type="text/csv")
        assert r.status_code == 415
