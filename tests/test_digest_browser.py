"""The digest page in Debian's Chromium: threads largest first; a thread of several events as a dated timeline
(oldest first, undated last), each event in one to three sentences numbered into the thread's sources; a lone
event as its dated summary; small events as "Tin khác" with outlet, date and link; a table of contents with dates
and outlets. Feed text is shown, never run. Skips when chromium is absent."""
import pathlib

import pytest
from browser_page import chromium_page
from threads_feed import ARTICLES, ROUNDUP, XSS, saga_stories

from tomtat.stories.digest import build_digest
from tomtat.stories.render import render_html

SCREENSHOT = pathlib.Path(__file__).resolve().parent.parent / "benchmarks" / "results" / "digest_page.png"


@pytest.fixture(scope="module")
def page():
    with chromium_page(1100) as page:
        yield page


@pytest.fixture(scope="module")
def digest_page(tmp_path_factory):
    digest = build_digest(saga_stories(), min_size=2, max_words=80)
    path = tmp_path_factory.mktemp("digest") / "digest.html"
    path.write_text(render_html(digest), encoding="utf-8")
    return path, digest


def test_digest_page_reads_as_threads_and_events(page, digest_page):
    from playwright.sync_api import expect

    path, digest = digest_page
    page.goto(path.as_uri())
    sections = page.locator("section.story")
    expect(sections).to_have_count(2)                       # the saga thread, the fuel story; the book fair is other news
    saga, fuel = sections.nth(0), sections.nth(1)
    expect(saga.locator("h2")).to_have_text(ARTICLES["arrest-0"][0])   # never the roundup title
    expect(saga.locator(".count")).to_have_text("6 bài")
    expect(saga.locator(".events")).to_have_text("3 sự kiện")
    expect(saga.locator("> p.meta .dates")).to_have_text("12/3/2024 – 5/4/2024")
    # the timeline: events oldest first, the undated one last, each in one to three dated sentences
    events = saga.locator("ol.timeline > li.event")
    expect(events).to_have_count(3)
    days = [events.nth(k).locator("h3 time.day").get_attribute("datetime") for k in range(2)]
    assert days == ["2024-03-12", "2024-04-05"]
    expect(events.nth(2).locator("h3 .day")).to_have_text("không rõ ngày")
    expect(events.nth(1).locator("h3 .headline")).to_have_text(ARTICLES["arrest-0"][0])
    for k in range(3):
        assert 1 <= events.nth(k).locator("ol.summary li").count() <= 3
    assert events.nth(0).locator("ol.summary time.when").count() >= 1
    # one source list per thread: every [n] points into it
    sources = saga.locator("ol.sources > li")
    expect(sources).to_have_count(6)
    numbers = [int(t.strip("[]")) for t in saga.locator("sup.src").all_text_contents()]
    assert numbers and all(1 <= n <= 6 for n in numbers)
    assert min(int(n) for n in events.nth(1).locator("sup.src").all_text_contents()[0].strip("[]").split()) >= 3
    expect(sources.nth(3)).to_contain_text(ROUNDUP)         # the roundup is a source, not a headline
    # a thread of one event: its summary, as before
    expect(fuel.locator("ol.timeline")).to_have_count(0)
    expect(fuel.locator(".count")).to_have_text("2 bài")
    expect(fuel.locator("ol.summary li")).to_have_count(len(digest.threads[1].events[0].summary.sentences))
    # the table of contents: dates and outlets, and a jump to each thread and to the other news
    toc = page.locator("nav li")
    expect(toc).to_have_count(3)
    expect(toc.nth(0).locator(".dates")).to_have_text("12/3/2024 – 5/4/2024")
    expect(toc.nth(0).locator(".outlets")).to_have_text("Báo Thủ Đô, tinnhanh.example, Báo Pháp Luật, thudo.example")
    expect(toc.nth(1).locator(".outlets")).to_have_text("Báo Kinh Tế, kinhte.example")
    page.locator("nav a").nth(2).click()
    other = page.locator("section#other-news")
    expect(other).to_be_in_viewport()
    item = other.locator("li")
    expect(item).to_have_count(1)
    expect(item.locator("a")).to_have_text(ARTICLES["books-0"][0])
    assert item.locator("a").get_attribute("href") == "https://vanhoa.example/hoi-sach"
    expect(item.locator(".outlet")).to_have_text("Báo Văn Hóa")
    expect(item.locator("time")).to_have_text("28/9/2024")
    page.locator("nav a").nth(1).click()
    expect(fuel).to_be_in_viewport()
    # Feed text holding markup is shown as text and never run; a javascript: URL is not a link.
    expect(events.nth(2).locator("h3 .headline")).to_contain_text(XSS)
    assert page.evaluate("window.__tomtat_xss") is None
    assert saga.locator("ol.sources a").count() == 4        # arrest-0 gave no address, arrest-2 a javascript: one
    # One self-contained page: nothing is fetched from anywhere.
    html = path.read_text(encoding="utf-8")
    assert "<link" not in html and "src=" not in html
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)
