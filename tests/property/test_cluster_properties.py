"""Story assignment does not depend on batch order; open stories stay within their bound."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.cluster import StoryClusterer
from storyline.models import Article, CleanArticle, Origin

DAY0 = datetime(2031, 6, 1, tzinfo=UTC)

# Invented sentences about four events; articles mix two or three of one event's sentences.
EVENTS = [
    [
        "Harbour pilots at Quillsey went on strike over night-shift rosters.",
        "Container ships queued outside Quillsey harbour as the pilots' strike went on.",
        "The Quillsey pilots' union said rosters left crews exhausted.",
    ],
    [
        "A meteorite fragment crashed through a greenhouse roof in Oddington.",
        "Geologists confirmed the Oddington fragment is an iron meteorite.",
        "The greenhouse owner in Oddington plans to lend the meteorite to a museum.",
    ],
    [
        "The Brackwater rowing club won the lightweight eights regatta final.",
        "Brackwater's lightweight eight beat the holders by half a length at the regatta.",
        "Rowing officials praised the Brackwater crew after the regatta final.",
    ],
    [
        "Librarians in Feldmarch recovered a stolen atlas from an online auction.",
        "The Feldmarch atlas, stolen a decade ago, was spotted in an online auction listing.",
        "Police returned the recovered atlas to the Feldmarch library archive.",
    ],
]

article_specs = st.lists(
    st.tuples(
        st.integers(0, len(EVENTS) - 1),
        st.lists(st.integers(0, 2), min_size=1, max_size=3, unique=True),
        st.one_of(st.none(), st.integers(0, 4)),
        st.sampled_from(["North Gazette", "Valley Post", "Evening Lamp"]),
    ),
    min_size=1,
    max_size=10,
)


def build(spec: tuple[int, list[int], int | None, str]) -> CleanArticle:
    event, sentences, day, outlet = spec
    text = " ".join(EVENTS[event][i] for i in sentences)
    published = None if day is None else DAY0 + timedelta(days=day)
    article = Article.create(
        raw_id="raw",
        format="text",
        outlet=outlet,
        title="",
        text=text,
        origin=Origin("property.txt"),
        published=published,
    )
    return CleanArticle(article=article, text=text)


@settings(max_examples=60, deadline=None)
@given(specs=article_specs, data=st.data())
def test_assignment_does_not_depend_on_batch_order(
    specs: list[tuple[int, list[int], int | None, str]], data: st.DataObject
) -> None:
    articles = [build(spec) for spec in specs]
    shuffled = data.draw(st.permutations(articles))
    in_order = StoryClusterer(quiet_days=2.0).add_batch(articles)
    reordered = StoryClusterer(quiet_days=2.0).add_batch(shuffled)
    assert reordered == in_order


@settings(max_examples=60, deadline=None)
@given(specs=article_specs, max_open=st.integers(1, 3))
def test_open_stories_never_exceed_max_open_and_every_article_gets_one_story(
    specs: list[tuple[int, list[int], int | None, str]], max_open: int
) -> None:
    clusterer = StoryClusterer(max_open=max_open, keep_closed=True)
    # Distinct articles: one seen again after its story closed would start another.
    articles = list({article.id: article for article in map(build, specs)}.values())
    for article in articles:
        clusterer.add(article)
        assert len(clusterer.open_story_ids()) <= max_open
    members = [a for story in clusterer.stories() for a in story.article_ids]
    assert sorted(members) == sorted({article.id for article in articles})
