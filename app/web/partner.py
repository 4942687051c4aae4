"""The partner REST API, mounted by the app under ``/api/v1``: an entry point of the
ingest service (``loaders.ingest``), as ``hub load`` is.

    POST /datasets/{kind}   an agency's dataset file, loaded as ``hub load`` would
    GET  /openapi.json      the OpenAPI 3.1 description of this API

Order of checks: 401 (no, unknown or revoked key), 429 (the key's rate), 400 (kind,
options), 403 (kind outside the key's scope), 415 (media type), 413 (size), then the
load: 200 with the report, or 422 with it when the file was refused. Uploads that
write the same record label wait for each other in this process.
"""

from __future__ import annotations

import asyncio
import logging

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from app.web import openapi
from app.web.uploads import PayloadTooLargeError, UnsupportedMediaError, received
from hub.auth import authenticate, authorize, bearer_token
from hub.errors import AuthError, BadInputError, ForbiddenError, GraphUnavailableError, HubError
from hub.graph.driver import Graph
from hub.ratelimit import RateLimiter
from hub.settings import Settings
from loaders.ingest import IngestOptions, ingest
from loaders.registry import KINDS, loader_for

log = logging.getLogger(__name__)

_TRUE = {"", "1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


class PartnerApi:
    """The routes and what they share: one sync Graph, the rate limiter, per-label locks.

    Pass the app's ``Graph`` or let the API open its own on first use; ``close()``
    closes only a graph it opened (call it from the app's lifespan).
    """

    def __init__(self, settings: Settings, graph: Graph | None = None) -> None:
        self.settings = settings
        self._graph = graph
        self._owns_graph = graph is None
        self._limiter = RateLimiter(settings.rate_limit_per_minute)
        self._locks: dict[str, asyncio.Lock] = {}
        self._openapi = openapi.document(KINDS, settings)
        self.routes: list[BaseRoute] = [
            Route("/datasets/{kind}", self.upload, methods=["POST"]),
            Route("/openapi.json", self.openapi, methods=["GET"]),
        ]

    @property
    def graph(self) -> Graph:
        if self._graph is None:
            self._graph = Graph(self.settings)
        return self._graph

    def close(self) -> None:
        if self._owns_graph and self._graph is not None:
            self._graph.close()
            self._graph = None

    async def openapi(self, request: Request) -> Response:
        return JSONResponse(self._openapi)

    async def upload(self, request: Request) -> Response:
        try:
            return await self._upload(request)
        except HubError as exc:
            return _error_response(exc, request)

    async def _upload(self, request: Request) -> Response:
        header = request.headers.get("authorization")
        caller = await run_in_threadpool(authenticate, self.graph, header)
        retry_after = self._limiter.acquire(caller.key_id)
        if retry_after is not None:
            return _json_error(
                429,
                "RATE_LIMITED",
                f"over {self.settings.rate_limit_per_minute} requests a minute for this key",
                {"Retry-After": str(retry_after)},
            )
        kind = request.path_params["kind"]
        if kind not in KINDS:
            raise BadInputError(f"unknown kind {kind!r}; kinds are: {', '.join(KINDS)}")
        options = _options(request.query_params, caller.agency)
        authorize(caller, kind)
        limit = self.settings.max_upload_bytes
        filename = request.query_params.get("filename")
        async with received(request, kind, limit, filename) as upload:
            async with self._lock(kind):
                report = await run_in_threadpool(
                    ingest, self.graph, kind, upload.path, options, name=upload.filename
                )
        return JSONResponse(report.as_dict(), status_code=422 if report.refused else 200)

    def _lock(self, kind: str) -> asyncio.Lock:
        """One lock per record label: ``trace_events`` and ``epcis`` share TraceEvent."""
        label = loader_for(kind).label.value
        return self._locks.setdefault(label, asyncio.Lock())


def routes(settings: Settings, graph: Graph | None = None) -> list[BaseRoute]:
    """The partner routes; prefer ``PartnerApi`` when the app can close it on shutdown."""
    return PartnerApi(settings, graph).routes


def _options(params: QueryParams, agency: str) -> IngestOptions:
    mode = params.get("mode", "upsert").strip().lower()
    if mode not in ("upsert", "snapshot"):
        raise BadInputError(f"mode must be upsert or snapshot, not {mode!r}")
    return IngestOptions(
        dry_run=_flag(params, "dry_run"),
        strict=_flag(params, "strict"),
        snapshot=mode == "snapshot",
        agency=agency,
        replay=True,
    )


def _flag(params: QueryParams, name: str) -> bool:
    raw = params.get(name)
    if raw is None:
        return False
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise BadInputError(f"{name} must be true or false, not {raw!r}")


def _json_error(
    status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    body = {"error": {"code": code, "message": message}}
    return JSONResponse(body, status_code=status, headers=headers)


def _error_response(exc: HubError, request: Request) -> JSONResponse:
    if isinstance(exc, ForbiddenError):
        return _json_error(403, exc.code, str(exc))
    if isinstance(exc, AuthError):
        challenge = 'Bearer realm="hub"'
        if bearer_token(request.headers.get("authorization")):
            challenge += ', error="invalid_token"'
        return _json_error(401, exc.code, str(exc), {"WWW-Authenticate": challenge})
    if isinstance(exc, PayloadTooLargeError):
        return _json_error(413, exc.code, str(exc))
    if isinstance(exc, UnsupportedMediaError):
        return _json_error(415, exc.code, str(exc))
    if isinstance(exc, BadInputError):
        return _json_error(400, exc.code, str(exc))
    if isinstance(exc, GraphUnavailableError):
        return _json_error(503, exc.code, str(exc), {"Retry-After": "30"})
    log.error("partner upload failed: %s", exc)
    return _json_error(500, "INTERNAL", "the upload failed inside the hub; try again later")
