"""Per-sentence features computed once per cluster and shared by every scorer.

Everything here is linear in the number of sentences: similarities go through the cluster centroid,
the titles and the sapos, never through an all-pairs sentence matrix, and a sentence is compared with a
bounded number of titles and sapos however many articles the cluster holds.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from ..cores import in_background
from ..model import Cluster
from .duplicates import duplicate_groups
from .readable import leaning, unfit
from .represent import Representation, represent

_NUMBER = re.compile(r"\d")
_DATE_WORDS = re.compile(r"\b(ngày|tháng|năm|hôm|sáng|chiều|tối|đêm)\s+\d|\d{1,2}/\d{1,2}")
_QUOTE = re.compile(r"[\"“”«»]")
_SAY = re.compile(r"\b(cho biết|cho hay|nói|phát biểu|tuyên bố|khẳng định|nhấn mạnh|thông tin|thông báo)\b")
_CONNECTIVE = re.compile(r"^(tuy nhiên|trong khi đó|ngoài ra|bên cạnh đó|do đó|vì vậy|vì thế|theo đó|"
                         r"đồng thời|sau đó|trước đó|thêm vào đó|mặt khác|cũng|còn|nhưng|và|ông|bà|anh|chị|"
                         r"họ|điều này|việc này|đây|đó)\b")

FEATURE_NAMES = [
    "pos_first", "pos_inv", "pos_rel", "para_inv", "pos_in_para_first",
    "len_log", "len_short", "len_long",
    "centroid", "title_own", "title_any", "sapo_own", "sapo_any", "in_sapo",
    "support", "support_any", "doc_share",
    "has_number", "has_date", "has_quote", "has_say", "starts_connective", "is_question",
    "n_docs_log",
    # Articles without a sapo (none given, none found: a body-only text) lean on position and content
    # differently; these let one linear model serve every layout.
    "no_sapo", "no_title", "pos_inv_no_sapo", "pos_first_no_sapo", "para_inv_no_sapo", "centroid_no_sapo",
    "len_log_no_sapo",
]


@dataclass
class Context:
    """What every scorer may read about a cluster: vectors, duplicate groups and features."""

    cluster: Cluster
    rep: Representation
    groups: np.ndarray         # near-duplicate group id per sentence
    features: np.ndarray       # (n_sentences, len(FEATURE_NAMES))
    dependent: np.ndarray      # True where a sentence leans on an earlier one ("Ông cho biết", "vụ việc trên")
    unfit: np.ndarray | None = None   # True where a sentence is never chosen (caption, teaser, sub-heading)

    def column(self, name: str) -> np.ndarray:
        return self.features[:, FEATURE_NAMES.index(name)]


# Up to this many documents, "best over all documents' texts" is exact: the sparse product has at most
# this many nonzeros per sentence. Every AbMuSu cluster (and any ordinary one) is far below it.
EXACT_BEST_DOCS = 64
# Beyond it, a text is a candidate for a sentence only through a term that at most RARE_DF texts share
# (names, places, numbers), and the TOP_CANDIDATES best of those are scored exactly.
RARE_DF = 16
TOP_CANDIDATES = 8
# Sentences from which duplicate detection runs on another core (cores.in_background): about 1,000
# articles, seconds of work; an ordinary cluster has a few hundred sentences.
BACKGROUND_DUPLICATES = 20_000
_CHUNK_ROWS = 8192             # < 2**16: a chunk's row numbers sort as uint16


def _similarity_to_texts(rep: Representation, keys: list[str], own_doc: np.ndarray,
                         inside: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Cosine of every sentence to its own document's text and the best over all documents' texts.

    Sentences `inside` the text itself (a sapo found in the body) are compared with the other
    documents' texts only, so the feature means "agrees with a sapo" in every layout.

    Up to EXACT_BEST_DOCS documents the product is exact (and sparse). A cluster of thousands of distinct
    articles would make it sentences × documents (17 GB at 10,000 articles), so there the best is taken
    over candidates found through rare shared terms (`best_text_candidates`), each scored exactly: the
    best text of a sentence shares its names and places, not only "của" and "và".
    """
    texts = rep.transform_keys(keys)
    if texts.shape[0] <= EXACT_BEST_DOCS:
        sims = (rep.matrix @ texts.T).tocsr()
        if inside is not None and inside.any():
            mask = sp.csr_matrix((np.ones(int(inside.sum())), (np.flatnonzero(inside), own_doc[inside])),
                                 shape=sims.shape)
            sims = (sims - sims.multiply(mask)).tocsr()
        own = np.asarray(sims[np.arange(sims.shape[0]), own_doc]).ravel()
        best = sims.max(axis=1).toarray().ravel() if sims.shape[1] else np.zeros(sims.shape[0])
        return own, best
    own = _pair_cosines(rep.matrix, texts, np.arange(rep.matrix.shape[0]), own_doc)
    rows, cols = best_text_candidates(rep.matrix, texts)
    if inside is not None and inside.any():
        own[inside] = 0.0
        other = ~(inside[rows] & (cols == own_doc[rows]))
        rows, cols = rows[other], cols[other]
    best = own.copy()
    if len(rows):
        np.maximum.at(best, rows, _pair_cosines(rep.matrix, texts, rows, cols))
    return own, best


def _pair_cosines(matrix: sp.csr_matrix, texts: sp.csr_matrix, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Dot products of matrix[rows[k]] and texts[cols[k]] for each k, in bounded chunks."""
    out = np.empty(len(rows))
    for a in range(0, len(rows), _CHUNK_ROWS):
        r, c = rows[a:a + _CHUNK_ROWS], cols[a:a + _CHUNK_ROWS]
        out[a:a + len(r)] = np.asarray(matrix[r].multiply(texts[c]).sum(axis=1)).ravel()
    return out


def best_text_candidates(matrix: sp.csr_matrix, texts: sp.csr_matrix) -> tuple[np.ndarray, np.ndarray]:
    """(sentence, text) pairs worth scoring: at most TOP_CANDIDATES texts per sentence.

    Only terms found in at most RARE_DF texts link a sentence to a text, so each sentence reaches at most
    RARE_DF texts per term: work and memory grow with the number of sentences, not with sentences × texts.
    Within those, the texts with the largest rare-term overlap are kept.
    """
    df = np.bincount(texts.indices, minlength=texts.shape[1])
    rare = sp.diags(((df > 0) & (df <= RARE_DF)).astype(np.float64))
    pruned_t = (texts @ rare).T.tocsr()
    pruned_t.eliminate_zeros()
    out_rows, out_cols = [], []
    for a in range(0, matrix.shape[0], _CHUNK_ROWS):
        prod = (matrix[a:a + _CHUNK_ROWS] @ pruned_t).tocsr()
        if not prod.nnz:
            continue
        # Per row: best first, ties by text index. Columns sorted within rows, then two stable sorts:
        # by score over the whole chunk, then by row (small integers: radix sort), not one 3-key lexsort.
        prod.sort_indices()
        sizes = np.diff(prod.indptr)
        row = np.repeat(np.arange(prod.shape[0], dtype=np.uint16), sizes)
        order = np.argsort(-prod.data, kind="stable")
        order = order[np.argsort(row[order], kind="stable")]
        keep = order[(np.arange(len(order)) - np.repeat(prod.indptr[:-1], sizes)) < TOP_CANDIDATES]
        out_rows.append(row[keep].astype(np.int64) + a)
        out_cols.append(prod.indices[keep].astype(np.int64))
    if not out_rows:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(out_rows), np.concatenate(out_cols)


def build_context(cluster: Cluster) -> Context:
    sentences = cluster.sentences
    n = len(sentences)
    docs = cluster.documents
    n_docs = len(docs)
    # Duplicate groups need only the sentences: in a big cluster another core finds them meanwhile.
    with in_background(duplicate_groups, sentences, big=n >= BACKGROUND_DUPLICATES) as finding_groups:
        rep = represent(cluster)
        centroid = rep.matrix @ rep.centroid()
        own_doc = np.array([s.doc for s in sentences])
        title_own, title_any = _similarity_to_texts(rep, [d.title_key for d in docs], own_doc)
        in_sapo = np.array([s.in_sapo for s in sentences], dtype=bool)
        sapo_own, sapo_any = _similarity_to_texts(rep, [d.sapo_key for d in docs], own_doc, in_sapo)
        groups = finding_groups.result()
    # Positions count from the start of the body: a sapo found in the text shares the first body
    # sentence's position (and is told apart by in_sapo), so "first" means the same in every layout.
    sapo_sentences = np.zeros(n_docs, dtype=int)
    sapo_paragraphs = np.zeros(n_docs, dtype=int)
    for s in sentences:
        if s.in_sapo:
            sapo_sentences[s.doc] += 1
            sapo_paragraphs[s.doc] = s.paragraph + 1

    # Support: in how many other documents a near-duplicate of this sentence appears.
    group_docs: dict[int, set[int]] = {}
    for s, g in zip(sentences, groups):
        group_docs.setdefault(int(g), set()).add(s.doc)
    doc_sizes = np.array([max(len(d.sentences), 1) for d in docs]) - sapo_sentences

    f = np.zeros((n, len(FEATURE_NAMES)))
    for i, s in enumerate(sentences):
        k = s.key
        length = s.length
        support = len(group_docs[int(groups[i])]) - 1
        index = 0 if s.in_sapo else s.index - sapo_sentences[s.doc]
        paragraph = 0 if s.in_sapo else s.paragraph - sapo_paragraphs[s.doc]
        no_sapo = float(not docs[s.doc].sapo_key)
        row = {
            "pos_first": float(index == 0),
            "pos_inv": 1.0 / (1 + index),
            "pos_rel": index / max(doc_sizes[s.doc], 1),
            "para_inv": 1.0 / (1 + paragraph),
            "pos_in_para_first": float(s.position_in_paragraph == 0),
            "len_log": np.log1p(length),
            "len_short": float(length < 10),
            "len_long": float(length > 60),
            "centroid": centroid[i],
            "title_own": title_own[i],
            "title_any": title_any[i],
            "sapo_own": sapo_own[i],
            "sapo_any": sapo_any[i],
            "in_sapo": float(s.in_sapo),
            "support": support / max(n_docs - 1, 1),
            "support_any": float(support > 0),
            "doc_share": 1.0 / n_docs,
            "has_number": float(bool(_NUMBER.search(k))),
            "has_date": float(bool(_DATE_WORDS.search(k))),
            "has_quote": float(bool(_QUOTE.search(k))),
            "has_say": float(bool(_SAY.search(k))),
            "starts_connective": float(bool(_CONNECTIVE.match(k))),
            "is_question": float(k.rstrip().endswith("?")),
            "n_docs_log": np.log(n_docs),
            "no_sapo": no_sapo,
            "no_title": float(not docs[s.doc].title_key),
            "pos_inv_no_sapo": no_sapo / (1 + index),
            "pos_first_no_sapo": no_sapo * (index == 0),
            "para_inv_no_sapo": no_sapo / (1 + paragraph),
            "centroid_no_sapo": no_sapo * centroid[i],
            "len_log_no_sapo": no_sapo * np.log1p(length),
        }
        f[i] = [row[name] for name in FEATURE_NAMES]
    return Context(cluster, rep, groups, f, leaning(sentences), unfit(sentences))
