"""Headlines and languages read from real pages, and from text renderings of them.

Usage::

    python -m benchmarks.headlines [DATA_DIR] [--limit N]

DATA_DIR (default ``../shared/data/extraction/dev``) is the extraction dev data;
its ``trafilatura_eval/`` pages carry annotated titles (and descriptions),
``aeb/`` pages none.  Three measurements, each system in a fresh process:

* **Titles of HTML pages** (pages with an annotated title): exact match of the
  title after white space is squashed, case kept.  ``storyline``: the title of
  the article ``read_bytes`` makes of the page; peer ``trafilatura``:
  ``trafilatura.extract_metadata(page).title``.
* **Titles of text renderings**: for the same pages, an invented layout around
  the annotated fields: a kicker (the page's first category when it has at
  most three words), the annotated title, the annotated description as the
  standfirst when there is one, then the annotated ``with`` segments as the
  body.  It is read as a text file and as the ``text`` field of a JSON Lines
  record (no ``title`` field): the title must be the annotated title and, where
  a description was given, the standfirst must be it and it must not be left
  in the body.  There is no peer: trafilatura and readability read HTML only.
* **Languages and summaries** of every page of both sets: the language
  storyline detects (``Article.language``) against the language the page
  declares in ``<html lang>`` (primary subtag; pages that declare none are
  not scored), and, for each page not declared English, whether a one-article
  story gets a summary (``Summarizer`` with its defaults).

Results: Markdown tables and ``benchmarks/out/headlines.json``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.common import data_path, measure, print_table, write_results

DEFAULT_DATA = data_path("extraction", "dev")
_LANG = re.compile(rb"<html[^>]*?\slang\s*=\s*[\"']?([A-Za-z]{2,3})", re.IGNORECASE)


def _squash(text: str | None) -> str:
    return " ".join((text or "").split())


def titled_pages(folder: Path, limit: int) -> list[tuple[str, dict[str, Any]]]:
    """(page id, annotation) of the pages with an annotated title, in id order."""
    found = []
    for path in sorted(folder.glob("*.json")):
        annotation = json.loads(path.read_text(encoding="utf-8"))
        if _squash(annotation.get("title")):
            found.append((path.name.removesuffix(".json"), annotation))
    return found[:limit] if limit else found


def _page(folder: Path, page_id: str) -> bytes:
    return gzip.decompress((folder / f"{page_id}.html.gz").read_bytes())


def kicker_of(annotation: dict[str, Any]) -> str | None:
    categories = [c for c in annotation.get("categories") or [] if _squash(c)]
    if categories and len(categories[0].split()) <= 3:
        return _squash(categories[0])
    return None


def text_rendering(annotation: dict[str, Any]) -> str:
    """An invented plain-text layout: kicker, headline, standfirst, body."""
    parts = [kicker_of(annotation), _squash(annotation["title"])]
    description = _squash(annotation.get("description"))
    if description:
        parts.append(description)
    parts.extend(_squash(segment) for segment in annotation.get("with") or [])
    return "\n\n".join(part for part in parts if part)


# -- systems (child processes) -------------------------------------------------------


def run_storyline_html(folder: str, limit: int) -> list[str | None]:
    from storyline.ingest import read_bytes
    from storyline.models import Accepted

    titles: list[str | None] = []
    for page_id, _ in titled_pages(Path(folder), limit):
        items = list(read_bytes(_page(Path(folder), page_id), name=f"{page_id}.html"))
        accepted = [item for item in items if isinstance(item, Accepted)]
        titles.append(accepted[0].article.title if accepted else None)
    return titles


def run_trafilatura_html(folder: str, limit: int) -> list[str | None]:
    import trafilatura

    titles: list[str | None] = []
    for page_id, _ in titled_pages(Path(folder), limit):
        metadata = trafilatura.extract_metadata(_page(Path(folder), page_id))
        titles.append(metadata.title if metadata is not None else None)
    return titles


def run_storyline_text(folder: str, limit: int) -> dict[str, list[dict[str, Any]]]:
    from storyline.ingest import read_bytes
    from storyline.models import Accepted

    found: dict[str, list[dict[str, Any]]] = {"text": [], "jsonl": []}
    for _, annotation in titled_pages(Path(folder), limit):
        rendering = text_rendering(annotation)
        inputs = {
            "text": (rendering.encode("utf-8"), "article.txt"),
            "jsonl": (json.dumps({"text": rendering}).encode("utf-8") + b"\n", "a.jsonl"),
        }
        for kind, (data, name) in inputs.items():
            items = [item for item in read_bytes(data, name=name) if isinstance(item, Accepted)]
            article = items[0].article if items else None
            found[kind].append(
                {
                    "title": article.title if article else None,
                    "standfirst": article.standfirst if article else None,
                    "body": article.text if article else "",
                }
            )
    return found


def run_storyline_languages(folder: str) -> list[dict[str, Any]]:
    from storyline.clean import Cleaner
    from storyline.ingest import read_bytes
    from storyline.models import Accepted
    from storyline.summarize import Summarizer

    cleaner, summarizer = Cleaner(), Summarizer()
    rows = []
    for path in sorted(Path(folder).glob("*.html.gz")):
        page = gzip.decompress(path.read_bytes())
        declared = _LANG.search(page[:5000])
        items = [i for i in read_bytes(page, name=path.name) if isinstance(i, Accepted)]
        article = items[0].article if items else None
        summary = None
        if article is not None:
            summary = summarizer.summarize("s", [cleaner.clean(article)])
        rows.append(
            {
                "page": path.name.removesuffix(".html.gz"),
                "declared": declared.group(1).decode().lower() if declared else None,
                "detected": article.language if article else None,
                "accepted": article is not None,
                "summary sentences": len(summary.sentences) if summary else 0,
            }
        )
    return rows


# -- scores ------------------------------------------------------------------------


def exact_rate(found: Sequence[str | None], truth: Sequence[str]) -> float:
    hits = sum(_squash(f) == _squash(t) for f, t in zip(found, truth, strict=True))
    return hits / len(truth) if truth else 0.0


def score_renderings(
    found: Sequence[dict[str, Any]], annotations: Sequence[dict[str, Any]]
) -> dict[str, Any]:
    titles = exact_rate([f["title"] for f in found], [a["title"] for a in annotations])
    with_standfirst = [
        (f, _squash(a.get("description")))
        for f, a in zip(found, annotations, strict=True)
        if _squash(a.get("description"))
    ]
    standfirsts = sum(_squash(f["standfirst"]) == d for f, d in with_standfirst)
    left_in_body = sum(d in _squash(f["body"])[: len(d) + 5] for f, d in with_standfirst)
    return {
        "title exact": round(titles, 4),
        "standfirst exact": round(standfirsts / max(len(with_standfirst), 1), 4),
        "standfirst left as body start": left_in_body,
        "pages": len(found),
        "with standfirst": len(with_standfirst),
    }


def language_rows(per_set: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    rows = []
    for name, pages in per_set.items():
        declared = [p for p in pages if p["accepted"] and p["declared"]]
        correct = sum(p["declared"] == p["detected"] for p in declared)
        foreign = [p for p in pages if p["accepted"] and p["declared"] not in (None, "en")]
        rows.append(
            {
                "set": name,
                "pages read": sum(p["accepted"] for p in pages),
                "with <html lang>": len(declared),
                "language accuracy": round(correct / max(len(declared), 1), 4),
                "non-English pages": len(foreign),
                "non-English with a summary": sum(p["summary sentences"] > 0 for p in foreign),
                "declared": dict(Counter(p["declared"] for p in declared).most_common(8)),
            }
        )
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.headlines", description=__doc__)
    parser.add_argument("data", nargs="?", default=str(DEFAULT_DATA), help="data folder")
    parser.add_argument("--limit", type=int, default=0, help="titled pages (0: all)")
    args = parser.parse_args(argv)
    root = Path(args.data)
    titled = root / "trafilatura_eval"
    annotations = [annotation for _, annotation in titled_pages(titled, args.limit)]
    truth = [annotation["title"] for annotation in annotations]
    html_rows = []
    for system in ("storyline", "trafilatura"):
        target = f"benchmarks.headlines:run_{system}_html"
        m = measure(target, str(titled), args.limit, items=len(truth), system=system)
        html_rows.append({"system": system, "title exact": round(exact_rate(m.result, truth), 4)})
    print_table(f"HTML page titles: {len(truth)} annotated pages", html_rows)
    m = measure("benchmarks.headlines:run_storyline_text", str(titled), args.limit, items=1)
    text_rows = [
        {"input": kind, **score_renderings(found, annotations)} for kind, found in m.result.items()
    ]
    print_table("Text renderings (kicker, headline, standfirst, body)", text_rows)
    per_set = {}
    for name in ("aeb", "trafilatura_eval"):
        if (root / name).is_dir():
            target = "benchmarks.headlines:run_storyline_languages"
            per_set[name] = measure(target, str(root / name), items=1).result
    languages = language_rows(per_set)
    print_table("Languages and summaries", languages)
    out = write_results(
        "headlines",
        {"data": args.data, "html": html_rows, "text": text_rows, "languages": languages},
    )
    print(f"\nwrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
