"""Digest renderings: one self-contained HTML page, plain text, or one JSON line per story.

HTML has no external asset (readers may be offline) and every piece of feed text goes through
html.escape; only http(s) URLs become links.
"""
from __future__ import annotations

import datetime as dt
import json
from html import escape

from ..render.json import summary_dict
from ..time.words import written
from .digest import StoryDigest

_STYLE = """
body{font:16px/1.6 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;max-width:60rem;
margin:2rem auto;padding:0 1rem;color:#1d1d1f;background:#fafafa}
h1{font-size:1.6rem;margin-bottom:.25rem}h2{font-size:1.2rem;margin:0 0 .25rem}h3{font-size:.95rem;margin:1rem 0 .25rem}
.meta{color:#666;font-size:.9rem}
nav ol{padding-left:1.5rem}nav a{color:#1a4fa0;text-decoration:none}
section.story{background:#fff;border:1px solid #ddd;border-radius:8px;padding:1rem 1.25rem;margin:1.25rem 0}
ol.summary{list-style:none;padding:0;margin:.75rem 0}
ol.summary li{margin:.35rem 0}
time.when{display:inline-block;min-width:6.5rem;color:#8a4b00;font-size:.85rem;font-variant-numeric:tabular-nums}
sup.src{font-size:.7rem;color:#555;margin-left:.15rem}
ol.sources{font-size:.9rem;color:#333;padding-left:1.5rem}
ol.sources a{color:#1a4fa0}
"""


def day(d: dt.date) -> str:
    return f"{d.day}/{d.month}/{d.year}"


def date_range(dates: list[dt.date]) -> str:
    if not dates:
        return "không rõ ngày"
    first, last = dates[0], dates[-1]
    return day(first) if first == last else f"{day(first)} – {day(last)}"


def _safe_url(url: str) -> str | None:
    return url if url.lower().startswith(("http://", "https://")) else None


def _story_html(item: StoryDigest) -> str:
    summary, story = item.summary, item.story
    docs = summary.cluster.documents
    sid = f"story-{item.number:05d}"
    lines = []
    for s in summary.sentences:
        when = (f'<time class="when" datetime="{escape(s.date.value)}" title="{escape(s.date.basis)}">'
                f'{escape(written(s.date))}</time> ') if s.date else ""
        lines.append(f'<li data-doc="{s.doc}" data-sentence="{s.index}">{when}{escape(s.text)}'
                     f'<sup class="src">[{s.doc + 1}]</sup></li>')
    sources = []
    for k, (doc, url) in enumerate(zip(docs, item.urls()), 1):
        name = escape(doc.title or doc.source)
        link = _safe_url(url)
        head = f'<a href="{escape(link)}" rel="noopener">{name}</a>' if link else name
        date = f" · {day(doc.date)}" if doc.date else ""
        sources.append(f'<li value="{k}">{head} <span class="meta">— {escape(doc.source)}{date}</span></li>')
    body = "\n".join(lines) or "<li><em>Không có câu nào để tóm tắt.</em></li>"
    return (f'<section class="story" id="{sid}"><h2>{escape(story.headline or docs[0].source)}</h2>\n'
            f'<p class="meta"><span class="count">{story.size} bài</span> · '
            f'<span class="dates">{escape(date_range(item.dates))}</span></p>\n'
            f'<ol class="summary">\n{body}\n</ol>\n<h3>Nguồn</h3>\n<ol class="sources">\n' + "\n".join(sources)
            + "\n</ol></section>")


def render_html(items: list[StoryDigest], n_articles: int, n_stories: int) -> str:
    toc = "\n".join(f'<li><a href="#story-{i.number:05d}">{escape(i.story.headline or i.story.articles[0].source)}</a>'
                    f' <span class="meta">({i.story.size} bài)</span></li>' for i in items)
    sections = "\n".join(_story_html(i) for i in items) or "<p><em>Không có câu chuyện nào đủ số bài.</em></p>"
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Điểm tin</title><style>{_STYLE}</style></head>
<body><h1>Điểm tin</h1>
<p class="meta">{len(items)} câu chuyện được tóm tắt · {n_articles} bài báo, {n_stories} câu chuyện trong nguồn tin</p>
<nav><ol>
{toc}
</ol></nav>
{sections}
</body></html>
"""


def render_text(items: list[StoryDigest], n_articles: int, n_stories: int) -> str:
    lines = [f"Điểm tin: {len(items)} câu chuyện được tóm tắt ({n_articles} bài báo, {n_stories} câu chuyện)", ""]
    for k, item in enumerate(items, 1):
        docs = item.summary.cluster.documents
        lines.append(f"{k}. {item.story.headline or docs[0].source}")
        lines.append(f"   {item.story.size} bài · {date_range(item.dates)}")
        for s in item.summary.sentences:
            when = f"[{written(s.date)}] " if s.date else ""
            lines.append(f"   - {when}{s.text} [{s.doc + 1}]")
        lines.append("   Nguồn:")
        for n, (doc, url) in enumerate(zip(docs, item.urls()), 1):
            extra = f" <{url}>" if url else ""
            lines.append(f"     [{n}] {doc.title or doc.source} — {doc.source}{extra}")
        lines.append("")
    return "\n".join(lines)


def story_dict(item: StoryDigest) -> dict:
    out = summary_dict(item.summary)
    for d, url in zip(out["documents"], item.urls()):
        if url:
            d["url"] = url
    dates = item.dates
    return {"id": f"story-{item.number:05d}", "headline": item.story.headline, "size": item.story.size,
            "first_date": dates[0].isoformat() if dates else None, "last_date": dates[-1].isoformat() if dates else None,
            **{k: v for k, v in out.items() if k != "id"}}


def render_json(items: list[StoryDigest], n_articles: int, n_stories: int) -> str:
    return "".join(json.dumps(story_dict(i), ensure_ascii=False) + "\n" for i in items)


RENDERERS = {"html": render_html, "text": render_text, "json": render_json}
