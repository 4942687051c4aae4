"""The change feed over GraphQL: ``changes(since, first)``, a Relay connection.

A partner mirrors the hub by following ``pageInfo.endCursor`` page by page; the
cursor only moves forward, and ``since`` returns exactly what changed after it.
"""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any

import strawberry

from hub.graph import changes as feed
from hub.graph.driver import AsyncGraph
from schema.context import Context
from schema.pagination import check_first


@strawberry.enum(description="What happened to a record")
class ChangeOp(Enum):
    CREATED = "created"
    UPDATED = "updated"
    RETIRED = "retired"
    REVIEWED = "reviewed"


@strawberry.type(description="A record's latest change")
class Change:
    kind: str = strawberry.field(description="the record's label: Enterprise, Certificate, ...")
    key: str = strawberry.field(description="the record's key within its kind")
    op: ChangeOp
    at: datetime = strawberry.field(description="when it changed (UTC)")
    load_run: str | None = strawberry.field(description="the LoadRun that made the change")

    @classmethod
    def from_change(cls, change: feed.Change) -> Change:
        return cls(
            kind=change.kind,
            key=change.key,
            op=ChangeOp(change.op),
            at=change.at,
            load_run=change.load_run,
        )


@strawberry.type
class ChangeEdge:
    cursor: str
    node: Change


@strawberry.type
class ChangePageInfo:
    has_next_page: bool
    end_cursor: str | None


@strawberry.type
class ChangeConnection:
    edges: list[ChangeEdge]
    page_info: ChangePageInfo

    @classmethod
    def from_page(cls, page: feed.ChangePage) -> ChangeConnection:
        edges = [ChangeEdge(cursor=c.cursor, node=Change.from_change(c)) for c in page.changes]
        return cls(
            edges=edges,
            page_info=ChangePageInfo(has_next_page=page.has_next_page, end_cursor=page.end_cursor),
        )


def graph_of(info: strawberry.Info[Any, Any]) -> AsyncGraph:
    context = info.context
    graph = context["graph"] if isinstance(context, dict) else context.graph
    if not isinstance(graph, AsyncGraph):
        raise TypeError("the GraphQL context carries no AsyncGraph")
    return graph


@strawberry.type
class ChangesQuery:
    @strawberry.field(
        description="Created, updated and retired records in the order they changed, after "
        "the cursor `since` (from the start without it); at most 100 a page."
    )
    async def changes(
        self, info: strawberry.Info[Any, Any], since: str | None = None, first: int | None = 100
    ) -> ChangeConnection:
        if isinstance(info.context, Context):
            info.context.cacheable = False  # what has settled depends on the clock
        page = await feed.changes_after(graph_of(info), since, check_first(first, feed.MAX_PAGE))
        return ChangeConnection.from_page(page)
