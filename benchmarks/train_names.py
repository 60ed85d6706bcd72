"""Train the name tagger shipped in ``storyline/data/names_model.npz``.

Usage::

    python -m benchmarks.train_names [TRAIN_FILE] [--epochs 20] [--bits 18] [--folds 0]
                                     [--out storyline/data/names_model.npz]

TRAIN_FILE (default ``../shared/data/compare/names/conll2003_train.jsonl``)
holds documents with character-offset entities (PER, ORG, LOC, MISC).  Each
document is split and tokenised exactly as ``find_names`` does it; every
candidate token (``name_model.candidates``) gets its gold BIO tag, and an
averaged perceptron learns the tags, decoding greedily with its own earlier
tags as features (as at run time).  Documents are visited in a shuffled order
with a fixed seed, so a run is reproducible.

``--folds K`` (K >= 2) first reports K-fold cross-validated typed span F1
(PER/ORG/LOC, exact spans) on the training file, for tuning without the dev
set.  The weights are averaged, weights below ``--prune`` in size set to
zero, stored as float16 and compressed: numbers only, no vocabulary.
"""

from __future__ import annotations

import argparse
import random
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from benchmarks.common import ROOT, data_path, read_jsonl
from storyline.compare import name_model as nm
from storyline.text import Token

SEED = 20260


@dataclass
class Sentence:
    tokens: list[Token]
    gold: list[str]
    static: list[list[int] | None]  # hashed tag-independent features of candidates


def prepare(records: Sequence[dict[str, Any]], mask: int) -> list[list[Sentence]]:
    """Documents as sentences with gold tags and precomputed features."""
    documents = []
    covered: Counter[str] = Counter()
    for record in records:
        sentences = nm.tagged_sentences(record["text"])
        facts = nm.document_facts(sentences)
        entities = sorted((e["start"], e["end"], e["type"]) for e in record["entities"])
        document = []
        for tokens in sentences:
            gold = _gold_tags(tokens, entities)
            scored = nm.candidates(tokens)
            headline = nm.is_headline(tokens)
            places = nm.runs(scored)
            static: list[list[int] | None] = [
                nm.hashed(nm.features(tokens, k, facts, headline, places[k]), mask)
                if scored[k]
                else None
                for k in range(len(tokens))
            ]
            for k, tag in enumerate(gold):
                if tag != "O":
                    covered["candidate" if scored[k] else "missed"] += 1
            document.append(Sentence(tokens, gold, static))
        documents.append(document)
    total = covered["candidate"] + covered["missed"]
    print(f"name tokens that are candidates: {covered['candidate']} of {total}")
    return documents


def _gold_tags(tokens: Sequence[Token], entities: Sequence[tuple[int, int, str]]) -> list[str]:
    tags = []
    previous_entity = None
    for token in tokens:
        entity = next((e for e in entities if e[0] <= token.start < e[1]), None)
        if entity is None:
            tags.append("O")
        else:
            tags.append(("I-" if entity == previous_entity else "B-") + entity[2])
        previous_entity = entity
    return tags


class Perceptron:
    """Averaged perceptron with lazy averaging (sum of weight * time)."""

    def __init__(self, rows: int) -> None:
        self.weights = np.zeros((rows, len(nm.TAGS)), dtype=np.float64)
        self.totals = np.zeros_like(self.weights)
        self.clock = 1
        self.mask = rows - 1

    def tag(self, sentence: Sentence, memory: dict[str, str], *, learn: bool) -> list[str]:
        tags = ["O"] * len(sentence.tokens)
        for k, static in enumerate(sentence.static):
            if static is None:
                continue
            previous = tags[k - 1] if k > 0 else "<s>"
            before = tags[k - 2] if k > 1 else "<s>"
            word = sentence.tokens[k].text
            rows = static + nm.hashed(nm.tag_features(word, previous, before, memory), self.mask)
            guess = nm.TAGS[int(self.weights[rows].sum(axis=0).argmax())]
            if learn:
                self._update(rows, sentence.gold[k], guess)
            tags[k] = guess
            nm.remember(memory, word, guess)
        return tags

    def _update(self, rows: list[int], gold: str, guess: str) -> None:
        self.clock += 1
        if gold == guess:
            return
        right, wrong = nm.TAGS.index(gold), nm.TAGS.index(guess)
        for row in rows:
            self.weights[row, right] += 1.0
            self.weights[row, wrong] -= 1.0
            self.totals[row, right] += self.clock
            self.totals[row, wrong] -= self.clock

    def averaged(self) -> npt.NDArray[np.float64]:
        return self.weights - self.totals / self.clock


def train(documents: Sequence[list[Sentence]], rows: int, epochs: int) -> Perceptron:
    model = Perceptron(rows)
    order = list(range(len(documents)))
    rng = random.Random(SEED)
    for epoch in range(epochs):
        rng.shuffle(order)
        started = time.perf_counter()
        for index in order:
            memory: dict[str, str] = {}
            for sentence in documents[index]:
                model.tag(sentence, memory, learn=True)
        print(f"epoch {epoch + 1}: {time.perf_counter() - started:.1f}s")
    return model


def evaluate(model: Perceptron, documents: Sequence[list[Sentence]]) -> dict[str, float]:
    """Typed exact span P/R/F1 on PER, ORG and LOC (token spans)."""
    averaged = model.averaged()
    scorer = Perceptron(averaged.shape[0])
    scorer.weights = averaged
    tp = predicted = gold = 0
    for document in documents:
        memory: dict[str, str] = {}
        for sentence in document:
            tags = scorer.tag(sentence, memory, learn=False)
            guessed = {s for s in nm.spans_from_tags(sentence.tokens, tags) if s[2] != "MISC"}
            truth = {
                s for s in nm.spans_from_tags(sentence.tokens, sentence.gold) if s[2] != "MISC"
            }
            tp += len(guessed & truth)
            predicted += len(guessed)
            gold += len(truth)
    p = tp / predicted if predicted else 0.0
    r = tp / gold if gold else 0.0
    return {"P": p, "R": r, "F1": 2 * p * r / (p + r) if p + r else 0.0}


def save(weights: npt.NDArray[np.float64], path: Path, prune: float) -> None:
    kept = np.where(np.abs(weights) >= prune, weights, 0.0).astype(np.float16)
    np.savez_compressed(path, weights=kept, tags=np.array(nm.TAGS))
    nonzero = int(np.count_nonzero(kept))
    print(f"wrote {path} ({path.stat().st_size / 1e6:.2f} MB, {nonzero} non-zero weights)")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "data", nargs="?", type=Path, default=data_path("compare", "names", "conll2003_train.jsonl")
    )
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--bits", type=int, default=18, help="hash table of 2**bits rows")
    parser.add_argument("--folds", type=int, default=0, help="report K-fold CV F1 first")
    parser.add_argument("--prune", type=float, default=0.05)
    parser.add_argument("--out", type=Path, default=ROOT / "storyline" / "data" / nm.MODEL_FILE)
    parser.add_argument("--no-save", action="store_true")
    args = parser.parse_args(argv)
    rows = 1 << args.bits
    documents = prepare(list(read_jsonl(args.data)), rows - 1)
    if args.folds >= 2:
        scores = []
        for fold in range(args.folds):
            held = documents[fold :: args.folds]
            rest = [d for i, d in enumerate(documents) if i % args.folds != fold]
            result = evaluate(train(rest, rows, args.epochs), held)
            print(f"fold {fold + 1}: " + " ".join(f"{k} {v:.4f}" for k, v in result.items()))
            scores.append(result["F1"])
        print(f"cross-validated typed F1: {sum(scores) / len(scores):.4f}")
    if not args.no_save:
        save(train(documents, rows, args.epochs).averaged(), args.out, args.prune)


if __name__ == "__main__":
    main()
