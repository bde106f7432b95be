"""Load and runaway benchmarks for `tomtat serve`, run against the server as users start it.

Two scenarios, each on a fresh `python -m tomtat serve --port P` on 127.0.0.1:

- load: N concurrent clients × M requests of real AbMuSu validation clusters, for each `--workers`
  count given (throughput, latency percentiles, errors);
- runaway (issue 13, defect 2): `--timeout 5`, then waves of 3 parallel POSTs of about 1.6 M characters
  without sentence punctuation. Every reply should be a 503; what matters is what the server does
  afterwards, so the whole process tree (server + worker processes) is sampled once a second from
  /proc: CPU %, RSS, threads, processes.

    python benchmarks/serve_load.py [--workers 1 2] [--clients 8] [--requests 50] [--only load|runaway]
                                    [--label NAME]

Results go to benchmarks/results/serve_load.{md,json}; a run updates only the sections it measured
(so a `--label before` runaway run made with an older checkout on PYTHONPATH stays beside the new one).
Data is read from $TOMTAT_DATA/abmusu/validation.jsonl (default ../shared/data), never copied here.
"""
from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import platform
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import numpy as np

from tomtat import __version__
from tomtat.io.readers import iter_jsonl

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
DEFAULT_DATA = Path(os.environ.get("TOMTAT_DATA", ROOT.parent / "shared" / "data")) / "abmusu" / "validation.jsonl"
TICK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")
# Composed for this benchmark: ordinary syllables, no sentence punctuation anywhere.
RUNAWAY_WORDS = "người dân thành phố đi làm bằng xe buýt điện mỗi sáng và chiều tối trên tuyến ven biển "


def payloads(path: Path, max_words: int) -> list[dict]:
    """One API request body per usable validation cluster (raw_text + title, as a client would send)."""
    bodies = []
    for row in iter_jsonl(str(path)):
        singles = (row.data or {}).get("single_documents") or []
        docs = [{"text": d["raw_text"], "title": d.get("title") or ""} for d in singles
                if isinstance(d, dict) and isinstance(d.get("raw_text"), str) and d["raw_text"].strip()]
        if docs:
            bodies.append({"documents": docs, "max_words": max_words})
    if not bodies:
        raise SystemExit(f"{path}: no usable cluster")
    return bodies


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, *flags: str, src: str | None = None) -> subprocess.Popen:
    """`python -m tomtat serve`; `src` puts another checkout's src/ first on PYTHONPATH (older code)."""
    cmd = [sys.executable, "-m", "tomtat", "serve", "--port", str(port), "--log-level", "warning", *flags]
    env = dict(os.environ, PYTHONPATH=src) if src else None
    proc = subprocess.Popen(cmd, env=env)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited with code {proc.returncode}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return proc
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    proc.terminate()
    raise SystemExit("server did not answer /healthz within 120 s")


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:  # the thread-based server cannot stop while runaway threads run
        proc.kill()
        proc.wait(timeout=30)


# ---------------------------------------------------------------- load


async def client(http: httpx.AsyncClient, bodies: list[dict], first: int, n: int,
                 latencies: list[float], errors: list[str]) -> None:
    for i in range(n):
        body = bodies[(first + i) % len(bodies)]
        t0 = time.perf_counter()
        try:
            r = await http.post("/v1/summarize", json=body)
            ok = r.status_code == 200 and "summary" in r.json()
            if not ok:
                errors.append(f"{r.status_code}: {r.text[:200]}")
        except httpx.HTTPError as err:
            errors.append(f"{type(err).__name__}: {err}")
        latencies.append(time.perf_counter() - t0)


async def load(base: str, bodies: list[dict], clients: int, requests: int) -> dict:
    latencies: list[float] = []
    errors: list[str] = []
    limits = httpx.Limits(max_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=120, limits=limits) as http:
        t0 = time.perf_counter()
        await asyncio.gather(*(client(http, bodies, c * requests, requests, latencies, errors)
                               for c in range(clients)))
        wall = time.perf_counter() - t0
    ms = np.array(latencies) * 1000
    return {"requests": len(latencies), "errors": len(errors), "error_samples": errors[:5],
            "seconds": round(wall, 2), "requests_per_second": round(len(latencies) / wall, 2),
            "latency_ms": {q: round(float(np.percentile(ms, p)), 1) for q, p in
                           (("p50", 50), ("p90", 90), ("p99", 99), ("max", 100))}}


def tree_cpu_seconds(pid: int) -> float:
    return sum(ticks for ticks, _, _ in snapshot(pid).values()) / TICK


def run_load(args, bodies: list[dict]) -> list[dict]:
    """One fresh server per run: `--before-src` (older code, its own defaults), then each --workers; the
    whole set is repeated `--repeat` times, interleaved, so that a burst of other jobs on the shared
    machine hits every configuration alike. Besides wall-clock figures, the CPU time the server's
    process tree spent per request is measured: it depends much less on what else the machine runs."""
    runs = []
    rows = ([("before", [], args.before_src)] if args.before_src else []) + \
           [(workers, ["--workers", str(workers)], None) for workers in args.workers]
    for repeat in range(args.repeat):
        for workers, flags, src in rows:
            port = free_port()
            load_before = os.getloadavg()[0]
            server = start_server(port, *flags, src=src)
            try:
                cpu0 = tree_cpu_seconds(server.pid)
                result = asyncio.run(load(f"http://127.0.0.1:{port}", bodies, args.clients, args.requests))
                cpu = tree_cpu_seconds(server.pid) - cpu0
            finally:
                stop_server(server)
            result.update({"workers": workers, "repeat": repeat + 1, "load_average_before": round(load_before, 2),
                           "cpu_ms_per_request": round(1000 * cpu / result["requests"], 1),
                           "code": (args.before_label or src) if src else "this checkout"})
            print(json.dumps({k: result[k] for k in ("workers", "repeat", "requests", "errors", "requests_per_second",
                                                     "cpu_ms_per_request", "latency_ms")}))
            runs.append(result)
    return runs


def medians(runs: list[dict]) -> list[dict]:
    """Per configuration: the median over repeats of throughput, CPU per request and p50 latency."""
    out = []
    for workers in dict.fromkeys(r["workers"] for r in runs):
        mine = [r for r in runs if r["workers"] == workers]
        out.append({"workers": workers, "code": mine[0]["code"], "runs": len(mine),
                    "requests_per_second": round(float(np.median([r["requests_per_second"] for r in mine])), 2),
                    "cpu_ms_per_request": round(float(np.median([r["cpu_ms_per_request"] for r in mine])), 1),
                    "p50_ms": round(float(np.median([r["latency_ms"]["p50"] for r in mine])), 1),
                    "errors": sum(r["errors"] for r in mine)})
    return out


# ---------------------------------------------------------------- runaway


def process_tree(pid: int) -> list[int]:
    """The server and all its descendants, from /proc/PID/task/*/children."""
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo.extend(int(c) for c in f.read().split())
        except OSError:
            continue
    return found


def read_process(pid: int) -> tuple[int, int, int] | None:
    """(CPU ticks used so far, RSS bytes, threads) of one process, or None if it has gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        with open(f"/proc/{pid}/statm") as f:
            rss_pages = int(f.read().split()[1])
    except (OSError, IndexError, ValueError):
        return None
    # after "(comm)": state=0 … utime=11 stime=12 … num_threads=17
    return int(fields[11]) + int(fields[12]), rss_pages * PAGE, int(fields[17])


def snapshot(pid: int) -> dict[int, tuple[int, int, int]]:
    return {p: info for p in process_tree(pid) if (info := read_process(p)) is not None}


class Sampler:
    """Samples the server's process tree once a second in a background asyncio task."""

    def __init__(self, pid: int) -> None:
        self.pid, self.samples, self.t0 = pid, [], time.monotonic()

    def sample(self, previous: tuple[float, dict] | None) -> tuple[float, dict]:
        now, snap = time.monotonic(), snapshot(self.pid)
        if previous is not None:
            t_prev, snap_prev = previous
            ticks = sum(snap[p][0] - snap_prev[p][0] for p in snap if p in snap_prev)
            self.samples.append({
                "t": round(now - self.t0, 1),
                "cpu_percent": round(100 * ticks / TICK / (now - t_prev), 1),
                "rss_mb": round(sum(v[1] for v in snap.values()) / 2**20, 1),
                "threads": sum(v[2] for v in snap.values()),
                "processes": len(snap)})
        return now, snap

    async def run(self) -> None:
        previous = self.sample(None)
        while True:
            await asyncio.sleep(1.0)
            previous = self.sample(previous)

    def at(self, t: float) -> dict:
        """The first sample taken at or after time t (seconds since the sampler started)."""
        return next((s for s in self.samples if s["t"] >= t), self.samples[-1])


async def runaway(base: str, pid: int, waves: int, observe: float, chars: int) -> dict:
    text = (RUNAWAY_WORDS * (chars // len(RUNAWAY_WORDS) + 1))[:chars]
    body = json.dumps({"documents": [{"text": text}]}, ensure_ascii=False).encode()
    sampler = Sampler(pid)
    task = asyncio.create_task(sampler.run())
    await asyncio.sleep(3.0)
    idle = sampler.samples[-1]
    replies = []
    async with httpx.AsyncClient(base_url=base, timeout=600) as http:
        for wave in range(waves):
            t0 = time.perf_counter()
            got = await asyncio.gather(*(http.post("/v1/summarize", content=body,
                                                   headers={"content-type": "application/json"})
                                         for _ in range(3)))
            replies.append({"wave": wave + 1, "statuses": [r.status_code for r in got],
                            "seconds": round(time.perf_counter() - t0, 1)})
            print(json.dumps(replies[-1]))
        end = time.monotonic() - sampler.t0
        await asyncio.sleep(observe)
        health = await http.get("/healthz")
    task.cancel()
    after = {f"+{int(d)} s": sampler.at(end + d) for d in (0, 5, 10, 20, observe) if d <= observe}
    return {"request_chars": chars, "request_bytes": len(body), "waves": replies, "idle_before": idle,
            "after_last_reply": after, "healthz_after": health.status_code,
            "peak_rss_mb": max(s["rss_mb"] for s in sampler.samples), "samples": sampler.samples}


def run_runaway(args) -> dict:
    port = free_port()
    load_before = os.getloadavg()[0]
    flags = ["--timeout", "5"] + (["--workers", str(args.runaway_workers)] if args.runaway_workers else [])
    server = start_server(port, *flags)
    try:
        result = asyncio.run(runaway(f"http://127.0.0.1:{port}", server.pid, args.waves, args.observe, args.chars))
    finally:
        stop_server(server)
    result.update({"server_flags": " ".join(flags), "load_average_before": round(load_before, 2)})
    return result


# ---------------------------------------------------------------- report


def write(result: dict) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "serve_load.json").write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    lines = ["# `tomtat serve` benchmarks", "",
             f"Machine: {result['machine']} — **shared with other jobs** (about 8 agents on 2 cores), so the "
             "figures are noisy and lower than on an idle machine; the load average before each run is given.", ""]
    load_runs = result.get("load") or []
    if load_runs:
        info = result["load_info"]
        lines += ["## Throughput by `--workers`", "",
                  f"Command: `{info['command']}` ({info['date']}, tomtat {info['version']})  ",
                  f"{info['clients']} concurrent clients × {info['requests_per_client']} requests = "
                  f"{info['clients'] * info['requests_per_client']} POST /v1/summarize (JSON, max_words={info['max_words']}), "
                  f"cycling through {info['clusters']} AbMuSu validation clusters (mean {info['mean_documents']} articles, "
                  f"{info['mean_request_kb']} KB per request); one fresh server per run; runs of the configurations interleaved, {info.get('repeat', 1)} times.", "",
                  "Median over the repeats:", "",
                  "| workers | code | runs | throughput | server CPU per request | p50 latency | errors |",
                  "| ---: | --- | ---: | ---: | ---: | ---: | ---: |"]
        for m in medians(load_runs):
            lines.append(f"| {m['workers']} | {m['code']} | {m['runs']} | {m['requests_per_second']} req/s "
                         f"| {m['cpu_ms_per_request']} ms | {m['p50_ms']} ms | {m['errors']} |")
        ceilings = [f"{m['workers']} worker{'s' if m['workers'] > 1 else ''}: "
                    f"{min(m['workers'], os.cpu_count() or 1) * 1000 / m['cpu_ms_per_request']:.0f} req/s"
                    for m in medians(load_runs) if isinstance(m["workers"], int) and m["cpu_ms_per_request"]]
        lines += ["", "Wall-clock throughput here is bound by the share of the 2 cores that the other jobs leave "
                  "(see the load averages), so it says little about the configurations themselves. The CPU time the "
                  "server's processes spend per request (measured from /proc) is what the process pool costs. "
                  "On an otherwise idle machine, it puts the ceilings, min(workers, CPUs) / CPU per request, "
                  "at " + "; ".join(ceilings) + " (computed from the medians above, not measured there)."]
        lines += ["", "Every run, in the order made:", "",
                  "| workers | run | load avg before | requests | errors | wall time | throughput | CPU/request | p50 | p90 | p99 | max |",
                  "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
        for r in load_runs:
            lat = r["latency_ms"]
            lines.append(f"| {r['workers']} | {r['repeat']} | {r['load_average_before']} | {r['requests']} | {r['errors']} "
                         f"| {r['seconds']} s | {r['requests_per_second']} req/s | {r['cpu_ms_per_request']} ms "
                         f"| {lat['p50']} ms | {lat['p90']} ms | {lat['p99']} ms | {lat['max']} ms |")
        lines.append("")
    for label, r in (result.get("runaway") or {}).items():
        lines += [f"## Timed-out requests ({label})", "",
                  f"Command: `{r['command']}` ({r['date']}, code: {r['code']})  ",
                  f"Server: `tomtat serve {r['server_flags']}`; {len(r['waves'])} waves of 3 parallel POSTs of "
                  f"{r['request_chars']:,} characters without sentence punctuation ({r['request_bytes'] / 2**20:.1f} MB); "
                  f"load average before: {r['load_average_before']}.", "",
                  "Replies: " + "; ".join(f"wave {w['wave']}: {w['statuses']} in {w['seconds']} s" for w in r["waves"])
                  + f"; /healthz afterwards: {r['healthz_after']}.", "",
                  "Server process tree (server, and with worker processes also the forkserver, multiprocessing's "
                  "resource tracker and the workers), sampled from /proc once a second; RSS is summed over the "
                  "processes, so memory that forked workers share with the forkserver is counted once per process:", "",
                  "| when | CPU % | RSS | threads | processes |", "| --- | ---: | ---: | ---: | ---: |"]
        rows = [("idle, before the first request", r["idle_before"])] + \
               [(f"{k} after the last 503", s) for k, s in r["after_last_reply"].items()]
        for when, s in rows:
            lines.append(f"| {when} | {s['cpu_percent']} | {s['rss_mb']:,.0f} MB | {s['threads']} | {s['processes']} |")
        lines += ["", f"Peak RSS during the run: {r['peak_rss_mb']:,.0f} MB.", ""]
    (RESULTS / "serve_load.md").write_text("\n".join(lines), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="AbMuSu validation.jsonl")
    parser.add_argument("--only", choices=["load", "runaway"], help="run one scenario (default: both)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="load: worker counts to compare")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=50, help="requests per client")
    parser.add_argument("--max-words", type=int, default=200)
    parser.add_argument("--before-src", help="load: also measure the server of another checkout's src/ "
                                               "(e.g. the code before worker processes), with its own defaults")
    parser.add_argument("--repeat", type=int, default=3, help="load: runs of each configuration, interleaved")
    parser.add_argument("--before-label", help="load: what --before-src is, for the table")
    parser.add_argument("--label", default="after", help="runaway: name of this run in the results")
    parser.add_argument("--runaway-workers", type=int, default=0,
                        help="runaway: --workers for the server (0: do not pass the flag, e.g. for old code)")
    parser.add_argument("--waves", type=int, default=3)
    parser.add_argument("--observe", type=float, default=30.0, help="runaway: seconds watched after the last reply")
    parser.add_argument("--chars", type=int, default=1_600_000, help="runaway: characters per request")
    args = parser.parse_args()

    path = RESULTS / "serve_load.json"
    previous = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    result = {"machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, "
                         f"Python {platform.python_version()}",
              "load": previous.get("load"), "load_info": previous.get("load_info"),
              "runaway": previous.get("runaway") or {}}
    command = " ".join(["python benchmarks/serve_load.py", *sys.argv[1:]])
    if args.only != "runaway":
        bodies = payloads(args.data, args.max_words)
        result["load"] = run_load(args, bodies)
        result["load_info"] = {
            "command": command, "date": dt.date.today().isoformat(), "version": __version__,
            "clients": args.clients, "requests_per_client": args.requests, "max_words": args.max_words,
            "repeat": args.repeat,
            "clusters": len(bodies), "mean_documents": round(float(np.mean([len(b["documents"]) for b in bodies])), 1),
            "mean_request_kb": round(float(np.mean([len(json.dumps(b).encode()) for b in bodies])) / 1024, 1)}
    if args.only != "load":
        import tomtat
        r = run_runaway(args)
        r.update({"command": command, "date": dt.date.today().isoformat(), "code": str(Path(tomtat.__file__).parent)})
        result["runaway"][args.label] = r
    write(result)


if __name__ == "__main__":
    main()
