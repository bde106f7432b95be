"""One self-contained HTML page: the summary, each sentence linked to its highlighted source sentence.

No external assets (readers may be offline); every piece of article text goes through html.escape.
"""
from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from ..extractive.order import ordering
from ..time.words import order_note, written
from .json import document_date_value, explanation

if TYPE_CHECKING:   # the renderers read a Summary; only tomtat.summary imports them
    from ..summary import Summary

_STYLE = """
body{font:16px/1.6 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;max-width:60rem;
margin:2rem auto;padding:0 1rem;color:#1d1d1f;background:#fafafa}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem}
.summary{background:#fff;border:1px solid #ddd;border-radius:8px;padding:1rem 1.25rem}
.summary a{color:inherit;text-decoration:none;border-bottom:1px dotted #888}
.summary a:hover{background:#fff3b0}
sup.src{font-size:.7rem;color:#555;margin-left:.15rem}
.when{display:inline-block;font-size:.8rem;color:#0b5394;background:#eef4fb;border-radius:4px;padding:0 .3rem;
margin-right:.3rem;white-space:nowrap}
.when.doc{color:#555;background:#f0f0f0}
.when.unknown{color:#8a6d00;background:#fff8e1}
.when.inferred{color:#5b4a8a;background:#f1edfb}
.order{color:#555;font-size:.85rem;margin:.25rem 0 .5rem}
article{background:#fff;border:1px solid #e5e5e5;border-radius:8px;padding:.5rem 1.25rem;margin:1rem 0}
article h3{font-size:1rem;margin:.5rem 0}
.meta{color:#666;font-size:.85rem}
.s.chosen{background:#e8f0fe}
.s:target,.s.flash{background:#ffd54f;outline:2px solid #f9a825}
.doc-text{white-space:pre-wrap}
details{margin-top:2rem;color:#444}
"""


def _article_html(summary: Summary, doc_index: int, chosen: set[tuple[int, int]]) -> str:
    """The cleaned article: its sentences in order, each an anchor target."""
    doc = summary.cluster.documents[doc_index]
    parts = []
    paragraph = None
    for s in doc.sentences:
        if paragraph is not None and s.paragraph != paragraph:
            parts.append("\n\n")
        elif paragraph is not None:
            parts.append(" ")
        paragraph = s.paragraph
        cls = "s chosen" if (s.doc, s.index) in chosen else "s"
        parts.append(f'<span class="{cls}" id="d{s.doc}s{s.index}">{escape(s.text)}</span>')
    # Untitled articles (plain .txt) are named by their file, which is what the reader chose them by.
    name = doc.source.replace("\\", "/").rsplit("/", 1)[-1] if doc.source else ""
    title = escape(doc.title or name or f"Bài {doc_index + 1}")
    if doc.url.lower().startswith(("http://", "https://")):
        title = f'<a href="{escape(doc.url)}" rel="noopener">{title}</a>'
    origin = f" ({escape(doc.origin)})" if doc.origin and doc.origin != doc.source else ""
    who = "".join(f" · {escape(x)}" for x in (doc.outlet, doc.author) if x)
    date = (f' · <time datetime="{document_date_value(doc)}">{escape(written_doc(doc))}</time>'
            f' <span class="basis">({"siêu dữ liệu" if doc.date_basis == "metadata" else "dòng ngày tháng"})</span>'
            if doc.date else " · không rõ ngày đăng")
    return (f'<article id="d{doc_index}"><h3>[{doc_index + 1}] {title}</h3>'
            f'<div class="meta">{escape(doc.source)}{origin}{who}{date}</div>'
            f'<div class="doc-text">{"".join(parts)}</div></article>')


def written_doc(doc) -> str:
    value = document_date_value(doc) or ""
    return "/".join(str(int(p)) for p in reversed(value.split("-")))


def when(s) -> str:
    """The sentence's date as a small label before it: from its text (blue), its article (grey), year unknown."""
    d = s.date
    if d is None:
        return ""
    cls = ("when doc" if d.basis == "document" else "when unknown" if d.sort_key is None
           else "when inferred" if d.basis == "inferred" else "when")
    title = ("ngày của bài báo" if d.basis == "document" else f"từ “{d.text}” trong câu" if d.text else "")
    if d.basis == "inferred":
        title = (title + "; " if title else "") + "bài không có ngày đăng: ước tính theo các bài cùng câu chuyện"
    return f'<span class="{cls}" title="{escape(title)}">{escape(written(d))}</span>'


def render_html(summary: Summary, explain: bool = False) -> str:
    docs = summary.cluster.documents
    chosen = {(s.doc, s.index) for s in summary.sentences}
    links = " ".join(
        f'{when(s)}<a href="#d{s.doc}s{s.index}" data-doc="{s.doc}" data-sentence="{s.index}">{escape(s.text)}</a>'
        f'<sup class="src">[{s.doc + 1}]</sup>' for s in summary.sentences)
    articles = "\n".join(_article_html(summary, i, chosen) for i in range(len(docs)))
    extra = ""
    if explain:
        rows = "".join(f"<li>[{d['doc'] + 1}] {escape(d['reason'])}: {escape(d['text'])}</li>"
                       for d in explanation(summary)["dropped"])
        parts = "".join(f"<li>[{p['doc'] + 1}] {escape(p['kind'])} ({escape(p['basis'])}): {escape(p['text'])}</li>"
                        for p in explanation(summary)["structure"])
        extra = (f"<details><summary>Cấu trúc bài: tiêu đề, sapo, tác giả, dòng ngày</summary><ul>{parts}</ul></details>"
                 f"<details><summary>Phần đã loại bỏ khi làm sạch</summary><ul>{rows}</ul></details>")
        dates = explanation(summary)["dates"]
        doc_rows = "".join(f"<li>[{d['doc'] + 1}] {escape(str(d['date']))}: {escape(d['how'])}</li>"
                           for d in dates["documents"])
        sent_rows = "".join(f"<li>[{d['doc'] + 1}] câu {d['sentence'] + 1}: “{escape(d['text'])}” — {escape(d['how'])}</li>"
                            for d in dates["sentences"])
        extra += (f"<details><summary>Cách xác định ngày tháng</summary><ul>{doc_rows}</ul>"
                  f"<ul>{sent_rows}</ul></details>")
    n_words = len(summary.text.split())
    order = (f'<p class="order">{escape(order_note(summary.sentences, summary.order or ordering(summary.sentences)))}</p>\n'
             if summary.sentences else "")
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tóm tắt</title><style>{_STYLE}</style></head>
<body><h1>Tóm tắt</h1>
<p class="meta">{len(docs)} bài báo · {n_words}/{summary.max_words} âm tiết · nhấp vào một câu để xem nguồn</p>
{order}<div class="summary">{links or "<em>Không có câu nào để tóm tắt.</em>"}</div>
<h2>Các bài báo nguồn</h2>
{articles}
{extra}
</body></html>
"""
