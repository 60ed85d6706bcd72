"""Thread pages and the thread API: a developing story's events on a dated timeline."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import FastAPI, Query
from fastapi.responses import HTMLResponse, JSONResponse

from storyline.api import StoreDep
from storyline.render import date_range, day
from storyline.store import SQLiteStore
from storyline.thread_view import thread_detail
from storyline.web import schemas
from storyline.web.pages import PAGE_SIZE, render

__all__ = ["add_thread_routes"]


def add_thread_routes(app: FastAPI) -> None:
    """GET /api/threads, /api/threads/{id}, the thread list page and the thread page."""

    @app.get(
        "/api/threads",
        tags=["threads"],
        response_model=schemas.ThreadListOut,
        summary="List threads, newest first",
    )
    def list_threads(
        store: StoreDep,
        limit: Annotated[int, Query(ge=1, le=500, description="how many")] = 20,
        offset: Annotated[int, Query(ge=0, description="skip this many first")] = 0,
    ) -> JSONResponse:
        threads = store.list_threads(limit=limit + 1, offset=offset)
        more = len(threads) > limit
        return JSONResponse(
            {
                "threads": threads[:limit],
                "limit": limit,
                "offset": offset,
                "next_offset": offset + limit if more else None,
            }
        )

    @app.get(
        "/api/threads/{thread_id}",
        tags=["threads"],
        response_model=schemas.ThreadOut,
        summary="One thread: its stories on a dated timeline, lead sentences, what changed",
    )
    def get_thread(thread_id: str, store: StoreDep) -> JSONResponse:
        return JSONResponse(thread_detail(store, store.resolve_thread_id(thread_id)))

    @app.api_route(
        "/threads", methods=["GET", "HEAD"], response_class=HTMLResponse, include_in_schema=False
    )
    def thread_list(store: StoreDep, offset: Annotated[int, Query(ge=0)] = 0) -> HTMLResponse:
        threads = store.list_threads(limit=PAGE_SIZE + 1, offset=offset)
        rows = [_thread_row(store, thread) for thread in threads[:PAGE_SIZE]]
        return render(
            "threads.html",
            threads=rows,
            previous=f"/threads?offset={max(offset - PAGE_SIZE, 0)}" if offset > 0 else None,
            next=f"/threads?offset={offset + PAGE_SIZE}" if len(threads) > PAGE_SIZE else None,
        )

    @app.api_route(
        "/threads/{thread_id}",
        methods=["GET", "HEAD"],
        response_class=HTMLResponse,
        include_in_schema=False,
    )
    def thread_page(thread_id: str, store: StoreDep) -> HTMLResponse:
        thread = thread_detail(store, store.resolve_thread_id(thread_id))
        return render("thread.html", thread=thread_view(thread))


def _thread_row(store: SQLiteStore, thread: dict[str, Any]) -> dict[str, Any]:
    """A thread in the grouped story list: its header and its stories' headers."""
    stories = [store._story_brief(story_id) for story_id in thread["story_ids"]]
    return {
        "id": thread["id"],
        "title": thread["title"] or "(untitled thread)",
        "dates": date_range(thread["first_published"], thread["last_published"]),
        "articles": thread["articles"],
        "stories": [
            {
                "id": story["id"],
                "title": story["title"] or "(untitled story)",
                "dates": date_range(story["first_published"], story["last_published"]),
                "size": story["size"],
            }
            for story in stories
        ],
    }


def thread_view(thread: dict[str, Any]) -> dict[str, Any]:
    """What the thread page shows; ``thread`` is :func:`thread_detail` output."""
    return {
        "id": thread["id"],
        "title": thread["title"] or "(untitled thread)",
        "dates": date_range(thread["first_published"], thread["last_published"]),
        "stories": thread["stories"],
        "articles": thread["articles"],
        "timeline": [
            {
                **story,
                "day": day(story["first_published"]),
                "dates": date_range(story["first_published"], story["last_published"]),
            }
            for story in thread["timeline"]
        ],
    }
