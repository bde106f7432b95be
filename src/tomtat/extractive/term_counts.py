"""Term counts of many texts in one vectorised pass, entry for entry as sklearn's CountVectorizer made them.

A text's terms are its syllables, its syllable bigrams and its multi-syllable words (`represent.terms`).
CountVectorizer looked up every term occurrence in a Python dict, after the terms had been built as
strings, and TfidfVectorizer fit on the body sentences then counted all sentences again: 19 of the
47 CPU seconds of summarizing a 10,000-article cluster. Here each syllable and word token costs one
dict access; bigrams are pairs of syllable codes; vocabulary, counting and column order are numpy
sorts, and only each distinct term is ever spelt out (to sort the columns by name as sklearn does).

The matrix is sklearn's in every entry and in the order entries are stored within a row, because
sums over a row (norms, sparse products) are taken in that order:
- `fit` over all texts is CountVectorizer.fit_transform: columns are the terms in name order, and a
  row's entries are in the order their terms first appeared in the texts;
- `fit` with `vocabulary_rows`, and `counts`, are CountVectorizer.transform after a fit on those rows:
  columns in name order, a row's entries sorted by column, terms outside the vocabulary dropped.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
import scipy.sparse as sp

Text = tuple[Sequence[str], Sequence[str] | None]   # (syllables, word segments or None)
_TEXTS_PER_BLOCK = 8192


class TermCounter:
    """The cluster's term space: syllable and word codes, and the vocabulary's columns."""

    def __init__(self, syllables: dict[str, int], words: dict[str, int], vocabulary: np.ndarray,
                 columns: np.ndarray) -> None:
        self.syllables, self.words = syllables, words
        order = np.argsort(vocabulary)
        self.vocabulary = vocabulary[order]   # sorted codes of the vocabulary's terms
        self.columns = columns[order]         # column of each of them (rank of its name)

    @classmethod
    def fit(cls, texts: list[Text], vocabulary_rows: np.ndarray | None = None) -> tuple["TermCounter", sp.csr_matrix]:
        """The counter for `texts` and their count matrix (float64, as TfidfVectorizer asked for).

        Texts are read in blocks; per term occurrence only its text and its term's index are kept (two
        4-byte ints), and the matrix is counted block by block. Without terms at all every text is the
        one term "_", as the caller handed sklearn then."""
        syllables: dict[str, int] = {}
        words: dict[str, int] = {}
        ids: dict[int, int] = {}                       # term code -> index in order of first appearance
        blocks = [(rows.astype(np.int32), _first_appearance(codes, ids), m)
                  for codes, rows, m in _streams(texts, syllables, words, grow=True)]
        n = len(texts)
        if not ids:
            return cls({}, {}, np.zeros(1, dtype=np.int64), np.zeros(1, dtype=np.int64)), \
                sp.csr_matrix((np.ones(n), np.zeros(n, dtype=np.int32), np.arange(n + 1, dtype=np.int32)),
                              shape=(n, 1))
        terms = np.fromiter(ids, dtype=np.int64, count=len(ids))
        del ids
        if vocabulary_rows is None:
            columns = _name_ranks(terms, syllables, words)
            # A row's entries in first-appearance order, then named by their columns.
            counts = _stack([_count(rows, first, m, len(terms)) for rows, first, m in blocks], len(terms))
            counts.indices = columns[counts.indices].astype(counts.indices.dtype)
            return cls(syllables, words, terms, columns), counts
        known = np.zeros(len(terms), dtype=bool)
        start = 0
        for rows, first, m in blocks:
            known[first[vocabulary_rows[start:start + m][rows]]] = True
            start += m
        column = np.full(len(terms), -1, dtype=np.int32)
        column[known] = _name_ranks(terms[known], syllables, words)
        width = int(known.sum())
        parts = []
        for rows, first, m in blocks:
            cols = column[first]
            keep = cols >= 0
            parts.append(_count(rows[keep], cols[keep], m, width))
        return cls(syllables, words, terms[known], column[known].astype(np.int64)), _stack(parts, width)

    def counts(self, texts: list[Text]) -> sp.csr_matrix:
        """Count matrix of other texts in this term space (CountVectorizer.transform)."""
        parts = []
        for codes, rows, m in _streams(texts, self.syllables, self.words, grow=False):
            where = np.minimum(np.searchsorted(self.vocabulary, codes), len(self.vocabulary) - 1)
            known = self.vocabulary[where] == codes
            parts.append(_count(rows[known], self.columns[where[known]], m, len(self.vocabulary)))
        return _stack(parts, len(self.vocabulary))


# Term codes: a syllable is its id s; a bigram of syllables a, b is _BIGRAM + a * 2**31 + b; a word is
# _WORD + its id (ids are below 2**31). The ranges do not meet, and no code depends on how many
# syllables are known yet, so texts can be coded block by block.
_BIGRAM = 1 << 62
_WORD = 1 << 61
_SHIFT = 1 << 31


def _streams(texts: list[Text], syllables: dict[str, int], words: dict[str, int], grow: bool):
    """(codes of the terms, their texts' rows within the block, the block's size) for blocks of texts."""
    for a in range(0, len(texts), _TEXTS_PER_BLOCK):
        block = texts[a:a + _TEXTS_PER_BLOCK]
        yield *_stream(block, syllables, words, grow), len(block)


def _stream(texts: list[Text], syllables: dict[str, int], words: dict[str, int],
            grow: bool) -> tuple[np.ndarray, np.ndarray]:
    """The codes of every text's terms, in `represent.terms` order, and the text of each. Terms with a
    token unknown to the dicts (grow=False) are left out."""
    flat_syllables: list[str] = []
    flat_words: list[str] = []
    n_syllables, n_words = [], []
    for sylls, segs in texts:
        flat_syllables.extend(sylls)
        n_syllables.append(len(sylls))
        multi = [w for w in segs if "_" in w] if segs else []
        flat_words.extend(multi)
        n_words.append(len(multi))
    if grow:
        s_ids = [syllables.setdefault(w, len(syllables)) for w in flat_syllables]
        w_ids = [words.setdefault(w, len(words)) for w in flat_words]
    else:
        s_ids = [syllables.get(w, -1) for w in flat_syllables]
        w_ids = [words.get(w, -1) for w in flat_words]
    s_codes = np.array(s_ids, dtype=np.int64)
    w_codes = np.array(w_ids, dtype=np.int64)
    ls = np.array(n_syllables, dtype=np.int64)
    lw = np.array(n_words, dtype=np.int64)
    lb = np.maximum(ls - 1, 0)
    # A bigram starts at every syllable but a text's last.
    pair = np.ones(len(s_codes), dtype=bool)
    pair[(np.cumsum(ls) - 1)[ls > 0]] = False
    left, right = s_codes[np.flatnonzero(pair)], s_codes[np.flatnonzero(pair) + 1]
    b_codes = np.where((left >= 0) & (right >= 0), _BIGRAM + left * _SHIFT + right, -1)
    w_codes = np.where(w_codes >= 0, _WORD + w_codes, -1)
    per_text = ls + lb + lw
    start = np.cumsum(per_text) - per_text                 # where each text's terms begin
    codes = np.empty(int(per_text.sum()), dtype=np.int64)
    for part, count, offset in ((s_codes, ls, start), (b_codes, lb, start + ls), (w_codes, lw, start + ls + lb)):
        first = np.cumsum(count) - count
        codes[np.repeat(offset - first, count) + np.arange(len(part))] = part
    rows = np.repeat(np.arange(len(texts)), per_text)
    keep = codes >= 0
    return codes[keep], rows[keep]


def _name_ranks(codes: np.ndarray, syllables: dict[str, int], words: dict[str, int]) -> np.ndarray:
    """Column of each term code: the rank of the term's name ("a", "a b", "a_b") among them all."""
    s_names, w_names = list(syllables), list(words)
    names = []
    for code in codes.tolist():
        if code >= _BIGRAM:
            a, b = divmod(code - _BIGRAM, _SHIFT)
            names.append(f"{s_names[a]} {s_names[b]}")
        elif code >= _WORD:
            names.append(w_names[code - _WORD])
        else:
            names.append(s_names[code])
    order = sorted(range(len(names)), key=names.__getitem__)
    ranks = np.empty(len(names), dtype=np.int64)
    ranks[order] = np.arange(len(names))
    return ranks


def _first_appearance(codes: np.ndarray, ids: dict[int, int]) -> np.ndarray:
    """For each code, the index of its term in order of first appearance, `ids` growing as new terms
    come. A dict keeps first-appearance order for free at a hash per code; numpy's unique would sort
    (and its hash-based variant took seconds on a few million distinct codes)."""
    chunk = codes.tolist()
    fresh = [c for c in dict.fromkeys(chunk) if c not in ids]
    ids.update(zip(fresh, range(len(ids), len(ids) + len(fresh))))
    return np.fromiter(map(ids.__getitem__, chunk), dtype=np.int32, count=len(chunk))


def _count(rows: np.ndarray, cols: np.ndarray, n: int, width: int) -> sp.csr_matrix:
    """CSR counts of (row, column) pairs, a row's entries sorted by column (scipy sums duplicates per
    row after a linear bucketing by row: no global sort)."""
    return sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, max(width, 1)))


def _stack(parts: list[sp.csr_matrix], width: int) -> sp.csr_matrix:
    """The blocks' count matrices, one under the other (each row's entries kept in their order)."""
    if not parts:
        return sp.csr_matrix((0, max(width, 1)))
    return sp.vstack(parts, format="csr") if len(parts) > 1 else parts[0]
