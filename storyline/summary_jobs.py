"""Summaries and comparisons of chunks of stories, in this process or in worker processes.

The pipeline reads each chunk's articles from the store and writes what comes
back, chunk by chunk in their order, one transaction per chunk; the workers
only compute (each story through :func:`storyline.pipeline.summarize_story`)
and pack the results as the store keeps them, so nothing but the pipeline's
process touches the store, and the stored rows are the same for any number of
jobs.  At most ``2 * jobs`` chunks are in flight, so memory does not grow with
the run.

Workers are forked (started when the first chunk is submitted, shut down when
the run ends or fails): a forked worker starts at once with the modules and
caches the process already holds, and never re-runs the caller's main script
(a ``spawn``-ed one would, so a library user's unguarded script would run
again in each worker).  Forking is safe only where the process runs no other
Python thread (a web server's request threads may hold locks the child would
inherit) and on Linux; elsewhere the chunks are made in this process.
"""

from __future__ import annotations

import ctypes
import gc
import logging
import multiprocessing
import os
import signal
import sys
import threading
import traceback
import warnings
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

from .errors import StorylineError, check_number
from .models import CleanArticle
from .store.codec import pack_summary
from .store.records import summary_to_dict
from .summarize import Summarizer

__all__ = [
    "MAX_AUTO_JOBS",
    "ChunkResult",
    "ChunkRunner",
    "Failure",
    "StoryWork",
    "resolve_jobs",
    "summarize_chunk",
    "usable_cores",
]

log = logging.getLogger(__name__)

#: ``jobs = 0`` (the default) means this many at most: more processes mostly add memory.
MAX_AUTO_JOBS = 4
#: one story to summarise: its id, its cleaned articles, article id -> duplicate group
StoryWork = tuple[str, list[CleanArticle], dict[str, str]]
#: one story's results as the store keeps them: id, packed summary, packed comparison
Packed = tuple[str, bytes, bytes | None]


@dataclass(frozen=True)
class Failure:
    """A story whose summary could not be made: the error, and where it was raised."""

    story_id: str
    error: str
    details: str = ""


@dataclass
class ChunkResult:
    """What a chunk of stories gave: each story's packed results, or its failure."""

    made: list[Packed] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)


def usable_cores() -> int:
    """The CPU cores this process may run on (its affinity where the system says)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on every platform
        return max(1, os.cpu_count() or 1)


def can_fork() -> bool:
    """Whether worker processes may be forked here: on Linux, with no other Python thread."""
    return sys.platform.startswith("linux") and threading.active_count() == 1


def resolve_jobs(jobs: int) -> int:
    """The number of processes for the ``pipeline.jobs`` setting: itself when at least 1,
    0 for the usable cores up to :data:`MAX_AUTO_JOBS`."""
    check_number("Pipeline", "jobs", jobs, low=0, integer=True)
    return jobs if jobs >= 1 else min(usable_cores(), MAX_AUTO_JOBS)


def summarize_chunk(summarizer: Summarizer, stories: Sequence[StoryWork]) -> ChunkResult:
    """Summarise, compare and pack each story; a story that fails is reported, not raised,
    so the chunk's other stories are still made."""
    from .pipeline import summarize_story  # the pipeline imports this module

    result = ChunkResult()
    for story_id, articles, group_of in stories:
        try:
            summary, comparison = summarize_story(summarizer, story_id, articles, group_of=group_of)
            texts = {article.id: article.text for article in articles}
            data, packed = pack_summary(summary_to_dict(summary), comparison, texts)
        except Exception as exc:  # reported by the caller, naming the story
            error = f"{type(exc).__name__}: {exc}"
            result.failures.append(Failure(story_id, error, traceback.format_exc()))
            continue
        result.made.append((story_id, data, packed))
    return result


_PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent dies

# The worker process's summariser, made once from the parameters it was started with.
_worker_summarizer: Summarizer | None = None


def _start_worker(params: Mapping[str, Any], parent: int) -> None:
    global _worker_summarizer
    _end_with_parent(parent)
    # Ctrl-C reaches the whole process group: the parent alone decides (it shuts the
    # pool down), so an idle worker does not die with a traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_summarizer = Summarizer(**params)


def _end_with_parent(parent: int) -> None:
    """Have the kernel end this worker when its parent dies (killed, not shut down):
    blocked on its task queue, whose write end it holds too, it would wait forever."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0) != 0:  # pragma: no cover
        log.warning("summary worker: no end with its parent (errno %d)", ctypes.get_errno())
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)


def _work(stories: Sequence[StoryWork]) -> ChunkResult:
    if _worker_summarizer is None:  # pragma: no cover - the initializer always ran
        raise StorylineError("A summary worker was not started with its settings.")
    return summarize_chunk(_worker_summarizer, stories)


class ChunkRunner:
    """Runs :func:`summarize_chunk` over chunks of stories and yields the results in order.

    With ``jobs == 1`` every chunk is made in this process with ``summarizer``;
    with more, in that many worker processes, each with a summariser made from
    ``params`` (the settings' ``summarize`` table).  Use it as a context manager:
    leaving the block shuts the workers down (and drops chunks not yet taken).
    """

    def __init__(
        self, summarizer: Summarizer, *, params: Mapping[str, Any] | None = None, jobs: int = 1
    ) -> None:
        self.summarizer = summarizer
        self.params = dict(params or {})
        self.jobs = jobs
        self._executor: ProcessPoolExecutor | None = None

    def results(self, chunks: Iterable[Sequence[StoryWork]]) -> Iterator[ChunkResult]:
        """Each chunk's result, in the order of ``chunks`` (read as workers free up)."""
        check_number("ChunkRunner", "jobs", self.jobs, low=1, integer=True)
        if self.jobs > 1 and not can_fork():
            log.info("summaries made in this process: no worker processes with threads running")
        if self.jobs == 1 or not can_fork():
            for chunk in chunks:
                yield summarize_chunk(self.summarizer, chunk)
            return
        pending: deque[tuple[list[str], Future[ChunkResult]]] = deque()
        for chunk in chunks:
            ids = [story_id for story_id, _articles, _groups in chunk]
            pending.append((ids, self._submit(list(chunk))))
            if len(pending) >= 2 * self.jobs:
                yield _outcome(*pending.popleft())
        while pending:
            yield _outcome(*pending.popleft())

    def _submit(self, stories: list[StoryWork]) -> Future[ChunkResult]:
        if self._executor is not None:
            return self._executor.submit(_work, stories)
        log.debug("starting %d summary worker processes", self.jobs)
        self._executor = ProcessPoolExecutor(
            max_workers=self.jobs,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_start_worker,
            initargs=(self.params, os.getpid()),
        )
        # What the process holds is frozen out of the collector while the workers are
        # forked: their collections then never walk (and so copy) the inherited heap.
        gc.freeze()
        try:
            with warnings.catch_warnings():
                # Python 3.12+ warns of any thread at fork time; those left are native
                # libraries' own (BLAS), which prepare for fork: no Python thread runs here.
                warnings.filterwarnings(
                    "ignore", "This process .* is multi-threaded", DeprecationWarning
                )
                return self._executor.submit(_work, stories)  # the workers are forked here
        finally:
            gc.unfreeze()

    def close(self) -> None:
        """Shut the workers down (waiting for the chunks they are making, dropping the rest)."""
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def __enter__(self) -> ChunkRunner:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


def _outcome(story_ids: list[str], future: Future[ChunkResult]) -> ChunkResult:
    try:
        return future.result()
    except Exception as exc:  # the worker died, or the chunk could not be sent or returned
        shown = ", ".join(story_ids[:5]) + (", ..." if len(story_ids) > 5 else "")
        raise StorylineError(
            f"A summary worker process failed while summarising stories {shown} "
            f"({type(exc).__name__}: {exc}). Summaries already made are saved; run "
            "`storyline ingest` without paths to finish, or `--jobs 1` to summarise "
            "in this process."
        ) from exc
