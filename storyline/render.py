"""Plain-text and Markdown views of stored stories (used by show, export and demo).

Input is the dict returned by ``SQLiteStore.story``; output is text.  Nothing
here touches the store, so the web pages and the CLI can share it.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = [
    "copy_label",
    "date_range",
    "day",
    "moment",
    "plural",
    "removal_reason",
    "story_markdown",
    "summary_lines",
]

_REPEAT_REASON = re.compile(r"^repeated paragraph \(first seen as paragraph (\d+)\)$")


def plural(count: int, noun: str, plural_form: str | None = None) -> str:
    """'1 story', '2 stories', '0 outlets'."""
    if count == 1:
        return f"{count} {noun}"
    if plural_form is None:
        consonant_y = noun.endswith("y") and noun[-2:-1] not in "aeiou"
        plural_form = noun[:-1] + "ies" if consonant_y else noun + "s"
    return f"{count} {plural_form}"


def day(value: str | None) -> str:
    """The one date format of every view: '2025-04-08', or 'undated'."""
    return value[:10] if value else "undated"


def moment(value: str | None) -> str:
    """A publication time: '2025-04-08 09:00 +01:00'; a date alone when the input gave
    no time (stored as midnight), so no view invents one."""
    if not value:
        return "undated"
    if len(value) < 16 or value[10] != "T":
        return value[:10]
    clock = value[11:19]
    if clock in ("00:00:00", "00:00"):
        return value[:10]
    offset = value[19:].replace("+00:00", "UTC").strip() or "UTC"
    return f"{value[:10]} {value[11:16]} {offset}"


def date_range(first: str | None, last: str | None) -> str:
    """'2025-04-07', '2025-04-07 to 2025-04-09', or 'undated' (never 'undated to undated')."""
    if not first and not last:
        return "undated"
    if not first or not last or day(first) == day(last):
        return day(first or last)
    return f"{day(first)} to {day(last)}"


def removal_reason(reason: str) -> str:
    """A cleaning removal's reason as a reader wants it: paragraphs counted from 1."""
    repeat = _REPEAT_REASON.match(reason)
    if repeat:
        return f"repeated paragraph, first seen as paragraph {int(repeat.group(1)) + 1}"
    kind, sep, what = reason.partition(": ")
    if sep and kind == "boilerplate":
        return f"boilerplate ({what})"
    return reason


def copy_label(relation: str, similarity: float) -> str:
    """How one member of a duplicate group relates to the text kept for it."""
    if relation == "canonical":
        return "the text kept"
    if relation == "exact":
        return "exact copy"
    return f"near copy, {similarity * 100:.0f}% overlap"


def summary_lines(story: dict[str, Any]) -> list[str]:
    """Summary sentences, each followed by the outlets that report it."""
    summary = story.get("summary") or {}
    lines = []
    for sentence in summary.get("sentences", []):
        outlets = ", ".join(sentence["outlets"])
        lines.append(f"{sentence['text']} [{outlets}; {plural(sentence['sources'], 'source')}]")
    return lines


def story_markdown(story: dict[str, Any], *, comparison: bool = True) -> str:
    """The whole story as Markdown: summary with citations, sources, duplicates, comparison."""
    out = [f"# {story['title']}", ""]
    out.append(
        f"Story `{story['id']}` · {plural(story['size'], 'article')} from "
        f"{plural(story['outlets'], 'outlet')} · "
        f"{plural(story['sources'], 'independent source')} · "
        f"{date_range(story['first_published'], story['last_published'])}"
    )
    if story.get("thread_id"):
        out += [
            "",
            f"Part of thread `{story['thread_id']}` (`storyline show {story['thread_id']}`)",
        ]
    out += ["", "## Summary", ""]
    articles = {a["id"]: a for a in story.get("articles", [])}
    numbers = {article_id: n for n, article_id in enumerate(articles, 1)}
    summary = story.get("summary") or {}
    for sentence in summary.get("sentences", []):
        marks = "".join(
            f"[{numbers[c['article_id']]}]"
            for c in sentence["citations"]
            if c["article_id"] in numbers
        )
        out.append(f"- {sentence['text']} {marks} — {', '.join(sentence['outlets'])}")
    if not summary.get("sentences"):
        out.append("_No summary yet._")
    out += ["", "## Sources", ""]
    for article_id, number in numbers.items():
        article = articles[article_id]
        title = article.get("heading") or article["title"] or "(no title)"
        line = f"{number}. **{article['outlet']}** — {title}"
        line += f" ({moment(article['published'])}; `{article_id}`)"
        if article.get("url"):
            line += f" <{article['url']}>"
        out.append(line)
    groups = story.get("duplicate_groups") or []
    if groups:
        out += ["", "## Duplicate copies (each group counts as one source)", ""]
        for group in groups:
            members = "; ".join(
                f"{m['outlet']} ({copy_label(m['relation'], m['similarity'])})"
                for m in group["members"]
            )
            out.append(f"- {members}")
    if comparison and story.get("comparison"):
        out += ["", _comparison_markdown(story["comparison"])]
    return "\n".join(out).rstrip() + "\n"


def _comparison_markdown(data: dict[str, Any]) -> str:
    try:
        from .compare import Comparison
    except ImportError:
        return ""
    text: str = Comparison.from_dict(data).to_markdown()
    return text
