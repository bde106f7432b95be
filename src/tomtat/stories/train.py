"""Fit the event and thread pair models on VietNews pairs labelled by reading; write models/*.json.

    python -m tomtat.stories.train [--data ../shared/data] [--labels benchmarks/data]

The labelled pairs (benchmarks/data/event_pairs.jsonl, labels in event_pairs_labels_r*.jsonl, guidelines
beside them; a second draw in event_pairs2.jsonl, labels in event_pairs2_labels_r*.jsonl) are close neighbours
in a seeded sample of about 40,000 VietNews train articles (`vietnews_sample`). That sample is clustered again
here so that every labelled pair gets its features as the clustering sees them (the term statistics are the
feed's). A pair read by several readers takes the majority label, a tie the weaker link.

The pairs are split once, by a hash of their id: "choose" (60 %) fits the weights and picks the thresholds,
"report" (40 %) is only scored (benchmarks/cluster_quality.py). The labelled pairs are all hard ones (the
old model joined or nearly joined them); for the event model, EVENT_NEGATIVES unlabelled candidate pairs of
the same feed, drawn at random and counted as different events, show it the easy bulk of a feed as well (a
few of them are in truth one event). On the choose split and AbMuSu train that kept pairwise precision and
recall (0.518 / 0.762 at the threshold 0.5) and lifted AbMuSu train B-cubed (0.904 -> 0.915); for the thread
model they cost thread precision (0.74 -> 0.61), so it is fitted on the labelled pairs alone.

Both models also learn from pairs of ordinary feeds (benchmarks/data/sparse_pairs*: 1,000 consecutive VietNews
articles, where few articles have a story-mate and an article's nearest neighbour is often a stranger): each
"choose" feed is clustered alone so its pairs get their features as such a feed gives them, and each of its
pairs weighs SPARSE_WEIGHT. Before, 12 % of the pairs the model joined in such feeds were one event.

- models/pairs.json: P(same event): `same_story` against the rest;
- models/threads.json: P(same thread): `same_story` or `same_thread` against the rest.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import lzma
import os
from collections import Counter
from pathlib import Path

import numpy as np

from .cluster import represent_feed, scored_pairs
from .feed import Article
from .pairs import FEATURES, MODEL_PATH, THREAD_MODEL_PATH

SAMPLE_ARTICLES = 40_000
VIETNEWS_TOTAL = 105_418
LABELS = ["same_story", "same_thread", "similar_only", "unrelated"]   # strongest link first
CHOOSE_SHARE = 0.6
EVENT_NEGATIVES = 4000
SPARSE_WEIGHT = 3.0   # weight of an ordinary-feed pair against a pair of the 40,000-article sample
THREAD_NEGATIVES = 0


def vietnews_sample(data: str, n_articles: int = SAMPLE_ARTICLES) -> list[dict]:
    """Every VietNews train article whose id hashes below n/total: the same sample whatever the file order."""
    rate = n_articles / VIETNEWS_TOTAL
    out = []
    with lzma.open(os.path.join(data, "vietnews", "train.jsonl.xz"), "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if int(hashlib.sha1(row["id"].encode()).hexdigest()[:8], 16) / 0xFFFFFFFF < rate:
                out.append(row)
    return out


def sample_articles(rows: list[dict]) -> list[Article]:
    return [Article(text=r["text"], source=r["id"], title=r["title"], sapo=r["summary"]) for r in rows]


def merged_labels(folder: str, stem: str = "event_pairs") -> dict[str, str]:
    """pair id → label: one reader's, or the majority of several (a tie: the weaker link)."""
    seen: dict[str, list[str]] = {}
    for path in sorted(Path(folder).glob(f"{stem}_labels_*.jsonl")):
        for line in path.open(encoding="utf-8"):
            if line.strip():
                x = json.loads(line)
                seen.setdefault(x["pair"], []).append(x["label"])
    out = {}
    for pair, labels in seen.items():
        counts = Counter(labels)
        top = max(counts.values())
        out[pair] = max((lab for lab, c in counts.items() if c == top), key=LABELS.index)
    return out


def split_of(pair: str) -> str:
    h = int(hashlib.sha1(f"split:{pair}".encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
    return "choose" if h < CHOOSE_SHARE else "report"


def labelled_pairs(folder: str) -> list[dict]:
    """The sampled pairs with their merged label, split and draw: 1 for event_pairs.jsonl (drawn with the one-level
    model of its day), 2 for event_pairs2.jsonl (drawn with the two-level clustering: its joins and near misses)."""
    out = []
    for draw, stem in ((1, "event_pairs"), (2, "event_pairs2")):
        path = os.path.join(folder, f"{stem}.jsonl")
        if not os.path.exists(path):
            continue
        labels = merged_labels(folder, stem)
        for line in open(path, encoding="utf-8"):
            x = json.loads(line)
            if x["pair"] in labels:
                out.append(x | {"label": labels[x["pair"]], "split": split_of(x["pair"]), "draw": draw})
    return out


def sparse_labelled_pairs(folder: str) -> list[dict]:
    """The pairs drawn from ordinary 1,000-article feeds (benchmarks/sparse_pairs_sample.py) with their merged
    label; their split is their feed's (a feed is fitted on or reported on, never both)."""
    path = os.path.join(folder, "sparse_pairs.jsonl")
    if not os.path.exists(path):
        return []
    labels = merged_labels(folder, "sparse_pairs")
    out = []
    for line in open(path, encoding="utf-8"):
        x = json.loads(line)
        if x["pair"] in labels:
            out.append(x | {"label": labels[x["pair"]]})
    return out


def feed_rows(data: str, names: list[str]) -> dict[str, list[dict]]:
    """The VietNews train rows of each feed named "rows START-END" (consecutive rows of the file, both ends in)."""
    spans = {name: tuple(int(v) for v in name.split()[1].split("-")) for name in names}
    out: dict[str, list[dict]] = {name: [] for name in names}
    last = max((end for _, end in spans.values()), default=-1)
    with lzma.open(os.path.join(data, "vietnews", "train.jsonl.xz"), "rt", encoding="utf-8") as fh:
        for k, line in enumerate(fh):
            if k > last:
                break
            hits = [name for name, (start, end) in spans.items() if start <= k <= end]
            if hits:
                row = json.loads(line)
                for name in hits:
                    out[name].append(row)
    return out


def pair_table(feed, pairs: list[dict]):
    """(rows, cols, features) of every candidate pair, and the index of each labelled pair among them."""
    rows, cols, features, same = scored_pairs(feed)
    ids = [a.source for a in feed.articles]
    where = {}
    for k, (i, j) in enumerate(zip(rows.tolist(), cols.tolist())):
        where[(ids[i], ids[j])] = where[(ids[j], ids[i])] = k
    index = np.array([where.get((p["a"], p["b"]), -1) for p in pairs])
    return rows, cols, features, same, index


def fit(x: np.ndarray, y: np.ndarray, w: np.ndarray):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=1.0, max_iter=5000).fit(x, y, sample_weight=w)


def training_set(parts: list[tuple[np.ndarray, np.ndarray, list[dict], float]], positive: set[str], negatives: int,
                 seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The choose split's labelled pairs of every part (features of a feed, each labelled pair's index among
    them, the pairs, their weight), plus `negatives` random unlabelled candidate pairs of the first part (the
    40,000-article sample) as negatives; positives weigh as much as all negatives together (balanced)."""
    xs, ys, ws = [], [], []
    for features, index, pairs, weight in parts:
        chosen = [(k, p["label"] in positive) for k, p in zip(index.tolist(), pairs)
                  if k >= 0 and p["split"] == "choose"]
        xs.append(features[np.array([k for k, _ in chosen], dtype=int)])
        ys += [y for _, y in chosen]
        ws += [weight] * len(chosen)
    features, index, _, _ = parts[0]
    labelled = {k for k in index.tolist() if k >= 0}
    rng = np.random.default_rng(seed)
    pool = np.array([k for k in range(len(features)) if k not in labelled])
    extra = rng.choice(pool, size=min(negatives, len(pool)), replace=False) if negatives else np.zeros(0, dtype=int)
    x = np.vstack(xs + [features[extra]])
    y = np.array(ys + [False] * len(extra))
    w = np.array(ws + [1.0] * len(extra))
    w = w * np.where(y, 0.5 / w[y].sum(), 0.5 / w[~y].sum()) * len(y)
    return x, y, w


def save(model, path: str, about: dict) -> dict:
    out = {"features": FEATURES, "coef": [round(float(c), 6) for c in model.coef_[0]],
           "intercept": round(float(model.intercept_[0]), 6), **about}
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(out, fh, indent=1, ensure_ascii=False)
        fh.write("\n")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=os.environ.get("TOMTAT_DATA") or os.path.join("..", "shared", "data"))
    ap.add_argument("--labels", default=os.path.join("benchmarks", "data"))
    args = ap.parse_args(argv)

    pairs = labelled_pairs(args.labels)
    feed = represent_feed(sample_articles(vietnews_sample(args.data)), workers=2)
    _, _, features, _, index = pair_table(feed, pairs)
    parts = [(features, index, pairs, 1.0)]
    sparse = sparse_labelled_pairs(args.labels)
    for name, rows in feed_rows(args.data, sorted({p["feed"] for p in sparse if p["split"] == "choose"})).items():
        mine = [p for p in sparse if p["feed"] == name]
        _, _, f, _, i = pair_table(represent_feed(sample_articles(rows)), mine)
        parts.append((f, i, mine, SPARSE_WEIGHT))
    missing = int(sum((i < 0).sum() for _, i, _, _ in parts))
    n_sparse = sum(1 for p in sparse if p["split"] == "choose")
    for path, positive, name, negatives in (
            (MODEL_PATH, {"same_story"}, "same event", EVENT_NEGATIVES),
            (THREAD_MODEL_PATH, {"same_story", "same_thread"}, "same event or thread", THREAD_NEGATIVES)):
        x, y, w = training_set(parts, positive, negatives)
        model = fit(x, y, w)
        about = {"predicts": name,
                 "trained_on": f"{int(sum(1 for p in pairs if p['split'] == 'choose'))} VietNews pairs labelled by "
                               f"reading (choose split, benchmarks/data/event_pairs*) + {negatives} random "
                               f"candidate pairs as negatives, in a {len(feed.articles)}-article VietNews sample; "
                               f"{n_sparse} pairs labelled by reading in {len(parts) - 1} 1,000-article feeds "
                               "(choose feeds, benchmarks/data/sparse_pairs*)",
                 "positives": int(y.sum()), "missing_pairs": missing}
        print(json.dumps(save(model, path, about), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
