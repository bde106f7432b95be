"""The story in time order: one entry per summary sentence, headed by its date and source number.

    12/1/2022 — [3]
      Cuộc đàm phán giữa Nga và NATO hôm 12.1 ...

Entries follow the summary's order (time order unless --order source was asked for); consecutive
sentences with the same date share one heading. A sentence that names no date is headed by its article's
date, marked "ngày đăng bài"; undated sentences come last, under "không rõ thời gian".
"""
from __future__ import annotations

from ..summary import Summary
from ..time.words import written
from .json import document_date_value
from .text import source_label


def render_timeline(summary: Summary, explain: bool = False) -> str:
    docs = summary.cluster.documents
    lines = [f"Dòng thời gian — {len(summary.sentences)} câu từ {len(docs)} bài báo", ""]
    if not summary.sentences:
        lines.append("(không có câu nào để tóm tắt)")
    previous = None
    for s in summary.sentences:
        head = written(s.date) + (" — ngày đăng bài" if s.date is not None and s.date.basis == "document" else "")
        if head != previous:
            if previous is not None:
                lines.append("")
            lines.append(head)
            previous = head
        lines.append(f"  [{s.doc + 1}] {s.text}")
        if explain:
            how = f"'{s.date.text}': {s.date.how}" if s.date and s.date.text else (
                s.date.how if s.date else "no date expression and no article date")
            lines.append(f"      ngày: {how}")
    lines += ["", "Nguồn:"]
    for i, d in enumerate(docs):
        date = document_date_value(d)
        lines.append(f"  [{i + 1}] {source_label(d)}" + (f" — {d.title}" if d.title else "")
                     + (f" ({date}, {d.date_basis})" if date else "") + (f" <{d.url}>" if d.url else ""))
    return "\n".join(lines) + "\n"
