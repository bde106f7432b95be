"""Which pair features earn their place: cross-validated ablation of the event and thread pair models.

    python benchmarks/pair_features.py [--data DIR] [--workers 2]

The labelled VietNews pairs (benchmarks/data/event_pairs*, see tomtat.stories.train) get their features as
the clustering sees them, in the same 40,000-article sample. On the "choose" split only (the "report" split
is left to benchmarks/cluster_quality.py), a balanced logistic model over standardised features is scored
by 5-fold cross-validation repeated with 5 seeds: average precision, and the best precision at recall
>= 0.75 (the issue's operating point), for all features and with each feature left out. A feature whose
removal does not lower these figures is not pulling its weight.

Results: benchmarks/results/pair_features.{md,json}.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from tomtat.stories.cluster import represent_feed  # noqa: E402
from tomtat.stories.pairs import FEATURES  # noqa: E402
from tomtat.stories.train import labelled_pairs, pair_table, sample_articles, vietnews_sample  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
SEEDS = 5
FOLDS = 5
RECALL = 0.75


def cross_validated(x: np.ndarray, y: np.ndarray) -> dict:
    """Mean average precision and precision at recall >= RECALL over SEEDS repeats of FOLDS-fold CV."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import average_precision_score, precision_recall_curve
    from sklearn.model_selection import StratifiedKFold, cross_val_predict
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=5000, class_weight="balanced"))
    ap, p_at = [], []
    for seed in range(SEEDS):
        folds = StratifiedKFold(FOLDS, shuffle=True, random_state=seed)
        s = cross_val_predict(model, x, y, cv=folds, method="predict_proba")[:, 1]
        precision, recall, _ = precision_recall_curve(y, s)
        ap.append(average_precision_score(y, s))
        p_at.append(float(precision[recall >= RECALL].max()))
    return {"average_precision": round(float(np.mean(ap)), 4), "precision_at_recall": round(float(np.mean(p_at)), 4)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=os.environ.get("TOMTAT_DATA") or str(ROOT.parent / "shared" / "data"))
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()

    pairs = labelled_pairs(str(ROOT / "benchmarks" / "data"))
    feed = represent_feed(sample_articles(vietnews_sample(args.data)), workers=args.workers)
    _, _, features, _, index = pair_table(feed, pairs)
    chosen = [(k, p) for k, p in zip(index.tolist(), pairs) if k >= 0 and p["split"] == "choose"]
    x = features[[k for k, _ in chosen]]
    targets = {"event": np.array([p["label"] == "same_story" for _, p in chosen]),
               "thread": np.array([p["label"] in ("same_story", "same_thread") for _, p in chosen])}
    out = {"pairs": len(chosen), "features": FEATURES, "recall": RECALL, "models": {}}
    for name, y in targets.items():
        rows = {"all features": cross_validated(x, y)}
        for j, f in enumerate(FEATURES):
            rows[f"without {f}"] = cross_validated(np.delete(x, j, axis=1), y)
        out["models"][name] = {"positives": int(y.sum()), "rows": rows}

    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "pair_features.json").write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    lines = ["# Pair features: cross-validated ablation (choose split)", "",
             f"`python benchmarks/pair_features.py`: {out['pairs']} labelled pairs of the choose split, balanced "
             f"logistic regression, {FOLDS}-fold CV x {SEEDS} seeds. AP = average precision; P@R = best precision "
             f"at recall >= {RECALL}.", ""]
    for name, m in out["models"].items():
        lines += [f"## {name} model ({m['positives']} positives)", "", "| features | AP | P@R |", "| --- | ---: | ---: |"]
        lines += [f"| {k} | {v['average_precision']:.4f} | {v['precision_at_recall']:.4f} |" for k, v in m["rows"].items()]
        lines.append("")
    (RESULTS / "pair_features.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
