"""Digest renderings: one self-contained HTML page, plain text, or JSON lines (one per thread, then the other news).

A thread of one event reads as one dated summary; a thread of several events as a timeline of its events, each in
one to three sentences. Every thread has one source list: a sentence's [n] is the same number in text, HTML and
JSON (`doc` + 1). Events too small to summarize are listed as "Tin khác" (headline, outlet, date, link).

HTML has no external asset (readers may be offline) and every piece of feed text goes through
html.escape; only http(s) URLs become links. Same digest → same bytes.
"""
from __future__ import annotations

import datetime as dt
import json
from html import escape

from ..render.json import summary_dict
from ..time.words import written
from .cluster import thread_id
from .digest import Digest, OtherNews, Source, StoryDigest, ThreadDigest, news_date, outlet_of

_STYLE = """
body{font:16px/1.6 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;max-width:60rem;
margin:2rem auto;padding:0 1rem;color:#1d1d1f;background:#fafafa}
h1{font-size:1.6rem;margin-bottom:.25rem}h2{font-size:1.2rem;margin:0 0 .25rem}h3{font-size:.95rem;margin:1rem 0 .25rem}
.meta{color:#666;font-size:.9rem}
nav ol{padding-left:1.5rem}nav a{color:#1a4fa0;text-decoration:none}nav li{margin:.2rem 0}
section.story,section.other-news{background:#fff;border:1px solid #ddd;border-radius:8px;padding:1rem 1.25rem;
margin:1.25rem 0}
ol.summary{list-style:none;padding:0;margin:.75rem 0}
ol.summary li{margin:.35rem 0}
ol.timeline{list-style:none;padding:0 0 0 1rem;margin:.75rem 0;border-left:3px solid #e0c9a6}
ol.timeline>li{margin:.5rem 0 1rem}
ol.timeline h3{margin:0;font-size:1rem}
ol.timeline ol.summary{margin:.25rem 0}
ol.timeline .day{display:inline-block;min-width:6.5rem;margin-right:.35rem;color:#8a4b00;
font-variant-numeric:tabular-nums}
time.when{display:inline-block;min-width:6.5rem;color:#8a4b00;font-size:.85rem;font-variant-numeric:tabular-nums}
sup.src{font-size:.7rem;color:#555;margin-left:.15rem}
ol.sources{font-size:.9rem;color:#333;padding-left:1.5rem}
ol.sources a,ul.other a{color:#1a4fa0}
ul.other{padding-left:1.25rem}ul.other li{margin:.3rem 0}
"""
OUTLETS_SHOWN = 4     # the table of contents names at most this many outlets of a thread, then "+k"
NO_DATE = "không rõ ngày"


def day(d: dt.date) -> str:
    return f"{d.day}/{d.month}/{d.year}"


def date_range(dates: list[dt.date]) -> str:
    if not dates:
        return NO_DATE
    first, last = dates[0], dates[-1]
    return day(first) if first == last else f"{day(first)} – {day(last)}"


def written_date(date: dt.date | None, precision: str = "day") -> str:
    """d/m/yyyy, m/yyyy or yyyy as precise as known; '' without a date."""
    if date is None:
        return ""
    return str(date.year) if precision == "year" else f"{date.month}/{date.year}" if precision == "month" else day(date)


def _safe_url(url: str) -> str | None:
    return url if url and url.lower().startswith(("http://", "https://")) else None


def _iso(dates: list[dt.date], k: int) -> str | None:
    return dates[k].isoformat() if dates else None


def outlets_line(outlets: list[str]) -> str:
    shown = ", ".join(outlets[:OUTLETS_SHOWN])
    return shown + (f" +{len(outlets) - OUTLETS_SHOWN}" if len(outlets) > OUTLETS_SHOWN else "")


def _headline(thread: ThreadDigest) -> str:
    return thread.headline or thread.events[0].headline or thread.sources[0].document.source


def _event_headline(event: StoryDigest) -> str:
    return event.headline or event.summary.cluster.documents[0].source


def _line_id(thread: ThreadDigest) -> str:
    """The id of a thread's JSON line and HTML section: its event's story id, or the thread id for a timeline."""
    return thread.id if thread.timeline else thread.events[0].id


# ---------------------------------------------------------------- HTML


def _sentences_html(event: StoryDigest, offset: int) -> str:
    lines = []
    for s in event.summary.sentences:
        when = (f'<time class="when" datetime="{escape(s.date.value)}" title="{escape(s.date.basis)}">'
                f'{escape(written(s.date))}</time> ') if s.date else ""
        lines.append(f'<li data-doc="{offset + s.doc}" data-sentence="{s.index}">{when}{escape(s.text)}'
                     f'<sup class="src">[{offset + s.doc + 1}]</sup></li>')
    body = "\n".join(lines) or "<li><em>Không có câu nào để tóm tắt.</em></li>"
    return f'<ol class="summary">\n{body}\n</ol>'


def _source_html(n: int, source: Source) -> str:
    doc, article = source.document, source.article
    name = escape(doc.title or doc.source)
    link = _safe_url(article.url)
    head = f'<a href="{escape(link)}" rel="noopener">{name}</a>' if link else name
    outlet = outlet_of(article)
    meta = " · ".join(x for x in (f'<span class="outlet">{escape(outlet)}</span>' if outlet else "",
                                  escape(doc.source) if doc.title else "",   # untitled: named by its source, not twice
                                  day(doc.date) if doc.date else "") if x)
    return f'<li value="{n}">{head}' + (f' <span class="meta">— {meta}</span>' if meta else "") + "</li>"


def _meta_html(thread: ThreadDigest) -> str:
    events = f'<span class="events">{len(thread.events)} sự kiện</span> · ' if thread.timeline else ""
    outlets = thread.outlets()
    outlets = f' · <span class="outlets">{escape(outlets_line(outlets))}</span>' if outlets else ""
    return (f'<span class="count">{thread.size} bài</span> · {events}'
            f'<span class="dates">{escape(date_range(thread.dates))}</span>{outlets}')


def _thread_html(thread: ThreadDigest) -> str:
    if thread.timeline:
        entries = []
        for k, event in enumerate(thread.events):
            dates = event.dates
            when = (f'<time class="day" datetime="{dates[0].isoformat()}">{escape(date_range(dates))}</time> '
                    if dates else f'<span class="day">{NO_DATE}</span> ')
            entries.append(f'<li class="event" id="{event.id}"><h3>{when}<span class="headline">'
                           f'{escape(_event_headline(event))}</span> <span class="meta">({event.story.size} bài)</span>'
                           f'</h3>\n{_sentences_html(event, thread.offset(k))}</li>')
        body = '<ol class="timeline">\n' + "\n".join(entries) + "\n</ol>"
        kind = "story thread"
    else:
        body, kind = _sentences_html(thread.events[0], 0), "story"
    sources = "\n".join(_source_html(n, s) for n, s in enumerate(thread.sources, 1))
    return (f'<section class="{kind}" id="{_line_id(thread)}" data-thread="{thread.id}">'
            f'<h2>{escape(_headline(thread))}</h2>\n<p class="meta">{_meta_html(thread)}</p>\n'
            f'{body}\n<h3>Nguồn</h3>\n<ol class="sources">\n{sources}\n</ol></section>')


def _other_html(item: OtherNews) -> str:
    main = item.article
    link = _safe_url(main.url)
    name = escape(item.headline)
    head = f'<a href="{escape(link)}" rel="noopener">{name}</a>' if link else name
    meta = []
    if outlet_of(main):
        meta.append(f'<span class="outlet">{escape(outlet_of(main))}</span>')
    if main.date:
        meta.append(f'<time datetime="{news_date(main)}">{written_date(main.date, main.date_precision)}</time>')
    if item.story.size > 1:
        more = []
        for k, a in enumerate((a for a in item.story.articles if a is not main), 2):
            label = escape(outlet_of(a) or f"bài {k}")
            url = _safe_url(a.url)
            more.append(f'<a href="{escape(url)}" rel="noopener">{label}</a>' if url else label)
        meta.append(f"{item.story.size} bài (cả {', '.join(more)})")
    meta_html = f' <span class="meta">— {" · ".join(meta)}</span>' if meta else ""
    return f'<li id="{item.id}" data-thread="{thread_id(item.story.thread)}">{head}{meta_html}</li>'


def _toc_html(thread: ThreadDigest) -> str:
    events = f"{len(thread.events)} sự kiện · " if thread.timeline else ""
    outlets = thread.outlets()
    outlets = f' · <span class="outlets">{escape(outlets_line(outlets))}</span>' if outlets else ""
    return (f'<li><a href="#{_line_id(thread)}">{escape(_headline(thread))}</a> <span class="meta">'
            f'({events}{thread.size} bài · <span class="dates">{escape(date_range(thread.dates))}</span>{outlets})'
            f'</span></li>')


def render_html(digest: Digest) -> str:
    toc = [_toc_html(t) for t in digest.threads]
    if digest.other:
        toc.append(f'<li><a href="#other-news">Tin khác</a> <span class="meta">({len(digest.other)} tin)</span></li>')
    sections = "\n".join(_thread_html(t) for t in digest.threads)
    if not digest.threads:
        sections = "<p><em>Không có câu chuyện nào đủ số bài.</em></p>"
    if digest.other:
        sections += ('\n<section class="other-news" id="other-news"><h2>Tin khác</h2>\n<ul class="other">\n'
                     + "\n".join(_other_html(o) for o in digest.other) + "\n</ul></section>")
    toc_html = "\n".join(toc)
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Điểm tin</title><style>{_STYLE}</style></head>
<body><h1>Điểm tin</h1>
<p class="meta">{_counts(digest)}</p>
<nav><ol>
{toc_html}
</ol></nav>
{sections}
</body></html>
"""


def _counts(digest: Digest) -> str:
    other = f", {len(digest.other)} tin khác" if digest.other else ""
    return (f"{digest.n_summarized} câu chuyện được tóm tắt · {digest.n_articles} bài báo, {digest.n_events} sự kiện, "
            f"{digest.n_threads} câu chuyện trong nguồn tin{other}")


# ---------------------------------------------------------------- text


def _sentences_text(event: StoryDigest, offset: int, indent: str) -> list[str]:
    out = []
    for s in event.summary.sentences:
        when = f"[{written(s.date)}] " if s.date else ""
        out.append(f"{indent}- {when}{s.text} [{offset + s.doc + 1}]")
    return out


def _source_text(n: int, source: Source) -> str:
    doc, article = source.document, source.article
    outlet = outlet_of(article)
    shown = doc.source if doc.title else ""   # an untitled article is named by its source: not twice
    where = " · ".join(x for x in (outlet, shown, day(doc.date) if doc.date else "") if x)
    extra = f" <{article.url}>" if article.url else ""
    return f"     [{n}] {doc.title or doc.source}" + (f" — {where}" if where else "") + extra


def render_text(digest: Digest) -> str:
    lines = [f"Điểm tin: {digest.n_summarized} câu chuyện được tóm tắt ({digest.n_articles} bài báo, "
             f"{digest.n_events} sự kiện, {digest.n_threads} câu chuyện"
             + (f", {len(digest.other)} tin khác)" if digest.other else ")"), ""]
    for k, thread in enumerate(digest.threads, 1):
        lines.append(f"{k}. {_headline(thread)}")
        events = f" · {len(thread.events)} sự kiện" if thread.timeline else ""
        outlets = thread.outlets()
        lines.append(f"   {thread.size} bài{events} · {date_range(thread.dates)}"
                     + (f" · {outlets_line(outlets)}" if outlets else ""))
        if thread.timeline:
            lines.append("   Diễn biến:")
            for e, event in enumerate(thread.events):
                lines.append(f"   * {date_range(event.dates)} · {_event_headline(event)} ({event.story.size} bài)")
                lines.extend(_sentences_text(event, thread.offset(e), "     "))
        else:
            lines.extend(_sentences_text(thread.events[0], 0, "   "))
        lines.append("   Nguồn:")
        lines.extend(_source_text(n, s) for n, s in enumerate(thread.sources, 1))
        lines.append("")
    if digest.other:
        lines.append("Tin khác:")
        for item in digest.other:
            main = item.article
            where = " · ".join(x for x in (outlet_of(main), written_date(main.date, main.date_precision)) if x)
            extra = f" <{main.url}>" if main.url else ""
            size = f" ({item.story.size} bài)" if item.story.size > 1 else ""
            lines.append(f"  - {item.headline}{size}" + (f" — {where}" if where else "") + extra)
        lines.append("")
    return "\n".join(lines)


# ---------------------------------------------------------------- JSON


def _document_dict(d: dict, article, number: int, event: str | None) -> dict:
    """A summary JSON document renumbered into its thread's source list, with what the feed gave of it."""
    out = {**d, "doc": number}
    if article.url:
        out["url"] = article.url
    if article.id is not None:
        out["id"] = article.id
    if article.outlet:
        out["outlet"] = article.outlet
    if event is not None:
        out["event"] = event
    return out


def _event_parts(event: StoryDigest, offset: int, tag: bool) -> tuple[dict, list[dict], list[dict]]:
    """(summary JSON, its sentences, its documents) with `doc` numbers of the thread's source list."""
    out = summary_dict(event.summary)
    label = event.id if tag else None
    sentences = [{**s, "doc": s["doc"] + offset, **({"event": label} if tag else {})} for s in out["sentences"]]
    documents = [_document_dict(d, a, offset + d["doc"], label)
                 for d, a in zip(out["documents"], event.story.articles)]
    return out, sentences, documents


def story_dict(thread: ThreadDigest) -> dict:
    """One JSON line: the summary JSON of the thread's one event, or of its whole timeline (with `events`)."""
    dates = thread.dates
    if not thread.timeline:
        event = thread.events[0]
        out, sentences, documents = _event_parts(event, 0, tag=False)
        return {"id": event.id, "headline": event.headline, "size": event.story.size,
                "first_date": _iso(dates, 0), "last_date": _iso(dates, -1), "summary": out["summary"],
                "sentences": sentences, "documents": documents, "thread": thread.id,
                "thread_headline": thread.headline, "outlets": thread.outlets()}
    events, all_sentences, all_documents = [], [], []
    for k, event in enumerate(thread.events):
        out, sentences, documents = _event_parts(event, thread.offset(k), tag=True)
        edates = event.dates
        events.append({"id": event.id, "headline": event.headline, "size": event.story.size,
                       "first_date": _iso(edates, 0), "last_date": _iso(edates, -1), "summary": out["summary"],
                       "sentences": sentences, "documents": documents})
        all_sentences += sentences
        all_documents += documents
    return {"id": thread.id, "headline": thread.headline, "size": thread.size,
            "first_date": _iso(dates, 0), "last_date": _iso(dates, -1),
            "summary": " ".join(e["summary"] for e in events if e["summary"]),
            "sentences": all_sentences, "documents": all_documents, "thread": thread.id,
            "thread_headline": thread.headline, "outlets": thread.outlets(), "events": events}


def _article_dict(article, title: str) -> dict:
    return {"title": article.title or title, "source": article.source, "date": news_date(article),
            "outlet": outlet_of(article) or None, "url": article.url or None}


def other_dict(item: OtherNews) -> dict:
    """One "other news" entry: the event's headline and the outlet, date and link of the article carrying it."""
    main = item.article
    titles = item.story.titles or [""] * item.story.size
    return {"id": item.id, "thread": thread_id(item.story.thread), "headline": item.headline,
            "size": item.story.size, "date": news_date(main), "outlet": outlet_of(main) or None,
            "url": main.url or None, "source": main.source,
            "articles": [_article_dict(a, t) for a, t in zip(item.story.articles, titles)]}


def digest_dict(digest: Digest) -> dict:
    """The whole digest as one object (the HTTP API's JSON reply)."""
    return {"articles": digest.n_articles, "stories": digest.n_events, "threads": digest.n_threads,
            "digest": [story_dict(t) for t in digest.threads], "other_news": [other_dict(o) for o in digest.other]}


def render_json(digest: Digest) -> str:
    """One line per summarized thread, then, when there is other news, one line {"other_news": [...]}."""
    lines = [json.dumps(story_dict(t), ensure_ascii=False) + "\n" for t in digest.threads]
    if digest.other:
        lines.append(json.dumps({"other_news": [other_dict(o) for o in digest.other]}, ensure_ascii=False) + "\n")
    return "".join(lines)


RENDERERS = {"html": render_html, "text": render_text, "json": render_json}
