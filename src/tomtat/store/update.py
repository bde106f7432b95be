"""Update summaries: what a thread's new articles add to what its readers were already told.

The TAC update task's concept-coverage selection, solved greedily: concepts are syllable bigrams (NFC,
lower case, word characters), each weighted by how many of the new articles carry it, and down-weighted to
KNOWN_WEIGHT when an earlier summary of the thread already carried it. Sentences whose bigrams are mostly
known (more than MOSTLY_KNOWN of them, counting those of the sentences already chosen) are left out whatever
their salience. The rest are chosen by the new weight they cover per syllable (a concept counts once, however
many chosen sentences carry it), less KNOWN_PENALTY for every bigram the sentence repeats from an earlier
summary (counted as often as it occurs: what a reader reads again), ties and near-ties going to the salient
sentences (the default scorer, scaled to 0..1, adds up to SALIENCE of the gain), until the budget is spent or
nothing new is left. The chosen sentences are read in time order.

The penalty picks, among sentences that add about as much, the one that repeats least. On the update calls of
the first 12 days of `benchmarks/track.py --articles 4000` (681 calls, earlier summaries as they were),
ROUGE-2 precision against the earlier summaries / recall against the new articles' leads: penalty 0 (before)
0.107 / 0.393; 0.5: 0.097 / 0.392; 1.0: 0.092 / 0.388; 2.0: 0.081 / 0.363. Tightening MOSTLY_KNOWN instead
costs more recall for less: 0.4 gives 0.101 / 0.373, 0.3 gives 0.092 / 0.343.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter

import numpy as np

from ..model import Document
from ..pipeline import build_cluster
from ..summary import Summary

KNOWN_WEIGHT = 0.1
MOSTLY_KNOWN = 0.5
SALIENCE = 0.3
KNOWN_PENALTY = 1.0   # taken off a sentence's gain for each bigram it repeats from an earlier summary
_WORD = re.compile(r"\w+")


def bigrams(text: str) -> set[tuple[str, str]]:
    words = _WORD.findall(unicodedata.normalize("NFC", text).lower())
    return set(zip(words, words[1:]))


def _pairs(text: str) -> list[tuple[str, str]]:
    words = _WORD.findall(unicodedata.normalize("NFC", text).lower())
    return list(zip(words, words[1:]))


def known_share(text: str, known: set) -> float:
    grams = bigrams(text)
    return len(grams & known) / len(grams) if grams else 1.0


def update_summary(cluster_id: str, documents: list[Document], earlier: list[str], max_words: int,
                   max_sentences: int | None = None) -> Summary:
    """The summary of `documents` (the thread's new articles) that tells what `earlier` summaries did not."""
    from ..extractive.features import build_context
    from ..extractive.order import order
    from ..extractive.scorers import get_scorer

    cluster = build_cluster(documents, cluster_id)
    sentences = cluster.sentences
    if not sentences:
        return Summary(cluster=cluster, sentences=[], max_words=max_words)
    scores = np.asarray(get_scorer("default")(build_context(cluster)), dtype=np.float64)
    span = float(scores.max() - scores.min()) if len(scores) else 0.0
    salience = (scores - scores.min()) / span if span > 0 else np.zeros(len(scores))
    known = set().union(*(bigrams(t) for t in earlier)) if earlier else set()
    grams = [bigrams(s.text) for s in sentences]
    per_doc: dict[int, set] = {}
    for k, s in enumerate(sentences):
        per_doc.setdefault(s.doc, set()).update(grams[k])
    carriers = Counter(g for found in per_doc.values() for g in found)
    weight = {g: n * (KNOWN_WEIGHT if g in known else 1.0) for g, n in carriers.items()}
    lengths = [max(1, len(s.text.split())) for s in sentences]
    told = [sum(1 for g in _pairs(s.text) if g in known) for s in sentences]   # known bigrams, with repeats
    candidates = [k for k, s in enumerate(sentences)
                  if grams[k] and lengths[k] <= max_words and known_share(s.text, known) <= MOSTLY_KNOWN]
    covered: set = set()
    picked: list[int] = []
    used = 0
    while candidates and (max_sentences is None or len(picked) < max_sentences):
        best, best_value = None, 0.0
        for k in candidates:
            if used + lengths[k] > max_words:
                continue
            unseen = grams[k] - covered - known
            if len(unseen) < (1.0 - MOSTLY_KNOWN) * len(grams[k]):
                continue   # mostly told already, by an earlier summary or a sentence chosen here
            gain = sum(weight[g] for g in grams[k] - covered) - KNOWN_PENALTY * told[k]
            if gain <= 0:
                continue
            value = gain / lengths[k] * (1.0 + SALIENCE * salience[k])
            if value > best_value + 1e-12:
                best, best_value = k, value
        if best is None:
            break
        picked.append(best)
        used += lengths[best]
        covered |= grams[best]
        candidates.remove(best)
    chosen = order(cluster, [sentences[k] for k in sorted(picked)], "time")
    return Summary(cluster=cluster, sentences=chosen, max_words=max_words,
                   scores={(s.doc, s.index): float(v) for s, v in zip(sentences, scores)})
