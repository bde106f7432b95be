"""Background document frequencies: how common each term is in Vietnamese news at large.

A feed's own document frequencies say little when the feed is small: in ten articles, "của" and
"Nguyễn Huệ" look almost equally rare, so unrelated articles reach cosines that only one story's
articles reach in a feed of thousands, and the pair model (trained on a feed of thousands) reads them
as one story. Adding the counts of a large background corpus to the feed's own makes IDF, and so every
cosine, mean about the same thing whatever the feed's size.

`python -m tomtat.stories.background [--data ../shared/data]` counts, over 30,000 VietNews articles
(every third line after the first 3,000, which the clustering benchmark uses as distractors), in how many
articles each hashed term occurs (the same terms and hashing as represent.py, from hashing.py: syllables,
syllable bigrams, names), and keeps the terms found in at least 30 of them (0.1 %): about 70,000 of them,
160 KB. A term not in the table counts as found in none; such terms are rare anyway.
"""
from __future__ import annotations

import argparse
import json
import lzma
import os
from functools import lru_cache

import numpy as np

from .hashing import N_FEATURES, NAME_PREFIX, hash_terms, piece_terms

TABLE = os.path.join(os.path.dirname(__file__), "models", "background_df.npz")
EVERY, SKIP, DOCS, MIN_DF = 3, 3_000, 30_000, 30


@lru_cache(maxsize=1)
def background() -> tuple[np.ndarray, int]:
    """(document frequency per hashed term, number of background documents)."""
    with np.load(TABLE) as z:
        df = np.zeros(N_FEATURES, dtype=np.float64)
        df[np.cumsum(z["index_steps"].astype(np.int64))] = z["df"]
        return df, int(z["docs"])


def main(argv: list[str] | None = None) -> int:
    from .entities import names

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=os.environ.get("TOMTAT_DATA") or os.path.join("..", "shared", "data"))
    ap.add_argument("--out", default=TABLE)
    args = ap.parse_args(argv)
    df = np.zeros(N_FEATURES, dtype=np.int64)
    batch: list[list[str]] = []
    docs = 0

    def flush() -> None:
        m = hash_terms(batch)
        df[:] += np.bincount(m.indices, minlength=N_FEATURES)   # one count per article: rows hold each term once
        batch.clear()

    with lzma.open(os.path.join(args.data, "vietnews", "train.jsonl.xz"), "rt", encoding="utf-8") as fh:
        for k, line in enumerate(fh, 1):
            if k <= SKIP or k % EVERY:
                continue
            if docs >= DOCS:
                break
            r = json.loads(line)
            parts = [r["title"], r["summary"], *r["text"].split("\n")]
            terms = [t for p in parts for t in piece_terms(p)]
            terms += [NAME_PREFIX + n for p in parts for n in names(p)]
            batch.append(terms or ["\x00empty"])
            docs += 1
            if len(batch) == 2000:
                flush()
    if batch:
        flush()
    keep = np.flatnonzero(df >= MIN_DF)
    np.savez_compressed(args.out, index_steps=np.diff(keep, prepend=0).astype(np.uint32),
                        df=np.minimum(df[keep], 65535).astype(np.uint16), docs=np.int64(docs))
    print(f"{docs} articles, {len(keep)} terms in at least {MIN_DF} of them -> {args.out} "
          f"({os.path.getsize(args.out):,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
