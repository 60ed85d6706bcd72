"""The HTML pages: story list and search, story page, article page, API reference.

Rendered on the server with Jinja2 (autoescape on, so article text and titles
are always escaped); one CSS and one JS file, served from memory, no CDN.
"""

from __future__ import annotations

import hashlib
import threading
import time as clock
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from typing import Annotated, Any
from urllib.parse import urlencode

import jinja2
from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.types import DecoratedCallable
from starlette.exceptions import HTTPException

from storyline import __version__
from storyline.api import StoreDep, day_end, day_start, story_with_citations
from storyline.errors import InvalidParameter
from storyline.render import plural
from storyline.store import SQLiteStore
from storyline.web import views

__all__ = ["add_routes", "error_page", "render"]

PAGE_SIZE = 20
OUTLETS_TTL = 300.0  # seconds; posts through this server refresh the list at once

_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("storyline.web", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def _static(name: str) -> bytes:
    return (resources.files("storyline.web") / "static" / name).read_bytes()


_STATIC: dict[str, tuple[bytes, str]] = {
    "style.css": (_static("style.css"), "text/css; charset=utf-8"),
    "app.js": (_static("app.js"), "text/javascript; charset=utf-8"),
}
_ASSET_VERSION = hashlib.sha256(b"".join(data for data, _ in _STATIC.values())).hexdigest()[:10]
_ENV.globals.update(asset_version=_ASSET_VERSION, version=__version__)


def render(template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(_ENV.get_template(template).render(**context), status_code=status_code)


def error_page(request: Request, status: int, message: str) -> Response:
    return render("error.html", status, status=status, message=message)


@dataclass
class OutletCache:
    """The outlet names for the filter's suggestions, recomputed now and then."""

    names: list[str] = field(default_factory=list)
    loaded_at: float = -OUTLETS_TTL
    lock: threading.Lock = field(default_factory=threading.Lock)

    def get(self, store: SQLiteStore) -> list[str]:
        with self.lock:
            if clock.monotonic() - self.loaded_at >= OUTLETS_TTL:
                stories = store.list_stories(limit=-1, sort="size")
                self.names = sorted({name for s in stories for name in s["outlet_names"]})
                self.loaded_at = clock.monotonic()
            return self.names

    def forget(self) -> None:
        with self.lock:
            self.loaded_at = -OUTLETS_TTL


def _date_filter(name: str, value: str | None) -> date | None:
    if not value or not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidParameter(
            f"The {name!r} filter must be a date (YYYY-MM-DD). Got {value!r} instead."
        ) from None


def add_routes(app: FastAPI) -> None:
    """Register the pages, the two static files and the local API reference."""
    outlets = OutletCache()
    app.state.after_write.append(outlets.forget)
    _add_story_list(app, outlets)
    _add_detail_pages(app)
    _add_reference_and_static(app)


def _page(
    app: FastAPI, path: str, **options: Any
) -> Callable[[DecoratedCallable], DecoratedCallable]:
    """A GET (and HEAD) route for an HTML page or file, outside the OpenAPI schema."""
    return app.api_route(path, methods=["GET", "HEAD"], include_in_schema=False, **options)


def _add_story_list(app: FastAPI, outlets: OutletCache) -> None:
    """The home page: the story list with its filters, search hits and paging."""

    @_page(app, "/", response_class=HTMLResponse)
    def story_list(
        store: StoreDep,
        q: str = "",
        outlet: str = "",
        since: str = "",
        until: str = "",
        sort: str = "recent",
        language: str = "",
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> HTMLResponse:
        start, end = _date_filter("since", since), _date_filter("until", until)
        query = q.strip() or None
        stories = store.list_stories(
            limit=PAGE_SIZE + 1,
            offset=offset,
            sort=sort,
            outlet=outlet.strip() or None,
            since=day_start(start),
            until=day_end(end),
            query=query,
            language=language.strip() or None,
        )
        filters = {
            "q": q,
            "outlet": outlet,
            "since": since,
            "until": until,
            "sort": sort,
            "language": language,
        }
        kept = {key: value for key, value in filters.items() if value and value != "recent"}
        return render(
            "stories.html",
            stories=[_story_row(s) for s in stories[:PAGE_SIZE]],
            filters=filters,
            outlets=outlets.get(store),
            hits=store.search(query, limit=10) if query else [],
            previous=_page_link(kept, offset - PAGE_SIZE) if offset > 0 else None,
            next=_page_link(kept, offset + PAGE_SIZE) if len(stories) > PAGE_SIZE else None,
            offset=offset,
        )


def _add_detail_pages(app: FastAPI) -> None:
    """One story's page and one article's page."""

    @_page(app, "/stories/{story_id}", response_class=HTMLResponse)
    def story_page(story_id: str, store: StoreDep) -> HTMLResponse:
        story = story_with_citations(store, store.resolve_story_id(story_id))
        return render("story.html", story=views.story_view(story))

    @_page(app, "/articles/{article_id}", response_class=HTMLResponse)
    def article_page(article_id: str, store: StoreDep, hl: str = "") -> HTMLResponse:
        detail = store.article_detail(store.resolve_article_id(article_id))
        view = views.article_view(detail, views.parse_highlight(hl))
        return render("article.html", article=view)


def _add_reference_and_static(app: FastAPI) -> None:
    """The local API reference and the two static files."""

    @_page(app, "/docs", response_class=HTMLResponse)
    def api_reference(request: Request) -> HTMLResponse:
        return render("docs.html", operations=_operations(request.app.openapi()))

    @_page(app, "/static/{name}")
    def static(name: str) -> Response:
        if name not in _STATIC:  # a fixed table: the request never names a file
            raise HTTPException(404, f"No static file {name!r}.")
        data, media_type = _STATIC[name]
        return Response(
            data, media_type=media_type, headers={"Cache-Control": "public, max-age=86400"}
        )


def _page_link(filters: dict[str, str], offset: int) -> str:
    params = {**filters, **({"offset": str(offset)} if offset > 0 else {})}
    return "/?" + urlencode(params) if params else "/"


def _story_row(story: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": story["id"],
        "title": story["title"] or "(untitled story)",
        "dates": views.date_range(story["first_published"], story["last_published"]),
        "counts": f"{plural(story['size'], 'article')} · "
        f"{plural(story['sources'], 'independent source')}",
        "outlets": story["outlet_names"],
        "language": views.language_name(story.get("language")),
        "lead": story.get("lead"),
        "conflicts": story.get("conflicts", False),
    }


def _operations(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """The OpenAPI operations as rows for the reference page."""
    rows = []
    for path, methods in schema.get("paths", {}).items():
        for method, operation in methods.items():
            body = operation.get("requestBody", {}).get("content", {})
            rows.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "parameters": [
                        {
                            "name": p["name"],
                            "in": p["in"],
                            "required": p.get("required", False),
                            "type": _type_name(p.get("schema", {})),
                            "description": p.get("description", ""),
                        }
                        for p in operation.get("parameters", [])
                    ],
                    "body": list(body),
                    "responses": sorted(operation.get("responses", {})),
                }
            )
    return rows


def _type_name(schema: dict[str, Any]) -> str:
    if "anyOf" in schema:
        return " or ".join(_type_name(s) for s in schema["anyOf"] if s.get("type") != "null")
    if "enum" in schema:
        return " | ".join(str(v) for v in schema["enum"])
    kind = str(schema.get("type", "any"))
    return f"{kind} ({schema['format']})" if "format" in schema else kind
