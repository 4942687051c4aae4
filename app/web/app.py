"""The HTTP application: GraphQL at /graphql, health, readiness and metrics.

    POST /graphql   GraphQL over HTTP (JSON); GET with ?query= runs a query too,
                    GET from a browser opens GraphiQL (when introspection is on);
                    answers are cached, persisted queries and ETags (app.web.answers)
    WS   /graphql   subscriptions (the change feed) over graphql-transport-ws
    GET  /healthz   the process is up
    GET  /readyz    Neo4j is reachable: 200, else 503
    GET  /metrics   Prometheus text format
    /api/v1/...     the partner upload API (app.web.partner)
    GET  /guide/    the analysts' guide for Neo4j Browser (hub.guide.routes)
    GET  /progress/, /quality/, /catalog.jsonld   report pages (app.web.pages)
    GET  /graphql/export.{csv,xlsx,parquet}       a query's answer as a table (app.web.exports)

``create_app(settings)`` builds it; its lifespan opens the one AsyncGraph (driver)
of the process and closes it (and the partner API's sync Graph, opened on its first
upload), removes the upload folders of killed processes, and runs the webhook delivery
worker unless ``HUB_WEBHOOKS_WORKER`` is off. Under ``hub serve`` it then freezes what
startup built, so the garbage collector's full passes no longer walk it.
The app keeps no state between requests, so several uvicorn workers can serve it.
``app_from_env`` is the factory ``hub serve`` runs. This module is the composition root
of the HTTP side: it composes ``schema`` and the
partner API over the core (every import points down: app -> schema, loaders -> hub).
"""

from __future__ import annotations

import asyncio
import gc
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

from app.web import observability, subscriptions
from app.web import pages as report_pages
from app.web.answers import Answers
from app.web.errors import ErrorBoundary, http_error
from app.web.exports import ExportApi
from app.web.guide import routes as guide_routes
from app.web.partner import PartnerApi
from app.web.persisted import PersistedQueryError
from app.web.review_routes import ReviewRoutes
from app.web.uploads import remove_abandoned
from hub.errors import BadInputError
from hub.geo.units import keyword_index, units_by_key
from hub.graph import driver, version
from hub.graph.driver import AsyncGraph
from hub.settings import PROJECT_ROOT, Settings
from hub.webhooks.worker import DeliveryWorker
from schema import HubSchema, build_schema
from schema.context import Context, today
from schema.errors import error_body
from schema.execute import MalformedRequest

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


def _parse(raw: bytes | str, what: str) -> Any:
    """``what`` as JSON; BadInputError for anything else, JSON nested too deep included."""
    try:
        return json.loads(raw)
    except RecursionError:
        raise BadInputError(f"{what} is JSON nested too deeply") from None
    except (ValueError, UnicodeDecodeError):
        raise BadInputError(f"{what} is not JSON") from None


def _warm_catalogue() -> None:
    """Load the administrative-unit lists once, before the first request needs them."""
    units_by_key()
    keyword_index()


def _settle_heap() -> None:
    """Keep startup's objects out of the garbage collector's full passes.

    The schema, the unit lists and the modules are about 190,000 objects that live as
    long as the process. Each full pass walked them all, a pause of tens of
    milliseconds for every request in flight; frozen, a pass walks only what requests
    made since. Cycles made later are still freed. Only a process that serves does
    this: one that builds many apps (the tests) would keep every one of them.
    """
    gc.collect()
    gc.freeze()


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

    def __init__(self, settings: Settings, settle_heap: bool) -> None:
        self.settings = settings
        self.settle_heap = settle_heap
        self.schema: HubSchema = build_schema(settings)
        self.graph: AsyncGraph | None = None
        self.limit = body_limit(settings)
        self.ide = _graphiql_page() if settings.introspection else None
        self.partner = PartnerApi(settings)
        self.answers = Answers(self.schema, settings, self._context, self._read_version)
        self.exports = ExportApi(
            settings, self.schema, self._context, self.answers.persisted.document
        )

    async def _read_version(self) -> int:
        if self.graph is None:
            raise RuntimeError("the app's lifespan has not started")
        return await version.current_async(self.graph, counted=False)

    @asynccontextmanager
    async def lifespan(self, app: Starlette) -> AsyncIterator[None]:
        self.graph = AsyncGraph(self.settings)
        driver.on_round_trip = observability.note_round_trip
        await asyncio.to_thread(_warm_catalogue)
        await asyncio.to_thread(remove_abandoned)
        if self.settle_heap:
            _settle_heap()
        stop = asyncio.Event()
        worker = None
        if self.settings.webhooks_worker:
            sender = DeliveryWorker(self.graph, self.settings, today)
            worker = asyncio.create_task(sender.run(stop), name="hub-webhooks")
        try:
            yield
        finally:
            stop.set()
            if worker is not None:
                await worker
            await self.answers.settle()
            graph, self.graph = self.graph, None
            await graph.close()
            await asyncio.to_thread(self.partner.close)
            observability.process_exited(self.settings.metrics_dir)

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
            payload = _parse(raw, "the request body")
        except BadInputError as exc:
            return _json(error_body("BAD_USER_INPUT", str(exc)), 400)
        return await self._execute(payload)

    async def _execute(self, payload: object, request: Request | None = None) -> Response:
        """``request``: a GET, whose persisted queries get ETags (and 304s)."""
        try:
            if request is None:
                return await self.answers.respond(payload)
            match = request.headers.get("if-none-match")
            return await self.answers.respond(payload, get=True, if_none_match=match)
        except MalformedRequest as exc:
            return _json(error_body(exc.code, str(exc)), 400)
        except PersistedQueryError as exc:
            return _json(exc.body, exc.status)

    async def _get(self, request: Request) -> Response:
        params = request.query_params
        if "query" not in params and "extensions" not in params:
            if self.ide is not None and "text/html" in request.headers.get("accept", ""):
                return HTMLResponse(self.ide)
            return _json(error_body("BAD_USER_INPUT", "send a query (POST JSON)"), 400)
        payload: dict[str, Any] = {"operationName": params.get("operationName")}
        if "query" in params:
            payload["query"] = params["query"]
        for name in ("variables", "extensions"):
            if name in params:
                try:
                    payload[name] = _parse(params[name], name)
                except BadInputError as exc:
                    return _json(error_body("BAD_USER_INPUT", str(exc)), 400)
        return await self._execute(payload, request)

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
        body, media_type = await observability.metrics_body(self.graph, self.settings.metrics_dir)
        return Response(body, media_type=media_type)


def create_app(settings: Settings, *, settle_heap: bool = False) -> Starlette:
    """``settle_heap``: freeze startup's objects (a serving process; not the tests')."""
    api = _Api(settings, settle_heap)
    app = Starlette(
        routes=[
            Route("/graphql", api.graphql, methods=["GET", "POST"]),
            Route("/healthz", api.healthz, methods=["GET"]),
            Route("/readyz", api.readyz, methods=["GET"]),
            Route("/metrics", api.metrics, methods=["GET"]),
            Mount("/api/v1", routes=api.partner.routes + ReviewRoutes(api.partner).routes),
            *guide_routes(settings),
            *subscriptions.routes(api.schema, api._context),
            *report_pages.routes(settings, lambda: api._context().graph),
            *api.exports.routes,
            *_asset_routes(),
        ],
        exception_handlers={HTTPException: http_error},
        lifespan=api.lifespan,
    )
    # The boundary inside, so the request's log line and id see the 500 it answers.
    app.add_middleware(ErrorBoundary)
    app.add_middleware(observability.RequestObservability)
    app.state.api = api
    return app


def app_from_env() -> Starlette:
    """The factory ``hub serve`` gives uvicorn (``factory=True``)."""
    settings = Settings.from_env()
    observability.configure_logging(settings.log_level)
    return create_app(settings, settle_heap=True)
