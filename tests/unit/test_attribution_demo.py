"""The attribution cases planted in the demo corpus (storyline/data/demo, expected.json)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.attribution import Attributor
from storyline.clean import clean
from storyline.compare import Comparison, compare_story
from storyline.ingest import read_inputs
from storyline.models import Accepted, CleanArticle
from storyline.summarize import summarize

DEMO = Path(__file__).resolve().parents[2] / "storyline" / "data" / "demo"
ARTICLES = DEMO / "articles"
EXPECTED = json.loads((DEMO / "expected.json").read_text(encoding="utf-8"))
CASES = EXPECTED["attribution"]


@pytest.fixture(scope="module")
def story() -> dict[str, CleanArticle]:
    """The ferry story's articles, by their path under the demo folder."""
    event = next(e for e in EXPECTED["events"] if e["key"] == CASES["kicker_not_cited"]["event"])
    found = {}
    for item in read_inputs([ARTICLES / name for name in event["files"]]):
        assert isinstance(item, Accepted)
        name = Path(item.article.origin.path).resolve().relative_to(ARTICLES).as_posix()
        found[name] = clean(item.article)
    return found


@pytest.fixture(scope="module")
def comparison(story: dict[str, CleanArticle]) -> Comparison:
    return compare_story("ferry", list(story.values()))


def _quote_sentence(article: CleanArticle, quote: str) -> str:
    rule = Attributor([(article.id, article.text)])
    return next(s.text for s in rule.sentences_of(article.id) if quote in s.text)


def test_the_heading_sharing_a_word_with_the_quote_is_in_the_text(
    story: dict[str, CleanArticle],
) -> None:
    case = CASES["kicker_not_cited"]
    assert case["heading"] in story[case["heading_file"]].text  # the trap is really there


def test_a_heading_sharing_a_word_with_a_quote_is_not_credited(
    story: dict[str, CleanArticle],
) -> None:
    case = CASES["kicker_not_cited"]
    claim = _quote_sentence(story[case["quote_file"]], case["quote"])
    rule = Attributor((a.id, a.text) for a in story.values())
    assert rule.credit(claim, story[case["heading_file"]].id) is None


def test_no_tick_credits_the_heading_outlet_with_the_quote(comparison: Comparison) -> None:
    case = CASES["kicker_not_cited"]
    facts = [fact for fact in comparison.facts if case["quote"] in fact.text]
    assert facts
    for fact in facts:
        assert fact.outlets == ("The Civic Ledger",)


def test_no_summary_citation_credits_the_heading_outlet_with_the_quote(
    story: dict[str, CleanArticle],
) -> None:
    case = CASES["kicker_not_cited"]
    summary = summarize("ferry", list(story.values()), word_budget=400)
    quoting = [s for s in summary.sentences if case["quote"] in s.text]
    assert quoting  # a budget this large takes every sentence
    heading_id = story[case["heading_file"]].id
    assert all(c.article_id != heading_id for s in quoting for c in s.citations)


def test_outlet_less_files_are_their_own_sources(
    story: dict[str, CleanArticle], comparison: Comparison
) -> None:
    files = CASES["outletless_sources"]["files"]
    assert {story[name].outlet for name in files} == set(files.values())
    assert set(files.values()) <= set(comparison.outlets)
    assert comparison.sources == len(story)


def test_summary_citations_and_coverage_ticks_agree(story: dict[str, CleanArticle]) -> None:
    articles = list(story.values())
    rule = Attributor((a.id, a.text) for a in articles)
    summary = summarize("ferry", articles, word_budget=400, attributor=rule)
    facts = {fact.text: fact for fact in compare_story("ferry", articles, attributor=rule).facts}
    checked = 0
    for sentence in summary.sentences:
        fact = facts.get(sentence.text)
        if fact is not None:  # the sentence opened a fact: the same articles back both
            assert {c.article_id for c in sentence.citations} == {s.article_id for s in fact.spans}
            checked += 1
    assert checked
