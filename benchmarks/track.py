"""Following the news day by day with the story store: 20 simulated days of VietNews (issue 18, Measure).

    python benchmarks/track.py [--articles 100000] [--days 20] [--data DIR] [--postgres URL] [--seed 0]

1. The first --articles VietNews train articles (title, sapo, body; the sapo is each article's lead) are grouped
   once with `tomtat cluster --level event` (no dates given): each thread of two or more articles arrives over
   2-7 consecutive days (as many as it has articles at most), its articles in order (event by event, corpus order
   within one); single articles fill the days evenly, so each day brings about articles/days new ones. Every
   article is dated its arrival day (2024-03-01 + day - 1).
2. Day by day, in this process: the day's JSONL is read and ingested into a SQLite store (the functions
   `tomtat ingest` runs: feeds.sources.gather, store.ingest.ingest), timed (wall, CPU of this process), then the
   day's digest is made and saved (store.digests.make_digest, `tomtat digest --store --day`). Store size and
   peak memory (RSS of this process, sampled every 0.2 s) are read after each day.
3. The update summaries of each day's digest (entries with update: true) are scored with tomtat.eval's
   Vietnamese ROUGE (syllables): ROUGE-2 precision against the earlier summaries of their thread (redundancy;
   lower is better) and ROUGE-2 recall against the leads (sapos) of the new articles they tell; beside them the
   same two figures for a plain `tomtat.summarize` of the same new articles at the same length.
4. At the end, one `tomtat cluster --level event` over all the dated articles; the store's event (and thread)
   partition is compared with it: pair agreement |pairs together in both| / |pairs together in either| and
   B-cubed F1, over the articles both hold.
5. With --postgres URL (or $TOMTAT_TEST_POSTGRES), the same days go into a fresh database on that server (dropped
   after): per-day times, database size, and whether its stats and memberships equal the SQLite store's.
6. Day --profile-day (default: the last) is ingested again under cProfile into a copy of the SQLite store as it
   was the day before; the functions with the most cumulative time go into the report.

Data is read from --data, $TOMTAT_DATA or ../shared/data (never copied here; the day files live in a temporary
folder, removed after). Results go to benchmarks/results/track.{md,json} (--out STEM: STEM.{md,json}).
"""
from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import json
import lzma
import math
import os
import platform
import pstats
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
START = dt.date(2024, 3, 1)


def data_dir(arg: str | None) -> Path:
    return Path(arg or os.environ.get("TOMTAT_DATA") or ROOT.parent / "shared" / "data")


class Peak:
    """Peak RSS of this process, sampled every 0.2 s; `mark()` starts a new per-day peak."""

    def __init__(self) -> None:
        self.me = psutil.Process()
        self.overall = self.since_mark = 0
        threading.Thread(target=self._watch, daemon=True).start()

    def _watch(self) -> None:
        while True:
            try:
                rss = self.me.memory_info().rss
            except psutil.Error:
                rss = 0
            self.overall = max(self.overall, rss)
            self.since_mark = max(self.since_mark, rss)
            time.sleep(0.2)

    def mark(self) -> None:
        self.since_mark = self.me.memory_info().rss


def read_vietnews(path: Path, n: int) -> list[dict]:
    rows = []
    with lzma.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if len(rows) >= n:
                break
            r = json.loads(line)
            title, sapo, body = (r.get(k) or "" for k in ("title", "summary", "text"))
            text = "\n".join(p.strip() for p in (title, sapo, body) if p.strip())
            if text:
                rows.append({"id": r["id"], "title": title.strip(), "anchor_text": sapo.strip(), "text": text})
    return rows


def write_jsonl(path: Path, rows: list[dict]) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")


def run_cluster(src: Path, out: Path) -> dict:
    """`tomtat cluster SRC -o OUT --level event --workers 2 --quiet` in a child process: wall, CPU, peak RSS."""
    t0 = time.perf_counter()
    p = subprocess.Popen([sys.executable, "-m", "tomtat", "cluster", str(src), "-o", str(out), "--level", "event",
                          "--workers", "2", "--quiet"], stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(p.pid, 0)
    err = p.stderr.read()
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        raise SystemExit(f"tomtat cluster {src} failed:\n{err[-2000:]}")
    lines = [json.loads(line) for line in open(out, encoding="utf-8")]
    return {"wall_s": time.perf_counter() - t0, "cpu_s": usage.ru_utime + usage.ru_stime,
            "maxrss_mb": usage.ru_maxrss / 1024, "lines": lines}


def schedule(rows: list[dict], events: list[dict], days: int, seed: int) -> list[list[dict]]:
    """Each row's arrival day (0-based): threads over 2-7 consecutive days in order, single articles evenly."""
    rng = random.Random(seed)
    position = {r["id"]: k for k, r in enumerate(rows)}
    threads: dict[str, list[list[int]]] = defaultdict(list)
    for line in events:
        threads[line["thread"]].append(sorted(position[d["id"]] for d in line["single_documents"]))
    grouped, lone = [], []
    for name in sorted(threads):
        members = [k for ev in sorted(threads[name], key=lambda ev: ev[0]) for k in ev]
        (grouped if len(members) > 1 else lone).append(members)
    per_day: list[list[int]] = [[] for _ in range(days)]
    for members in grouped:
        span = min(len(members), rng.randint(2, 7), days)
        first = rng.randint(0, days - span)
        cuts = [round(len(members) * j / span) for j in range(span + 1)]
        for j in range(span):
            per_day[first + j].extend(members[cuts[j]:cuts[j + 1]])
    lone_ids = [m[0] for m in lone]
    rng.shuffle(lone_ids)
    for k in lone_ids:   # the day with the fewest articles so far (first such day)
        per_day[min(range(days), key=lambda d: (len(per_day[d]), d))].append(k)
    out = []
    for d, ks in enumerate(per_day):
        day = (START + dt.timedelta(days=d)).isoformat()
        out.append([dict(rows[k], date=day) for k in sorted(ks)])
    return out


def day_feeds(work: Path, rows: list[dict], days: int, seed: int) -> tuple[dict, list[Path]]:
    """The simulation's input in `work`: rows grouped by one cluster run (grouping.jsonl), one feed per day
    (dayNN.jsonl) and all days in one (all.jsonl, for the batch run); returns the grouping and the day files."""
    write_jsonl(work / "sample.jsonl", rows)
    grouping = run_cluster(work / "sample.jsonl", work / "grouping.jsonl")
    scheduled = schedule(rows, grouping["lines"], days, seed)
    day_files = []
    for d, day_rows in enumerate(scheduled, 1):
        day_files.append(work / f"day{d:02d}.jsonl")
        write_jsonl(day_files[-1], day_rows)
    write_jsonl(work / "all.jsonl", [r for day_rows in scheduled for r in day_rows])
    return grouping, day_files


def store_size(store, db: str) -> int:
    if store.kind == "sqlite":
        return sum(os.path.getsize(p) for p in (db, db + "-wal") if os.path.exists(p))
    from sqlalchemy import text
    with store.read() as conn:
        return int(conn.execute(text("SELECT pg_database_size(current_database())")).scalar())


def memberships(store) -> dict[str, tuple[int, int]]:
    """feed id -> (event id, thread id) in the store."""
    from sqlalchemy import select

    from tomtat.store.schema import articles, events
    with store.read() as conn:
        return {ext: (e, t) for ext, e, t in conn.execute(
            select(articles.c.ext_id, articles.c.event_id, events.c.thread_id)
            .join(events, events.c.id == articles.c.event_id))}


def update_quality(store, digest_id: int, rouge) -> list[dict]:
    """ROUGE-2 figures of the digest's update entries, and of a plain summary of the same articles."""
    from sqlalchemy import select

    import tomtat
    from tomtat.model import Document
    from tomtat.store.digests import _family
    from tomtat.store.schema import articles, digest_entries
    out = []
    with store.read() as conn:
        entries = conn.execute(select(digest_entries).where(digest_entries.c.digest_id == digest_id,
                                                            digest_entries.c.is_update.is_(True))).all()
        for e in entries:
            if not e.summary.strip():
                continue
            family = _family(conn, e.thread_id)
            earlier = conn.execute(select(digest_entries.c.summary).where(digest_entries.c.thread_id.in_(family),
                                                                          digest_entries.c.day < e.day)).scalars().all()
            earlier_text = "\n".join(s for s in earlier if s.strip())
            ids = json.loads(e.articles)
            rows = conn.execute(select(articles.c.title, articles.c.sapo, articles.c.text, articles.c.date)
                                .where(articles.c.id.in_(ids)).order_by(articles.c.id)).all()
            leads = "\n".join(r.sapo for r in rows if r.sapo.strip())
            length = len(e.summary.split())
            docs = [Document(text=r.text, title=r.title, sapo=r.sapo, date=r.date) for r in rows]
            plain = tomtat.summarize(docs, max_words=max(length, 1)).text
            item = {"thread": e.thread_id, "articles": len(ids), "syllables": length,
                    "plain_syllables": len(plain.split())}
            if earlier_text:
                item["redundancy"] = rouge.score(earlier_text, e.summary)["rouge2"].p
                item["plain_redundancy"] = rouge.score(earlier_text, plain)["rouge2"].p if plain.strip() else 0.0
            if leads:
                item["lead_recall"] = rouge.score(leads, e.summary)["rouge2"].r
                item["plain_lead_recall"] = rouge.score(leads, plain)["rouge2"].r if plain.strip() else 0.0
            out.append(item)
    return out


def simulate(db: str, day_files: list[Path], peak: Peak, *, quality: bool, snapshot: tuple[int, Path] | None = None,
             label: str = "sqlite") -> tuple[list[dict], list[dict]]:
    """Ingest and digest day by day into `db`; returns per-day rows and the update-quality items."""
    from sqlalchemy import func, select

    from tomtat.eval.rouge import VietnameseRouge
    from tomtat.feeds.sources import gather
    from tomtat.store import open_store
    from tomtat.store.digests import make_digest
    from tomtat.store.ingest import ingest
    from tomtat.store.schema import digest_entries, digests
    from tomtat.store.stats import store_stats

    rouge = VietnameseRouge("syllable")
    warnings: list[str] = []
    per_day, items = [], []
    for number, path in enumerate(day_files, 1):
        day = (START + dt.timedelta(days=number - 1)).isoformat()
        peak.mark()
        w0, c0 = time.perf_counter(), time.process_time()
        store = open_store(db)
        found = gather([str(path)], warnings.append)
        report = ingest(store, found.articles, skipped=found.skipped)
        store.close()
        w1, c1 = time.perf_counter(), time.process_time()
        store = open_store(db)
        make_digest(store, day=day, fmt="json")
        w2, c2 = time.perf_counter(), time.process_time()
        with store.read() as conn:
            digest_id = conn.execute(select(func.max(digests.c.id))).scalar()
            updates = conn.execute(select(func.count()).select_from(digest_entries).where(
                digest_entries.c.digest_id == digest_id, digest_entries.c.is_update.is_(True))).scalar()
        stats = store_stats(store)
        size = store_size(store, db)
        got = update_quality(store, digest_id, rouge) if quality else []
        for g in got:
            g["day"] = number
        items.extend(got)
        store.close()
        if snapshot and number == snapshot[0]:
            src = sqlite3.connect(db)
            dst = sqlite3.connect(str(snapshot[1]))
            src.backup(dst)
            src.close()
            dst.close()
        row = {"day": number, "date": day, "read": report.read, "added": report.added,
               "duplicates": report.duplicates, "ingest_wall_s": round(w1 - w0, 2), "ingest_cpu_s": round(c1 - c0, 2),
               "digest_wall_s": round(w2 - w1, 2), "digest_cpu_s": round(c2 - c1, 2), "articles": stats["articles"],
               "events": stats["events"], "threads": stats["threads"], "store_mb": round(size / 2**20, 1),
               "peak_rss_mb_day": round(peak.since_mark / 2**20), "updates": int(updates),
               "load_1min": round(os.getloadavg()[0], 2), **{f"work_{k}": v for k, v in report.work.items()}}
        per_day.append(row)
        print(json.dumps({"backend": label, **row}), flush=True)
    if warnings:
        print(f"{len(warnings)} warnings while reading, first: {warnings[0]}", file=sys.stderr)
    return per_day, items


def profile_day(snapshot: Path, day_file: Path, top: int = 25) -> str:
    from tomtat.feeds.sources import gather
    from tomtat.store import open_store
    from tomtat.store.ingest import ingest
    store = open_store(str(snapshot))
    prof = cProfile.Profile()
    prof.enable()
    found = gather([str(day_file)], lambda m: None)
    ingest(store, found.articles)
    prof.disable()
    store.close()
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(top)
    return buf.getvalue()


def agreement(a: dict[str, int], b: dict[str, int]) -> dict:
    """Pair agreement and B-cubed of partition a (the store) against b (one batch run), over their common keys."""
    keys = sorted(set(a) & set(b))
    cells = Counter((a[k], b[k]) for k in keys)
    size_a = Counter(a[k] for k in keys)
    size_b = Counter(b[k] for k in keys)

    def pairs(n: int) -> int:
        return n * (n - 1) // 2

    both = sum(pairs(n) for n in cells.values())
    in_a = sum(pairs(n) for n in size_a.values())
    in_b = sum(pairs(n) for n in size_b.values())
    either = in_a + in_b - both
    total = pairs(len(keys))
    p = sum(cells[(a[k], b[k])] / size_a[a[k]] for k in keys) / len(keys)
    r = sum(cells[(a[k], b[k])] / size_b[b[k]] for k in keys) / len(keys)
    return {"articles": len(keys), "pairs_together_store": in_a, "pairs_together_batch": in_b, "pairs_together_both": both,
            "pair_agreement": both / either if either else 1.0,
            "pair_precision": both / in_a if in_a else 1.0, "pair_recall": both / in_b if in_b else 1.0,
            "rand_index": (total - (in_a + in_b - 2 * both)) / total if total else 1.0,
            "bcubed_p": p, "bcubed_r": r, "bcubed_f1": 2 * p * r / (p + r) if p + r else 0.0,
            "groups_store": len(size_a), "groups_batch": len(size_b),
            "largest_store": _largest(size_a, cells, 0), "largest_batch": _largest(size_b, cells, 1)}


def _largest(sizes: Counter, cells: Counter, side: int, top: int = 8) -> list[dict]:
    """The `top` largest groups of one partition, each with the sizes of its pieces in the other (largest first):
    where the pair agreement is lost, since a group of n articles holds n(n-1)/2 pairs."""
    pieces: dict[int, list[int]] = {}
    for cell, n in cells.items():
        pieces.setdefault(cell[side], []).append(n)
    ranked = sorted(sizes.items(), key=lambda kv: (-kv[1], str(kv[0])))[:top]
    return [{"group": g, "size": n, "pieces": sorted(pieces[g], reverse=True)[:10]} for g, n in ranked]


def mean(xs: list[float]) -> float | None:
    return sum(xs) / len(xs) if xs else None


def postgres_database(server: str) -> tuple[str, str]:
    import psycopg
    name = f"tomtat_track_{os.getpid()}"
    with psycopg.connect(server, autocommit=True) as con:
        con.execute(f"DROP DATABASE IF EXISTS {name}")
        con.execute(f"CREATE DATABASE {name}")
    return server.rsplit("/", 1)[0] + "/" + name, name


def drop_database(server: str, name: str) -> None:
    import psycopg
    with psycopg.connect(server, autocommit=True) as con:
        con.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def fmt(x, digits=3):
    return "–" if x is None else f"{x:.{digits}f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=100000)
    ap.add_argument("--days", type=int, default=20)
    ap.add_argument("--data")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--postgres", default=os.environ.get("TOMTAT_TEST_POSTGRES"),
                    help="postgresql:// URL of a server (a database is made there and dropped after)")
    ap.add_argument("--profile-day", type=int, help="day ingested again under cProfile (default: the last)")
    ap.add_argument("--note", default="", help="a sentence added under the title")
    ap.add_argument("--keep", help="a folder to keep the store, the day files and the batch run in (default: removed)")
    ap.add_argument("--out", default="track", help="results file stem in benchmarks/results (default: track)")
    args = ap.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))   # a stopped run still removes its temporary folder
    profile_at = args.profile_day or args.days
    peak = Peak()
    started = time.strftime("%Y-%m-%d %H:%M")
    load_start = [round(x, 2) for x in os.getloadavg()]
    work = Path(tempfile.mkdtemp(prefix="tomtat-track-"))
    try:
        t0 = time.perf_counter()
        rows = read_vietnews(data_dir(args.data) / "vietnews" / "train.jsonl.xz", args.articles)
        read_s = time.perf_counter() - t0
        grouping, day_files = day_feeds(work, rows, args.days, args.seed)
        print(f"grouping: {grouping['wall_s']:.0f} s, {len(grouping['lines'])} events", flush=True)
        threads = Counter(line["thread"] for line in grouping["lines"] for _ in line["single_documents"])
        db = str(work / "store.db")
        snapshot = work / "before_profile.db"
        sqlite_days, items = simulate(db, day_files, peak, quality=True,
                                      snapshot=(profile_at - 1, snapshot) if profile_at > 1 else None)
        sqlite_peak = peak.overall
        from tomtat.store import open_store
        store = open_store(db)
        stored = memberships(store)
        store.close()
        batch = run_cluster(work / "all.jsonl", work / "batch.jsonl")
        batch_event = {d["id"]: k for k, line in enumerate(batch["lines"]) for d in line["single_documents"]}
        batch_thread = {d["id"]: line["thread"] for line in batch["lines"] for d in line["single_documents"]}
        agree_event = agreement({k: v[0] for k, v in stored.items()}, batch_event)
        agree_thread = agreement({k: v[1] for k, v in stored.items()}, batch_thread)
        profile = profile_day(snapshot, day_files[profile_at - 1]) if profile_at > 1 and snapshot.exists() else ""
        pg = None
        if args.postgres:
            url, name = postgres_database(args.postgres)
            try:
                pg_days, _ = simulate(url, day_files, peak, quality=False, label="postgresql")
                store = open_store(url)
                pg_members = memberships(store)
                store.close()
                pg = {"days": pg_days, "same_memberships": pg_members == stored,
                      "same_final_stats": {k: pg_days[-1][k] for k in ("articles", "events", "threads")}
                      == {k: sqlite_days[-1][k] for k in ("articles", "events", "threads")}}
            finally:
                drop_database(args.postgres, name)
    finally:
        if args.keep:
            shutil.copytree(work, args.keep, dirs_exist_ok=True)
        shutil.rmtree(work, ignore_errors=True)

    def summary_of(key):
        return mean([i[key] for i in items if key in i])

    quality = {"updates": len(items),
               "with_earlier_summaries": sum(1 for i in items if "redundancy" in i),
               "redundancy_r2_precision": summary_of("redundancy"), "plain_redundancy_r2_precision": summary_of("plain_redundancy"),
               "lead_r2_recall": summary_of("lead_recall"), "plain_lead_r2_recall": summary_of("plain_lead_recall"),
               "mean_syllables": summary_of("syllables"), "plain_mean_syllables": summary_of("plain_syllables")}
    paired = [i["redundancy"] - i["plain_redundancy"] for i in items if "redundancy" in i]
    if len(paired) > 1:
        m = mean(paired)
        sd = math.sqrt(sum((x - m) ** 2 for x in paired) / (len(paired) - 1))
        quality["redundancy_paired_diff"] = m
        quality["redundancy_paired_diff_95ci"] = [m - 1.96 * sd / math.sqrt(len(paired)), m + 1.96 * sd / math.sqrt(len(paired))]
    d2, dn = sqlite_days[1] if len(sqlite_days) > 1 else None, sqlite_days[-1]
    result = {
        "command": "python benchmarks/track.py " + " ".join(a for a in sys.argv[1:] if a != args.postgres and a != args.note),
        "code": _code_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}",
        "started": started, "load_average_at_start": load_start, "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        "articles": len(rows), "days": args.days, "read_s": round(read_s, 1),
        "grouping": {k: (round(v, 1) if isinstance(v, float) else v) for k, v in grouping.items() if k != "lines"}
        | {"events": len(grouping["lines"]), "threads": len(threads),
           "threads_of_2_or_more": sum(1 for n in threads.values() if n > 1)},
        "sqlite": {"days": sqlite_days, "peak_rss_mb": round(sqlite_peak / 2**20),
                   "day_last_over_day2_wall": dn["ingest_wall_s"] / d2["ingest_wall_s"] if d2 else None,
                   "day_last_over_day2_cpu": dn["ingest_cpu_s"] / d2["ingest_cpu_s"] if d2 else None},
        "batch_cluster": {k: (round(v, 1) if isinstance(v, float) else v) for k, v in batch.items() if k != "lines"}
        | {"events": len(batch["lines"])},
        "agreement_events": agree_event, "agreement_threads": agree_thread,
        "update_quality": quality, "postgresql": pg, "profile_day": profile_at if profile else None,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{args.out}.json").write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    write_report(result, profile, args.note, args.out)


def _code_version() -> str:
    """The commit the run's code comes from (git, when this is a checkout), or ''."""
    try:
        return subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                              timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


STAGES = ["represent", "window", "candidates", "load", "vectors", "features", "events", "threads", "record", "keep"]


def write_report(r: dict, profile: str, note: str, out: str = "track") -> None:
    s = r["sqlite"]
    lines = ["# Following the news day by day (story store)", "",
             f"`{r['command'].strip()}` on {r['machine']} ({r['started']}; load average at start {r['load_average_at_start']}, "
             f"at end {r['load_average_at_end']}). The machine is shared with other agents' jobs: wall times are upper bounds, "
             "CPU seconds the better guide." + (f" {note}" if note else ""), "",
             f"{r['articles']:,} VietNews train articles over {r['days']} days (about {r['articles'] // r['days']:,} a day), "
             f"grouped by one `tomtat cluster --level event` ({r['grouping']['wall_s']:.0f} s): {r['grouping']['events']:,} events in "
             f"{r['grouping']['threads']:,} threads, {r['grouping']['threads_of_2_or_more']:,} of them with two or more articles, "
             "each spread over 2-7 consecutive days in order; single articles fill the days evenly.", "",
             "## Per day (SQLite)", "",
             "| day | new | ingest wall (s) | ingest CPU (s) | digest wall (s) | articles | events | threads | store (MB) | "
             "peak RSS that day (MB) | updates | load | window read | texts processed | stored candidates | "
             "linkage saw | thread mates | pairs scored |",
             "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for d in s["days"]:
        work = " | ".join(f"{d.get('work_' + k, 0):,}" for k in ("window", "processed", "candidates", "seen", "mates", "pairs"))
        lines.append(f"| {d['day']} | {d['added']:,} | {d['ingest_wall_s']:.1f} | {d['ingest_cpu_s']:.1f} | {d['digest_wall_s']:.1f} | "
                     f"{d['articles']:,} | {d['events']:,} | {d['threads']:,} | {d['store_mb']:.1f} | {d['peak_rss_mb_day']:,} | "
                     f"{d['updates']} | {d['load_1min']} | {work} |")
    first_two = s["days"][1]
    last = s["days"][-1]
    lines += ["",
              f"- day {last['day']} against day 2: **{s['day_last_over_day2_wall']:.2f}×** wall "
              f"({last['ingest_wall_s']:.1f} s / {first_two['ingest_wall_s']:.1f} s), **{s['day_last_over_day2_cpu']:.2f}×** CPU "
              f"({last['ingest_cpu_s']:.1f} s / {first_two['ingest_cpu_s']:.1f} s); target ≤ 1.5×",
              "- CPU seconds by stage (store.ingest `work`), day 2 / day " + str(last["day"]) + ": " + "; ".join(
                  f"{k} {first_two.get('work_cpu_' + k, 0):.2f} / {last.get('work_cpu_' + k, 0):.2f}" for k in STAGES),
              f"- store after day {last['day']}: {last['store_mb']:.1f} MB (SQLite file + WAL) for {last['articles']:,} articles",
              f"- peak memory of the simulating process (ingest, digests, scoring): **{s['peak_rss_mb']:,} MB**; "
              f"the batch `tomtat cluster` child: {r['batch_cluster']['maxrss_mb']:,.0f} MB; target ≤ 3 GB", ""]
    ae, at = r["agreement_events"], r["agreement_threads"]
    lines += ["## Agreement with one batch `tomtat cluster` over everything", "",
              f"Batch run over the {r['articles']:,} dated articles: {r['batch_cluster']['wall_s']:.0f} s wall, "
              f"{r['batch_cluster']['cpu_s']:.0f} s CPU, {r['batch_cluster']['events']:,} events. Compared over the "
              f"{ae['articles']:,} articles both hold (the store keeps one of several identical texts).", "",
              "| partition | pair agreement (both / either) | pair precision | pair recall | B-cubed P | B-cubed R | B-cubed F1 | "
              "groups (store / batch) |", "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for name, a in (("events", ae), ("threads", at)):
        lines.append(f"| {name} | **{a['pair_agreement']:.3f}** | {a['pair_precision']:.3f} | {a['pair_recall']:.3f} | "
                     f"{a['bcubed_p']:.3f} | {a['bcubed_r']:.3f} | **{a['bcubed_f1']:.3f}** | {a['groups_store']:,} / {a['groups_batch']:,} |")
    lines += ["", "Pair agreement counts only pairs of articles that share an event in either partition (the Rand index "
              f"over all pairs is {ae['rand_index']:.5f} for events, dominated by pairs apart in both). Target ≥ 0.95.", ""]
    if "largest_store" in ae:
        lines += ["Largest events (a group of n articles holds n(n-1)/2 pairs, so these decide the pair agreement): size, and "
                  "the sizes of its pieces in the other partition.", ""]
        for side, other in (("store", "batch"), ("batch", "store")):
            lines.append(f"- {side}: " + "; ".join(f"{g['size']:,} ({' + '.join(map(str, g['pieces']))}"
                                                   f"{' + …' if sum(g['pieces']) < g['size'] else ''} in {other})"
                                                   for g in ae[f"largest_{side}"]))
        lines.append("")
    q = r["update_quality"]
    lines += ["## Update summaries", "",
              f"{q['updates']:,} update entries over the {r['days']} digests ({q['with_earlier_summaries']:,} with earlier "
              "summaries of their thread to compare with). ROUGE-2 on syllables (tomtat.eval), mean over entries; the plain "
              "summary is `tomtat.summarize` of the same new articles at the update's length.", "",
              "| | update summary | plain summary |", "| --- | ---: | ---: |",
              f"| redundancy: ROUGE-2 precision against the thread's earlier summaries (aim ≤ 0.10) | **{fmt(q['redundancy_r2_precision'])}** | "
              f"{fmt(q['plain_redundancy_r2_precision'])} |",
              f"| new facts: ROUGE-2 recall against the new articles' leads | **{fmt(q['lead_r2_recall'])}** | {fmt(q['plain_lead_r2_recall'])} |",
              f"| mean length (syllables) | {fmt(q['mean_syllables'], 0)} | {fmt(q['plain_mean_syllables'], 0)} |"]
    if "redundancy_paired_diff" in q:
        lo, hi = q["redundancy_paired_diff_95ci"]
        lines += ["", f"Paired difference in redundancy (update − plain): {q['redundancy_paired_diff']:+.3f} (95 % CI {lo:+.3f} … {hi:+.3f})."]
    pg = r["postgresql"]
    if pg:
        lines += ["", "## SQLite against PostgreSQL (same days, same process)", "",
                  "| day | SQLite ingest wall (s) | PostgreSQL ingest wall (s) | SQLite CPU (s) | PostgreSQL CPU (s) | SQLite digest (s) | "
                  "PostgreSQL digest (s) | SQLite store (MB) | PostgreSQL database (MB) |",
                  "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
        for a, b in zip(s["days"], pg["days"]):
            lines.append(f"| {a['day']} | {a['ingest_wall_s']:.1f} | {b['ingest_wall_s']:.1f} | {a['ingest_cpu_s']:.1f} | "
                         f"{b['ingest_cpu_s']:.1f} | {a['digest_wall_s']:.1f} | {b['digest_wall_s']:.1f} | {a['store_mb']:.1f} | {b['store_mb']:.1f} |")
        tot = [sum(d[k] for d in days) for days in (s["days"], pg["days"]) for k in ("ingest_wall_s", "digest_wall_s")]
        lines += ["", f"- totals: ingest {tot[0]:.0f} s (SQLite) vs {tot[2]:.0f} s (PostgreSQL); digests {tot[1]:.0f} s vs {tot[3]:.0f} s "
                  "(the PostgreSQL server's own CPU is not in the CPU columns)",
                  f"- same memberships (every article's event and thread id) on both: **{pg['same_memberships']}**; "
                  f"same final counts: {pg['same_final_stats']}"]
    if profile:
        lines += ["", f"## Where day {r['profile_day']}'s ingest time goes (cProfile, a copy of the store as of day {r['profile_day'] - 1})",
                  "", "```", *[ln.rstrip() for ln in profile.strip().splitlines()[:60]], "```"]
    (RESULTS / f"{out}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
