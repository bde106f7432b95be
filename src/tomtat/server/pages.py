"""The story-store pages of `tomtat serve --store`: the day's digest, a thread's timeline, search results.

Server-rendered HTML from the same dicts the JSON endpoints return. Self-contained (inline style, no script,
nothing fetched from anywhere), every stored string through html.escape, only http(s) addresses become links.
Readers' words are Vietnamese, like the digest pages of `tomtat digest`.
"""
from __future__ import annotations

import datetime as dt
from html import escape
from urllib.parse import quote, urlencode

from ..store.fulltext import MARK_END, MARK_START

# No script at all; inline style only; the search form posts back here.
STORE_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; "
             "form-action 'self'; frame-ancestors 'none'")

_STYLE = """
body{font:16px/1.6 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;max-width:60rem;
margin:0 auto;padding:0 1rem 2rem;color:#1d1d1f;background:#fafafa}
header.top{display:flex;flex-wrap:wrap;gap:.5rem 1.25rem;align-items:center;padding:.75rem 0;border-bottom:1px solid #ddd}
header.top a{color:#1a4fa0;text-decoration:none;font-weight:600}
header.top form{margin-left:auto;display:flex;gap:.35rem}
header.top input[type=search]{font:inherit;padding:.2rem .5rem;min-width:14rem}
header.top button{font:inherit;padding:.2rem .75rem}
h1{font-size:1.6rem;margin:1.25rem 0 .25rem}h2{font-size:1.2rem;margin:0 0 .25rem}h3{font-size:.95rem;margin:1rem 0 .25rem}
h2 a{color:inherit}
.meta{color:#666;font-size:.9rem}
.badge{display:inline-block;font-size:.75rem;background:#fbe3c2;color:#7a3e00;border-radius:4px;padding:0 .4rem;
margin-left:.4rem;vertical-align:middle}
section.entry,section.event-list,section.history,ol.hits>li{background:#fff;border:1px solid #ddd;border-radius:8px;
padding:1rem 1.25rem;margin:1.25rem 0}
ol.summary{list-style:none;padding:0;margin:.5rem 0}ol.summary li{margin:.3rem 0}
ol.timeline{list-style:none;padding:0 0 0 1rem;margin:.75rem 0;border-left:3px solid #e0c9a6}
ol.timeline>li{margin:.5rem 0 1.25rem}
ol.timeline h3{margin:0;font-size:1rem}
.day{display:inline-block;min-width:6.5rem;margin-right:.35rem;color:#8a4b00;font-variant-numeric:tabular-nums}
sup.src{font-size:.7rem;color:#555;margin-left:.15rem}
ol.sources{font-size:.9rem;color:#333;padding-left:1.5rem}
ol.sources a,ol.hits a,nav.days a,p.more a{color:#1a4fa0}
ol.hits{list-style:none;padding:0}
mark{background:#fff0a8;padding:0 .1rem}
nav.days ul{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
p.note{color:#555;font-style:italic}
"""


def e(value) -> str:
    return escape("" if value is None else str(value))


def safe_url(url) -> str | None:
    url = (url or "").strip()
    return url if url.lower().startswith(("http://", "https://")) else None


def written_day(iso: str | None) -> str:
    """'2024-03-12' → '12/3/2024'; a month or year as written; '' for None."""
    if not iso:
        return ""
    parts = iso.split("-")
    try:
        if len(parts) == 3:
            d = dt.date.fromisoformat(iso)
            return f"{d.day}/{d.month}/{d.year}"
        if len(parts) == 2:
            return f"{int(parts[1])}/{parts[0]}"
    except ValueError:
        return iso
    return iso


def date_range(first: str | None, last: str | None) -> str:
    if not first and not last:
        return "không rõ ngày"
    if not last or first == last:
        return written_day(first or last)
    return f"{written_day(first)} – {written_day(last)}"


def thread_href(thread: str) -> str:
    return "/threads/" + quote(str(thread), safe="")


def layout(title: str, body: str, q: str = "") -> str:
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(title)} · tomtat</title><style>{_STYLE}</style></head>
<body><header class="top"><a href="/">Tóm tắt</a><a href="/digest">Điểm tin</a>
<form method="get" action="/search" role="search"><input type="search" name="q" value="{e(q)}" maxlength="200"
placeholder="Tìm trong tiêu đề và bài viết" aria-label="Tìm kiếm"><button type="submit">Tìm</button></form></header>
<main>
{body}
</main></body></html>
"""


def error_page(status: int, detail: str, q: str = "") -> str:
    title = {404: "Không tìm thấy", 422: "Yêu cầu không hợp lệ", 503: "Kho tin đang bận"}.get(status, "Lỗi")
    return layout(title, f'<h1>{e(title)}</h1>\n<p class="error">{e(detail)}</p>', q)


# ---------------------------------------------------------------- digest


def _sentences(sentences: list[dict]) -> str:
    items = []
    for s in sentences:
        when = (s.get("date") or {}).get("value") if isinstance(s.get("date"), dict) else None
        stamp = f'<span class="day">{e(written_day(when))}</span> ' if when and not when.startswith("--") else ""
        doc = s.get("doc")
        src = f'<sup class="src">[{int(doc) + 1}]</sup>' if isinstance(doc, int) else ""
        items.append(f"<li>{stamp}{e(s.get('text', ''))}{src}</li>")
    return '<ol class="summary">\n' + ("\n".join(items) or "<li><em>Không có câu nào để tóm tắt.</em></li>") + "\n</ol>"


def _source(doc: dict) -> str:
    number = int(doc.get("doc", 0)) + 1 if isinstance(doc.get("doc"), int) else None
    name = e(doc.get("title") or doc.get("source") or "")
    link = safe_url(doc.get("url"))
    head = f'<a href="{e(link)}" rel="noopener noreferrer">{name}</a>' if link else name
    meta = " · ".join(x for x in (f'<span class="outlet">{e(doc["outlet"])}</span>' if doc.get("outlet") else "",
                                  e(written_day(doc.get("date"))) if doc.get("date") else "") if x)
    value = f' value="{number}"' if number else ""
    return f"<li{value}>{head}" + (f' <span class="meta">— {meta}</span>' if meta else "") + "</li>"


def _entry(entry: dict) -> str:
    thread = str(entry.get("thread", ""))
    summary = entry.get("summary") or {}
    badge = '<span class="badge">Cập nhật</span>' if entry.get("update") else ""
    headline = entry.get("headline") or entry.get("thread_headline") or thread
    outlets = ", ".join(str(o) for o in entry.get("outlets") or [])
    meta = (f'<span class="count">{e(entry.get("size", 0))} bài</span> · '
            f'<span class="dates">{e(date_range(entry.get("first_date"), entry.get("last_date")))}</span>'
            + (f' · <span class="outlets">{e(outlets)}</span>' if outlets else ""))
    if entry.get("update"):
        meta += f' · <span class="told">{e(entry.get("articles", 0))} bài mới</span>'
    events = summary.get("events") or []
    if events:
        items = []
        for ev in events:
            items.append(f'<li class="event" id="{e(ev.get("id"))}"><h3><span class="day">'
                         f'{e(date_range(ev.get("first_date"), ev.get("last_date")))}</span> '
                         f'<span class="headline">{e(ev.get("headline"))}</span> '
                         f'<span class="meta">({e(ev.get("size", 0))} bài)</span></h3>\n'
                         f'{_sentences(ev.get("sentences") or [])}</li>')
        body = '<ol class="timeline">\n' + "\n".join(items) + "\n</ol>"
    else:
        body = _sentences(summary.get("sentences") or [])
    sources = "\n".join(_source(d) for d in summary.get("documents") or [])
    return (f'<section class="entry" id="{e(thread)}" data-thread="{e(thread)}">'
            f'<h2><a href="{e(thread_href(thread))}">{e(headline)}</a>{badge}</h2>\n<p class="meta">{meta}</p>\n{body}\n'
            f'<h3>Nguồn</h3>\n<ol class="sources">\n{sources}\n</ol></section>')


def digest_page(view: dict) -> str:
    """view: {"day", "stored", "digest"?, "created_at"?, "content": digest JSON, "days": [...]}"""
    content = view.get("content") or {}
    entries = content.get("entries") or []
    day = view.get("day") or content.get("day")
    if view.get("stored"):
        note = f'Điểm tin đã lưu (số {e(view.get("digest"))}, lúc {e(view.get("created_at"))}).'
    else:
        note = "Chưa có điểm tin nào được lưu cho ngày này: trang được dựng từ kho tin, không lưu lại."
    since = content.get("since")
    title = (f"Điểm tin {written_day(since)} – {written_day(day)}" if since and since != day
             else f"Điểm tin ngày {written_day(day)}")
    updates = sum(1 for x in entries if x.get("update"))
    counts = f"{len(entries)} câu chuyện" + (f", {updates} cập nhật" if updates else "")
    sections = "\n".join(_entry(x) for x in entries) or "<p><em>Không có bài nào trong ngày này.</em></p>"
    days = view.get("days") or []
    nav = ""
    if days:
        links = " ".join(f'<li><a href="/digest?{urlencode({"day": d})}">{e(written_day(d))}</a></li>' for d in days)
        nav = f'<nav class="days"><h3>Các điểm tin đã lưu</h3><ul>{links}</ul></nav>'
    body = f'<h1>{e(title)}</h1>\n<p class="meta">{e(counts)}</p>\n<p class="note">{note}</p>\n{sections}\n{nav}'
    return layout(title, body)


# ---------------------------------------------------------------- thread


def _article(a: dict) -> str:
    name = e(a.get("title") or a.get("source") or "")
    link = safe_url(a.get("url"))
    head = f'<a href="{e(link)}" rel="noopener noreferrer">{name}</a>' if link else name
    meta = " · ".join(x for x in (f'<span class="outlet">{e(a["outlet"])}</span>' if a.get("outlet") else "",
                                  f'<time datetime="{e(a["date"])}">{e(written_day(a["date"]))}</time>'
                                  if a.get("date") else "không rõ ngày") if x)
    return f"<li>{head} <span class=\"meta\">— {meta}</span></li>"


def _event_summary(ev: dict) -> str:
    summary = ev.get("summary")
    parts = []
    if summary and summary.get("summary"):
        if summary.get("stored"):
            label = f'Tóm tắt trong điểm tin ngày {written_day(summary.get("day"))}'
        else:
            label = "Tóm tắt tự động (chưa đăng trong điểm tin nào)"
        parts.append(f'<p class="summary"><span class="meta">{e(label)}:</span> {e(summary["summary"])}</p>')
    else:
        parts.append('<p class="summary meta">Chưa có tóm tắt.</p>')
    for later in ev.get("summaries", [])[1:]:
        parts.append(f'<p class="summary update"><span class="badge">Cập nhật {e(written_day(later.get("day")))}</span> '
                     f'{e(later.get("summary"))}</p>')
    return "\n".join(parts)


def thread_page(view: dict) -> str:
    title = view.get("headline") or view.get("thread")
    merged = ""
    if view.get("requested"):
        merged = f'<p class="note">{e(view["requested"])} đã được gộp vào câu chuyện này ({e(view["thread"])}).</p>'
    meta = (f'<span class="count">{e(view.get("size", 0))} bài</span> · <span class="events">{len(view.get("events", []))} '
            f'sự kiện</span> · <span class="dates">{e(date_range(view.get("first_date"), view.get("last_date")))}</span>')
    items = []
    for ev in view.get("events", []):
        items.append(f'<li class="event" id="{e(ev.get("event"))}"><h3><span class="day">'
                     f'{e(date_range(ev.get("first_date"), ev.get("last_date")))}</span> '
                     f'<span class="headline">{e(ev.get("headline"))}</span> <span class="meta">({e(ev.get("size", 0))} bài)'
                     f'</span></h3>\n{_event_summary(ev)}\n<ol class="sources">\n'
                     + "\n".join(_article(a) for a in ev.get("articles", [])) + "\n</ol></li>")
    timeline = ('<section class="event-list"><h2>Diễn biến</h2>\n<ol class="timeline">\n' + "\n".join(items)
                + "\n</ol></section>")
    history = []
    for u in view.get("updates", []):
        kind = "Cập nhật" if u.get("update") else "Lần đầu"
        history.append(f'<li><a href="/digest?{urlencode({"day": u.get("day") or ""})}">{e(written_day(u.get("day")))}</a> '
                       f'<span class="badge">{kind}</span> <span class="meta">({e(u.get("articles", 0))} bài)</span> '
                       f'{e(u.get("summary"))}</li>')
    history_html = ('<section class="history"><h2>Lịch sử cập nhật</h2>\n'
                    + (f'<ol class="updates">\n{chr(10).join(history)}\n</ol>' if history
                       else '<p class="note">Chưa điểm tin nào đăng câu chuyện này.</p>') + "</section>")
    body = (f'<h1 data-thread="{e(view.get("thread"))}">{e(title)}</h1>\n{merged}<p class="meta">{meta}</p>\n'
            f'{timeline}\n{history_html}')
    return layout(str(title), body)


# ---------------------------------------------------------------- search


def _snippet(text: str) -> str:
    out, rest = [], str(text or "")
    while MARK_START in rest:
        before, _, after = rest.partition(MARK_START)
        hit, _, rest = after.partition(MARK_END)
        out.append(e(before) + f"<mark>{e(hit)}</mark>")
    out.append(e(rest))
    return "".join(out)


def search_page(q: str, result: dict | None) -> str:
    if result is None:
        body = '<h1>Tìm kiếm</h1>\n<p class="note">Gõ vài từ (có dấu) để tìm trong tiêu đề và nội dung các bài đã lưu.</p>'
        return layout("Tìm kiếm", body, q)
    hits = result.get("results", [])
    items = []
    for h in hits:
        link = safe_url(h.get("url"))
        original = f' · <a class="original" href="{e(link)}" rel="noopener noreferrer">bài gốc</a>' if link else ""
        meta = " · ".join(x for x in (e(h.get("outlet")) if h.get("outlet") else "",
                                      e(written_day(h.get("date"))) if h.get("date") else "") if x)
        thread_link = f'{thread_href(h["thread"])}#{quote(str(h["event"]), safe="")}'
        items.append(f'<li><h3><a class="hit" href="{e(thread_link)}">{e(h.get("title") or h.get("source"))}</a></h3>\n'
                     f'<p class="snippet">{_snippet(h.get("marked") or h.get("snippet", ""))}</p>\n'
                     f'<p class="meta">{meta}{original} · câu chuyện: <a href="{e(thread_href(h["thread"]))}">'
                     f'{e(h.get("thread_headline") or h["thread"])}</a></p></li>')
    total, offset, limit = result.get("total", 0), result.get("offset", 0), result.get("limit", 20)
    shown = f"{offset + 1}–{offset + len(hits)} trong {total}" if hits else "0"
    more = ""
    if offset + len(hits) < total:
        after = urlencode({"q": q, "offset": offset + limit, "limit": limit})
        more = f'<p class="more"><a href="/search?{after}">Trang sau</a></p>'
    listing = f'<ol class="hits">\n{chr(10).join(items)}\n</ol>' if items else "<p><em>Không tìm thấy bài nào.</em></p>"
    body = f'<h1>Tìm: {e(q)}</h1>\n<p class="meta">{e(shown)} bài</p>\n{listing}\n{more}'
    return layout(f"Tìm: {q}", body, q)
