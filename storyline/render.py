"""Plain-text and Markdown views of stored stories (used by show, export and demo).

Input is the dict returned by ``SQLiteStore.story``; output is text.  Nothing
here touches the store, so the web pages and the CLI can share it.
"""

from __future__ import annotations

from typing import Any

__all__ = ["story_markdown", "summary_lines"]


def _date(value: str | None) -> str:
    return value[:10] if value else "undated"


def summary_lines(story: dict[str, Any]) -> list[str]:
    """Summary sentences, each followed by the outlets that report it."""
    summary = story.get("summary") or {}
    lines = []
    for sentence in summary.get("sentences", []):
        outlets = ", ".join(sentence["outlets"])
        noun = "source" if sentence["sources"] == 1 else "sources"
        lines.append(f"{sentence['text']} [{outlets}; {sentence['sources']} {noun}]")
    return lines


def story_markdown(story: dict[str, Any], *, comparison: bool = True) -> str:
    """The whole story as Markdown: summary with citations, sources, duplicates, comparison."""
    out = [f"# {story['title']}", ""]
    out.append(
        f"Story `{story['id']}` · {story['size']} articles from {story['outlets']} outlets · "
        f"{story['sources']} independent sources · "
        f"{_date(story['first_published'])} to {_date(story['last_published'])}"
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
        line = f"{number}. **{article['outlet']}** — {article['title'] or '(untitled)'}"
        line += f" ({_date(article['published'])}; `{article_id}`)"
        if article.get("url"):
            line += f" <{article['url']}>"
        out.append(line)
    groups = story.get("duplicate_groups") or []
    if groups:
        out += ["", "## Duplicate copies (each group counts as one source)", ""]
        for group in groups:
            members = ", ".join(
                f"{m['outlet']} ({m['relation']}, {m['similarity']:.2f})" for m in group["members"]
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
