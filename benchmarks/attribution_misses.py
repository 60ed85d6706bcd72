"""Why does a summary sentence leave out an article that states the same fact?

Usage::

    python -m benchmarks.attribution_misses [RESULT] [--no-bars]

Reads the storyline result the attribution benchmark wrote
(``benchmarks/out/attribution-storyline.json`` by default) and the recall labels
(``benchmarks/labels/attribution-recall.jsonl``: per summary sentence, the
articles that clearly state its fact) and, for every (sentence, stating article)
pair the sentence does not cite, prints which part of the rule stops the
credit, for the article's sentence (or sentence pair) that comes closest:

* ``shortlist``: no sentence of the article was among the candidates the
  inverted index offered (the sentence sharing most terms is named anyway);
* otherwise the first check that sentence fails, as
  :func:`storyline.attribution.verdict` names it ("content words", "evidence", "clauses",
  "predicate", "figures", "names", ...); "content words" is told apart by the floor that
  stops it (:func:`content_floor`: under half the claim's terms, the span floor, the
  weighted bar).

``--no-bars`` sets every content-word bar (plain, span, weighted, evidence and
clause) to 0 first, to show which check stands behind them; a pair that then
stops at "names" is printed with the claim's names the span (and the sentence
either side) does not carry, ``missing_names``.

Prints one JSON line per missed pair (with the texts, to stdout only: nothing is
saved) and a count per cause to stderr.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from benchmarks.attribution import OUT, load_recall, text_hash


def diagnose(cluster: dict[str, Any], claim: str, article: int) -> dict[str, Any]:
    """The closest sentence of ``article`` to ``claim`` and the check it fails."""
    from storyline.attribution import Attributor, claim_of, verdict

    texts = [(str(number), text) for number, text in enumerate(cluster["texts"]) if text]
    rule = Attributor(texts)
    wanted = claim_of(claim)
    offered = rule._candidates(wanted).get(str(article), [])  # a diagnostic: private parts
    best: tuple[tuple[int, float], dict[str, Any]] | None = None
    found_sentences = rule.sentences_of(str(article))
    text = cluster["texts"][article]
    for index, sentence in enumerate(found_sentences):
        context = rule._context(str(article), index)
        spans = [sentence.text]
        if rule._joinable(str(article), index, index + 1):  # a sentence with the next
            spans.append(text[sentence.start : found_sentences[index + 1].end])
        for span in spans:
            failed, share = verdict(wanted, claim_of(span), span, context, rule.weights)
            if failed == "content words":
                failed = f"content words: {content_floor(wanted, claim_of(span), rule.weights)}"
            # how far down the list of checks the span got, then its share of the terms
            order = _ORDER.index(failed) if failed in _ORDER else len(_ORDER)
            row: dict[str, Any] = {"failed": failed, "share": round(share, 3), "span": span}
            if failed == "names":
                row["missing_names"] = missing_names(wanted, f"{context} {span}")
            if index not in offered:
                row["failed"] = "shortlist" if failed is None else failed
                row["offered"] = False
            if best is None or (order, share) > best[0]:
                best = ((order, share), row)
    return best[1] if best else {"failed": "no sentences"}


def missing_names(claim: Any, text: str) -> list[str]:
    """The names of ``claim`` that ``text`` does not carry, as the names check reads them."""
    from storyline.claim_names import names_found

    return [" ".join(name) for name in claim.names if not names_found((name,), text)]


# The content-word bars ``--no-bars`` lowers to 0: (module, constant).
_BARS = (
    ("storyline.attribution", "MIN_WEIGHTED_COVERAGE"),
    ("storyline.attribution", "MIN_PLAIN_COVERAGE"),
    ("storyline.attribution", "ANCHORED_WEIGHTED_COVERAGE"),
    ("storyline.attribution", "ANCHORED_PLAIN_COVERAGE"),
    ("storyline.attribution", "MIN_SPAN_SHARE"),
    ("storyline.attribution", "MIN_CLAUSE_COVERAGE"),
    ("storyline.attribution", "MIN_EVIDENCE"),
)


@contextmanager
def without_bars() -> Iterator[None]:
    """Every content-word bar at 0 for the duration (a diagnostic: the module's constants
    are patched and put back)."""
    import importlib

    kept = []
    try:
        for module_name, constant in _BARS:
            module = importlib.import_module(module_name)
            kept.append((module, constant, getattr(module, constant)))
            setattr(module, constant, 0.0)
        yield
    finally:
        for module, constant, value in kept:
            setattr(module, constant, value)


def content_floor(claim: Any, found: Any, weights: dict[str, float]) -> str:
    """Which content-word floor of :func:`storyline.attribution.verdict` a span below them
    fails first: "under half the claim's terms", "span floor" (the shared terms under
    ``MIN_SPAN_SHARE`` of the span's) or "weighted bar"; related verbs and other forms of a
    word count as in ``verdict``."""
    from storyline import attribution as rule

    widened = rule._with_word_forms(claim, rule._with_related_verbs(claim, found, weights))
    shared = claim.terms & widened.terms
    if len(claim.terms) < rule.MIN_CLAIM_TERMS:
        return "claim too short"
    if len(shared) < rule.ANCHORED_PLAIN_COVERAGE * len(claim.terms):
        return "under half the claim's terms"
    if len(shared) < rule.MIN_SPAN_SHARE * len(widened.terms):
        return "span floor"
    return "weighted bar"


_ORDER = [
    "question",
    "content words: under half the claim's terms",
    "content words: claim too short",
    "content words: span floor",
    "content words: weighted bar",
    "evidence",
    "clauses",
    "negation",
    "denial",
    "deadline",
    "figures",
    "numbers",
    "names",
    "quoted words",
    "count words",
    "speaker",
    "predicate",
]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    bars = "--no-bars" not in args
    args = [arg for arg in args if arg != "--no-bars"]
    path = Path(args[0]) if args else OUT / "attribution-storyline.json"
    result = json.loads(path.read_text(encoding="utf-8"))
    if bars:
        _report(result)
    else:
        with without_bars():
            _report(result)
    return 0


def _report(result: dict[str, Any]) -> None:
    recall = load_recall()
    causes: Counter[str] = Counter()
    for cluster in result["clusters"]:
        for sentence in cluster["summary"]:
            stating = recall.get((cluster["id"], text_hash(sentence["text"])), [])
            cited = {c["article"] for c in sentence["citations"]}
            for article in sorted(set(stating) - cited):
                found = diagnose(cluster, sentence["text"], article)
                cause = str(found["failed"])
                if found.get("offered") is False and found["failed"] != "shortlist":
                    cause = f"{cause} (not offered)"
                causes[cause] += 1
                row = {"cluster": cluster["id"], "article": article, "claim": sentence["text"]}
                print(json.dumps({**row, **found}, ensure_ascii=False))
    print(json.dumps(dict(causes.most_common()), indent=2), file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
