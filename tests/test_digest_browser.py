"""The digest page in Debian's Chromium: stories largest first, each with headline, count, dates, a dated
summary and links to its sources; feed text is shown, never run. Skips when chromium is absent."""
import datetime as dt
import pathlib

import pytest
from browser_page import chromium_page
from stories_feed import feed_rows

from tomtat.stories.cluster import cluster_articles
from tomtat.stories.digest import build_digest
from tomtat.stories.feed import Article
from tomtat.stories.render import render_html

SCREENSHOT = pathlib.Path(__file__).resolve().parent.parent / "benchmarks" / "results" / "digest_page.png"
XSS = "<script>window.__tomtat_xss = 1</script>"


@pytest.fixture(scope="module")
def page():
    with chromium_page(1100) as page:
        yield page


@pytest.fixture(scope="module")
def digest_page(tmp_path_factory):
    articles = []
    for k, (_, obj) in enumerate(feed_rows(with_dates=True), 1):
        url = "javascript:alert(1)" if obj["id"] == "fuel-1" else f"https://bao.example/{obj['id']}"
        title = f"Giá xăng {XSS}" if obj["id"] == "fuel-1" else ""
        articles.append(Article(text=obj["text"], source=f"feed.jsonl:{k}", id=obj["id"], title=title, url=url,
                                date=dt.date.fromisoformat(obj["date"]), date_basis="metadata"))
    stories = cluster_articles(articles)
    items = build_digest(stories, min_size=2, max_words=80)
    path = tmp_path_factory.mktemp("digest") / "digest.html"
    path.write_text(render_html(items, len(articles), len(stories)), encoding="utf-8")
    return path, items


def test_digest_page_shows_stories_largest_first_with_dates_and_sources(page, digest_page):
    from playwright.sync_api import expect

    path, items = digest_page
    page.goto(path.as_uri())
    sections = page.locator("section.story")
    expect(sections).to_have_count(3)                       # the lone article is below --min-size 2
    counts = [int(sections.nth(i).locator(".count").text_content().split()[0]) for i in range(3)]
    assert counts == sorted(counts, reverse=True) == [3, 3, 2]
    first = sections.nth(0)
    expect(first.locator("h2")).to_have_text(items[0].story.headline)
    expect(first.locator(".dates")).to_have_text("20/12/2023 – 21/12/2023")
    expect(first.locator("ol.summary li")).to_have_count(len(items[0].summary.sentences))
    assert first.locator("ol.summary time.when").count() >= 1    # sentences carry their dates
    links = first.locator("ol.sources a")
    expect(links).to_have_count(3)
    assert links.nth(0).get_attribute("href").startswith("https://bao.example/")
    # The table of contents jumps to each story.
    page.locator("nav a").nth(2).click()
    expect(sections.nth(2)).to_be_in_viewport()
    # Feed text holding markup is shown as text and never run; a javascript: URL is not a link.
    fuel = sections.nth(2)
    expect(fuel.locator("ol.sources")).to_contain_text(XSS)
    assert page.evaluate("window.__tomtat_xss") is None
    assert fuel.locator("ol.sources a").count() == 1
    # One self-contained page: nothing is fetched from anywhere.
    html = path.read_text(encoding="utf-8")
    assert "<link" not in html and "src=" not in html
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)
