"""Roundup titles: a page of many short items ("Tin an ninh hình sự 24h qua: …", "Điểm tin sáng 5/7") is
not the name of any one story, so it never becomes a headline while a real title is at hand."""
from __future__ import annotations

import re

from ..text.normalize import match_key

_ROUNDUP = re.compile(
    r"^(?:(?:bản )?tin(?: tức)?(?: [\w ]{0,30})? (?:24 ?h|24 giờ)(?: qua)?"
    r"|(?:bản )?tin(?: tức)? (?:nóng|mới|sáng|trưa|chiều|tối|trong ngày|cuối ngày|cuối tuần|nổi bật|nhanh)\b"
    r"|điểm tin|điểm báo|tổng hợp tin|bản tin|tin vắn|thời sự (?:24 ?h|sáng|trưa|tối)"
    r"|(?:[\w ]{0,30} )?(?:24 ?h|24 giờ) qua\b)"
)


def is_roundup(title: str) -> bool:
    """True for a roundup title (a page of many items), by its opening words."""
    return bool(_ROUNDUP.match(match_key(title).strip()))
