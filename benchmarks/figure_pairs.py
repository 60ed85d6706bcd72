"""Figures across outlets: grouping precision and relation accuracy on hand-labelled pairs.

Usage::

    python -m benchmarks.figure_pairs [--data ../shared/data/mds/multinews-dev.jsonl.gz]
    python -m benchmarks.figure_pairs --candidates 200   # print pairs to label (not stored)

Labels (``benchmarks/labels/figure_pairs.jsonl``) pair two figures from
different articles of one Multi-News dev cluster: is it the same quantity,
and if so are the figures ``same``, ``compatible`` (one rounds, bounds or
approximates the other) or ``conflicting``; otherwise ``different``.  A figure
is stored by cluster id, article index, the sha1 of its sentence's normalised
text (lower case, white space collapsed) and the sha1 of its own normalised
text — never the text.

Each system groups all figures of the cluster (one article = one source):

- storyline: ``storyline.compare.figure_groups.group_figures``;
- peer (the grouping before issue 11): figures of the same kind, unit and
  counted noun, one group each.

Reported: grouping precision (labelled pairs a system puts in one group that
are the same quantity), grouping recall (same-quantity pairs put in one
group), relation accuracy (on same-quantity pairs a system groups, the share
whose relation, from ``relate``, is the labelled one).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.common import ROOT, data_path, print_table, read_jsonl, write_results
from storyline.compare import article_figures
from storyline.compare.figure_groups import group_figures, relate
from storyline.compare.model import Figure
from storyline.models import Article, CleanArticle, Origin
from storyline.text import sentences

LABELS = ROOT / "benchmarks" / "labels" / "figure_pairs.jsonl"
RELATIONS = ("same", "compatible", "conflicting")


def norm_hash(text: str) -> str:
    return hashlib.sha1(" ".join(text.lower().split()).encode()).hexdigest()


def cluster_figures(cluster: dict[str, Any]) -> list[tuple[int, Figure]]:
    """(article index, figure) for every figure of the cluster's articles."""
    found = []
    for index, document in enumerate(cluster["documents"]):
        article = Article.create(
            raw_id=f"{cluster['id']}-{index}",
            format="text",
            outlet=f"article {index}",
            title="",
            text=document["text"],
            origin=Origin(f"{cluster['id']}-{index}"),
        )
        clean = CleanArticle(article=article, text=document["text"])
        found.extend((index, figure) for figure in article_figures(clean))
    return found


def locate(text: str, figures: Sequence[Figure]) -> dict[int, tuple[str, int, str]]:
    """figure position -> (sentence sha1, position among the sentence's figures, figure sha1)."""
    spans = [(s.start, s.end, norm_hash(s.text)) for s in sentences(text)]
    keys: dict[int, tuple[str, int, str]] = {}
    seen: dict[str, int] = {}
    for position, figure in enumerate(figures):
        sentence = next((h for a, b, h in spans if a <= figure.span.start < b), "")
        ordinal = seen.get(sentence, 0)
        seen[sentence] = ordinal + 1
        keys[position] = (sentence, ordinal, norm_hash(figure.span.text))
    return keys


Where = dict[tuple[int, str, str], int]


def _index(cluster: dict[str, Any]) -> tuple[list[Figure], Where]:
    pairs = cluster_figures(cluster)
    figures = [figure for _, figure in pairs]
    where: Where = {}
    for doc in range(len(cluster["documents"])):
        positions = [k for k, (index, _) in enumerate(pairs) if index == doc]
        keys = locate(cluster["documents"][doc]["text"], [figures[k] for k in positions])
        for local, k in enumerate(positions):
            sentence, _, figure_hash = keys[local]
            where.setdefault((doc, sentence, figure_hash), k)
    return figures, where


def storyline_groups(figures: Sequence[Figure]) -> dict[str, int]:
    groups = group_figures(figures, story_id="bench")
    return {figure.id: n for n, group in enumerate(groups) for figure in group.figures}


def peer_groups(figures: Sequence[Figure]) -> dict[str, int]:
    keys: dict[tuple[str, str, str], int] = {}
    return {
        figure.id: keys.setdefault((figure.kind, figure.unit, figure.counted), len(keys))
        for figure in figures
    }


def score(clusters: dict[str, dict[str, Any]], labels: Sequence[dict[str, Any]]) -> dict[str, Any]:
    systems = {"storyline": storyline_groups, "peer (kind+unit+noun)": peer_groups}
    counts = {name: dict.fromkeys(("grouped", "grouped_same", "same", "related_ok"), 0)
              for name in systems}  # fmt: skip
    missing = 0
    cache: dict[str, tuple[list[Figure], Where]] = {}
    for label in labels:
        cluster = clusters.get(label["cluster"])
        if cluster is None:
            missing += 1
            continue
        if label["cluster"] not in cache:
            cache[label["cluster"]] = _index(cluster)
        figures, where = cache[label["cluster"]]
        a = where.get((label["a"]["doc"], label["a"]["sentence"], label["a"]["figure"]))
        b = where.get((label["b"]["doc"], label["b"]["sentence"], label["b"]["figure"]))
        # "figure" is the sha1 of the figure's normalised text
        if a is None or b is None:
            missing += 1
            continue
        same_quantity = label["label"] in RELATIONS
        for name, grouping in systems.items():
            group_of = grouping(figures)
            grouped = group_of[figures[a].id] == group_of[figures[b].id]
            c = counts[name]
            c["same"] += same_quantity
            c["grouped"] += grouped
            c["grouped_same"] += grouped and same_quantity
            if grouped and same_quantity:
                c["related_ok"] += relate(figures[a], figures[b])[0] == label["label"]
    rows = []
    for name, c in counts.items():
        rows.append(
            {
                "system": name,
                "labelled pairs": len(labels) - missing,
                "same quantity": c["same"],
                "grouped": c["grouped"],
                "grouping precision": _ratio(c["grouped_same"], c["grouped"]),
                "grouping recall": _ratio(c["grouped_same"], c["same"]),
                "relation accuracy": _ratio(c["related_ok"], c["grouped_same"]),
            }
        )
    return {"rows": rows, "missing": missing}


def _ratio(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def candidates(clusters: dict[str, dict[str, Any]], n: int, seed: int = 11) -> None:
    """Print pairs of figures from different articles of one cluster, for labelling by hand.

    Pairs are drawn evenly from three pools so both systems' choices are
    tested: pairs storyline groups, pairs the peer groups, and other pairs of
    the same kind whose sentences share a content word.
    """
    rng = random.Random(seed)
    pools: dict[str, list[tuple[str, int, int]]] = {"storyline": [], "peer": [], "other": []}
    ids = sorted(clusters)
    rng.shuffle(ids)
    for cluster_id in ids[:1500]:
        figures, _ = _index(clusters[cluster_id])
        mine, peer = storyline_groups(figures), peer_groups(figures)
        for x, fa in enumerate(figures):
            for y in range(x + 1, len(figures)):
                fb = figures[y]
                if fa.span.article_id == fb.span.article_id or fa.kind != fb.kind:
                    continue
                if mine[fa.id] == mine[fb.id]:
                    pools["storyline"].append((cluster_id, x, y))
                elif peer[fa.id] == peer[fb.id]:
                    pools["peer"].append((cluster_id, x, y))
                elif set(fa.context) & set(fb.context):
                    pools["other"].append((cluster_id, x, y))
    chosen = []
    for pool in pools.values():
        rng.shuffle(pool)
        chosen.extend(pool[: n // 3])
    for number, (cluster_id, x, y) in enumerate(chosen):
        figures, where = _index(clusters[cluster_id])
        inverse = {v: k for k, v in where.items()}
        if x not in inverse or y not in inverse:
            continue  # the same figure text twice in one sentence: not addressable
        record = {"n": number, "cluster": cluster_id}
        for side, k in (("a", x), ("b", y)):
            doc, sentence, figure_hash = inverse[k]
            record[side] = {"doc": doc, "sentence": sentence, "figure": figure_hash}
            text = clusters[cluster_id]["documents"][doc]["text"]
            context = next(
                s.text for s in sentences(text) if s.start <= figures[k].span.start < s.end
            )
            print(f"{number}{side}: [{figures[k].span.text}] {context[:300]}")
        print("KEY", json.dumps(record))


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=data_path("mds", "multinews-dev.jsonl.gz"))
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--candidates", type=int, default=0)
    args = parser.parse_args(argv)
    clusters = {c["id"]: c for c in read_jsonl(args.data)}
    if args.candidates:
        candidates(clusters, args.candidates)
        return
    labels = list(read_jsonl(args.labels))
    result = score(clusters, labels)
    print_table("Figure pairs across outlets (hand-labelled Multi-News dev pairs)", result["rows"])
    if result["missing"]:
        print(f"\n{result['missing']} labelled pairs not found (extraction changed?)")
    path = write_results("figure_pairs", {"data": str(args.data), **result})
    print(f"\nwrote {path}")


if __name__ == "__main__":
    main()
