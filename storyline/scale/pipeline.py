"""The pipeline with its parallel steps on Dask; the store stays with the client.

:class:`ScaledPipeline` is a :class:`~storyline.pipeline.Pipeline` whose
reading, cleaning, duplicate detection, clustering and summarising run as
Dask tasks (see :mod:`storyline.scale.tasks`); every result comes back to
the client, which writes it through the same store methods the
single-process pipeline uses (summaries and comparisons come back already
packed as the store keeps them, and go in through ``_save_packed_summary``).
The step 2 writes (duplicates, stories, threads, the clusterer's state) are
one transaction: a run killed before it commits leaves the articles pending
and the next ``storyline ingest`` (scaled or not) processes them again.
Threads are linked on the client, in stream order, by the same code as the
single-process pipeline.  Step 2's parallel parts (cleaning, duplicates,
clustering, the open stories) are in :mod:`storyline.scale.processing`.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import timedelta
from pathlib import Path
from typing import IO, Any

from .. import ingest
from ..errors import InvalidParameter, check_number
from ..models import Accepted, CleanArticle, Rejection
from ..pipeline import IngestReport, ProgressCallback
from ..stage_store import restore_threads, save_thread_batch
from ..store import SQLiteStore
from ..store.records import iso, parse_iso
from . import tasks
from .engine import connect, release_workers, run_bounded
from .processing import ScaledProcessing
from .stories import batches

__all__ = ["ScaledPipeline"]

log = logging.getLogger(__name__)

# input files are read in tasks of about this many bytes (fewer for a small input): a
# task's result (articles, cleaned texts, signatures) is several times its input and a
# worker may hold two, so a bigger cap let a worker's peak grow with the stream until
# the cap was reached (at about 60,000 articles with 8 MiB)
_READ_BYTES = 2 << 20
# a summarising task takes stories until it has this many, or this many articles:
# big enough that scheduling costs the client little, small enough to spread the work
_SUMMARY_CHUNK = 64
_SUMMARY_ARTICLES = 160


class ScaledPipeline(ScaledProcessing):
    """The pipeline on a ``distributed.Client``; see the module docstring.

    Parameters (besides the Pipeline's):
        client: a connected ``distributed.Client`` (:func:`storyline.scale.connect`);
            or None, and then each ``ingest`` / ``rebuild`` connects to ``scheduler``
            or starts a local cluster of ``workers`` processes, and stops it after.
        partition_size: articles per clustering partition.
        overlap_days: the warm-up of each partition; None: from the clusterer's
            settings (:func:`~storyline.scale.stories.default_overlap_days`).
        chunk_size: articles per cleaning task.
    """

    def __init__(
        self,
        store: SQLiteStore,
        settings: Any = None,
        *,
        client: Any = None,
        workers: int | None = None,
        scheduler: str | None = None,
        progress: ProgressCallback | None = None,
        partition_size: int = 4000,
        overlap_days: float | None = None,
        chunk_size: int = 500,
    ) -> None:
        super().__init__(store, settings, progress=progress)
        self.client = client
        self.workers, self.scheduler = workers, scheduler
        #: wall-clock seconds spent in each step (read, clean, dedup, cluster, write, summarize)
        self.timings: dict[str, float] = {}
        # date and signature of each article cleaned where it was read, until step 2
        self._signed: dict[str, tuple[Any, bytes]] = {}
        if client is None and workers is None and scheduler is None:
            raise InvalidParameter("ScaledPipeline needs a 'client', 'workers' or 'scheduler'.")
        self.partition_size = partition_size
        self.overlap_days = overlap_days
        self.chunk_size = chunk_size
        check_number("ScaledPipeline", "partition_size", partition_size, low=1, integer=True)
        check_number("ScaledPipeline", "chunk_size", chunk_size, low=1, integer=True)
        if overlap_days is not None:
            check_number("ScaledPipeline", "overlap_days", overlap_days, low=0)

    @contextlib.contextmanager
    def _connected(self) -> Iterator[None]:
        """Use the given client, or connect for the length of one call."""
        if self.client is not None:
            yield
            return
        with connect(workers=self.workers, scheduler=self.scheduler) as client:
            self.client = client
            try:
                yield
            finally:
                self.client = None

    @contextlib.contextmanager
    def _step(self, name: str) -> Iterator[None]:
        """Time one step (logged at info level, summed in ``timings``); then the workers
        give back what the step freed, so that its peak does not stay for the next."""
        started = time.perf_counter()
        try:
            yield
        finally:
            release_workers(self.client)
            seconds = time.perf_counter() - started
            self.timings[name] = self.timings.get(name, 0.0) + seconds
            log.info("scale: %s took %.1f s", name, seconds)

    def rebuild(self) -> IngestReport:
        with self._connected():
            return super().rebuild()

    # -- step 1: read in parallel, store on the client -------------------------

    def ingest(
        self,
        paths: Sequence[str | Path],
        *,
        outlet: str | None = None,
        format: str | None = None,
        stdin: bytes | IO[bytes] | None = None,
        on_rejection: Callable[[Rejection], None] | None = None,
    ) -> IngestReport:
        with self._connected():
            return self._ingest(paths, outlet, format, stdin, on_rejection)

    def _ingest(
        self,
        paths: Sequence[str | Path],
        outlet: str | None,
        format: str | None,
        stdin: bytes | IO[bytes] | None,
        on_rejection: Callable[[Rejection], None] | None,
    ) -> IngestReport:
        files = ingest.discover(paths) if paths else []
        read = IngestReport(files=len(files))
        chunks = list(_file_chunks(files, parts=4 * self._workers()))
        stage_id = self.store._stage_id(self.cleaner.describe())
        done = 0

        def store(result: tuple[list[Any], list[tuple[CleanArticle, bytes]]]) -> None:
            nonlocal done
            items, signed = result
            with self.store.transaction():
                self._store_read(items, signed, outlet, read, on_rejection, stage_id)
            done += 1
            self.progress("read", done, len(chunks))

        clean, dedup = self.settings.stage("clean"), self.settings.stage("dedup")
        jobs = ((chunk, outlet, format, clean, dedup) for chunk in chunks)
        try:
            with self._step("read"):
                run_bounded(
                    self.client,
                    tasks.read_and_clean,
                    jobs,
                    in_flight=2 * self._workers(),
                    on_result=store,
                )
            report = super().ingest(
                [], outlet=outlet, format=format, stdin=stdin, on_rejection=on_rejection
            )
        finally:
            self._signed.clear()
        report.files += read.files
        report.added += read.added
        report.already_stored += read.already_stored
        report.rejected[:0] = read.rejected
        report.without_outlet += read.without_outlet
        return report

    def _store_read(
        self,
        items: list[Accepted | Rejection],
        signed: list[tuple[CleanArticle, bytes]],
        outlet: str | None,
        report: IngestReport,
        on_rejection: Callable[[Rejection], None] | None,
        stage_id: int,
    ) -> None:
        """Store a reading task's items; the cleaned text of each article it added
        (cleaned on the worker) too, and keep its date and signature for step 2."""
        accepted = [item for item in items if isinstance(item, Accepted)]
        new = [not self.store.has_article(item.article.id) for item in accepted]
        self.store_items(items, outlet=outlet, report=report, on_rejection=on_rejection)
        for item, is_new, (cleaned, signature) in zip(accepted, new, signed, strict=True):
            if is_new and self.store.has_article(item.article.id):
                self.store._save_cleaned(cleaned, stage_id)
                # the date exactly as the store gives it back (step 2 reads it from there)
                published = parse_iso(iso(item.article.published))
                self._signed[item.article.id] = (published, signature)

    # -- step 2 ----------------------------------------------------------------

    def _process_round(self, article_ids: Sequence[str], round_number: int) -> tuple[int, int]:
        dedup, clusterer = self._dedup(), self._clusterer()
        ids = {
            "clean": self.store._stage_id(self.cleaner.describe()),
            "dedup": self.store._stage_id(dedup.describe()),
            "cluster": self.store._stage_id(clusterer.describe()),
        }
        with self._step("clean"):
            published, signatures = self._clean(article_ids, ids["clean"])
        # Step 2's writes (duplicates, stories, threads, the clusterer's state) are one
        # transaction; duplicates are written as they come back, so the client keeps
        # only each article's group, not its membership and signature, past this step.
        with self.store.transaction():
            with self._step("dedup"):
                group_of = self._deduplicate_all(article_ids, published, signatures, ids["dedup"])
            del signatures
            state = self.store._load_cluster_state()
            with self._step("cluster"):
                story_of = self._cluster(article_ids, published, group_of, state)
            open_ids = _maybe_open(article_ids, published, story_of, state, clusterer.quiet_days)
            with self._step("write"):
                changed = self._write(article_ids, group_of, story_of, round_number, ids)
                self._save_open_stories(open_ids, state)
        return len(article_ids), changed

    def _write(
        self,
        article_ids: Sequence[str],
        group_of: dict[str, str],
        story_of: dict[str, str],
        round_number: int,
        ids: dict[str, int],
    ) -> int:
        """Write stories and threads batch by batch, as the pipeline does."""
        tracker = self._tracker()
        restore_threads(self.store, tracker)
        changed: set[str] = set()
        written = 0
        for batch in batches(article_ids, self.batch_size):
            groups = {article_id: group_of[article_id] for article_id in batch}
            assignments = {article_id: story_of[article_id] for article_id in batch}
            self.store._save_assignments(assignments, round_number)
            touched = sorted(set(assignments.values()))
            for story_id in touched:
                self.store._save_story(story_id, round_number, ids["cluster"])
            changed.update(touched)
            cleaned = self.store.cleaned_articles(batch)
            save_thread_batch(self.store, tracker, cleaned, assignments, groups, round_number)
            written += len(batch)
            self.progress("process", written, len(article_ids))
        return len(changed)

    # -- step 3 ----------------------------------------------------------------

    def summarize_changed(self) -> int:
        """Summarise (and compare) the changed stories in parallel, packed on the workers;
        each chunk of stories saved in one transaction."""
        story_ids = self.store._dirty_stories()
        stage_id = self.store._stage_id(self.summarizer.describe())
        params = self.settings.stage("summarize")
        done = 0

        def jobs() -> Iterator[tuple[Any, ...]]:
            stories: list[Any] = []
            size = 0
            for story_id in story_ids:
                members = self.store.story_members(story_id)
                articles = self.store.cleaned_articles(members)
                stories.append((story_id, articles, self.store.groups_of(members)))
                size += len(articles)
                if len(stories) >= _SUMMARY_CHUNK or size >= _SUMMARY_ARTICLES:
                    yield params, stories
                    stories, size = [], 0
            if stories:
                yield params, stories

        def save(results: list[tuple[str, bytes, bytes | None]]) -> None:
            nonlocal done
            with self.store.transaction():  # a chunk's summaries in one transaction
                for story_id, summary, comparison in results:
                    self.store._save_packed_summary(story_id, stage_id, summary, comparison)
            done += len(results)
            self.progress("summarize", done, len(story_ids))

        with self._step("summarize"):
            run_bounded(
                self.client,
                tasks.summarize_chunk,
                jobs(),
                in_flight=2 * self._workers(),
                on_result=save,
            )
        return len(story_ids)


def _maybe_open(
    article_ids: Sequence[str],
    published: Sequence[Any],
    story_of: dict[str, str],
    state: dict[str, Any] | None,
    quiet_days: float,
) -> list[str]:
    """Stories that may still be open at the end of the stream: the ones saved open
    before, and those with an article in the last ``quiet_days`` (restoring closes
    the ones that went quiet)."""
    found = dict.fromkeys(item["id"] for item in (state or {}).get("stories", ()))
    dates = [d for d in published if d is not None]
    if dates:
        since = max(dates) - timedelta(days=quiet_days)
        for article_id, when in zip(article_ids, published, strict=True):
            if when is None or when >= since:
                found[story_of[article_id]] = None
    else:
        found.update(dict.fromkeys(story_of.values()))
    return list(found)


def _file_chunks(files: Sequence[Path], *, parts: int) -> Iterator[list[str]]:
    """Input files grouped into reading tasks: about ``parts`` of them, none past
    ``_READ_BYTES`` unless one file is (a file is never split)."""
    sizes = []
    for path in files:
        try:
            sizes.append(path.stat().st_size)
        except OSError:  # read_files rejects it, naming the file
            sizes.append(0)
    target = max(1, min(_READ_BYTES, sum(sizes) // max(1, parts)))
    chunk: list[str] = []
    size = 0
    for path, file_size in zip(files, sizes, strict=True):
        chunk.append(str(path))
        size += file_size
        if size >= target:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk
