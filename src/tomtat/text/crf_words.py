"""pyvi's word segmenter, fed without its per-syllable Python overhead.

pyvi (ViTokenizer) labels each syllable B_W/I_W with a CRF (python-crfsuite) over a window of the
syllable's lowercase form, case and digit flags, and whether it makes a known 2- or 3-syllable word
with its neighbours. pyvi builds a fresh feature dict for every syllable (ten string operations and
two set lookups each time), which cost more than the CRF itself: 60% of segmentation time on news.

Here the same model (pyvi's own tagger and word lists) receives the same attributes, built from
per-syllable parts computed once per distinct syllable (`_parts`); only the 2/3-gram flags depend on
the neighbours. Attributes whose value is 0 (a False flag) are left out: CRFsuite adds weight × value
for each attribute, so a zero adds exactly nothing and the scores, hence the labels, are the same
bit for bit. `tokenize` then joins syllables as pyvi does; tests compare both on fixture sentences.
"""
from __future__ import annotations

import string
from functools import lru_cache


@lru_cache(maxsize=1)
def _model():
    """pyvi's tagger (pycrfsuite.Tagger), syllable splitter, and 2- and 3-syllable word sets."""
    from pyvi.ViTokenizer import ViTokenizer

    return ViTokenizer.model.tagger_, ViTokenizer.sylabelize, ViTokenizer.bi_grams, ViTokenizer.tri_grams


@lru_cache(maxsize=200_000)
def _parts(token: str) -> tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(lowercase form, its attributes as the current, the previous and the next syllable).

    Orders follow the model's templates: current = bias, lower, isupper, istitle, isdigit; the
    neighbours = lower, istitle, isupper. Only true flags are listed (see the module docstring).
    """
    low = token.lower()
    upper, title, digit = token.isupper(), token.istitle(), token.isdigit()
    current = ("bias", "word.lower():" + low) + (("word.isupper()",) if upper else ()) \
        + (("word.istitle()",) if title else ()) + (("word.isdigit()",) if digit else ())
    previous = ("-1:word.lower():" + low,) + (("-1:word.istitle()",) if title else ()) \
        + (("-1:word.isupper()",) if upper else ())
    following = ("+1:word.lower():" + low,) + (("+1:word.istitle()",) if title else ()) \
        + (("+1:word.isupper()",) if upper else ())
    return low, current, previous, following


# The n-gram flags, indexed by whether they hold.
_PAIR_BEFORE, _TRIPLE_BEFORE = ((), ("-1:word.bi_gram()",)), ((), ("-2:word.tri_gram()",))
_PAIR_AFTER, _TRIPLE_AFTER = ((), ("+1:word.bi_gram()",)), ((), ("+2:word.tri_gram()",))


def item_features(tokens: list[str]) -> list[tuple[str, ...]]:
    """The attributes pyvi's CRF sees for each syllable, as pycrfsuite items (each weight 1.0):
    the syllable's own, then those of the one before, then those of the one after."""
    _, _, bi_grams, tri_grams = _model()
    parts = [_parts(t) for t in tokens]
    lows = [p[0] for p in parts]
    # pair[i]: syllables i-1, i make a known word; triple[i]: syllables i-2, i-1, i do.
    pair = [False] + [f"{a} {b}" in bi_grams for a, b in zip(lows, lows[1:])]
    triple = [False, False] + [f"{a} {b} {c}" in tri_grams for a, b, c in zip(lows, lows[1:], lows[2:])]
    before = [()] + [p[2] + _PAIR_BEFORE[two] + _TRIPLE_BEFORE[three]
                     for p, two, three in zip(parts, pair[1:], triple[1:])]
    after = [p[3] + _PAIR_AFTER[two] + _TRIPLE_AFTER[three]
             for p, two, three in zip(parts[1:], pair[1:], triple[2:] + [False])] + [()]
    return [p[1] + b + a for p, b, a in zip(parts, before, after)]


def _joins(previous: str, token: str) -> bool:
    """pyvi's rule for gluing an I_W syllable to the one before: never across punctuation, digits, or
    a capitalised syllable after a lowercase one (`in string.punctuation` is pyvi's substring test)."""
    return (token not in string.punctuation and previous not in string.punctuation
            and not token[0].isdigit() and not previous[0].isdigit()
            and not (token[0].istitle() and not previous[0].istitle()))


def tokenize(text: str) -> str:
    """The same string as pyvi's `ViTokenizer.tokenize(text)`: syllables of one word joined by "_"."""
    tagger, sylabelize, _, _ = _model()
    _, tokens = sylabelize(text)
    if not tokens:
        return text
    labels = tagger.tag(item_features(tokens))
    out = [tokens[0]]
    for i in range(1, len(tokens)):
        out.append("_" if labels[i] == "I_W" and _joins(tokens[i - 1], tokens[i]) else " ")
        out.append(tokens[i])
    return "".join(out)
