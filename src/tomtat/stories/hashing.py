"""The terms of a span of text and their hashing, shared by represent.py (an article's vectors) and background.py
(the background corpus's document frequencies), so both count the same terms in the same columns.

Terms are syllables and syllable bigrams of the match key (text/normalize.py); names (entities.py) are marked with
NAME_PREFIX so a name term never collides with a syllable term. Feature hashing is stateless, so it runs in any
worker.
"""
from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import HashingVectorizer

from ..text.normalize import match_key, syllables

N_FEATURES = 2 ** 20
NAME_PREFIX = "\x01"  # a name term never collides with a syllable term


def _identity(x):
    return x


HASHER = HashingVectorizer(analyzer=_identity, n_features=N_FEATURES, alternate_sign=False, norm=None,
                           dtype=np.float32)


def piece_terms(text: str) -> list[str]:
    """Syllables and syllable bigrams of one span of text (bigrams never cross spans)."""
    sylls = syllables(match_key(text))
    return sylls + [f"{a} {b}" for a, b in zip(sylls, sylls[1:])]


def hash_terms(lists: list[list[str]]) -> sp.csr_matrix:
    """One row of hashed term counts per list of terms."""
    return HASHER.transform(lists).tocsr()
