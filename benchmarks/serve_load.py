"""Load benchmark for `tomtat serve`: N concurrent clients × M requests of real validation clusters.

Starts the server as users do (`tomtat serve --port P` on 127.0.0.1), waits for /healthz, then
measures throughput, latency percentiles and errors; writes benchmarks/results/serve_load.{md,json}.

    python benchmarks/serve_load.py [--data PATH/validation.jsonl] [--clients 8] [--requests 50]

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


def start_server(port: int) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "tomtat", "serve", "--port", str(port), "--log-level", "warning"]
    proc = subprocess.Popen(cmd)
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


def write(result: dict) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "serve_load.json").write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    lat = result["latency_ms"]
    lines = [
        "# `tomtat serve` load benchmark", "",
        f"Command: `{result['command']}`  ",
        f"Date: {result['date']} · tomtat {result['version']} · {result['machine']}", "",
        f"{result['clients']} concurrent clients × {result['requests_per_client']} requests = {result['requests']} "
        f"POST /v1/summarize (JSON, max_words={result['max_words']}), cycling through {result['clusters']} "
        f"AbMuSu validation clusters (mean {result['mean_documents']} articles, "
        f"{result['mean_request_kb']} KB per request); server: default settings (summaries in worker threads).",
        f"1-minute load average just before the run: {result['load_average_before']} "
        "(other jobs sharing the machine slow the figures down).", "",
        "| requests | errors | wall time | throughput | p50 | p90 | p99 | max |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| {result['requests']} | {result['errors']} | {result['seconds']} s | {result['requests_per_second']} req/s "
        f"| {lat['p50']} ms | {lat['p90']} ms | {lat['p99']} ms | {lat['max']} ms |", "",
    ]
    (RESULTS / "serve_load.md").write_text("\n".join(lines), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="AbMuSu validation.jsonl")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=50, help="requests per client")
    parser.add_argument("--max-words", type=int, default=200)
    args = parser.parse_args()

    bodies = payloads(args.data, args.max_words)
    load_before = os.getloadavg()[0]
    port = free_port()
    server = start_server(port)
    try:
        result = asyncio.run(load(f"http://127.0.0.1:{port}", bodies, args.clients, args.requests))
    finally:
        server.terminate()
        server.wait(timeout=30)
    result.update({
        "command": " ".join(["python benchmarks/serve_load.py", *sys.argv[1:]]),
        "date": dt.date.today().isoformat(), "version": __version__,
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}",
        "load_average_before": round(load_before, 2),
        "clients": args.clients, "requests_per_client": args.requests, "max_words": args.max_words,
        "clusters": len(bodies), "mean_documents": round(float(np.mean([len(b["documents"]) for b in bodies])), 1),
        "mean_request_kb": round(float(np.mean([len(json.dumps(b).encode()) for b in bodies])) / 1024, 1),
    })
    write(result)
    print(json.dumps({k: result[k] for k in ("requests", "errors", "requests_per_second", "latency_ms")}))


if __name__ == "__main__":
    main()
