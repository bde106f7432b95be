"""A big cluster's documents are prepared in worker processes, and the summary is the same as here.

The pool is only started in a process with no other thread (see cores), which a test session
that has run a server or Dask no longer is: the pooled runs happen in a fresh interpreter.
"""
import json
import os
import subprocess
import sys
from pathlib import Path

from tomtat import cores

CHILD = r"""
import json, os, sys
import tomtat
from tomtat import cores
from tomtat.extractive import features
from tomtat.io.readers import read_paths
from tomtat.pipeline import prepare_document
from tomtat.render.json import render_json

base = read_paths([sys.argv[1]], warn=lambda m: None)
# Distinct texts: each copy gets its own closing line, so nothing is shared by accident.
docs = lambda: [tomtat.Document(text=d.text + f"\nBản tin số {k} kết thúc tại đây.", source=f"{d.source}#{k}",
                                title=d.title) for k in range(6) for d in base]
alone = render_json(tomtat.summarize(docs()))
cores.MIN_CHARS, cores.CHUNK_CHARS, cores.usable_cpus = 1, 2_000, lambda: 2
features.BACKGROUND_DUPLICATES = 1                 # duplicate groups found in a forked process too
pooled = render_json(tomtat.summarize(docs()))

def where(doc, index):
    doc = prepare_document(doc, index)
    doc.source = str(os.getpid())
    return doc

prepared = cores.prepare_all(docs(), where)
with cores.in_background(os.getpid, big=True) as job:
    background = job.result()
with cores.in_background(os.getpid, big=False) as job:
    here = job.result()
from tqdm import tqdm
import threading
with cores.quiet_bar(tqdm)(total=1, disable=True):
    bar_threads = threading.active_count()
with tqdm(total=1, disable=True):
    tqdm_threads = threading.active_count()
ga = [w for d in prepared for s in d.sentences for w in s.syllables if w == "ga"]
print(json.dumps({"same": pooled == alone, "order": [d.sentences[0].doc for d in prepared],
                  "pids": sorted({int(d.source) for d in prepared}), "me": os.getpid(),
                  "shared": len(ga) > 1 and all(w is ga[0] for w in ga), "background": background, "here": here,
                  "bar_threads": bar_threads, "tqdm_threads": tqdm_threads}))
"""


def test_workers_prepare_in_order_the_summary_is_byte_identical_and_background_work_forks(example_dir):
    env = {**os.environ, "PYTHONPATH": str(Path(cores.__file__).parent.parent)}
    out = subprocess.run([sys.executable, "-c", CHILD, str(example_dir)], capture_output=True, text=True,
                         env=env, timeout=300)
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout)
    assert got["same"]                                   # summary JSON byte-identical with and without workers
    assert got["order"] == list(range(len(got["order"])))
    assert set(got["pids"]) - {got["me"]}                # some documents were prepared in another process
    assert got["shared"]     # tokens come back as one object per distinct token, as in a cluster prepared here
    assert got["background"] != got["me"] and got["here"] == got["me"]   # in_background forks only when big
    # batch's progress bar starts no thread (plain tqdm does, even disabled, and then nothing forks)
    assert got["bar_threads"] == 1 and got["tqdm_threads"] == 2


def _prepare_where(doc, index):
    from tomtat.pipeline import prepare_document

    doc = prepare_document(doc, index)
    doc.source = str(os.getpid())
    return doc


def test_small_clusters_and_worker_processes_stay_in_process(example_dir, monkeypatch):
    from tomtat.io.readers import read_paths

    docs = lambda: read_paths([str(example_dir)], warn=lambda m: None) * 4  # noqa: E731
    monkeypatch.setattr(cores, "usable_cpus", lambda: 2)
    assert {int(d.source) for d in cores.prepare_all(docs(), _prepare_where)} == {os.getpid()}
    monkeypatch.setattr(cores, "MIN_CHARS", 1)
    monkeypatch.setattr(cores, "CHUNK_CHARS", 2_000)
    monkeypatch.setattr(cores.multiprocessing, "parent_process", lambda: object())
    assert {int(d.source) for d in cores.prepare_all(docs(), _prepare_where)} == {os.getpid()}
    monkeypatch.undo()
    monkeypatch.setattr(cores, "MIN_CHARS", 1)
    monkeypatch.setattr(cores, "usable_cpus", lambda: 2)
    monkeypatch.setattr(cores.threading, "active_count", lambda: 2)      # another thread runs
    assert {int(d.source) for d in cores.prepare_all(docs(), _prepare_where)} == {os.getpid()}


BROKEN = r"""
import json, os
import tomtat
from tomtat import cores
cores.MIN_CHARS, cores.CHUNK_CHARS, cores.usable_cpus = 1, 10, lambda: 2
me = os.getpid()

def prepare(doc, index):
    if os.getpid() != me:
        os._exit(9)          # a worker killed mid-task, as the out-of-memory killer would
    doc.source = f"here-{index}"
    return doc

docs = [tomtat.Document(text=f"Bài số {k} về trận lũ quét ở vùng núi.", source=str(k)) for k in range(6)]
print(json.dumps([d.source for d in cores.prepare_all(docs, prepare)]))
"""


def test_a_killed_worker_means_the_documents_are_prepared_here():
    out = subprocess.run([sys.executable, "-c", BROKEN], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == [f"here-{k}" for k in range(6)]
