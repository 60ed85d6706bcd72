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
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.attribution import (
    LABELS,
    OUT,
    citation_pairs,
    load_labels,
    load_recall,
    read_ids,
    text_hash,
)
from storyline.text import sentences

Key = tuple[Any, ...]  # cluster, claim's article, claim hash, span's article, span hash
Kept = Callable[[Key], bool]

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


def _shares(result: dict[str, Any]) -> dict[Key, tuple[float, bool]]:
    """Each citation pair's similarity and whether its span joins two sentences."""
    found = {}
    for cluster in result["clusters"]:
        for sentence in cluster["summary"]:
            claim = text_hash(sentence["text"])
            for cited in sentence["citations"]:
                if cited["article"] == sentence["article"]:
                    continue
                if "similarity" not in cited:
                    raise SystemExit("the result has no similarity: re-run benchmarks.attribution")
                key = (cluster["id"], sentence["article"], claim, cited["article"])
                found[(*key, text_hash(cited["text"]))] = (
                    float(cited["similarity"]),
                    _joined(cited["text"]),
                )
    return found


def _row(pairs: list[dict[str, Any]], labels: dict[Key, str], kept: Kept) -> dict[str, Any]:
    counts: Counter[tuple[str, bool]] = Counter()
    silenced: set[Key] = set()  # sentences a withheld right citation leaves short
    for pair in pairs:
        key = (pair["cluster"], pair["claim_article"], pair["claim"], pair["article"], pair["span"])
        label = labels.get(key)
        if label in ("SUPPORTS", "PARTIAL", "NO"):
            counts[(label, kept(key))] += 1
            if label == "SUPPORTS" and not kept(key):
                silenced.add(key[:3])
    right = counts[("SUPPORTS", True)]
    errors = counts[("PARTIAL", True)] + counts[("NO", True)]
    everything = counts[("SUPPORTS", True)] + counts[("SUPPORTS", False)]
    return {
        "right": right,
        "right_share": round(right / everything, 3) if everything else None,
        "errors": errors,
        "strict": round(right / (right + errors), 3) if right + errors else None,
        "silenced_sentences": len(silenced),
    }


def _missing(result: dict[str, Any], kept: Kept) -> int:
    """Recall-sample sentences leaving out an article labelled as stating their fact."""
    recall = load_recall()
    missing = 0
    for cluster in result["clusters"]:
        for sentence in cluster["summary"]:
            claim = text_hash(sentence["text"])
            stating = recall.get((cluster["id"], claim))
            if stating is None:
                continue
            cited = {
                c["article"]
                for c in sentence["citations"]
                if c["article"] == sentence["article"]
                or kept(
                    (cluster["id"], sentence["article"], claim, c["article"], text_hash(c["text"]))
                )
            }
            missing += bool(set(stating) - cited)
    return missing


def frontier(result: dict[str, Any], first_seed: int) -> dict[str, Any]:
    labels = load_labels("citations")
    shares = _shares(result)
    pairs = list(citation_pairs(result))
    held = held_out_ids(first_seed)
    held_pairs = [pair for pair in pairs if pair["cluster"] in held]
    tables: dict[str, list[dict[str, Any]]] = {"any span": [], "single sentences only": []}
    for name, table in tables.items():
        singles = name == "single sentences only"
        for bar in BARS:

            def kept(key: Key, bar: float = bar, singles: bool = singles) -> bool:
                share, joined = shares[key]
                return share >= bar and not (singles and joined)

            table.append(
                {
                    "bar": bar,
                    "held_out": _row(held_pairs, labels, kept),
                    "all_labelled": _row(pairs, labels, kept),
                    "recall_missing": _missing(result, kept),
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
