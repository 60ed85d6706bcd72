"""Results of the cross-source comparison: frozen dataclasses that round-trip through JSON.

Every result keeps :class:`Span` objects that name the article, its outlet, its
independent source (duplicate group) and a character span of the article's
cleaned text, so each fact, figure, quote and date can be traced back.

``to_dict()`` gives plain JSON values (``None`` for an open interval bound,
ISO strings for dates); ``from_dict()`` rebuilds an equal object.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, ClassVar, TypeVar, Union

__all__ = [
    "Attribution",
    "Comparison",
    "DateMention",
    "Entity",
    "Fact",
    "Figure",
    "FigureGroup",
    "FigurePair",
    "OutletCount",
    "Quote",
    "QuoteGroup",
    "Span",
    "TimelineEntry",
]

RELATIONS = ("same", "compatible", "conflicting")
PRECISIONS = ("day", "week", "month", "year")
ENTITY_KINDS = ("person", "organisation", "place", "other")

_T = TypeVar("_T", bound="_Record")


class _Record:
    """Mixin: generic, type-driven conversion to and from JSON-ready dicts."""

    __dataclass_fields__: ClassVar[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return {name: _encode(getattr(self, name)) for name in _field_names(type(self))}

    @classmethod
    def from_dict(cls: type[_T], data: dict[str, Any]) -> _T:
        hints = typing.get_type_hints(cls)
        values = {
            f.name: _decode(hints[f.name], data[f.name])
            for f in dataclasses.fields(cls)
            if f.name in data
        }
        return cls(**values)


@dataclass(frozen=True)
class Span(_Record):
    """A character span ``[start, end)`` of one article's cleaned text.

    ``source`` is the duplicate group the article belongs to: articles that
    share it are copies of one text and count as one independent source.
    """

    article_id: str
    outlet: str
    source: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Fact(_Record):
    """Sentences from several articles that state the same thing.

    ``sources`` counts independent sources (duplicate groups count once);
    ``first_reported`` is the earliest publication time among the articles.
    """

    id: str
    text: str
    spans: tuple[Span, ...]
    sources: int
    first_reported: datetime | None = None

    @property
    def outlets(self) -> tuple[str, ...]:
        return _unique(span.outlet for span in self.spans)


@dataclass(frozen=True)
class Figure(_Record):
    """A quantity stated in the text, normalised to an interval and a unit.

    ``low``/``high`` bound what the text states (``None`` = open: "more than 40"
    has ``high=None``); ``approx`` marks hedged or vague values ("about 40,000",
    "tens of thousands") whose rounding ``step`` widens the comparison.
    ``unit`` is a currency code, ``percent``, a time unit (``day``...) or the
    singular counted noun (``household``); ``counted`` is what the figure is
    about when that differs from the unit ("$2.3bn in damage" -> ``damage``).
    """

    id: str
    span: Span
    low: float | None
    high: float | None
    unit: str
    kind: str
    approx: bool = False
    step: float = 0.0
    counted: str = ""
    context: tuple[str, ...] = ()


@dataclass(frozen=True)
class FigurePair(_Record):
    """How two figures about the same thing from different sources relate."""

    first: str
    second: str
    relation: str
    reason: str


@dataclass(frozen=True)
class FigureGroup(_Record):
    """Figures from several outlets about the same thing, compared pairwise."""

    id: str
    label: str
    unit: str
    figures: tuple[Figure, ...]
    pairs: tuple[FigurePair, ...]

    @property
    def status(self) -> str:
        """``conflicting`` if any pair conflicts, else ``compatible`` or ``same``."""
        relations = {pair.relation for pair in self.pairs}
        for relation in reversed(RELATIONS):
            if relation in relations:
                return relation
        return "same"

    @property
    def outlets(self) -> tuple[str, ...]:
        return _unique(figure.span.outlet for figure in self.figures)


@dataclass(frozen=True)
class Quote(_Record):
    """A direct quote (the words between the marks) and who said it.

    ``speaker`` is the resolved name ("Ann Lee" for "she" or "the mayor" when
    the article names her nearby), or the description the article gives
    ("spokesman for the minister"), or the pronoun itself ("she") when more
    than one person could be meant, or ``None`` when nothing attributes it.
    Words from a written statement ("in a statement, the council said") have
    the speaker "council statement".  ``cue`` is the span of the attribution
    ("said the mayor").
    """

    id: str
    span: Span
    text: str
    speaker: str | None
    cue: Span | None = None
    partial: bool = False


@dataclass(frozen=True)
class Attribution(_Record):
    """One speaker of a quote group and the outlets that name them (``None``: unattributed)."""

    speaker: str | None
    outlets: tuple[str, ...]


@dataclass(frozen=True)
class QuoteGroup(_Record):
    """The same quote as carried by several outlets.

    ``speakers`` are the distinct speakers named; ``attributions`` say which
    outlets name which speaker (unattributed copies included).
    ``speaker_conflict``: outlets attribute it to different speakers;
    ``wording_changed``: the wording differs beyond one being an excerpt of another.
    """

    id: str
    text: str
    quotes: tuple[Quote, ...]
    speakers: tuple[str, ...]
    speaker_conflict: bool = False
    wording_changed: bool = False
    attributions: tuple[Attribution, ...] = ()

    @property
    def outlets(self) -> tuple[str, ...]:
        return _unique(quote.span.outlet for quote in self.quotes)


@dataclass(frozen=True)
class DateMention(_Record):
    """A date stated in an article, resolved against its publication date.

    ``span`` is the date phrase ("on Monday" -> "Monday"); ``event`` is the
    sentence it occurs in.  ``date`` is the first day of the period for
    week, month and year precision.
    """

    span: Span
    date: date
    precision: str
    event: Span


@dataclass(frozen=True)
class TimelineEntry(_Record):
    """What happened on a date, with every outlet that reports it."""

    id: str
    date: date
    precision: str
    event: str
    mentions: tuple[DateMention, ...]

    @property
    def outlets(self) -> tuple[str, ...]:
        return _unique(mention.span.outlet for mention in self.mentions)


@dataclass(frozen=True)
class OutletCount(_Record):
    outlet: str
    count: int


@dataclass(frozen=True)
class Entity(_Record):
    """A person, organisation or place with its surface variants and mentions per outlet."""

    id: str
    name: str
    kind: str
    variants: tuple[str, ...]
    counts: tuple[OutletCount, ...]

    @property
    def total(self) -> int:
        return sum(count.count for count in self.counts)


@dataclass(frozen=True)
class Comparison(_Record):
    """Everything storyline compares across the articles of one story."""

    story_id: str
    outlets: tuple[str, ...]
    sources: int
    facts: tuple[Fact, ...] = ()
    figures: tuple[FigureGroup, ...] = ()
    quotes: tuple[QuoteGroup, ...] = ()
    timeline: tuple[TimelineEntry, ...] = ()
    entities: tuple[Entity, ...] = ()
    params: dict[str, Any] = field(default_factory=dict)

    def common_facts(self) -> tuple[Fact, ...]:
        """Facts that every independent source reports (none if there is only one source)."""
        if self.sources < 2:
            return ()
        return tuple(fact for fact in self.facts if fact.sources == self.sources)

    def single_source_facts(self) -> dict[str, tuple[Fact, ...]]:
        """Facts only one independent source reports, by outlet (a reprint lists each outlet)."""
        result: dict[str, list[Fact]] = {outlet: [] for outlet in self.outlets}
        for fact in self.facts:
            if fact.sources == 1:
                for outlet in fact.outlets:
                    result[outlet].append(fact)
        return {outlet: tuple(facts) for outlet, facts in result.items() if facts}

    def coverage(self) -> dict[str, dict[str, bool]]:
        """Fact id -> outlet -> whether that outlet reports the fact."""
        return {
            fact.id: {outlet: outlet in fact.outlets for outlet in self.outlets}
            for fact in self.facts
        }

    def to_dict(self) -> dict[str, Any]:
        data = super().to_dict()
        data["coverage"] = self.coverage()  # derived; ignored by from_dict
        return data

    def to_markdown(self) -> str:
        from storyline.compare.markdown import render  # local: keeps model import-light

        return render(self)


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    """A record class's field names in order (asked for every record of every comparison)."""
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(item.name for item in dataclasses.fields(cls))
    return names


def _unique(items: typing.Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


# Values written as they are: most of a comparison's values are these (checked first).
_PLAIN = frozenset({str, int, float, bool, type(None)})


def _encode(value: Any) -> Any:
    if type(value) in _PLAIN:
        return value
    if isinstance(value, _Record):
        return value.to_dict()
    if isinstance(value, (tuple, list)):  # a tuple of types checks faster than a union
        return [_encode(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _encode(item) for key, item in value.items()}
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def _decode(hint: Any, value: Any) -> Any:
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (Union, types.UnionType):
        if value is None:
            return None
        return _decode(next(arg for arg in args if arg is not type(None)), value)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode(args[0], item) for item in value)
        return tuple(_decode(arg, item) for arg, item in zip(args, value, strict=True))
    if origin is dict:
        return {key: _decode(args[1], item) for key, item in value.items()}
    if hint is datetime:
        return datetime.fromisoformat(value)
    if hint is date:
        return date.fromisoformat(value)
    if hint is float and value is not None:
        return float(value)
    if isinstance(hint, type) and issubclass(hint, _Record):
        return hint.from_dict(value)
    return value
