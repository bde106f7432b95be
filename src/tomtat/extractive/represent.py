"""Sparse TF-IDF vectors of sentences (syllable unigrams + bigrams, plus word segments), built once
per cluster and shared by every scorer, redundancy check and feature."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.preprocessing import normalize

from ..model import Cluster, Sentence
from ..text.normalize import syllables as syllable_tokens
from .term_counts import TermCounter


def terms(sylls: list[str], words: list[str] | None = None) -> list[str]:
    """Terms of a text: syllables, syllable bigrams, and multi-syllable words (the definition
    `term_counts` counts by codes, and its tests check against)."""
    out = list(sylls)
    out += [f"{a} {b}" for a, b in zip(sylls, sylls[1:])]
    if words:
        out += [w for w in words if "_" in w]
    return out


@dataclass
class Representation:
    """TF-IDF rows for the cluster's sentences; L2-normalised so dot products are cosines."""

    matrix: sp.csr_matrix
    counter: TermCounter
    tfidf: TfidfTransformer
    body: np.ndarray | None = None   # rows that are body sentences (not a sapo found in the text)

    def transform_keys(self, keys: list[str]) -> sp.csr_matrix:
        """Vectors of other texts (titles, sapos) in the cluster's term space."""
        return self.tfidf.transform(self.counter.counts([(syllable_tokens(k), None) for k in keys]))

    def centroid(self) -> np.ndarray:
        rows = self.matrix if self.body is None or not self.body.any() else self.matrix[self.body]
        c = np.asarray(rows.mean(axis=0)).ravel()
        norm = np.linalg.norm(c)
        return c / norm if norm else c


def represent(cluster: Cluster) -> Representation:
    """Term weights and the centroid come from the body sentences: a sapo found in the text is
    represented in their space but does not shift it, as a sapo given apart does not (issue 12).

    The counts are those sklearn's TfidfVectorizer (analyzer = `terms`) made, entry for entry
    (`term_counts`), counted once; the weighting is its TfidfTransformer (sublinear tf, l2)."""
    sentences = cluster.sentences
    texts = [(s.syllables, s.words) for s in sentences]
    body = np.array([not s.in_sapo for s in sentences], dtype=bool)
    tfidf = TfidfTransformer(sublinear_tf=True, norm="l2")
    # With no terms at all every sentence is the one pseudo-term "_" (TermCounter), as it was for sklearn.
    has_terms = any(map(_has_terms, sentences))
    if body.all() or (has_terms and not any(_has_terms(s) for s in sentences if not s.in_sapo)):
        counter, counts = TermCounter.fit(texts)
        return Representation(normalize(tfidf.fit_transform(counts)).tocsr(), counter, tfidf)
    counter, counts = TermCounter.fit(texts, vocabulary_rows=body)
    tfidf.fit(counts[body])
    return Representation(normalize(tfidf.transform(counts)).tocsr(), counter, tfidf, body)


def _has_terms(s: Sentence) -> bool:
    return bool(s.syllables) or any("_" in w for w in s.words)
