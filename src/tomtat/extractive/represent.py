"""Sparse TF-IDF vectors of sentences (syllable unigrams + bigrams, plus word segments), built once
per cluster and shared by every scorer, redundancy check and feature."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from ..model import Cluster, Sentence
from ..text.normalize import syllables as syllable_tokens


def terms(sylls: list[str], words: list[str] | None = None) -> list[str]:
    """Terms of a text: syllables, syllable bigrams, and multi-syllable words."""
    out = list(sylls)
    out += [f"{a} {b}" for a, b in zip(sylls, sylls[1:])]
    if words:
        out += [w for w in words if "_" in w]
    return out


def sentence_terms(s: Sentence) -> list[str]:
    return terms(s.syllables, s.words)


def _identity(x):
    return x


@dataclass
class Representation:
    """TF-IDF rows for the cluster's sentences; L2-normalised so dot products are cosines."""

    matrix: sp.csr_matrix
    vectorizer: TfidfVectorizer
    body: np.ndarray | None = None   # rows that are body sentences (not a sapo found in the text)

    def transform_keys(self, keys: list[str]) -> sp.csr_matrix:
        """Vectors of other texts (titles, sapos) in the cluster's term space."""
        return self.vectorizer.transform([terms(syllable_tokens(k)) for k in keys])

    def centroid(self) -> np.ndarray:
        rows = self.matrix if self.body is None or not self.body.any() else self.matrix[self.body]
        c = np.asarray(rows.mean(axis=0)).ravel()
        norm = np.linalg.norm(c)
        return c / norm if norm else c


def represent(cluster: Cluster) -> Representation:
    """Term weights and the centroid come from the body sentences: a sapo found in the text is
    represented in their space but does not shift it, as a sapo given apart does not (issue 12)."""
    sentences = cluster.sentences
    vec = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, norm="l2", dtype=np.float64)
    # Terms are made sentence by sentence as the vectorizer reads them: held all at once they would be
    # the largest object of a long text (tens of strings per sentence).
    has_terms = any(sentence_terms(s) for s in sentences)

    def docs():
        return (sentence_terms(s) if has_terms else ["_"] for s in sentences)

    body = np.array([not s.in_sapo for s in sentences], dtype=bool)
    if body.all() or not any(d for d, b in zip(docs(), body) if b):
        return Representation(normalize(vec.fit_transform(docs())).tocsr(), vec)
    vec.fit(d for d, b in zip(docs(), body) if b)
    return Representation(normalize(vec.transform(docs())).tocsr(), vec, body)
