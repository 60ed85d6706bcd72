"""Properties of duplicate grouping: a partition, independent of order for exact copies.

Texts are built from invented pseudo-words, so they resemble no real article.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from random import Random

from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.dedup import group_duplicates
from storyline.models import Article, CleanArticle, Origin, stable_id

SYLLABLES = ["ka", "lo", "mi", "ren", "tu", "sa", "vel", "di", "om", "pra", "ne", "zu"]
VOCABULARY = [a + b + c for a in SYLLABLES for b in SYLLABLES for c in SYLLABLES]
START = datetime(2025, 1, 1, tzinfo=UTC)

word_lists = st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=60)
dates = st.one_of(st.none(), st.integers(0, 90).map(lambda days: START + timedelta(days=days)))


def make_clean(text: str, number: int, published: datetime | None = None) -> CleanArticle:
    article = Article.create(
        raw_id=stable_id("raw", str(number), text),
        format="text",
        outlet=f"Outlet {number}",
        title=f"Title {number}",
        text=text,
        origin=Origin(f"in/{number}.txt"),
        published=published,
    )
    return CleanArticle(article, text)


def restyle(text: str, style: int) -> str:
    """The same words with other case, spacing and punctuation."""
    if style == 1:
        return text.upper()
    if style == 2:
        return "  " + text.replace(" ", " ,\n ") + " !"
    return text


@st.composite
def overlapping_articles(draw: st.DrawFn) -> list[CleanArticle]:
    """Articles cut from a few shared word lists: copies, near copies and strangers."""
    bases = draw(st.lists(word_lists, min_size=1, max_size=4))
    articles = []
    for number in range(draw(st.integers(1, 12))):
        base = draw(st.sampled_from(bases))
        start = draw(st.integers(0, min(3, len(base) - 1)))
        end = draw(st.integers(max(start + 1, len(base) - 3), len(base)))
        extra = draw(st.lists(st.sampled_from(VOCABULARY), max_size=4))
        text = " ".join(base[start:end] + extra)
        articles.append(make_clean(text, number, draw(dates)))
    return articles


@given(overlapping_articles())
@settings(max_examples=60, deadline=None)
def test_every_article_is_in_exactly_one_group(articles: list[CleanArticle]) -> None:
    groups = group_duplicates(articles)

    placed = [member.article_id for group in groups for member in group.members]
    assert sorted(placed) == sorted(article.id for article in articles)
    for group in groups:
        assert group.members[0].article_id == group.canonical
        assert group.members[0].relation == "canonical"
        assert group.id == stable_id("group", group.canonical)


@st.composite
def exact_copies(draw: st.DrawFn) -> list[CleanArticle]:
    """Copies (restyled) of up to four texts that share no word with each other."""
    share = len(VOCABULARY) // 4
    vocabularies = [VOCABULARY[i * share : (i + 1) * share] for i in range(4)]
    texts = [
        " ".join(draw(st.lists(st.sampled_from(vocabulary), min_size=1, max_size=40)))
        for vocabulary in vocabularies[: draw(st.integers(1, 4))]
    ]
    articles = []
    for number in range(draw(st.integers(1, 10))):
        text = restyle(draw(st.sampled_from(texts)), draw(st.integers(0, 2)))
        articles.append(make_clean(text, number, draw(dates)))
    return articles


def partition(articles: list[CleanArticle]) -> set[frozenset[str]]:
    return {frozenset(group.article_ids) for group in group_duplicates(articles, window_days=None)}


@given(exact_copies(), st.randoms(use_true_random=False))
@settings(max_examples=60, deadline=None)
def test_grouping_of_exact_copies_does_not_depend_on_input_order(
    articles: list[CleanArticle], random: Random
) -> None:
    shuffled = list(articles)
    random.shuffle(shuffled)

    assert partition(shuffled) == partition(articles)
