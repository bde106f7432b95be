"""Near-duplicate sentences across articles: the same wire paragraph republished with small edits.

MinHash signatures (datasketch's, computed for a block of sentences at once) over syllable trigram
shingles go into a banded LSH index, so candidate pairs come from hash buckets rather than an all-pairs
loop; each candidate is then verified on the exact shingle sets. Cost grows linearly with the number of
sentences (plus the true duplicates), and memory with the number of group representatives: a bucket
holds an index, not a set of pickled keys (datasketch's MinHashLSH took ~6 KB a sentence, 1 GB for a
cluster of 10,000 articles).
"""
from __future__ import annotations

import hashlib

import numpy as np
from datasketch import MinHash
from datasketch.minhash import _fmix

from ..model import Sentence

NUM_PERM = 64
# Banding for a Jaccard threshold of 0.3 (21 bands of 3 rows, as datasketch derives for it).
_LSH_BANDS = (21, 3)
_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=1)
_PERMUTATIONS, _SCHEME = _TEMPLATE.permutations, _TEMPLATE.scheme  # built once, not per sentence
# Sentences hashed together: vectorised, and bounded memory (the hashing makes NUM_PERM 4-byte values
# per shingle, so a block is bounded in shingles, not only in sentences: long sentences have hundreds).
_BLOCK = 2048
_BLOCK_SHINGLES = 32_768
# Text that resembles itself everywhere (a small vocabulary, no punctuation, one phrase repeated) puts
# every sentence in the same buckets without any pair reaching the threshold, and each sentence would be
# checked against all earlier ones: quadratic. So a bucket stops taking members at _BUCKET_CAP, and a
# sentence is checked against its _VERIFIED candidates that share the most buckets with it (a true copy
# shares nearly all), in index order as before. Ordinary news never comes near either bound.
_BUCKET_CAP = 64
_VERIFIED = 8


def shingles(sentence: Sentence, n: int = 3) -> set[str]:
    toks = sentence.syllables
    if len(toks) < n:
        return {" ".join(toks)} if toks else set()
    return {" ".join(toks[i:i + n]) for i in range(len(toks) - n + 1)}


def _signature(items: set[str]) -> MinHash:
    """datasketch's MinHash of one shingle set (the reference `signatures` must equal)."""
    m = MinHash(num_perm=NUM_PERM, seed=1, permutations=_PERMUTATIONS, scheme=_SCHEME)
    m.update_batch([s.encode("utf-8") for s in sorted(items)])
    return m


def signatures(sets: list[set[str]]) -> np.ndarray:
    """MinHash values (len(sets) × NUM_PERM) of non-empty shingle sets, equal to datasketch's
    (SHA-1 32-bit hashes, MurmurHash3 pre-mix, affine permutations mod 2^32), in one vectorised pass."""
    if _SCHEME != "affine32":
        return np.array([_signature(s).hashvalues for s in sets])
    flat = [x for s in sets for x in s]
    digests = b"".join(hashlib.sha1(x.encode("utf-8")).digest()[:4] for x in flat)
    hv = _fmix(np.frombuffer(digests, dtype="<u4").astype(np.uint32), 32)
    a, b = _PERMUTATIONS
    phv = hv[:, None] * a[None, :] + b[None, :]          # uint32 arithmetic wraps: mod 2^32
    starts = np.cumsum([0] + [len(s) for s in sets[:-1]])
    return np.minimum.reduceat(phv, starts, axis=0)


def resemblance(a: set[str], b: set[str]) -> float:
    """Overlap of shingle sets relative to the smaller one: high when one sentence copies the other."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def duplicate_groups(sentences: list[Sentence], threshold: float = 0.6) -> np.ndarray:
    """Group id per sentence; sentences saying the same thing (in different articles or not) share it."""
    group = np.arange(len(sentences), dtype=np.int64)
    bands, rows = _LSH_BANDS
    # Only group representatives enter the index, so a story republished a thousand times costs one
    # comparison per copy, not one per earlier copy; a copy joins its representative's group directly.
    # Shingle sets are made when needed, not kept for every sentence (they outweigh the text).
    tables: list[dict[bytes, int | list[int]]] = [{} for _ in range(bands)]
    for block in _blocks(sentences):
        sig = signatures([items for _, items in block])
        keys = np.ascontiguousarray(sig[:, :bands * rows].reshape(len(block), bands, rows))
        keys = keys.view(np.dtype((np.void, rows * keys.itemsize))).reshape(len(block), bands).tolist()
        for (i, items), band_keys in zip(block, keys):
            shared: dict[int, int] = {}
            for table, key in zip(tables, band_keys):
                hit = table.get(key)
                for j in (() if hit is None else hit if isinstance(hit, list) else (hit,)):
                    shared[j] = shared.get(j, 0) + 1
            candidates = sorted(shared)
            if len(candidates) > _VERIFIED:
                candidates = sorted(sorted(candidates, key=lambda j: -shared[j])[:_VERIFIED])
            match = next((j for j in candidates if resemblance(items, shingles(sentences[j])) >= threshold), None)
            if match is not None:
                group[i] = match
                continue
            for table, key in zip(tables, band_keys):
                hit = table.get(key)
                if hit is None:
                    table[key] = i
                elif isinstance(hit, list):
                    if len(hit) < _BUCKET_CAP:
                        hit.append(i)
                else:
                    table[key] = [hit, i]
    return group


def _blocks(sentences: list[Sentence]):
    """(index, shingle set) of sentences with at least 2 shingles, in order, in bounded blocks."""
    block: list[tuple[int, set[str]]] = []
    size = 0
    for i, s in enumerate(sentences):
        items = shingles(s)
        if len(items) < 2:
            continue
        block.append((i, items))
        size += len(items)
        if len(block) >= _BLOCK or size >= _BLOCK_SHINGLES:
            yield block
            block, size = [], 0
    if block:
        yield block
