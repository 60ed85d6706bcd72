"""storyline: an offline news story engine.

Ingest articles from many outlets, clean them, group copies, cluster stories
online and write attributed summaries, all on a local SQLite store::

    from storyline import Pipeline, load_settings, open_store

    with open_store("news.db") as store:
        Pipeline(store, load_settings()).ingest(["articles/"])
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# name -> module that defines it; imported on first use, so that `import storyline`
# (and `storyline --help`) does not load the stages' heavy dependencies.
_EXPORTS = {
    "Cleaner": "clean",
    "StoryClusterer": "cluster",
    "cluster_stories": "cluster",
    "Comparison": "compare",
    "compare_story": "compare",
    "Settings": "config",
    "load_settings": "config",
    "NearDuplicates": "dedup",
    "group_duplicates": "dedup",
    "InputError": "errors",
    "InvalidParameter": "errors",
    "NotFound": "errors",
    "StoreError": "errors",
    "StorylineError": "errors",
    "Accepted": "models",
    "Article": "models",
    "Citation": "models",
    "CleanArticle": "models",
    "DuplicateGroup": "models",
    "DuplicateMember": "models",
    "Origin": "models",
    "Rejection": "models",
    "Removal": "models",
    "Story": "models",
    "Summary": "models",
    "SummarySentence": "models",
    "IngestReport": "pipeline",
    "Pipeline": "pipeline",
    "SQLiteStore": "store",
    "open_store": "store",
    "Summarizer": "summarize",
    "summarize": "summarize",
    "Thread": "threads",
    "ThreadTracker": "threads",
    "thread_stories": "threads",
    "ingest_records": "library",
    "summarize_texts": "library",
    "TextSummary": "library",
}

if TYPE_CHECKING:
    from .clean import Cleaner
    from .cluster import StoryClusterer, cluster_stories
    from .compare import Comparison, compare_story
    from .config import Settings, load_settings
    from .dedup import NearDuplicates, group_duplicates
    from .errors import InputError, InvalidParameter, NotFound, StoreError, StorylineError
    from .library import TextSummary, ingest_records, summarize_texts
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


class _Package(types.ModuleType):
    """Keeps ``storyline.summarize`` the function when the submodule of that name loads
    (importing a submodule sets the package attribute of its name to the module)."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "summarize" and isinstance(value, types.ModuleType):
            value = value.summarize
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'storyline' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


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
    "TextSummary",
    "Thread",
    "ThreadTracker",
    "__version__",
    "cluster_stories",
    "compare_story",
    "group_duplicates",
    "ingest_records",
    "load_settings",
    "open_store",
    "summarize",
    "summarize_texts",
    "thread_stories",
]
