"""The response cache: whole GraphQL answers by (document, variables, operation, day,
graph version), in a least-recently-used map bounded in bytes, one per process.

**Never staler than the bound.** ``VersionClock`` re-reads the graph version
(``hub.graph.version``) at most every ``HUB_CACHE_VERSION_POLL_MS``, and at once
after this process wrote it. A request reads the version *before* it runs, and its
answer is stored under that version, so an entry never holds data older than its
version; a cached answer is only served while the version read is younger than the
bound. A write that commits at time t is therefore seen by every replica's requests
that start after t + bound. When the version moves, every older entry is dropped.

Only answers without errors are stored, and only when no resolver marked the request
volatile (``Context.cacheable``: the change feed depends on the clock). The day is in
the key because "valid today" is the default of ``validOn``.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from datetime import date
from functools import lru_cache
from typing import Any

from graphql import print_ast

from app.web import observability
from hub.errors import HubError
from hub.graph import driver
from schema.limits import DocumentCache

# Bytes an entry costs beyond its body: the key, the map's slot, the bytes object.
_ENTRY_OVERHEAD = 160
# An answer bigger than this share of the cache is not kept (it would empty it).
_LARGEST_SHARE = 8


class ResponseCache:
    """Response bodies by key, least recently used first out, at most ``max_bytes``."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.version = -1
        self.bytes = 0
        self._entries: OrderedDict[bytes, bytes] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, version: int, key: bytes) -> bytes | None:
        body = self._entries.get(key) if version == self.version else None
        if body is None:
            observability.CACHE_MISSES.inc()
            return None
        self._entries.move_to_end(key)
        observability.CACHE_HITS.inc()
        return body

    def put(self, version: int, key: bytes, body: bytes) -> bool:
        """Keep ``body`` (read at ``version``); False when it was not kept."""
        self.observe(version)
        size = len(body) + _ENTRY_OVERHEAD
        if version != self.version or size * _LARGEST_SHARE > self.max_bytes:
            return False
        old = self._entries.pop(key, None)
        if old is not None:
            self.bytes -= len(old) + _ENTRY_OVERHEAD
        self._entries[key] = body
        self.bytes += size
        while self.bytes > self.max_bytes:
            _, evicted = self._entries.popitem(last=False)
            self.bytes -= len(evicted) + _ENTRY_OVERHEAD
            observability.CACHE_EVICTIONS.inc()
        observability.CACHE_BYTES.set(self.bytes)
        return True

    def observe(self, version: int) -> None:
        """A newer graph version: nothing read before it may be served again."""
        if version <= self.version:
            return
        if self._entries:
            observability.CACHE_INVALIDATED.inc(len(self._entries))
        self._entries = OrderedDict()
        self.bytes = 0
        self.version = version
        observability.CACHE_BYTES.set(0)


class VersionClock:
    """The graph version, re-read at most every ``poll_ms`` (and after a local write).

    Concurrent requests that find it due share one read. ``current`` is None when it
    cannot be read (Neo4j down): the caller then neither serves nor stores answers."""

    def __init__(self, read: Callable[[], Awaitable[int]], poll_ms: int) -> None:
        self._read = read
        self.poll = poll_ms / 1000
        self.version: int | None = None
        self._read_at = float("-inf")  # when the last good read was *sent* (monotonic)
        self._local = -1
        self._pending: asyncio.Task[int] | None = None

    def fresh(self) -> bool:
        return (
            self.version is not None
            and time.monotonic() - self._read_at <= self.poll
            and driver.version_writes() == self._local
        )

    async def current(self) -> int | None:
        if self.fresh():
            return self.version
        task = self._pending
        if task is None:
            task = self._pending = asyncio.ensure_future(self._poll())
        try:
            return await asyncio.shield(task)
        except HubError:
            return None

    async def _poll(self) -> int:
        sent, local = time.monotonic(), driver.version_writes()
        try:
            version = await self._read()
            self.version, self._read_at, self._local = version, sent, local
            observability.CACHE_VERSION_POLLS.inc()
            return version
        finally:
            self._pending = None


def render(body: dict[str, Any]) -> bytes:
    """JSON bytes as Starlette's JSONResponse writes them."""
    return json.dumps(
        body, ensure_ascii=False, allow_nan=False, indent=None, separators=(",", ":")
    ).encode("utf-8")


class Keys:
    """Cache keys: the document normalised (printed from its parse), the variables as
    canonical JSON, the operation and the day. None for a document that does not
    pass validation: its answer is an error, never stored."""

    def __init__(self, documents: DocumentCache) -> None:
        self._documents = documents
        self._normalised = lru_cache(maxsize=2048)(self._normalise)

    def _normalise(self, query: str) -> bytes | None:
        verdict = self._documents.verdict(query)
        if verdict.document is None or verdict.errors:
            return None
        return hashlib.sha256(print_ast(verdict.document).encode("utf-8")).digest()

    def key(
        self, query: str, variables: dict[str, Any] | None, operation: str | None, day: date
    ) -> bytes | None:
        document = self._normalised(query)
        if document is None:
            return None
        digest = hashlib.sha256(document)
        canonical = json.dumps(
            variables or {}, sort_keys=True, separators=(",", ":"), ensure_ascii=False
        )
        for part in (canonical, operation or "", day.isoformat()):
            digest.update(b"\x00" + part.encode("utf-8"))
        return digest.digest()
