"""The HTTP application: GraphQL at /graphql, health, readiness and metrics.

    POST /graphql   GraphQL over HTTP (JSON); GET with ?query= runs a query too,
                    GET from a browser opens GraphiQL (when introspection is on)
    GET  /healthz   the process is up
    GET  /readyz    Neo4j is reachable: 200, else 503
    GET  /metrics   Prometheus text format
    /api/v1/...     the partner upload API (app.web.partner)
    GET  /guide/    the analysts' guide for Neo4j Browser (hub.guide.routes)

``create_app(settings)`` builds it; its lifespan opens the one AsyncGraph (driver)
of the process and closes it (and the partner API's sync Graph, opened on its first
upload). The app keeps no state between requests, so several
uvicorn workers can serve it. ``app_from_env`` is the factory ``hub serve`` runs.
This module is the composition root of the HTTP side: it composes ``schema`` and the
partner API over the core (every import points down: app -> schema, loaders -> hub).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from strawberry.http.ides import get_graphql_ide_html

from app.web import observability
from app.web.guide import routes as guide_routes
from app.web.partner import PartnerApi
from app.web.review_routes import ReviewRoutes
from hub.geo.units import keyword_index, units_by_key
from hub.graph import driver
from hub.graph.driver import AsyncGraph
from hub.settings import PROJECT_ROOT, Settings
from schema import HubSchema, build_schema
from schema.context import Context
from schema.errors import error_body
from schema.execute import MalformedRequest, execute

READY_TIMEOUT = 3.0


class _TooLarge(Exception):
    pass


def body_limit(settings: Settings) -> int:
    """Bytes a /graphql body may have: the query limit twice (JSON escaping), plus
    room for variables. A bigger body is refused with 413 before it is read whole."""
    return 2 * settings.max_query_bytes + 16_384


async def _read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise _TooLarge
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _TooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def _json(body: dict[str, Any], status: int = 200) -> JSONResponse:
    errors = body.get("errors")
    if errors:
        observability.note_errors([e.get("extensions", {}).get("code", "") for e in errors])
    return JSONResponse(body, status_code=status)


def _warm_catalogue() -> None:
    """Load the administrative-unit lists once, before the first request needs them."""
    units_by_key()
    keyword_index()


# GraphiQL's browser files, fetched once by scripts/install-graphiql.sh (the versions
# Strawberry's page pins, so its integrity hashes still hold). Where they are present the
# hub serves them itself, and the page works on machines with no route to the CDN.
GRAPHIQL_ASSETS = PROJECT_ROOT / ".graphiql"
_CDN = "https://unpkg.com/"
_ASSETS_PATH = "/graphiql-assets/"


def _graphiql_page() -> str:
    page = get_graphql_ide_html("graphiql")
    if GRAPHIQL_ASSETS.is_dir():
        page = page.replace(_CDN, _ASSETS_PATH)
    return page


def _asset_routes() -> list[BaseRoute]:
    if not GRAPHIQL_ASSETS.is_dir():
        return []
    return [Mount(_ASSETS_PATH.rstrip("/"), app=StaticFiles(directory=GRAPHIQL_ASSETS))]


class _Api:
    """The endpoints and what they share: settings, the schema, the graph (per lifespan)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.schema: HubSchema = build_schema(settings)
        self.graph: AsyncGraph | None = None
        self.limit = body_limit(settings)
        self.ide = _graphiql_page() if settings.introspection else None
        self.partner = PartnerApi(settings)

    @asynccontextmanager
    async def lifespan(self, app: Starlette) -> AsyncIterator[None]:
        self.graph = AsyncGraph(self.settings)
        driver.on_round_trip = observability.note_round_trip
        await asyncio.to_thread(_warm_catalogue)
        try:
            yield
        finally:
            graph, self.graph = self.graph, None
            await graph.close()
            await asyncio.to_thread(self.partner.close)

    def _context(self) -> Context:
        if self.graph is None:
            raise RuntimeError("the app's lifespan has not started")
        return Context(
            graph=self.graph,
            settings=self.settings,
            request_id=observability.current_request_id(),
        )

    async def graphql(self, request: Request) -> Response:
        if request.method == "GET":
            return await self._get(request)
        try:
            raw = await _read_body(request, self.limit)
        except _TooLarge:
            message = f"the request body is over {self.limit} bytes"
            return _json(error_body("QUERY_TOO_COMPLEX", message), 413)
        try:
            payload = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            return _json(error_body("BAD_USER_INPUT", "the request body is not JSON"), 400)
        return await self._execute(payload)

    async def _execute(self, payload: object) -> Response:
        try:
            return _json(await execute(self.schema, payload, self._context()))
        except MalformedRequest as exc:
            return _json(error_body(exc.code, str(exc)), 400)

    async def _get(self, request: Request) -> Response:
        params = request.query_params
        if "query" not in params:
            if self.ide is not None and "text/html" in request.headers.get("accept", ""):
                return HTMLResponse(self.ide)
            return _json(error_body("BAD_USER_INPUT", "send a query (POST JSON)"), 400)
        payload: dict[str, Any] = {
            "query": params["query"],
            "operationName": params.get("operationName"),
        }
        if "variables" in params:
            try:
                payload["variables"] = json.loads(params["variables"])
            except ValueError:
                return _json(error_body("BAD_USER_INPUT", "variables is not JSON"), 400)
        return await self._execute(payload)

    async def healthz(self, request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def readyz(self, request: Request) -> Response:
        ready = False
        if self.graph is not None:
            try:
                ready = await asyncio.wait_for(self.graph.ping(), READY_TIMEOUT)
            except TimeoutError:
                ready = False
        if ready:
            return JSONResponse({"status": "ready", "neo4j": "reachable"})
        return JSONResponse({"status": "unavailable", "neo4j": "unreachable"}, status_code=503)

    async def metrics(self, request: Request) -> Response:
        body, media_type = observability.metrics_body()
        return Response(body, media_type=media_type)


async def _http_error(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    if status == 404:
        return _json(error_body("NOT_FOUND", "no such path; GraphQL is at /graphql"), 404)
    if status == 405:
        return _json(error_body("BAD_USER_INPUT", "method not allowed"), 405)
    if status < 500:
        return _json(error_body("BAD_USER_INPUT", "bad request"), status)
    return _json(error_body("INTERNAL", "internal error"), 500)


def create_app(settings: Settings) -> Starlette:
    api = _Api(settings)
    app = Starlette(
        routes=[
            Route("/graphql", api.graphql, methods=["GET", "POST"]),
            Route("/healthz", api.healthz, methods=["GET"]),
            Route("/readyz", api.readyz, methods=["GET"]),
            Route("/metrics", api.metrics, methods=["GET"]),
            Mount("/api/v1", routes=api.partner.routes + ReviewRoutes(api.partner).routes),
            *guide_routes(settings),
            *_asset_routes(),
        ],
        exception_handlers={HTTPException: _http_error, Exception: _http_error},
        lifespan=api.lifespan,
    )
    app.add_middleware(observability.RequestObservability)
    app.state.api = api
    return app


def app_from_env() -> Starlette:
    """The factory ``hub serve`` gives uvicorn (``factory=True``)."""
    settings = Settings.from_env()
    observability.configure_logging(settings.log_level)
    return create_app(settings)
