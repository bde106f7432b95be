"""Learned scorer: a linear model over the shared features, fitted on AbMuSu train with oracle labels.

The weights live in `extractive/models/learned.json`, rebuilt byte for byte by
`python -m tomtat.train` (see README). A linear model keeps scoring to one matrix-vector product.
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib.resources import files

import numpy as np

from ..features import FEATURE_NAMES, Context

MODEL_FILE = "learned.json"


@lru_cache(maxsize=None)
def load_model() -> dict | None:
    resource = files("tomtat.extractive.models").joinpath(MODEL_FILE)
    if not resource.is_file():
        return None
    model = json.loads(resource.read_text(encoding="utf-8"))
    if model.get("features") != FEATURE_NAMES:
        return None  # trained on another feature set: refuse rather than mis-score
    return model


def available() -> bool:
    return load_model() is not None


def score_with(model: dict, features: np.ndarray) -> np.ndarray:
    x = (features - np.asarray(model["mean"])) / np.asarray(model["scale"])
    return x @ np.asarray(model["coef"]) + float(model["intercept"])


def score(ctx: Context) -> np.ndarray:
    model = load_model()
    if model is None:
        raise RuntimeError("no trained model is installed; run `python -m tomtat.train`")
    return score_with(model, ctx.features)
