"""TF-IDF rows of a story's sentences, built straight into a CSR matrix.

The summary scores every sentence of a story against the others with these
rows.  Stories are small (tens of sentences), so the cost is in building the
matrix, not in arithmetic: the arrays are laid out here in one pass and
wrapped once, instead of going through coordinate form, an element-wise
product and a diagonal product (each a new sparse matrix).  The numbers and
their layout are exactly those of that longer route (the unit tests compare
the two bit for bit), so every sum taken over the rows later adds the same
values in the same order:

* each row's terms counted, columns in order of first appearance in the story;
* IDF ``log((1 + n) / (1 + df)) + 1``, weights ``count * idf``;
* each row divided by its L2 norm (a row without terms stays empty), its
  entries stored in descending column order, as a sparse product leaves them.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

from .text import terms

__all__ = ["tfidf_rows"]


def tfidf_rows(texts: list[str]) -> sparse.csr_matrix:
    """Rows: L2-normalised TF-IDF vectors of ``texts`` (zero rows for texts without terms)."""
    vocabulary: dict[str, int] = {}
    pointers = [0]
    columns: list[int] = []
    counts: list[float] = []
    for text in texts:
        row: dict[int, int] = {}
        for term in terms(text):
            column = vocabulary.setdefault(term, len(vocabulary))
            row[column] = row.get(column, 0) + 1
        for column in sorted(row):
            columns.append(column)
            counts.append(float(row[column]))
        pointers.append(len(columns))
    indices = np.array(columns, dtype=np.int32)
    indptr = np.array(pointers, dtype=np.int32)
    frequency = np.bincount(indices, minlength=len(vocabulary))
    idf = np.log((1 + len(texts)) / (1 + frequency)) + 1
    weighted = np.array(counts, dtype=np.float64) * idf[indices]
    lengths = np.diff(indptr)
    squares = np.zeros(len(texts))
    filled = np.flatnonzero(lengths)
    if filled.size:  # one reduction per row, in ascending column order, as a row sum does
        squares[filled] = np.add.reduceat(weighted * weighted, indptr[filled])
    norms = np.sqrt(squares)
    norms[norms == 0] = 1.0
    data = np.repeat(1.0 / norms, lengths) * weighted
    # each row's entries in descending column order, as the sparse product leaves them
    row_of = np.repeat(np.arange(len(texts)), lengths)
    reverse = indptr[row_of] + indptr[row_of + 1] - 1 - np.arange(len(columns))
    return sparse.csr_matrix(
        (data[reverse], indices[reverse], indptr), shape=(len(texts), len(vocabulary))
    )
