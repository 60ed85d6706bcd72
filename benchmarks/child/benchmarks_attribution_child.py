"""Child process of ``benchmarks.attribution``: runs one checkout's storyline.

Imported with that checkout first on ``sys.path``, so it must only use API
that both the current code and the peer (git ``main``) have: ``Cleaner``,
``Summarizer().summarize`` and ``compare_story``.
"""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any


def _articles(cluster: dict[str, Any], cleaner: Any) -> list[Any]:
    from storyline.models import Article, Origin

    articles = []
    for number, doc in enumerate(cluster["documents"], start=1):
        if not doc["text"].strip():
            continue
        published = None
        if doc.get("date"):
            published = datetime.fromisoformat(doc["date"][:10]).replace(tzinfo=UTC)
        article = Article.create(
            raw_id=f"{cluster['id']}/{number}",
            format="text",
            outlet=f"outlet-{number}",
            title=doc.get("title") or "",
            text=doc["text"],
            origin=Origin(path=cluster["id"], entry=number - 1),
            published=published,
        )
        articles.append((number - 1, cleaner.clean(article)))
    return articles


def _context(text: str, start: int, end: int) -> str:
    from storyline.text import sentences

    found = sentences(text)
    inside = [i for i, s in enumerate(found) if s.start < end and s.end > start]
    if not inside:
        return ""
    low, high = max(0, inside[0] - 1), min(len(found), inside[-1] + 2)
    return " ".join(s.text for s in found[low:high])


def run_cluster(cluster: dict[str, Any], cleaner: Any) -> dict[str, Any]:
    from storyline.compare import compare_story
    from storyline.summarize import Summarizer

    pairs = _articles(cluster, cleaner)
    index_of = {article.id: number for number, article in pairs}
    text_of = {article.id: article.text for _, article in pairs}
    articles = [article for _, article in pairs]
    summary = Summarizer().summarize(cluster["id"], articles)
    # Ticks are scored only on labelled clusters: elsewhere the comparison is skipped.
    comparison = compare_story(cluster["id"], articles) if cluster.get("_compare", True) else None
    sentences = []
    for sentence in summary.sentences:
        own = next(
            (
                c
                for c in sentence.citations
                if text_of[c.article_id][c.start : c.end] == sentence.text
            ),
            sentence.citations[0],
        )
        sentences.append(
            {
                "text": sentence.text,
                "article": index_of[own.article_id],
                "citations": [
                    {
                        "article": index_of[c.article_id],
                        "text": text_of[c.article_id][c.start : c.end],
                        "context": _context(text_of[c.article_id], c.start, c.end),
                        "similarity": c.similarity,
                    }
                    for c in sentence.citations
                ],
            }
        )
    facts = []
    for fact in comparison.facts if comparison is not None else ():
        spans = [
            {
                "article": index_of[s.article_id],
                "text": s.text,
                "context": _context(text_of[s.article_id], s.start, s.end),
            }
            for s in fact.spans
        ]
        head = next((i for i, s in enumerate(fact.spans) if s.text == fact.text), 0)
        facts.append({"text": fact.text, "head": head, "spans": spans})
    texts = {number: article.text for number, article in pairs}
    return {
        "id": cluster["id"],
        "texts": [texts.get(i, "") for i in range(len(cluster["documents"]))],
        "summary": sentences,
        "facts": facts,
    }


def main(clusters_file: str, out_file: str) -> None:
    from storyline.clean import Cleaner

    cleaner = Cleaner()
    opener = gzip.open if clusters_file.endswith(".gz") else open
    results = []
    with opener(clusters_file, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                results.append(run_cluster(json.loads(line), cleaner))
    Path(out_file).write_text(json.dumps({"clusters": results}), encoding="utf-8")
