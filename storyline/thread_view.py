"""A thread as the faces show it: its stories on a dated timeline, and what changed.

Each story of a thread is shown with its headline, its lead sentence (the
first summary sentence, with the outlets that report it), its sources and
dates; from the second story on, ``changes`` lists the summary sentences that
say something the previous story's summary did not (fewer than half of their
content terms occur there) -- the news since the last event, quoted as
reported, with its outlets.
"""

from __future__ import annotations

from typing import Any, Protocol

from storyline import text

__all__ = ["thread_detail", "thread_markdown"]

_NEW_SHARE = 0.5  # a sentence is news when fewer than this share of its terms were said before
_MAX_CHANGES = 3


class _ThreadStore(Protocol):
    def thread_header(self, thread_id: str) -> dict[str, Any]: ...

    def story(self, story_id: str) -> dict[str, Any]: ...


def thread_detail(store: _ThreadStore, thread_id: str) -> dict[str, Any]:
    """The thread's header and its stories, oldest first, each with lead and changes."""
    thread = store.thread_header(thread_id)
    stories: list[dict[str, Any]] = []
    said: set[str] = set()
    for number, story_id in enumerate(thread["story_ids"]):
        story = store.story(story_id)
        sentences = (story.get("summary") or {}).get("sentences", [])
        lead = sentences[0] if sentences else None
        changes = [] if number == 0 else _news(sentences, said)
        for sentence in sentences:
            said.update(text.terms(sentence["text"]))
        stories.append(
            {
                "id": story["id"],
                "title": story["title"],
                "first_published": story["first_published"],
                "last_published": story["last_published"],
                "size": story["size"],
                "sources": story["sources"],
                "outlet_names": story["outlet_names"],
                "lead": None
                if lead is None
                else {"text": lead["text"], "outlets": lead["outlets"]},
                "changes": changes,
            }
        )
    return {**{k: v for k, v in thread.items() if k != "story_ids"}, "timeline": stories}


def _news(sentences: list[dict[str, Any]], said: set[str]) -> list[dict[str, Any]]:
    found = []
    for sentence in sentences:
        terms = set(text.terms(sentence["text"]))
        if terms and len(terms & said) / len(terms) < _NEW_SHARE:
            found.append({"text": sentence["text"], "outlets": sentence["outlets"]})
        if len(found) == _MAX_CHANGES:
            break
    return found


def thread_markdown(thread: dict[str, Any]) -> str:
    """A thread from :func:`thread_detail` as Markdown: a dated list of its stories."""
    out = [f"# {thread['title']}", ""]
    out.append(
        f"Thread `{thread['id']}` · {thread['stories']} stories · {thread['articles']} articles · "
        f"{_day(thread['first_published'])} to {_day(thread['last_published'])}"
    )
    for story in thread["timeline"]:
        out += ["", f"## {_day(story['first_published'])} — {story['title']}", ""]
        out.append(
            f"Story `{story['id']}` · {story['size']} articles · "
            f"sources: {', '.join(story['outlet_names'])}"
        )
        if story["lead"]:
            out += ["", f"> {story['lead']['text']} — {', '.join(story['lead']['outlets'])}"]
        if story["changes"]:
            out += ["", "New since the previous story:"]
            out += [f"- {c['text']} — {', '.join(c['outlets'])}" for c in story["changes"]]
    return "\n".join(out) + "\n"


def _day(value: str | None) -> str:
    return value[:10] if value else "undated"
