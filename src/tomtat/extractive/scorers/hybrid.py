"""Default scorer: the learned model and the unsupervised centroid scorer, each standardised, summed.

The two make different mistakes (the ridge model leans on position and title/sapo overlap, the
centroid scorer on cluster-wide content), so their blend is better than either. The centroid weight
and the selection's redundancy weight were chosen together on the pooled mean of train 5-fold CV and
validation ROUGE-2 (weights 0.75/1/1.5 × redundancy 0.5/0.7): 1.5 and 0.5 gave CV 0.3932, validation
0.3769, against 0.3838/0.3640 for the learned model alone with the same selection
(benchmarks/results/ablation.md).
"""
from __future__ import annotations

import numpy as np

from ..features import Context
from . import centroid, learned

CENTROID_WEIGHT = 1.5


def _standardise(x: np.ndarray) -> np.ndarray:
    spread = x.std()
    return (x - x.mean()) / spread if spread > 0 else x - x.mean()


def combine(learned_scores: np.ndarray, ctx: Context, sapo_weight: float = 0.0) -> np.ndarray:
    """Blend given learned scores with the centroid scorer (also used when training/evaluating a model).

    sapo_weight is added to sentences of a sapo found in the text: the centroid scorer favours sapos
    (they restate the story) although gold summaries take the body's wording, so the training script
    chooses this weight on train ROUGE-2 and stores it with the model (data, not a rule).
    """
    blended = _standardise(learned_scores) + CENTROID_WEIGHT * _standardise(centroid.score(ctx))
    return blended + sapo_weight * ctx.column("in_sapo") if sapo_weight else blended


def score(ctx: Context) -> np.ndarray:
    model = learned.load_model()
    return combine(learned.score(ctx), ctx, float((model or {}).get("sapo_weight", 0.0)))
