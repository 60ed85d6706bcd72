"""The thread level's optional embeddings through the pipeline, the store and the CLI."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from storyline import embeddings
from storyline.cli import main
from storyline.config import Settings
from storyline.errors import StoreError
from storyline.pipeline import Pipeline
from storyline.store import open_store
from tests.unit.test_thread_embeddings import fake_embedder

DEMO = Path(__file__).resolve().parents[2] / "storyline" / "data" / "demo" / "articles"


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    import storyline.threads

    real = storyline.threads.load_model
    monkeypatch.setattr(
        storyline.threads,
        "load_model",
        lambda level: real("thread_minilm" if level == "thread_fake" else level),
    )
    embeddings.register("fake", lambda: fake_embedder)
    yield
    embeddings.register("fake", None)


def _settings(db: Path, embedder: str = "fake", batch_size: int | None = None) -> Settings:
    settings = Settings(db=str(db))
    settings.set("thread.embeddings", embedder, source="test")
    if batch_size is not None:
        settings.set("pipeline.batch_size", str(batch_size), source="test")
    return settings


def _threads(db: Path) -> dict[str, list[str]]:
    with open_store(db) as store:
        return {t["id"]: t["story_ids"] for t in store.list_threads(limit=-1)}


def test_rebuild_and_small_reversed_batches_keep_the_threads(fake: None, tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    with open_store(db) as store:
        Pipeline(store, _settings(db)).ingest([DEMO])
    first = _threads(db)
    with open_store(db) as store:
        Pipeline(store, _settings(db)).rebuild()
    assert _threads(db) == first
    other = tmp_path / "b.db"
    files = sorted((p for p in DEMO.rglob("*") if p.is_file()), reverse=True)
    with open_store(other) as store:
        Pipeline(store, _settings(other, batch_size=3)).ingest(files)
    assert _threads(other) == first
    with open_store(db) as store:
        states = [t.get("embedding") for t in store._load_thread_state()["stories"]]
    assert states and all(states)  # the vectors travel with the saved threads


def test_switching_embeddings_on_for_a_stored_store_asks_for_a_rebuild(
    fake: None, tmp_path: Path
) -> None:
    db = tmp_path / "s.db"
    files = sorted(p for p in DEMO.rglob("*") if p.is_file())
    with open_store(db) as store:
        Pipeline(store, _settings(db, "none")).ingest(files[:10])
        with pytest.raises(StoreError, match="rebuild") as err:
            Pipeline(store, _settings(db)).ingest(files[10:])
        assert "thread.embeddings = 'none'" in str(err.value)
        Pipeline(store, _settings(db)).rebuild()
        Pipeline(store, _settings(db)).ingest(files[10:])
    assert _threads(db)


def test_the_cli_names_the_extra_when_minilm_is_missing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(embeddings, "_minilm_installed", lambda: "no module named 'torch'")
    monkeypatch.delitem(embeddings._LOADED, "minilm", raising=False)
    db = tmp_path / "m.db"
    code = main(["ingest", str(DEMO), "--db", str(db), "-q", "--embeddings", "minilm"])
    assert code == 1
    assert "pip install 'storyline[embeddings]'" in capsys.readouterr().err
    if db.exists():
        with open_store(db) as store:
            assert store.list_threads(limit=-1) == []


def test_the_cli_flag_sets_the_thread_setting(fake: None, tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    assert main(["ingest", str(DEMO), "--db", str(db), "-q", "--embeddings", "none"]) == 0
    code = main(["rebuild", "--db", str(db), "-q", "--set", "thread.embeddings=fake"])
    assert code == 0
    with open_store(db) as store:
        state = store._load_thread_state()
    assert state is not None and state["features"]["embeddings"] == "fake"
