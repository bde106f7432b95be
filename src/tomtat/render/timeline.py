"""The story in time order: one entry per summary sentence, headed by its date and source number.

    12/1/2022 — [3]
      Cuộc đàm phán giữa Nga và NATO hôm 12.1 ...

Entries follow the summary's order, said in a line under the title: time order, with the sentences whose
year is unknown after the dated ones under their own heading (so none sits between two dated ones as if it
were placed); or source order, when --order source was asked for or most sentences have no known year
(one dated sentence pulled to the front would mislead). Consecutive sentences with the same date share one
heading. A sentence that names no date is headed by its article's date, marked "ngày đăng bài"; one dated
from its story's other articles reads "khoảng ...". [n] is the source's number, as in the text and the page.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..extractive.order import TIME, ordering
from ..time.words import order_note, written
from .json import document_date_value
from .text import source_label

if TYPE_CHECKING:   # the renderers read a Summary; only tomtat.summary imports them
    from ..summary import Summary


def render_timeline(summary: Summary, explain: bool = False) -> str:
    docs = summary.cluster.documents
    lines = [f"Dòng thời gian — {len(summary.sentences)} câu từ {len(docs)} bài báo"]
    how = summary.order or ordering(summary.sentences)
    if summary.sentences:
        lines.append(order_note(summary.sentences, how))
    lines.append("")
    if not summary.sentences:
        lines.append("(không có câu nào để tóm tắt)")
    previous = None
    placed = True
    for s in summary.sentences:
        if how == TIME and placed and (s.date is None or s.date.sort_key is None):
            placed = False
            if previous is not None:
                lines += ["", "— Không rõ năm (theo thứ tự bài nguồn) —"]
                previous = None
        basis = s.date.basis if s.date is not None else None
        head = written(s.date) + {"document": " — ngày đăng bài", "inferred": " — ước tính theo các bài cùng câu chuyện"
                                  }.get(basis, "")
        if head != previous:
            if previous is not None or not placed:
                lines.append("")
            lines.append(head)
            previous = head
        lines.append(f"  [{s.doc + 1}] {s.text}")
        if explain:
            said = f"'{s.date.text}': {s.date.how}" if s.date and s.date.text else (
                s.date.how if s.date else "no date expression and no article date")
            lines.append(f"      câu {s.index + 1}, ngày: {said}")
    lines += ["", "Nguồn:"]
    for i, d in enumerate(docs):
        date = document_date_value(d)
        lines.append(f"  [{i + 1}] {source_label(d)}" + (f" — {d.title}" if d.title else "")
                     + (f" ({date}, {d.date_basis})" if date else "") + (f" <{d.url}>" if d.url else ""))
    return "\n".join(lines) + "\n"
