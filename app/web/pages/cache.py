"""Page data kept per graph version: a page costs one version read while nothing changed.

Every write to the graph raises its version (``hub.graph.version``) in the same
transaction, so a value computed at version N is exact until the version moves. The
version is read before computing: a write landing meanwhile leaves the value stored
under the older version, and the next request computes it again.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from typing import Any, TypeVar

from hub.graph.driver import AsyncGraph
from hub.graph.version import current_async

T = TypeVar("T")


class VersionCache:
    def __init__(self, max_entries: int = 32) -> None:
        self.max_entries = max_entries
        self._entries: OrderedDict[Hashable, tuple[int, Any]] = OrderedDict()

    async def get(self, graph: AsyncGraph, key: Hashable, compute: Callable[[], Awaitable[T]]) -> T:
        version = await current_async(graph)
        hit = self._entries.get(key)
        if hit is not None and hit[0] == version:
            self._entries.move_to_end(key)
            value: T = hit[1]
            return value
        computed = await compute()
        self._entries[key] = (version, computed)
        self._entries.move_to_end(key)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)
        return computed
