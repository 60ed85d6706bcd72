"""The direct TF-IDF build gives the very arrays of the plain sparse-matrix route."""

from __future__ import annotations

import random

import numpy as np
from scipy import sparse

from storyline.text import terms
from storyline.tfidf import tfidf_rows

_TEXT = (
    "council vote budget river flood bridge mayor school strike union port ship cargo "
    "rain storm wind power grid hospital nurse court judge appeal fine tax rate bank loan "
    "the of and a to in on 41,500 2.5 Okafor Lisbon"
)
_WORDS = _TEXT.split()


def _reference(texts: list[str]) -> sparse.csr_matrix:
    """The route the direct build replaces: COO counts, element-wise IDF, diagonal scaling."""
    vocabulary: dict[str, int] = {}
    rows: list[int] = []
    columns: list[int] = []
    for row, text in enumerate(texts):
        for term in terms(text):
            rows.append(row)
            columns.append(vocabulary.setdefault(term, len(vocabulary)))
    counts = sparse.csr_matrix(
        (np.ones(len(rows)), (rows, columns)), shape=(len(texts), len(vocabulary))
    )
    counts.sum_duplicates()
    frequency = np.bincount(counts.indices, minlength=len(vocabulary))
    idf = np.log((1 + len(texts)) / (1 + frequency)) + 1
    weighted = sparse.csr_matrix(counts.multiply(idf))
    norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ weighted)


def _same_arrays(first: sparse.csr_matrix, second: sparse.csr_matrix) -> bool:
    return (
        first.shape == second.shape
        and first.indptr.dtype == second.indptr.dtype
        and first.indices.dtype == second.indices.dtype
        and np.array_equal(first.indptr, second.indptr)
        and np.array_equal(first.indices, second.indices)
        and first.data.tobytes() == second.data.tobytes()
    )


def test_tfidf_rows_are_bit_identical_to_the_sparse_route() -> None:
    rng = random.Random(7)
    for _ in range(300):
        texts = [
            " ".join(rng.choice(_WORDS) for _ in range(rng.randint(0, 40)))
            for _ in range(rng.randint(1, 30))
        ]
        assert _same_arrays(tfidf_rows(texts), _reference(texts)), texts


def test_tfidf_rows_of_texts_without_terms_are_empty() -> None:
    result = tfidf_rows(["", "the of and", "!!"])
    assert result.shape == (3, 0)
    assert result.nnz == 0
    assert _same_arrays(result, _reference(["", "the of and", "!!"]))


def test_tfidf_rows_are_unit_length_and_rare_terms_weigh_more() -> None:
    result = tfidf_rows(["flood bridge flood", "flood council", "flood mayor"]).toarray()
    assert np.allclose(np.linalg.norm(result, axis=1), 1.0)
    columns = dict.fromkeys(terms("flood bridge council mayor"))
    vocabulary = {term: k for k, term in enumerate(columns)}
    second = result[1]
    assert second[vocabulary["council"]] > second[vocabulary["flood"]] > 0
