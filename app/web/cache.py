"""The response cache: whole GraphQL answers by (document, variables, operation, day,
graph version), in a least-recently-used map bounded in bytes, one per process.

**Never staler than the bound.** ``VersionClock`` re-reads the graph version
(``hub.graph.version``) once half the bound ``HUB_CACHE_VERSION_POLL_MS`` has passed
(in the background: requests go on with the version they have), and at once after
this process wrote it. A request reads the version *before* it runs, and its answer is
stored under that version, so an entry never holds data older than its version; an
answer of a version is only served while the last read that found that version is
younger than the bound. A write that commits at time t is therefore seen by every
replica's requests that start after t + bound.

**Stale while revalidating, within the bound.** When the version moves, the entries of
the version before are kept one generation more: until the bound of the last read
that found it runs out, a request that misses gets that answer at once while one
refresh per question runs in the background (``VersionClock.previous``). Without
this, every write sent all clients of a popular question to wait on its refresh
together: the bench's cached p99. A process that wrote itself never serves them.

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
    """Response bodies by key, least recently used first out, at most ``max_bytes``
    together with the generation of the version before (evicted first)."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.version = -1
        self.bytes = 0
        self._entries: OrderedDict[bytes, bytes] = OrderedDict()
        self._previous_version = -1
        self._previous: OrderedDict[bytes, bytes] = OrderedDict()
        self._previous_bytes = 0  # of ``bytes``

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, version: int, key: bytes) -> bytes | None:
        self.observe(version)
        body = self._entries.get(key) if version == self.version else None
        if body is None:
            observability.CACHE_MISSES.inc()
            return None
        self._entries.move_to_end(key)
        observability.CACHE_HITS.inc()
        return body

    def previous(self, version: int, key: bytes) -> bytes | None:
        """The answer kept under ``version`` when it is the generation before, if any."""
        if version != self._previous_version:
            return None
        return self._previous.get(key)

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
            oldest = self._previous or self._entries  # the generation before goes first
            _, evicted = oldest.popitem(last=False)
            freed = len(evicted) + _ENTRY_OVERHEAD
            self.bytes -= freed
            if oldest is self._previous:
                self._previous_bytes -= freed
            observability.CACHE_EVICTIONS.inc()
        observability.CACHE_BYTES.set(self.bytes)
        return True

    def observe(self, version: int) -> None:
        """A newer graph version: what was read before it becomes the generation before."""
        if version <= self.version:
            return
        self.bytes -= self._previous_bytes
        self._previous_bytes = self.bytes  # what is left is this generation's
        if self._entries:
            observability.CACHE_INVALIDATED.inc(len(self._entries))
        self._previous, self._previous_version = self._entries, self.version
        self._entries = OrderedDict()
        self.version = version
        observability.CACHE_BYTES.set(self.bytes)


class VersionClock:
    """The graph version, re-read once half of ``poll_ms`` has passed (and after a
    local write), and the version before it while its answers may still be served.

    Concurrent requests that find it due share one read. Until the read is ``poll_ms``
    old, requests go on with the version they have while it runs. ``current`` is None
    when it cannot be read (Neo4j down): the caller then neither serves nor stores
    answers."""

    def __init__(self, read: Callable[[], Awaitable[int]], poll_ms: int) -> None:
        self._read = read
        self.poll = poll_ms / 1000
        self.version: int | None = None
        self._read_at = float("-inf")  # when the last good read was *sent* (monotonic)
        self._local = -1
        self._pending: asyncio.Task[int] | None = None
        # The version before ``version``, and until when its answers may be served:
        # the bound of the last read that found it (never after a local write).
        self._previous: int | None = None
        self._previous_until = float("-inf")

    def fresh(self) -> bool:
        return (
            self.version is not None
            and time.monotonic() - self._read_at <= self.poll
            and driver.version_writes() == self._local
        )

    def previous(self) -> int | None:
        """The version before the current one, while its answers are within the bound."""
        if self._previous is None or time.monotonic() >= self._previous_until:
            return None
        return self._previous

    async def current(self) -> int | None:
        if self.fresh():
            if self._pending is None and time.monotonic() - self._read_at > self.poll / 2:
                self._pending = asyncio.ensure_future(self._poll())
                self._pending.add_done_callback(_quiet)
            return self.version
        task = self._pending
        if task is None:
            task = self._pending = asyncio.ensure_future(self._poll())
        try:
            return await asyncio.shield(task)
        except HubError:
            return None

    async def settle(self) -> None:
        """Wait for a read in progress, if any; its failure is not the caller's."""
        if self._pending is not None:
            await asyncio.gather(self._pending, return_exceptions=True)

    async def _poll(self) -> int:
        sent, local = time.monotonic(), driver.version_writes()
        try:
            version = await self._read()
            if self.version is not None and version > self.version:
                wrote = local != self._local
                self._previous = self.version
                self._previous_until = float("-inf") if wrote else self._read_at + self.poll
            self.version, self._read_at, self._local = version, sent, local
            observability.CACHE_VERSION_POLLS.inc()
            return version
        finally:
            self._pending = None


def _quiet(task: asyncio.Task[int]) -> None:
    """A background read that failed: the next request that needs it reads again."""
    if not task.cancelled():
        task.exception()


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
