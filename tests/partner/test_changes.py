"""The change feed over GraphQL: replaying it from the start rebuilds the current records."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import strawberry

from hub.graph import changes
from hub.graph.driver import AsyncGraph, Graph
from hub.settings import Settings
from schema.changes import ChangesQuery
from schema.errors import format_error
from tests.partner.conftest import data, upload_headers

SCHEMA = strawberry.Schema(query=ChangesQuery)
QUERY = """
query Feed($since: String, $first: Int) {
  changes(since: $since, first: $first) {
    edges { cursor node { kind key op at loadRun } }
    pageInfo { hasNextPage endCursor }
  }
}
"""
# Every record label, with the op its stored times imply.
_CURRENT = """
MATCH (n) WHERE n:Enterprise OR n:Certificate OR n:Award OR n:MeasurementSupport
  OR n:ProgrammeSupport OR n:Product OR n:TraceEvent
RETURN labels(n)[0] AS kind, n.key AS key,
  CASE WHEN n.retiredAt IS NOT NULL THEN 'RETIRED'
       WHEN n.createdAt = n.updatedAt THEN 'CREATED' ELSE 'UPDATED' END AS op
"""


@pytest.fixture
async def async_graph(settings: Settings) -> AsyncIterator[AsyncGraph]:
    graph = AsyncGraph(settings)
    yield graph
    await graph.close()


async def _page(graph: AsyncGraph, since: str | None, first: int) -> dict[str, Any]:
    result = await SCHEMA.execute(
        QUERY, variable_values={"since": since, "first": first}, context_value={"graph": graph}
    )
    assert result.errors is None, result.errors
    assert result.data is not None
    return result.data["changes"]


async def _replay(graph: AsyncGraph, first: int = 2) -> tuple[list, str]:
    """Follow the cursors from the start to the end; returns the nodes and the last cursor."""
    since: str | None = None
    nodes: list[dict[str, Any]] = []
    while True:
        page = await _page(graph, since, first)
        nodes += [edge["node"] for edge in page["edges"]]
        assert len(page["edges"]) <= first
        if page["edges"]:
            assert page["pageInfo"]["endCursor"] == page["edges"][-1]["cursor"]
        since = page["pageInfo"]["endCursor"]
        if not page["pageInfo"]["hasNextPage"]:
            return nodes, since


async def _send(client: httpx.AsyncClient, key: str, kind: str, name: str, mode: str = "") -> None:
    url = f"/api/v1/datasets/{kind}" + (f"?mode={mode}" if mode else "")
    response = await client.post(url, content=data(name), headers=upload_headers(key))
    assert response.status_code == 200, response.text


async def _settle() -> None:
    await asyncio.sleep(changes.SETTLE_SECONDS + 0.2)


async def test_replaying_the_feed_rebuilds_the_current_records(
    client: httpx.AsyncClient,
    clean_graph: Graph,
    async_graph: AsyncGraph,
    planning_key: str,
    quality_key: str,
) -> None:
    await _send(client, quality_key, "certificates", "certificates.csv")  # stubs, then filled
    await _send(client, planning_key, "enterprises", "enterprises_all.csv", "snapshot")
    await _send(
        client, planning_key, "enterprises", "enterprises_without_hiep_thanh.csv", "snapshot"
    )
    await _settle()

    nodes, cursor = await _replay(async_graph)
    order = [(n["at"], n["kind"], n["key"]) for n in nodes]
    assert order == sorted(order) and len(set(order)) == len(order)
    mirror = {(n["kind"], n["key"]): n["op"] for n in nodes}
    direct = {(r["kind"], r["key"]): r["op"] for r in clean_graph.read(_CURRENT)}
    assert mirror == direct
    assert mirror[("Enterprise", "3701000003")] == "RETIRED"
    assert mirror[("Enterprise", "3700635642")] == "UPDATED"  # a stub the enterprises filled
    assert mirror[("Enterprise", "3706889900")] == "CREATED"
    assert mirror[("Certificate", "quacert|qms 101")] == "CREATED"
    retired = next(n for n in nodes if n["key"] == "3701000003")
    assert retired["loadRun"].startswith("enterprises:")

    # Nothing new: the cursor stays where it is.
    page = await _page(async_graph, cursor, 100)
    assert page["edges"] == [] and page["pageInfo"]["endCursor"] == cursor

    # A change is held back until it has settled...
    await _send(client, planning_key, "enterprises", "enterprises_all_moved.csv", "snapshot")
    assert (await _page(async_graph, cursor, 100))["edges"] == []
    # ...and `since` returns exactly what changed after it: the restored firm.
    page = await changes.changes_after(async_graph, cursor, 100, settle=0)
    assert [(c.kind, c.key, c.op) for c in page.changes] == [
        ("Enterprise", "3701000003", "updated")
    ]
    assert not page.has_next_page and page.end_cursor == page.changes[-1].cursor


async def test_feed_refuses_bad_cursors_and_big_pages(
    clean_graph: Graph, async_graph: AsyncGraph
) -> None:
    for since, first, message in [
        ("bm90IGEgY3Vyc29y", 10, "not a cursor"),
        ("%%%", 10, "not a cursor"),
        (None, 101, "first must be between 0 and 100, not 101"),
        (None, 100_000, "first must be between 0 and 100, not 100000"),
        (None, -1, "first must be between 0 and 100, not -1"),
    ]:
        result = await SCHEMA.execute(
            QUERY,
            variable_values={"since": since, "first": first},
            context_value={"graph": async_graph},
        )
        assert result.errors and message in result.errors[0].message
        # The one rule for `first`, as enterprises(first:) has it: BAD_USER_INPUT.
        assert format_error(result.errors[0])["extensions"] == {"code": "BAD_USER_INPUT"}
