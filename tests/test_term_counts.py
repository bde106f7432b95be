"""TermCounter + TfidfTransformer give the matrix sklearn's TfidfVectorizer gave, bit for bit and in
the same stored order, so every score computed from it is unchanged."""
import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from tomtat.extractive import term_counts
from tomtat.extractive.represent import represent, terms
from tomtat.pipeline import build_cluster
from tomtat.text.normalize import match_key, syllables

ARTICLES = [
    "Bộ Y tế cho biết cả nước ghi nhận 1.250 ca mắc mới trong ngày 12/3.\nCác ca mắc mới tập trung ở Hà Nội và TP.HCM.\n"
    "Bộ trưởng Bộ Y tế đề nghị người dân tiếp tục đeo khẩu trang nơi công cộng.",
    "Theo Bộ Y tế, ngày 12/3 có 1.250 ca mắc mới, phần lớn ở Hà Nội.\nNgười dân được khuyến cáo đeo khẩu trang.\n"
    "Số ca khỏi bệnh trong ngày là 980 ca, nâng tổng số người khỏi lên hơn 9 triệu.",
    "Hà Nội ghi nhận số ca mắc cao nhất cả nước.\nSở Y tế Hà Nội cho biết đang tăng tốc tiêm vắc xin mũi 3.",
]


def _sklearn(sentences, fit_rows):
    """represent() as it was: TfidfVectorizer fit on `fit_rows`, applied to every sentence."""
    vec = TfidfVectorizer(analyzer=lambda x: x, sublinear_tf=True, norm="l2", dtype=np.float64)
    docs = [terms(s.syllables, s.words) for s in sentences]
    if fit_rows is None:
        return normalize(vec.fit_transform(docs)).tocsr(), vec
    vec.fit([d for d, keep in zip(docs, fit_rows) if keep])
    return normalize(vec.transform(docs)).tocsr(), vec


def _same(a, b):
    assert a.shape == b.shape
    assert np.array_equal(a.indptr, b.indptr) and np.array_equal(a.indices, b.indices)
    assert a.data.tobytes() == b.data.tobytes()


@pytest.mark.parametrize("block", [8192, 2])       # texts read in one block, or in blocks of two
@pytest.mark.parametrize("sapo_rows", [0, 2])
def test_matrix_and_key_vectors_equal_tfidfvectorizers(sapo_rows, block, monkeypatch):
    monkeypatch.setattr(term_counts, "_TEXTS_PER_BLOCK", block)
    cluster = build_cluster(ARTICLES)
    for s in cluster.sentences[:sapo_rows]:      # a sapo found in the text: not part of the fit
        s.in_sapo = True
    rep = represent(cluster)
    body = np.array([not s.in_sapo for s in cluster.sentences])
    matrix, vec = _sklearn(cluster.sentences, None if body.all() else body)
    _same(rep.matrix, matrix)
    keys = [match_key("Hà Nội ghi nhận 1.250 ca mắc mới"), match_key("Một câu với từ lạ xyz"), ""]
    _same(rep.transform_keys(keys), vec.transform([terms(syllables(k)) for k in keys]))


def test_a_cluster_without_any_term_is_one_pseudo_term():
    cluster = build_cluster(ARTICLES[:1])
    for s in cluster.sentences:
        s.syllables, s.words = [], []
    rep = represent(cluster)
    n = len(cluster.sentences)
    assert n > 1 and rep.matrix.shape == (n, 1) and rep.matrix.toarray().tolist() == [[1.0]] * n
    assert rep.transform_keys(["hà nội"]).nnz == 0
