"""Story-clustering quality: AbMuSu stories hidden among VietNews distractors.

    python benchmarks/cluster_quality.py [--data DIR] [--distractors 3000]

The articles of AbMuSu train and validation (925 articles, 300 stories) are pooled with the first
--distractors VietNews articles (each counted as its own story) and shuffled (seed 0). Articles are fed
the way users have them: one text per article (title line, sapo, body). Scores are over the AbMuSu
articles: B-cubed precision/recall/F1 (a story that swallows distractors loses precision), ARI and
V-measure. Distractor-only groups are not scored (VietNews repeats its own stories; they are not errors).

1. the threshold is chosen on train (+ distractors) and checked on validation (+ the same distractors);
   tomtat's threshold is on the pair model's same-story probabilities (src/tomtat/stories/pairs.py),
   whose weights were fitted on AbMuSu train among other VietNews articles (python -m
   tomtat.stories.train): train figures are in-sample for those 5 weights, validation is held out;
   the threshold chosen is the best mean of two train feeds' F1: train as is, and "train, lone
   articles mixed in" (odd-numbered stories whole, even-numbered ones reduced to their first article,
   which then must stay alone: a feed is mostly stories told once, and a lone article merged into its
   nearest neighbour costs precision there, not in a feed of whole stories);
2. the pooled set at the default threshold, also with title/sapo/body given as separate fields; the
   lone-article feeds of train and validation; how many distractors end up grouped (not scored: some
   VietNews articles do share a story, but a jump here is a sign of merging anything near);
3. the baseline: scikit-learn TF-IDF word 1-2-grams + average-linkage agglomerative clustering (scipy, on
   the full cosine distance matrix: fine at this size, quadratic beyond) at its best threshold.

Data is read from --data, $TOMTAT_DATA or ../shared/data (never copied). Results go to
benchmarks/results/cluster_quality.{md,json}.
"""
from __future__ import annotations

import argparse
import json
import lzma
import os
import platform
import random
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
sys.path.insert(0, str(ROOT / "src"))

from tomtat.stories.cluster import DEFAULT_THRESHOLD, group, represent_feed  # noqa: E402
from tomtat.stories.feed import Article  # noqa: E402

GRID = [0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5]        # tomtat: least mean same-story probability
BASE_GRID = [0.10, 0.125, 0.15, 0.175, 0.2, 0.225, 0.25, 0.3]   # baseline: least mean cosine


def data_dir(arg: str | None) -> Path:
    return Path(arg or os.environ.get("TOMTAT_DATA") or ROOT.parent / "shared" / "data")


def one_text(*parts: str) -> str:
    return "\n".join(p.strip() for p in parts if p and p.strip())


def abmusu(path: Path, split: str, fields: bool, lone: bool = False) -> list[tuple[Article, str]]:
    """Each document of each story; with `lone`, even-numbered stories give their first document only."""
    out = []
    for k, line in enumerate(path.open(encoding="utf-8"), 1):
        row = json.loads(line)
        for i, d in enumerate(row["single_documents"]):
            if lone and k % 2 == 0 and i > 0:
                break
            src = f"{split}.jsonl:{k}#{i}"
            art = (Article(text=d["raw_text"], title=d["title"].strip(), sapo=d["anchor_text"], source=src) if fields
                   else Article(text=one_text(d["title"], d["anchor_text"], d["raw_text"]), source=src))
            out.append((art, f"{split}-{k}"))
    return out


def vietnews(path: Path, n: int, fields: bool) -> list[tuple[Article, str]]:
    out = []
    with lzma.open(path, "rt", encoding="utf-8") as fh:
        for k, line in enumerate(fh, 1):
            if len(out) >= n:
                break
            r = json.loads(line)
            src = f"vietnews:{k}"
            art = (Article(text=r["text"], title=r["title"], sapo=r["summary"], source=src) if fields
                   else Article(text=one_text(r["title"], r["summary"], r["text"]), source=src))
            out.append((art, f"vn-{k}"))
    return out


def scores(pred: list, gold: list[str]) -> dict:
    """B-cubed P/R/F1, ARI, V-measure over the AbMuSu articles (gold labels not starting with 'vn-')."""
    from sklearn.metrics import adjusted_rand_score, v_measure_score

    both, size_p, size_g = Counter(zip(pred, gold)), Counter(pred), Counter(gold)
    keep = [i for i, g in enumerate(gold) if not g.startswith("vn-")]
    p = sum(both[(pred[i], gold[i])] / size_p[pred[i]] for i in keep) / len(keep)
    r = sum(both[(pred[i], gold[i])] / size_g[gold[i]] for i in keep) / len(keep)
    gp, gg = [pred[i] for i in keep], [gold[i] for i in keep]
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(2 * p * r / (p + r), 4),
            "ari": round(adjusted_rand_score(gg, gp), 4), "v": round(v_measure_score(gg, gp), 4)}


def lone_alone(items, threshold: float, feed) -> tuple[int, int]:
    """(lone articles left in a story of their own, lone articles) of a feed made with abmusu(lone=True)."""
    label = tomtat_labels(feed, threshold)
    size = Counter(label.values())
    lone = [a.source for a, g in items if not g.startswith("vn-") and int(g.rsplit("-", 1)[1]) % 2 == 0]
    return sum(1 for src in lone if size[label[src]] == 1), len(lone)


def grouped_distractors(items, threshold: float, feed) -> int:
    label = tomtat_labels(feed, threshold)
    size = Counter(label.values())
    return sum(1 for a, g in items if g.startswith("vn-") and size[label[a.source]] > 1)


def tomtat_labels(feed, threshold: float) -> dict[str, int]:
    stories = group(feed, threshold)
    return {a.source: k for k, s in enumerate(stories) for a in s.articles}


def evaluate(items, thresholds, extra=None) -> tuple[dict, float]:
    """{threshold: scores} of tomtat's clustering on `items`, and the seconds the representation took.

    `extra(items, threshold, feed)` adds its value under "extra" to each threshold's scores.
    """
    started = time.perf_counter()
    feed = represent_feed([a for a, _ in items])
    seconds = time.perf_counter() - started
    gold = [g for _, g in items]
    out = {}
    for t in thresholds:
        label = tomtat_labels(feed, t)
        out[t] = scores([label[a.source] for a, _ in items], gold)
        if extra:
            out[t]["extra"] = extra(items, t, feed)
    return out, seconds


def baseline(items, thresholds) -> dict:
    """sklearn TF-IDF word 1-2-grams (its default word tokens) + scipy average linkage, cut at each threshold."""
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform
    from sklearn.feature_extraction.text import TfidfVectorizer

    x = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True).fit_transform(
        [one_text(a.title, a.sapo, a.text) for a, _ in items])
    distance = 1.0 - (x @ x.T).toarray()          # rows are L2-normalised: cosine distances, n x n
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(np.clip(distance, 0.0, 2.0), checks=False), method="average")
    gold = [g for _, g in items]
    return {t: scores(fcluster(tree, t=1 - t, criterion="distance").tolist(), gold) for t in thresholds}


def best(table: dict) -> tuple[float, dict]:
    return max(table.items(), key=lambda kv: (kv[1]["f1"], -kv[0]))


def row(name: str, s: dict) -> str:
    return f"| {name} | {s['p']:.4f} | {s['r']:.4f} | **{s['f1']:.4f}** | {s['ari']:.4f} | {s['v']:.4f} |"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data")
    ap.add_argument("--distractors", type=int, default=3000)
    args = ap.parse_args()
    data = data_dir(args.data)
    load = os.getloadavg()
    started = time.time()

    def pool(splits, fields=False, lone=False):
        items = [x for s in splits for x in abmusu(data / "abmusu" / f"{s}.jsonl", s, fields, lone)]
        items += vietnews(data / "vietnews" / "train.jsonl.xz", args.distractors, fields)
        random.Random(0).shuffle(items)
        return items

    train, train_s = evaluate(pool(["train"]), GRID)
    train_lone, _ = evaluate(pool(["train"], lone=True), GRID, lone_alone)
    choice = {t: round((train[t]["f1"] + train_lone[t]["f1"]) / 2, 4) for t in GRID}
    chosen = max(choice, key=lambda t: (choice[t], -t))
    val, _ = evaluate(pool(["validation"]), GRID)
    val_lone, _ = evaluate(pool(["validation"], lone=True), GRID, lone_alone)
    both_items = pool(["train", "validation"])
    pooled, pooled_s = evaluate(both_items, sorted(set(GRID) | {DEFAULT_THRESHOLD}), grouped_distractors)
    fields, _ = evaluate(pool(["train", "validation"], fields=True), [DEFAULT_THRESHOLD])
    base = baseline(both_items, BASE_GRID)
    base_t, base_best = best(base)
    n_ab = sum(1 for _, g in both_items if not g.startswith("vn-"))
    result = {
        "command": "python benchmarks/cluster_quality.py" + (f" --distractors {args.distractors}" if args.distractors != 3000 else ""),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}",
        "load_average_at_start": [round(x, 2) for x in load],
        "articles": len(both_items), "abmusu_articles": n_ab, "distractors": args.distractors,
        "default_threshold": DEFAULT_THRESHOLD, "best_threshold_on_train": chosen,
        "train": {str(k): v for k, v in train.items()}, "validation": {str(k): v for k, v in val.items()},
        "pooled": {str(k): v for k, v in pooled.items()},
        "train_lone_mixed": {str(k): v for k, v in train_lone.items()},
        "validation_lone_mixed": {str(k): v for k, v in val_lone.items()},
        "choice_mean_train_f1": {str(k): v for k, v in choice.items()},
        "pooled_separate_fields_default": fields[DEFAULT_THRESHOLD],
        "baseline": {str(k): v for k, v in base.items()}, "baseline_best_threshold": base_t,
        "seconds_representation_pooled": round(pooled_s, 1), "seconds_total": round(time.time() - started, 1),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "cluster_quality.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    d = pooled[DEFAULT_THRESHOLD]
    lines = [
        "# Story clustering quality", "",
        f"`{result['command']}` on {result['machine']} ({time.strftime('%Y-%m-%d %H:%M')}; load average at start "
        f"{result['load_average_at_start']}: the machine is shared with other jobs).", "",
        f"{n_ab} AbMuSu articles (train + validation, 300 stories) among {args.distractors:,} VietNews distractors, "
        "shuffled; one text per article (title line + sapo + body). Scores over the AbMuSu articles.", "",
        "## Pooled set", "",
        "| system | B-cubed P | B-cubed R | B-cubed F1 | ARI | V-measure |", "| --- | --- | --- | --- | --- | --- |",
        row(f"tomtat cluster, default threshold {DEFAULT_THRESHOLD}", d),
        row(f"tomtat cluster, title/sapo/body as separate fields ({DEFAULT_THRESHOLD})", fields[DEFAULT_THRESHOLD]),
        row(f"sklearn TF-IDF word 1-2-grams + average linkage, best threshold {base_t}", base_best), "",
        "## Threshold sweep (B-cubed F1)", "",
        "| tomtat: probability threshold | " + " | ".join(str(t) for t in GRID) + " |", "| --- |" + " --- |" * len(GRID),
        "| tomtat, train + distractors (choose) | " + " | ".join(f"{train[t]['f1']:.4f}" for t in GRID) + " |",
        "| tomtat, train, lone articles mixed in (choose) | " + " | ".join(f"{train_lone[t]['f1']:.4f}" for t in GRID) + " |",
        "| mean of the two train feeds (choose) | " + " | ".join(f"{choice[t]:.4f}" for t in GRID) + " |",
        "| tomtat, validation + distractors (check) | " + " | ".join(f"{val[t]['f1']:.4f}" for t in GRID) + " |",
        "| tomtat, validation, lone articles mixed in (check) | " + " | ".join(f"{val_lone[t]['f1']:.4f}" for t in GRID) + " |",
        "| tomtat, pooled | " + " | ".join(f"{pooled[t]['f1']:.4f}" for t in GRID) + " |",
        "| lone articles left alone, train (of 100) | " + " | ".join(str(train_lone[t]['extra'][0]) for t in GRID) + " |",
        "| lone articles left alone, validation (of 50) | " + " | ".join(str(val_lone[t]['extra'][0]) for t in GRID) + " |",
        f"| distractors grouped, pooled (of {args.distractors:,}; not scored) | " + " | ".join(str(pooled[t]['extra']) for t in GRID) + " |",
        "",
        "| baseline: cosine threshold | " + " | ".join(str(t) for t in BASE_GRID) + " |", "| --- |" + " --- |" * len(BASE_GRID),
        "| baseline, pooled | " + " | ".join(f"{base[t]['f1']:.4f}" for t in BASE_GRID) + " |", "",
        f"- best threshold on train (mean F1 of train and train with lone articles): **{chosen}** (train F1 "
        f"{train[chosen]['f1']:.4f}, with lone articles {train_lone[chosen]['f1']:.4f}); on validation at that threshold "
        f"F1 {val[chosen]['f1']:.4f} (validation's own best {best(val)[1]['f1']:.4f} at {best(val)[0]}).",
        f"- the representation of the pooled {len(both_items):,} articles took {pooled_s:.1f} s (one worker).",
    ]
    (RESULTS / "cluster_quality.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
