"""StoryClusterer: online story assignment, stable ids, quiet stories, restore."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from storyline.cluster import StoryClusterer, cluster_stories
from storyline.errors import InvalidParameter
from storyline.models import stable_id
from tests.factories import make_clean_article as make_article

DAY0 = datetime(2031, 3, 2, 9, 0, tzinfo=UTC)

# Invented coverage of three unrelated events.
BRIDGE = [
    "Marrowby council closed the Tallis footbridge after engineers found cracked girders "
    "under the river span. Ferry crossings were doubled while the footbridge repairs go on.",
    "Engineers inspecting the Tallis footbridge in Marrowby reported cracked girders, and "
    "the council shut the river crossing. Extra ferry crossings will run during repairs.",
    "The footbridge over the river at Marrowby stays shut: cracked girders found by council "
    "engineers must be replaced, and ferry crossings carry commuters meanwhile.",
]
CHESS = [
    "Grandmaster Ilse Varga won the Kestrel Open chess championship after a tense rapid "
    "playoff against Teodor Blum, who blundered a rook in the final game.",
    "Ilse Varga took the Kestrel Open title, beating Teodor Blum in a rapid playoff; the "
    "chess championship ended when Blum lost his rook late in the last game.",
]
FROST = [
    "A late frost destroyed apple blossom across the Penhallow valley orchards, and growers "
    "fear that cider production will halve this autumn.",
    "Penhallow valley growers counted frost damage to apple blossom in their orchards; cider "
    "makers expect production to halve.",
]


def on_day(days: float) -> datetime:
    return DAY0 + timedelta(days=days)


def test_articles_about_the_same_event_join_one_story() -> None:
    clusterer = StoryClusterer()
    first = clusterer.add(make_article(BRIDGE[0]))
    assert clusterer.add(make_article(BRIDGE[1])) == first


def test_articles_about_different_events_open_different_stories() -> None:
    clusterer = StoryClusterer()
    ids = {clusterer.add(make_article(text)) for text in (BRIDGE[0], CHESS[0], FROST[0])}
    assert len(ids) == 3


def test_story_id_derives_from_the_article_that_opened_it() -> None:
    opener = make_article(CHESS[0])
    assert StoryClusterer().add(opener) == stable_id("story", opener.id)


def test_story_lists_its_articles_and_dates() -> None:
    clusterer = StoryClusterer()
    first = make_article(BRIDGE[0], title="Tallis footbridge shut", published=on_day(1))
    second = make_article(BRIDGE[1], published=on_day(0))
    clusterer.add_batch([first, second])
    (story,) = clusterer.stories()
    assert set(story.article_ids) == {first.id, second.id}
    assert (story.first_published, story.last_published) == (on_day(0), on_day(1))


def test_duplicate_group_follows_the_story_of_its_first_article() -> None:
    clusterer = StoryClusterer()
    story_id = clusterer.add(make_article(BRIDGE[0]), group_id="g1")
    clusterer.add(make_article(FROST[0]))
    # Different words, same duplicate group: the group decides.
    assert clusterer.add(make_article(FROST[1]), group_id="g1") == story_id


def test_adding_an_article_twice_returns_its_story() -> None:
    clusterer = StoryClusterer()
    article = make_article(CHESS[0])
    story_id = clusterer.add(article)
    clusterer.add(make_article(BRIDGE[0]))
    assert clusterer.add(article) == story_id


def test_article_within_the_quiet_gap_joins_the_story() -> None:
    clusterer = StoryClusterer(quiet_days=3.0)
    story_id = clusterer.add(make_article(BRIDGE[0], published=on_day(0)))
    assert clusterer.add(make_article(BRIDGE[1], published=on_day(2.5))) == story_id


def test_without_event_fading_a_story_survives_gaps_of_weeks_but_not_months() -> None:
    clusterer = StoryClusterer(event_days=0)
    story_id = clusterer.add(make_article(BRIDGE[0], published=on_day(0)))
    assert clusterer.add(make_article(BRIDGE[1], published=on_day(12))) == story_id
    assert clusterer.add(make_article(BRIDGE[2], published=on_day(70))) != story_id


def test_story_quiet_longer_than_the_gap_closes_and_a_late_article_starts_a_new_one() -> None:
    clusterer = StoryClusterer(quiet_days=3.0)
    old = clusterer.add(make_article(BRIDGE[0], published=on_day(0)))
    late = clusterer.add(make_article(BRIDGE[1], published=on_day(4)))
    assert late != old
    assert clusterer.open_story_ids() == [late]


def test_close_quiet_returns_and_evicts_quiet_stories() -> None:
    clusterer = StoryClusterer(quiet_days=2.0)
    quiet = clusterer.add(make_article(CHESS[0], published=on_day(0)))
    active = clusterer.add(make_article(FROST[0], published=on_day(1)))
    assert clusterer.close_quiet(on_day(2.5)) == [quiet]
    assert clusterer.open_story_ids() == [active]


def test_closing_every_story_leaves_no_vectors_or_frequencies_behind() -> None:
    clusterer = StoryClusterer(quiet_days=1.0)
    clusterer.add_batch([make_article(t, published=on_day(0)) for t in (*BRIDGE, *CHESS)])
    clusterer.close_quiet(on_day(5))
    state = clusterer.state()
    assert (state["stories"], state["frequencies"], state["documents"]) == ([], {}, 0)


def _dormant_bridge(**params: Any) -> tuple[StoryClusterer, str]:
    """A bridge story, then a chess article six days on (the bridge story is dormant)."""
    clusterer = StoryClusterer(event_days=0, **params)
    story_id = clusterer.add(make_article(BRIDGE[0], published=on_day(0)))
    clusterer.add(make_article(CHESS[0], published=on_day(6)))
    return clusterer, story_id


def _saved(clusterer: StoryClusterer, story_id: str) -> dict[str, Any]:
    (saved,) = [item for item in clusterer.state()["stories"] if item["id"] == story_id]
    return saved


def test_a_dormant_story_keeps_only_its_heaviest_terms_and_leaves_the_frequencies() -> None:
    clusterer, story_id = _dormant_bridge(compact_days=5.0, compact_terms=8)
    dormant = _saved(clusterer, story_id)
    assert (len(dormant["centroid"]), dormant["member_terms"]) == (8, [])
    alone = StoryClusterer()
    alone.add(make_article(CHESS[0]))
    state, expected = clusterer.state(), alone.state()
    assert (state["documents"], state["frequencies"]) == (1, expected["frequencies"])


def test_a_compacted_story_is_indexed_only_under_the_terms_it_kept() -> None:
    clusterer, story_id = _dormant_bridge(compact_days=5.0, compact_terms=5, story_terms=30)
    dormant = _saved(clusterer, story_id)
    indexed = {term for term, posting in clusterer._index.postings.items() if story_id in posting}
    assert indexed == set(dormant["centroid"])


def test_a_compacted_story_can_still_be_joined() -> None:
    clusterer, story_id = _dormant_bridge(compact_days=5.0, compact_terms=10)
    assert clusterer.add(make_article(BRIDGE[1], published=on_day(7))) == story_id


def test_a_story_active_within_compact_days_is_kept_whole() -> None:
    clusterer, story_id = _dormant_bridge(compact_days=7.0, compact_terms=8)
    kept = _saved(clusterer, story_id)
    assert len(kept["centroid"]) > 8
    assert len(kept["member_terms"]) == 1


def test_compact_days_zero_keeps_dormant_stories_whole() -> None:
    clusterer, story_id = _dormant_bridge(compact_days=0, compact_terms=8)
    assert len(_saved(clusterer, story_id)["centroid"]) > 8


def test_closing_a_compacted_story_leaves_no_frequencies_behind() -> None:
    clusterer = StoryClusterer(compact_days=1.0, quiet_days=3.0)
    clusterer.add(make_article(BRIDGE[0], published=on_day(0)))
    clusterer.add(make_article(CHESS[0], published=on_day(2)))  # compacts the bridge story
    clusterer.add(make_article(FROST[0], published=on_day(10)))  # closes both
    alone = StoryClusterer()
    alone.add(make_article(FROST[0]))
    state, expected = clusterer.state(), alone.state()
    assert (state["documents"], state["frequencies"]) == (1, expected["frequencies"])


def test_a_restored_dormant_story_is_compacted_once_its_vectors_are_built() -> None:
    articles = [make_article(BRIDGE[0], published=on_day(0))]
    clusterer = StoryClusterer(compact_days=5.0, compact_terms=8, event_days=0)
    clusterer.restore("s1", articles)
    clusterer.restore("s2", [make_article(CHESS[0], published=on_day(6))])
    assert clusterer.add(make_article(BRIDGE[1], published=on_day(7))) == "s1"
    assert len(_saved(clusterer, "s1")["member_terms"]) == 1  # only the new member counts


def test_undated_article_takes_the_stream_time() -> None:
    clusterer = StoryClusterer(quiet_days=3.0)
    story_id = clusterer.add(make_article(BRIDGE[0], published=on_day(0)))
    assert clusterer.add(make_article(BRIDGE[1])) == story_id  # active "at day 0"
    clusterer.add(make_article(CHESS[0], published=on_day(3.5)))
    assert story_id not in clusterer.open_story_ids()


def test_restore_continues_a_story_in_a_new_instance_under_its_id() -> None:
    articles = [make_article(text, published=on_day(i)) for i, text in enumerate(BRIDGE[:2])]
    first_run = StoryClusterer()
    story_id = first_run.add_batch(articles)[articles[0].id]
    second_run = StoryClusterer()
    second_run.restore(story_id, articles)
    assert second_run.add(make_article(BRIDGE[2], published=on_day(2))) == story_id


def test_restored_duplicate_group_still_leads_to_its_story() -> None:
    original = make_article(BRIDGE[0], published=on_day(0))
    clusterer = StoryClusterer()
    clusterer.restore("s1", [original], group_of={original.id: "g7"})
    copy = make_article(FROST[0], published=on_day(1))
    assert clusterer.add(copy, group_id="g7") == "s1"


def test_restoring_an_open_story_again_is_refused() -> None:
    clusterer = StoryClusterer()
    article = make_article(CHESS[0])
    story_id = clusterer.add(article)
    with pytest.raises(InvalidParameter, match="already open"):
        clusterer.restore(story_id, [article])


def test_beyond_max_open_the_story_joined_least_recently_closes() -> None:
    clusterer = StoryClusterer(max_open=2)
    bridge = clusterer.add(make_article(BRIDGE[0]))
    chess = clusterer.add(make_article(CHESS[0]))
    assert clusterer.add(make_article(BRIDGE[1])) == bridge  # bridge is now the most recent
    frost = clusterer.add(make_article(FROST[0]))
    assert clusterer.open_story_ids() == sorted([bridge, frost])
    assert chess not in clusterer.open_story_ids()


def test_a_story_closed_for_room_leaves_no_frequencies_behind() -> None:
    clusterer = StoryClusterer(max_open=1)
    clusterer.add(make_article(CHESS[0]))
    clusterer.add(make_article(FROST[0]))
    alone = StoryClusterer()
    alone.add(make_article(FROST[0]))
    assert clusterer.state()["frequencies"] == alone.state()["frequencies"]


def test_saved_state_keeps_which_story_closes_first_for_room() -> None:
    first_run = StoryClusterer(max_open=2)
    bridge = first_run.add(make_article(BRIDGE[0]))
    chess = first_run.add(make_article(CHESS[0]))
    first_run.add(make_article(BRIDGE[1]))
    second_run = StoryClusterer(max_open=2)
    second_run.load_state(json.loads(json.dumps(first_run.state())))
    second_run.add(make_article(FROST[0]))
    assert bridge in second_run.open_story_ids()
    assert chess not in second_run.open_story_ids()


def test_saved_state_continues_exactly_like_an_uninterrupted_run() -> None:
    before = [make_article(t, published=on_day(i)) for i, t in enumerate([BRIDGE[0], CHESS[0]])]
    after = [make_article(t, published=on_day(2)) for t in (BRIDGE[1], CHESS[1], FROST[0])]
    uninterrupted = StoryClusterer()
    uninterrupted.add_batch(before)
    first_run = StoryClusterer()
    first_run.add_batch(before)
    second_run = StoryClusterer()
    second_run.load_state(json.loads(json.dumps(first_run.state())))
    assert second_run.add_batch(after) == uninterrupted.add_batch(after)
    assert second_run.state() == uninterrupted.state()


def apply_changes(saved: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """What a store does with state_changes(): replace or add stories, drop closed ones."""
    stories = {story["id"]: story for story in saved["stories"]}
    for story in changes["stories"]:
        stories[story["id"]] = story
    for story_id in changes["closed"]:
        stories.pop(story_id, None)
    shared = {key: value for key, value in changes.items() if key not in ("stories", "closed")}
    return {**shared, "stories": list(stories.values())}


def test_state_changes_applied_in_turn_give_the_whole_state() -> None:
    clusterer = StoryClusterer(quiet_days=2.0, max_open=2)
    saved = clusterer.state()
    batches = [
        [make_article(BRIDGE[0], published=on_day(0)), make_article(CHESS[0], published=on_day(0))],
        [make_article(BRIDGE[1], published=on_day(1))],  # changes one story only
        [make_article(FROST[0], published=on_day(1))],  # no room: the chess story closes
        [make_article(FROST[1], published=on_day(4))],  # both go quiet; a new story opens
    ]
    for batch in batches:
        clusterer.add_batch(batch)
        changes = clusterer.state_changes()
        saved = apply_changes(saved, changes)
        assert saved == clusterer.state()
    assert len(changes["stories"]) == 1  # only the new story is written in the last batch


def test_state_from_other_feature_parameters_is_refused() -> None:
    state = StoryClusterer(title_weight=3.0).state()
    with pytest.raises(InvalidParameter, match="other feature parameters"):
        StoryClusterer().load_state(state)


def test_state_from_another_version_is_refused() -> None:
    state = {**StoryClusterer().state(), "version": "1"}
    with pytest.raises(InvalidParameter, match="another version"):
        StoryClusterer().load_state(state)


def test_a_word_repeated_many_times_does_not_outweigh_the_shared_terms() -> None:
    # The footbridge story with one word said over and over: term frequency
    # saturates, so the repeats cannot drown the terms it shares with the story.
    clusterer = StoryClusterer(threshold=0.5)
    bridge = clusterer.add(make_article(BRIDGE[0]))
    repetitive = BRIDGE[1] + " Newsletter!" * 12
    assert clusterer.add(make_article(repetitive)) == bridge


def test_ids_are_the_same_across_two_runs() -> None:
    texts = [*BRIDGE, *CHESS, *FROST]
    runs = []
    for _ in range(2):
        articles = [make_article(t, published=on_day(i % 3)) for i, t in enumerate(texts)]
        runs.append(StoryClusterer().add_batch(articles))
    assert runs[0] == runs[1]
    assert len(set(runs[0].values())) == 3


def test_cluster_stories_lists_closed_stories_too() -> None:
    articles = [
        make_article(CHESS[0], published=on_day(0)),
        make_article(FROST[0], published=on_day(10)),
    ]
    stories = cluster_stories(articles, quiet_days=1.0)
    assert [story.article_ids for story in stories] == [(articles[0].id,), (articles[1].id,)]


def test_cluster_stories_names_an_unknown_parameter() -> None:
    expected = re.escape("no parameter 'treshold'. Available: threshold")
    with pytest.raises(InvalidParameter, match=expected):
        cluster_stories([], treshold=0.3)


def test_bad_threshold_message_names_parameter_rule_and_value() -> None:
    with pytest.raises(InvalidParameter) as raised:
        StoryClusterer(threshold=1.5).add(make_article(CHESS[0]))
    assert str(raised.value) == (
        "The 'threshold' parameter of StoryClusterer must be a float in (0, 1]. Got 1.5 instead."
    )


@pytest.mark.parametrize(
    ("params", "rule"),
    [
        ({"max_open": 0}, "'max_open' parameter of StoryClusterer must be an int in [1, inf]"),
        ({"quiet_days": 0}, "'quiet_days' parameter of StoryClusterer must be a float in (0, inf]"),
        ({"title_weight": -1}, "'title_weight' parameter of StoryClusterer must be a float in [0,"),
        ({"query_terms": 2.5}, "'query_terms' parameter of StoryClusterer must be an int in [1,"),
        ({"candidates": 0}, "'candidates' parameter of StoryClusterer must be an int in [1,"),
        ({"keep_closed": "yes"}, "'keep_closed' parameter of StoryClusterer must be a bool"),
    ],
)
def test_bad_parameters_are_refused_on_first_use(params: dict[str, object], rule: str) -> None:
    clusterer = StoryClusterer(**params)  # type: ignore[arg-type]  # __init__ only stores
    with pytest.raises(InvalidParameter) as raised:
        clusterer.add_batch([make_article(CHESS[0])])
    assert rule in str(raised.value)


def test_by_default_a_report_a_week_after_a_story_opens_a_new_story() -> None:
    clusterer = StoryClusterer()
    story_id = clusterer.add(make_article(BRIDGE[0], published=on_day(0)))
    assert clusterer.add(make_article(BRIDGE[1], published=on_day(2))) == story_id
    assert clusterer.add(make_article(BRIDGE[2], published=on_day(12))) != story_id


def test_learned_similarity_groups_events_and_keeps_others_apart() -> None:
    clusterer = StoryClusterer(similarity="learned")
    stories = clusterer.add_batch([make_article(t) for t in (*BRIDGE, *CHESS, *FROST)])
    groups = [len({stories[a] for a in ids}) for ids in _ids_by_event()]
    assert groups == [1, 1, 1]
    assert len(set(stories.values())) == 3


def _ids_by_event() -> list[list[str]]:
    return [[make_article(t).id for t in event] for event in (BRIDGE, CHESS, FROST)]


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"similarity": "neural"}, "similarity"),
        ({"min_probability": 1.0}, "min_probability"),
        ({"event_days": -1.0}, "event_days"),
        ({"compact_days": -1.0}, "compact_days"),
        ({"compact_terms": 0}, "compact_terms"),
    ],
)
def test_new_parameters_are_validated_on_use(params: dict[str, Any], name: str) -> None:
    with pytest.raises(InvalidParameter, match=name):
        StoryClusterer(**params).add(make_article(BRIDGE[0]))


def test_an_articles_features_are_counted_once_for_stories_and_threads_alike() -> None:
    from storyline import text
    from storyline.cluster import _features_of
    from storyline.threads import ThreadTracker

    lead = "Mayor Ilsa Quorn of Vendholt said the Vendholt Bridge would reopen. " * 12
    article = make_article(lead + BRIDGE[0], title="Vendholt Bridge to reopen")
    stories, threads = StoryClusterer(), ThreadTracker()
    before = _features_of.cache_info()
    features = stories._features(article)
    assert threads._features(article) == features
    after = _features_of.cache_info()
    assert (after.misses - before.misses, after.hits - before.hits) == (1, 1)
    assert any(key.startswith("~") for key in features)  # a whole name: "~ilsa quorn"
    features.clear()  # the caller's copy: the next reader gets its own
    assert threads._features(article) == stories._features(article) != {}
    untitled = StoryClusterer(title_weight=0.0)._features(article)
    (reopen,) = text.terms("reopen")
    assert stories._features(article)[reopen] - untitled[reopen] == 2.0  # the title's weight
