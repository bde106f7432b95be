"""Near copies through story clustering: N lightly edited copies of one VietNews article must be one event.

    python benchmarks/cluster_copies.py [--data DIR] [--sizes 1000,10000,30000] [--kinds edits,headlines]

Each copy of the first VietNews train article (title, sapo, body as one text) gets a few edits, drawn with a
fixed seed: `edits` changes one word of the body, adds a photo caption line to half of the copies and a byline
line ("Thu Hà (Dân trí)") to every copy; `headlines` does the same and also gives each copy one of 32 headline
variants (one headline word changed), the case where copies of one variant fill each other's neighbour lists
(issue 16: 10,000 near copies came out as 32 events). Each run is a fresh process timing `cluster_articles`
(the code `tomtat cluster` runs, --workers 2): wall seconds, CPU seconds (process and reaped workers), peak
memory of the process tree (psutil), and the events and threads found.

Data is read from --data, $TOMTAT_DATA or ../shared/data (never copied). Results go to
benchmarks/results/cluster_copies.{md,json}.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"

CHILD = r"""
import itertools, json, lzma, random, resource, sys, threading, time
import psutil
sys.path.insert(0, sys.argv[1])
from tomtat.stories import cluster as C
from tomtat.stories.feed import Article

path, n, kind = sys.argv[2], int(sys.argv[3]), sys.argv[4]
peak = [0]
def watch():
    me = psutil.Process()
    while True:
        try:
            peak[0] = max(peak[0], me.memory_info().rss + sum(c.memory_info().rss for c in me.children(recursive=True)))
        except psutil.Error:
            pass
        time.sleep(0.2)
threading.Thread(target=watch, daemon=True).start()
with lzma.open(path, "rt", encoding="utf-8") as fh:
    a = json.loads(next(fh))
AUTHORS = ["Minh Anh", "Thu Hà", "Quốc Tuấn", "Ngọc Lan", "Văn Hùng", "Hải Yến", "Đức Long", "Phương Thảo"]
OUTLETS = ["VnExpress", "Tuổi Trẻ", "Dân trí", "Lao Động", "Thanh Niên", "VTC News", "Người Lao Động", "Zing"]
lines = [a["title"], a["summary"]] + a["text"].split("\n")
words = sorted({w for line in lines for w in line.split() if w.isalpha()})
rng = random.Random(0)
arts = []
for k in range(n):
    copy = list(lines)
    i = rng.randrange(2, len(copy))
    ws = copy[i].split()
    ws[rng.randrange(len(ws))] = rng.choice(words)
    copy[i] = " ".join(ws)
    if rng.random() < 0.5:
        copy.insert(rng.randrange(3, len(copy) + 1), f"Ảnh: {rng.choice(AUTHORS)} {rng.randint(1, 99)}")
    copy.append(f"{rng.choice(AUTHORS)} ({rng.choice(OUTLETS)})")
    if kind == "headlines":
        ws, v = copy[0].split(), k % 32
        ws[v % len(ws)] = words[(7 * v) % len(words)]
        copy[0] = " ".join(ws)
    arts.append(Article(text="\n".join(copy), source=f"copies:{k + 1}"))
t0 = time.perf_counter()
stories = C.cluster_articles(arts, workers=2)
seconds = time.perf_counter() - t0
print(json.dumps({"kind": kind, "n": n, "distinct_texts": len(set(x.text for x in arts)), "events": len(stories),
                  "largest_event": max(s.size for s in stories), "threads": len({s.thread for s in stories}),
                  "seconds": round(seconds, 1),
                  "cpu_s": round(sum(getattr(resource.getrusage(w), f) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
                                     for f in ("ru_utime", "ru_stime")), 1),
                  "peak_tree_mb": round(peak[0] / 2**20)}))
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data")
    ap.add_argument("--sizes", default="1000,10000,30000")
    ap.add_argument("--kinds", default="edits,headlines")
    ap.add_argument("--code", default="working tree", help="what code ran (e.g. a commit)")
    ap.add_argument("--note", action="append", default=[])
    args = ap.parse_args()
    data = Path(args.data or os.environ.get("TOMTAT_DATA") or ROOT.parent / "shared" / "data")
    report = {"command": "python benchmarks/cluster_copies.py " + " ".join(a for a in sys.argv[1:]),
              "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}",
              "date": time.strftime("%Y-%m-%d %H:%M"), "code": args.code,
              "load": [round(x, 1) for x in os.getloadavg()], "runs": [], "notes": args.note}
    for kind in args.kinds.split(","):
        for n in args.sizes.split(","):
            p = subprocess.run([sys.executable, "-c", CHILD, str(ROOT / "src"), str(data / "vietnews" / "train.jsonl.xz"),
                                n, kind], capture_output=True, text=True)
            if p.returncode != 0:
                raise SystemExit(f"{kind} {n} failed:\n{p.stderr[-2000:]}")
            report["runs"].append(json.loads(p.stdout.strip().splitlines()[-1]))
            print(json.dumps(report["runs"][-1]), flush=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "cluster_copies.json").write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    lines = ["# Near copies through story clustering", "",
             f"`{report['command'].strip()}` on {report['machine']}, {report['date']}, code {report['code']}; load "
             f"average at start {report['load']} (a shared machine: wall times are upper bounds).", "",
             "| copies | edits | distinct texts | events | largest event | threads | wall s | CPU s | peak memory, process tree (MB) |",
             "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in report["runs"]:
        edits = "word, caption, byline" + (", 1 of 32 headlines" if r["kind"] == "headlines" else "")
        lines.append(f"| {r['n']:,} | {edits} | {r['distinct_texts']:,} | **{r['events']}** | {r['largest_event']:,} | "
                     f"{r['threads']} | {r['seconds']} | {r['cpu_s']} | {r['peak_tree_mb']:,} |")
    if report["notes"]:
        lines += ["", *[f"- {n}" for n in report["notes"]]]
    (RESULTS / "cluster_copies.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
