"""Default scorer: the learned model and the unsupervised centroid scorer, each standardised, summed.

The two make different mistakes (the ridge model leans on position and title/sapo overlap, the
centroid scorer on cluster-wide content), so their blend is better than either: on AbMuSu, train
5-fold CV R2 0.3868 → 0.3885 and validation 0.3693 → 0.3798 against the learned model alone
(weights 0.5 / 1 / 2 for the centroid part were tried; 1 was best on both).
"""
from __future__ import annotations

import numpy as np

from ..features import Context
from . import centroid, learned

CENTROID_WEIGHT = 1.0


def _standardise(x: np.ndarray) -> np.ndarray:
    spread = x.std()
    return (x - x.mean()) / spread if spread > 0 else x - x.mean()


def combine(learned_scores: np.ndarray, ctx: Context) -> np.ndarray:
    """Blend given learned scores with the centroid scorer (also used when training/evaluating a model)."""
    return _standardise(learned_scores) + CENTROID_WEIGHT * _standardise(centroid.score(ctx))


def score(ctx: Context) -> np.ndarray:
    return combine(learned.score(ctx), ctx)
