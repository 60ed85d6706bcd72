"""ThreadTracker and the learned similarity: linking stories of one topic over weeks."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from storyline import similarity
from storyline.cluster import StoryClusterer
from storyline.errors import InvalidParameter
from storyline.models import CleanArticle, stable_id
from storyline.threads import ThreadTracker, thread_stories
from tests.factories import make_clean_article

DAY0 = datetime(2031, 5, 1, 9, 0, tzinfo=UTC)

# Invented coverage: a ferry dispute in three events, and one unrelated event.
CALLED = (
    "Ferry crews strike called",
    "Crews on the Gannet Ferries routes to Orrin Island will strike on Monday, the "
    "Seafarers Guild said, after talks over the new Tidewatch rota failed.",
)
TALKS = (
    "Gannet Ferries and the Seafarers Guild return to talks",
    "The Seafarers Guild paused further strikes on the Gannet Ferries routes to Orrin "
    "Island while talks on the Tidewatch rota go on at the mediation board.",
)
DEAL = (
    "Seafarers Guild members accept Gannet Ferries deal",
    "Ferry crews backed a deal that scraps the Tidewatch rota on the Gannet Ferries "
    "routes to Orrin Island, the Seafarers Guild said; pay rises 3.5%.",
)
ORCHARD = (
    "Frost ruins Penhallow apple blossom",
    "A late frost destroyed apple blossom across the Penhallow valley orchards, and "
    "growers fear cider production will halve this autumn.",
)


def make_article(
    title: str, text: str, *, published: datetime | None, outlet: str = "Courier"
) -> CleanArticle:
    return make_clean_article(text, title=title, published=published, outlet=outlet)


def on_day(days: float) -> datetime:
    return DAY0 + timedelta(days=days)


def dispute() -> list[CleanArticle]:
    return [
        make_article(*CALLED, published=on_day(0)),
        make_article(*CALLED, published=on_day(0.5), outlet="Wire"),
        make_article(*TALKS, published=on_day(9)),
        make_article(*DEAL, published=on_day(20)),
        make_article(*ORCHARD, published=on_day(1)),
    ]


def two_levels(
    articles: list[CleanArticle], **params: object
) -> tuple[dict[str, str], dict[str, str]]:
    story_of = StoryClusterer().add_batch(articles)
    return story_of, ThreadTracker(**params).add_stories(articles, story_of=story_of)  # type: ignore[arg-type]


def test_events_of_one_topic_are_separate_stories_in_one_thread() -> None:
    articles = dispute()
    story_of, thread_of = two_levels(articles)
    dispute_ids = [a.id for a in articles[:4]]
    assert len({story_of[i] for i in dispute_ids}) == 3
    assert len({thread_of[i] for i in dispute_ids}) == 1
    assert thread_of[articles[4].id] != thread_of[articles[0].id]


def test_a_thread_compacted_between_events_still_takes_the_next_event() -> None:
    articles = dispute()
    _, thread_of = two_levels(articles, compact_days=5.0, compact_terms=10)
    assert len({thread_of[a.id] for a in articles[:4]}) == 1


def test_a_dormant_thread_keeps_only_its_heaviest_terms() -> None:
    tracker = ThreadTracker(compact_days=5.0, compact_terms=10)
    clusterer = StoryClusterer()
    for article in [*dispute()[:2], make_article(*ORCHARD, published=on_day(8))]:
        tracker.add_to_thread(article, story_id=clusterer.add(article))
    sizes = sorted(len(item["centroid"]) for item in tracker.state()["stories"])
    assert sizes[0] == 10 < sizes[1]


def test_thread_id_derives_from_the_story_that_opened_it() -> None:
    articles = dispute()
    story_of, thread_of = two_levels(articles)
    first = articles[0].id
    assert thread_of[first] == stable_id("thread", story_of[first])


def test_threads_do_not_depend_on_batch_order() -> None:
    articles = dispute()
    forward = two_levels(articles)
    backward = two_levels(list(reversed(articles)))
    assert forward == backward


def test_every_story_belongs_to_exactly_one_thread() -> None:
    articles = dispute()
    story_of = StoryClusterer().add_batch(articles)
    threads = thread_stories(articles, story_of=story_of)
    listed = [story_id for thread in threads for story_id in thread.story_ids]
    assert sorted(listed) == sorted(set(story_of.values()))


def test_a_thread_quiet_longer_than_its_gap_closes_and_a_late_story_opens_a_new_one() -> None:
    articles = dispute()
    _, thread_of = two_levels(articles, quiet_days=5.0)
    assert thread_of[articles[2].id] != thread_of[articles[0].id]
    assert thread_of[articles[3].id] != thread_of[articles[2].id]


def test_close_quiet_evicts_quiet_threads() -> None:
    tracker = ThreadTracker(quiet_days=5.0)
    article = make_article(*CALLED, published=on_day(0))
    thread_id = tracker.add_to_thread(article, story_id="s1")
    assert tracker.close_quiet(on_day(6)) == [thread_id]
    assert tracker.open_story_ids() == []
    assert tracker.thread_of_story("s1") is None


def whole_and_resumed_runs(
    *, saved: Callable[[dict[str, Any]], dict[str, Any]] = lambda state: state
) -> tuple[dict[str, str], dict[str, str]]:
    """The threads of the dispute from one run, and from a run stopped after three articles
    and resumed from its saved state (as JSON, then passed through ``saved``)."""
    articles = sorted(dispute(), key=lambda a: a.published or DAY0)
    story_of = StoryClusterer().add_batch(articles)
    whole = ThreadTracker().add_stories(articles, story_of=story_of)
    first = ThreadTracker()
    resumed = first.add_stories(articles[:3], story_of=story_of)
    second = ThreadTracker()
    second.load_state(saved(json.loads(json.dumps(first.state()))))
    resumed.update(second.add_stories(articles[3:], story_of=story_of))
    return whole, resumed


def test_saved_state_continues_like_an_uninterrupted_run() -> None:
    whole, resumed = whole_and_resumed_runs()
    assert resumed == whole


def test_plain_add_is_refused_with_the_right_call_named() -> None:
    with pytest.raises(InvalidParameter, match="add_to_thread"):
        ThreadTracker().add(make_article(*CALLED, published=None))


def test_shipped_weights_load_for_both_levels() -> None:
    for level in ("story", "thread"):
        model = similarity.load_model(level)
        assert len(model.weights) == len(similarity.FEATURES)
        assert 0.0 < model.probability([0.9, 0.9, 1.0, 1.0, 1.0, 0.0]) <= 1.0


def test_weights_for_other_features_are_refused() -> None:
    with pytest.raises(InvalidParameter, match="features"):
        similarity.parse_models({"features": ["body_cosine"], "levels": {}})


def test_without_readable_weights_threads_fall_back_to_the_cosine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(similarity, "WEIGHTS_PATH", tmp_path / "missing.json")
    articles = dispute()
    fallback = two_levels(articles)
    assert fallback == two_levels(articles, similarity="cosine")


def test_higher_title_and_name_overlap_raise_the_probability() -> None:
    model = similarity.load_model("thread")
    low = model.probability([0.1, 0.0, 1.0, 0.0, 0.0, 0.0])
    high = model.probability([0.1, 0.8, 1.0, 0.8, 0.0, 0.0])
    assert high > low


def test_profile_keeps_figures_but_not_years() -> None:
    found = similarity.profile("Deal", "Pay rises 3.5% in 2031 for 1,200 crews.")
    assert found.figures == frozenset({"3.5", "1200"})


def test_a_story_that_grows_towards_an_open_thread_joins_it() -> None:
    tracker = ThreadTracker()
    ferry = tracker.add_to_thread(make_article(*CALLED, published=on_day(0)), story_id="s1")
    orchard = tracker.add_to_thread(make_article(*ORCHARD, published=on_day(1)), story_id="s2")
    assert orchard != ferry
    tracker.add_to_thread(make_article(*TALKS, published=on_day(2)), story_id="s2")
    joined = tracker.add_to_thread(make_article(*DEAL, published=on_day(3)), story_id="s2")
    assert joined == ferry == tracker.thread_of_story("s2")
    assert [thread.story_ids for thread in tracker.threads()] == [("s1", "s2")]
    assert tracker.open_story_ids() == [ferry]


# Invented coverage of a topic that drifts: a dockers' strike, then a canal closed by it,
# then the stranded barges (which resemble the canal story, not the strike's first days).
STRIKE = [
    (
        "Velport dockers walk out over pay",
        "Dockers at Velport harbour walked out over pay on Monday, leaving the cranes idle "
        "and container ships waiting at anchor off the harbour wall.",
    ),
    (
        "Velport cranes idle on second day of dockers' walkout",
        "The cranes at Velport harbour stood idle again as dockers kept up their walkout "
        "over pay; container ships wait at anchor.",
    ),
    (
        "Ships queue off Velport as harbour strike goes on",
        "More container ships queued off Velport harbour on Wednesday as the dockers' "
        "strike over pay went into a third day with the cranes idle.",
    ),
    (
        "Velport harbour bosses offer dockers talks",
        "Harbour bosses at Velport offered the striking dockers talks on pay, but the "
        "cranes stayed idle and the ships remain at anchor.",
    ),
]
CANAL = (
    "Velport dockers' pay strike spreads to the Brask canal",
    "The Velport dockers' strike over pay spread on Thursday: with the harbour cranes idle "
    "and ships at anchor, lock keepers on the Brask canal walked out too, and barges "
    "loaded with grain are stranded above the Ostrey locks.",
)
BARGES = (
    "Grain barges stranded at the Ostrey locks",
    "Barges loaded with grain are still stranded above the Ostrey locks on the Brask "
    "canal, where lock keepers stay out; millers warn of shortages.",
)


def drifting_topic() -> list[CleanArticle]:
    articles = [make_article(*item, published=on_day(n)) for n, item in enumerate(STRIKE)]
    return [
        *articles,
        make_article(*CANAL, published=on_day(10)),
        make_article(*BARGES, published=on_day(22)),
    ]


def test_a_new_story_joins_the_thread_through_its_latest_member_story() -> None:
    articles = drifting_topic()
    barges = articles[-1].id
    params = {"similarity": "cosine", "threshold": 0.2}
    story_of, thread_of = two_levels(articles, **params)
    assert len({story_of[a.id] for a in articles}) == 3  # three events
    assert thread_of[barges] == thread_of[articles[0].id]
    # Scored on the whole thread alone, the barges' story is too far from the strike.
    _, alone = two_levels(articles, **params, member_stories=0)
    assert alone[articles[-2].id] == alone[articles[0].id]
    assert alone[barges] != alone[articles[0].id]


def test_saved_state_keeps_the_latest_member_stories() -> None:
    articles = drifting_topic()
    story_of = StoryClusterer().add_batch(articles)
    params = {"similarity": "cosine", "threshold": 0.2}
    whole = ThreadTracker(**params).add_stories(articles, story_of=story_of)  # type: ignore[arg-type]
    first = ThreadTracker(**params)  # type: ignore[arg-type]
    part = first.add_stories(articles[:-1], story_of=story_of)
    saved = json.loads(json.dumps(first.state()))
    (thread,) = saved["stories"]
    assert [p["story_id"] for p in thread["parts"]] == list(dict.fromkeys(story_of.values()))[:2]
    second = ThreadTracker(**params)  # type: ignore[arg-type]
    second.load_state(saved)
    part.update(second.add_stories(articles[-1:], story_of=story_of))
    assert part == whole


def test_member_stories_must_be_a_whole_number() -> None:
    with pytest.raises(InvalidParameter, match="member_stories"):
        ThreadTracker(member_stories=-1).add_to_thread(
            make_article(*CALLED, published=None), story_id="s1"
        )


def test_rare_names_weigh_more_in_the_overlap() -> None:
    item = similarity.Profile(
        title_terms=frozenset(), names=frozenset({"july", "ostrey"}), figures=frozenset()
    )
    group = similarity.GroupProfile()
    group.add(
        similarity.Profile(title_terms=frozenset(), names=frozenset({"july"}), figures=frozenset())
    )
    rarity = {"july": 1.0, "ostrey": 3.0}
    plain = similarity.features(0.1, item, group)
    weighted = similarity.features(0.1, item, group, rarity=rarity.__getitem__)
    name_overlap = similarity.FEATURES.index("name_overlap")
    assert plain[name_overlap] == 0.5
    assert weighted[name_overlap] == 0.25
