"""The extractive oracle: greedy sentence selection maximizing ROUGE-2 F1 against the gold summary.

It is the ceiling for extraction, and its choices are the training labels of the learned scorer. A
bigram-count implementation (not rouge-score) keeps thousands of greedy steps fast; it uses the same
syllable tokens as the evaluation.
"""
from __future__ import annotations

from collections import Counter

from .tokenize import syllable_tokens


def bigrams(tokens: list[str]) -> Counter:
    return Counter(zip(tokens, tokens[1:]))


def rouge2_f(candidate: Counter, cand_total: int, reference: Counter, ref_total: int) -> float:
    if not cand_total or not ref_total:
        return 0.0
    overlap = sum((candidate & reference).values())
    if not overlap:
        return 0.0
    p, r = overlap / cand_total, overlap / ref_total
    return 2 * p * r / (p + r)


def oracle_select(sentences: list[str], lengths: list[int], reference: str, max_words: int) -> list[int]:
    """Indices chosen greedily while ROUGE-2 F1 improves and the budget (in `lengths` units) allows."""
    ref = bigrams(syllable_tokens(reference))
    ref_total = sum(ref.values())
    grams = [bigrams(syllable_tokens(s)) for s in sentences]
    chosen: list[int] = []
    current: Counter = Counter()
    best_f, used = 0.0, 0
    while True:
        best_i, best_gain = None, best_f
        for i, g in enumerate(grams):
            if i in chosen or used + lengths[i] > max_words or not g:
                continue
            merged = current + g
            f = rouge2_f(merged, sum(merged.values()), ref, ref_total)
            if f > best_gain + 1e-12:
                best_i, best_gain = i, f
        if best_i is None:
            return chosen
        chosen.append(best_i)
        current += grams[best_i]
        best_f, used = best_gain, used + lengths[best_i]
