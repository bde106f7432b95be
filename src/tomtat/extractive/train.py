"""Fit the learned sentence scorer on AbMuSu train and write `models/learned.json`.

    python -m tomtat.extractive.train [--data ../shared/data] [--out src/tomtat/extractive/models/learned.json]
                                      [--report] [--ablation]

Target: for each source sentence, the share of its syllable bigrams that occur in the cluster's gold
summary (a soft, length-independent salience label; the gold summaries are mostly re-assembled source
sentences). Model: ridge regression on standardised shared features — closed form, so the same data
gives the same weights, written rounded so the file is byte-for-byte reproducible. Selection then
fills the budget greedily with redundancy control (extractive/select.py). Reported scores are those of
the default scorer: this model blended with the centroid scorer (extractive/scorers/hybrid.py).

--report prints 5-fold cross-validation on train and the validation score (ROUGE-2 F1, 200 syllables);
--ablation refits without each feature group and reports what each group adds.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass

import numpy as np

from ..eval.layouts import LAYOUTS, as_layout
from ..eval.oracle import bigrams
from ..eval.tokenize import syllable_tokens
from ..io.readers import documents_from_row, iter_jsonl
from ..pipeline import build_cluster
from .features import FEATURE_NAMES, Context, build_context

ALPHA = 1.0
BUDGET = 200
FOLDS = 5
SEED = 0
SAPO_WEIGHTS = (0.0, -1.0, -2.0, -3.0, -5.0, -10.0)   # grid for the blend's weight on sapo sentences
DEFAULT_OUT = os.path.join(os.path.dirname(__file__), "models", "learned.json")

# Feature groups for the ablation (the bias and cluster-level constants are never removed).
GROUPS = {
    "position": ["pos_first", "pos_inv", "pos_rel", "para_inv", "pos_in_para_first"],
    "length": ["len_log", "len_short", "len_long"],
    "centroid": ["centroid"],
    "title+sapo": ["title_own", "title_any", "sapo_own", "sapo_any", "in_sapo"],
    "cross-article support": ["support", "support_any"],
    "surface cues": ["has_number", "has_date", "has_quote", "has_say", "starts_connective", "is_question"],
    "no-sapo interactions": ["no_sapo", "no_title", "pos_inv_no_sapo", "pos_first_no_sapo", "para_inv_no_sapo",
                             "centroid_no_sapo", "len_log_no_sapo"],
}


# What each selection/scoring idea adds: the default with one idea switched off.
IDEAS = {
    "learned model alone (no centroid blend)": {"blend": False},
    "no readability rules (captions, sub-headings, leaning sentences allowed)": {"readable": False},
    "redundancy weight 0.7 (default 0.5)": {"redundancy": 0.7},
    "repeat threshold cosine 0.6 (default 0.4)": {"duplicate_cosine": 0.6},
}


@dataclass
class Example:
    """One cluster in one layout, processed once: its features, soft labels and gold summary."""

    ctx: Context
    labels: np.ndarray
    gold: str
    category: str
    layout: str = "fields"
    cluster: int = 0        # row number in its file: the layouts of one cluster share a CV fold


def soft_labels(ctx: Context, gold: str) -> np.ndarray:
    """Share of each sentence's bigrams found in the gold summary."""
    gold_bigrams = bigrams(syllable_tokens(gold))
    out = []
    for s in ctx.cluster.sentences:
        b = bigrams(syllable_tokens(s.text))
        total = sum(b.values())
        out.append(sum((b & gold_bigrams).values()) / total if total else 0.0)
    return np.array(out)


def load_examples(path: str, layouts: tuple[str, ...] = LAYOUTS) -> list[Example]:
    """Every cluster of a gold file in each layout (eval/layouts.py): the scorer must work in all."""
    examples = []
    for row in iter_jsonl(path):
        if row.error or not isinstance(row.data.get("summary"), str):
            continue
        for layout in layouts:
            cluster = build_cluster(documents_from_row(as_layout(row.data, layout), f"{path}:{row.line}"))
            if not cluster.sentences:
                continue
            ctx = build_context(cluster)
            examples.append(Example(ctx, soft_labels(ctx, row.data["summary"]), row.data["summary"],
                                    row.data.get("category", ""), layout, row.line))
    return examples


def fit(examples: list[Example], columns: list[int] | None = None) -> dict:
    """Ridge regression (closed form) on standardised features; returns the model as a dict."""
    cols = list(range(len(FEATURE_NAMES))) if columns is None else columns
    x = np.vstack([e.ctx.features for e in examples])
    y = np.concatenate([e.labels for e in examples])
    # Sapo sentences found in the text are left out: in the fields layout the sapo is no candidate, so
    # this way the same body sentences teach the same weights in every layout. Whether a found sapo
    # may be chosen is the blend's sapo weight, chosen on ROUGE (choose_sapo_weight).
    body = x[:, FEATURE_NAMES.index("in_sapo")] == 0
    x, y = x[body][:, cols], y[body]
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    z = (x - mean) / scale
    z_mean, y_mean = z.mean(axis=0), y.mean()
    zc = z - z_mean
    coef = np.linalg.solve(zc.T @ zc + ALPHA * np.eye(len(cols)), zc.T @ (y - y_mean))
    intercept = y_mean - z_mean @ coef
    full = np.zeros(len(FEATURE_NAMES))
    full[cols] = coef
    full_mean = np.zeros(len(FEATURE_NAMES))
    full_mean[cols] = mean
    full_scale = np.ones(len(FEATURE_NAMES))
    full_scale[cols] = scale

    def r(v):
        return [float(f"{x:.8g}") for x in v]

    return {"kind": "ridge-soft-bigram-precision", "alpha": ALPHA, "features": FEATURE_NAMES,
            "mean": r(full_mean), "scale": r(full_scale), "coef": r(full), "intercept": float(f"{intercept:.8g}")}


def evaluate(examples: list[Example], model: dict, blend: bool = True, per_cluster: dict | None = None,
             **select_options) -> dict[str, dict]:
    """Mean ROUGE F1 per layout (and "all") of the default scorer (this model blended with the
    centroid scorer) at the default budget.

    blend=False scores with the model alone; select_options override the selection defaults (ablation);
    per_cluster, when given, receives each example's ROUGE-2 F1 under (layout, cluster).
    """
    from ..eval.rouge import Aggregate, VietnameseRouge
    from .scorers.hybrid import combine
    from .scorers.learned import score_with
    from .select import select

    rouge = VietnameseRouge()
    totals: dict[str, Aggregate] = {"all": Aggregate()}
    for e in examples:
        sentences = e.ctx.cluster.sentences
        scores = score_with(model, e.ctx.features)
        if blend:
            scores = combine(scores, e.ctx, float(model.get("sapo_weight", 0.0)))
        chosen = sorted(select(e.ctx, scores, BUDGET, **select_options),
                        key=lambda i: (sentences[i].doc, sentences[i].index))
        score = rouge.score(e.gold, " ".join(sentences[i].text for i in chosen))
        totals["all"].add(score)
        if per_cluster is not None:
            per_cluster[(e.layout, e.cluster)] = score["rouge2"].f
        totals.setdefault(e.layout, Aggregate()).add(score)
    return {name: t.mean() for name, t in totals.items()}


def choose_sapo_weight(examples: list[Example], model: dict) -> float:
    """The blend's weight on sapo sentences found in the text: best train ROUGE-2 over SAPO_WEIGHTS
    (all layouts pooled; ties go to the smaller weight)."""
    best, best_score = 0.0, -1.0
    for w in SAPO_WEIGHTS:
        score = evaluate(examples, {**model, "sapo_weight": w})["all"]["rouge2"]["f"]
        if score > best_score + 1e-9:
            best, best_score = w, score
    return best


def cross_validate(examples: list[Example], columns: list[int] | None = None, sapo_weight: float = 0.0,
                   per_cluster: dict | None = None, **options) -> dict[str, dict]:
    """5-fold CV on train, folds by cluster (all its layouts together): each fold scored by a model
    fitted on the other four (the sapo weight is the one chosen on all of train: one number)."""
    from ..eval.rouge import Aggregate

    clusters = sorted({e.cluster for e in examples})
    order = np.random.default_rng(SEED).permutation(len(clusters))
    fold_of = {clusters[c]: k for k, part in enumerate(np.array_split(order, FOLDS)) for c in part}
    merged: dict[str, Aggregate] = {}
    for k in range(FOLDS):
        train = [e for e in examples if fold_of[e.cluster] != k]
        model = {**fit(train, columns), "sapo_weight": sapo_weight}
        results = evaluate([e for e in examples if fold_of[e.cluster] == k], model, per_cluster=per_cluster,
                           **options)
        for name, result in results.items():
            agg = merged.setdefault(name, Aggregate())
            for m in ("rouge1", "rouge2", "rougeL"):
                for i, key in enumerate("prf"):
                    agg.totals[m][i] += result[m][key] * result["n"]
            agg.n += result["n"]
    return {name: agg.mean() for name, agg in merged.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=os.environ.get("TOMTAT_DATA", os.path.join("..", "shared", "data")))
    parser.add_argument("--out", default=DEFAULT_OUT)
    parser.add_argument("--report", action="store_true", help="print train CV and validation scores")
    parser.add_argument("--ablation", metavar="MD", help="write a feature-group ablation table to MD")
    args = parser.parse_args(argv)
    train_path = os.path.join(args.data, "abmusu", "train.jsonl")
    val_path = os.path.join(args.data, "abmusu", "validation.jsonl")
    train = load_examples(train_path)
    model = fit(train)
    model["sapo_weight"] = choose_sapo_weight(train, model)
    with open(args.out, "w", encoding="utf-8") as fh:
        json.dump(model, fh, indent=1)
        fh.write("\n")
    print(f"wrote {args.out} from {len(train)} train clusters", file=sys.stderr)
    if args.report or args.ablation:
        val = load_examples(val_path)
        w = model["sapo_weight"]
        rows = [("default (all features, blended)", cross_validate(train, sapo_weight=w), evaluate(val, model))]
        if args.ablation:
            for name, options in IDEAS.items():
                rows.append((name, cross_validate(train, sapo_weight=w, **options), evaluate(val, model, **options)))
            for group, names in GROUPS.items():
                cols = [i for i, n in enumerate(FEATURE_NAMES) if n not in names]
                rows.append((f"without {group}", cross_validate(train, cols, sapo_weight=w),
                             evaluate(val, {**fit(train, cols), "sapo_weight": w})))
        lines = ["| model | train 5-fold CV R2 F1: " + " / ".join(LAYOUTS) + " | validation R2 F1: "
                 + " / ".join(LAYOUTS) + " | validation R1 F1 (all) | validation RL F1 (all) |",
                 "| --- | --- | --- | --- | --- |"]
        for name, cv, v in rows:
            lines.append(f"| {name} | " + " / ".join(f"{cv[x]['rouge2']['f']:.4f}" for x in LAYOUTS) + " | "
                         + " / ".join(f"{v[x]['rouge2']['f']:.4f}" for x in LAYOUTS) + " | "
                         f"{v['all']['rouge1']['f']:.4f} | {v['all']['rougeL']['f']:.4f} |")
        table = "\n".join(lines)
        print(table)
        if args.ablation:
            with open(args.ablation, "w", encoding="utf-8") as fh:
                fh.write("# Default scorer: what each idea and each feature group adds\n\n"
                         f"Command: `python -m tomtat.extractive.train --ablation {args.ablation}` "
                         f"(budget {BUDGET} syllables, syllable ROUGE, ridge alpha {ALPHA}; each row is the "
                         f"default scorer: the refitted model blended with the centroid scorer; fitted on "
                         f"every train cluster in each layout of `tomtat/eval/layouts.py`, scored per layout)."
                         f"\n\n{table}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
