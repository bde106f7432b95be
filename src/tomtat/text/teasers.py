"""Captions and teasers told by their words (issue 19.5): "VIDEO: …", "Video hiện trường …", "Xem thêm > > …",
"Ảnh vệ tinh cho thấy …", "… mời quý độc giả đón đọc". They point at a video, a photo or another page instead
of telling the story. The word lists are data: text/data/teaser_openings.txt and teaser_phrases.txt."""
from __future__ import annotations

from typing import Iterable

from .data import word_list


def opens_with(key: str, phrases: Iterable[str]) -> bool:
    """Does `key` (a match key) open with one of the phrases, as whole words ("bởi" opens "bởi, …", not
    "bởi vậy" when only "bởi vậy" is listed the other way round)? A phrase ending in punctuation ("video:",
    "> >") may be followed by anything."""
    for p in phrases:
        if key.startswith(p):
            rest = key[len(p):len(p) + 1]
            if not rest or not p[-1].isalnum() or not rest.isalnum():
                return True
    return False


def is_teaser(key: str) -> bool:
    """A caption or teaser, by its opening words or a phrase anywhere (match key)."""
    return opens_with(key, word_list("teaser_openings.txt")) or \
        any(phrase in key for phrase in word_list("teaser_phrases.txt"))
