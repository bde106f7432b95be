"""Draw a second set of real VietNews sentences for the event-date benchmark (issue 17): the "choose2" set.

    python benchmarks/sample_dates_real.py [--data DIR] [--seed N] [--counts] [--sheet /tmp/dates_new]
    python benchmarks/sample_dates_real.py --merge      # add reader 1's labels to dates_real_new.jsonl
    python benchmarks/sample_dates_real.py --third [--merge]   # the third set: dates_real_third.jsonl, ids t001…

The first real set (benchmarks/data/dates_real.jsonl, drawn by benchmarks/dates_real_sample.py) was split
into a "choose" half and a held-back "report" half; after one pass of fixes the choose half no longer shows
new causes. This draws NEW sentences, from VietNews train only, by the same simple date-like regex families
(`dates_real_sample.TRAPS` and `PLAIN`, never by tomtat's output), with its own seed and quotas:

- no article (VietNews row) already used in dates_real.jsonl, at most one sentence from any article, no text
  twice;
- about half drawn as traps: TRAP_QUOTA sentences per trap family (the rarest families first, as in the
  first sampler), the rest ordinary sentences with a date-like expression (a day/month, a month, a year, a
  relative date, a weekday), and a few with nothing date-like;
- the order within each family is a seeded hash of the reference; the final order (and so the ids n001…)
  a seeded shuffle.

Writes benchmarks/data/dates_real_new.jsonl with exactly the fields of dates_real.jsonl (references only; the
text is re-read from ../shared/data by `start`/`end`). Labels are kept apart, in
benchmarks/data/dates_real_new_r1.jsonl (reader 1, every sentence) and dates_real_new_r2.jsonl (a second
reading of 50), following benchmarks/data/dates_real_guidelines.md; `--merge` adds reader 1's value, role and
note. Each sentence is a one-sentence article published 2018-06-15, as in the first set.

`--third` draws a third set the same way with its own seed (2027) from articles in neither earlier set:
benchmarks/data/dates_real_third.jsonl ("choose3", ids t001…; labels dates_real_third_r1.jsonl, every sentence,
and dates_real_third_r2.jsonl, an independent second reading of 50). The second set had been tuned on by then;
a third shows which errors are still new.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import dates_real_sample as first  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "data" / "dates_real_new.jsonl"
LABELS = str(ROOT / "benchmarks" / "data" / "dates_real_new_r{}.jsonl")
OUT3 = ROOT / "benchmarks" / "data" / "dates_real_third.jsonl"
LABELS3 = str(ROOT / "benchmarks" / "data" / "dates_real_third_r{}.jsonl")
TRAP_QUOTA = 7
PLAIN_QUOTA = {"dm": 55, "month": 20, "year": 20, "relative": 18, "weekday": 7, "none": 5}
PLAIN_RATE = 0.05          # share of sentences considered for the (plentiful) ordinary families


def collect(data: Path, used_rows: set[str]) -> dict[str, list[tuple]]:
    pools: dict[str, list[tuple]] = {k: [] for k in [*first.TRAPS, *PLAIN_QUOTA]}
    for ref in first.vietnews_sentences(data / "vietnews" / "train.jsonl.xz"):
        source, row, doc, field, k, a, b, s = ref
        if row in used_rows or not first.usable(s):
            continue
        plain_ok = first._h("new-plain", row, k) < PLAIN_RATE
        if not (plain_ok or first._ANY_DATEISH.search(s.lower())):
            continue
        for fam in first.families(s, plain_ok):
            pools[fam].append(ref)
    return pools


def choose(pools: dict[str, list[tuple]], seed: int, used_texts: set[str], prefix: str = "n") -> list[dict]:
    rng = random.Random(seed)
    used_articles, chosen = set(), []
    quota = {**{k: TRAP_QUOTA for k in first.TRAPS}, **PLAIN_QUOTA}
    order = sorted(pools, key=lambda f: (f in PLAIN_QUOTA, len(pools[f])))   # rarest traps first
    for fam in order:
        n = 0
        for r in sorted(pools[fam], key=lambda r: first._h(seed, fam, *r[:6])):
            if n >= quota[fam]:
                break
            text = " ".join(r[7].split())
            if r[1] in used_articles or text in used_texts:
                continue
            used_articles.add(r[1])
            used_texts.add(text)
            n += 1
            source, row, doc, field, k, a, b, _ = r
            chosen.append({"source": source, "row": row, "doc": doc, "field": field, "sent": k, "start": a, "end": b,
                           "article_date": first.ARTICLE_DATE[source],
                           "kind": "plain" if fam in PLAIN_QUOTA else fam, "family": fam})
    rng.shuffle(chosen)
    for i, c in enumerate(chosen, 1):
        c["id"] = f"{prefix}{i:03d}"
    keys = ["id", "source", "row", "doc", "field", "sent", "start", "end", "article_date", "kind", "family"]
    return [{k: c[k] for k in keys} for c in chosen]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=os.environ.get("TOMTAT_DATA") or str(ROOT.parent / "shared" / "data"))
    ap.add_argument("--seed", type=int, default=None, help="2026 (second set) or 2027 (--third)")
    ap.add_argument("--third", action="store_true", help="draw (or merge) the third set instead of the second")
    ap.add_argument("--counts", action="store_true", help="only print the pool size of each family")
    ap.add_argument("--sheet", default=None, help="write a reading sheet of every sentence to this folder")
    ap.add_argument("--merge", action="store_true", help="merge reader 1's labels into dates_real_new.jsonl")
    args = ap.parse_args()
    out, labels = (OUT3, LABELS3) if args.third else (OUT, LABELS)
    seed = args.seed if args.seed is not None else (2027 if args.third else 2026)
    if args.merge:
        first.merge(out, Path(labels.format(1)))
        return
    data = Path(args.data)
    old = first.load(first.OUT) + (first.load(OUT) if args.third else [])
    used_rows = {it["row"] for it in old if it["source"] == "vietnews"}
    used_texts = {" ".join(t.split()) for t in first.texts(old, data).values()}
    pools = collect(data, used_rows)
    for fam, pool in pools.items():
        print(f"{fam:15s} {len(pool):7d}", file=sys.stderr)
    if args.counts:
        return
    items = choose(pools, seed, used_texts, "t" if args.third else "n")
    if out.exists():
        before = {x["id"]: x for x in first.load(out)}
        for it in items:
            o = before.get(it["id"])
            if o and all(o.get(k) == it.get(k) for k in ("source", "row", "doc", "field", "start", "end")):
                it.update({k: o[k] for k in ("value", "role", "note") if k in o})
    out.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in items), encoding="utf-8")
    print(f"{len(items)} sentences ({sum(1 for x in items if x['kind'] != 'plain')} drawn as traps) -> {out}",
          file=sys.stderr)
    if args.sheet:
        sheet = Path(args.sheet)
        sheet.mkdir(parents=True, exist_ok=True)
        text = first.texts(items, data)
        with open(sheet / "all.txt", "w", encoding="utf-8") as fh:
            for it in items:
                fh.write(f"{it['id']}\t{it['article_date']}\t{it['family']}\t{text[it['id']]}\n")


if __name__ == "__main__":
    main()
