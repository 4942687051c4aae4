"""The partner REST API, mounted by the app under ``/api/v1``: an entry point of the
ingest service (``loaders.ingest``), as ``hub load`` is.

    POST /datasets/{kind}        an agency's dataset file, loaded as ``hub load`` would
    GET  /templates/{kind}       a ready-to-fill template of the kind (no key needed)
    GET  /loads/{run}/rejects    the rejected rows of an upload, as a file to fix and resend
    GET  /openapi.json           the OpenAPI 3.1 description of this API
    GET  /problems[/{code}]      what each error code means (``app.web.problems``)
    /webhooks...                 the key's webhooks (``app.web.partner_webhooks``)

An upload's answer speaks the ``Accept-Language`` it was sent with (Vietnamese or
English). ``map=HEADER=column`` (repeatable) reads a header as a column; with
``save_map=true`` the mapping is kept with the key and read on its later uploads.

Order of checks: 401 (no, unknown or revoked key; 429 instead once the client address
failed too often), 429 (the key's rate), 400 (kind, options), 403 (kind outside the
key's scope), 503 (this process already reads its share of uploads), 415 (media type),
413 (size), then the load: 200 with the report, or 422 with it when the file was
refused. Every other answer is a problem (``application/problem+json``). The rate
limits and the one-writer-per-label lease live in Neo4j (``hub.ratelimit``,
``hub.leases``), so they hold across every hub process on the database; an upload that
waited too long for another of its label is 503 ``busy`` with ``Retry-After``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from app.web import observability, openapi, problems
from app.web.partner_webhooks import PartnerWebhooks
from app.web.problems import Problem
from app.web.uploads import PayloadTooLargeError, UnsupportedMediaError, received
from hub import messages
from hub.auth import Caller, authenticate, authorize, bearer_token
from hub.errors import (
    AuthError,
    BadInputError,
    BusyError,
    ForbiddenError,
    GraphUnavailableError,
    HubError,
    NotFoundError,
)
from hub.graph import header_maps
from hub.graph import rejects as rejects_store
from hub.graph.driver import Graph
from hub.ratelimit import RateLimiter
from hub.settings import Settings
from loaders import rejects, templates
from loaders.ingest import IngestOptions, ingest
from loaders.mapping import parse_mapping
from loaders.registry import KINDS, loader_for
from loaders.report import LoadReport

log = logging.getLogger(__name__)

_TRUE = {"", "1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}
# Seconds a client is asked to wait when every upload slot of the process is taken.
BUSY_RETRY_SECONDS = 5


class PartnerApi:
    """The routes and what they share: one sync Graph, the (shared) rate limiters, the
    count of uploads this process is reading.

    Pass the app's ``Graph`` or let the API open its own on first use; ``close()``
    closes only a graph it opened (call it from the app's lifespan).
    """

    def __init__(self, settings: Settings, graph: Graph | None = None) -> None:
        self.settings = settings
        self._graph = graph
        self._owns_graph = graph is None
        self._limiter = RateLimiter(settings.rate_limit_per_minute, lambda: self.graph)
        # Failed authentications, by client address: each failure counts.
        self._auth_failures = RateLimiter(
            settings.auth_failures_per_minute, lambda: self.graph, scope="address"
        )
        self._uploading = 0
        self._openapi = openapi.document(KINDS, settings)
        self.routes: list[BaseRoute] = [
            Route("/datasets/{kind}", self.upload, methods=["POST"]),
            Route("/templates/{kind}", self.template, methods=["GET"]),
            Route("/loads/{run}/rejects", self.rejects, methods=["GET"]),
            Route("/openapi.json", self.openapi, methods=["GET"]),
            *problems.routes(),
            *PartnerWebhooks(self).routes,
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

    async def caller(self, request: Request) -> Caller | Response:
        """The authenticated caller of a route within its rate, or the answer to send."""
        try:
            return await self._caller(request)
        except Problem as exc:
            return exc.response(request.url.path)
        except HubError as exc:
            return _error_response(exc, request)

    def error(self, exc: HubError, request: Request) -> Response:
        return _error_response(exc, request)

    async def openapi(self, request: Request) -> Response:
        return JSONResponse(self._openapi)

    async def upload(self, request: Request) -> Response:
        try:
            return await self._upload(request)
        except Problem as exc:
            return exc.response(request.url.path)
        except HubError as exc:
            return _error_response(exc, request)

    async def template(self, request: Request) -> Response:
        kind = request.path_params["kind"]
        fmt = request.query_params.get("format", "xlsx").strip().lower()
        try:
            if kind not in KINDS:
                raise BadInputError(f"unknown kind {kind!r}; kinds are: {', '.join(KINDS)}")
            if fmt not in templates.FORMATS:
                raise BadInputError(f"format must be xlsx or csv, not {fmt!r}")
            try:
                data = templates.build_template(loader_for(kind), fmt)
            except templates.NoTemplateError as exc:
                raise BadInputError(str(exc)) from None
        except HubError as exc:
            return _error_response(exc, request)
        return _attachment(data, templates.MEDIA[fmt], templates.template_name(kind, fmt))

    async def rejects(self, request: Request) -> Response:
        caller = await self.caller(request)
        if isinstance(caller, Response):
            return caller
        run = request.path_params["run"]
        fmt = request.query_params.get("format")
        try:
            if fmt is not None and fmt not in rejects.FORMATS:
                raise BadInputError(f"format must be xlsx or csv, not {fmt!r}")
            found = await run_in_threadpool(rejects_store.fetch, self.graph, run)
            if found is None or found[0] != caller.agency:
                raise NotFoundError(f"no rejected rows of {run!r} for this key")
            rows = rejects.RejectedRows.from_json(found[1])
            chosen = fmt or rows.format
            data = await run_in_threadpool(rows.render, chosen)
        except HubError as exc:
            return _error_response(exc, request)
        name = f"loi-{run.replace(':', '-')}.{chosen}"
        return _attachment(data, rejects.MEDIA[chosen], name)

    async def _caller(self, request: Request) -> Caller:
        caller = await self._authenticate(request)
        retry_after = await run_in_threadpool(self._limiter.acquire, caller.key_id)
        if retry_after is not None:
            raise Problem(
                "rate-limited",
                f"over {self.settings.rate_limit_per_minute} requests a minute for this key",
                {"Retry-After": str(retry_after)},
            )
        return caller

    async def _upload(self, request: Request) -> Response:
        kind = request.path_params["kind"]
        try:
            caller = await self._caller(request)
        except Problem as exc:
            if exc.type.code == "rate-limited":
                observability.note_upload(kind if kind in KINDS else "unknown", "rate_limited")
            raise
        if kind not in KINDS:
            raise BadInputError(f"unknown kind {kind!r}; kinds are: {', '.join(KINDS)}")
        lang = messages.language_of_header(request.headers.get("accept-language"))
        options = _options(request.query_params, caller.agency, kind, lang)
        authorize(caller, kind)
        save_map = _flag(request.query_params, "save_map")
        saved = await run_in_threadpool(header_maps.saved, self.graph, caller.key_id, kind)
        if saved:  # what the upload names wins over the key's saved mapping
            options = replace(options, mapping=tuple({**saved, **dict(options.mapping)}.items()))
        limit = self.settings.max_upload_bytes
        filename = request.query_params.get("filename")
        with self._upload_slot():
            async with received(request, kind, limit, filename) as upload:
                report = await run_in_threadpool(
                    ingest, self.graph, kind, upload.path, options, name=upload.filename
                )
        if save_map and not report.refused:
            mapping = dict(options.mapping)
            await run_in_threadpool(header_maps.save, self.graph, caller.key_id, kind, mapping)
        outcome = _outcome(report)
        observability.note_upload(kind, outcome, report.rows_loaded if outcome == "loaded" else 0)
        return JSONResponse(report.as_dict(), status_code=422 if report.refused else 200)

    async def _authenticate(self, request: Request) -> Caller:
        """The caller; each failure takes a token from its address's bucket, and once
        that is empty the failure is answered 429 instead of 401."""
        try:
            return await run_in_threadpool(
                authenticate, self.graph, request.headers.get("authorization")
            )
        except AuthError as exc:
            address = request.client.host if request.client else "unknown"
            retry_after = await run_in_threadpool(self._auth_failures.acquire, address)
            if retry_after is None:
                raise
            raise Problem(
                "too-many-auth-failures",
                f"over {self.settings.auth_failures_per_minute} failed authentications a "
                f"minute from this address ({exc})",
                {"Retry-After": str(retry_after)},
            ) from None

    @contextmanager
    def _upload_slot(self) -> Iterator[None]:
        """One of ``max_concurrent_uploads`` slots, from before the body is read until the
        load is done; none free: 503 at once. (The event loop runs one coroutine at a
        time, so the check and the count cannot interleave.)"""
        limit = self.settings.max_concurrent_uploads
        if 0 < limit <= self._uploading:
            raise Problem(
                "server-busy",
                f"this hub process is already reading {self._uploading} uploads, its most at "
                "once; send the file again in a few seconds",
                {"Retry-After": str(BUSY_RETRY_SECONDS)},
            )
        self._uploading += 1
        try:
            yield
        finally:
            self._uploading -= 1


def routes(settings: Settings, graph: Graph | None = None) -> list[BaseRoute]:
    """The partner routes; prefer ``PartnerApi`` when the app can close it on shutdown."""
    return PartnerApi(settings, graph).routes


def _outcome(report: LoadReport) -> str:
    if report.refused:
        return "refused"
    if report.replayed:
        return "replayed"
    return "validated" if report.dry_run else "loaded"


def _options(params: QueryParams, agency: str, kind: str, lang: str) -> IngestOptions:
    mode = params.get("mode", "upsert").strip().lower()
    if mode not in ("upsert", "snapshot"):
        raise BadInputError(f"mode must be upsert or snapshot, not {mode!r}")
    sheet = params.get("sheet")
    return IngestOptions(
        dry_run=_flag(params, "dry_run"),
        strict=_flag(params, "strict"),
        snapshot=mode == "snapshot",
        agency=agency,
        replay=True,
        sheet=sheet.strip() if sheet and sheet.strip() else None,
        mapping=parse_mapping(params.getlist("map"), loader_for(kind)),
        keep_rejects=True,
        lang=lang,
    )


def _attachment(data: bytes, media_type: str, filename: str) -> Response:
    disposition = f"attachment; filename=\"{filename}\"; filename*=UTF-8''{quote(filename)}"
    return Response(data, media_type=media_type, headers={"Content-Disposition": disposition})


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


def _error_response(exc: HubError, request: Request) -> Response:
    path = request.url.path
    if isinstance(exc, ForbiddenError):
        return problems.problem("forbidden", str(exc), instance=path)
    if isinstance(exc, AuthError):
        challenge = 'Bearer realm="hub"'
        if bearer_token(request.headers.get("authorization")):
            challenge += ', error="invalid_token"'
        headers = {"WWW-Authenticate": challenge}
        return problems.problem("unauthenticated", str(exc), headers, path)
    if isinstance(exc, PayloadTooLargeError):
        return problems.problem("payload-too-large", str(exc), instance=path)
    if isinstance(exc, UnsupportedMediaError):
        return problems.problem("unsupported-media-type", str(exc), instance=path)
    if isinstance(exc, BadInputError):
        return problems.problem("bad-request", str(exc), instance=path)
    if isinstance(exc, NotFoundError):
        return problems.problem("not-found", str(exc), instance=path)
    if isinstance(exc, BusyError):
        headers = {"Retry-After": str(BUSY_RETRY_SECONDS)}
        return problems.problem("busy", str(exc), headers, path)
    if isinstance(exc, GraphUnavailableError):
        headers = {"Retry-After": str(exc.retry_after)}
        return problems.problem("service-unavailable", exc.advice(), headers, path)
    log.error("partner upload failed: %s", exc)
    detail = "the upload failed inside the hub; the request id identifies it in the log"
    return problems.problem("internal", detail, instance=path)
