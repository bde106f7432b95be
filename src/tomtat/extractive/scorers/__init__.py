"""A family of sentence scorers behind one interface: `score(context) -> np.ndarray` (higher = keep).

Each algorithm lives in its own module; `get_scorer(name)` is the registry the pipeline, the CLI and the
benchmarks share, and `names()` lists it.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from ..features import Context

Scorer = Callable[[Context], np.ndarray]


def _registry() -> dict[str, Scorer]:
    from . import centroid, hybrid, lead, learned

    default = hybrid.score if learned.available() else centroid.score
    return {"default": default, "hybrid": hybrid.score, "learned": learned.score, "centroid": centroid.score,
            "lead": lead.score}


def get_scorer(name: str) -> Scorer:
    registry = _registry()
    try:
        return registry[name]
    except KeyError:
        raise ValueError(f"unknown summarizer {name!r}; choose from {', '.join(sorted(registry))}") from None


def names() -> list[str]:
    return list(_registry())
