"""The HTTP app: error codes, limits, introspection, health, metrics and request ids."""

from __future__ import annotations

import dataclasses
import gc
import json
import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from graphql import GraphQLError, get_introspection_query

from app.web.app import body_limit, create_app
from app.web.observability import JsonFormatter
from hub.errors import GraphError
from hub.graph.driver import AsyncGraph, Graph, count_round_trips
from hub.settings import _DEV_PASSWORD, Settings
from schema.errors import format_error


@asynccontextmanager
async def serve(settings: Settings, **overrides: Any) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(dataclasses.replace(settings, **overrides))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://hub") as http:
            yield http


@pytest.fixture(scope="module")
async def client(graph: Graph, settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    async with serve(settings) as http:
        yield http


async def post(client: httpx.AsyncClient, query: str, **variables: Any) -> tuple[int, dict, int]:
    with count_round_trips() as trips:
        response = await client.post("/graphql", json={"query": query, "variables": variables})
    return response.status_code, response.json(), trips[0]


def codes(body: dict) -> list[str]:
    return [error["extensions"]["code"] for error in body["errors"]]


def _no_leak(body: dict) -> None:
    text = json.dumps(body).lower()
    for secret in ("match (", "return ", "traceback", "neo4j://", _DEV_PASSWORD, 'file "'):
        assert secret not in text, text


@pytest.mark.parametrize(
    ("query", "fragment"),
    [
        ("{ enterprise(taxCode: ", "Syntax Error"),
        ('{ enterprise(taxCode: "3700635642") { nosuchfield } }', "nosuchfield"),
        ("{ enterprise { name } }", "taxCode"),
        ('{ trace(lotCode: "x", direction: SIDEWAYS) { truncated } }', "SIDEWAYS"),
        ("{ search(text: 5) { score } }", "String"),
        ("{ enterprises(first: 99999999999) { totalCount } }", "Int"),
        ("{ a: __typename } { b: __typename }", "anonymous operation"),
    ],
)
async def test_invalid_documents_are_bad_user_input(
    client: httpx.AsyncClient, query: str, fragment: str
) -> None:
    status, body, trips = await post(client, query)
    assert (status, trips, set(codes(body))) == (200, 0, {"BAD_USER_INPUT"})
    assert "data" not in body
    assert fragment in body["errors"][0]["message"]
    _no_leak(body)


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"query": ""}, "the request has no query"),
        ({"variables": {}}, "the request has no query"),
        ({"query": "{ __typename }", "variables": [1]}, "variables must be a JSON object"),
        ([1, 2], "the request body must be a JSON object with a query"),
        ({"query": "mutation { x }"}, "this API serves queries only"),
        ({"query": "query A { __typename }", "operationName": "B"}, "no operation of that name"),
    ],
)
async def test_malformed_requests_are_400(
    client: httpx.AsyncClient, payload: object, message: str
) -> None:
    response = await client.post("/graphql", json=payload)
    assert response.status_code == 400
    assert codes(response.json()) == ["BAD_USER_INPUT"]
    assert message in response.json()["errors"][0]["message"]


async def test_a_body_that_is_not_json_is_400(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/graphql", content=b"{nope", headers={"content-type": "application/json"}
    )
    assert (response.status_code, codes(response.json())) == (400, ["BAD_USER_INPUT"])


async def test_a_named_operation_is_chosen(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/graphql",
        json={"query": "query A { a: __typename } query B { b: __typename }", "operationName": "B"},
    )
    assert response.json() == {"data": {"b": "Query"}}


async def test_get_runs_a_query_and_opens_graphiql_in_a_browser(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", params={"query": "{ __typename }"})
    assert response.json() == {"data": {"__typename": "Query"}}
    page = await client.get("/graphql", headers={"accept": "text/html,application/xhtml+xml"})
    assert page.status_code == 200 and "graphiql" in page.text.lower()


async def test_introspection_is_on_by_default_and_graphiql_fits_the_limits(
    client: httpx.AsyncClient,
) -> None:
    status, body, trips = await post(client, get_introspection_query(descriptions=True))
    assert (status, trips) == (200, 0)
    assert "errors" not in body
    names = {t["name"] for t in body["data"]["__schema"]["types"]}
    assert {"Enterprise", "Certificate", "Trace", "SearchHit", "Date"} <= names


async def test_introspection_can_be_turned_off(settings: Settings) -> None:
    async with serve(settings, introspection=False) as http:
        status, body, _ = await post(http, "{ __schema { queryType { name } } }")
        assert (status, set(codes(body))) == (200, {"BAD_USER_INPUT"})
        assert "introspection has been disabled" in body["errors"][0]["message"]
        status, body, _ = await post(http, '{ __type(name: "Enterprise") { name } }')
        assert codes(body) == ["BAD_USER_INPUT"]
        assert (await post(http, "{ __typename }"))[1] == {"data": {"__typename": "Query"}}
        page = await http.get("/graphql", headers={"accept": "text/html"})
        assert page.status_code == 400
        # No field suggestions either: they would spell the schema out.
        status, body, _ = await post(http, '{ enterprize(taxCode: "1") { name } }')
        assert "Did you mean" not in body["errors"][0]["message"]


DEEP = """{ enterprise(taxCode: "3700635642") { headOffice { headOffice { headOffice {
  headOffice { name } } } } } }"""


async def test_limits_are_refused_before_execution(settings: Settings) -> None:
    async with serve(settings, max_query_depth=5, max_aliases=2, max_query_bytes=400) as http:
        status, body, trips = await post(http, DEEP)  # depth 6
        assert (status, trips, codes(body)) == (200, 0, ["QUERY_TOO_COMPLEX"])
        assert body["errors"][0]["message"] == (
            "the query is 6 levels deep; at most 5 are accepted"
        )
        shallower = DEEP.replace("headOffice { name }", "name")
        status, body, trips = await post(http, shallower)
        assert "errors" not in body and trips == 1
        aliases = "{ a: __typename b: __typename c: __typename }"
        status, body, trips = await post(http, aliases)
        assert (trips, codes(body)) == (0, ["QUERY_TOO_COMPLEX"])
        assert "3 aliases" in body["errors"][0]["message"]
        # Aliases hidden in fragments count too, and fragment cycles do not hang the count.
        fragments = (
            "{ ...F } fragment F on Query { a: __typename b: __typename ...G } "
            "fragment G on Query { c: __typename ...F }"
        )
        status, body, trips = await post(http, fragments)
        assert (trips, codes(body)) == (0, ["QUERY_TOO_COMPLEX"])
        status, body, trips = await post(http, "{ __typename }" + " " * 400)
        assert (trips, codes(body)) == (0, ["QUERY_TOO_COMPLEX"])
        assert "bytes" in body["errors"][0]["message"]


async def test_too_many_tokens_are_refused(client: httpx.AsyncClient) -> None:
    query = '{ search(text: "x", first: [' + "1 " * 4500 + "]) { score } }"
    status, body, trips = await post(client, query)
    assert (status, trips, codes(body)) == (200, 0, ["QUERY_TOO_COMPLEX"])
    assert "tokens" in body["errors"][0]["message"]


async def test_an_oversized_body_is_413(client: httpx.AsyncClient, settings: Settings) -> None:
    limit = body_limit(settings)
    payload = json.dumps({"query": "{ __typename }", "variables": {"x": "y" * limit}})
    response = await client.post(
        "/graphql", content=payload, headers={"content-type": "application/json"}
    )
    assert (response.status_code, codes(response.json())) == (413, ["QUERY_TOO_COMPLEX"])

    async def stream() -> AsyncIterator[bytes]:  # no Content-Length: counted while read
        for _ in range(limit // 1000 + 2):
            yield b" " * 1000

    response = await client.post("/graphql", content=stream())
    assert (response.status_code, codes(response.json())) == (413, ["QUERY_TOO_COMPLEX"])


async def test_an_unreachable_graph_is_service_unavailable_with_retry_advice(
    settings: Settings,
) -> None:
    async with serve(settings, neo4j_uri="bolt://127.0.0.1:9") as http:
        response = await http.post(
            "/graphql", json={"query": '{ enterprise(taxCode: "3700635642") { name } }'}
        )
        body = response.json()
        assert response.status_code == 200
        assert body["data"] == {"enterprise": None}
        [error] = body["errors"]
        assert error["extensions"] == {"code": "SERVICE_UNAVAILABLE", "retryAfter": 10}
        assert error["message"] == "the graph database is not reachable; try again in 10 seconds"
        assert response.headers["Retry-After"] == "10"
        _no_leak(body)
        ready = await http.get("/readyz")
        assert (ready.status_code, ready.json()["status"]) == (503, "unavailable")


async def test_api_reads_carry_the_server_side_timeout(settings: Settings) -> None:
    # Neo4j stops a read over Settings.query_timeout; the API answers INTERNAL with
    # the driver layer's safe message (hub.graph.driver.translate).
    graph = AsyncGraph(dataclasses.replace(settings, query_timeout=0.2))
    try:
        with pytest.raises(GraphError, match="the query took too long and was stopped"):
            await graph.read("UNWIND range(1, 2000000000) AS x RETURN count(x) AS n")
    finally:
        await graph.close()
    body = format_error(
        GraphQLError(
            "x",
            path=["trace"],
            original_error=GraphError("the query took too long and was stopped"),
        )
    )
    assert body == {
        "message": "the query took too long and was stopped",
        "path": ["trace"],
        "extensions": {"code": "INTERNAL"},
    }


async def test_health_readiness_and_unknown_paths(client: httpx.AsyncClient) -> None:
    health = await client.get("/healthz")
    assert (health.status_code, health.json()) == (200, {"status": "ok"})
    ready = await client.get("/readyz")
    assert (ready.status_code, ready.json()) == (200, {"status": "ready", "neo4j": "reachable"})
    missing = await client.get("/nope")
    assert (missing.status_code, codes(missing.json())) == (404, ["NOT_FOUND"])
    wrong = await client.delete("/graphql")
    assert (wrong.status_code, codes(wrong.json())) == (405, ["BAD_USER_INPUT"])
    assert set(wrong.headers["Allow"].split(", ")) == {"GET", "HEAD", "POST"}


async def test_a_serving_process_keeps_its_startup_objects_out_of_full_collections(
    graph: Graph, settings: Settings
) -> None:
    """``hub serve`` freezes what startup built (a full pass over it paused every request
    in flight for 75-107 ms); apps built in a process that builds many, as here, do not."""
    gc.unfreeze()
    async with serve(settings) as http:
        assert gc.get_freeze_count() == 0
        assert (await http.get("/readyz")).status_code == 200
    app = create_app(settings, settle_heap=True)
    try:
        async with app.router.lifespan_context(app):
            assert gc.get_freeze_count() > 50_000  # the schema, unit lists and modules
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://hub") as http:
                assert (await http.get("/readyz")).status_code == 200
    finally:
        gc.unfreeze()


async def test_partner_api_and_guide_are_mounted(client: httpx.AsyncClient) -> None:
    assert (await client.get("/api/v1/openapi.json")).status_code == 200
    assert (await client.get("/guide/")).status_code == 200


async def test_request_ids_go_in_and_out_and_into_the_log(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="hub.http"):
        given = await client.get("/healthz", headers={"X-Request-ID": "req-42.a"})
        made = await client.get("/healthz")
        refused = await client.get("/healthz", headers={"X-Request-ID": "no spaces allowed"})
    assert given.headers["x-request-id"] == "req-42.a"
    assert re.fullmatch(r"[0-9a-f]{32}", made.headers["x-request-id"])
    assert re.fullmatch(r"[0-9a-f]{32}", refused.headers["x-request-id"])
    lines = [json.loads(JsonFormatter().format(r)) for r in caplog.records if r.msg == "request"]
    assert lines[0]["requestId"] == "req-42.a"
    assert {k: lines[0][k] for k in ("level", "method", "path", "status", "roundTrips")} == {
        "level": "INFO",
        "method": "GET",
        "path": "/healthz",
        "status": 200,
        "roundTrips": 0,
    }
    assert [line["requestId"] for line in lines[1:]] == [
        made.headers["x-request-id"],
        refused.headers["x-request-id"],
    ]


async def test_metrics_count_requests_latency_and_round_trips(client: httpx.AsyncClient) -> None:
    def sample(text: str, name: str) -> float:
        found = re.search(rf"^{re.escape(name)} ([0-9.e+]+)$", text, re.MULTILINE)
        return float(found.group(1)) if found else 0.0

    before = (await client.get("/metrics")).text
    await post(client, '{ enterprise(taxCode: "3700635642") { name } }')
    response = await client.get("/metrics")
    assert response.headers["content-type"].startswith("text/plain")
    after = response.text
    trips = "hub_neo4j_round_trips_total"
    assert sample(after, trips) - sample(before, trips) == 1
    graphql = 'hub_http_requests_total{method="POST",route="/graphql",status="200"}'
    assert sample(after, graphql) - sample(before, graphql) == 1
    assert 'hub_http_request_duration_seconds_bucket{le="0.1",route="/graphql"}' in after
    assert "hub_neo4j_round_trips_per_request_bucket" in after
