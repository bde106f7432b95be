"""Summaries that read well (issue 19.5): build 100 summaries of real articles and a sheet to read them by.

    python benchmarks/readability.py build DIR [--data DIR] [--clusters 50] [--articles 500] [--stories 50]
    python benchmarks/readability.py tally LABELS.json [LABELS.json ...]

`build` writes into DIR:
- `abmusu.jsonl`: the first --clusters rows of AbMuSu validation, summarized by `tomtat batch` into `batch.jsonl`;
- `vietnews.jsonl`: the first --articles VietNews train articles as a feed (title; text = abstract line, then the
  body, one sentence a line, as the corpus has it), summarized by `tomtat digest --format json` into
  `digest.jsonl`; the first --stories stories are read;
- `sheet.md`: each summary as it reads, one sentence a line with its article and sentence number; under a
  sentence whose source predecessor is not right before it in the summary, that predecessor is shown, so
  whether the sentence leans on it can be judged.

The counting is done by reading the sheet, not by a pattern: the reader writes a labels file, a JSON object
{summary id: {"caption": [sentence numbers], "subheading": [...], "dangling": [...], "other": [...]}} (ids as in
the sheet, sentence numbers 1-based; a summary with no fault may be left out; "_summaries" and "_sentences" give
the numbers read), and `tally` prints the share of summaries with each kind of fault and with any, and the
faulty sentences. Results: benchmarks/results/readability.md, labels benchmarks/results/readability_labels_*.json.
"""
from __future__ import annotations

import argparse
import json
import lzma
import os
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
KINDS = ("caption", "subheading", "dangling")


def data_dir(given: str | None) -> pathlib.Path:
    return pathlib.Path(given or os.environ.get("TOMTAT_DATA") or ROOT.parent / "shared" / "data")


def write_inputs(out: pathlib.Path, data: pathlib.Path, clusters: int, articles: int) -> None:
    with open(data / "abmusu" / "validation.jsonl", encoding="utf-8") as f, \
            open(out / "abmusu.jsonl", "w", encoding="utf-8") as w:
        for _, line in zip(range(clusters), f):
            w.write(line)
    with lzma.open(data / "vietnews" / "train.jsonl.xz", "rt", encoding="utf-8") as f, \
            open(out / "vietnews.jsonl", "w", encoding="utf-8") as w:
        for _, line in zip(range(articles), f):
            a = json.loads(line)
            w.write(json.dumps({"id": a["id"], "title": a["title"], "text": a["summary"] + "\n" + a["text"]},
                               ensure_ascii=False) + "\n")


def run(args: list[str]) -> None:
    print("$", " ".join(args), file=sys.stderr)
    subprocess.run(args, check=True)


def _documents(source: str, inputs: dict[str, list[dict]]):
    """The Document a summary sentence's `source` names ("FILE:LINE" or "FILE:LINE#DOC"), built as tomtat reads it."""
    from tomtat.model import Document

    path, _, rest = source.rpartition(":")
    line, _, doc = rest.partition("#")
    row = inputs[path][int(line) - 1]
    if doc:
        d = row["single_documents"][int(doc)]
        return Document(text=d.get("raw_text", ""), title=d.get("title", ""), sapo=d.get("anchor_text", ""))
    return Document(text=row["text"], title=row.get("title", ""))


def summaries(out: pathlib.Path, stories: int) -> list[tuple[str, str, dict]]:
    """(id, where, summary JSON) for every summary to read, batch rows first."""
    found = []
    with open(out / "batch.jsonl", encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            found.append((f"A{n:02d}", f"abmusu.jsonl:{n}", json.loads(line)))
    with open(out / "digest.jsonl", encoding="utf-8") as f:
        lines = [json.loads(line) for line in f]
    for n, story in enumerate((s for s in lines if "sentences" in s), 1):
        if n > stories:
            break
        found.append((f"D{n:02d}", story["id"], story))
    return found


def sheet(out: pathlib.Path, stories: int) -> str:
    from tomtat.pipeline import prepare_document

    inputs: dict[str, list[dict]] = {}
    for name in ("abmusu.jsonl", "vietnews.jsonl"):
        with open(out / name, encoding="utf-8") as f:
            inputs[str(out / name)] = [json.loads(line) for line in f]
    prepared: dict[str, list] = {}
    lines = ["# Summaries to read", ""]
    for sid, where, s in summaries(out, stories):
        lines += [f"## {sid} ({where}, {len(s['sentences'])} sentences)", ""]
        previous = None
        for k, sent in enumerate(s["sentences"], 1):
            key = sent["source"]
            if key not in prepared:
                prepared[key] = prepare_document(_documents(key, inputs), 0).sentences
            doc_sentences = prepared[key]
            index = sent["sentence"]
            lines.append(f"{k}. [{sent['doc']}:{index}] {sent['text']}")
            if index > 0 and previous != (key, index - 1) and index - 1 < len(doc_sentences):
                lines.append(f"   (before it in its article, [{sent['doc']}:{index - 1}]: "
                             f"{doc_sentences[index - 1].text})")
            previous = (key, index)
        lines.append("")
    return "\n".join(lines)


def tally(paths: list[str], total: int = 100) -> str:
    """Per labels file: summaries with each kind of fault (and with any of the three), then faulty sentences
    among all the sentences read ("other": broken sentences and bare list items, counted apart)."""
    out = ["| labels | summaries | caption / teaser | sub-heading | dangling | any of the three | sentences | "
           "faulty sentences (caption / sub-heading / dangling) | other |",
           "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |"]
    for path in paths:
        labels = json.loads(pathlib.Path(path).read_text(encoding="utf-8"))
        n = labels.get("_summaries", total)
        sentences = labels.get("_sentences", 0)
        labels = {k: v for k, v in labels.items() if not k.startswith("_")}
        counts = {kind: sum(1 for v in labels.values() if v.get(kind)) for kind in KINDS}
        any_fault = sum(1 for v in labels.values() if any(v.get(kind) for kind in KINDS))
        per_sentence = {kind: sum(len(v.get(kind, [])) for v in labels.values()) for kind in (*KINDS, "other")}
        out.append(f"| {pathlib.Path(path).name} | {n} | " + " | ".join(f"{counts[k]} ({counts[k] / n:.0%})" for k in KINDS)
                   + f" | {any_fault} ({any_fault / n:.0%}) | {sentences or '?'} | "
                   + " / ".join(str(per_sentence[k]) for k in KINDS) + f" | {per_sentence['other']} |")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="inputs, summaries and the reading sheet")
    b.add_argument("out")
    b.add_argument("--data", help="data folder (default $TOMTAT_DATA or ../shared/data)")
    b.add_argument("--clusters", type=int, default=50, help="AbMuSu validation rows")
    b.add_argument("--articles", type=int, default=500, help="VietNews articles in the digest's feed")
    b.add_argument("--stories", type=int, default=50, help="digest stories to read")
    b.add_argument("--workers", type=int, default=2)
    t = sub.add_parser("tally", help="shares of summaries with each fault, from labels files")
    t.add_argument("labels", nargs="+")
    args = ap.parse_args(argv)
    if args.command == "tally":
        print(tally(args.labels))
        return
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    write_inputs(out, data_dir(args.data), args.clusters, args.articles)
    run(["tomtat", "batch", str(out / "abmusu.jsonl"), "-o", str(out / "batch.jsonl"), "--quiet",
         "--workers", str(args.workers)])
    run(["tomtat", "digest", str(out / "vietnews.jsonl"), "--format", "json", "-o", str(out / "digest.jsonl"),
         "--quiet", "--workers", str(args.workers)])
    (out / "sheet.md").write_text(sheet(out, args.stories), encoding="utf-8")
    print(out / "sheet.md")


if __name__ == "__main__":
    main()
