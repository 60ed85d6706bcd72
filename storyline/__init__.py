"""storyline: an offline news story engine.

Ingest articles from many outlets, clean them, group copies, cluster stories
online and write attributed summaries, all on a local SQLite store::

    from storyline import Pipeline, load_settings, open_store

    with open_store("news.db") as store:
        Pipeline(store, load_settings()).ingest(["articles/"])
"""

from __future__ import annotations

from .clean import Cleaner
from .cluster import StoryClusterer, cluster_stories
from .compare import Comparison, compare_story
from .config import Settings, load_settings
from .dedup import NearDuplicates, group_duplicates
from .errors import InputError, InvalidParameter, NotFound, StoreError, StorylineError
from .models import (
    Accepted,
    Article,
    Citation,
    CleanArticle,
    DuplicateGroup,
    DuplicateMember,
    Origin,
    Rejection,
    Removal,
    Story,
    Summary,
    SummarySentence,
)
from .pipeline import IngestReport, Pipeline
from .store import SQLiteStore, open_store
from .summarize import Summarizer, summarize
from .threads import Thread, ThreadTracker, thread_stories

__version__ = "0.1.0"

__all__ = [
    "Accepted",
    "Article",
    "Citation",
    "CleanArticle",
    "Cleaner",
    "Comparison",
    "DuplicateGroup",
    "DuplicateMember",
    "IngestReport",
    "InputError",
    "InvalidParameter",
    "NearDuplicates",
    "NotFound",
    "Origin",
    "Pipeline",
    "Rejection",
    "Removal",
    "SQLiteStore",
    "Settings",
    "StoreError",
    "Story",
    "StoryClusterer",
    "StorylineError",
    "Summarizer",
    "Summary",
    "SummarySentence",
    "Thread",
    "ThreadTracker",
    "__version__",
    "cluster_stories",
    "compare_story",
    "group_duplicates",
    "load_settings",
    "open_store",
    "summarize",
    "thread_stories",
]
