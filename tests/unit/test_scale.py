"""The Dask path (storyline.scale) against the single-process pipeline.

One local cluster of two worker processes serves the whole module.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest

pytest.importorskip("distributed", reason="the scale extra (dask, distributed) is not installed")

from distributed import WorkerPlugin, get_task_stream

from storyline.cli import main
from storyline.config import load_settings
from storyline.dedup import NearDuplicates
from storyline.models import CleanArticle
from storyline.pipeline import Pipeline
from storyline.scale import ScaleUnavailable, connect, pipeline_for, require_dask
from storyline.scale import duplicates as scaled_dedup
from storyline.scale import pipeline as scaled_pipeline
from storyline.scale.duplicates import DedupEntry, _bucket, scaled_duplicates
from storyline.scale.engine import release_memory, release_workers, run_bounded
from storyline.scale.pipeline import ScaledPipeline
from storyline.scale.stories import Partition, Stitcher, plan_partitions
from storyline.store import open_store
from tests.factories import make_article

DEMO = Path(__file__).resolve().parents[2] / "storyline" / "data" / "demo" / "articles"


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    with connect(workers=2) as dask_client:
        yield dask_client


def _dump(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every derived result of a store, sorted (the clusterer's saved state aside)."""
    db = sqlite3.connect(path)
    try:
        tables = {
            "duplicates": "SELECT article_id, group_id, relation, similarity, signature"
            " FROM duplicates",
            "stories": "SELECT article_id, story_id FROM story_articles",
            "headers": "SELECT id, title, first_published, last_published, size, sources,"
            " outlets, language FROM stories",
            "summaries": "SELECT story_id, data FROM summaries",
            "comparisons": "SELECT story_id, data FROM comparisons",
            "threads": "SELECT * FROM thread_stories",
            "cleaned": "SELECT article_id, text, removals FROM cleaned",
            "open": "SELECT id FROM cluster_stories",
        }
        return {name: sorted(db.execute(sql).fetchall()) for name, sql in tables.items()}
    finally:
        db.close()


@pytest.fixture(scope="module")
def single(tmp_path_factory) -> dict[str, list[tuple[Any, ...]]]:
    """The single-process pipeline's results on the demo corpus."""
    path = tmp_path_factory.mktemp("single") / "one.db"
    with open_store(path) as store:
        Pipeline(store, load_settings(environ={})).ingest([DEMO])
    return _dump(path)


def test_scaled_ingest_of_the_demo_equals_the_single_process_run(client, single, tmp_path):
    with open_store(tmp_path / "dask.db") as store:
        report = ScaledPipeline(store, load_settings(environ={}), client=client).ingest([DEMO])
    assert report.added == len(single["stories"]) and report.summaries == len(single["summaries"])
    assert _dump(tmp_path / "dask.db") == single


def test_tiny_partitions_are_stitched_into_the_same_stories(client, single, tmp_path):
    with open_store(tmp_path / "dask.db") as store:
        ScaledPipeline(
            store, load_settings(environ={}), client=client, partition_size=3, chunk_size=4
        ).ingest([DEMO])
    scaled = _dump(tmp_path / "dask.db")
    assert scaled["stories"] == single["stories"]
    assert scaled["duplicates"] == single["duplicates"]
    assert scaled["summaries"] == single["summaries"]


def test_online_ingest_continues_from_a_scaled_ingest(client, tmp_path):
    files = sorted(p for p in DEMO.rglob("*") if p.is_file())
    first, second = files[::2], files[1::2]
    settings = load_settings(environ={})
    with open_store(tmp_path / "one.db") as store:
        Pipeline(store, settings).ingest(first)
        Pipeline(store, settings).ingest(second)
    with open_store(tmp_path / "mixed.db") as store:
        ScaledPipeline(store, settings, client=client).ingest(first)
        Pipeline(store, settings).ingest(second)
    mixed, single = _dump(tmp_path / "mixed.db"), _dump(tmp_path / "one.db")
    assert mixed["stories"] == single["stories"]
    assert mixed["duplicates"] == single["duplicates"]


def test_a_scaled_ingest_continues_from_an_online_one(client, tmp_path):
    files = sorted(p for p in DEMO.rglob("*") if p.is_file())
    first, second = files[1::2], files[::2]
    settings = load_settings(environ={})
    with open_store(tmp_path / "one.db") as store:
        Pipeline(store, settings).ingest(first)
        Pipeline(store, settings).ingest(second)
    with open_store(tmp_path / "mixed.db") as store:
        Pipeline(store, settings).ingest(first)
        ScaledPipeline(store, settings, client=client).ingest(second)
    mixed, single = _dump(tmp_path / "mixed.db"), _dump(tmp_path / "one.db")
    assert mixed["stories"] == single["stories"]
    assert mixed["duplicates"] == single["duplicates"]


def test_a_failed_write_leaves_the_articles_pending_and_a_rerun_finishes(
    client, single, tmp_path, monkeypatch
):
    settings = load_settings(environ={})
    with open_store(tmp_path / "dask.db") as store:
        original = store._save_story
        calls = []

        def fail_once(*args: Any) -> None:
            calls.append(args)
            if len(calls) == 5:
                raise OSError("disk unplugged")
            original(*args)

        monkeypatch.setattr(store, "_save_story", fail_once)
        with pytest.raises(OSError):
            ScaledPipeline(store, settings, client=client).ingest([DEMO])
        assert store.counts()["pending"] == len(single["stories"])
        assert store.counts()["stories"] == 0
        with get_task_stream(client) as stream:
            ScaledPipeline(store, settings, client=client).ingest([])
        assert store.counts()["pending"] == 0
    # articles read by an earlier run are sent out to be cleaned again
    assert "clean_and_sign" in _task_names(stream)
    assert _dump(tmp_path / "dask.db") == single


def test_articles_are_cleaned_where_they_are_read(client, single, tmp_path):
    """A reading task also cleans and signs what it read: no cleaning task after it."""
    with get_task_stream(client) as stream, open_store(tmp_path / "dask.db") as store:
        ScaledPipeline(store, load_settings(environ={}), client=client).ingest([DEMO])
    names = _task_names(stream)
    assert "read_and_clean" in names and "clean_and_sign" not in names
    scaled = _dump(tmp_path / "dask.db")
    assert scaled["cleaned"] == single["cleaned"] and scaled["duplicates"] == single["duplicates"]


def _die_once(marker: str) -> int:
    if not os.path.exists(marker):
        Path(marker).write_text("died")
        os._exit(1)  # the worker process dies in the middle of its task
    return 42


@pytest.mark.filterwarnings("ignore:.*:RuntimeWarning:distributed")
def test_a_task_whose_worker_dies_is_run_again(tmp_path):
    # a cluster of its own: the module's other tests must not meet the dying worker
    # (data scattered to it while the scheduler has not yet removed it would be lost)
    results: list[int] = []
    jobs = [(str(tmp_path / "marker"),)]
    with connect(workers=2) as own_client:
        run_bounded(own_client, _die_once, jobs, in_flight=1, on_result=results.append)
    assert results == [42]


class _DieInBandKeys(WorkerPlugin):
    """Kills its worker once, as the first band-key task of the duplicate step starts."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def transition(self, key: Any, start: str, finish: str, **kwargs: Any) -> None:
        if finish == "executing" and "_band_frame" in str(key) and not os.path.exists(self.marker):
            Path(self.marker).write_text("died")
            os._exit(1)


@pytest.mark.filterwarnings("ignore:.*:RuntimeWarning:distributed")
def test_a_worker_dying_in_the_duplicate_step_loses_nothing(tmp_path, monkeypatch):
    """The band keys' inputs travel in the task graph, so the task of a worker that dies
    is run again elsewhere (data scattered to it would be lost with it)."""
    monkeypatch.setattr(scaled_dedup, "_SIGNATURES_PER_TASK", 3)
    entries, expected, params = _eviction_stream()
    marker = tmp_path / "marker"
    with connect(workers=2) as own_client:
        own_client.register_plugin(_DieInBandKeys(str(marker)))
        assert scaled_duplicates(own_client, entries, params, partitions=2) == expected
    assert marker.exists()


def _dated(day: int, text: str, name: str) -> CleanArticle:
    accepted = make_article(
        text,
        title=name,
        outlet=name,
        published=datetime(2025, 1, 1, tzinfo=UTC) + timedelta(days=day),
        url=None,
    )
    return CleanArticle(accepted.article, accepted.article.text)


def _eviction_stream(
    days: int = 60, burst: int = 0
) -> tuple[list[DedupEntry], dict[str, Any], dict[str, float]]:
    """Copies, copies of copies and reprints outside the window, added in small batches
    with eviction between them, as the pipeline does; with ``burst`` near copies of one
    text on one day (more than a bucket's cap).  Returns the entries, what the online
    stage gives each article, and the stage's parameters."""
    base = [
        " ".join(f"word{i * 7 + j} topic{i}" for j in range(40)) + f" story number {i}."
        for i in range(6)
    ]
    articles = []
    for day in range(0, days, 3):
        i = day % 6
        text = base[i] + (" extra line" * (day % 4))
        articles.append(_dated(day, text, f"outlet{day}"))
        if day == 30:
            articles.extend(_dated(day, base[5] + f" copy {k}", f"copy{k}") for k in range(burst))
    articles.append(_dated(days + 1, "", "empty"))
    params = {"window_days": 10.0}
    single = NearDuplicates(**params)
    expected, entries = {}, []
    cutoff: float | None = None
    for start in range(0, len(articles), 4):
        batch = articles[start : start + 4]
        for article in batch:
            signature = single.signature(article)
            expected[article.id] = single.add(article, signature=signature)
            entries.append(DedupEntry(article.id, article.published, signature, cutoff))
        moment = max(a.published for a in batch if a.published) - timedelta(days=10)
        single.evict_before(moment)
        cutoff = moment.timestamp()
    return entries, expected, params


@pytest.mark.parametrize("cut", ["whole", "small tasks", "waves"])
def test_duplicate_groups_equal_the_online_stage_with_eviction(client, monkeypatch, cut):
    """Also when the band keys are cut into many small tasks and shuffled partitions,
    and when the stream goes through in many small waves (as a long stream does), one
    of them in the middle of a burst of near copies that fills a bucket."""
    if cut == "small tasks":
        monkeypatch.setattr(scaled_dedup, "_ROWS_PER_PARTITION", 100)
        monkeypatch.setattr(scaled_dedup, "_SIGNATURES_PER_TASK", 3)
    if cut == "waves":
        monkeypatch.setattr(scaled_dedup, "_WAVE", 7)
        monkeypatch.setattr(scaled_dedup, "_SIGNATURES_PER_TASK", 3)
    entries, expected, params = _eviction_stream(burst=70)
    assert scaled_duplicates(client, entries, params, partitions=3, chunk_size=2) == expected
    groups = {group for group, _ in expected.values()}
    assert len(groups) < len(expected) - 70


def test_a_wave_carries_only_the_rows_still_inside_the_window(client, monkeypatch):
    """What a wave hands to the next is what the online index still holds: rows of
    articles the eviction has not dropped; as many on a stream twice as long."""
    monkeypatch.setattr(scaled_dedup, "_WAVE", 4)
    carried: dict[int, list[int]] = {}
    original = scaled_dedup._shuffled_wave

    def watched(client: Any, chunks: Any, held: Any, wave: Any, *args: Any) -> Any:
        codes, kept = original(client, chunks, held, wave, *args)
        if wave.boundary is not None:
            assert not (wave.published[kept["order"].to_numpy() - wave.base] < wave.boundary).any()
        carried.setdefault(args[-1], []).append(kept["order"].nunique())
        return codes, kept

    monkeypatch.setattr(scaled_dedup, "_shuffled_wave", watched)
    for days in (60, 120):
        entries, expected, params = _eviction_stream(days)
        assert scaled_duplicates(client, entries, params, partitions=2) == expected
    short, long = carried.values()
    assert max(short) > 0 and max(long) == max(short)


def _task_names(stream: Any) -> set[str]:
    names = set()
    for record in stream.data:
        key = record["key"]
        names.add((key[0] if isinstance(key, tuple) else key).split("-")[0])
    return names


def test_band_keys_are_shuffled_peer_to_peer_not_through_one_machines_disk(client):
    """Without a default client Dask would shuffle through files on one machine's disk,
    which workers on other machines cannot read; the scaled path asks for distributed's
    peer-to-peer shuffle (each worker keeps what it receives on its own disk)."""
    articles = [_dated(day, f"text number {day % 3} " * 30, f"o{day}") for day in range(8)]
    stage = NearDuplicates()
    entries = [DedupEntry(a.id, a.published, stage.signature(a)) for a in articles]
    with get_task_stream(client) as stream:
        found = scaled_duplicates(client, entries, {}, partitions=2)
    assert len({group for group, _ in found.values()}) == 3
    names = _task_names(stream)
    assert "_band_frame" in names and "p2pshuffle" in names
    assert not names & {"zpartd", "diskshuffle", "barrier"}
    assert not any(name.startswith("taskshuffle") for name in names)


def _offered(members, exact, published, cutoffs, window, first=0):
    pairs: tuple[list[int], list[int]] = ([], [])
    held = _bucket(
        members, exact, np.array(published), np.array(cutoffs), window, first=first, pairs=pairs
    )
    return list(zip(*pairs, strict=True)), held


def test_a_bucket_offers_what_the_band_index_would():
    published = [0.0, 1.0, 2.0, 3.0, float("nan")]
    cutoffs = [-float("inf"), -float("inf"), 1.5, 1.5, 1.5]
    # 1 meets 0; the eviction at 1.5 has removed both when 2 arrives; undated 4 meets 2 and 3
    pairs, held = _offered([0, 1, 2, 3, 4], False, published, cutoffs, 10.0)
    assert pairs == [(0, 1), (2, 3), (2, 4), (3, 4)] and held == [2, 3, 4]
    capped, held = _offered(list(range(70)), False, [0.0] * 70, [-float("inf")] * 70, 10.0)
    assert {first for first, _ in capped} == set(range(64))  # a full bucket takes no more
    assert held == list(range(64))
    exact, _ = _offered([0, 1, 2], True, published, cutoffs, 0.5)
    assert exact == []  # each copy is more than the window away from the others


def test_a_bucket_continues_from_the_members_it_held_at_the_end_of_the_last_wave():
    """Cut anywhere, a bucket carried over (the members it holds) offers the same pairs."""
    count = 90
    published = [float(day // 3) for day in range(count)]
    cutoffs = [-float("inf")] * 30 + [float(day // 3 - 8) for day in range(30, count)]
    whole, held_at_end = _offered(list(range(count)), False, published, cutoffs, 10.0)
    for cut in (1, 40, 64, 65, 89):
        before, held = _offered(list(range(cut)), False, published, cutoffs, 10.0)
        after, held_then = _offered(
            held + list(range(cut, count)), False, published, cutoffs, 10.0, first=cut
        )
        assert before + after == whole and held_then == held_at_end
        assert not {pair for pair in after if pair[1] < cut}  # no pair offered twice


def test_partitions_take_a_warm_up_from_before_their_first_article():
    day = datetime(2025, 1, 1, tzinfo=UTC)
    published = [None, *(day + timedelta(days=n) for n in range(10))]
    plan = plan_partitions(published, size=4, overlap_days=2.0)
    # 11 articles in at most 4: three partitions of 3, 4 and 4 (not 4, 4 and 3 left over)
    assert plan == [Partition(0, 0, 3), Partition(1, 3, 7), Partition(5, 7, 11)]
    assert plan_partitions(published[:8], size=4, overlap_days=0.0) == [
        Partition(0, 0, 4),
        Partition(4, 4, 8),
    ]
    assert plan_partitions([], size=4, overlap_days=2.0) == []


def test_stitching_gives_a_continued_story_its_earlier_id():
    stitcher = Stitcher(["a", "b", "c", "d"])
    stitcher.add(Partition(0, 0, 2), {"a": "S1", "b": "S2"})
    own = stitcher.add(Partition(1, 2, 4), {"b": "Sb", "c": "Sb", "d": "Sd"})
    assert own == {"c": "S2", "d": "Sd"}


def test_the_cli_ingests_on_a_local_cluster(single, tmp_path, capsys):
    assert main(["ingest", str(DEMO), "--db", str(tmp_path / "s.db"), "--workers", "2", "-q"]) == 0
    assert f"{len(single['summaries'])} stories" in capsys.readouterr().out
    with open_store(tmp_path / "s.db") as store:
        assert store.counts()["pending"] == 0 and store.counts()["stories_pending"] == 0


def test_without_dask_the_error_says_how_to_install_it(monkeypatch, tmp_path, capsys):
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(ScaleUnavailable, match=r"storyline\[scale\]"):
        require_dask()
    with open_store(tmp_path / "s.db") as store, pytest.raises(ScaleUnavailable):
        pipeline_for(store, load_settings(environ={}), workers=2)
    assert main(["ingest", str(DEMO), "--db", str(tmp_path / "t.db"), "--workers", "2"]) == 2
    assert "pip install 'storyline[scale]'" in capsys.readouterr().err


def _profiling() -> bool:
    import dask

    return bool(dask.config.get("distributed.worker.profile.enabled"))


def test_local_workers_keep_no_profile_history(client):
    """distributed's per-second profiles would grow a worker's memory with the run."""
    assert set(client.run(_profiling).values()) == {False}


def _preloaded() -> bool:
    return "storyline.scale.warm" in sys.modules and "storyline.scale.tasks" in sys.modules


def test_local_workers_load_the_stage_code_when_they_start(client):
    """The stage modules and the language model are loaded at start-up, not in a step."""
    assert set(client.run(_preloaded).values()) == {True}


def test_workers_and_scheduler_are_checked():
    with pytest.raises(ValueError, match="workers"), connect(workers=0):
        pass
    with pytest.raises(ValueError, match="scheduler"), connect(scheduler="localhost"):
        pass
    with pytest.raises(ValueError, match="either"), connect(workers=2, scheduler="tcp://x:1"):
        pass


def _shuffle_buffers(dask_worker: Any) -> tuple[int, int, str]:
    import pyarrow

    shuffle = dask_worker.extensions["shuffle"]
    pool = pyarrow.default_memory_pool().backend_name
    assert os.environ.get("MALLOC_TRIM_THRESHOLD_")  # distributed's own setting is kept
    return shuffle.memory_limiter_comms.limit, shuffle.memory_limiter_disk.limit, pool


def test_local_workers_bound_what_the_shuffle_holds_in_memory(client):
    """distributed's defaults (1 GiB unsent, 100 MiB unwritten) let a longer stream fill more;
    the shuffle's buffers come from the C allocator, which gives freed memory back."""
    for comms, disk, pool in client.run(_shuffle_buffers).values():
        assert 0 < comms <= 8 << 20 and 0 < disk <= 8 << 20
        assert pool == "system"


def _resident_kb() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc and /proc: Linux only")
def test_released_memory_goes_back_to_the_system():
    """Freed heap pages under a live allocation stay resident until the heap is trimmed."""
    blocks = [bytes(1000) + bytes([n % 256]) for n in range(60_000)]  # past pymalloc's sizes
    pin = bytes(2000)  # allocated above them: the heap's top cannot shrink on its own
    del blocks
    before = _resident_kb()
    assert release_memory() is True
    assert before - _resident_kb() > 20_000  # most of the ~60 MB freed
    assert pin


def test_every_step_ends_with_the_workers_giving_back_freed_memory(client, tmp_path, monkeypatch):
    released: list[str] = []
    pipeline_module = sys.modules[ScaledPipeline.__module__]

    def recorded(dask_client: Any) -> None:
        released.append(",".join(pipeline.timings))  # the steps finished before this one
        release_workers(dask_client)

    monkeypatch.setattr(pipeline_module, "release_workers", recorded)
    with open_store(tmp_path / "dask.db") as store:
        pipeline = ScaledPipeline(store, load_settings(environ={}), client=client)
        pipeline.ingest([DEMO])
    steps = list(pipeline.timings)
    assert steps[:2] == ["read", "clean"] and "dedup" in steps and "summarize" in steps
    assert released == [",".join(steps[:n]) for n in range(len(steps))]


def _chunk_sizes(folder: Path, count: int) -> list[int]:
    folder.mkdir()
    files = []
    for number in range(count):
        path = folder / f"part-{number:05d}.jsonl"
        with path.open("wb") as out:
            out.truncate(300_000)  # sparse: only its size matters here
        files.append(path)
    chunks = list(scaled_pipeline._file_chunks(files, parts=8))
    assert [name for chunk in chunks for name in chunk] == [str(path) for path in files]
    return [len(chunk) * 300_000 for chunk in chunks]


def test_reading_tasks_stop_growing_with_a_longer_stream(tmp_path):
    """A reading task's input is capped: ten times the files make more tasks, not bigger."""
    some, many = _chunk_sizes(tmp_path / "some", 100), _chunk_sizes(tmp_path / "many", 1000)
    assert len(many) > 5 * len(some)
    assert max(many) == max(some) <= scaled_pipeline._READ_BYTES + 300_000
