"""Train the learned pairwise similarity shipped in storyline/data/similarity.json.

    python -m benchmarks.train_similarity [--check] [--evaluate]

One command, deterministic: the same pools give the same weights, byte for
byte.  Training pairs come from replaying each dev pool through the online
clusterer with the gold groups forced ("teacher forcing"): each article is
scored against the open groups the clusterer's index shortlists, exactly as
at run time, and each (article, candidate group) pair is labelled 1 when the
candidate is the article's gold group.  The article then joins its gold group
(or opens it), so later pairs see the groups they would see if every earlier
decision had been right.

* story level (one event): the pooled Multi-News dev file and the NeuS dev
  pool (original case and titles, so title and name features get signal);
* thread level (a topic over weeks): the same pools plus the MultiLing 2011
  dev pool, whose gold groups are topics; each pool weighs the same in the fit,
  so the 20 MultiLing articles are not drowned by 14,000 Multi-News ones.

* thread level with sentence embeddings (``thread_minilm``, the optional
  ``thread.embeddings = "minilm"``): the thread level's pools and features
  plus the embedding cosine; each article's embedding is storyline's own
  (benchmarks.threads.cached_embedder: the MiniLM cache where present, else
  the model, which needs the ``embeddings`` extra).

No dev pool is dated, so the time gap is not a learned feature: time enters
through the quiet gap that closes stories and threads.

The model is an L2-regularised logistic regression fitted by Newton's method
(numpy).  ``--check`` retrains and fails if the shipped file differs;
``--evaluate`` scores the story level with the shipped weights against the
cosine rule on the Multi-News dev pool.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.common import data_path
from benchmarks.stories import clean_articles, load_rows

POOLS = {
    "multinews": data_path("story-clustering", "multinews-dev-pooled.jsonl.gz"),
    "neus": data_path("mds", "neus-dev.jsonl.gz"),
    "multiling": data_path("mds", "multiling2011en-dev.jsonl.gz"),
}
LEVEL_POOLS = {
    "story": ("multinews", "neus"),
    "thread": ("multinews", "neus", "multiling"),
    "thread_minilm": ("multinews", "neus", "multiling"),
}
L2 = 1.0  # ridge penalty on the weights (not the bias), in units of one pool's total weight
OUTPUT = Path(__file__).resolve().parents[1] / "storyline" / "data" / "similarity.json"


def pairs_of_pool(path: Path, level: str) -> tuple[np.ndarray, np.ndarray]:
    """Feature rows and labels of every (article, shortlisted group) pair in a replay."""
    from storyline.cluster import StoryClusterer, _sort_key, _title_of
    from storyline.similarity import features, profile
    from storyline.threads import ThreadTracker

    rows = load_rows(path)
    articles = clean_articles(rows, path)
    tracker = ThreadTracker(similarity="cosine") if level.startswith("thread") else None
    engine = tracker or StoryClusterer(similarity="cosine")
    engine._ready()
    if tracker and level == "thread_minilm":
        from benchmarks.threads import cached_embedder

        # The replay scores by hand (no model), so the embedder is set without the setting.
        tracker._embedder = cached_embedder(articles)
    # The thread level runs over the story level's stories, as at run time: it scores
    # the best of the thread and its latest member stories, and weighs names and
    # figures by their rarity among its open threads.
    stories = StoryClusterer() if tracker else None
    group_of_gold: dict[str, str] = {}
    samples: list[tuple[float, ...]] = []
    labels: list[int] = []
    order = sorted(range(len(articles)), key=lambda k: _sort_key(articles[k])[0])
    for k in order:
        article, gold = articles[k], rows[k]["cluster"]
        story_id = stories.add(article) if stories else article.id
        if tracker:
            tracker._story_now = story_id
            if tracker._embedder is not None:
                tracker._embed_article(article)
        active = engine._advance(article.published)
        terms = engine._features(article)
        engine._frequencies.add(terms)
        vector = engine._vector(terms)
        item = profile(article.title, article.text)
        for group in engine._shortlist(vector):
            if tracker:
                cosine = tracker._body_cosine(vector, group)
                samples.append(tracker._pair_features(cosine, item, group))
            else:
                shared = vector.keys() & group.centroid.keys()
                cosine = sum([vector[t] * group.centroid[t] for t in shared]) / group.size
                samples.append(features(cosine, item, group.profile))
            labels.append(int(group_of_gold.get(gold) == group.id))
        target_id = group_of_gold.get(gold)
        target = engine._open.get(target_id) if target_id else None
        if target is None:
            target = engine._open_story(article.id, _title_of(article))
            group_of_gold[gold] = target.id
        engine._attach(target, article, active, None)
        engine._absorb(target, vector, terms, item)
        engine._reindex(target)
        if tracker:
            tracker._note_story(target.id, story_id)
        engine._close_over_limit()
    return np.asarray(samples, dtype=np.float64), np.asarray(labels, dtype=np.float64)


def fit_logistic(
    x: np.ndarray, y: np.ndarray, weight: np.ndarray, *, l2: float
) -> tuple[np.ndarray, float]:
    """Weighted L2 logistic regression by Newton's method; (weights, bias)."""
    design = np.hstack([x, np.ones((x.shape[0], 1))])
    beta = np.zeros(design.shape[1])
    penalty = np.full(design.shape[1], l2)
    penalty[-1] = 0.0
    for _ in range(100):
        z = design @ beta
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -35, 35)))
        gradient = design.T @ (weight * (p - y)) + penalty * beta
        hessian = (design * (weight * p * (1 - p))[:, None]).T @ design + np.diag(penalty)
        step = np.linalg.solve(hessian + 1e-9 * np.eye(len(beta)), gradient)
        beta -= step
        if np.max(np.abs(step)) < 1e-10:
            break
    return beta[:-1], float(beta[-1])


def train(pools: dict[str, Path]) -> dict[str, Any]:
    from storyline.similarity import FEATURES, LEVELS

    levels: dict[str, Any] = {}
    cache: dict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = {}
    for level, names in LEVEL_POOLS.items():
        xs, ys, ws, counts = [], [], [], {}
        for name in names:
            key = (name, level)
            if key not in cache:
                cache[key] = pairs_of_pool(pools[name], level)
            x, y = cache[key]
            xs.append(x)
            ys.append(y)
            ws.append(np.full(len(y), 1.0 / max(len(y), 1)))  # each pool weighs 1
            counts[name] = {"pairs": len(y), "positives": int(y.sum())}
        weights, bias = fit_logistic(
            np.vstack(xs), np.concatenate(ys), np.concatenate(ws), l2=L2 / 1000
        )
        levels[level] = {
            "weights": [round(float(w), 6) for w in weights],
            "bias": round(bias, 6),
            "pools": counts,
        }
        if LEVELS[level] != FEATURES:
            levels[level]["features"] = list(LEVELS[level])
    return {
        "features": list(FEATURES),
        "levels": levels,
        "trained_on": {name: _sha256(path) for name, path in pools.items()},
        "command": "python -m benchmarks.train_similarity",
    }


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


EVALUATION_BARS = (0.5, 0.4, 0.3, 0.25, 0.18, 0.12)


def evaluate_story_level(path: Path) -> list[dict[str, Any]]:
    """BCubed of the story level on a pool: the cosine rule and the learned model at bars."""
    from benchmarks.stories import gold_labels, score
    from storyline.cluster import StoryClusterer, _sort_key

    rows = load_rows(path)
    articles = clean_articles(rows, path)
    gold = gold_labels(rows)
    order = sorted(range(len(articles)), key=lambda k: _sort_key(articles[k])[0])
    settings: list[dict[str, Any]] = [{"similarity": "cosine"}]
    settings += [{"similarity": "learned", "min_probability": bar} for bar in EVALUATION_BARS]
    found = []
    for params in settings:
        clusterer = StoryClusterer(**params)
        labels = {k: clusterer.add(articles[k]) for k in order}
        scores = score([labels[k] for k in range(len(articles))], gold)
        bar = params.get("min_probability", "-")
        row = {"similarity": params["similarity"], "min_probability": bar}
        found.append({**row, **{k: round(v, 4) for k, v in scores.items() if "bcubed" in k}})
    return found


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="fail if the shipped file differs")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument(
        "--evaluate",
        action="store_true",
        help="score the story level on the Multi-News dev pool: cosine vs the shipped model",
    )
    args = parser.parse_args(argv)
    if args.evaluate:
        from benchmarks.common import print_table

        print_table("Story level, pooled Multi-News dev", evaluate_story_level(POOLS["multinews"]))
        return 0
    missing = [str(path) for path in POOLS.values() if not path.exists()]
    if missing:
        print(f"missing dev pools: {', '.join(missing)}", file=sys.stderr)
        return 1
    text = json.dumps(train(POOLS), indent=2, sort_keys=True) + "\n"
    if args.check:
        same = args.output.exists() and args.output.read_text("utf-8") == text
        print("shipped weights match" if same else "shipped weights DIFFER from a retrain")
        return 0 if same else 1
    args.output.write_text(text, "utf-8")
    print(text)
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
