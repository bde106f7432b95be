"""Tokenizers for ROUGE on Vietnamese.

rouge-score's default tokenizer keeps only [a-z0-9], which deletes every Vietnamese letter with a
diacritic ("người" → "ng i"); scores computed that way are meaningless. The contract fixes the
syllable level: NFC, lowercase, "_" read as a space, tokens = maximal \\w+ runs, no stemming.
"""
from __future__ import annotations

import re
import unicodedata

_TOKEN = re.compile(r"\w+")


def syllable_tokens(text: str) -> list[str]:
    return _TOKEN.findall(unicodedata.normalize("NFC", text).lower().replace("_", " "))


def word_tokens(text: str) -> list[str]:
    """Word level: pyvi word segments ("thủ_tướng"), the unit of several published results."""
    from ..text.segment import segment_words

    return segment_words(unicodedata.normalize("NFC", text).lower().replace("_", " "))


class SyllableTokenizer:
    """Tokenizer object for rouge_score.rouge_scorer.RougeScorer(tokenizer=...)."""

    def tokenize(self, text: str) -> list[str]:
        return syllable_tokens(text)


class WordTokenizer:
    def tokenize(self, text: str) -> list[str]:
        return word_tokens(text)


def tokenizer_for(level: str):
    if level == "syllable":
        return SyllableTokenizer()
    if level == "word":
        return WordTokenizer()
    raise ValueError(f"unknown ROUGE level {level!r} (syllable or word)")
