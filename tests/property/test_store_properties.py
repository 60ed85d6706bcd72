"""Store round-trips are exact: what goes in comes out equal."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.models import (
    Accepted,
    Article,
    Citation,
    CleanArticle,
    Origin,
    Removal,
    Summary,
    SummarySentence,
    raw_hash,
)
from storyline.store import open_store, summary_from_dict, summary_to_dict
from tests.conftest import fresh_schema

text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=200)
optional_text = st.none() | text
zones = st.sampled_from(
    [UTC, timezone(timedelta(hours=-5)), timezone(timedelta(hours=5, minutes=30))]
)
moments = st.none() | st.builds(
    lambda dt, tz: dt.replace(tzinfo=tz),
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1)),
    zones,
)
origins = st.builds(
    Origin,
    path=st.text(min_size=1, max_size=40),
    line=st.none() | st.integers(1, 10**6),
)


@st.composite
def accepted_articles(draw: st.DrawFn) -> Accepted:
    raw = draw(st.binary(max_size=300))
    article = Article.create(
        raw_id=raw_hash(raw),
        format=draw(st.sampled_from(["html", "text", "jsonl", "feed", "warc"])),
        outlet=draw(st.text(min_size=1, max_size=30)),
        title=draw(text),
        text=draw(text),
        origin=draw(origins),
        url=draw(optional_text),
        published=draw(moments),
        author=draw(optional_text),
        kicker=draw(optional_text),
        standfirst=draw(optional_text),
    )
    return Accepted(article, raw)


@settings(max_examples=60, deadline=None)
@given(
    accepted=accepted_articles(),
    removals=st.lists(st.builds(Removal, text, text, st.integers(0, 50)), max_size=3),
)
def test_articles_raw_bytes_and_cleaned_text_round_trip(accepted, removals):
    with tempfile.TemporaryDirectory() as folder, open_store(Path(folder) / "s.db") as store:
        _round_trip(store, accepted, removals)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    accepted=accepted_articles(),
    removals=st.lists(st.builds(Removal, text, text, st.integers(0, 50)), max_size=3),
)
def test_postgres_round_trips_articles_exactly_or_keeps_a_nul_text_as_a_rejection(
    pg_server, accepted, removals
):
    with fresh_schema(pg_server) as url, open_store(url) as store:
        article = accepted.article
        fields = (article.outlet, article.title, article.text, article.url, article.author)
        fields += (article.kicker, article.standfirst, article.origin.path)
        if any(value and "\x00" in value for value in fields):
            assert not store.add_article(accepted)
            assert not store.has_article(article.id)
            assert any("NUL" in row["reason"] for row in store.rejections())
            assert store.raw(article.raw_id) == accepted.raw
            return
        _round_trip(store, accepted, removals)


def _round_trip(store, accepted, removals):
    store.add_article(accepted)
    cleaned = CleanArticle(accepted.article, accepted.article.text.strip(), tuple(removals))
    with store.transaction():
        store._save_cleaned(
            cleaned, store._stage_id({"stage": "clean", "version": "1", "params": {}})
        )
    assert store.article(accepted.article.id) == accepted.article
    assert store.raw(accepted.article.raw_id) == accepted.raw
    assert store.cleaned_articles([accepted.article.id]) == [cleaned]


citations = st.builds(
    Citation,
    article_id=st.text(min_size=1, max_size=16),
    outlet=st.text(min_size=1, max_size=20),
    start=st.integers(0, 10**5),
    end=st.integers(0, 10**5),
    similarity=st.floats(0, 1).map(lambda x: round(x, 4)),
)
summaries = st.builds(
    Summary,
    story_id=st.text(min_size=1, max_size=16),
    sentences=st.lists(
        st.builds(
            SummarySentence, text, st.lists(citations, max_size=4).map(tuple), st.integers(0, 9)
        ),
        max_size=4,
    ).map(tuple),
    word_budget=st.integers(1, 1000),
)


@given(summaries)
def test_summaries_round_trip_through_their_stored_form(summary):
    assert summary_from_dict(summary_to_dict(summary)) == summary
