"""Sample the pairs tomtat joins in ordinary feeds, for labelling by reading (precision where stories are rare).

    python benchmarks/sparse_pairs_sample.py [--data DIR] [--feeds 4] [--size 1000] [--per-feed 100] [--sheets DIR]

The first labelled pairs (event_pairs_sample.py) are close neighbours in a 40,000-article sample: a crowded feed
where most articles have a real story-mate. A feed a desk reads is sparser: 1,000 articles of which few tell
one event. There an article's nearest neighbour is often a stranger, first in its neighbour list only because
nothing closer exists, and a digest of 400 such articles joined unrelated ones (a crash and orange prices).
These pairs show the model that case.

Each feed is --size consecutive VietNews train rows (the file is in no time order; a run of rows tends to share a
desk, as a desk's feed does) starting at a seeded offset. It is clustered by tomtat as it stood when the sample
was drawn; from its candidate pairs (exact copies and pairs already in event_pairs.jsonl left out) come
--per-feed pairs: 60 % drawn from the pairs the system joins (same event) and the rest from pairs it nearly
joins (probability NEAR_LOW up to the threshold). Feeds alternate between the "choose" and the "report" split,
so a feed's pairs are fitted on or reported on, never both.

Writes benchmarks/data/sparse_pairs.jsonl (pair id, the two VietNews ids, feed, split, stratum, probability: ids
only) and, for the readers, sheets under --sheets (text for reading, kept outside the repository); every reader
gets the first --shared pairs (agreement) and a share of the rest. Labels follow event_pairs_guidelines.md and go
to benchmarks/data/sparse_pairs_labels_r*.jsonl.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from event_pairs_sample import desk, write_sheets  # noqa: E402

from tomtat.stories.cluster import DEFAULT_THRESHOLD, link, represent_feed, scored_pairs  # noqa: E402
from tomtat.stories.feed import Article  # noqa: E402
from tomtat.stories.pairs import probabilities  # noqa: E402
from tomtat.stories.train import feed_rows  # noqa: E402

NEAR_LOW = 0.15
JOINED_SHARE = 0.6
VIETNEWS_TOTAL = 105_418


def feed_starts(feeds: int, size: int, seed: int) -> list[int]:
    """Seeded, non-overlapping starting rows, one per feed."""
    slots = list(range(0, VIETNEWS_TOTAL - size, size))
    return sorted(random.Random(seed).sample(slots, feeds))


def feed_pairs(rows: list[dict], known: set[tuple[str, str]]) -> tuple[list[tuple], list[tuple]]:
    """(joined, near) candidate pairs of one feed as (id a, id b, probability), sorted."""
    articles = [Article(text=r["text"], source=r["id"], title=r["title"], sapo=r["summary"]) for r in rows]
    by_id = {r["id"]: r for r in rows}
    feed = represent_feed(articles)
    pr, pc, features, same = scored_pairs(feed)
    labels = link(feed.x.shape[0], pr, pc, features, DEFAULT_THRESHOLD, same=same, x=feed.x)
    p = probabilities(features)
    ids = [a.source for a in feed.articles]
    joined, near = [], []
    for i, j, prob in zip(pr.tolist(), pc.tolist(), p.tolist()):
        a, b = sorted((ids[i], ids[j]))
        ra, rb = by_id[a], by_id[b]
        if ra["text"] == rb["text"] or ra["title"] == rb["title"] or (a, b) in known:
            continue
        if labels[i] == labels[j]:
            joined.append((a, b, prob))
        elif NEAR_LOW <= prob < DEFAULT_THRESHOLD:
            near.append((a, b, prob))
    return sorted(joined), sorted(near)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=os.environ.get("TOMTAT_DATA") or str(ROOT.parent / "shared" / "data"))
    ap.add_argument("--feeds", type=int, default=4)
    ap.add_argument("--size", type=int, default=1000)
    ap.add_argument("--per-feed", type=int, default=100)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--sheets", default="/tmp/sparse_sheets")
    ap.add_argument("--readers", type=int, default=4)
    ap.add_argument("--shared", type=int, default=50, help="pairs every reader labels (agreement)")
    args = ap.parse_args()

    known = set()
    for line in open(ROOT / "benchmarks" / "data" / "event_pairs.jsonl", encoding="utf-8"):
        x = json.loads(line)
        known.add(tuple(sorted((x["a"], x["b"]))))
    starts = feed_starts(args.feeds, args.size, args.seed)
    names = [f"rows {start}-{start + args.size - 1}" for start in starts]
    feeds = feed_rows(args.data, names)
    by_id = {r["id"]: r for rows in feeds.values() for r in rows}
    rng = random.Random(args.seed)
    chosen = []
    for n, name in enumerate(names):
        joined, near = feed_pairs(feeds[name], known)
        rng.shuffle(joined)
        rng.shuffle(near)
        k = min(len(joined), round(args.per_feed * JOINED_SHARE))
        pick = [(x, "joined") for x in joined[:k]] + [(x, "near") for x in near[:args.per_feed - k]]
        split = "choose" if n % 2 == 0 else "report"
        print(f"{name} ({split}): joined {len(joined)} near {len(near)} -> {len(pick)}", file=sys.stderr)
        chosen += [(name, split, s, x) for x, s in pick]
    rng.shuffle(chosen)
    pairs = [{"pair": f"s{k:04d}", "a": a, "b": b, "feed": name, "split": split, "stratum": s,
              "desk": desk(by_id[a]["title"], by_id[a]["summary"]), "p": round(prob, 4)}
             for k, (name, split, s, (a, b, prob)) in enumerate(chosen)]
    out = ROOT / "benchmarks" / "data" / "sparse_pairs.jsonl"
    out.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in pairs), encoding="utf-8")

    sheets = write_sheets(Path(args.sheets), pairs, by_id, args.readers, args.shared)
    print(f"{len(pairs)} pairs -> {out}; sheets in {sheets}", file=sys.stderr)


if __name__ == "__main__":
    main()
