"""Align figures about the same thing across sources and say how they relate.

Two figures from different independent sources are about the same thing when
they measure the same thing: the same unit, or counts of different nouns of the
same magnitude ("hundreds of millions of messages", "312.6 million texts"),
with enough shared context words ("injured", "households", "sent"); each
figure is linked to its best such match in every other source when the match
is mutual.  One article's restatements of a figure (standfirst and body: "more
than 300 million texts", later "312.6 million texts") join their group too.
Each pair in a group is then ``same`` (identical statement),
``compatible`` (one is a vaguer or rounded form of the other: "tens of
thousands" contains 41,500; "about 40,000" is 41,500 rounded) or
``conflicting`` ("12 injured" vs "nine injured").
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence

from storyline.compare.clustering import constrained_groups
from storyline.compare.figures import PARTICIPLE_NOUNS as PARTICIPLES
from storyline.compare.model import Figure, FigureGroup, FigurePair
from storyline.models import stable_id
from storyline.text import stem

__all__ = ["compatible", "group_figures", "relate", "restatements"]

# Units that say little about what is counted: they need shared context words.
GENERIC_UNITS = frozenset(
    {"", "person", "people", "percent", "USD", "EUR", "GBP", "JPY", "CNY", "time", "case"}
    | {"second", "minute", "hour", "day", "week", "fortnight", "month", "year", "decade"}
)
# Units that count the same population, compared when the context agrees:
# "41,500 households" and "tens of thousands of residents" lost power.
POPULATION = frozenset(
    {"person", "resident", "household", "home", "house", "property", "customer", "family"}
    | {"people", "citizen", "inhabitant", "homeowner"}
)
_APPROX_RELATIVE = 0.1  # "about X" allows at least 10 % either side
_ROUND_STEP = 100.0
_AGREEMENT_BONUS = 0.05
_MAGNITUDE = 10.0  # a bare number with two trailing zeros may be rounded
# Two reports of one quantity that disagree stay within this factor ("12" vs "nine"
# injured, "$14m" vs "$11.5m"); figures further apart measure different things.
_CONFLICT_FACTOR = 3.0


def relate(first: Figure, second: Figure) -> tuple[str, str]:
    """The relation of two figures about the same thing, and a short reason."""
    if (first.low, first.high, first.approx) == (second.low, second.high, second.approx):
        return "same", f"both {_describe(first)}"
    a_low, a_high = _widened(first)
    b_low, b_high = _widened(second)
    if a_low <= b_high and b_low <= a_high:
        return "compatible", f"{_describe(first)} and {_describe(second)} overlap"
    return "conflicting", f"{_describe(first)} vs {_describe(second)}"


def compatible(first: Figure, second: Figure) -> bool:
    """Whether two figures about the same thing can both be right (``same`` or ``compatible``)."""
    return relate(first, second)[0] != "conflicting"


def group_figures(
    figures: Sequence[Figure], *, story_id: str, min_context: float = 0.15
) -> tuple[FigureGroup, ...]:
    """Groups of figures about the same thing (single figures form groups of one)."""
    heads, members = restatements(figures, min_context)
    leaders = [figures[i] for i in heads]
    links = _mutual_best_links(leaders, min_context)
    keys = [figure.span.article_id for figure in leaders]
    groups = [
        _make_group(
            [figures[j] for i in indices for j in members[heads[i]]],
            story_id,
        )
        for indices in constrained_groups(keys, links)
    ]
    groups.sort(key=lambda group: (-len({f.span.source for f in group.figures}), group.label))
    return tuple(groups)


def restatements(
    figures: Sequence[Figure], min_context: float = 0.15
) -> tuple[list[int], dict[int, list[int]]]:
    """One article's mentions of one figure: (leading figure indices, leader -> its mentions).

    A later figure restates an earlier one of the same article when both
    measure the same thing (see :func:`_comparable`), agree (``compatible``)
    and share words of their own clauses; the most precise mention leads.
    """
    members: dict[int, list[int]] = {}
    by_article: dict[str, list[int]] = defaultdict(list)
    for index, figure in enumerate(figures):
        by_article[figure.span.article_id].append(index)
    stems = [frozenset(_stem(word) for word in figure.context) for figure in figures]
    words = [_words(figure, own) for figure, own in zip(figures, stems, strict=True)]
    for indices in by_article.values():
        leaders: list[int] = []
        for index in indices:
            for leader in leaders:
                a, b = figures[leader], figures[index]
                if (
                    _comparable(a, b)
                    and compatible(a, b)
                    and _restates(a, b, words[leader], words[index])
                ):
                    members[leader].append(index)
                    break
            else:
                leaders.append(index)
                members[index] = [index]
    led: dict[int, list[int]] = {}
    for group in members.values():
        best = min(group, key=lambda i: (figures[i].approx, figures[i].step, i))
        led[best] = sorted(group)
    heads = list(led)
    heads.sort()
    return heads, led


def _restates(a: Figure, b: Figure, a_words: _Words, b_words: _Words) -> bool:
    shared = {w for w in a_words[0] & b_words[0] if not w.startswith("#")}
    return len(shared) >= 2 or (bool(shared) and a.unit == b.unit and a.unit not in GENERIC_UNITS)


def _comparable(a: Figure, b: Figure) -> bool:
    """Whether two figures can measure the same thing: one unit, one population, or counts
    of different nouns within an order of magnitude ("messages", "texts")."""
    if _unit_key(a) == _unit_key(b):
        return a.unit == b.unit or _same_magnitude(a, b)
    return a.kind == b.kind == "count" and _same_magnitude(a, b)


def _mutual_best_links(
    figures: Sequence[Figure], min_context: float
) -> list[tuple[float, int, int]]:
    best: dict[tuple[int, str], tuple[float, int]] = {}
    stems = [frozenset(_stem(word) for word in figure.context) for figure in figures]
    words = [_words(figure, own) for figure, own in zip(figures, stems, strict=True)]
    by_unit: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, figure in enumerate(figures):
        by_unit[_bucket(figure)].append(index)
    for indices in by_unit.values():
        for x, a in enumerate(indices):
            for b in indices[x + 1 :]:
                if figures[a].span.source == figures[b].span.source:
                    continue
                score = _similarity(figures[a], figures[b], stems[a], stems[b], words[a], words[b])
                if score <= 0 or (score < min_context and _needs_context(figures[a], figures[b])):
                    continue
                if not _comparable(figures[a], figures[b]):
                    continue
                shared = len(words[a][0] & words[b][0])  # words the two clauses share
                if not _stated_within(figures[a], figures[b]):
                    continue  # "at least 10" and "some 17,000" overlap but count different things
                if relate(figures[a], figures[b])[0] != "conflicting":
                    if _unit_key(figures[a]) != _unit_key(figures[b]) and (
                        shared < 2 or _small_bare(figures[a]) or _small_bare(figures[b])
                    ):
                        continue  # different nouns: the clauses must say the same thing
                    score += _AGREEMENT_BONUS  # break ties toward the reading that agrees
                elif (
                    shared < 1
                    or _unit_key(figures[a]) != _unit_key(figures[b])
                    or not _within(figures[a], figures[b], _CONFLICT_FACTOR)
                ):
                    continue  # a conflict needs one noun, the clause's topic, a like size
                for this, other in ((a, b), (b, a)):
                    key = (this, figures[other].span.source)
                    if key not in best or score > best[key][0]:
                        best[key] = (score, other)
    links = []
    for (this, _), (score, other) in best.items():
        back = best.get((other, figures[this].span.source))
        if back is not None and back[1] == this and this < other:
            links.append((score, this, other))
    return links


def _stem(word: str) -> str:
    """Stem a context word, keeping its prefix ("+", "@", "~", "#": a neighbour's unit)."""
    if word[0] in "+@":
        return word[0] + _stem(word[1:])
    return word if word[0] in "~#" else stem(word)


def _bucket(figure: Figure) -> tuple[str, str]:
    """Figures that may be compared: all counts together (their nouns may differ), else by unit."""
    return ("count", "") if figure.kind == "count" else _unit_key(figure)


def _unit_key(figure: Figure) -> tuple[str, str]:
    if figure.kind == "count" and (figure.unit in POPULATION or figure.unit in PARTICIPLES):
        return ("count", "population")
    return (figure.kind, figure.unit)


def _within(a: Figure, b: Figure, factor: float) -> bool:
    """Whether the two figures' intervals overlap or come within ``factor`` of each other."""
    a_low, a_high = _widened(a)
    b_low, b_high = _widened(b)
    low, high = max(a_low, b_low), min(a_high, b_high)
    if low <= high or high <= 0:
        return low <= high
    return low <= factor * high


def _stated_within(a: Figure, b: Figure) -> bool:
    """Whether the numbers the texts state ("at least 10", "some 17,000") are of a like size."""
    x = a.low if a.low is not None else a.high
    y = b.low if b.low is not None else b.high
    if x is None or y is None or x <= 0 or y <= 0:
        return True
    return max(x, y) <= _CONFLICT_FACTOR * min(x, y) or not (
        a.low is None or a.high is None or b.low is None or b.high is None
    )


def _small_bare(figure: Figure) -> bool:
    """A lone small number ("two") with no noun: too common to tie to another noun's count."""
    return figure.unit == "" and (figure.high or 0) < 10


def _same_magnitude(a: Figure, b: Figure) -> bool:
    """Counts of one population in different units (households, residents) differ
    by household size, not by orders of magnitude."""
    a_low, a_high = _widened(a)
    b_low, b_high = _widened(b)
    return max(a_low, b_low) <= _MAGNITUDE * min(a_high, b_high)


def _needs_context(a: Figure, b: Figure) -> bool:
    return a.unit != b.unit or a.unit in GENERIC_UNITS or a.unit in POPULATION


def _similarity(
    a: Figure,
    b: Figure,
    a_stems: frozenset[str],
    b_stems: frozenset[str],
    a_words: _Words,
    b_words: _Words,
) -> float:
    """Jaccard of the clause words plus Jaccard of the sentence words; 0 if nothing is shared.

    A later count ("still without power") or a target is never the same figure
    as a plain count, and figures right after different names ("Alderline
    shares rose 5.2%", "Brenmoor shares rose 4%") are about different things.
    """
    for marker in ("~still", "~plan"):
        if (marker in a_stems) != (marker in b_stems):
            return 0.0
    a_names = {w for w in a_stems if w.startswith("@")}
    b_names = {w for w in b_stems if w.startswith("@")}
    if a_names and b_names and not a_names & b_names:
        return 0.0
    a_clause, a_all = a_words
    b_clause, b_all = b_words
    if not a_all & b_all:
        return 0.0
    score = _jaccard(a_clause, b_clause) + _jaccard(a_all, b_all)
    if a.counted and a.counted == b.counted:
        score += 0.5
    return score


_Words = tuple[set[str], set[str]]


def _words(figure: Figure, stems: frozenset[str]) -> _Words:
    """(clause words, clause and sentence words) as stems, markers and names left out."""
    clause = {w for w in stems if w[0] not in "+@~"}  # "#unit" counts as a clause word
    if figure.unit in PARTICIPLES:
        clause.add(stem(figure.unit))
    return clause, clause | {w[1:] for w in stems if w.startswith("+")}


def _jaccard(a: set[str], b: set[str]) -> float:
    union = a | b
    return len(a & b) / len(union) if union else 0.0


def _make_group(figures: list[Figure], story_id: str) -> FigureGroup:
    figures.sort(key=lambda figure: (figure.span.outlet, figure.span.article_id, figure.span.start))
    pairs = []
    for x, first in enumerate(figures):
        for second in figures[x + 1 :]:
            if first.span.source != second.span.source:
                relation, reason = relate(first, second)
                pairs.append(FigurePair(first.id, second.id, relation, reason))
    group_id = stable_id("figures", story_id, *(figure.id for figure in figures))
    return FigureGroup(group_id, _label(figures), figures[0].unit, tuple(figures), tuple(pairs))


def _label(figures: list[Figure]) -> str:
    """The unit (or what is counted) and the clause word most figures share.

    Among equally shared words the one ranked first in the figures' contexts
    wins: context lists noun-like words first, nearest first.
    """
    head = figures[0].counted or figures[0].unit or "number"
    counts: dict[str, int] = defaultdict(int)
    ranks: dict[str, int] = defaultdict(int)
    for figure in figures:
        clause = [w for w in figure.context if w[0] not in "+@~#"]
        for rank, word in enumerate(dict.fromkeys(clause)):
            if stem(word) != stem(head):
                counts[word] += 1
                ranks[word] += rank
    shared = sorted((-n, ranks[word] / n, word) for word, n in counts.items())
    if shared and (len(figures) == 1 or -shared[0][0] > 1):
        return f"{head} ({shared[0][2]})"
    return head


def _widened(figure: Figure) -> tuple[float, float]:
    """The stated interval, widened by what rounding or hedging allows."""
    low = -math.inf if figure.low is None else figure.low
    high = math.inf if figure.high is None else figure.high
    if figure.low is None or figure.high is None or figure.low != figure.high:
        return low, high
    value = figure.low
    if figure.approx:
        slack = max(figure.step / 2, abs(value) * _APPROX_RELATIVE)
    elif figure.step >= _ROUND_STEP:
        slack = figure.step / 2
    else:
        slack = 0.0
    return value - slack, value + slack


def _describe(figure: Figure) -> str:
    if figure.low is not None and figure.low == figure.high:
        text = _number(figure.low)
        return f"about {text}" if figure.approx else text
    if figure.low is None:
        return f"at most {_number(figure.high or 0.0)}"
    if figure.high is None:
        return f"at least {_number(figure.low)}"
    return f"{_number(figure.low)}–{_number(figure.high)}"


def _number(value: float) -> str:
    if value.is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")
