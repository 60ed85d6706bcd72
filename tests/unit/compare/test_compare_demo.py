"""Every planted figure, quote and date case of the demo corpus (storyline/data/demo)."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from storyline.clean import clean
from storyline.compare import Comparison, article_dates, compare_story
from storyline.compare.entities import TITLES
from storyline.compare.quotes import same_speaker
from storyline.ingest import read_inputs
from storyline.models import Accepted, CleanArticle

DEMO = Path(__file__).resolve().parents[3] / "storyline" / "data" / "demo"
EXPECTED = json.loads((DEMO / "expected.json").read_text(encoding="utf-8"))
ARTICLES = DEMO / "articles"


def _key(article: CleanArticle) -> str:
    origin = article.article.origin
    name = Path(origin.path).resolve().relative_to(ARTICLES).as_posix()
    if origin.line is not None:
        return f"{name}#{origin.line}"
    return f"{name}#{origin.entry}" if origin.entry is not None else name


@pytest.fixture(scope="module")
def articles() -> dict[str, CleanArticle]:
    found = {}
    for item in read_inputs([ARTICLES]):
        if isinstance(item, Accepted):
            cleaned = clean(item.article)
            found[_key(cleaned)] = cleaned
    return found


@pytest.fixture(scope="module")
def comparisons(articles: dict[str, CleanArticle]) -> dict[str, Comparison]:
    return {
        event["key"]: compare_story(event["key"], [articles[f] for f in event["files"]])
        for event in EXPECTED["events"]
    }


def _figure(comparison: Comparison, article: CleanArticle, text: str) -> tuple[Any, Any]:
    for group in comparison.figures:
        for figure in group.figures:
            if figure.span.article_id == article.id and figure.span.text in text:
                return group, figure
    raise AssertionError(f"no figure in {text!r}")


@pytest.mark.parametrize("case", EXPECTED["figures"], ids=lambda c: c["a"]["text"])
def test_planted_figures(
    case: dict[str, Any], articles: dict[str, CleanArticle], comparisons: dict[str, Comparison]
) -> None:
    comparison = comparisons[case["event"]]
    group_a, first = _figure(comparison, articles[case["a"]["file"]], case["a"]["text"])
    group_b, second = _figure(comparison, articles[case["b"]["file"]], case["b"]["text"])
    assert group_a is group_b
    pair = next(p for p in group_a.pairs if {p.first, p.second} == {first.id, second.id})
    assert pair.relation == case["relation"]


def _plain(speaker: str) -> str:
    words = speaker.split()
    while len(words) > 2 and words[0].lower() in TITLES:
        words = words[1:]
    return " ".join(words)


@pytest.mark.parametrize("case", EXPECTED["quotes"], ids=lambda c: c["quote"][:30])
def test_planted_quotes(
    case: dict[str, Any], articles: dict[str, CleanArticle], comparisons: dict[str, Comparison]
) -> None:
    comparison = comparisons[case["event"]]
    groups = [g for g in comparison.quotes if case["quote"] in g.text]
    assert len(groups) == 1
    for attribution in case["attributions"]:
        article = articles[attribution["file"]]
        quote = next(q for q in groups[0].quotes if q.span.article_id == article.id)
        assert same_speaker(quote.speaker, _plain(attribution["speaker"]))
    speakers = {_plain(a["speaker"]) for a in case["attributions"]}
    assert groups[0].speaker_conflict == (len(speakers) > 1)


def _expected_date(value: str) -> tuple[str, Any]:
    if re.fullmatch(r"\d{4}-W\d\d", value):
        year, week = value.split("-W")
        return "week", date.fromisocalendar(int(year), int(week), 1)
    if re.fullmatch(r"\d{4}-\d\d", value):
        return "month", date.fromisoformat(value + "-01")
    return "day", date.fromisoformat(value)


@pytest.mark.parametrize("case", EXPECTED["dates"], ids=lambda c: f"{c['file']}:{c['phrase']}")
def test_planted_dates(case: dict[str, Any], articles: dict[str, CleanArticle]) -> None:
    phrase = re.sub(r"^(on|in|from|by) ", "", case["phrase"])
    found = [
        d for d in article_dates(articles[case["file"]]) if d.span.text.lower() == phrase.lower()
    ]
    assert found
    precision, expected = _expected_date(case["resolves_to"])
    assert {(d.precision, d.date) for d in found} == {(precision, expected)}


def test_reprints_count_once(articles: dict[str, CleanArticle]) -> None:
    event = next(e for e in EXPECTED["events"] if e["key"] == "rail-strike")
    reprint = EXPECTED["reprints"][0]
    story = [articles[f] for f in event["files"]]
    wire = articles[reprint["original"]].id
    groups = {articles[f].id: wire for f in reprint["copies"]} | {wire: wire}
    comparison = compare_story("rail-strike", story, group_of=groups)
    independent = len(event["files"]) - len(reprint["copies"])  # the copies count once
    assert comparison.sources == independent == 4
    quote = next(g for g in comparison.quotes if "not asking for the moon" in g.text)
    assert len({q.span.source for q in quote.quotes}) == 2
    assert max(fact.sources for fact in comparison.facts) <= independent
