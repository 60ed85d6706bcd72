"""What the HTTP server lets in: where it may bind, which Host and Origin it serves,
how large a body may be, and who may write.

Kept apart from :mod:`storyline.api` (the routes) so the rules can be read and
tested on their own; the API installs :class:`RequestGuard` first and runs
:func:`require_write_access` before every write.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import re
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from fastapi import Request
from fastapi.security import HTTPBearer
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .errors import InvalidParameter

__all__ = [
    "BEARER",
    "BodyTooLarge",
    "RequestGuard",
    "check_bind",
    "error_body",
    "is_loopback",
    "parse_host_header",
    "require_write_access",
]


# -- binding ------------------------------------------------------------------


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and ``localhost`` (the machine itself)."""
    name = host.strip().strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def check_bind(host: str, token: str | None) -> None:
    """Refuse to expose writes beyond this machine without a token."""
    if not host.strip():
        raise InvalidParameter("The 'host' parameter of serve must be a host name or address.")
    if not is_loopback(host) and not token:
        raise InvalidParameter(
            f"Refusing to serve on {host}, which other machines can reach, without a token: "
            "pass --token TOKEN (or set STORYLINE_TOKEN), or bind 127.0.0.1."
        )


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(413, f"The request body is larger than the limit of {limit:,} bytes.")


def error_body(status: int, message: str) -> dict[str, Any]:
    return {"ok": False, "error": message, "status": status}


# -- the guard: host names and body size, before anything else ------------------


class RequestGuard:
    """ASGI middleware: refuses unknown Host headers and bodies over the limit.

    The Host check (only when ``allowed_hosts`` is given, as it is on a
    loopback bind) stops DNS-rebinding pages from reading the local server.
    A declared Content-Length over the limit is refused before the body is
    read; a streamed body is counted and cut off at the limit.
    """

    def __init__(
        self, app: ASGIApp, *, max_body_bytes: int, allowed_hosts: Sequence[str] | None
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.allowed_hosts = {h.lower() for h in allowed_hosts} if allowed_hosts else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {key.lower(): value for key, value in scope["headers"]}
        host = headers.get(b"host", b"").decode("latin-1")
        parsed = parse_host_header(host)
        if self.allowed_hosts is not None and (
            parsed is None or parsed[0] not in self.allowed_hosts
        ):
            await _send_json(send, 400, f"The Host header {host!r} is not served here.")
            return
        declared = headers.get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_body_bytes):
            status = 413 if declared.isdigit() else 400
            message = (
                str(BodyTooLarge(self.max_body_bytes).detail)
                if status == 413
                else ("The Content-Length header is not a number.")
            )
            await _send_json(send, status, message)
            return
        await self.app(scope, self._counting(receive), send)

    def _counting(self, receive: Receive) -> Receive:
        received = 0
        limit = self.max_body_bytes

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        return counted


_HOST_HEADER = re.compile(
    r"(?:\[(?P<v6>[0-9a-f:.]+)\]|(?P<name>[a-z0-9._-]+))(?::(?P<port>\d{1,5}))?"
)
_DEFAULT_PORTS = {"http": 80, "https": 443}


def parse_host_header(host: str) -> tuple[str, int | None] | None:
    """(host name, port) of a Host header, or None when it is not a plain ``name[:port]``.

    Strict on purpose: ``127.0.0.1:80@evil.example`` or ``localhost:abc`` are refused.
    """
    match = _HOST_HEADER.fullmatch(host.strip().lower())
    if match is None:
        return None
    port = int(match["port"]) if match["port"] else None
    if port is not None and not 0 < port < 65536:
        return None
    return match["v6"] or match["name"], port


async def _send_json(send: Send, status: int, message: str) -> None:
    body = json.dumps(error_body(status, message)).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def require_write_access(request: Request) -> None:
    """Same-site requests only; the token (``Authorization: Bearer``) when one is set."""
    origin = request.headers.get("origin")
    if origin is not None and not _same_origin(origin, request):
        raise HTTPException(403, f"Writes from another site ({origin}) are refused.")
    if origin is None and request.headers.get("sec-fetch-site", "").lower() == "cross-site":
        raise HTTPException(
            403, "Writes from another site (Sec-Fetch-Site: cross-site) are refused."
        )
    token: str | None = request.app.state.token
    if not token:
        return
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    given = given.strip() if scheme.lower() == "bearer" else ""
    if not given:
        raise HTTPException(
            401,
            "This server needs a token to write: send 'Authorization: Bearer TOKEN'.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if not hmac.compare_digest(given.encode(), token.encode()):
        raise HTTPException(403, "The token is wrong.")


def _same_origin(origin: str, request: Request) -> bool:
    """The page's origin is this server: the same, or both loopback on the same port."""
    here = f"{request.url.scheme}://{request.url.netloc}"
    if origin.rstrip("/").lower() == here.lower():
        return True
    host = parse_host_header(request.headers.get("host", ""))
    try:
        parts = urlsplit(origin)
        origin_port = parts.port or _DEFAULT_PORTS.get(parts.scheme)
    except ValueError:
        return False
    if host is None or not parts.hostname or parts.scheme != request.url.scheme:
        return False
    name, port = host
    port = port or _DEFAULT_PORTS.get(request.url.scheme)
    return is_loopback(parts.hostname) and is_loopback(name) and origin_port == port


# Declares the token in the OpenAPI schema; require_write_access does the checking.
BEARER = HTTPBearer(
    auto_error=False,
    scheme_name="token",
    description="Needed to write when the server has a token (--token or STORYLINE_TOKEN).",
)
