"""Budgeted, redundancy-aware selection (MMR-style greedy).

Repeatedly take the best-scoring sentence that fits the remaining budget and is not a near-duplicate
of one already chosen; a sentence's score is discounted by its highest cosine to the chosen ones, and
a sentence that leans on its predecessor ("Ông cho biết…", "những cáo buộc trên…") is discounted
unless that predecessor is already in the summary.
The budget is a hard bound in whitespace tokens (contract: syllables).
"""
from __future__ import annotations

import numpy as np

from .features import Context

MIN_LENGTH = 6          # shorter sentences are fragments more often than facts
MAX_LENGTH = 120        # longer "sentences" are usually unsplit paragraphs
# Longer in characters is not prose: tokens of URLs, tables or junk, or a piece of an over-long run cut
# by segmentation (segment.cap_span, whose pieces are never shorter than this). The longest AbMuSu
# sentence of at most MAX_LENGTH tokens has 572 characters.
MAX_CHARS = 800
DEPENDENT_PENALTY = 1.0  # a dependent sentence only right after its predecessor (costs ~0.006 ROUGE-2)


def select(ctx: Context, scores: np.ndarray, max_words: int, *, redundancy: float = 0.5,
           duplicate_cosine: float = 0.4, dependent_penalty: float = DEPENDENT_PENALTY) -> list[int]:
    """Indices (into ctx.cluster.sentences) of the chosen sentences, in order of choice."""
    sentences = ctx.cluster.sentences
    lengths = np.array([s.length for s in sentences])
    prose = np.array([len(s.text) <= MAX_CHARS for s in sentences], dtype=bool)
    eligible = (lengths >= MIN_LENGTH) & (lengths <= MAX_LENGTH) & prose
    if not eligible.any():
        eligible = (lengths > 0) & prose
        if not eligible.any():
            return []
    chosen: list[int] = []
    budget = max_words
    max_sim = np.zeros(len(sentences))
    spread = float(np.ptp(scores[eligible])) or 1.0
    # A sentence that leans on the one before it is fine right after that one, odd anywhere else.
    previous = np.array([i - 1 if i > 0 and sentences[i - 1].doc == s.doc else -1
                         for i, s in enumerate(sentences)])
    lonely = ctx.dependent.copy()
    alive = eligible.copy()
    while budget > 0:
        fits = alive & (lengths <= budget)
        if not fits.any():
            break
        penalty = redundancy * max_sim + dependent_penalty * lonely
        value = np.where(fits, scores - spread * penalty, -np.inf)
        best = int(np.argmax(value))   # ties go to the earliest sentence: deterministic
        chosen.append(best)
        lonely[previous == best] = False
        budget -= int(lengths[best])
        sims = (ctx.rep.matrix @ ctx.rep.matrix[best].T).toarray().ravel()
        np.maximum(max_sim, sims, out=max_sim)
        # Repeats of what is chosen can never be chosen later: drop them all now, so the loop runs once
        # per chosen sentence (not once per copy of it: a story republished 10,000 times has 10,000).
        alive &= (ctx.groups != ctx.groups[best]) & (max_sim < duplicate_cosine)
    return chosen
