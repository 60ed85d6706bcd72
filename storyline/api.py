"""The HTTP face: a JSON API under ``/api`` and the local web pages, served by ``storyline serve``.

:func:`create_app` builds a FastAPI application over one store file;
:func:`serve` runs it with uvicorn after checking that the bind is safe.

Safety rules (see the README):

* binds 127.0.0.1 by default; on any other address writes need a token, and
  :func:`serve` refuses to start without one;
* when a token is set, ``POST /api/articles`` needs ``Authorization: Bearer
  TOKEN`` (401 when missing, 403 when wrong), and a browser request from
  another site is refused (403) whatever the token, so a web page the user
  visits cannot write into the local store;
* request bodies are limited (``max_body_bytes``, 10 MiB by default): 413;
* uploads are read into memory and parsed; nothing from a request names a
  file: the store path is fixed when the app is built;
* every error has one JSON shape: ``{"ok": false, "error": "...", "status": N}``
  (the web pages show an HTML page with the same message).

Each request takes its own store connection from a small pool (SQLite in WAL
mode lets readers run while one writer works); writes are serialised by a lock.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import weakref
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from datetime import UTC, date, datetime, time
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import IO, Annotated, Any, Literal

from fastapi import Depends, FastAPI, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, StrictFloat, StrictInt, StrictStr, ValidationError
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException, MultiPartParser

from . import __version__, ingest
from .config import Settings
from .errors import InputError, InvalidParameter, NotFound, StorylineError, check_number
from .guard import (
    BEARER,
    RequestGuard,
    check_bind,
    error_body,
    is_loopback,
    require_write_access,
)
from .models import Accepted, Rejection
from .pipeline import Pipeline
from .store import SQLiteStore, open_store
from .web import schemas

__all__ = [
    "DEFAULT_HOST",
    "DEFAULT_MAX_BODY_BYTES",
    "DEFAULT_PORT",
    "StorePool",
    "check_bind",
    "create_app",
    "is_loopback",
    "serve",
]

log = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024
MAX_PAGE = 200
MAX_UPLOAD_FILES = 100
_LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
_SURROGATE = re.compile("[\ud800-\udfff]")
_API_NAME = "<api>"  # origin path of articles posted as JSON


# -- store connections ----------------------------------------------------------


class StorePool:
    """Store connections for request threads: one per request, reused afterwards."""

    def __init__(self, path: str, *, max_idle: int = 8, show_paths: bool = True) -> None:
        self.path = path
        self.max_idle = max_idle
        self.show_paths = show_paths
        self._idle: list[SQLiteStore] = []
        self._lock = threading.Lock()
        self._closed = False
        # An app dropped without its shutdown (e.g. a test client never entered) still
        # closes the connections it kept idle.
        weakref.finalize(self, _close_stores, self._idle)

    @contextmanager
    def connection(self) -> Iterator[SQLiteStore]:
        with self._lock:
            store = self._idle.pop() if self._idle else None
        if store is None:
            store = open_store(self.path)
            store.show_paths = self.show_paths
        try:
            yield store
        finally:
            self._give_back(store)

    def _give_back(self, store: SQLiteStore) -> None:
        with self._lock:
            if not self._closed and len(self._idle) < self.max_idle:
                self._idle.append(store)
                return
        store.close()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            idle = list(self._idle)
            self._idle.clear()
        _close_stores(idle)


def _close_stores(stores: list[SQLiteStore]) -> None:
    for store in stores:
        store.close()
    stores.clear()


# -- errors -------------------------------------------------------------------


class ErrorOut(BaseModel):
    """The one shape of every error the API returns."""

    ok: Literal[False] = False
    error: str
    status: int


_STATUS_OF: tuple[tuple[type[StorylineError], int], ...] = (
    (NotFound, 404),
    (InvalidParameter, 400),
    (InputError, 400),
)


def _status_of(exc: StorylineError) -> int:
    for kind, status in _STATUS_OF:
        if isinstance(exc, kind):
            return status
    return 500


def _field_name(loc: Sequence[str | int]) -> str:
    """('query', 'limit') -> "query parameter 'limit'"; ('body', 0, 'title') -> 'body[0].title'."""
    if len(loc) >= 2 and loc[0] in ("query", "path", "header"):
        return f"{loc[0]} parameter {'.'.join(str(part) for part in loc[1:])!r}"
    name = ""
    for part in loc:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name or "request"


def validation_message(errors: Sequence[Any]) -> str:
    """One line per problem, each naming the field: "query parameter 'limit': ..."."""
    lines = []
    for error in errors:
        message = str(error.get("msg", "invalid value"))
        if error.get("type") == "json_invalid":
            message = f"invalid JSON ({error.get('ctx', {}).get('error', 'decode error')})"
        lines.append(f"{_field_name(error.get('loc', ()))}: {message}")
    return "; ".join(lines)


ErrorPage = Callable[[Request, int, str], Response]


def _install_error_handlers(app: FastAPI, html_error: ErrorPage) -> None:
    def respond(request: Request, status: int, message: str, **headers: str) -> Response:
        if request.url.path.startswith("/api") or request.url.path.endswith(".json"):
            return JSONResponse(error_body(status, message), status_code=status, headers=headers)
        response = html_error(request, status, message)
        response.headers.update(headers)
        return response

    async def on_http(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        return respond(request, exc.status_code, str(exc.detail), **(exc.headers or {}))

    async def on_validation(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        return respond(request, 422, validation_message(exc.errors()))

    async def on_storyline(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StorylineError)
        status = _status_of(exc)
        if status == 500:
            log.error("Request %s failed: %s", request.url.path, exc)
        return respond(request, status, str(exc))

    async def on_other(request: Request, exc: Exception) -> Response:
        log.exception("Unexpected error on %s", request.url.path)
        return respond(request, 500, "Internal server error; see the server's log.")

    app.add_exception_handler(HTTPException, on_http)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StorylineError, on_storyline)
    app.add_exception_handler(Exception, on_other)


# -- writing: the token and the posted articles -----------------------------------


class ArticleIn(BaseModel):
    """One article, with the fields of the JSON Lines format (docs/formats.md)."""

    model_config = ConfigDict(extra="ignore")

    text: StrictStr | None = None
    html: StrictStr | None = None
    title: StrictStr | None = None
    url: StrictStr | None = None
    outlet: StrictStr | None = None
    date: StrictStr | StrictInt | StrictFloat | None = None
    author: StrictStr | None = None


def _article_schema() -> dict[str, Any]:
    schema = ArticleIn.model_json_schema()
    schema.pop("title", None)
    return schema


_POST_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "oneOf": [_article_schema(), {"type": "array", "items": _article_schema()}]
                }
            },
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "files": {"type": "array", "items": {"type": "string", "format": "binary"}}
                    },
                }
            },
            "application/x-ndjson": {"schema": {"type": "string"}},
        },
    }
}


def parse_articles_json(body: bytes) -> bytes:
    """A JSON article (or list of them) as validated JSON Lines bytes; raises 400/422."""
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise HTTPException(400, f"The body is not valid JSON: {exc}") from None
    except RecursionError:
        raise HTTPException(400, "The body is not usable JSON: nested too deeply.") from None
    except ValueError:  # e.g. an integer of thousands of digits
        raise HTTPException(400, "The body is not usable JSON: a number is too long.") from None
    items = data if isinstance(data, list) else [data]
    if not items:
        raise RequestValidationError([{"loc": ("body",), "msg": "give at least one article"}])
    lines: list[str] = []
    errors: list[dict[str, Any]] = []
    for index, item in enumerate(items):
        prefix: tuple[str | int, ...] = ("body", index) if isinstance(data, list) else ("body",)
        if not isinstance(item, dict):
            errors.append({"loc": prefix, "msg": "must be a JSON object (an article)"})
            continue
        try:
            article = ArticleIn.model_validate(item)
        except ValidationError as exc:
            errors += [{**e, "loc": (*prefix, *e["loc"])} for e in exc.errors()]
            continue
        fields = article.model_dump(exclude_none=True)
        line = json.dumps(fields, ensure_ascii=False)
        if not line.isascii() and _SURROGATE.search(line):
            line = json.dumps(fields)  # escaped: the reader rejects this article alone
        lines.append(line)
    if errors:
        raise RequestValidationError(errors)
    return ("\n".join(lines) + "\n").encode("utf-8")


def upload_name(filename: str | None, number: int) -> str:
    """The label an upload is stored under: its base name only (never a path)."""
    base = PureWindowsPath(PurePosixPath(filename or "").name).name.strip()
    base = "".join(ch for ch in base if ch.isprintable())[:200]
    return f"upload:{base or f'file-{number}'}"


async def _read_uploads(request: Request, limit: int) -> tuple[list[_Source], FormData]:
    """The uploaded files, spooled to disk past 1 MiB; close the form when done."""
    parser = MultiPartParser(
        request.headers,
        request.stream(),
        max_files=MAX_UPLOAD_FILES,
        max_fields=MAX_UPLOAD_FILES,
        max_part_size=limit,
    )
    try:
        form = await parser.parse()
    except MultiPartException as exc:
        raise HTTPException(400, f"Cannot read the uploaded form: {exc.message}") from None
    files: list[_Source] = []
    for _, value in form.multi_items():
        if not isinstance(value, str):
            files.append((upload_name(value.filename, len(files) + 1), value.file, None))
    if not files:
        await form.close()
        raise RequestValidationError(
            [{"loc": ("body", "files"), "msg": "upload at least one file"}]
        )
    return files, form


#: A posted input: (name, its bytes or a seekable spooled file, format or None).
_Source = tuple[str, bytes | IO[bytes], str | None]


def read_sources(sources: Sequence[_Source], *, outlet: str | None) -> list[Accepted | Rejection]:
    """Parse the posted inputs (no store needed: done before the write lock is taken)."""
    items: list[Accepted | Rejection] = []
    for name, data, fmt in sources:
        if isinstance(data, bytes):
            items += ingest.read_bytes(data, name=name, outlet=outlet, format=fmt)
        else:
            items += ingest.read_stream(data, name=name, outlet=outlet, format=fmt)
    return items


def ingest_items(
    store: SQLiteStore,
    settings: Settings,
    items: Sequence[Accepted | Rejection],
    *,
    outlet: str | None,
    files: int,
) -> dict[str, Any]:
    """Store, process and summarise parsed inputs; the ingest report with article ids.

    Every item gets its own answer: an article ``added`` or ``already stored``,
    or a rejection with its reason; one bad item never fails the request.
    """
    pipeline = Pipeline(store, settings)
    fresh = {
        item.article.id: not store.has_article(item.article.id)
        for item in items
        if isinstance(item, Accepted)
    }
    report = pipeline.store_items(items, outlet=outlet)
    report.files = files
    pipeline.finish(report)
    articles = []
    for article_id, added in fresh.items():
        if not store.has_article(article_id):
            continue  # could not be stored: it is among the rejections
        detail = store.article_detail(article_id)
        articles.append(
            {
                "id": article_id,
                "status": "added" if added else "already stored",
                "outlet": detail["outlet"],
                "title": detail["title"],
                "story_id": detail["story_id"],
            }
        )
    return {"ok": True, **report.as_dict(), "articles": articles, "store": store.counts()}


# -- the application ---------------------------------------------------------------


def day_start(day: date | None) -> datetime | None:
    return datetime.combine(day, time.min, tzinfo=UTC) if day else None


def day_end(day: date | None) -> datetime | None:
    return datetime.combine(day, time.max, tzinfo=UTC) if day else None


StoryOrder = Literal["recent", "size", "sources"]


def create_app(
    db: str | Path,
    *,
    settings: Settings | None = None,
    token: str | None = None,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    allowed_hosts: Sequence[str] | None = None,
    show_paths: bool = True,
) -> FastAPI:
    """The web application over the store at ``db``.

    ``settings`` configure the stages used when articles are posted (default:
    the built-in defaults); ``token``, when set, is needed to write;
    ``allowed_hosts`` restricts the Host header (``None``: any); with
    ``show_paths`` False (a bind other machines reach) reads show file names
    only, never the folders of the store or of the input files.
    """
    check_number("create_app", "max_body_bytes", max_body_bytes, low=1, integer=True)
    if token is not None and not token.strip():
        raise InvalidParameter("The 'token' parameter of create_app must not be empty.")
    from .web import pages  # local: the web module imports helpers from here

    path = str(db)
    pool = StorePool(path, show_paths=show_paths)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        pool.close()

    app = FastAPI(
        title="storyline",
        version=__version__,
        description="Stories built from many outlets' articles: summaries with citations, "
        "duplicate copies, and what each outlet says. Errors: "
        '`{"ok": false, "error": "...", "status": N}`.',
        docs_url=None,  # the default pages load scripts from a CDN; /docs is served locally
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.pool = pool
    app.state.token = token
    app.state.settings = settings or Settings(db=path)
    app.state.write_lock = threading.Lock()
    app.state.max_body_bytes = max_body_bytes
    app.state.after_write = []  # callbacks run after articles were added (cache resets)
    app.add_middleware(
        RequestGuard,
        max_body_bytes=max_body_bytes,
        allowed_hosts=list(allowed_hosts) if allowed_hosts else None,
    )
    app.middleware("http")(_security_headers)
    _install_error_handlers(app, pages.error_page)
    _add_api_routes(app)
    pages.add_routes(app)
    from .web.threads import add_thread_routes  # local, as pages above

    add_thread_routes(app)
    return app


async def _security_headers(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    response = await call_next(request)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    )
    return response


def store_of(request: Request) -> Iterator[SQLiteStore]:
    """FastAPI dependency: a store connection for this request."""
    pool: StorePool = request.app.state.pool
    with pool.connection() as store:
        yield store


StoreDep = Annotated[SQLiteStore, Depends(store_of)]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description="how many items")]
Offset = Annotated[int, Query(ge=0, description="skip this many first")]
_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorOut, "description": text}
    for status, text in ((400, "Bad request"), (404, "Not found"), (422, "Invalid parameter"))
}


def _add_api_routes(app: FastAPI) -> None:
    """Register the JSON API, resource by resource, in the order of its reference."""
    _add_story_routes(app)
    _add_article_read_routes(app)
    _add_store_routes(app)
    _add_ingest_route(app)


def _add_story_routes(app: FastAPI) -> None:
    """``GET /api/stories`` (filtered, paged) and ``GET /api/stories/{story_id}``."""

    @app.get(
        "/api/stories",
        tags=["stories"],
        responses=_ERRORS,
        response_model=schemas.StoryListOut,
        summary="List stories, newest first (or biggest, or with most sources)",
    )
    def list_stories(
        store: StoreDep,
        limit: Limit = 20,
        offset: Offset = 0,
        sort: StoryOrder = "recent",
        outlet: Annotated[str | None, Query(description="only stories this outlet covers")] = None,
        since: Annotated[
            date | None, Query(description="last update on or after (YYYY-MM-DD)")
        ] = None,
        until: Annotated[
            date | None, Query(description="last update on or before (YYYY-MM-DD)")
        ] = None,
        q: Annotated[str | None, Query(description="only stories with an article matching")] = None,
        min_sources: Annotated[
            int, Query(ge=0, description="only stories with at least this many sources")
        ] = 0,
        language: Annotated[
            str | None, Query(description="only stories in this language (ISO 639-1, e.g. ja)")
        ] = None,
    ) -> JSONResponse:
        filters: dict[str, Any] = {
            "outlet": outlet or None,
            "since": day_start(since),
            "until": day_end(until),
            "query": (q or "").strip() or None,
            "min_sources": min_sources,
            "language": (language or "").strip() or None,
        }
        stories = store.list_stories(limit=limit + 1, offset=offset, sort=sort, **filters)
        more = len(stories) > limit
        return JSONResponse(
            {
                "stories": stories[:limit],
                "total": store.count_stories(**filters),
                "limit": limit,
                "offset": offset,
                "next_offset": offset + limit if more else None,
            }
        )

    @app.get(
        "/api/stories/{story_id}",
        tags=["stories"],
        responses=_ERRORS,
        response_model=schemas.StoryOut,
        summary="One story: summary with citations, articles, duplicates, comparison",
    )
    def get_story(story_id: str, store: StoreDep) -> JSONResponse:
        return JSONResponse(story_with_citations(store, store.resolve_story_id(story_id)))


def _add_article_read_routes(app: FastAPI) -> None:
    """``GET /api/articles/{article_id}`` and full-text ``GET /api/search``."""

    @app.get(
        "/api/articles/{article_id}",
        tags=["articles"],
        responses=_ERRORS,
        response_model=schemas.ArticleOut,
        summary="One article: ingested and cleaned text, removed noise, group, story",
    )
    def get_article(article_id: str, store: StoreDep) -> JSONResponse:
        return JSONResponse(store.article_detail(store.resolve_article_id(article_id)))

    @app.get(
        "/api/search",
        tags=["articles"],
        responses=_ERRORS,
        response_model=schemas.SearchOut,
        summary="Full-text search over the cleaned articles; best matches first",
    )
    def search(
        store: StoreDep,
        q: Annotated[str, Query(min_length=1, description="words to look for (all must match)")],
        limit: Limit = 20,
    ) -> JSONResponse:
        return JSONResponse({"query": q, "results": store.search(q, limit=limit)})


def _add_store_routes(app: FastAPI) -> None:
    """What the store holds: ``GET /api/rejections`` and ``GET /api/status``."""

    @app.get(
        "/api/rejections",
        tags=["store"],
        responses=_ERRORS,
        response_model=schemas.RejectionsOut,
        summary="Inputs that could not be used, with the reason",
    )
    def rejections(store: StoreDep, limit: Limit = 50, offset: Offset = 0) -> JSONResponse:
        rows = store.rejections()
        page = rows[offset : offset + limit]
        more = offset + limit < len(rows)
        return JSONResponse(
            {
                "rejections": page,
                "total": len(rows),
                "limit": limit,
                "offset": offset,
                "next_offset": offset + limit if more else None,
            }
        )

    @app.get(
        "/api/status",
        tags=["store"],
        response_model=schemas.StatusOut,
        summary="What the store holds",
    )
    def status(request: Request, store: StoreDep) -> JSONResponse:
        return JSONResponse(
            {
                "ok": True,
                "version": __version__,
                "db": store.path if store.show_paths else Path(store.path).name,
                "schema_version": store.schema_version(),
                **store.counts(),
                "writes": "token" if request.app.state.token else "open",
                "max_body_bytes": request.app.state.max_body_bytes,
            }
        )


def _add_ingest_route(app: FastAPI) -> None:
    """``POST /api/articles``: add articles and update the stories (needs write access)."""

    @app.post(
        "/api/articles",
        tags=["articles"],
        openapi_extra=_POST_BODY,
        dependencies=[Depends(BEARER)],
        response_model=schemas.IngestOut,
        responses={
            **_ERRORS,
            401: {"model": ErrorOut, "description": "Token missing"},
            403: {"model": ErrorOut, "description": "Token wrong or cross-site"},
            413: {"model": ErrorOut, "description": "Body too large"},
        },
        summary="Add articles (JSON, JSON Lines or file uploads) and update stories",
    )
    async def post_articles(
        request: Request,
        outlet: Annotated[str | None, Query(description="outlet name for every article")] = None,
    ) -> JSONResponse:
        require_write_access(request)
        sources, form = await _posted_sources(request)
        state = request.app.state

        def run() -> dict[str, Any]:
            items = read_sources(sources, outlet=outlet or None)  # parsing needs no lock
            with state.write_lock, state.pool.connection() as store:
                return ingest_items(
                    store, state.settings, items, outlet=outlet or None, files=len(sources)
                )

        try:
            report = await run_in_threadpool(run)
        finally:
            if form is not None:
                await form.close()
        for hook in state.after_write:
            hook()
        return JSONResponse(report)


async def _posted_sources(request: Request) -> tuple[list[_Source], FormData | None]:
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    limit: int = request.app.state.max_body_bytes
    if kind == "multipart/form-data":
        return await _read_uploads(request, limit)
    body = await request.body()
    if kind in ("application/json", ""):
        return [(_API_NAME, parse_articles_json(body), "jsonl")], None
    if kind in ("application/x-ndjson", "application/jsonl", "application/x-jsonlines"):
        return [(_API_NAME, body, "jsonl")], None
    raise HTTPException(
        415,
        f"Cannot read a {kind!r} body: send application/json, application/x-ndjson "
        "or multipart/form-data file uploads.",
    )


def story_with_citations(store: SQLiteStore, story_id: str) -> dict[str, Any]:
    """``store.story`` (its citations carry the cited text as ``text``)."""
    return store.story(story_id)


def serve(
    settings: Settings,
    *,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    token: str | None = None,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    log_level: str = "info",
) -> None:
    """Run the app with uvicorn until interrupted (blocks)."""
    import uvicorn

    check_number("serve", "port", port, low=0, high=65535, integer=True)
    check_bind(host, token)
    loopback = is_loopback(host)
    allowed = [*_LOOPBACK_NAMES, host.strip("[]").lower()] if loopback else None
    app = create_app(
        settings.db,
        settings=settings,
        token=token,
        max_body_bytes=max_body_bytes,
        allowed_hosts=allowed,
        show_paths=loopback,
    )
    uvicorn.run(
        app, host=host, port=port, log_level=log_level, server_header=False, proxy_headers=False
    )
