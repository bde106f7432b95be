"""Dates written for Vietnamese readers: d/m/yyyy, m/yyyy or yyyy, and what the value alone cannot say
("khoảng" for a date inferred from the story, "không rõ năm", lunar dates); and how a summary is ordered."""
from __future__ import annotations

from ..model import SentenceDate

_PART = {"early": "đầu", "mid": "giữa", "late": "cuối"}
NO_YEAR = "không rõ năm"
NO_DATE = "không rõ thời gian"
ABOUT = "khoảng"


def _numbers(value: str) -> tuple[int | None, int | None, int | None]:
    """'2019-07-18' → (2019, 7, 18); '--07-18' (no year) → (None, 7, 18); '2021-11' → (2021, 11, None)."""
    no_year = value.startswith("--")
    parts = [int(p) for p in value.split("-") if p]
    if no_year:
        parts = [None, *parts]
    parts += [None] * (3 - len(parts))
    return parts[0], parts[1], parts[2]


def written(d: SentenceDate | None) -> str:
    """'18/7/2019', '11/2021', '2001', '18/7 (không rõ năm)', '7/2022 (quý 3)', '22/1/2023 (ngày 1/1 âm lịch)',
    'khoảng 4/3/2025' (inferred from the story's other articles)."""
    if d is None:
        return NO_DATE
    year, month, day = _numbers(d.value)
    head = "/".join(str(x) for x in (day, month, year) if x is not None)
    if d.basis == "inferred":
        head = f"{ABOUT} {head}"
    notes = []
    if d.period == "quarter" and month:
        notes.append(f"quý {(month - 1) // 3 + 1}")
    elif d.period == "half" and month:
        notes.append("6 tháng đầu năm" if month <= 6 else "6 tháng cuối năm")
    elif d.period == "week":
        notes.append(f"{_PART[d.part]} tuần" if d.part else "tuần bắt đầu từ ngày này")
    elif d.part:
        notes.append(f"{_PART[d.part]} {'tháng' if d.precision == 'month' else 'năm'}")
    leap = " nhuận" if d.lunar_leap else ""
    if d.calendar == "lunar":
        notes.append("tháng nhuận, âm lịch" if leap else "âm lịch")
    elif d.lunar:
        ly, lm, ld = _numbers(d.lunar)
        notes.append(f"ngày {ld}/{lm}{leap} âm lịch" if ld else f"tháng {lm}{leap} âm lịch" if lm else "năm âm lịch")
    if year is None:
        notes.append(NO_YEAR)
    return head + (f" ({', '.join(notes)})" if notes else "")


def order_note(sentences: list, how: str) -> str:
    """One line saying how the summary's sentences are ordered (extractive.order.ordering's answer)."""
    from ..extractive.order import SOURCE

    undated = sum(1 for s in sentences if s.date is None or s.date.sort_key is None)
    if how == SOURCE:
        return "Thứ tự: theo bài nguồn."
    if undated:
        return f"Thứ tự: theo thời gian; {undated} câu không rõ năm đặt sau cùng, theo thứ tự bài nguồn."
    return "Thứ tự: theo thời gian."
