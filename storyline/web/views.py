"""What the web pages show, computed from the store's dicts (no HTML here).

Each function takes what :class:`~storyline.store.SQLiteStore` returns
(``story``, ``article_detail``, ``list_stories``) and gives the plain values
the Jinja2 templates lay out.  The templates escape everything; the only
values treated specially are links, which keep ``http``/``https`` URLs only.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from storyline.render import copy_label, date_range, day, moment, plural, removal_reason
from storyline.text import normalize

__all__ = [
    "article_view",
    "coverage_view",
    "date_range",
    "disagreements_view",
    "figures_view",
    "parse_highlight",
    "quotes_view",
    "safe_url",
    "story_view",
    "summary_view",
    "timeline_view",
]

COVERAGE_ROWS = 15  # facts shown before "more"
_RELATION_ORDER = {"conflicting": 0, "compatible": 1, "same": 2}


def safe_url(url: str | None) -> str | None:
    """The URL when it is a plain web link; None for javascript:, data: and the like."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


# -- story page -------------------------------------------------------------------


_LANGUAGE_NAMES = {
    "ar": "Arabic", "cs": "Czech", "da": "Danish", "de": "German", "el": "Greek",
    "en": "English", "es": "Spanish", "fi": "Finnish", "fr": "French", "he": "Hebrew",
    "hi": "Hindi", "hu": "Hungarian", "id": "Indonesian", "it": "Italian", "ja": "Japanese",
    "ko": "Korean", "nl": "Dutch", "no": "Norwegian", "pl": "Polish", "pt": "Portuguese",
    "ro": "Romanian", "ru": "Russian", "sv": "Swedish", "th": "Thai", "tr": "Turkish",
    "uk": "Ukrainian", "vi": "Vietnamese", "zh": "Chinese",
}  # fmt: skip


def language_name(code: str | None) -> str:
    """A language's English name for display ("ja" -> "Japanese"); the code if unlisted."""
    if not code:
        return ""
    return _LANGUAGE_NAMES.get(code, code)


def story_view(story: dict[str, Any]) -> dict[str, Any]:
    """Everything the story page shows; ``story`` is ``story_with_citations`` output."""
    articles = story.get("articles", [])
    numbers = {article["id"]: n for n, article in enumerate(articles, 1)}
    comparison = story.get("comparison") or {}
    return {
        "id": story["id"],
        "title": story["title"] or "(untitled story)",
        "dates": date_range(story.get("first_published"), story.get("last_published")),
        "day": day(story.get("last_published")),
        "size": story["size"],
        "sources": story["sources"],
        "outlet_names": story.get("outlet_names", []),
        "language": story.get("language") or "",
        "language_name": language_name(story.get("language")),
        "summary": summary_view(story, numbers),
        "articles": [_source_row(article, numbers[article["id"]]) for article in articles],
        "duplicates": [
            [
                f"{m['outlet']} ({copy_label(m['relation'], m['similarity'])})"
                for m in group["members"]
            ]
            for group in story.get("duplicate_groups", [])
        ],
        "counts": (
            f"{plural(story['size'], 'article')} from "
            f"{plural(len(story.get('outlet_names', [])), 'outlet')} · "
            f"{plural(story['sources'], 'independent source')}"
        ),
        "disagreements": disagreements_view(comparison),
        "coverage": coverage_view(comparison),
        "figures": figures_view(comparison),
        "quotes": quotes_view(comparison),
        "timeline": timeline_view(comparison),
        "thread_id": story.get("thread_id"),
    }


def disagreements_view(comparison: dict[str, Any]) -> list[dict[str, Any]]:
    """Where the outlets disagree: figures that conflict, quotes given different speakers.

    Each item is a heading (``what``) and one line per outlet (``says``) with the
    words it printed, so the page can show the disagreement without a judgement.
    """
    items: list[dict[str, Any]] = []
    for group in figures_view(comparison)["groups"]:
        if group["status"] != "conflicting":
            continue
        reasons = [p["reason"] for p in group["pairs"] if p["relation"] == "conflicting"]
        items.append(
            {
                "kind": "figure",
                "what": f"Figures differ: {group['label']}",
                "why": reasons[0] if reasons else "",
                "says": [
                    {
                        "outlet": f["outlet"],
                        "text": f["text"],
                        "article_id": f["article_id"],
                        "start": f["start"],
                        "end": f["end"],
                    }
                    for f in group["figures"]
                ],
            }
        )
    for group in quotes_view(comparison)["shared"]:
        if not group["speaker_conflict"]:
            continue
        items.append(
            {
                "kind": "quote",
                "what": f"Different attribution: “{group['text']}”",
                "why": "",
                "says": [
                    {
                        "outlet": q["outlet"],
                        "text": f"{q['speaker'] or 'no speaker named'}",
                        "article_id": q["article_id"],
                        "start": q["start"],
                        "end": q["end"],
                    }
                    for q in group["quotes"]
                ],
            }
        )
    return items


def _source_row(article: dict[str, Any], number: int) -> dict[str, Any]:
    return {
        "number": number,
        "id": article["id"],
        "outlet": article["outlet"],
        "title": article.get("heading") or article["title"] or "(no title)",
        "date": moment(article.get("published")),
        "url": safe_url(article.get("url")),
        "removed": _removed_label(len(article.get("removals") or [])),
    }


def _removed_label(count: int) -> str:
    """'3 noise paragraphs removed' (share prompts, repeats, ...), or ''."""
    if not count:
        return ""
    return f"{plural(count, 'paragraph')} of noise removed by cleaning"


def summary_view(story: dict[str, Any], numbers: dict[str, int]) -> list[dict[str, Any]]:
    """Summary sentences with numbered citation markers and the cited text of each."""
    titles = {a["id"]: a.get("heading") or a["title"] for a in story.get("articles", [])}
    sentences = (story.get("summary") or {}).get("sentences", [])
    result = []
    for index, sentence in enumerate(sentences):
        cites: dict[int, dict[str, Any]] = {}
        for citation in sentence["citations"]:
            number = numbers.get(citation["article_id"])
            if number is None or number in cites:
                continue
            cites[number] = {
                "number": number,
                "panel": f"cite-{index}-{number}",
                "article_id": citation["article_id"],
                "outlet": citation["outlet"],
                "title": titles.get(citation["article_id"], ""),
                "text": citation.get("text", ""),
                "start": citation["start"],
                "end": citation["end"],
            }
        result.append(
            {
                "text": sentence["text"],
                "outlets": sentence["outlets"],
                "sources": sentence["sources"],
                "cites": [cites[n] for n in sorted(cites)],
            }
        )
    return result


def coverage_view(comparison: dict[str, Any]) -> dict[str, Any]:
    """Facts (rows) by outlets (columns): who reports what, most widely reported first."""
    outlets: list[str] = list(comparison.get("outlets", []))
    rows = []
    for position, fact in enumerate(comparison.get("facts", [])):
        reporting = {span["outlet"] for span in fact["spans"]}
        rows.append(
            {
                "text": fact["text"],
                "sources": fact["sources"],
                "cells": [outlet in reporting for outlet in outlets],
                "order": (-fact["sources"], position),
            }
        )
    rows.sort(key=lambda row: row["order"])
    return {"outlets": outlets, "rows": rows[:COVERAGE_ROWS], "more": rows[COVERAGE_ROWS:]}


def _status(pairs: Sequence[dict[str, Any]]) -> str:
    relations = {pair["relation"] for pair in pairs}
    return min(relations, key=lambda r: _RELATION_ORDER.get(r, 3)) if relations else "same"


def figures_view(comparison: dict[str, Any]) -> dict[str, Any]:
    """Figure groups that several outlets state, side by side, conflicts first."""
    shown, single = [], 0
    for group in comparison.get("figures", []):
        if len(group["figures"]) < 2:
            single += 1
            continue
        outlet_of = {figure["id"]: figure["span"]["outlet"] for figure in group["figures"]}
        shown.append(
            {
                "label": group["label"],
                "status": _status(group["pairs"]),
                "figures": [
                    {
                        "outlet": figure["span"]["outlet"],
                        "text": figure["span"]["text"],
                        "article_id": figure["span"]["article_id"],
                        "start": figure["span"]["start"],
                        "end": figure["span"]["end"],
                        "approx": figure.get("approx", False),
                    }
                    for figure in group["figures"]
                ],
                "pairs": [
                    {
                        "first": outlet_of.get(pair["first"], "?"),
                        "second": outlet_of.get(pair["second"], "?"),
                        "relation": pair["relation"],
                        "reason": pair["reason"],
                    }
                    for pair in group["pairs"]
                ],
            }
        )
    shown.sort(key=lambda group: _RELATION_ORDER.get(group["status"], 3))
    return {"groups": shown, "single": single}


def quotes_view(comparison: dict[str, Any]) -> dict[str, Any]:
    """Quotes carried by several outlets, flagged when attribution or wording differs."""
    shared: list[dict[str, Any]] = []
    single: list[dict[str, Any]] = []
    for group in comparison.get("quotes", []):
        view = {
            "text": group["text"],
            "speakers": group.get("speakers", []),
            "speaker_conflict": group.get("speaker_conflict", False),
            "wording_changed": group.get("wording_changed", False),
            "quotes": [
                {
                    "outlet": quote["span"]["outlet"],
                    "speaker": quote.get("speaker"),
                    "text": quote["text"],
                    "partial": quote.get("partial", False),
                    "article_id": quote["span"]["article_id"],
                    "start": quote["span"]["start"],
                    "end": quote["span"]["end"],
                }
                for quote in group["quotes"]
            ],
        }
        (shared if len(group["quotes"]) > 1 else single).append(view)
    shared.sort(key=lambda g: (not g["speaker_conflict"], not g["wording_changed"]))
    return {"shared": shared, "single": single}


_CHART_WIDTH = 640
_CHART_MARGIN = 24


def timeline_view(comparison: dict[str, Any]) -> dict[str, Any]:
    """Dated events in order, with x positions on an inline SVG axis."""
    entries = sorted(comparison.get("timeline", []), key=lambda e: (e["date"], e["id"]))
    if not entries:
        return {"entries": [], "ticks": [], "width": _CHART_WIDTH}
    days = [date.fromisoformat(entry["date"][:10]).toordinal() for entry in entries]
    low, high = min(days), max(days)
    span = max(high - low, 1)
    usable = _CHART_WIDTH - 2 * _CHART_MARGIN

    def x_of(ordinal: int) -> float:
        if high == low:
            return _CHART_WIDTH / 2
        return round(_CHART_MARGIN + usable * (ordinal - low) / span, 1)

    rows = []
    for number, (entry, ordinal) in enumerate(zip(entries, days, strict=True), 1):
        outlets = list(dict.fromkeys(m["span"]["outlet"] for m in entry["mentions"]))
        rows.append(
            {
                "number": number,
                "date": entry["date"][:10],
                "precision": entry["precision"],
                "event": entry["event"],
                "outlets": outlets,
                "x": x_of(ordinal),
                "r": 4 + 2 * min(len(outlets), 4),
            }
        )
    ticks = [{"x": x_of(o), "label": date.fromordinal(o).isoformat()} for o in {low, high}]
    return {
        "entries": rows,
        "labels": _dot_labels(rows),
        "ticks": sorted(ticks, key=lambda t: t["x"]),
        "width": _CHART_WIDTH,
    }


def _dot_labels(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """One label per dot position, naming the list entries there ("2, 3"); neighbouring
    labels alternate above and below the dots so they do not overlap."""
    at: dict[float, list[str]] = {}
    for row in rows:
        at.setdefault(row["x"], []).append(str(row["number"]))
    return [
        {"x": x, "text": ", ".join(numbers), "y": 16 if index % 2 == 0 else 26}
        for index, (x, numbers) in enumerate(sorted(at.items()))
    ]


# -- article page -----------------------------------------------------------------


def article_view(detail: dict[str, Any], highlight: tuple[int, int] | None) -> dict[str, Any]:
    """The article's cleaned text (one span optionally marked) and its annotated original."""
    clean = detail.get("clean_text")
    return {
        "id": detail["id"],
        "title": detail.get("heading") or detail["title"] or "(no title)",
        "outlet": detail["outlet"],
        "date": moment(detail.get("published")),
        "author": detail.get("author"),
        "url": safe_url(detail.get("url")),
        "origin": detail.get("origin"),
        "format": detail.get("format"),
        "story_id": detail.get("story_id"),
        "duplicate": detail.get("duplicate_relation"),
        "cleaned": clean is not None,
        "paragraphs": marked_paragraphs(clean if clean is not None else detail["text"], highlight),
        "original": original_paragraphs(detail["text"], detail.get("removals") or []),
        "removals": [
            {**removal, "reason": removal_reason(removal["reason"])}
            for removal in detail.get("removals") or []
        ],
    }


def marked_paragraphs(text: str, highlight: tuple[int, int] | None) -> list[list[dict[str, Any]]]:
    """Paragraphs (split on blank lines) as runs of text, the highlighted span marked."""
    result: list[list[dict[str, Any]]] = []
    position = 0
    for paragraph in text.split("\n\n"):
        start, end = position, position + len(paragraph)
        position = end + 2
        if not paragraph.strip():
            continue
        runs: list[dict[str, Any]] = []
        if highlight and highlight[0] < end and highlight[1] > start:
            cut_start = max(highlight[0], start) - start
            cut_end = min(highlight[1], end) - start
            runs = [
                {"text": paragraph[:cut_start], "mark": False},
                {"text": paragraph[cut_start:cut_end], "mark": True},
                {"text": paragraph[cut_end:], "mark": False},
            ]
            runs = [run for run in runs if run["text"]]
        else:
            runs = [{"text": paragraph, "mark": False}]
        result.append(runs)
    return result


def original_paragraphs(text: str, removals: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The ingested paragraphs, each line flagged with the reason cleaning removed it."""
    reasons: dict[int, dict[str, str]] = {}
    for removal in removals:
        reason = removal_reason(removal["reason"])
        reasons.setdefault(removal["paragraph"], {})[normalize(removal["text"])] = reason
    result = []
    for index, paragraph in enumerate(text.split("\n\n")):
        found = reasons.get(index, {})
        whole = found.get(normalize(paragraph))
        lines = []
        for line in paragraph.split("\n"):
            lines.append({"text": line, "removed": whole or found.get(normalize(line))})
        result.append({"lines": lines, "removed": whole})
    return result


def parse_highlight(value: str | None) -> tuple[int, int] | None:
    """'120-188' -> (120, 188); anything else -> None (the page then marks nothing)."""
    if not value:
        return None
    start, sep, end = value.partition("-")
    if not (sep and start.isdigit() and end.isdigit()):
        return None
    low, high = int(start), int(end)
    return (low, high) if low < high else None
