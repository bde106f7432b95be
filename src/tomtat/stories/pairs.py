"""How likely two candidate articles tell the same story: a logistic model over a few similarities.

One cosine threshold cannot serve every part of a feed: a crowded topic (football, crime, prices) puts
unrelated articles at cosines that a quiet story's own articles never reach. The model looks at each
candidate pair (i, j) through:

- the cosine of their wide TF-IDF vectors (the 200 heaviest terms of each);
- the cosine of their headlines, and of the names they mention (entities.py);
- their event signals (signals.py): event days that agree or lie far apart, a shared place or provinces
  with none in common, the overlap of their headline numbers.

Its weights are fitted on VietNews pairs labelled by reading (benchmarks/data/event_pairs*) by `python -m
tomtat.stories.train`, which writes models/pairs.json (P(same event)) and models/threads.json (P(same
event or same thread)); the linkage then averages these probabilities.
Everything here is a fixed-size computation per candidate pair, so the cost stays linear in the pairs.

A pair's features are the pair's own: nothing depends on the other articles of the feed. The models once also
read how far down each other's neighbour lists the two sat and their cosine relative to the best either had;
then an unrelated article arriving could change whether two others were one story. Without those two features
(measured when they were dropped, 77ff877; benchmarks/results/cluster_quality.md has today's figures) the
labelled pairs scored as well (5-fold cross-validation on the choose split: event AP 0.725 either way,
thread AP 0.796 / 0.797), the held-back event precision rose (0.510 -> 0.548 at the same recall, 0.708), the
seeds became one thread, a batch run moved less when 1,000 unrelated articles were added (thread pair agreement
with the run without them 0.756 -> 0.805; events 0.859 -> 0.848), and the store's threads followed one batch run
more closely (B-cubed 0.903 -> 0.918 at 20,000 articles); AbMuSu pooled B-cubed fell 0.887 -> 0.874.
"""
from __future__ import annotations

import json
import os
from functools import lru_cache

import numpy as np
import scipy.sparse as sp

from .candidates import exact_cosines
from .signals import SIGNAL_FEATURES, EventSignals, pair_signals

MODELS = os.path.join(os.path.dirname(__file__), "models")
MODEL_PATH = os.path.join(MODELS, "pairs.json")
THREAD_MODEL_PATH = os.path.join(MODELS, "threads.json")
FEATURES = ["wide_cosine", "headline_cosine", "name_cosine", *SIGNAL_FEATURES]
_HEADLINE_DAYS = FEATURES.index("headline_days_differ")
_WIDE = FEATURES.index("wide_cosine")
_SHARED_FACTS = [FEATURES.index(f) for f in ("lead_date_agree", "day_shared", "number_overlap", "body_number_overlap")]
MIN_WIDE_COSINE = 0.15   # chosen on the choose data: the highest floor that cut no same-event pair the model joined
MIN_WIDE_COSINE_THREAD = 0.10   # the same choice for P(same thread): 0.12 cut a same-thread pair the model joined


def pair_features(wide: sp.csr_matrix, headlines: sp.csr_matrix, names: sp.csr_matrix, signals: list[EventSignals],
                  rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """One row of FEATURES per candidate pair (rows[k], cols[k])."""
    events = np.array([pair_signals(signals[i], signals[j]) for i, j in zip(rows.tolist(), cols.tolist())],
                      dtype=np.float64).reshape(len(rows), len(SIGNAL_FEATURES))
    return np.column_stack([exact_cosines(wide, rows, cols), exact_cosines(headlines, rows, cols),
                            exact_cosines(names, rows, cols), events])


@lru_cache(maxsize=4)
def load_model(path: str = MODEL_PATH) -> dict:
    with open(path, encoding="utf-8") as fh:
        model = json.load(fh)
    if model["features"] != FEATURES:
        raise ValueError(f"{path}: model features {model['features']} are not {FEATURES}")
    return model


def probabilities(features: np.ndarray, path: str = MODEL_PATH) -> np.ndarray:
    """P(same event) of each pair under the shipped model (with THREAD_MODEL_PATH: P(same thread))."""
    model = load_model(path)
    coef = np.array(model["coef"], dtype=np.float64)
    return 1.0 / (1.0 + np.exp(-(features @ coef + float(model["intercept"]))))


def event_probabilities(features: np.ndarray) -> np.ndarray:
    """P(same event) as the linkage uses it: the model's, set to 0 where two hard rules say no.

    - Headlines that write different days (signals.headline_days_differ): daily bulletins ("Giá vàng hôm nay
      12/5", "… 13/5") share nearly every word, and the model rated such pairs 0.99; none of the 224 same-event
      pairs read by people (VietNews, dense and ordinary feeds) has two headlines with different days.
    - Little shared text and no shared fact: wide cosine under MIN_WIDE_COSINE, and no day, headline number or
      body number in common. In a small or quiet feed an article's nearest neighbour is often a stranger from
      its province ("Đà Lạt" in three unrelated articles), and names and places alone lifted such pairs over
      0.5. Of the labelled pairs on the choose data under this floor, 1 of 140 same-event pairs is cut and
      none the model joined, against 167 of 619 others (15 it joined).
    """
    p = probabilities(features)
    p[(features[:, _HEADLINE_DAYS] > 0) | _no_fact(features, MIN_WIDE_COSINE)] = 0.0
    return p


def _no_fact(features: np.ndarray, floor: float) -> np.ndarray:
    """Pairs with a wide cosine under `floor` that share no day, headline number or body number."""
    return (features[:, _SHARED_FACTS] == 0).all(axis=1) & (features[:, _WIDE] < floor)


def thread_probabilities(features: np.ndarray) -> np.ndarray:
    """P(same thread) of each pair, never below its P(same event): one event is one thread. (The two models
    are fitted apart, on different negatives; alone, the thread model can rate a pair lower than the event
    model does.) The same floor as for events, lower (MIN_WIDE_COSINE_THREAD): in a quiet feed the thread model
    joined a traffic jam, a maize pest and a bridge project for sharing a province (wide cosine 0.03-0.12)."""
    p = probabilities(features, THREAD_MODEL_PATH)
    p[_no_fact(features, MIN_WIDE_COSINE_THREAD)] = 0.0
    return np.maximum(p, event_probabilities(features))
