"""Query overhead and round trips: each contract query over HTTP against its own Cypher.

Each request is first executed in-process through the schema with a graph that records
the Cypher and parameters it sends (and ``count_round_trips`` around it). The floor
then replays exactly those statements through the async driver, as the API does, one
after the other, so ``graphql_vs_cypher`` is what HTTP, GraphQL parsing, validation,
resolvers and JSON add on top of the database's own time. The two sides take turns,
one request over HTTP then one replay, so drift on the machine reaches both alike.
"""

from __future__ import annotations

import asyncio
import http.client
import json
import re
import time
from dataclasses import dataclass, field
from typing import Any, LiteralString
from urllib.parse import urlsplit

from neo4j import GraphDatabase, RoutingControl

from bench.figures import Figures, median, note, percentile
from bench.workload import Request
from hub.graph.driver import AsyncGraph, Row, count_round_trips
from hub.settings import Settings
from schema import build_schema
from schema.context import Context
from schema.execute import execute

# The latency client is the standard library's keep-alive connection: httpx spent about
# 1.3 ms of its own Python on each request, which is the client's cost, not the API's.
_JSON_HEADERS = {"Content-Type": "application/json"}


def snake(name: str) -> str:
    """``certifiedTraceableSuppliers`` as ``certified_traceable_suppliers``, for figure names."""
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()


@dataclass
class Statement:
    cypher: LiteralString
    params: dict[str, Any]
    routing: RoutingControl


class RecordingGraph(AsyncGraph):
    """An AsyncGraph that keeps every statement it runs (through its public methods, so
    the floor replays them the way the API sends them)."""

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self.statements: list[Statement] = []

    async def read(self, cypher: LiteralString, params: dict[str, Any] | None = None) -> list[Row]:
        self.statements.append(Statement(cypher, dict(params or {}), RoutingControl.READ))
        return await super().read(cypher, params)

    async def write(self, cypher: LiteralString, params: dict[str, Any] | None = None) -> list[Row]:
        self.statements.append(Statement(cypher, dict(params or {}), RoutingControl.WRITE))
        return await super().write(cypher, params)


@dataclass
class Captured:
    request: Request
    statements: list[Statement]
    round_trips: int
    errors: list[Any] = field(default_factory=list)


async def capture(settings: Settings, requests: list[Request]) -> list[Captured]:
    """Run each request in-process; what it sent to Neo4j and how many round trips."""
    schema = build_schema(settings)
    graph = RecordingGraph(settings)
    captured = []
    try:
        for request in requests:
            graph.statements = []
            with count_round_trips() as trips:
                body = await execute(schema, request.body(), Context(graph, settings))
            captured.append(
                Captured(request, graph.statements, trips[0], list(body.get("errors") or []))
            )
    finally:
        await graph.close()
    return captured


def round_trips(captured: list[Captured], figures: Figures) -> None:
    for item in captured:
        if item.errors:
            raise RuntimeError(f"{item.request.name} answered errors: {item.errors}")
        if len(item.statements) != item.round_trips:
            raise RuntimeError(f"{item.request.name}: statements and round trips disagree")
        figures.add(f"round_trips_{snake(item.request.name)}", item.round_trips, "trips")
    figures.add("cypher_round_trips_per_request", max(c.round_trips for c in captured), "trips")


def _total_hits(plan: dict[str, Any]) -> int:
    return int(plan.get("dbHits", 0)) + sum(_total_hits(c) for c in plan.get("children", []))


def db_hits(settings: Settings, captured: list[Captured], figures: Figures) -> None:
    """Each query's database hits (``PROFILE``, after one warm run): what its plan reads,
    whatever the machine's speed; it should follow the answer, not the database's size."""
    with GraphDatabase.driver(
        settings.neo4j_uri,
        auth=(settings.neo4j_user, settings.neo4j_password.reveal()),
        notifications_min_severity="OFF",
    ) as driver:
        for item in captured:
            hits = 0
            for statement in item.statements:
                driver.execute_query(
                    statement.cypher, statement.params, database_=settings.neo4j_database
                )
                with driver.session(database=settings.neo4j_database) as session:
                    profile = session.run("PROFILE " + statement.cypher, statement.params)
                    hits += _total_hits(profile.consume().profile or {})
            figures.add(f"db_hits_{snake(item.request.name)}", hits, "hits")


def _timed_post(connection: http.client.HTTPConnection, name: str, body: bytes) -> float:
    started = time.perf_counter()
    connection.request("POST", "/graphql", body, _JSON_HEADERS)
    response = connection.getresponse()
    payload = json.loads(response.read())
    elapsed = time.perf_counter() - started
    if response.status != 200 or payload.get("errors"):
        raise RuntimeError(f"{name} over HTTP failed: {str(payload)[:300]}")
    return elapsed


async def _timed_statements(graph: AsyncGraph, statements: list[Statement]) -> float:
    started = time.perf_counter()
    for statement in statements:
        if statement.routing is RoutingControl.READ:
            await graph.read(statement.cypher, statement.params)
        else:
            await graph.write(statement.cypher, statement.params)
    return time.perf_counter() - started


async def _paired_samples(
    settings: Settings, base_url: str, item: Captured, samples: int, warm: int
) -> tuple[list[float], list[float]]:
    """Timings over HTTP and of the floor, one of each in turn, so that both sides meet
    the server in the same state (caches, JIT, whatever else runs on the machine)."""
    address = urlsplit(base_url)
    connection = http.client.HTTPConnection(address.hostname or "", address.port, timeout=30.0)
    graph = AsyncGraph(settings)
    body = json.dumps(item.request.body()).encode()
    over_http: list[float] = []
    floor: list[float] = []
    try:
        for i in range(warm + samples):
            # A blocking call inside the event loop: the floor's connection waits meanwhile.
            http_time = _timed_post(connection, item.request.name, body)
            floor_time = await _timed_statements(graph, item.statements)
            if i >= warm:
                over_http.append(http_time)
                floor.append(floor_time)
    finally:
        connection.close()
        await graph.close()
    return over_http, floor


def overhead(
    settings: Settings,
    base_url: str,
    captured: list[Captured],
    figures: Figures,
    samples: int = 200,
    warm: int = 20,
) -> None:
    """p50/p95/p99 over HTTP and for the Cypher floor, per contract query; the ratio."""
    ratios = []
    for item in captured:
        name = snake(item.request.name)
        over_http, floor = asyncio.run(_paired_samples(settings, base_url, item, samples, warm))
        for label, values in (("graphql", over_http), ("cypher", floor)):
            for fraction in (0.50, 0.95, 0.99):
                value = percentile(values, fraction) * 1000
                figures.add(f"{label}_{name}_p{round(fraction * 100)}", value, "ms")
        ratio = percentile(over_http, 0.5) / percentile(floor, 0.5)
        figures.add(f"graphql_vs_cypher_p50_{name}", ratio, "x")
        ratios.append(ratio)
        note(f"{name}: {len(item.statements)} statement(s), {samples} samples each way")
    figures.add("graphql_vs_cypher_p50", median(ratios), "x")
