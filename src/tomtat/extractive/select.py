"""Budgeted, redundancy-aware selection (MMR-style greedy).

Repeatedly take the best-scoring sentence that fits the remaining budget and is not a near-duplicate
of one already chosen; a sentence's score is discounted by its highest cosine to the chosen ones.
What a summary must not hold alone (readable.py) is a rule, not a discount: captions, teasers and
sub-headings are never chosen, and a sentence that leans on its predecessor ("Bởi, …", "Điều này …",
"Ông cho biết…") is chosen only with that predecessor: after it, or together with it when both fit
(the pair then competes with the mean of their values, the predecessor first in the choice order).
The budget is a hard bound in whitespace tokens (contract: syllables).
"""
from __future__ import annotations

import numpy as np

from ..model import Cluster, Sentence
from .features import Context
from .order import order
from .readable import keep_together, predecessors

MIN_LENGTH = 6          # shorter sentences are fragments more often than facts
MAX_LENGTH = 120        # longer "sentences" are usually unsplit paragraphs
# Longer in characters is not prose: tokens of URLs, tables or junk, or a piece of an over-long run cut
# by segmentation (segment.cap_span, whose pieces are never shorter than this). The longest AbMuSu
# sentence of at most MAX_LENGTH tokens has 572 characters.
MAX_CHARS = 800


def select(ctx: Context, scores: np.ndarray, max_words: int, *, redundancy: float = 0.5,
           duplicate_cosine: float = 0.4, readable: bool = True, pairs: bool = True) -> list[int]:
    """Indices (into ctx.cluster.sentences) of the chosen sentences, in order of choice.

    readable=False drops the rules of readable.py (captions and leaning sentences like any other: the
    ablation); pairs=False takes a leaning sentence only once its predecessor was chosen on its own.
    """
    sentences = ctx.cluster.sentences
    lengths = np.array([s.length for s in sentences])
    prose = np.array([len(s.text) <= MAX_CHARS for s in sentences], dtype=bool)
    if readable and ctx.unfit is not None:
        prose &= ~ctx.unfit
    eligible = (lengths >= MIN_LENGTH) & (lengths <= MAX_LENGTH) & prose
    if not eligible.any():
        eligible = (lengths > 0) & prose
        if not eligible.any():
            return []
    chosen: list[int] = []
    budget = max_words
    max_sim = np.zeros(len(sentences))
    previous = predecessors(sentences)
    has_previous = previous >= 0
    prev_index = np.where(has_previous, previous, 0)
    # Waiting: leans on a predecessor not chosen (yet). Such a sentence is never taken alone.
    waiting = ctx.dependent.copy() if readable else np.zeros(len(sentences), dtype=bool)
    alive = eligible.copy()
    spread = float(np.ptp(scores[eligible])) or 1.0
    while budget > 0:
        value = scores - spread * redundancy * max_sim
        fits = alive & (lengths <= budget)
        single = np.where(fits & ~waiting, value, -np.inf)
        # A waiting sentence with its predecessor: the predecessor must itself be choosable alone.
        pair_ok = pairs & waiting & fits & has_previous
        if pair_ok.any():
            p = prev_index
            pair_ok &= alive[p] & ~waiting[p] & (lengths[p] + lengths <= budget)
        pair = np.where(pair_ok, (value + value[prev_index]) / 2, -np.inf)
        best_single, best_pair = int(np.argmax(single)), int(np.argmax(pair))   # ties: earliest, deterministic
        if single[best_single] == -np.inf and pair[best_pair] == -np.inf:
            break
        take = [int(prev_index[best_pair]), best_pair] if pair[best_pair] > single[best_single] else [best_single]
        for best in take:
            chosen.append(best)
            waiting[previous == best] = False
            budget -= int(lengths[best])
            sims = (ctx.rep.matrix @ ctx.rep.matrix[best].T).toarray().ravel()
            np.maximum(max_sim, sims, out=max_sim)
            # Repeats of what is chosen can never be chosen later: drop them all now, so the loop runs once
            # per chosen sentence (not once per copy of it: a story republished 10,000 times has 10,000).
            alive &= (ctx.groups != ctx.groups[best]) & (max_sim < duplicate_cosine)
    return chosen


def in_reading_order(cluster: Cluster, ctx: Context, chosen: list[Sentence], mode: str = "time") -> list[Sentence]:
    """The chosen sentences ordered for reading (order.py) with leaning sentences kept after their
    predecessors."""
    return keep_together(order(cluster, chosen, mode), ctx.dependent, cluster.sentences)
