"""The request context resolvers receive as ``info.context``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import strawberry
from strawberry.dataloader import DataLoader

from hub import vocabulary
from hub.graph.api_queries.enterprises import enterprises_by_keys
from hub.graph.api_queries.fragments import Include
from hub.graph.driver import AsyncGraph, Row
from hub.settings import Settings

VIETNAM = vocabulary.TIME_ZONE
WITH_RETIRED = Include(includeRetired=True)


def today() -> date:
    """Today in Việt Nam: what "valid today" means."""
    return datetime.now(VIETNAM).date()


@dataclass
class Context:
    """The graph layer and per-request state; one per GraphQL request."""

    graph: AsyncGraph
    settings: Settings
    today: date = field(default_factory=today)
    request_id: str | None = None
    # False once a resolver read something that changes without a write (the clock):
    # the response cache must not keep the answer.
    cacheable: bool = True
    _enterprises: DataLoader[str, Row | None] | None = None
    _with_retired: DataLoader[str, Row | None] | None = None

    @property
    def enterprises(self) -> DataLoader[str, Row | None]:
        """Whole enterprise records by key, batched: only for selections deeper than the
        top-level query prefetches (one more round trip per such level, never per row)."""
        if self._enterprises is None:
            self._enterprises = DataLoader(load_fn=self._load_enterprises)
        return self._enterprises

    def enterprises_loader(self, include_retired: bool) -> DataLoader[str, Row | None]:
        """``enterprises``, or its twin that keeps retired records (``includeRetired``)."""
        if not include_retired:
            return self.enterprises
        if self._with_retired is None:
            self._with_retired = DataLoader(load_fn=self._load_with_retired)
        return self._with_retired

    async def _load_enterprises(self, keys: list[str]) -> list[Row | None]:
        found = await enterprises_by_keys(self.graph, keys)
        return [found.get(key) for key in keys]

    async def _load_with_retired(self, keys: list[str]) -> list[Row | None]:
        found = await enterprises_by_keys(self.graph, keys, WITH_RETIRED)
        return [found.get(key) for key in keys]


Info = strawberry.Info[Context, Any]
