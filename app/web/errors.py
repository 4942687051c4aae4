"""The HTTP app's error answers: which shape where, and no traceback reaching anyone.

Under ``/api/v1`` every error is a problem (``app.web.problems``); elsewhere (``/graphql``,
the guide) it has the GraphQL shape ``{"errors": [{"message", "extensions": {"code"}}]}``.
404 and 405 come from the router as ``HTTPException``s; 405 keeps the router's ``Allow``.
``ErrorBoundary`` catches what no route handled: it logs it once, with its traceback (that
is a bug), and answers 500 in the path's shape, so neither a stack trace nor the server's
own "Exception in ASGI application" reaches a client. A client that hung up mid-request is
expected: one log line, no traceback.
"""

from __future__ import annotations

import logging

from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.web import problems
from schema.errors import error_body

API_PREFIX = "/api/v1"
log = logging.getLogger("hub.http")


def is_api(path: str) -> bool:
    return path == API_PREFIX or path.startswith(API_PREFIX + "/")


def _api_error(request: Request, status: int, headers: dict[str, str]) -> Response:
    path = request.url.path
    if status == 404:
        detail = f"no such path: {path}; the API is described at {API_PREFIX}/openapi.json"
        return problems.problem("not-found", detail, headers, path)
    if status == 405:
        allowed = headers.get("allow") or headers.get("Allow") or ""
        detail = f"{request.method} is not allowed on {path}; use {allowed or 'another method'}"
        return problems.problem("method-not-allowed", detail, headers, path)
    if status < 500:
        return problems.problem("bad-request", "the request is not valid here", headers, path)
    return internal_error(path)


async def http_error(request: Request, exc: Exception) -> Response:
    """Starlette's handler for ``HTTPException`` (the router's 404 and 405)."""
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    headers = dict(exc.headers or {}) if isinstance(exc, HTTPException) else {}
    if is_api(request.url.path):
        return _api_error(request, status, headers)
    if status == 404:
        body = error_body("NOT_FOUND", "no such path; GraphQL is at /graphql")
    elif status == 405:
        body = error_body("BAD_USER_INPUT", f"{request.method} is not allowed on this path")
    elif status < 500:
        body = error_body("BAD_USER_INPUT", "bad request")
    else:
        return internal_error(request.url.path)
    return JSONResponse(body, status_code=status, headers=headers)


def internal_error(path: str) -> Response:
    if is_api(path):
        detail = "the request failed inside the hub; the request id identifies it in the log"
        return problems.problem("internal", detail, instance=path)
    return JSONResponse(error_body("INTERNAL", "internal error"), status_code=500)


class ErrorBoundary:
    """ASGI middleware around the routes: an unhandled exception becomes a logged 500."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watched)
        except ClientDisconnect:
            log.info("the client hung up before the answer")
        except Exception:
            path = scope.get("path", "")
            log.error("unexpected error serving %s %s", scope.get("method"), path, exc_info=True)
            if started:
                raise  # half an answer is out: only the server can close the connection
            await internal_error(path)(scope, receive, send)
