"""Average linkage on huge stories: thousands of copies (exact or lightly edited) cost work linear in
their number, and still form one story (far more articles than the neighbour search shows each one).
Work is counted in group pairs scored and compared by their keyword rows, not timed. The pair scores here are
the cosines themselves."""
import numpy as np
import pytest
import scipy.sparse as sp

from tomtat.stories import linkage
from tomtat.stories.candidates import candidate_pairs


def near_copies(n: int, seed: int = 0, vocabulary: int = 5000, terms: int = 60, edits: int = 3) -> sp.csr_matrix:
    """n L2-normalised rows: one story's terms, each copy with a few of them dropped and a few added."""
    rng = np.random.RandomState(seed)
    base = rng.choice(vocabulary, terms, replace=False)
    rows = []
    for _ in range(n):
        kept = np.delete(base, rng.choice(terms, edits, replace=False))
        rows.append(np.concatenate([kept, rng.choice(vocabulary, edits)]))
    indptr = np.arange(0, n * terms + 1, terms)
    x = sp.csr_matrix((np.ones(n * terms), np.concatenate(rows), indptr), shape=(n, vocabulary))
    x.sum_duplicates()
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    return sp.csr_matrix(sp.diags(1 / norms) @ x)


def scored_pairs(monkeypatch, x: sp.csr_matrix) -> tuple[int, np.ndarray]:
    calls = []
    mean, dot = linkage._mean, linkage._dot   # called once per group pair scored / compared by keyword rows
    monkeypatch.setattr(linkage, "_mean", lambda *a: calls.append(1) or mean(*a))
    monkeypatch.setattr(linkage, "_dot", lambda *a: calls.append(1) or dot(*a))
    same = linkage.identical_rows(x)
    heads = np.flatnonzero(same == np.arange(len(same)))
    rows, cols, sims = candidate_pairs(x[heads], 0.2)
    start = len(calls)
    labels = linkage.average_linkage(x.shape[0], heads[rows], heads[cols], sims, 0.2, same=same, x=x, cosine=0.5)
    return len(calls) - start, labels


def test_near_copies_cost_linear_work_and_form_one_story(monkeypatch):
    small, labels_small = scored_pairs(monkeypatch, near_copies(300))
    big, labels_big = scored_pairs(monkeypatch, near_copies(1200))
    assert len(set(labels_small)) == 1 and len(set(labels_big)) == 1
    # four times the copies: linear work is about 4x the scored pairs, quadratic (every absorbed copy
    # rescoring the whole story, as before) about 16x
    assert big / small < 6, (small, big)


@pytest.mark.parametrize("n", [50, 2000])
def test_identical_copies_are_one_group_before_any_scoring(monkeypatch, n):
    one = near_copies(1, edits=0)
    x = sp.vstack([one] * n + [near_copies(1, seed=5, edits=0)]).tocsr()
    same = linkage.identical_rows(x)
    assert same[:n].tolist() == [0] * n and same[n] == n
    calls, labels = scored_pairs(monkeypatch, x)
    assert labels[:n].tolist() == [0] * n and labels[n] == n   # the unrelated row stays apart
    assert calls <= 2   # nothing left to rescore: the copies were one weighted group from the start


def test_one_bridging_pair_does_not_join_two_big_groups():
    # two stories of 40 articles, every pair within a story at 0.9, one pair across at 0.8: the mean
    # over the pairs the search could show (REACH x 80 of them) stays far below any threshold
    a, b = np.arange(40), np.arange(40, 80)
    ii, jj = np.triu_indices(40, 1)
    rows = np.concatenate([a[ii], b[ii], [0]])
    cols = np.concatenate([a[jj], b[jj], [40]])
    scores = np.concatenate([np.full(2 * len(ii), 0.9), [0.8]])
    labels = linkage.average_linkage(80, rows, cols, scores, 0.2)
    assert labels.tolist() == [0] * 40 + [40] * 40


def two_variants(n: int, shared: int, seed: int = 1, terms: int = 60, vocabulary: int = 5000):
    """Two families of n near copies each (rows L2-normalised): both tell one text, but family B's rows
    replace `terms - shared` of its terms by words of their own (a headline edited once and reposted), and
    the graph joins each copy to the 20 next copies of its own family only, as a saturated neighbour search
    does. Scores are the rows' cosines."""
    rng = np.random.RandomState(seed)
    base = rng.choice(vocabulary, terms, replace=False)
    own = np.setdiff1d(np.arange(vocabulary), base)[rng.choice(vocabulary - terms, terms - shared, replace=False)]
    variant = np.concatenate([base[:shared], own])
    rows = []
    for family in (base, variant):
        for _ in range(n):
            kept = np.delete(family, rng.choice(terms, 3, replace=False))
            rows.append(np.concatenate([kept, rng.choice(vocabulary, 3)]))
    x = sp.csr_matrix((np.ones(2 * n * terms), np.concatenate(rows), np.arange(0, 2 * n * terms + 1, terms)),
                      shape=(2 * n, vocabulary))
    x.sum_duplicates()
    x = sp.csr_matrix(sp.diags(1 / np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())) @ x)
    ring = np.arange(n)
    i = np.concatenate([f * n + ring for f in (0, 1) for _ in range(1, 21)])
    j = np.concatenate([f * n + (ring + step) % n for f in (0, 1) for step in range(1, 21)])
    sims = np.asarray(x[i].multiply(x[j]).sum(axis=1)).ravel()
    return x, i, j, sims


def test_variant_families_the_graph_never_joined_are_one_story():
    # 10,000 near copies of one text came out as 32 stories: past 20 copies of a variant, every copy's
    # neighbours are copies of its own variant and the graph falls apart; the linkage must still compare them
    x, i, j, sims = two_variants(150, shared=48)
    mean_cosine = np.asarray(x[:150].sum(axis=0)).ravel() @ np.asarray(x[150:].sum(axis=0)).ravel() / 150 ** 2
    assert 0.5 < mean_cosine < 0.9   # alike, not identical
    assert ((i < 150) == (j < 150)).all()   # no pair of the graph between the two variants
    labels = linkage.average_linkage(300, i, j, sims, 0.5, x=x, cosine=0.5)
    assert labels.tolist() == [0] * 300


def test_variant_families_stay_apart_when_a_hard_rule_or_their_words_say_so():
    from tomtat.stories.signals import EventSignals
    from tomtat.stories.veto import GroupVeto

    x, i, j, sims = two_variants(150, shared=48)
    nov, dec = frozenset({(None, 11, 14)}), frozenset({(None, 12, 20)})
    signals = [EventSignals(days=nov, lead_days=nov)] * 150 + [EventSignals(days=dec, lead_days=dec)] * 150
    labels = linkage.average_linkage(300, i, j, sims, 0.5, x=x, cosine=0.5, veto=GroupVeto(signals, None, None))
    assert labels.tolist() == [0] * 150 + [150] * 150   # a month apart: two occasions, however alike
    nov15 = frozenset({(None, 11, 15)})   # a bulletin and the next day's: no hard rule between them, yet no copies
    signals = [EventSignals(days=nov, lead_days=nov)] * 150 + [EventSignals(days=nov15, lead_days=nov15)] * 150
    labels = linkage.average_linkage(300, i, j, sims, 0.5, x=x, cosine=0.5, veto=GroupVeto(signals, None, None))
    assert labels.tolist() == [0] * 150 + [150] * 150
    x, i, j, sims = two_variants(150, shared=15)   # a quarter of their words in common: two stories
    labels = linkage.average_linkage(300, i, j, sims, 0.5, x=x, cosine=0.5)
    assert labels.tolist() == [0] * 150 + [150] * 150
