"""Sample close-neighbour pairs of VietNews articles for labelling by reading (events vs threads).

    python benchmarks/event_pairs_sample.py [--data DIR] [--articles 40000] [--per-desk 200] [--sheets DIR]
    python benchmarks/event_pairs_sample.py --second [--per-desk 60] [--readers 2] [--sheets DIR]

A seeded sample of VietNews train articles (every article whose id hashes below the rate, so the sample does
not depend on file order) is clustered by tomtat as it stood when the sample was drawn; its candidate pairs
carry the pair model's same-story probability. Pairs are drawn per desk (a keyword guess from the title and
sapo: crime, society, world, economy, sport) in two strata: pairs the system joins (same story) and pairs it
nearly joins (probability from NEAR_LOW up to the threshold, not joined). Exact copies are left out: they
are trivially one story and would teach nothing.

Writes benchmarks/data/event_pairs.jsonl (pair id, the two VietNews ids, desk, stratum, probability: ids only,
never the articles' text) and, for the readers, one sheet per reader under --sheets (text for reading; those
stay outside the repository). Readers' labels go to benchmarks/data/event_pairs_labels_*.jsonl.

`--second` draws a second set from the same sample as the two-level clustering of today puts it (the first was
drawn with the one-level model of its day): pairs in one event (stratum "joined") and pairs not in one event
whose P(same event) is from NEAR_LOW up to the event threshold ("near"), four joined to one near, none of the
first set's pairs. Its errors are today's model's, which the first set could only show in part. Writes
benchmarks/data/event_pairs2.jsonl (ids q0000…); labels go to event_pairs2_labels_*.jsonl.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import lzma
import os
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from tomtat.stories.cluster import DEFAULT_THRESHOLD, group, link, represent_feed, scored_pairs  # noqa: E402
from tomtat.stories.feed import Article  # noqa: E402
from tomtat.stories.pairs import event_probabilities, probabilities  # noqa: E402

NEAR_LOW = 0.08
DESKS = {
    "sport": r"bóng đá|hlv|cầu thủ|đội tuyển|v-league|giải đấu|trận đấu|world cup|aff|sea games|ngoại hạng|ghi bàn|"
             r"tennis|vô địch|u23|u19|tiền đạo|thủ môn|huấn luyện viên|man utd|barca|real madrid|chelsea|arsenal",
    "crime": r"công an|khởi tố|bắt giữ|tạm giữ|đối tượng|vụ án|xét xử|tử hình|trộm|cướp|ma tuý|ma túy|lừa đảo|"
             r"truy nã|bị can|bị cáo|hiếp dâm|sát hại|đâm chết|tù",
    "world": r"\bmỹ\b|trung quốc|\bnga\b|triều tiên|tổng thống|nhật bản|hàn quốc|\beu\b|\banh\b|\bpháp\b|syria|"
             r"\bđức\b|thủ tướng anh|nhà trắng|liên hợp quốc|iran|israel|ấn độ|philippines|thái lan|campuchia",
    "economy": r"\bgiá\b|tỷ đồng|doanh nghiệp|ngân hàng|cổ phiếu|chứng khoán|lãi suất|xuất khẩu|usd|\bvàng\b|xăng|"
               r"bất động sản|tỷ giá|doanh thu|lợi nhuận|thuế",
}
_DESK = {k: re.compile(v) for k, v in DESKS.items()}


def desk(title: str, sapo: str) -> str:
    """A keyword guess at the article's desk; 'society' when nothing else matches."""
    text = f"{title} {sapo}".lower()
    for name, pattern in _DESK.items():
        if pattern.search(text):
            return name
    return "society"


def sample(path: Path, n_articles: int, total: int = 105_418) -> list[dict]:
    rate = n_articles / total
    out = []
    with lzma.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            h = int(hashlib.sha1(row["id"].encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
            if h < rate:
                out.append(row)
    return out


def lead(row: dict, sentences: int = 3) -> str:
    body = [s for s in row["text"].split("\n") if s.strip()][:sentences]
    return " ".join(body)


def write_sheets(sheets: Path, pairs: list[dict], by_id: dict[str, dict], readers: int, shared: int) -> Path:
    """One reading sheet per reader: the first `shared` pairs (for agreement) and a share of the rest, each
    reader's in an order of its own; for each pair both titles, sapos and leads."""
    sheets.mkdir(parents=True, exist_ok=True)
    common, rest = pairs[:shared], pairs[shared:]
    for r in range(readers):
        mine = sorted(common + rest[r::readers], key=lambda x: hashlib.sha1(f"{r}{x['pair']}".encode()).hexdigest())
        with open(sheets / f"reader{r + 1}.txt", "w", encoding="utf-8") as fh:
            for x in mine:
                fh.write(f"=== PAIR {x['pair']}\n")
                for tag in ("A", "B"):
                    row = by_id[x[tag.lower()]]
                    fh.write(f"[{tag}] TITLE: {row['title']}\n[{tag}] SAPO: {row['summary']}\n"
                             f"[{tag}] BODY: {lead(row)}\n")
                fh.write("\n")
    return sheets


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=os.environ.get("TOMTAT_DATA") or str(ROOT.parent / "shared" / "data"))
    ap.add_argument("--articles", type=int, default=40_000)
    ap.add_argument("--per-desk", type=int, default=200)
    ap.add_argument("--sheets", default="/tmp/event_sheets")
    ap.add_argument("--readers", type=int, default=5)
    ap.add_argument("--shared", type=int, default=50, help="pairs every reader labels (agreement)")
    ap.add_argument("--second", action="store_true", help="draw the second set (today's model): event_pairs2.jsonl")
    args = ap.parse_args()
    if args.second:
        second(args)
        return

    rows = sample(Path(args.data) / "vietnews" / "train.jsonl.xz", args.articles)
    print(f"{len(rows)} articles", file=sys.stderr)
    articles = [Article(text=r["text"], source=r["id"], title=r["title"], sapo=r["summary"]) for r in rows]
    by_id = {r["id"]: r for r in rows}
    feed = represent_feed(articles, workers=2)
    pr, pc, features, same = scored_pairs(feed, threads=2)
    labels = link(feed.x.shape[0], pr, pc, features, DEFAULT_THRESHOLD, same=same, x=feed.x)
    p = probabilities(features)
    ids = [a.source for a in feed.articles]
    rng = random.Random(0)
    pools: dict[tuple[str, str], list[tuple[str, str, float]]] = {}
    for i, j, prob in zip(pr.tolist(), pc.tolist(), p.tolist()):
        a, b = sorted((ids[i], ids[j]))
        ra, rb = by_id[a], by_id[b]
        if ra["text"] == rb["text"] or ra["title"] == rb["title"]:
            continue
        joined = labels[i] == labels[j]
        if joined:
            stratum = "joined"
        elif NEAR_LOW <= prob < DEFAULT_THRESHOLD:
            stratum = "near"
        else:
            continue
        d = desk(ra["title"], ra["summary"])
        pools.setdefault((d, stratum), []).append((a, b, prob))
    chosen = []
    for d in ["crime", "society", "world", "economy", "sport"]:
        joined = sorted(pools.get((d, "joined"), []))
        near = sorted(pools.get((d, "near"), []))
        rng.shuffle(joined)
        rng.shuffle(near)
        k = min(len(joined), args.per_desk // 2)
        pick = [(x, "joined") for x in joined[:k]] + [(x, "near") for x in near[:args.per_desk - k]]
        print(f"{d}: joined {len(joined)} near {len(near)} -> {len(pick)}", file=sys.stderr)
        chosen += [(d, s, x) for x, s in pick]
    rng.shuffle(chosen)
    pairs = [{"pair": f"p{k:04d}", "a": a, "b": b, "desk": d, "stratum": s, "p": round(prob, 4)}
             for k, (d, s, (a, b, prob)) in enumerate(chosen)]
    out = ROOT / "benchmarks" / "data" / "event_pairs.jsonl"
    out.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in pairs), encoding="utf-8")

    sheets = write_sheets(Path(args.sheets), pairs, by_id, args.readers, args.shared)
    print(f"{len(pairs)} pairs -> {out}; sheets in {sheets}", file=sys.stderr)


def second(args) -> None:
    """The second draw (see the module docstring)."""
    out = ROOT / "benchmarks" / "data" / "event_pairs2.jsonl"
    first = {tuple(sorted((x["a"], x["b"]))) for x in map(json.loads, open(out.with_name("event_pairs.jsonl")))}
    rows = sample(Path(args.data) / "vietnews" / "train.jsonl.xz", args.articles)
    by_id = {r["id"]: r for r in rows}
    feed = represent_feed([Article(text=r["text"], source=r["id"], title=r["title"], sapo=r["summary"])
                           for r in rows], workers=2)
    stories = group(feed)
    event = {a.source: k for k, s in enumerate(stories) for a in s.articles}
    pr, pc, features, _ = scored_pairs(feed, threads=2)
    p = event_probabilities(features)
    ids = [a.source for a in feed.articles]
    pools: dict[tuple[str, str], list[tuple[str, str, float]]] = {}
    for i, j, prob in zip(pr.tolist(), pc.tolist(), p.tolist()):
        a, b = sorted((ids[i], ids[j]))
        ra, rb = by_id[a], by_id[b]
        if (a, b) in first or ra["text"] == rb["text"] or ra["title"] == rb["title"]:
            continue
        stratum = "joined" if event[a] == event[b] else "near" if NEAR_LOW <= prob < DEFAULT_THRESHOLD else None
        if stratum:
            pools.setdefault((desk(ra["title"], ra["summary"]), stratum), []).append((a, b, prob))
    rng = random.Random(1)
    chosen = []
    for d in ["crime", "society", "world", "economy", "sport"]:
        joined, near = sorted(pools.get((d, "joined"), [])), sorted(pools.get((d, "near"), []))
        rng.shuffle(joined)
        rng.shuffle(near)
        k = min(len(joined), args.per_desk * 4 // 5)
        chosen += [(d, "joined", x) for x in joined[:k]] + [(d, "near", x) for x in near[:args.per_desk - k]]
        print(f"{d}: joined {len(joined)} near {len(near)}", file=sys.stderr)
    rng.shuffle(chosen)
    pairs = [{"pair": f"q{k:04d}", "a": a, "b": b, "desk": d, "stratum": s, "p": round(prob, 4)}
             for k, (d, s, (a, b, prob)) in enumerate(chosen)]
    out.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in pairs), encoding="utf-8")
    sheets = write_sheets(Path(args.sheets), pairs, by_id, args.readers, args.shared)
    print(f"{len(pairs)} pairs -> {out}; sheets in {sheets}", file=sys.stderr)


if __name__ == "__main__":
    main()
