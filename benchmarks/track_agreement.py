"""The story store's agreement with one batch `tomtat cluster`, ingest only (no digests): the quick form of
benchmarks/track.py's agreement figure, for trying store changes (issue 18).

The same simulation as track.py (VietNews train articles grouped by one cluster run, each thread's articles
spread over consecutive days), ingested day by day into a fresh SQLite store, then compared with one batch run
over the same dated articles. Prints each day's ingest CPU seconds and stages, and the agreement; writes
benchmarks/results/<out>.json.

    python benchmarks/track_agreement.py --articles 20000 --days 4 [--batch-size 1000] [--keep DIR]
        [--postgres postgresql://USER:PASSWORD@HOST:PORT/DB]

With --postgres (a server's URL; a database is made there and dropped after), the same days also go into
PostgreSQL: its per-day ingest CPU and wall seconds, size and final events beside SQLite's ("Also report SQLite
against PostgreSQL on the same run", issue 18).
"""
from __future__ import annotations

import argparse
import json
import resource
import shutil
import tempfile
import time
from pathlib import Path

import track


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=20000)
    ap.add_argument("--days", type=int, default=4)
    ap.add_argument("--data")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--batch-size", type=int, help="new articles per transaction (default: tomtat's)")
    ap.add_argument("--keep", help="a folder to keep the store, the day files and the batch run in")
    ap.add_argument("--out", default="track_agreement")
    ap.add_argument("--postgres", help="postgresql:// URL of a server: the same days into PostgreSQL too")
    args = ap.parse_args()

    from tomtat.store import open_store
    from tomtat.store.ingest import BATCH_SIZE

    work = Path(tempfile.mkdtemp(prefix="tomtat-agreement-"))
    try:
        rows = track.read_vietnews(track.data_dir(args.data) / "vietnews" / "train.jsonl.xz", args.articles)
        _, files = track.day_feeds(work, rows, args.days, args.seed)
        db = str(work / "store.db")
        per_day = ingest_days(db, files, args.batch_size or BATCH_SIZE, "sqlite")
        store = open_store(db)
        stored = track.memberships(store)
        per_day[-1]["store_mb"] = round(track.store_size(store, db) / 2**20, 1)
        # the process's peak RSS so far (Linux: KiB): the SQLite days, and the simulation's input held in memory
        per_day[-1]["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        store.close()
        pg = None
        if args.postgres:
            url, name = track.postgres_database(args.postgres)
            try:
                pg_days = ingest_days(url, files, args.batch_size or BATCH_SIZE, "postgresql")
                store = open_store(url)
                pg_members = track.memberships(store)
                pg_days[-1]["store_mb"] = round(track.store_size(store, url) / 2**20, 1)
                store.close()
                pg = {"days": pg_days, "same_memberships": pg_members == stored,
                      "day_last_over_day2_cpu": (pg_days[-1]["ingest_cpu_s"] / pg_days[1]["ingest_cpu_s"]
                                                 if len(pg_days) > 1 else None)}
            finally:
                track.drop_database(args.postgres, name)
        batch = track.run_cluster(work / "all.jsonl", work / "batch.jsonl")
        events = {d["id"]: k for k, line in enumerate(batch["lines"]) for d in line["single_documents"]}
        threads = {d["id"]: line["thread"] for line in batch["lines"] for d in line["single_documents"]}
        result = {"command": "python benchmarks/track_agreement.py " + " ".join(
                      f"--{k.replace('_', '-')} {v}" for k, v in vars(args).items()
                      if v is not None and k not in ("keep", "postgres")) + (" --postgres URL" if args.postgres else ""),
                  "code": track._code_version(), "batch_size": args.batch_size or BATCH_SIZE, "days": per_day,
                  "day_last_over_day2_cpu": (per_day[-1]["ingest_cpu_s"] / per_day[1]["ingest_cpu_s"]
                                             if len(per_day) > 1 else None),
                  "agreement_events": track.agreement({k: v[0] for k, v in stored.items()}, events),
                  "agreement_threads": track.agreement({k: v[1] for k, v in stored.items()}, threads),
                  "postgresql": pg}
    finally:
        if args.keep:
            shutil.copytree(work, args.keep, dirs_exist_ok=True)
        shutil.rmtree(work, ignore_errors=True)
    track.RESULTS.mkdir(parents=True, exist_ok=True)
    (track.RESULTS / f"{args.out}.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    e, t = result["agreement_events"], result["agreement_threads"]
    print(f"events: pair agreement {e['pair_agreement']:.3f}, B-cubed F1 {e['bcubed_f1']:.3f}; "
          f"threads: pair agreement {t['pair_agreement']:.3f}, B-cubed F1 {t['bcubed_f1']:.3f}; "
          f"day {len(per_day)} / day 2 ingest CPU {result['day_last_over_day2_cpu']}")
    if pg:
        print(f"postgresql: same events and threads as sqlite: {pg['same_memberships']}; day {len(pg['days'])} / day 2 "
              f"ingest CPU {pg['day_last_over_day2_cpu']}; ingest CPU in all {sum(d['ingest_cpu_s'] for d in pg['days']):.1f} s "
              f"against {sum(d['ingest_cpu_s'] for d in per_day):.1f} s (wall {sum(d['ingest_wall_s'] for d in pg['days']):.1f} s "
              f"against {sum(d['ingest_wall_s'] for d in per_day):.1f} s; the server's own CPU is not counted)")


def ingest_days(db: str, files: list[Path], batch_size: int, label: str) -> list[dict]:
    """Ingest the day files one by one into `db` (a fresh store); per day: CPU and wall seconds, the stages."""
    from tomtat.feeds.sources import gather
    from tomtat.store import open_store
    from tomtat.store.ingest import ingest

    per_day = []
    for number, path in enumerate(files, 1):
        t0, w0 = time.process_time(), time.perf_counter()
        store = open_store(db)
        found = gather([str(path)], lambda message: None)
        report = ingest(store, found.articles, batch_size=batch_size)
        store.close()
        per_day.append({"day": number, "added": report.added, "ingest_cpu_s": round(time.process_time() - t0, 2),
                        "ingest_wall_s": round(time.perf_counter() - w0, 2), **report.work})
        print(json.dumps({"backend": label, **per_day[-1]}), flush=True)
    return per_day


if __name__ == "__main__":
    main()
