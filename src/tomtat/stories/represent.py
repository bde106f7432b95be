"""Per-article representation: the summarizer's cleaning and tokens, hashed into TF-IDF vectors.

Each article is cleaned exactly as `summarize` cleans it (text/clean.py drops menus, bylines, captions,
related links), its headline found as `summarize` finds it (text/structure.py), its kept spans and
headline become match-key syllables (text/normalize.py), and its terms are syllable unigrams and bigrams
(a Vietnamese word is mostly one or two syllables), as the summarizer's sentence vectors use. Two more
term sets feed the pair model (pairs.py): the headline's own terms, and the names in the article
(entities.py). The per-article step is stateless (feature hashing), so it runs in any worker; the
corpus-wide part (IDF, sublinear TF, L2 norm) is one cheap pass on the driver.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from ..text.clean import clean
from ..text.normalize import collapse_spaces, nfc
from ..text.structure import detect
from .background import background
from .entities import names
from .feed import Article
from .hashing import N_FEATURES as N_FEATURES  # re-exported: the column count of the vectors (store/features.py)
from .hashing import NAME_PREFIX, hash_terms, piece_terms
from .signals import EventSignals, event_signals

TITLE_WEIGHT = 2   # a headline names the story; its terms count this many times
KEYWORDS = 50      # terms kept per article (its heaviest) for the neighbour search; chosen on AbMuSu train
WIDE = 200         # terms kept per article for the pair model's body cosine (the long tail helps there)


def headline(article: Article, found: str, headings: list[str]) -> str:
    """The given title, else the headline structure detection found at the top of the text, else the
    first mixed-case heading cleaning found.

    Detection comes before the headings: a heading can be a byline or a photo credit further down
    ("Mai Phương"), and weighted as a title it joined unrelated articles by the same reporter.
    """
    if article.title.strip():
        return collapse_spaces(nfc(article.title))
    if found:
        return found
    if headings:
        return next((h for h in headings if not h.isupper()), headings[0])
    return ""


@dataclass
class ArticleTerms:
    terms: list[str]          # headline (weighted), sapo and body terms
    title_terms: list[str]    # the headline's terms alone
    names: list[str]          # capitalised runs of headline, sapo and body (entities.py)
    title: str
    dateline: dt.date | None
    signals: EventSignals     # when and where its event happened (signals.py)


def article_terms(article: Article) -> ArticleTerms:
    """The article's terms, its headline's terms, its names, its headline and its dateline's date."""
    norm = nfc(article.text)
    # Captions given apart from the text (article.captions) are left in: their lines name the story's people and
    # places, and dropping them lowered the labelled pairs' event recall on the choose split (0.754 -> 0.708 with
    # the pair models refitted, precision 0.632 -> 0.634). So are related-news teasers after an outlet dateline
    # ("<headline> TTO - <lead>"): without them the choose split fell from 0.636 / 0.754 to 0.618 / 0.723 (event
    # precision / recall), thread precision 0.830 -> 0.793 (the report split rose, 0.527 / 0.667 -> 0.543 /
    # 0.708). Summaries drop both (pipeline.prepare_document).
    cleaned = clean(norm, datelines=False)
    heads = list(cleaned.headings)
    found = detect(norm, cleaned, title=article.title, sapo=article.sapo)   # drops a headline line from `kept`
    title = headline(article, found.headline, heads)
    title_terms = piece_terms(title) if title else []
    terms = title_terms * TITLE_WEIGHT
    spans = [norm[a:b] for a, b in cleaned.kept]
    if article.sapo.strip():
        terms += piece_terms(article.sapo)
    for span in spans:
        terms += piece_terms(span)
    found_names = [NAME_PREFIX + n for part in (title, article.sapo, *spans) for n in names(part)]
    date, precision = (article.date, article.date_precision) if article.date else (cleaned.date, "day")
    signals = event_signals(title, article.sapo, spans, date, precision)
    return ArticleTerms(terms, title_terms, found_names, title, cleaned.date, signals)


def content_key(article: Article) -> str:
    """A total order on articles that does not depend on where they stood in the input."""
    h = hashlib.sha1()
    for part in (article.title, article.sapo, article.text, article.url, article.outlet, str(article.date or "")):
        h.update(nfc(part).encode("utf-8"))
        h.update(b"\x1f")
    return h.hexdigest()


@dataclass
class Features:
    """Raw hashed term counts (one row per article): all terms, headline terms, names; each article's
    headline and dateline date."""

    counts: sp.csr_matrix
    title_counts: sp.csr_matrix
    name_counts: sp.csr_matrix
    titles: list[str]
    datelines: list[dt.date | None]
    signals: list[EventSignals]


def featurize(articles: list[Article]) -> Features:
    """The per-article work of a chunk: clean, tokenize, hash. Runs in workers."""
    done = [article_terms(article) for article in articles]
    return Features(hash_terms([d.terms or ["\x00empty"] for d in done]), hash_terms([d.title_terms for d in done]),
                    hash_terms([d.names for d in done]), [d.title for d in done], [d.dateline for d in done],
                    [d.signals for d in done])


def keep_top(x: sp.csr_matrix, top: int) -> sp.csr_matrix:
    """Each row's `top` largest entries (ties at the cut kept, so the result does not depend on term order)."""
    data = x.data
    for i in range(x.shape[0]):
        lo, hi = x.indptr[i], x.indptr[i + 1]
        if hi - lo > top:
            row = data[lo:hi]
            cut = np.partition(row, hi - lo - top)[hi - lo - top]
            row[row < cut] = 0.0
    x.eliminate_zeros()
    return x


def first_rows(*matrices: sp.csr_matrix) -> np.ndarray:
    """For each row, the index of the first row equal to it in every matrix (canonical CSR of the same rows). A
    row empty in every matrix (a text without a word) is its own: two such texts need not be one. Rows are
    compared by a 128-bit digest of their terms and counts, so the memory is 16 bytes a row, not a row's copy."""
    first: dict[bytes, int] = {}
    out = np.empty(matrices[0].shape[0], dtype=np.int64)
    for i in range(len(out)):
        if all(m.indptr[i] == m.indptr[i + 1] for m in matrices):
            out[i] = i
            continue
        h = hashlib.blake2b(digest_size=16)
        for m in matrices:
            lo, hi = m.indptr[i], m.indptr[i + 1]
            h.update(np.int64(hi - lo).tobytes())
            h.update(m.indices[lo:hi].tobytes())
            h.update(m.data[lo:hi].tobytes())
        out[i] = first.setdefault(h.digest(), i)
    return out


def tfidf(counts: sp.csr_matrix, top: int | None = None, copy: bool = True, *, df: np.ndarray | None = None,
          docs: int | None = None, full: bool = False, repeats: np.ndarray | None = None) -> sp.csr_matrix:
    """Sublinear TF × smooth IDF over the whole feed and a background corpus, rows L2-normalised (dot
    products are cosines).

    With `top`, each article keeps only its `top` heaviest terms (its keywords) before normalising: the long
    tail of common words adds noise that makes articles of one topic look like one story. Terms that occur
    in one article only are dropped before the keywords are picked: they add nothing to any dot product
    between two articles, yet as the rarest terms they would take keyword slots and weigh in the norm.

    `repeats`: rows that repeat an earlier article (first_rows: those not their own first), left out of the rows' own document
    frequencies: a text posted twice is one text, so its words look no commoner, and a word of that text
    alone is still one article's (posted twice each, the seeds clustered into other events than posted once,
    as every one-text word then survived). The story store keeps one article per text, so counts alike.

    With `df` and `docs`, the document frequencies and the number of documents are those given (the story
    store's, over every article it holds) instead of the rows' own; with `full`, every hashed column is kept
    (rows computed on different days can then be compared).
    """
    x = counts.tocsr().astype(np.float32, copy=copy)   # copy=False: `counts` is used up (saves a matrix)
    x.sum_duplicates()
    n = x.shape[0] if docs is None else docs
    if df is None:
        df = np.bincount(x.indices, minlength=x.shape[1])
        if repeats is not None and len(repeats):
            df -= np.bincount(x[repeats].indices, minlength=x.shape[1])
            n = x.shape[0] - len(repeats) if docs is None else docs
    bg_df, bg_n = background()   # the feed's counts plus a large news corpus's (background.py)
    idf = (np.log((1.0 + n + bg_n) / (1.0 + df + bg_df)) + 1.0).astype(np.float32)
    x.data = (1.0 + np.log(x.data)) * idf[x.indices]
    x.data[df[x.indices] < 2] = 0.0   # a term of one article only: the rarest, so it would win a keyword slot
    x.eliminate_zeros()               # yet add nothing to any dot product (train F1 0.9135 vs 0.905)
    if top is not None:
        x = keep_top(x, top)
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    x = sp.diags((1.0 / norms).astype(np.float32)) @ x
    if full:
        return x.tocsr()
    keep = np.flatnonzero(df >= 2)
    return x[:, keep].tocsr()
