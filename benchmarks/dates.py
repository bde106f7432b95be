"""Dates: detection precision/recall/F1 and resolution accuracy by kind, on a labelled set we wrote.

    python benchmarks/dates.py [--data DIR] [--clusters 100] [--no-dateparser]

benchmarks/data/dates.jsonl: Vietnamese sentences written for this project, one per line, each with its
article's date (or null) and every date expression in it (text as written, kind, correct ISO value; null
when it cannot be resolved, "--07-18" when the year cannot be known). Trap sentences (scores, ratios,
versions, phone numbers, "Covid-19", times, ordinals) hold none.

Detection: a found expression counts when it overlaps a labelled one (each labelled one matched once);
"exact" also asks for the same span. Resolution: the value tomtat gives a matched expression, compared with
the label. dateparser's search_dates (Vietnamese) is run on the same set for comparison. The dating
stage's cost is measured on validation clusters against the whole pipeline, and validation ROUGE with
time order, source order and no dating (the chosen sentences must not change). Writes
benchmarks/results/dates.md and dates.json.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import pathlib
import platform
import sys
import time
from collections import Counter, defaultdict

from tomtat.time import find_expressions, resolve

ROOT = pathlib.Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
DATA = ROOT / "benchmarks" / "data" / "dates.jsonl"
HELDOUT = ROOT / "benchmarks" / "data" / "dates_heldout.jsonl"
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from quality import data_dir, tree_state  # noqa: E402


def load(path: pathlib.Path = DATA) -> list[dict]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    for row in rows:
        pos = 0
        for g in row["dates"]:
            start = row["text"].index(g["text"], pos)
            g["start"], g["end"] = start, start + len(g["text"])
            pos = g["end"]
    return rows


def prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {"p": round(p, 4), "r": round(r, 4), "f": round(2 * p * r / (p + r) if p + r else 0.0, 4)}


def match(gold: list[dict], found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """(gold index, found index) pairs: overlapping spans, each used once, in text order."""
    pairs, used = [], set()
    for gi, g in enumerate(gold):
        for fi, (a, b) in enumerate(found):
            if fi not in used and a < g["end"] and g["start"] < b:
                pairs.append((gi, fi))
                used.add(fi)
                break
    return pairs


def evaluate_tomtat(rows: list[dict]) -> dict:
    counts = Counter()
    by_kind: dict[str, Counter] = defaultdict(Counter)
    errors: list[str] = []
    start = time.perf_counter()
    for row in rows:
        ref = dt.date.fromisoformat(row["article_date"]) if row["article_date"] else None
        found = find_expressions(row["text"])
        pairs = match(row["dates"], [(e.start, e.end) for e in found])
        matched_found = {fi for _, fi in pairs}
        counts["tp"] += len(pairs)
        counts["fn"] += len(row["dates"]) - len(pairs)
        counts["fp"] += len(found) - len(pairs)
        for e_i, e in enumerate(found):
            if e_i not in matched_found:
                errors.append(f"false date {e.text!r} in: {row['text']}")
        matched_gold = {gi for gi, _ in pairs}
        for gi, g in enumerate(row["dates"]):
            k = by_kind[g["kind"]]
            k["gold"] += 1
            if gi not in matched_gold:
                errors.append(f"missed {g['text']!r} ({g['kind']}) in: {row['text']}")
        for gi, fi in pairs:
            g, e = row["dates"][gi], found[fi]
            k = by_kind[g["kind"]]
            k["found"] += 1
            k["exact"] += (e.start, e.end) == (g["start"], g["end"])
            r = resolve(e, ref)
            value = r.value if r is not None else None
            if value == g["value"]:
                k["right"] += 1
            else:
                errors.append(f"resolved {g['text']!r} ({g['kind']}, article {row['article_date']}) to {value}, "
                              f"label {g['value']}")
    seconds = time.perf_counter() - start
    kinds = {kind: {"labelled": c["gold"], "recall": round(c["found"] / c["gold"], 4),
                    "exact_span": round(c["exact"] / c["gold"], 4),
                    "resolution_accuracy": round(c["right"] / c["found"], 4) if c["found"] else None,
                    "end_to_end": round(c["right"] / c["gold"], 4)}
             for kind, c in sorted(by_kind.items())}
    right = sum(c["right"] for c in by_kind.values())
    found_n = sum(c["found"] for c in by_kind.values())
    gold_n = sum(c["gold"] for c in by_kind.values())
    return {"detection": prf(counts["tp"], counts["fp"], counts["fn"]), "tp": counts["tp"], "fp": counts["fp"],
            "fn": counts["fn"], "exact_span": round(sum(c["exact"] for c in by_kind.values()) / gold_n, 4),
            "resolution_accuracy": round(right / found_n, 4), "end_to_end": round(right / gold_n, 4),
            "by_kind": kinds, "errors": errors, "seconds": round(seconds, 4)}


def evaluate_dateparser(rows: list[dict]) -> dict:
    """dateparser.search.search_dates (languages=['vi'], relative to the article date) on the same set."""
    from dateparser.search import search_dates

    counts = Counter()
    right = 0
    start = time.perf_counter()
    for row in rows:
        ref = dt.datetime.fromisoformat(row["article_date"]) if row["article_date"] else dt.datetime(2000, 1, 1)
        settings = {"RELATIVE_BASE": ref, "PREFER_DATES_FROM": "past", "DATE_ORDER": "DMY"}
        try:
            hits = search_dates(row["text"], languages=["vi"], settings=settings) or []
        except Exception:   # dateparser raises on some inputs; count as finding nothing
            hits = []
        spans, pos = [], 0
        for text, _ in hits:
            a = row["text"].find(text, pos)
            spans.append((a, a + len(text)) if a >= 0 else (-1, -1))
            pos = max(pos, a + len(text)) if a >= 0 else pos
        pairs = match(row["dates"], spans)
        counts["tp"] += len(pairs)
        counts["fn"] += len(row["dates"]) - len(pairs)
        counts["fp"] += len(hits) - len(pairs)
        for gi, fi in pairs:
            gold, value = row["dates"][gi]["value"], hits[fi][1]
            if gold and not gold.startswith("--") and row["article_date"] is not None:
                right += value.date().isoformat()[:len(gold)] == gold
    seconds = time.perf_counter() - start
    return {"detection": prf(counts["tp"], counts["fp"], counts["fn"]), "tp": counts["tp"], "fp": counts["fp"],
            "fn": counts["fn"], "resolution_accuracy": round(right / counts["tp"], 4) if counts["tp"] else None,
            "seconds": round(seconds, 2)}


def stage_cost(data: pathlib.Path, n: int) -> dict | None:
    """Seconds in the dating stage against the whole pipeline (build + summarize + JSON) on n clusters."""
    from tomtat import pipeline
    from tomtat.io.readers import documents_from_row, iter_jsonl

    path = data / "abmusu" / "validation.jsonl"
    if not path.exists():
        return None
    rows = [r.data for r, _ in zip(iter_jsonl(str(path)), range(n)) if r.data is not None]
    dating = [0.0]
    original = pipeline.date_sentences

    def timed(*args):
        t = time.perf_counter()
        original(*args)
        dating[0] += time.perf_counter() - t

    def whole() -> float:
        t = time.perf_counter()
        for i, row in enumerate(rows):
            docs = documents_from_row(row, f"validation.jsonl:{i + 1}")
            pipeline.summarize(docs, max_words=200).to_json()
        return time.perf_counter() - t

    whole()   # warm-up: models and caches
    pipeline.date_sentences = timed
    try:
        best = None
        for _ in range(2):
            dating[0] = 0.0
            total = whole()
            if best is None or total < best[0]:
                best = (total, dating[0])
    finally:
        pipeline.date_sentences = original
    total, spent = best
    return {"clusters": len(rows), "pipeline_s": round(total, 3), "dating_s": round(spent, 4),
            "dating_share": round(spent / total, 4), "dating_ms_per_cluster": round(1000 * spent / len(rows), 3)}


def rouge_check(data: pathlib.Path) -> dict | None:
    """Validation ROUGE with --order time, --order source, and the dating stage switched off; and in how
    many clusters the chosen sentences are the same set with and without dating (selection must not move)."""
    from tomtat import pipeline
    from tomtat.eval.rouge import Aggregate, VietnameseRouge
    from tomtat.io.readers import documents_from_row, iter_jsonl

    path = data / "abmusu" / "validation.jsonl"
    if not path.exists():
        return None
    rows = [r.data for r in iter_jsonl(str(path)) if r.data is not None]
    rouge, aggs, same = VietnameseRouge(), {k: Aggregate() for k in ("time", "source", "no dating")}, 0
    original = pipeline.date_sentences
    for i, row in enumerate(rows):
        refs = row.get("summary")
        refs = [refs] if isinstance(refs, str) else row.get("summaries") or []
        runs = {order: pipeline.summarize(documents_from_row(row, f"v:{i}"), order=order) for order in ("time", "source")}
        pipeline.date_sentences = lambda *args: None
        try:
            runs["no dating"] = pipeline.summarize(documents_from_row(row, f"v:{i}"), order="source")
        finally:
            pipeline.date_sentences = original
        same += {(s.doc, s.index) for s in runs["time"].sentences} == {(s.doc, s.index) for s in runs["no dating"].sentences}
        for name, summary in runs.items():
            aggs[name].add(rouge.score(refs, summary.text))
    scores = {name: {m: round(agg.mean()[m]["f"], 4) for m in ("rouge1", "rouge2", "rougeL")} for name, agg in aggs.items()}
    return {"clusters": len(rows), "same_selection": same, "f": scores}


def write(result: dict) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "dates.json").write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    t = result["tomtat"]
    lines = ["# Dates", "",
             f"`python benchmarks/dates.py` — tree {result['tree']}, Python {result['python']}, {result['cpus']} CPUs "
             "(a shared machine: timings are indicative).", "",
             f"Labelled set: `benchmarks/data/dates.jsonl`, {result['sentences']} Vietnamese sentences written for "
             f"this project, {result['labelled']} date expressions, {result['trap_sentences']} trap sentences with "
             "none (scores, ratios, fractions, versions, phone numbers, Covid-19, clock times, ordinals).", "",
             "## Overall", "",
             "| system | detection P | R | F1 | exact span | resolution accuracy (found) | end to end |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
             f"| tomtat | {t['detection']['p']:.3f} | {t['detection']['r']:.3f} | {t['detection']['f']:.3f} | "
             f"{t['exact_span']:.3f} | {t['resolution_accuracy']:.3f} | {t['end_to_end']:.3f} |"]
    if result.get("dateparser"):
        d = result["dateparser"]
        acc = f"{d['resolution_accuracy']:.3f}" if d["resolution_accuracy"] is not None else "–"
        lines.append(f"| dateparser 1.x search_dates (vi) | {d['detection']['p']:.3f} | {d['detection']['r']:.3f} | "
                     f"{d['detection']['f']:.3f} | – | {acc} | – |")
    lines += ["", f"tomtat: {t['tp']} found, {t['fp']} false, {t['fn']} missed; {t['seconds'] * 1000:.0f} ms for the "
              "whole set." + (f" dateparser: {result['dateparser']['seconds']:.1f} s." if result.get("dateparser") else ""),
              "", "## tomtat by kind", "",
              "| kind | labelled | recall | exact span | resolution accuracy | end to end |",
              "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for kind, k in t["by_kind"].items():
        acc = f"{k['resolution_accuracy']:.3f}" if k["resolution_accuracy"] is not None else "–"
        lines.append(f"| {kind} | {k['labelled']} | {k['recall']:.3f} | {k['exact_span']:.3f} | {acc} | "
                     f"{k['end_to_end']:.3f} |")
    h = result["heldout"]
    lines += ["", "## Held-out set", "",
              f"`benchmarks/data/dates_heldout.jsonl`: {h['sentences']} more sentences ({h['labelled']} expressions), "
              "written after the grammar was settled, with phrasings chosen to differ from the main set; the "
              "grammar is not tuned on it (its errors below are left as they are).", "",
              "| set | detection P | R | F1 | exact span | resolution accuracy (found) | end to end |",
              "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
              f"| held-out | {h['detection']['p']:.3f} | {h['detection']['r']:.3f} | {h['detection']['f']:.3f} | "
              f"{h['exact_span']:.3f} | {h['resolution_accuracy']:.3f} | {h['end_to_end']:.3f} |", ""]
    lines += [f"- {e}" for e in h["errors"]] or ["- no error"]
    cost = result.get("stage_cost")
    if cost:
        lines += ["", "## Cost of the dating stage", "",
                  f"{cost['clusters']} validation clusters, whole pipeline (read row → clean → segment → date → "
                  f"features → score → select → order → JSON), best of 2 after a warm-up: {cost['pipeline_s']:.2f} s; "
                  f"inside the dating stage: {cost['dating_s']:.3f} s = **{100 * cost['dating_share']:.1f}%** "
                  f"({cost['dating_ms_per_cluster']:.2f} ms per cluster)."]
    rc = result.get("rouge")
    if rc:
        lines += ["", "## Selection and ROUGE on validation", "",
                  f"Chosen sentences identical with and without the dating stage in {rc['same_selection']} of "
                  f"{rc['clusters']} clusters. ROUGE F1 (syllables, 200):", "",
                  "| run | R1 | R2 | RL |", "| --- | ---: | ---: | ---: |"]
        lines += [f"| {name} | {v['rouge1']:.4f} | {v['rouge2']:.4f} | {v['rougeL']:.4f} |" for name, v in rc["f"].items()]
        lines += ["", "Reordering moves only bigrams across sentence joins (R2) and the longest common subsequence (RL)."]
    lines += ["", "## Every error (tomtat, main set)", ""]
    lines += [f"- {e}" for e in t["errors"]] or ["- none"]
    (RESULTS / "dates.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=None, help="shared data folder (abmusu/validation.jsonl for the stage cost)")
    ap.add_argument("--clusters", type=int, default=100)
    ap.add_argument("--no-dateparser", action="store_true")
    ap.add_argument("--no-rouge", action="store_true", help="skip the validation ROUGE / selection check")
    # held-out file written after the grammar was settled; evaluated, never tuned on
    args = ap.parse_args()
    rows = load()
    result = {"tree": tree_state(), "python": platform.python_version(), "cpus": os.cpu_count(),
              "sentences": len(rows), "labelled": sum(len(r["dates"]) for r in rows),
              "trap_sentences": sum(1 for r in rows if not r["dates"]), "tomtat": evaluate_tomtat(rows)}
    held = load(HELDOUT)
    result["heldout"] = {"sentences": len(held), "labelled": sum(len(r["dates"]) for r in held), **evaluate_tomtat(held)}
    if not args.no_dateparser:
        result["dateparser"] = evaluate_dateparser(rows)
    result["stage_cost"] = stage_cost(data_dir(args.data), args.clusters) if args.clusters else None
    result["rouge"] = None if args.no_rouge else rouge_check(data_dir(args.data))
    write(result)
    t = result["tomtat"]
    print(f"tomtat detection P {t['detection']['p']:.3f} R {t['detection']['r']:.3f} F1 {t['detection']['f']:.3f}; "
          f"resolution {t['resolution_accuracy']:.3f}; end to end {t['end_to_end']:.3f}")
    for e in t["errors"]:
        print("  ", e)
    h = result["heldout"]
    print(f"held-out: detection P {h['detection']['p']:.3f} R {h['detection']['r']:.3f} F1 {h['detection']['f']:.3f}; "
          f"resolution {h['resolution_accuracy']:.3f}; end to end {h['end_to_end']:.3f}")
    for e in h["errors"]:
        print("  ", e)


if __name__ == "__main__":
    main()
