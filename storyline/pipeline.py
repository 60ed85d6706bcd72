"""Runs the stages in order over a store and reports progress.

An ingest run has three steps, each committed in transactions so that an
interrupted run leaves the store consistent and the next run finishes the job:

1. **store**: every input item is stored (article + raw bytes, or rejection
   + raw bytes), a chunk of items per transaction; already-stored items are skipped.
2. **process**: the pending articles, sorted by (date, id) so the result does
   not depend on input order, go through clean → dedup → cluster in batches;
   each batch's results, the "processed" marks and the stages' state are
   committed together.
3. **summarize**: every story changed since its last summary gets a new
   summary (and comparison); they are computed a chunk of stories at a time and
   each chunk's are saved, with the stories' "summarised" marks, in one
   transaction (a story whose summary was not committed is still marked changed).

``rebuild`` re-parses every kept raw input with the current code and replays
the processing rounds in their original order with the current settings.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import islice
from pathlib import Path
from typing import IO, Any

from . import ingest
from .attribution import Attributor
from .clean import Cleaner
from .cluster import StoryClusterer
from .config import Settings
from .dedup import NearDuplicates
from .errors import StorylineError, check_number
from .models import Accepted, CleanArticle, Rejection, Summary
from .stage_store import restore_stories, restore_threads, save_thread_batch
from .store import RawItem, SQLiteStore
from .summarize import Summarizer
from .summary_jobs import ChunkRunner, Failure, StoryWork, resolve_jobs
from .threads import ThreadTracker

__all__ = ["IngestReport", "Pipeline", "ProgressCallback", "summarize_story"]

log = logging.getLogger(__name__)

#: progress(step, done, total): step is "read" (files), "bytes" (bytes of the input files
#: read so far, of their size on disk), "store" (articles and rejections stored; total 0:
#: not known ahead), "process" or "summarize".
ProgressCallback = Callable[[str, int, int], None]


@dataclass
class IngestReport:
    """What an ingest run did."""

    files: int = 0
    added: int = 0
    already_stored: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    processed: int = 0
    stories_changed: int = 0
    summaries: int = 0
    #: new articles whose input named no outlet (shown by URL site or file name)
    without_outlet: int = 0

    def without_outlet_note(self) -> str | None:
        """One line saying how many new articles had no outlet and how to give one."""
        if not self.without_outlet:
            return None
        return (
            f"{self.without_outlet} article(s) named no outlet: each is shown by its URL's site "
            "or its file name and counts as its own source. Give one with --outlet NAME, an "
            "'outlet' field (JSON Lines), an 'Outlet:' header line (text files) or "
            "og:site_name (HTML)."
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "added": self.added,
            "already_stored": self.already_stored,
            "rejected": [
                {"input": str(r.origin), "reason": r.reason, "action": r.action}
                for r in self.rejected
            ],
            "processed": self.processed,
            "stories_changed": self.stories_changed,
            "summaries": self.summaries,
            "without_outlet": self.without_outlet,
        }


# Summaries saved per transaction (they are computed before it opens).
_SUMMARY_CHUNK = 32
# Input items stored per transaction (read and parsed before it opens).
_STORE_CHUNK = 32
# Fewer changed stories than this are summarised in this process whatever the jobs
# setting: forking workers and sending them the articles costs more than it saves.
_POOL_MIN_STORIES = 64


class Pipeline:
    """The stages, configured from ``settings``, working on ``store``."""

    def __init__(
        self,
        store: SQLiteStore,
        settings: Settings | None = None,
        *,
        progress: ProgressCallback | None = None,
    ) -> None:
        self.store = store
        self.settings = settings or Settings()
        self.progress = progress or (lambda step, done, total: None)
        self.cleaner = Cleaner(**self.settings.stage("clean"))
        self.summarizer = Summarizer(**self.settings.stage("summarize"))
        self.batch_size = self.settings.stage("pipeline")["batch_size"]
        check_number("Pipeline", "batch_size", self.batch_size, low=1, integer=True)
        self.jobs = self.settings.stage("pipeline")["jobs"]
        resolve_jobs(self.jobs)  # validated now: a wrong value fails before any work
        self._stream_time: datetime | None = None
        for stage in (
            self.cleaner,
            self.summarizer,
            self._dedup(),
            self._clusterer(),
            self._tracker(),
        ):
            stage.validate()

    def _dedup(self) -> NearDuplicates:
        return NearDuplicates(**self.settings.stage("dedup"))

    def _clusterer(self) -> StoryClusterer:
        return StoryClusterer(**self.settings.stage("cluster"))

    def _tracker(self) -> ThreadTracker:
        return ThreadTracker(**self.settings.stage("thread"))

    # -- the whole job ----------------------------------------------------

    def ingest(
        self,
        paths: Sequence[str | Path],
        *,
        outlet: str | None = None,
        format: str | None = None,
        stdin: bytes | IO[bytes] | None = None,
        on_rejection: Callable[[Rejection], None] | None = None,
    ) -> IngestReport:
        """Read, store, process and summarise; the batch goes on past bad items."""
        report = IngestReport()
        files = ingest.discover(paths) if paths else []
        report.files = len(files) + (1 if stdin is not None else 0)
        items: list[Iterable[Accepted | Rejection]] = []
        if files:
            items.append(
                ingest.read_files(
                    files,
                    outlet=outlet,
                    format=format,
                    progress=lambda done, total: self.progress("read", done, total),
                    progress_bytes=lambda done, total: self.progress("bytes", done, total),
                )
            )
        if stdin is not None:
            if isinstance(stdin, bytes):
                read = ingest.read_bytes(stdin, name="<stdin>", outlet=outlet, format=format)
            else:  # a seekable file holding standard input
                read = ingest.read_stream(stdin, name="<stdin>", outlet=outlet, format=format)
            items.append(read)
        for source in items:
            self.store_items(source, outlet=outlet, report=report, on_rejection=on_rejection)
        self.finish(report)
        return report

    def store_items(
        self,
        items: Iterable[Accepted | Rejection],
        *,
        outlet: str | None = None,
        report: IngestReport | None = None,
        on_rejection: Callable[[Rejection], None] | None = None,
    ) -> IngestReport:
        """Step 1: store the items, a chunk of them per transaction."""
        report = report or IngestReport()
        source = iter(items)
        count = 0
        while chunk := list(islice(source, _STORE_CHUNK)):
            # one commit per chunk: each commit rewrites whole pages of the store's log
            with self.store.transaction():
                for item in chunk:
                    count += 1
                    self.progress("store", count, 0)  # 0: no known end (one big file too)
                    self._store_item(item, outlet, report, on_rejection)
        return report

    def _store_item(
        self,
        item: Accepted | Rejection,
        outlet: str | None,
        report: IngestReport,
        on_rejection: Callable[[Rejection], None] | None,
    ) -> None:
        if isinstance(item, Rejection):
            report.rejected.append(item)
            self.store.add_rejection(item, outlet_arg=outlet)
            if on_rejection:
                on_rejection(item)
        elif self.store.add_article(item, outlet_arg=outlet):
            report.added += 1
            report.without_outlet += not item.outlet_given
        else:
            report.already_stored += 1

    def finish(self, report: IngestReport | None = None) -> IngestReport:
        """Steps 2 and 3: process what is pending, then summarise changed stories."""
        report = report or IngestReport()
        processed, changed = self.process()
        report.processed += processed
        report.stories_changed += changed
        report.summaries += self.summarize_changed()
        return report

    # -- step 2 -----------------------------------------------------------

    def process(self) -> tuple[int, int]:
        """Clean, de-duplicate and cluster the pending articles; returns (articles, stories)."""
        with self.store._processing_lock():  # a shared store: one process at a time
            pending = self.store._pending()
            if not pending:
                return 0, 0
            round_number = self.store._start_round(self.settings.as_dict())
            return self._process_round(pending, round_number)

    def _process_round(self, article_ids: Sequence[str], round_number: int) -> tuple[int, int]:
        dedup, clusterer, tracker = self._dedup(), self._clusterer(), self._tracker()
        self._stream_time = self.store._latest_published()
        restore_stories(self.store, dedup, clusterer)
        restore_threads(self.store, tracker)
        ids = {
            "clean": self.store._stage_id(self.cleaner.describe()),
            "dedup": self.store._stage_id(dedup.describe()),
            "cluster": self.store._stage_id(clusterer.describe()),
        }
        changed: set[str] = set()
        total = len(article_ids)
        for start in range(0, total, self.batch_size):
            batch = self.store.articles(article_ids[start : start + self.batch_size])
            # Cleaning needs no store: done before the write lock is taken.
            cleaned = [self.cleaner.clean(article) for article in batch]
            with self.store.transaction():
                group_of = self._deduplicate(dedup, cleaned, ids)
                assignments = clusterer.add_batch(cleaned, group_of=group_of)
                self.store._save_assignments(assignments, round_number)
                touched = sorted(set(assignments.values()))
                for story_id in touched:
                    self.store._save_story(story_id, round_number, ids["cluster"])
                changed.update(touched)
                save_thread_batch(self.store, tracker, cleaned, assignments, group_of, round_number)
                self._end_batch(dedup, clusterer, cleaned)
            self.progress("process", min(start + self.batch_size, total), total)
        return total, len(changed)

    def _deduplicate(
        self, dedup: NearDuplicates, cleaned: Sequence[CleanArticle], ids: dict[str, int]
    ) -> dict[str, str]:
        group_of: dict[str, str] = {}
        for article in cleaned:
            self.store._save_cleaned(article, ids["clean"])
            signature = dedup.signature(article)
            group_id, member = dedup.add(article, signature=signature)
            self.store._save_duplicate(article.id, group_id, member, signature, ids["dedup"])
            group_of[article.id] = group_id
        return group_of

    def _end_batch(
        self, dedup: NearDuplicates, clusterer: StoryClusterer, batch: Sequence[CleanArticle]
    ) -> None:
        """Evict what fell out of the duplicate window; save the clusterer's state."""
        dates = [a.published for a in batch if a.published is not None]
        if dates and (self._stream_time is None or max(dates) > self._stream_time):
            self._stream_time = max(dates)
        if self._stream_time is not None and dedup.window_days is not None:
            dedup.evict_before(self._stream_time - timedelta(days=dedup.window_days))
        self.store._save_cluster_changes(clusterer.state_changes())

    # -- step 3 -----------------------------------------------------------

    def summarize_changed(self) -> int:
        """Summarise (and compare) every story changed since its last summary.

        With ``pipeline.jobs`` above 1 (0: the usable cores, up to four) and enough
        stories, the summaries are made in worker processes; this process alone
        reads and writes the store, in the same chunks and order, so the stored
        rows are the same for any number of jobs.
        """
        story_ids = self.store._dirty_stories()
        stage_id = self.store._stage_id(self.summarizer.describe())
        jobs = resolve_jobs(self.jobs) if len(story_ids) >= _POOL_MIN_STORIES else 1
        chunks = (
            self._stories_to_summarize(story_ids[start : start + _SUMMARY_CHUNK])
            for start in range(0, len(story_ids), _SUMMARY_CHUNK)
        )
        params = self.settings.stage("summarize")
        done = 0
        with ChunkRunner(self.summarizer, params=params, jobs=jobs) as runner:
            for result in runner.results(chunks):
                # one commit for the chunk: each commit rewrites whole pages of the store's log
                with self.store.transaction():
                    for story_id, data, comparison in result.made:
                        self.store._save_packed_summary(story_id, stage_id, data, comparison)
                for _ in result.made:
                    done += 1
                    self.progress("summarize", done, len(story_ids))
                if result.failures:
                    raise _summary_failed(result.failures)
        return len(story_ids)

    def _stories_to_summarize(self, chunk: Sequence[str]) -> list[StoryWork]:
        """Each story's cleaned articles and duplicate groups, read in one query each."""
        members_of = self.store.members_of_stories(chunk)
        everyone = [member for story_id in chunk for member in members_of[story_id]]
        cleaned = {article.id: article for article in self.store.cleaned_articles(everyone)}
        groups = self.store.groups_of(everyone)
        stories: list[StoryWork] = []
        for story_id in chunk:
            members = members_of[story_id]
            articles = [cleaned[member] for member in members if member in cleaned]
            group_of = {member: groups[member] for member in members if member in groups}
            stories.append((story_id, articles, group_of))
        return stories

    # -- rebuild ------------------------------------------------------------

    def rebuild(self) -> IngestReport:
        """Re-parse every kept raw input, then recompute everything with current settings.

        Articles keep the processing round they first arrived in, so stories are
        rebuilt in the same order as they were built.  A rejection that the
        current code can read becomes articles, processed last.
        """
        report = IngestReport()
        counts = self.store.counts()
        total = counts["articles"] + counts["rejections"]
        with self.store._processing_lock():  # a shared store: one process at a time
            with self.store.transaction():
                self.store._reset_derived()
                self.store._reset_rounds()
                # raw bytes are read one at a time: rebuild memory does not grow with the corpus
                for done, item in enumerate(self.store._raw_inputs(), 1):
                    self._reparse(item, report)
                    self.progress("read", done, total)
            for round_number in self.store._rounds():
                article_ids = self.store._take_round(round_number)
                if article_ids:
                    processed, changed = self._process_round(article_ids, round_number)
                    report.processed += processed
                    report.stories_changed += changed
        return self.finish(report)

    def _reparse(self, item: RawItem, report: IngestReport) -> None:
        kind, fmt, raw, outlet_arg, origin, old_id, _seq = item
        if kind == "article":
            result = ingest.reparse(raw, format=fmt, origin=origin, outlet=outlet_arg)
            if isinstance(result, Rejection):
                self.store._delete_article(old_id)
                self.store.add_rejection(result, outlet_arg=outlet_arg)
                report.rejected.append(result)
            elif result.article.id != old_id:
                self.store._replace_article(old_id, result.article)
            return
        whole_file = origin.line is None and origin.offset is None and origin.entry is None
        if whole_file:
            results = list(
                ingest.read_bytes(raw, name=origin.path, format=fmt or None, outlet=outlet_arg)
            )
        elif fmt:
            results = [ingest.reparse(raw, format=fmt, origin=origin, outlet=outlet_arg)]
        else:
            results = []
        if not any(isinstance(result, Accepted) for result in results):
            return  # still unreadable: the stored rejection stands
        self.store._delete_rejection(old_id)
        self.store_items(results, outlet=outlet_arg, report=report)


def summarize_story(
    summarizer: Summarizer,
    story_id: str,
    articles: Sequence[CleanArticle],
    *,
    group_of: dict[str, str],
) -> tuple[Summary, dict[str, Any] | None]:
    """One story's summary and comparison (the comparison is None when it failed)."""
    # one attribution rule, one cache: citations and coverage ticks agree
    rule = Attributor.of(articles)
    summary = summarizer.summarize(story_id, articles, group_of=group_of, attributor=rule)
    try:
        comparison = _compare(story_id, articles, group_of, rule)
    except Exception:  # a comparison bug must not stop the summaries of the batch
        log.exception("comparison of story %s failed; its summary is kept", story_id)
        comparison = None
    return summary, comparison


def _summary_failed(failures: Sequence[Failure]) -> StorylineError:
    """The error for stories whose summary failed (the chunk's others are saved)."""
    for failure in failures:
        log.error("summary of story %s failed:\n%s", failure.story_id, failure.details)
    first = failures[0]
    more = f" (and {len(failures) - 1} more stories of its chunk)" if len(failures) > 1 else ""
    return StorylineError(
        f"Summarising story {first.story_id} failed{more}: {first.error}. The other "
        "summaries made are saved; the failed story stays marked changed, so `storyline "
        "ingest` without paths tries it again."
    )


def _compare(
    story_id: str,
    articles: Sequence[CleanArticle],
    group_of: dict[str, str],
    rule: Attributor,
) -> dict[str, Any] | None:
    try:
        from .compare import compare_story
    except ImportError:  # the comparison is optional until it lands
        return None
    comparison = compare_story(story_id, articles, group_of=group_of, attributor=rule)
    result: dict[str, Any] = comparison.to_dict()
    return result
