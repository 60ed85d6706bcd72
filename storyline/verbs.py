"""Verbs that can say the same thing: "fell" and "dropped", "approved" and "passed".

The attribution rule asks each clause's predicate to be carried by a span
(:mod:`storyline.predicates`); reporters rarely repeat each other's verbs.
This module tells when two verbs may name the same event, by the verb senses
of WordNet 3.0 (Princeton University; its licence is in
``storyline/data/WORDNET-LICENSE``), read from a small file built from its
public data by :func:`build_senses` and shipped with the package: nothing is
downloaded at run time.  Two verbs are related when one of the first
``SENSES`` senses of one is a sense of the other, or its direct hypernym
("succumbed" / "died", "dropped" / "fell"): never through a third word.

Without the file (a trimmed install) no two different verbs are related, and
the rule only credits spans that repeat the claim's own verbs: it says less,
never something false.
"""

from __future__ import annotations

import gzip
import logging
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from pathlib import Path

__all__ = [
    "SENSES",
    "base_forms",
    "build_senses",
    "related",
    "related_in",
    "senses_in",
    "senses_of",
]

logger = logging.getLogger(__name__)

#: How many of a verb's senses (WordNet lists the most frequent first) are used.
SENSES = 4
_DATA = "verb_senses.txt.gz"
_MORPHY: tuple[tuple[str, str], ...] = (
    ("ies", "y"),
    ("es", "e"),
    ("es", ""),
    ("s", ""),
    ("ed", "e"),
    ("ed", ""),
    ("ing", "e"),
    ("ing", ""),
)


def build_senses(wordnet: Path, target: Path, *, senses: int = SENSES) -> int:
    """Write the verb file from a WordNet 3.0 dictionary folder (``index.verb``,
    ``data.verb``, ``verb.exc``); returns how many verbs it holds."""
    numbers: dict[str, int] = {}
    lemmas: dict[str, list[int]] = {}
    for line in _lines(wordnet / "index.verb"):
        fields = line.split()
        lemma, count = fields[0], int(fields[2])
        if "_" in lemma or not lemma.isalpha():
            continue
        offsets = fields[-count:][:senses]
        lemmas[lemma] = [numbers.setdefault(offset, len(numbers)) for offset in offsets]
    # The tops of the verb hierarchy ("move", "change", "act") are too general to say
    # what happened: a link to one is not kept.
    rows = [line.split("|")[0].split() for line in _lines(wordnet / "data.verb")]
    above = {fields[0]: _hypernym_offsets(fields) for fields in rows}
    hypernyms: dict[int, list[int]] = defaultdict(list)
    for fields in rows:
        if fields[0] not in numbers:
            continue
        for offset in above[fields[0]]:
            if above.get(offset):
                hypernym = numbers.setdefault(offset, len(numbers))
                hypernyms[numbers[fields[0]]].append(hypernym)
    with gzip.open(target, "wt", encoding="utf-8") as handle:
        handle.write("# verb senses from WordNet 3.0 (Princeton University); see WORDNET-LICENSE\n")
        for lemma, ids in sorted(lemmas.items()):
            handle.write(f"L {lemma} {' '.join(map(str, ids))}\n")
        for synset, ids in sorted(hypernyms.items()):
            handle.write(f"H {synset} {' '.join(map(str, ids))}\n")
        for line in _lines(wordnet / "verb.exc"):
            form, *bases = line.split()
            kept = [base for base in bases if base in lemmas]
            if kept and form.isalpha():
                handle.write(f"X {form} {' '.join(kept)}\n")
    return len(lemmas)


def _hypernym_offsets(fields: list[str]) -> list[str]:
    return [
        fields[index + 1]
        for index, field in enumerate(fields[:-2])
        if field in ("@", "@i") and fields[index + 2] == "v"
    ]


def _lines(path: Path) -> Iterable[str]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip() and not line.startswith(" "):
                yield line.rstrip("\n")


class _Senses:
    def __init__(self, lines: Iterable[str]) -> None:
        self.lemmas: dict[str, tuple[int, ...]] = {}
        self.hypernyms: dict[int, tuple[int, ...]] = {}
        self.irregular: dict[str, tuple[str, ...]] = {}
        for line in lines:
            kind, key, *rest = line.split()
            if kind == "L":
                self.lemmas[key] = tuple(map(int, rest))
            elif kind == "H":
                self.hypernyms[int(key)] = tuple(map(int, rest))
            elif kind == "X":
                self.irregular[key] = tuple(rest)


@lru_cache(maxsize=1)
def _table() -> _Senses:
    try:
        data = resources.files("storyline").joinpath("data", _DATA).read_bytes()
    except (FileNotFoundError, OSError):
        logger.warning("verb senses file missing: only identical verbs match")
        return _Senses(())
    text = gzip.decompress(data).decode("utf-8")
    return _Senses(line for line in text.splitlines() if line and not line.startswith("#"))


@lru_cache(maxsize=65_536)
def base_forms(word: str) -> tuple[str, ...]:
    """The dictionary verbs ``word`` may be a form of ("dropped" -> "drop")."""
    table = _table()
    found = list(table.irregular.get(word, ()))
    if word in table.lemmas:
        found.append(word)
    for suffix, ending in _MORPHY:
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            base = word[: -len(suffix)] + ending
            if base in table.lemmas:
                found.append(base)
            elif suffix in ("ed", "ing") and base[-1] == base[-2] and base[:-1] in table.lemmas:
                found.append(base[:-1])  # "dropped" -> "dropp" -> "drop"
    return tuple(dict.fromkeys(found))


@lru_cache(maxsize=65_536)
def senses_of(word: str) -> frozenset[int]:
    """The senses of the verb ``word`` (any form), empty when it is no known verb."""
    table = _table()
    return frozenset(sense for base in base_forms(word.lower()) for sense in table.lemmas[base])


@lru_cache(maxsize=65_536)
def _with_hypernyms(word: str) -> frozenset[int]:
    own = senses_of(word)
    table = _table()
    return own.union(*(table.hypernyms.get(sense, ()) for sense in own))


def senses_in(words: Iterable[str]) -> tuple[frozenset[int], frozenset[int]]:
    """The verb senses of ``words``, without and with their direct hypernyms: what
    :func:`related_in` looks a verb up in (computed once per span)."""
    own = frozenset().union(*(senses_of(word) for word in words))
    wide = frozenset().union(*(_with_hypernyms(word) for word in words))
    return own, wide


def related_in(word: str, senses: tuple[frozenset[int], frozenset[int]]) -> bool:
    """:func:`related` against the senses of a span (:func:`senses_in`)."""
    own = senses_of(word)
    return bool(own) and bool(own & senses[1] or _with_hypernyms(word) & senses[0])


def related(word: str, others: Iterable[str]) -> bool:
    """Whether the verb ``word`` shares a sense with one of ``others``, or one is the
    direct hypernym of a sense of the other."""
    own = senses_of(word)
    if not own:
        return False
    wide = _with_hypernyms(word)
    return any(own & _with_hypernyms(other) or wide & senses_of(other) for other in others)
