"""A big cluster's documents are prepared in worker processes, and the summary is the same as here."""
import os

import tomtat
from tomtat import prepare_pool
from tomtat.io.readers import read_paths
from tomtat.pipeline import prepare_document
from tomtat.render.json import render_json


def _docs(example_dir, copies=6):
    base = read_paths([str(example_dir)], warn=lambda m: None)
    # Distinct texts: each copy gets its own closing line, so nothing is shared by accident.
    return [tomtat.Document(text=d.text + f"\nBản tin số {k} kết thúc tại đây.", source=f"{d.source}#{k}",
                            title=d.title)
            for k in range(copies) for d in base]


def _small_pool(monkeypatch):
    monkeypatch.setattr(prepare_pool, "MIN_CHARS", 1)
    monkeypatch.setattr(prepare_pool, "CHUNK_CHARS", 2_000)
    monkeypatch.setattr(prepare_pool, "usable_cpus", lambda: 2)


def _prepare_where(doc, index):
    doc = prepare_document(doc, index)
    doc.source = str(os.getpid())
    return doc


def test_workers_prepare_the_documents_in_order(example_dir, monkeypatch):
    _small_pool(monkeypatch)
    docs = _docs(example_dir)
    prepared = prepare_pool.prepare_all(docs, _prepare_where)
    assert [d.sentences[0].doc for d in prepared] == list(range(len(docs)))
    assert {int(d.source) for d in prepared} - {os.getpid()}     # some came from another process
    # Tokens come back as one shared object per distinct token, as in a cluster prepared here.
    words = [w for d in prepared for s in d.sentences for w in s.syllables if w == "ga"]
    assert len(words) > 1 and all(w is words[0] for w in words)


def test_summary_is_byte_identical_with_and_without_workers(example_dir, monkeypatch):
    alone = render_json(tomtat.summarize(_docs(example_dir)))
    _small_pool(monkeypatch)
    assert render_json(tomtat.summarize(_docs(example_dir))) == alone


def test_small_clusters_and_worker_processes_stay_in_process(example_dir, monkeypatch):
    monkeypatch.setattr(prepare_pool, "usable_cpus", lambda: 2)
    prepared = prepare_pool.prepare_all(_docs(example_dir, copies=1), _prepare_where)
    assert {int(d.source) for d in prepared} == {os.getpid()}
    _small_pool(monkeypatch)
    monkeypatch.setattr(prepare_pool.multiprocessing, "parent_process", lambda: object())
    prepared = prepare_pool.prepare_all(_docs(example_dir), _prepare_where)
    assert {int(d.source) for d in prepared} == {os.getpid()}
