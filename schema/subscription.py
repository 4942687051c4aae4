"""The change feed as a GraphQL subscription (``graphql-transport-ws`` at ``/graphql``).

``subscription { changes(since: CURSOR) { cursor node { kind key op at loadRun } } }``
sends every change after ``since`` (after the moment it subscribed, without one), in
feed order, then each new one as it settles. It reads the same feed as the
``changes`` query (``hub.graph.changes``), one page at a time, and waits
``POLL_SECONDS`` whenever it has caught up. A client that reconnects passes the last
cursor it got and misses nothing.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator
from datetime import UTC, datetime
from typing import Any

import strawberry

from hub.graph import changes as feed
from schema.changes import Change, ChangeEdge, graph_of

POLL_SECONDS = 2.0


@strawberry.type
class Subscription:
    @strawberry.subscription(
        description="Changes after the cursor `since` (after subscribing, without it), "
        "then each new change as it comes; every one with its cursor to resume from."
    )
    async def changes(
        self, info: strawberry.Info[Any, Any], since: str | None = None
    ) -> AsyncGenerator[ChangeEdge, None]:
        graph = graph_of(info)
        cursor = since or feed.start_cursor(datetime.now(UTC))
        while True:
            page = await feed.changes_after(graph, cursor, feed.MAX_PAGE, feed.SETTLE_SECONDS)
            for change in page.changes:
                yield ChangeEdge(cursor=change.cursor, node=Change.from_change(change))
            cursor = page.end_cursor or cursor
            if not page.has_next_page:
                await asyncio.sleep(POLL_SECONDS)
