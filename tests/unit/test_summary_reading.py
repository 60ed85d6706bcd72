"""Summaries read well: no wire datelines, no leaning "he" before anyone is named, and
short budgets are filled with whole sentences (issue 12, item 22)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from storyline.models import Article, CleanArticle, Origin
from storyline.summarize import Summarizer
from storyline.text import word_count

DEMO = Path(__file__).resolve().parents[2] / "storyline" / "data" / "demo" / "articles"

# Invented text written for these tests.
DATELINED = (
    "TARNWICK, May 3 (Valley Wire) - Engineers closed the Tarnwick road bridge on Friday "
    "after finding a crack in one of its girders.\n\n"
    "Drivers face a detour of 18 kilometres through Ostby while repairs are planned."
)
DATELINED_COPY = (
    "OSTBY (Harbour Radio) — Engineers closed the Tarnwick road bridge on Friday after "
    "they found a crack in one of its girders.\n\n"
    "Repairs could take until the autumn, the county said on Saturday."
)
LEANING = (
    "The 31-year-old signed a three-year contract on Monday after a medical.\n\n"
    "Goalkeeper Mira Castell has joined Dunmore Athletic from Kelby Town for an undisclosed fee."
    "\n\nShe kept fourteen clean sheets last season and was named player of the year."
)
NEVER_NAMED = (
    "He said the plan would be ready by the end of the month.\n\nThe council met on Monday."
)


def _article(text: str, outlet: str, hour: int) -> CleanArticle:
    article = Article.create(
        raw_id=f"raw-{outlet}",
        format="text",
        outlet=outlet,
        title="",
        text=text,
        origin=Origin(f"{outlet}.txt"),
        published=datetime(2025, 5, 3, hour, tzinfo=UTC),
    )
    return CleanArticle(article, text, ())


def test_summary_sentences_lose_their_datelines() -> None:
    articles = [_article(DATELINED, "Valley Wire", 9), _article(DATELINED_COPY, "Radio", 10)]
    summary = Summarizer(word_budget=80).summarize("s", articles)
    assert summary.sentences
    first = summary.sentences[0]
    assert first.text.startswith("Engineers closed the Tarnwick road bridge")
    for sentence in summary.sentences:
        assert "(Valley Wire)" not in sentence.text and "(Harbour Radio)" not in sentence.text
        for citation in sentence.citations:  # the citation still covers the whole sentence
            source = next(a for a in articles if a.id == citation.article_id)
            if sentence.text in source.text:  # its own article
                assert sentence.text in source.text[citation.start : citation.end]


def test_no_sentence_leans_on_a_person_before_they_are_named() -> None:
    summary = Summarizer(word_budget=80, min_sentence_words=4).summarize(
        "s", [_article(LEANING, "Sports Desk", 9)]
    )
    texts = [sentence.text for sentence in summary.sentences]
    named = next(i for i, text in enumerate(texts) if "Mira Castell" in text)
    leaning = [i for i, text in enumerate(texts) if text.startswith(("The 31-year-old", "She"))]
    assert leaning and all(i > named for i in leaning)


def test_a_sentence_leaning_on_nobody_is_left_out() -> None:
    from storyline.models import SummarySentence
    from storyline.summarize import _place_unresolved_openers

    def sentence(text: str) -> SummarySentence:
        return SummarySentence(text=text, citations=(), sources=1)

    leaning = sentence("He said the plan would be ready by the end of the month.")
    plain = sentence("The council met on Monday.")
    named = sentence("Mayor Ana Roth will present the plan.")
    assert _place_unresolved_openers([leaning, plain]) == [plain]
    assert _place_unresolved_openers([leaning, plain, named]) == [plain, named, leaning]


def test_text_without_capitalised_names_is_left_as_written() -> None:
    """Names are told apart by their capitals; lower-cased text gives the rule nothing to go
    on, so it is not applied (nothing is dropped or moved on missing evidence)."""
    summary = Summarizer(word_budget=60, min_sentence_words=4).summarize(
        "s", [_article(NEVER_NAMED, "Desk", 9)]
    )
    assert [s.text for s in summary.sentences] == [
        "He said the plan would be ready by the end of the month.",
        "The council met on Monday.",
    ]


def _demo_stories() -> list[tuple[list[CleanArticle], dict[str, str]]]:
    from storyline.config import Settings
    from storyline.pipeline import Pipeline
    from storyline.store import open_store

    with open_store(":memory:") as store:
        Pipeline(store, Settings(db=":memory:")).ingest([DEMO])
        members = [store.story_members(s["id"]) for s in store.list_stories(limit=100)]
        return [(store.cleaned_articles(ids), store.groups_of(ids)) for ids in members]


def test_a_short_budget_is_filled_with_whole_sentences(monkeypatch) -> None:
    stories = _demo_stories()

    def used(budget: int) -> list[int]:
        return [
            sum(
                word_count(s.text)
                for s in Summarizer(word_budget=budget)
                .summarize("s", articles, group_of=groups)
                .sentences
            )
            for articles, groups in stories
        ]

    filled = {budget: used(budget) for budget in (60, 65, 70)}
    monkeypatch.setattr(Summarizer, "_fill", lambda self, picked, *rest: picked)
    greedy = {budget: used(budget) for budget in (60, 65, 70)}
    for budget, counts in filled.items():
        assert all(count <= budget for count in counts)
        assert all(f >= g for f, g in zip(counts, greedy[budget], strict=True))
    assert sum(map(sum, filled.values())) > sum(map(sum, greedy.values()))
    assert sum(filled[65]) >= 0.9 * 65 * len(stories)
