"""Requests per minute per key, counted in Neo4j so every hub process shares one limit.

``RateLimiter(per_minute, graph, scope=...)`` allows at most ``per_minute`` requests
per key in any 60 seconds, however many hub processes (workers, replicas) serve
them: each ``acquire`` is one short write transaction on the key's window in the
graph (``hub.graph.rate_windows``). ``scope`` keeps limits apart that use the same
keys (API keys, client addresses for failed authentication, ...).
``per_minute <= 0`` turns the limit off. ``acquire`` blocks on Neo4j for a
millisecond or two: call it from a worker thread in async code.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable

from hub.graph import rate_windows
from hub.graph.driver import Graph

WINDOW_MS = 60_000
# One acquire in this many also deletes windows that have emptied.
_PRUNE_EVERY = 200


class RateLimiter:
    def __init__(
        self, per_minute: int, graph: Graph | Callable[[], Graph], scope: str = "key"
    ) -> None:
        self.limit = per_minute
        self.scope = scope
        self._graph = graph

    def _connection(self) -> Graph:
        return self._graph if isinstance(self._graph, Graph) else self._graph()

    def acquire(self, key: str) -> int | None:
        """Count one request for ``key``: None when allowed, else seconds to wait
        (``Retry-After``) until the oldest request of the last minute leaves the window."""
        if self.limit <= 0:
            return None
        graph = self._connection()
        verdict = rate_windows.acquire(graph, f"{self.scope}:{key}", self.limit, WINDOW_MS)
        if random.randrange(_PRUNE_EVERY) == 0:
            rate_windows.prune(graph)
        if verdict.allowed:
            return None
        return max(1, math.ceil(verdict.wait_ms / 1000))
