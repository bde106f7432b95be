"""Unsupervised scorer: closeness to the cluster centroid, to the titles and sapos, cross-article
support, and a lead prior. Used when no trained model is shipped."""
from __future__ import annotations

import numpy as np

from ..features import Context


def score(ctx: Context) -> np.ndarray:
    c = ctx.column
    return (c("centroid") + 0.5 * c("title_any") + 0.5 * c("sapo_any") + 0.3 * c("support")
            + 0.4 * c("pos_inv") - 0.3 * c("len_short") - 0.2 * c("starts_connective"))
