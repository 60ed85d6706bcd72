"""How far can any threshold clustering get on a story pool?  Evidence for the issue note.

    python -m benchmarks.stories_ceiling [PATH] [--weights 0.5,0.7]

PATH defaults to the pooled Multi-News dev file of ``benchmarks.stories``.  This
is not a system storyline could run: it is offline, sees the whole pool, and
reads the gold labels to pick its best threshold, so its best score is an
optimistic ceiling for what the peers' representations allow.  It reports:

* nearest-neighbour agreement: how often an article's most similar other
  article belongs to its own story, with scikit-learn TF-IDF cosine (as the
  peers use), all-MiniLM-L6-v2 cosine, and weighted sums of the two;
* for each weighted sum, average-linkage agglomerative clustering over a
  grid of distance thresholds, scored with BCubed (``benchmarks.stories.score``).

Needs the bench extra and torch (the MiniLM embeddings are cached by
``benchmarks.stories`` under benchmarks/out/).  Prints a table and writes
benchmarks/out/stories_ceiling.json.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.common import print_table, write_results
from benchmarks.stories import (
    DEFAULT_PATH,
    document_text,
    gold_labels,
    load_rows,
    minilm_available,
    minilm_embeddings,
    score,
    tfidf_vectors,
)

DISTANCE_GRID = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85)


def nearest_neighbour_agreement(similarity: np.ndarray, gold: Sequence[str]) -> float:
    """Share of articles whose most similar other article is in the same gold story."""
    labels = np.asarray(gold)
    masked = similarity.copy()
    np.fill_diagonal(masked, -np.inf)
    return float((labels[masked.argmax(axis=1)] == labels).mean())


def best_cut(similarity: np.ndarray, gold: Sequence[str]) -> list[dict[str, Any]]:
    """Average-linkage tree over 1 - similarity, cut at every grid distance."""
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    distances = np.clip(1.0 - similarity, 0.0, None)
    np.fill_diagonal(distances, 0.0)
    tree = linkage(squareform(distances, checks=False), method="average")
    rows = []
    for threshold in DISTANCE_GRID:
        labels = fcluster(tree, threshold, criterion="distance")
        rows.append({"distance": threshold, **score(list(labels), gold)})
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_PATH)
    parser.add_argument(
        "--weights",
        default="0.5,0.7",
        help="weights of TF-IDF cosine in the sums with MiniLM cosine (comma-separated)",
    )
    args = parser.parse_args(argv)
    reason = minilm_available()
    if reason is not None:
        parser.error(f"the MiniLM embeddings are needed: {reason}")
    rows = load_rows(args.path)
    gold = gold_labels(rows)
    texts = [document_text(row) for row in rows]
    vectors = tfidf_vectors(texts)
    tfidf = (vectors @ vectors.T).toarray()
    embeddings, _ = minilm_embeddings(texts)
    minilm = embeddings.astype(np.float64) @ embeddings.astype(np.float64).T
    weights = [float(w) for w in args.weights.split(",") if w.strip()]
    table: list[dict[str, Any]] = []
    grids: dict[str, Any] = {}
    for weight in (1.0, 0.0, *weights):
        similarity = weight * tfidf + (1.0 - weight) * minilm
        name = f"{weight:g} TF-IDF + {1 - weight:g} MiniLM"
        grid = best_cut(similarity, gold)
        best = max(grid, key=lambda row: row["bcubed_f1"])
        grids[name] = [{k: round(v, 4) for k, v in row.items()} for row in grid]
        table.append(
            {
                "similarity": name,
                "nn_agreement": round(nearest_neighbour_agreement(similarity, gold), 4),
                "best_distance": best["distance"],
                "bcubed_p": round(best["bcubed_p"], 4),
                "bcubed_r": round(best["bcubed_r"], 4),
                "bcubed_f1": round(best["bcubed_f1"], 4),
            }
        )
        print(f"{name}: best BCubed F1 {best['bcubed_f1']:.4f}", flush=True)
    print_table("Ceiling of threshold clustering (gold-tuned, offline)", table)
    out = write_results(
        "stories_ceiling",
        {"path": str(args.path), "articles": len(rows), "results": table, "grids": grids},
    )
    print(f"\nwrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
