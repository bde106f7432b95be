"""Plain text: the summary paragraph first (pipe-friendly), then where each sentence came from."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..extractive.order import ordering
from ..model import Document
from ..time.words import order_note, written
from .json import explanation

if TYPE_CHECKING:   # the renderers read a Summary; only tomtat.summary imports them
    from ..summary import Summary


def source_label(doc: Document) -> str:
    """The document's source, then where it was first read (a `cluster` line's feed.jsonl:LINE) and its outlet:
    "stories.jsonl:2#0 (feed.jsonl:3) · Báo Thủ Đô"."""
    origin = f" ({doc.origin})" if doc.origin and doc.origin != doc.source else ""
    return doc.source + origin + (f" · {doc.outlet}" if doc.outlet else "")


def render_text(summary: Summary, explain: bool = False) -> str:
    docs = summary.cluster.documents
    lines = [summary.text or "(không có câu nào để tóm tắt)", ""]
    if summary.sentences:
        lines += [order_note(summary.sentences, summary.order or ordering(summary.sentences)), ""]
    lines.append("Nguồn:")
    for s in summary.sentences:     # [n]: the source, as in the timeline and the page; sentences counted from 1
        when = written(s.date) if s.date else "không rõ"
        doc = docs[s.doc]
        link = f" <{doc.url}>" if doc.url else ""
        lines.append(f"  [{s.doc + 1}] {source_label(doc)} — câu {s.index + 1}, ký tự {s.start}–{s.end} — "
                     f"thời gian: {when}{link}")
    if explain:
        info = explanation(summary)
        names = {"headline": "tiêu đề", "sapo": "sapo", "byline": "tác giả", "dateline": "dòng ngày"}
        lines += ["", "Cấu trúc bài (tiêu đề, sapo, tác giả, dòng ngày):"]
        for p in info["structure"]:
            where = f"[{p['start']}:{p['end']}]" if p["start"] is not None else "(ngoài văn bản)"
            lines.append(f"  [{p['doc'] + 1}] {docs[p['doc']].source} {where} {names.get(p['kind'], p['kind'])} — {p['basis']}: "
                         f"{p['text'][:100]}")
        lines += ["", "Đã loại bỏ khi làm sạch:"]
        for d in info["dropped"]:
            lines.append(f"  [{d['doc'] + 1}] {docs[d['doc']].source} [{d['start']}:{d['end']}] {d['reason']}: "
                         f"{d['text'][:100]}")
        lines += ["", "Ngày đăng của các bài báo:"]
        for d in info["dates"]["documents"]:
            lines.append(f"  [{d['doc'] + 1}] {docs[d['doc']].source}: {d['date'] or 'không rõ'} — {d['how']}")
        lines += ["", "Ngày tháng của các câu được chọn:"]
        for d in info["dates"]["sentences"]:
            said = f"'{d['text']}': " if d["text"] else ""
            lines.append(f"  [{d['doc'] + 1}] câu {d['sentence'] + 1}: {said}{d['how']}")
        lines += ["", "Điểm của các câu được chọn:"]
        for s in info["scores"]:
            lines.append(f"  [{s['doc'] + 1}] câu {s['sentence'] + 1}: {s['score']:.4f}")
    return "\n".join(lines) + "\n"
