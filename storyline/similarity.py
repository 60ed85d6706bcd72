"""The learned pairwise similarity shared by stories and threads.

Whether an article belongs with a group of articles (an open story, or an open
thread) is decided by a small logistic regression over features any news desk
would look at:

* ``body_cosine``: mean TF-IDF cosine between the article and the group's
  members (computed by the caller, which owns the vectors);
* ``title_cosine`` and ``has_titles``: how much of the article's title the
  group's titles share, and whether both sides have titles at all (so a pool
  without titles is not read as "titles differ");
* ``name_overlap``: the share of the names in the article's title and lead
  (people, organisations, places) that the group's titles and leads name too;
* ``figure_overlap``: the share of the article's figures (numbers other than
  years) that the group's articles state too;
* ``log_size``: the logarithm of the group's size, since a mean cosine over
  many members runs lower than over one.

The thread level weighs the name and figure overlaps by each key's rarity
among its open threads' articles, and its body cosine is the best of the
mean cosine to the thread and to each of its latest member stories
(:mod:`storyline.threads`); the training replays compute them the same way.
With sentence embeddings switched on (``thread.embeddings = "minilm"``, an
optional extra) the thread level has a second model, ``thread_minilm``, whose
features are these and ``embedding_cosine``, the cosine between the new
story's sentence embedding and the thread's (:mod:`storyline.embeddings`).

The weights are trained by ``python -m benchmarks.train_similarity`` on the
public dev pools and shipped as ``storyline/data/similarity.json``; nothing is
downloaded.  When the file is missing or unreadable, :func:`load_model` raises
and callers fall back to a plain cosine threshold.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storyline import text
from storyline.errors import InvalidParameter

__all__ = [
    "EMBEDDING_FEATURES",
    "FEATURES",
    "WEIGHTS_PATH",
    "GroupProfile",
    "Profile",
    "SimilarityModel",
    "features",
    "load_model",
    "profile",
]

FEATURES = (
    "body_cosine",
    "title_cosine",
    "has_titles",
    "name_overlap",
    "figure_overlap",
    "log_size",
)
EMBEDDING_FEATURES = (*FEATURES, "embedding_cosine")
# Each level and its features; a level's entry in the weights file may list its own.
LEVELS = {"story": FEATURES, "thread": FEATURES, "thread_minilm": EMBEDDING_FEATURES}
WEIGHTS_PATH = Path(__file__).parent / "data" / "similarity.json"
_LEAD_CHARS = 600
# Digits with optional thousands separators and decimals: "41,500", "4.5", "2.3bn" -> "2.3".
_FIGURE = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?")
_YEAR = re.compile(r"(?:1[89]|20)\d\d")


@dataclass(frozen=True)
class Profile:
    """What the learned features need from one article besides its vector."""

    title_terms: frozenset[str]
    names: frozenset[str]
    figures: frozenset[str]


def profile(title: str, body: str, *, lead_chars: int = _LEAD_CHARS) -> Profile:
    """The title terms, names (title and lead) and figures of one article."""
    lead = body[:lead_chars]
    if len(body) > lead_chars and " " in lead:
        lead = lead.rsplit(None, 1)[0]  # no half words
    found = text.names(title) if title else []
    found += text.names(lead)
    names = frozenset(" ".join(text.terms(name)) for name in found) - {""}
    return Profile(
        title_terms=frozenset(text.terms(title)) if title else frozenset(),
        names=names,
        figures=_figures(body),
    )


def _figures(body: str) -> frozenset[str]:
    found = set()
    for match in _FIGURE.finditer(body):
        value = match.group(0).rstrip(",").replace(",", "")
        if _YEAR.fullmatch(value) or value in {"0", "1"}:
            continue  # years date a story rather than describe it; 0 and 1 are everywhere
        found.add(value)
    return frozenset(found)


@dataclass
class GroupProfile:
    """Counts over a group's members: how many of them have each title term, name and figure."""

    size: int = 0
    titled: int = 0
    title_terms: dict[str, int] = field(default_factory=dict)
    names: dict[str, int] = field(default_factory=dict)
    figures: dict[str, int] = field(default_factory=dict)

    def add(self, item: Profile) -> None:
        self.size += 1
        if item.title_terms:
            self.titled += 1
        for counts, keys in (
            (self.title_terms, item.title_terms),
            (self.names, item.names),
            (self.figures, item.figures),
        ):
            for key in keys:
                counts[key] = counts.get(key, 0) + 1

    def remove(self, item: Profile) -> None:
        self.size -= 1
        if item.title_terms:
            self.titled -= 1
        for counts, keys in (
            (self.title_terms, item.title_terms),
            (self.names, item.names),
            (self.figures, item.figures),
        ):
            for key in keys:
                left = counts.get(key, 0) - 1
                if left > 0:
                    counts[key] = left
                else:
                    counts.pop(key, None)

    def merge(self, other: GroupProfile) -> None:
        """Add another group's counts to this one's."""
        self.size += other.size
        self.titled += other.titled
        for counts, more in (
            (self.title_terms, other.title_terms),
            (self.names, other.names),
            (self.figures, other.figures),
        ):
            for key, count in more.items():
                counts[key] = counts.get(key, 0) + count

    def to_dict(self) -> dict[str, Any]:
        return {
            "size": self.size,
            "titled": self.titled,
            # sorted: the sets they count come in hash order, which differs between runs
            "title_terms": dict(sorted(self.title_terms.items())),
            "names": dict(sorted(self.names.items())),
            "figures": dict(sorted(self.figures.items())),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> GroupProfile:
        return cls(
            size=int(data["size"]),
            titled=int(data["titled"]),
            title_terms={k: int(v) for k, v in data["title_terms"].items()},
            names={k: int(v) for k, v in data["names"].items()},
            figures={k: int(v) for k, v in data["figures"].items()},
        )


def features(
    body_cosine: float,
    item: Profile,
    group: GroupProfile,
    *,
    rarity: Callable[[str], float] | None = None,
) -> tuple[float, ...]:
    """The feature values, in :data:`FEATURES` order, of an article against a group.

    With ``rarity`` (a weight for each name or figure, e.g. its inverse
    document frequency), the name and figure overlaps weigh each shared key by
    it: sharing a rare name says more than sharing a month or a small number.
    """
    has_titles = bool(item.title_terms) and group.titled > 0
    return (
        body_cosine,
        _title_cosine(item.title_terms, group) if has_titles else 0.0,
        1.0 if has_titles else 0.0,
        _share(item.names, group.names, rarity),
        _share(item.figures, group.figures, rarity),
        math.log(max(group.size, 1)),
    )


def _title_cosine(terms: frozenset[str], group: GroupProfile) -> float:
    """Cosine between the article's title terms and the group's title-term counts."""
    counts = group.title_terms
    shared = sum([counts.get(term, 0) for term in terms])
    if not shared:
        return 0.0
    norm = math.sqrt(sum([count * count for count in counts.values()]))
    return shared / (math.sqrt(len(terms)) * norm)


def _share(
    keys: Iterable[str], counts: Mapping[str, int], rarity: Callable[[str], float] | None
) -> float:
    """The (rarity-weighted) share of ``keys`` the group has at least once (0 when none)."""
    keys = sorted(keys)  # a fixed order: float sums must not depend on set order
    if not keys:
        return 0.0
    if rarity is None:
        return sum(1 for key in keys if key in counts) / len(keys)
    weights = [rarity(key) for key in keys]
    total = sum(weights)
    if total <= 0.0:
        return 0.0
    return sum([w for key, w in zip(keys, weights, strict=True) if key in counts]) / total


@dataclass(frozen=True)
class SimilarityModel:
    """Logistic regression weights over :data:`FEATURES` for one level."""

    level: str
    weights: tuple[float, ...]
    bias: float

    def score(self, values: Sequence[float]) -> float:
        """The log-odds that the article belongs with the group."""
        return self.bias + sum([w * v for w, v in zip(self.weights, values, strict=True)])

    def probability(self, values: Sequence[float]) -> float:
        z = self.score(values)
        if z >= 0:
            return 1.0 / (1.0 + math.exp(-z))
        e = math.exp(z)
        return e / (1.0 + e)


def parse_models(
    data: Mapping[str, Any], *, levels: Iterable[str] = tuple(LEVELS)
) -> dict[str, SimilarityModel]:
    """Models of ``levels`` from the JSON written by the training benchmark;
    InvalidParameter if malformed."""
    if tuple(data.get("features", ())) != FEATURES:
        raise InvalidParameter(
            f"The similarity weights list features {data.get('features')!r}; "
            f"this version needs {list(FEATURES)!r}."
        )
    models = {}
    for level in levels:
        names = LEVELS[level]
        entry = data.get("levels", {}).get(level)
        if not isinstance(entry, Mapping):
            raise InvalidParameter(f"The similarity weights have no level {level!r}.")
        if tuple(entry.get("features", FEATURES)) != names:
            raise InvalidParameter(
                f"The {level!r} similarity weights list features {entry.get('features')!r}; "
                f"this version needs {list(names)!r}."
            )
        weights = tuple(float(w) for w in entry["weights"])
        if len(weights) != len(names) or not all(math.isfinite(w) for w in weights):
            raise InvalidParameter(f"The {level!r} similarity weights are malformed.")
        models[level] = SimilarityModel(level=level, weights=weights, bias=float(entry["bias"]))
    return models


def load_model(level: str) -> SimilarityModel:
    """The shipped model of ``level`` ("story", "thread" or "thread_minilm")."""
    if level not in LEVELS:
        raise InvalidParameter(f"No similarity level {level!r}. Available: {', '.join(LEVELS)}.")
    try:
        raw = WEIGHTS_PATH.read_text("utf-8")
        return parse_models(json.loads(raw), levels=[level])[level]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InvalidParameter(f"The shipped similarity weights cannot be read: {exc}") from None
