"""Fit the pair model (pairs.py) on AbMuSu train among VietNews distractors; write `models/pairs.json`.

    python -m tomtat.stories.train [--data ../shared/data] [--distractors 3000] [--out .../models/pairs.json]

The feed is built the way users have articles: one text per article (title line, sapo, body), the
AbMuSu train documents (200 stories) shuffled among VietNews articles taken every 34th line after the
first 3,000 (so from every section of the corpus, and none of them among the distractors
benchmarks/cluster_quality.py uses, its first 3,000 lines).
Every candidate pair the clustering would score is a training example: same AbMuSu story or not. Pairs
of two VietNews articles count as different stories. A few of them are not (VietNews has some repeat
coverage), but leaving them out taught the model that any two mutual nearest neighbours are one story:
on the benchmark feed 2,160 of the 3,000 distractors then sat in multi-article groups (1,369 with the
cosine threshold before), and lone articles were merged into whatever came nearest. The classes are
weighted to balance (same-story pairs are a few per cent of the pairs).

To see how the linkage threshold behaves on stories the model has not seen, the model is also refitted
5 times, each time without a fifth of the stories (grouped folds); the held-out pairs are scored and the
B-cubed F1 over the whole train feed at each threshold is written beside the weights
(`train_cv_bcubed_f1`). The default threshold itself (cluster.py) is chosen on train with the benchmark.
"""
from __future__ import annotations

import argparse
import json
import lzma
import os
import random
from collections import Counter

import numpy as np

from .cluster import represent_feed, scored_pairs
from .feed import Article
from .linkage import average_linkage
from .pairs import FEATURES, MODEL_PATH

THRESHOLDS = [0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5]
DISTRACTORS_AFTER = 3_000   # VietNews lines skipped: the benchmark's distractors are the first 3,000
DISTRACTORS_EVERY = 34      # then one line in 34: 3,000 articles spread over the whole corpus


def one_text(*parts: str) -> str:
    return "\n".join(p.strip() for p in parts if p and p.strip())


def training_feed(data: str, distractors: int) -> tuple[list[Article], list[str]]:
    """(articles, gold story per article: 'train-K' or 'vn-LINE'), shuffled with a fixed seed."""
    items = []
    with open(os.path.join(data, "abmusu", "train.jsonl"), encoding="utf-8") as fh:
        for k, line in enumerate(fh, 1):
            for i, d in enumerate(json.loads(line)["single_documents"]):
                items.append((Article(text=one_text(d["title"], d["anchor_text"], d["raw_text"]),
                                      source=f"train.jsonl:{k}#{i}"), f"train-{k}"))
    with lzma.open(os.path.join(data, "vietnews", "train.jsonl.xz"), "rt", encoding="utf-8") as fh:
        taken = 0
        for k, line in enumerate(fh, 1):
            if k <= DISTRACTORS_AFTER or k % DISTRACTORS_EVERY:
                continue
            if taken >= distractors:
                break
            r = json.loads(line)
            items.append((Article(text=one_text(r["title"], r["summary"], r["text"]), source=f"vietnews:{k}"),
                          f"vn-{k}"))
            taken += 1
    random.Random(0).shuffle(items)
    return [a for a, _ in items], [g for _, g in items]


def bcubed_f1(pred: list, gold: list[str]) -> float:
    """B-cubed F1 over the AbMuSu articles (gold not starting with 'vn-')."""
    both, size_p, size_g = Counter(zip(pred, gold)), Counter(pred), Counter(gold)
    keep = [i for i, g in enumerate(gold) if not g.startswith("vn-")]
    p = sum(both[(pred[i], gold[i])] / size_p[pred[i]] for i in keep) / len(keep)
    r = sum(both[(pred[i], gold[i])] / size_g[gold[i]] for i in keep) / len(keep)
    return 2 * p * r / (p + r)


def fit(x: np.ndarray, y: np.ndarray):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=1.0, class_weight="balanced", max_iter=2000).fit(x, y)


def main(argv: list[str] | None = None) -> int:
    from sklearn.model_selection import GroupKFold

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=os.environ.get("TOMTAT_DATA") or os.path.join("..", "shared", "data"))
    ap.add_argument("--distractors", type=int, default=3000)
    ap.add_argument("--out", default=MODEL_PATH)
    args = ap.parse_args(argv)

    articles, gold_by_source = training_feed(args.data, args.distractors)
    gold_of = {a.source: g for a, g in zip(articles, gold_by_source)}
    feed = represent_feed(articles)
    gold = [gold_of[a.source] for a in feed.articles]
    rows, cols, features, copies = scored_pairs(feed)
    same = np.array([gold[i] == gold[j] for i, j in zip(rows, cols)])
    story = np.array([gold[i] if not gold[i].startswith("vn-") else gold[j] for i, j in zip(rows, cols)])
    labelled = np.ones(len(rows), dtype=bool)

    held_out = np.zeros(len(rows))
    for fit_on, score_on in GroupKFold(5).split(features, same, story):
        fit_on = fit_on[labelled[fit_on]]
        held_out[score_on] = fit(features[fit_on], same[fit_on]).predict_proba(features[score_on])[:, 1]
    n = len(gold)
    cv = {t: round(bcubed_f1(average_linkage(n, rows, cols, held_out, t, same=copies).tolist(), gold), 4) for t in THRESHOLDS}

    model = fit(features[labelled], same[labelled])
    out = {"features": FEATURES, "coef": [round(float(c), 6) for c in model.coef_[0]],
           "intercept": round(float(model.intercept_[0]), 6),
           "trained_on": f"AbMuSu train ({sum(1 for g in gold if not g.startswith('vn-'))} articles) among "
                         f"{args.distractors} VietNews articles (every {DISTRACTORS_EVERY}th line after "
                         f"line {DISTRACTORS_AFTER})",
           "pairs": int(labelled.sum()), "same_story_pairs": int(same[labelled].sum()),
           "train_cv_bcubed_f1": {str(t): f for t, f in cv.items()}}
    with open(args.out, "w", encoding="utf-8") as fh:
        json.dump(out, fh, indent=1)
        fh.write("\n")
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
