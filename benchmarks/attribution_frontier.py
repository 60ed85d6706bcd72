"""What would a stricter bar buy? Citation precision against right citations kept.

Usage::

    python -m benchmarks.attribution_frontier [--result FILE] [--from-seed N]

Reads the storyline output of the last ``python -m benchmarks.attribution`` run
(``benchmarks/out/attribution-storyline.json``: each citation with its
``similarity``, the weighted share of the claim's terms the cited span carries,
which is the rule's own measure of how much of the claim a span states) and the
labels of ``benchmarks/labels/``.  For each bar on that share, a citation below
the bar is taken as withheld, and the table gives, over the labelled citation
pairs of the held-out samples (``labels/attribution-fresh-seed*.txt`` from
``--from-seed`` on, each drawn after its round's rules) and over every labelled
pair apart:

* the right citations (SUPPORTS) kept, as a count and a share of those the rule
  gives today, and the errors (PARTIAL, NO) kept;
* strict precision of what is kept;
* the summary sentences that a withheld right citation would leave without an
  article that states them (each a missed citation in the issue's sense);
* on the recall sample, the summary sentences that would leave out an article
  labelled as stating their fact (today's count at the rule's own bar).

A second table withholds, in addition, every citation whose span joins two
sentences (a claim assembled from a sentence and its neighbour), at each bar.

Nothing here changes the product: it shows the trade any bar on the rule's own
measure makes between wrong credit and silence.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.attribution import (
    LABELS,
    OUT,
    citation_pairs,
    load_labels,
    load_recall,
    missed,
    pair_key,
    precision,
    read_ids,
    restricted,
)
from storyline.text import sentences

Kept = Callable[[dict[str, Any]], bool]  # a citation of the result kept at a bar

BARS = (0.0, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)
_SEED = re.compile(r"attribution-fresh-seed(\d+)\.txt$")


def held_out_ids(first_seed: int) -> frozenset[str]:
    """Clusters of the held-out samples from ``first_seed`` on."""
    ids: set[str] = set()
    for path in sorted(LABELS.glob("attribution-fresh-seed*.txt")):
        found = _SEED.search(path.name)
        if found and int(found.group(1)) >= first_seed:
            ids |= read_ids(path)
    return frozenset(ids)


def _joined(text: str) -> bool:
    """The span is more than one sentence (by the product's own sentence splitter)."""
    return len(sentences(text)) > 1


def withheld(result: dict[str, Any], kept: Kept) -> dict[str, Any]:
    """``result`` with every citation of another article that ``kept`` refuses left out."""
    clusters = []
    for cluster in result["clusters"]:
        summary = [
            {
                **sentence,
                "citations": [
                    cited
                    for cited in sentence["citations"]
                    if cited["article"] == sentence["article"] or kept(cited)
                ],
            }
            for sentence in cluster["summary"]
        ]
        clusters.append({**cluster, "summary": summary})
    return {**result, "clusters": clusters}


def _row(
    result: dict[str, Any], kept_result: dict[str, Any], labels: dict[tuple[Any, ...], str]
) -> dict[str, Any]:
    """What withholding costs: right citations and errors kept, sentences left short."""
    every = precision(list(citation_pairs(result)), labels)
    kept_pairs = list(citation_pairs(kept_result))
    after = precision(kept_pairs, labels)
    kept_keys = {pair_key(pair) for pair in kept_pairs}
    silenced = {  # sentences a withheld right citation leaves without a stating article
        pair_key(pair)[:3]
        for pair in citation_pairs(result)
        if labels.get(pair_key(pair)) == "SUPPORTS" and pair_key(pair) not in kept_keys
    }
    right, errors = after["right"], after["partial"] + after["wrong"]
    return {
        "right": right,
        "right_share": round(right / every["right"], 3) if every["right"] else None,
        "errors": errors,
        "strict": round(right / (right + errors), 3) if right + errors else None,
        "silenced_sentences": len(silenced),
    }


def _kept_at(bar: float, *, singles: bool) -> Kept:
    def kept(cited: dict[str, Any]) -> bool:
        if "similarity" not in cited:
            raise SystemExit("the result has no similarity: re-run benchmarks.attribution")
        return cited["similarity"] >= bar and not (singles and _joined(cited["text"]))

    return kept


def frontier(result: dict[str, Any], first_seed: int) -> dict[str, Any]:
    labels = load_labels("citations")
    recall = load_recall()
    held = held_out_ids(first_seed)
    held_result = restricted(result, held)
    tables: dict[str, list[dict[str, Any]]] = {"any span": [], "single sentences only": []}
    for name, table in tables.items():
        for bar in BARS:
            kept = _kept_at(bar, singles=name == "single sentences only")
            kept_result = withheld(result, kept)
            table.append(
                {
                    "bar": bar,
                    "held_out": _row(held_result, restricted(kept_result, held), labels),
                    "all_labelled": _row(result, kept_result, labels),
                    "recall_missing": missed(kept_result, recall)["missing"],
                }
            )
    return {"held_out_clusters": len(held), "from_seed": first_seed, "tables": tables}


def _print(report: dict[str, Any]) -> None:
    print(
        f"held-out samples from seed {report['from_seed']}: {report['held_out_clusters']} clusters"
    )
    for name, table in report["tables"].items():
        print(f"\n{name}")
        print(
            "bar   held-out: right (share) errors strict silenced | all labelled: same"
            " | recall missing"
        )
        for row in table:
            held, every = row["held_out"], row["all_labelled"]
            print(
                f"{row['bar']:.2f}  {held['right']:4d} ({held['right_share']}) {held['errors']:3d} "
                f"{held['strict']} {held['silenced_sentences']:3d} | {every['right']:4d} "
                f"({every['right_share']}) {every['errors']:3d} {every['strict']} "
                f"{every['silenced_sentences']:3d} | {row['recall_missing']}"
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--result", type=Path, default=OUT / "attribution-storyline.json")
    parser.add_argument("--from-seed", type=int, default=27, help="first held-out sample")
    args = parser.parse_args(argv)
    result = json.loads(args.result.read_text(encoding="utf-8"))
    report = frontier(result, args.from_seed)
    (OUT / "attribution-frontier.json").write_text(json.dumps(report, indent=2) + "\n")
    _print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
