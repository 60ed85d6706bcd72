"""The text path on real data: speed through stories, summary cost, bounded memory.

    python -m benchmarks.pipeline [POOLED_FILE] [--passes 10] [--budget 120]

Reads the pooled Multi-News dev file (../shared/data/story-clustering/ by
default). Every system runs in a fresh process (benchmarks.common.measure):

* ``text path``: clean → duplicates → stories, one process, the file order as
  the stream (the file is undated), in the pipeline's batches; articles/s is
  compared with ``tokenise``, a plain ``\\w+`` tokenising pass over the same
  texts, as a ratio (how many tokenising passes one storyline pass costs).
* ``summaries`` vs ``LexRank``: the stories found above, each summarised by
  storyline and by sumy's LexRank within the same word budget; ms per story.
* ``stream xN``: the same articles given synthetic dates (a constant rate over
  60 days per pass) and streamed N times over (N × 60 days), with the
  pipeline's eviction: quiet stories are summarised and dropped, the duplicate
  index forgets what left its window.  Peak memory of the 1-pass and the
  N-pass stream is compared: memory must follow open stories, not the corpus.
"""

from __future__ import annotations

import argparse
import re
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from benchmarks.common import data_path, measure, print_table, read_jsonl, write_results
from benchmarks.summaries import ensure_punkt_tab

DEFAULT_PATH = data_path("story-clustering", "multinews-dev-pooled.jsonl.gz")
BATCH = 500
DAYS_PER_PASS = 60.0
STREAM_START = datetime(2020, 1, 1, tzinfo=UTC)
_WORDS = re.compile(r"\w+")


def _rows(path: str) -> list[dict[str, Any]]:
    return list(read_jsonl(Path(path)))


def _articles(
    path: str, rows: Sequence[dict[str, Any]], *, pass_number: int = 0, dated: bool = False
) -> Iterator[Any]:
    from storyline.models import Article, Origin, raw_hash

    step = timedelta(days=DAYS_PER_PASS) / max(len(rows), 1)
    for line, row in enumerate(rows, 1):
        published = None
        if dated:
            published = STREAM_START + step * (pass_number * len(rows) + line - 1)
        text = row["text"]
        yield Article.create(
            raw_id=raw_hash(text.encode("utf-8")),
            format="jsonl",
            outlet=row.get("source") or f"outlet{line % 7}",
            title=row.get("title") or "",
            text=text,
            origin=Origin(path, line=line + pass_number * len(rows)),
            published=published,
        )


def _stages() -> tuple[Any, Any, Any]:
    from storyline.clean import Cleaner
    from storyline.cluster import StoryClusterer
    from storyline.dedup import NearDuplicates

    return Cleaner(), NearDuplicates(), StoryClusterer()


def _group_batch(dedup: Any, cleaned: Sequence[Any]) -> dict[str, str]:
    group_of = {}
    for article in cleaned:
        group_id, _member = dedup.add(article, signature=dedup.signature(article))
        group_of[article.id] = group_id
    return group_of


def run_text_path(path: str) -> tuple[list[str], float]:
    """clean → dedup → stories over the file; returns (story id per line, seconds)."""
    rows = _rows(path)
    articles = list(_articles(path, rows))
    cleaner, dedup, clusterer = _stages()
    start = time.perf_counter()
    story_of: dict[str, str] = {}
    for first in range(0, len(articles), BATCH):
        cleaned = [cleaner.clean(a) for a in articles[first : first + BATCH]]
        story_of.update(clusterer.add_batch(cleaned, group_of=_group_batch(dedup, cleaned)))
    elapsed = time.perf_counter() - start
    return [story_of[a.id] for a in articles], elapsed


def run_tokenise(path: str) -> tuple[int, float]:
    """A plain tokenising pass over the same texts (title + body)."""
    rows = _rows(path)
    texts = [(row.get("title") or "") + "\n\n" + row["text"] for row in rows]
    start = time.perf_counter()
    tokens = sum(len(_WORDS.findall(text)) for text in texts)
    return tokens, time.perf_counter() - start


def _stories(path: str, labels: Sequence[str]) -> list[list[Any]]:
    from storyline.clean import Cleaner

    cleaner = Cleaner()
    grouped: dict[str, list[Any]] = defaultdict(list)
    for article, label in zip(_articles(path, _rows(path)), labels, strict=True):
        grouped[label].append(cleaner.clean(article))
    return list(grouped.values())


def run_summaries(path: str, labels: Sequence[str], budget: int) -> tuple[int, float]:
    from storyline.summarize import Summarizer

    stories = _stories(path, labels)
    summarizer = Summarizer(word_budget=budget)
    start = time.perf_counter()
    for number, articles in enumerate(stories):
        summarizer.summarize(f"s{number}", articles)
    return len(stories), time.perf_counter() - start


def run_lexrank(path: str, labels: Sequence[str], budget: int) -> tuple[int, float]:
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.utils import get_stop_words

    from benchmarks.summaries import _sumy_parse, _sumy_tokenizer, fit_budget

    stories = _stories(path, labels)
    summarizer = LexRankSummarizer(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    _sumy_tokenizer()

    def within_budget(infos: list[Any]) -> list[Any]:
        texts = [str(info.sentence) for info in infos]
        return [infos[i] for i in fit_budget(texts, budget)]

    start = time.perf_counter()
    for articles in stories:
        summarizer(_sumy_parse("\n\n".join(a.text for a in articles)), within_budget)
    return len(stories), time.perf_counter() - start


def run_stream(path: str, passes: int, budget: int) -> tuple[dict[str, int], float]:
    """The dated stream, N passes long, with eviction and summaries of closed stories."""
    from storyline.summarize import Summarizer

    rows = _rows(path)
    cleaner, dedup, clusterer = _stages()
    summarizer = Summarizer(word_budget=budget)
    open_articles: dict[str, list[Any]] = defaultdict(list)
    counts = {"articles": 0, "summaries": 0, "max_open_stories": 0}
    start = time.perf_counter()
    batch: list[Any] = []
    for pass_number in range(passes):
        for article in _articles(path, rows, pass_number=pass_number, dated=True):
            batch.append(article)
            if len(batch) == BATCH:
                _stream_batch(batch, cleaner, dedup, clusterer, summarizer, open_articles, counts)
                batch = []
    if batch:
        _stream_batch(batch, cleaner, dedup, clusterer, summarizer, open_articles, counts)
    return counts, time.perf_counter() - start


def _stream_batch(
    batch: list[Any],
    cleaner: Any,
    dedup: Any,
    clusterer: Any,
    summarizer: Any,
    open_articles: dict[str, list[Any]],
    counts: dict[str, int],
) -> None:
    cleaned = [cleaner.clean(a) for a in batch]
    assignments = clusterer.add_batch(cleaned, group_of=_group_batch(dedup, cleaned))
    for article in cleaned:
        open_articles[assignments[article.id]].append(article)
    newest = max(a.published for a in batch)
    dedup.evict_before(newest - timedelta(days=dedup.window_days))
    still_open = set(clusterer.open_story_ids())
    for story_id in [s for s in open_articles if s not in still_open]:
        summarizer.summarize(story_id, open_articles.pop(story_id))
        counts["summaries"] += 1
    counts["articles"] += len(batch)
    counts["max_open_stories"] = max(counts["max_open_stories"], len(still_open))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", default=str(DEFAULT_PATH))
    parser.add_argument("--passes", type=int, default=10, help="length of the long stream")
    parser.add_argument("--budget", type=int, default=120, help="summary word budget")
    args = parser.parse_args(argv)
    path = str(Path(args.path).resolve())
    ensure_punkt_tab()  # before any child imports nltk: it reads NLTK_DATA on import
    count = sum(1 for _ in read_jsonl(Path(path)))

    text = measure("benchmarks.pipeline:run_text_path", path, items=count, system="text path")
    tokenise = measure("benchmarks.pipeline:run_tokenise", path, items=count, system="tokenise")
    labels = text.result
    stories = len(set(labels))
    ours = measure(
        "benchmarks.pipeline:run_summaries",
        path,
        labels,
        args.budget,
        items=stories,
        system="summaries (storyline)",
    )
    lexrank = measure(
        "benchmarks.pipeline:run_lexrank",
        path,
        labels,
        args.budget,
        items=stories,
        system="summaries (sumy LexRank)",
    )
    short = measure(
        "benchmarks.pipeline:run_stream",
        path,
        1,
        args.budget,
        items=count,
        system="dated stream x1",
    )
    long = measure(
        "benchmarks.pipeline:run_stream",
        path,
        args.passes,
        args.budget,
        items=count * args.passes,
        system=f"dated stream x{args.passes}",
    )

    speed_rows = [
        {**text.row(), "vs tokenise (time ratio)": round(text.seconds / tokenise.seconds, 1)},
        {**tokenise.row(), "vs tokenise (time ratio)": 1.0},
    ]
    summary_rows = [
        {**m.row(), "ms per story": round(1000 * m.seconds / max(m.items, 1), 2)}
        for m in (ours, lexrank)
    ]
    stream_rows = [{**m.row(), **m.result} for m in (short, long)]
    print_table("Text path through stories (file order, undated)", speed_rows)
    print_table(f"Summaries of the {stories} stories, budget {args.budget} words", summary_rows)
    print_table("Dated stream: peak memory follows open stories", stream_rows)
    ratio = (long.peak_mb - long.baseline_mb) / max(short.peak_mb - short.baseline_mb, 1e-9)
    verdict = {
        "articles_per_second": round(text.items_per_second, 1),
        "target_articles_per_second": 1000,
        "summary_ms_per_story": round(1000 * ours.seconds / stories, 3),
        "lexrank_ms_per_story": round(1000 * lexrank.seconds / stories, 3),
        "peak_mb_ratio_long_vs_short": round(long.peak_mb / short.peak_mb, 3),
        "peak_growth_ratio_long_vs_short": round(ratio, 3),
    }
    print("\n" + "\n".join(f"{key}: {value}" for key, value in verdict.items()))
    path_out = write_results(
        "pipeline",
        {
            "input": path,
            "passes": args.passes,
            "budget": args.budget,
            "verdict": verdict,
            "speed": speed_rows,
            "summaries": summary_rows,
            "stream": stream_rows,
        },
    )
    print(f"\nwrote {path_out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
