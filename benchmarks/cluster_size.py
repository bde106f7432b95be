"""Cost of one big cluster, end to end through `tomtat batch`: N distinct VietNews articles, and N copies.

    python benchmarks/cluster_size.py [--data DIR] [--sizes 1000,3000,10000] [--copies 1000,3000,10000]

Distinct: the first N articles of VietNews train (different stories, not wire copies: nothing for
duplicate removal to hide), title and abstract given as title and sapo. Copies: one VietNews article
N times (the republished-wire case). Each cluster is one JSONL row in a temporary file, summarized by
`python -m tomtat batch` in its own process: wall time, and peak memory as that process's ru_maxrss
(os.wait4). The growth exponent is the least-squares slope of log(cost) on log(N).
Data is read from --data, $TOMTAT_DATA or ../shared/data and streamed with lzma (never copied here).
Writes benchmarks/results/cluster_size.{md,json}.
"""
from __future__ import annotations

import argparse
import itertools
import json
import lzma
import math
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"


def vietnews_articles(path: Path, n: int) -> list[dict]:
    """The first n articles as AbMuSu single_documents (raw_text, title, anchor_text = the abstract)."""
    out = []
    with lzma.open(path, "rt", encoding="utf-8") as fh:
        for line in itertools.islice(fh, n):
            a = json.loads(line)
            out.append({"raw_text": a["text"], "title": a["title"], "anchor_text": a["summary"]})
    if len(out) < n:
        raise SystemExit(f"cluster_size: {path} has only {len(out)} articles")
    return out


def run_batch(docs: list[dict], cluster_id: str, tmp: Path) -> dict:
    """`tomtat batch` on a one-row file: wall seconds, peak RSS of that process, summary length."""
    src, out = tmp / f"{cluster_id}.jsonl", tmp / f"{cluster_id}.out.jsonl"
    src.write_text(json.dumps({"id": cluster_id, "single_documents": docs}, ensure_ascii=False) + "\n",
                   encoding="utf-8")
    cmd = [sys.executable, "-m", "tomtat", "batch", str(src), "-o", str(out), "--quiet", "--workers", "1"]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({code}): {err[-400:]}")
    row = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    src.unlink()
    out.unlink()
    return {"articles": len(docs), "input_mb": round(sum(len(d["raw_text"].encode()) for d in docs) / 2**20, 1),
            "seconds": round(seconds, 1), "peak_rss_mb": round(usage.ru_maxrss / 1024),
            "cpu_s": round(usage.ru_utime + usage.ru_stime, 1),
            "summary_words": len(str(row.get("summary", "")).split()), "error": row.get("error")}


def exponent(xs: list[float], ys: list[float]) -> float | None:
    """Least-squares slope of log y on log x."""
    if len(xs) < 2:
        return None
    lx, ly = [math.log(x) for x in xs], [math.log(y) for y in ys]
    mx, my = sum(lx) / len(lx), sum(ly) / len(ly)
    return round(sum((a - mx) * (b - my) for a, b in zip(lx, ly)) / sum((a - mx) ** 2 for a in lx), 2)


def fits(runs: list[dict]) -> dict:
    xs = [r["articles"] for r in runs]
    return {"time": exponent(xs, [r["seconds"] for r in runs]),
            "cpu": exponent(xs, [r["cpu_s"] for r in runs]),
            "memory": exponent(xs, [r["peak_rss_mb"] for r in runs])}


def markdown(report: dict) -> str:
    out = ["# One big cluster: N distinct articles, and N copies", "",
           f"`{report['command']}` on {report['machine']}, {report['date']}, code {report['code']}. "
           f"Load average at start {report['load']}: **the machine was shared** with other jobs "
           "(2 cores, several agents), so times are inflated by an unknown factor; CPU seconds of the "
           "process are given beside wall time, and memory is unaffected.", ""]
    for kind, title in (("distinct", "N distinct VietNews articles (train, first N)"),
                        ("copies", "N copies of one VietNews article")):
        runs = report[kind]
        if not runs:
            continue
        out += [f"## {title}", "", "| articles | input MB | wall s | CPU s | peak RSS MB | summary words |",
                "| ---: | ---: | ---: | ---: | ---: | ---: |"]
        for r in runs:
            out.append(f"| {r['articles']:,} | {r['input_mb']} | {r['seconds']} | {r['cpu_s']} | "
                       f"{r['peak_rss_mb']:,} | {r['summary_words']} |")
        e = report["exponents"][kind]
        out += ["", f"Growth exponent (log-log least squares over these N): time {e['time']}, CPU {e['cpu']}, "
                    f"memory {e['memory']}.", ""]
    if report.get("notes"):
        out += ["## Notes", "", *[f"- {n}" for n in report["notes"]], ""]
    return "\n".join(out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", help="data folder (default $TOMTAT_DATA or ../shared/data)")
    ap.add_argument("--sizes", default="1000,3000,10000", help="distinct-article cluster sizes")
    ap.add_argument("--copies", default="1000,3000,10000", help="copy cluster sizes ('' for none)")
    ap.add_argument("--code", default="working tree", help="what code ran (e.g. a commit)")
    ap.add_argument("--note", action="append", default=[])
    ap.add_argument("--out", default=str(RESULTS / "cluster_size"))
    args = ap.parse_args()
    data = Path(args.data or os.environ.get("TOMTAT_DATA") or ROOT.parent / "shared" / "data")
    path = data / "vietnews" / "train.jsonl.xz"
    sizes = [int(x) for x in args.sizes.split(",") if x]
    copies = [int(x) for x in args.copies.split(",") if x]
    articles = vietnews_articles(path, max(sizes + [1]))
    report = {"command": "python benchmarks/cluster_size.py " + " ".join(sys.argv[1:]),
              "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}",
              "date": time.strftime("%Y-%m-%d %H:%M"), "code": args.code,
              "load": [round(x, 1) for x in os.getloadavg()], "distinct": [], "copies": [], "notes": args.note}
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            report["distinct"].append(run_batch(articles[:n], f"distinct{n}", Path(tmp)))
            print(report["distinct"][-1], file=sys.stderr)
        for n in copies:
            report["copies"].append(run_batch([articles[0]] * n, f"copies{n}", Path(tmp)))
            print(report["copies"][-1], file=sys.stderr)
    report["exponents"] = {k: fits(report[k]) for k in ("distinct", "copies") if report[k]}
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.with_suffix(".json").write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    out.with_suffix(".md").write_text(markdown(report), encoding="utf-8")
    print(markdown(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
