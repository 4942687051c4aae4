"""GraphQL requests to HTTP responses: persisted queries, the response cache, ETags.

``Answers.respond`` takes a request's payload (POST body or GET parameters):

1. resolves an Automatic Persisted Query (``app.web.persisted``);
2. keys the request (``app.web.cache.Keys``) and reads the graph version, at most
   ``HUB_CACHE_VERSION_POLL_MS`` old (``VersionClock``);
3. a GET of a persisted query gets an ``ETag`` made of that version and the key, and
   ``If-None-Match`` with it is answered 304 without running anything;
4. a cached answer is served as stored; identical requests that miss together run
   once (the later ones wait for the first); within the bound after the version
   moved, the version before's answer is served while the question runs again in
   the background (``app.web.cache``, "stale while revalidating");
5. otherwise the query runs, and an answer without errors is stored.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.responses import Response

from app.web import observability
from app.web.cache import Keys, ResponseCache, VersionClock, render
from app.web.persisted import PersistedQueries
from hub.settings import Settings
from schema import HubSchema
from schema.context import Context
from schema.errors import retry_after
from schema.execute import execute

log = logging.getLogger(__name__)
JSON = "application/json"
# Shared caches may keep a persisted GET's answer but must ask again (If-None-Match).
_REVALIDATE = "public, no-cache"


class Answers:
    def __init__(
        self,
        schema: HubSchema,
        settings: Settings,
        context: Callable[[], Context],
        read_version: Callable[[], Awaitable[int]],
    ) -> None:
        self.schema = schema
        self._context = context
        self.cache = ResponseCache(settings.cache_max_bytes) if settings.cache_enabled else None
        self.clock = VersionClock(read_version, settings.cache_version_poll_ms)
        self.keys = Keys(schema.documents)
        self.persisted = PersistedQueries(self._valid)
        self._running: dict[tuple[int, bytes], asyncio.Future[bytes | None]] = {}
        self._refreshing: set[asyncio.Task[Response]] = set()  # held until done

    async def settle(self) -> None:
        """Wait for the reads started in the background (before the driver closes)."""
        await asyncio.gather(*self._refreshing, self.clock.settle(), return_exceptions=True)

    def _valid(self, query: str) -> bool:
        verdict = self.schema.documents.verdict(query)
        return verdict.document is not None and not verdict.errors

    async def respond(
        self, payload: object, *, get: bool = False, if_none_match: str | None = None
    ) -> Response:
        """Raises ``PersistedQueryError`` and ``schema.execute.MalformedRequest``."""
        payload, persisted = self.persisted.resolve(payload)
        context = self._context()
        tagged = get and persisted
        key = self._key(payload, context) if (self.cache is not None or tagged) else None
        version = await self.clock.current() if key is not None else None
        if key is None or version is None:
            return _response(await self._run(payload, context), None)
        etag = _etag(version, key) if tagged else None
        if etag is not None and _matches(if_none_match, etag):
            return Response(status_code=304, headers=_tag_headers(etag))
        if self.cache is not None:
            body = self.cache.get(version, key)
            if body is not None:
                return _response(body, etag)
            stale = self._stale(payload, version, key)
            if stale is not None:
                before, body = stale
                return _response(body, _etag(before, key) if tagged else None)
            body = await self._join((version, key))
            if body is not None:
                return _response(body, etag)
        running = (version, key)
        return await self._run_and_keep(payload, context, running, self._claim(running), etag)

    def _key(self, payload: object, context: Context) -> bytes | None:
        if not isinstance(payload, dict):
            return None
        query, variables = payload.get("query"), payload.get("variables")
        operation = payload.get("operationName")
        if not isinstance(query, str) or not isinstance(variables, dict | None):
            return None
        if not isinstance(operation, str | None):
            return None
        return self.keys.key(query, variables, operation, context.today)

    def _stale(self, payload: object, version: int, key: bytes) -> tuple[int, bytes] | None:
        """The answer of the version before, while within the bound, with its version;
        the question is then asked again at ``version`` in the background, once."""
        before = self.clock.previous()
        if before is None or self.cache is None:
            return None
        body = self.cache.previous(before, key)
        if body is None:
            return None
        observability.CACHE_STALE_HITS.inc()
        running = (version, key)
        if running not in self._running:
            claimed = self._claim(running)
            refresh = asyncio.ensure_future(
                self._run_and_keep(payload, self._context(), running, claimed, None)
            )
            self._refreshing.add(refresh)
            refresh.add_done_callback(self._refreshed)
        return before, body

    def _refreshed(self, refresh: asyncio.Task[Response]) -> None:
        self._refreshing.discard(refresh)
        if not refresh.cancelled() and refresh.exception() is not None:
            log.warning("a background refresh of a cached answer failed: %r", refresh.exception())

    async def _join(self, running: tuple[int, bytes]) -> bytes | None:
        """The answer of the same request already running at the same version, if any."""
        future = self._running.get(running)
        if future is None:
            return None
        body = await asyncio.shield(future)
        if body is not None:
            observability.CACHE_COALESCED.inc()
        return body

    def _claim(self, running: tuple[int, bytes]) -> asyncio.Future[bytes | None]:
        """Mark ``running`` (version, key) as running: identical requests join it."""
        future: asyncio.Future[bytes | None] = asyncio.get_running_loop().create_future()
        self._running[running] = future
        return future

    async def _run_and_keep(
        self,
        payload: object,
        context: Context,
        running: tuple[int, bytes],
        future: asyncio.Future[bytes | None],
        etag: str | None,
    ) -> Response:
        version, key = running
        kept: bytes | None = None
        try:
            body = await self._run(payload, context)
            if "errors" in body or not context.cacheable:
                return _response(body, None)
            kept = render(body)
            if self.cache is not None:
                self.cache.put(version, key, kept)
            return _response(kept, etag)
        finally:
            del self._running[running]
            future.set_result(kept)

    async def _run(self, payload: object, context: Context) -> dict[str, Any]:
        body = await execute(self.schema, payload, context)
        errors = body.get("errors")
        if errors:
            observability.note_errors([e.get("extensions", {}).get("code", "") for e in errors])
        return body


def _response(body: bytes | dict[str, Any], etag: str | None) -> Response:
    content = body if isinstance(body, bytes) else render(body)
    headers = _tag_headers(etag) if etag else {}
    wait = retry_after(body) if isinstance(body, dict) else None
    if wait is not None:  # Neo4j is down: say when to come back, as REST does
        headers["Retry-After"] = str(wait)
    return Response(content, media_type=JSON, headers=headers or None)


def _etag(version: int, key: bytes) -> str:
    return f'"{version}-{key[:12].hex()}"'


def _tag_headers(etag: str) -> dict[str, str]:
    return {"ETag": etag, "Cache-Control": _REVALIDATE}


def _matches(header: str | None, etag: str) -> bool:
    if not header:
        return False
    for candidate in header.split(","):
        tag = candidate.strip()
        if tag == "*" or tag.removeprefix("W/") == etag:
            return True
    return False
