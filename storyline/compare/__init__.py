"""Cross-source comparison of one story: facts, figures, quotes, timeline, names.

``compare_story`` reads the cleaned articles of a story (duplicate groups
count as one independent source) and returns a :class:`Comparison` that
round-trips through ``to_dict()``/``from_dict()`` and renders with
``to_markdown()``.  Everything is found by rules, offline; every result keeps
spans of ``CleanArticle.text``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from storyline.compare.entities import find_names, merge_entities
from storyline.compare.facts import align_facts
from storyline.compare.figure_groups import group_figures, relate
from storyline.compare.figures import extract_figures
from storyline.compare.model import (
    Attribution,
    Comparison,
    DateMention,
    Entity,
    Fact,
    Figure,
    FigureGroup,
    FigurePair,
    OutletCount,
    Quote,
    QuoteGroup,
    Span,
    TimelineEntry,
)
from storyline.compare.quotes import extract_quotes, group_quotes
from storyline.compare.timeline import FoundDate, extract_dates
from storyline.compare.timeline_groups import merge_timeline
from storyline.errors import InvalidParameter, check_number
from storyline.models import CleanArticle, stable_id

if TYPE_CHECKING:
    from storyline.attribution import Attributor

__all__ = [
    "DEFAULT_PARAMS",
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
    "article_dates",
    "article_figures",
    "article_quotes",
    "compare_story",
    "relate",
]

VERSION = "2"
DEFAULT_PARAMS: dict[str, float | int] = {
    "fact_min_features": 3,
    "figure_context": 0.15,
    "quote_similarity": 0.75,
    "timeline_similarity": 0.2,
}
_OWNER = "compare_story"


def compare_story(
    story_id: str,
    articles: Sequence[CleanArticle],
    *,
    group_of: Mapping[str, str] | None = None,
    attributor: Attributor | None = None,
    **params: Any,
) -> Comparison:
    """Compare what the articles of one story say.

    ``group_of`` maps article id -> duplicate group id; articles of one group
    are one independent source (a wire story and its reprints count once).
    Which articles state a fact is decided by ``attributor`` (built from the
    articles when not given; pass the summary's to share its cache).
    Parameters (keyword, see ``DEFAULT_PARAMS``): ``fact_min_features`` >= 1,
    ``figure_context`` in [0, 1], ``quote_similarity`` in (0, 1], ``timeline_similarity`` in [0, 1].
    """
    settings = _validated(params)
    groups = dict(group_of or {})
    source_of = {article.id: groups.get(article.id, article.id) for article in articles}
    outlets = tuple(dict.fromkeys(article.outlet for article in articles))
    facts = align_facts(
        articles,
        story_id=story_id,
        source_of=source_of,
        attributor=attributor,
        min_features=int(settings["fact_min_features"]),
    )
    figures = [f for a in articles for f in article_figures(a, source_of[a.id])]
    quotes = [q for a in articles for q in article_quotes(a, source_of[a.id])]
    dates = [(d, a.published) for a in articles for d in article_dates(a, source_of[a.id])]
    names = [(a.outlet, mention) for a in articles for mention in find_names(a.text)]
    return Comparison(
        story_id=story_id,
        outlets=outlets,
        sources=len(set(source_of.values())),
        facts=facts,
        figures=group_figures(
            figures, story_id=story_id, min_context=float(settings["figure_context"])
        ),
        quotes=group_quotes(
            quotes, story_id=story_id, min_similarity=float(settings["quote_similarity"])
        ),
        timeline=merge_timeline(
            dates, story_id=story_id, min_similarity=float(settings["timeline_similarity"])
        ),
        entities=merge_entities(names, story_id=story_id),
        params={"version": VERSION, **settings},
    )


def _span(article: CleanArticle, source: str, start: int, end: int) -> Span:
    return Span(article.id, article.outlet, source, start, end, article.text[start:end])


def article_figures(article: CleanArticle, source: str | None = None) -> list[Figure]:
    """The figures of one article."""
    source = source or article.id
    return [
        Figure(
            id=stable_id("figure", article.id, str(found.start), str(found.end)),
            span=_span(article, source, found.start, found.end),
            low=found.low,
            high=found.high,
            unit=found.unit,
            kind=found.kind,
            approx=found.approx,
            step=found.step,
            counted=found.counted,
            context=found.context,
        )
        for found in extract_figures(article.text, language=article.article.language)
    ]


def article_quotes(article: CleanArticle, source: str | None = None) -> list[Quote]:
    """The direct quotes of one article, with resolved speakers."""
    source = source or article.id
    return [
        Quote(
            id=stable_id("quote", article.id, str(found.start), str(found.end)),
            span=_span(article, source, found.start, found.end),
            text=found.text,
            speaker=f"{found.speaker} statement" if found.statement else found.speaker,
            cue=_span(article, source, *found.cue) if found.cue else None,
            partial=found.partial,
        )
        for found in extract_quotes(article.text)
    ]


def article_dates(article: CleanArticle, source: str | None = None) -> list[DateMention]:
    """Dates stated in one article, resolved against its publication date."""
    source = source or article.id
    published = _publication_day(article.published)
    return [
        DateMention(
            span=_span(article, source, found.start, found.end),
            date=found.date,
            precision=found.precision,
            event=_span(article, source, found.sentence_start, found.sentence_end),
        )
        for found in extract_dates(article.text, published)
        if found.precision != "ref"  # "now", "recently": no place on a calendar
        and not _past_after(found, published)
    ]


def _past_after(found: FoundDate, published: date | None) -> bool:
    """A past-tense event dated after publication by a relative phrase ("next week" in
    "said he would have resigned next week" read as past): kept off the timeline."""
    if published is None or found.tense != "past" or found.date <= published:
        return False
    return not any(character.isdigit() for character in found.text)


def _publication_day(published: datetime | None) -> date | None:
    return published.date() if published is not None else None


def _validated(params: Mapping[str, Any]) -> dict[str, float | int]:
    unknown = sorted(set(params) - set(DEFAULT_PARAMS))
    if unknown:
        raise InvalidParameter(
            f"No parameter {unknown[0]!r} for {_OWNER}. Available: {', '.join(DEFAULT_PARAMS)}."
        )
    settings = {**DEFAULT_PARAMS, **params}
    check_number(_OWNER, "fact_min_features", settings["fact_min_features"], low=1, integer=True)
    check_number(_OWNER, "figure_context", settings["figure_context"], low=0, high=1)
    check_number(
        _OWNER, "quote_similarity", settings["quote_similarity"], low=0, high=1, low_open=True
    )
    check_number(_OWNER, "timeline_similarity", settings["timeline_similarity"], low=0, high=1)
    return settings
