"""Story-clustering cost on VietNews: 1,000 / 10,000 / 100,000 articles, and engines.

    python benchmarks/cluster_scale.py [--data DIR] [--sizes 1000,10000,100000] [--engines-at 10000]

Each run is a fresh process that reads the first N VietNews articles (one text each: title, sapo, body),
then times tomtat's clustering (the stages of `cluster.group`, the code `tomtat cluster` runs: represent,
candidate pairs and their features, events under the hard rules, threads and naming), and reports its peak memory (ru_maxrss of that process; the child processes of --workers 2 and
Dask are measured with psutil over the process tree). The growth exponent is fitted by least squares on
log(time) ~ log(articles). At --engines-at N, --workers 2 and Dask LocalCluster (2 workers) run against
--workers 1, and their partitions must be identical.

Data is read from --data, $TOMTAT_DATA or ../shared/data (never copied). Results go to
benchmarks/results/cluster_scale.{md,json}.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"

CHILD = r"""
import hashlib, json, lzma, resource, sys, threading, time
import psutil
sys.path.insert(0, sys.argv[1])
from tomtat.stories import cluster as C
from tomtat.stories.feed import Article

path, n, workers, engine = sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
peak = [0]
def watch():
    me = psutil.Process()
    while True:
        try:
            rss = me.memory_info().rss + sum(c.memory_info().rss for c in me.children(recursive=True))
            peak[0] = max(peak[0], rss)
        except psutil.Error:
            pass
        time.sleep(0.2)
threading.Thread(target=watch, daemon=True).start()
t0 = time.perf_counter()
arts = []
with lzma.open(path, "rt", encoding="utf-8") as fh:
    for k, line in enumerate(fh, 1):
        if len(arts) >= n:
            break
        r = json.loads(line)
        text = "\n".join(p.strip() for p in (r["title"], r["summary"], r["text"]) if p and p.strip())
        arts.append(Article(text=text, source=f"vietnews:{k}"))
t1 = time.perf_counter()
feed = C.represent_feed(arts, workers=workers, engine=engine)
t2 = time.perf_counter()
rows, cols, features, same = C.scored_pairs(feed, threads=workers)   # candidates and their pair features
t3 = time.perf_counter()
veto = C.GroupVeto(feed.signals, [a.date for a in feed.articles], None)   # as C.group does
events = C.link(feed.x.shape[0], rows, cols, features, C.DEFAULT_THRESHOLD, same=same, x=feed.x, veto=veto)
t4 = time.perf_counter()
strands = C.link_threads(events, rows, cols, features, feed.signals)
stories = C.build_stories(feed.articles, feed.titles, feed.x, events, strands)
t5 = time.perf_counter()
partition = sorted(sorted(a.source for a in s.articles) for s in stories)
threads = sorted(sorted(a.source for s in t for a in s.articles) for t in C.threads_of(stories))
print(json.dumps({"n": len(arts), "workers": workers, "engine": engine, "read_s": t1 - t0,
                  "represent_s": t2 - t1, "candidates_s": t3 - t2, "linkage_s": t4 - t3, "threads_s": t5 - t4,
                  "cluster_s": t5 - t1, "pairs_scored": int(len(rows)), "stories": len(stories),
                  "threads": len(threads), "threads_sha1": hashlib.sha1(json.dumps(threads).encode()).hexdigest(),
                  "multi_article_stories": sum(1 for s in stories if s.size > 1),
                  "nnz": int(feed.x.nnz), "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "peak_tree_mb": peak[0] / 2**20,
                  "cpu_s": sum(getattr(resource.getrusage(w), f) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
                               for f in ("ru_utime", "ru_stime")),
                  "partition_sha1": hashlib.sha1(json.dumps(partition).encode()).hexdigest()}))
"""


def data_dir(arg: str | None) -> Path:
    return Path(arg or os.environ.get("TOMTAT_DATA") or ROOT.parent / "shared" / "data")


def run(data: Path, n: int, workers: int = 1, engine: str = "local") -> dict:
    p = subprocess.run([sys.executable, "-c", CHILD, str(ROOT / "src"), str(data / "vietnews" / "train.jsonl.xz"),
                        str(n), str(workers), engine], capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit(f"run n={n} workers={workers} engine={engine} failed:\n{p.stderr[-2000:]}")
    out = json.loads(p.stdout.strip().splitlines()[-1])
    print(json.dumps(out), flush=True)
    return out


def exponent(points: list[dict], key: str = "cluster_s") -> float:
    xs = [math.log(p["n"]) for p in points]
    ys = [math.log(p[key]) for p in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data")
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--engines-at", type=int, default=10000)
    ap.add_argument("--sizes-workers", type=int, default=2, help="--workers for the size runs")
    ap.add_argument("--note", default="", help="a sentence added under the title (e.g. the load during the runs)")
    ap.add_argument("--report-from", metavar="LOG",
                    help="write the report from the JSON lines an earlier (possibly stopped) run printed")
    args = ap.parse_args()
    data = data_dir(args.data)
    load = os.getloadavg()
    stamp = time.strftime("%Y-%m-%d %H:%M")
    if args.report_from:
        done = [json.loads(line) for line in open(args.report_from, encoding="utf-8") if line.startswith("{")]
        engines, sizes = done[:3], done[3:]
        stamp += f"; report written from the runs logged in {Path(args.report_from).name}"
    else:
        engines = [run(data, args.engines_at, 1), run(data, args.engines_at, 2), run(data, args.engines_at, 2, "dask")]
        sizes = [run(data, int(n), args.sizes_workers) for n in args.sizes.split(",")]
    fit = exponent(sizes)
    fit_cpu = exponent(sizes, "cpu_s")
    last = exponent(sizes[-2:]) if len(sizes) >= 2 else float("nan")
    last_cpu = exponent(sizes[-2:], "cpu_s") if len(sizes) >= 2 else float("nan")
    same = len({e["partition_sha1"] for e in engines}) == 1
    shown = [a for a in sys.argv[1:] if a != args.note and a != "--note"]
    result = {"command": "python benchmarks/cluster_scale.py " + " ".join(shown),
              "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}",
              "started": stamp, "load_average_at_start": [round(x, 2) for x in load], "sizes": sizes,
              "exponent": round(fit, 3), "exponent_cpu": round(fit_cpu, 3), "exponent_last_two": round(last, 3),
              "exponent_last_two_cpu": round(last_cpu, 3), "engines": engines, "engines_same_partition": same}
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "cluster_scale.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    lines = ["# Story clustering scale", "",
             f"`{result['command'].strip()}` on {result['machine']} ({stamp}; load average "
             f"{'when the report was written' if args.report_from else 'at start'} "
             f"{result['load_average_at_start']}). The machine is shared with other agents' jobs: times are "
             "upper bounds; the 100,000-article point was run once." + (f" {args.note}" if args.note else ""), "",
             f"## VietNews articles, --workers {args.sizes_workers} (clustering only; reading the xz file apart)", "",
             "| articles | represent (s) | candidates + pair features (s) | events (s) | threads + naming (s) | "
             "clustering total (s) | pairs scored | events | events with >1 article | threads | "
             "peak memory, process tree (MB) | reading (s) | CPU s (process + reaped children) |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for s in sizes:
        lines.append(f"| {s['n']:,} | {s['represent_s']:.1f} | {s['candidates_s']:.1f} | {s['linkage_s']:.1f} | "
                     f"{s.get('threads_s', 0.0):.1f} | **{s['cluster_s']:.1f}** | {s['pairs_scored']:,} | "
                     f"{s['stories']:,} | {s['multi_article_stories']:,} | {s.get('threads', 0):,} | "
                     f"{s['peak_tree_mb']:.0f} | {s['read_s']:.1f} | {s['cpu_s']:.0f} |")
    lines += ["", f"- fitted exponent (time ~ n^k over the sizes above): **k = {fit:.3f}** on wall time, "
              f"k = {fit_cpu:.3f} on CPU seconds; between the two largest sizes k = {last:.3f} (wall), "
              f"{last_cpu:.3f} (CPU). The smallest size is dominated by start-up (worker processes, imports), "
              "which flattens the fit.", "",
              f"## Engines at {args.engines_at:,} articles", "",
              "| run | clustering (s) | represent (s) | peak memory, process tree (MB) |", "| --- | --- | --- | --- |"]
    for e in engines:
        name = f"`--workers {e['workers']}`" if e["engine"] == "local" else f"`--engine dask --workers {e['workers']}`"
        lines.append(f"| {name} | {e['cluster_s']:.1f} | {e['represent_s']:.1f} | {e['peak_tree_mb']:.0f} |")
    w1, w2, dk = (e["cluster_s"] for e in engines)
    lines += ["", f"- speed-up --workers 1 → 2: **{w1 / w2:.2f}×**; Dask LocalCluster vs local --workers 2: "
              f"{(dk / w2 - 1) * 100:+.0f} % wall time (cluster start-up included)",
              f"- identical partitions across the three runs: **{same}**"]
    (RESULTS / "cluster_scale.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
