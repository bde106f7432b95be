"""A family of sentence scorers behind one interface: `score(context) -> np.ndarray` (higher = keep).

Each algorithm lives in its own module; `get_scorer(name)` is the registry the pipeline, the CLI and the
benchmarks share.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from ..features import Context

Scorer = Callable[[Context], np.ndarray]


def get_scorer(name: str) -> Scorer:
    from . import centroid, lead, learned

    registry: dict[str, Scorer] = {
        "lead": lead.score,
        "centroid": centroid.score,
        "learned": learned.score,
    }
    registry["default"] = registry["learned"] if learned.available() else registry["centroid"]
    try:
        return registry[name]
    except KeyError:
        raise ValueError(f"unknown summarizer {name!r}; choose from {', '.join(sorted(registry))}") from None


def names() -> list[str]:
    return ["default", "learned", "centroid", "lead"]
