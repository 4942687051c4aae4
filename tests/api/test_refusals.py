"""What the GraphQL endpoint refuses, and how: one rule for `first`, a cost limit checked
before any Cypher, bodies nested too deep, and no traceback for anyone."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator

import httpx
import pytest
from graphql import GraphQLNamedType, GraphQLNonNull, GraphQLObjectType
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.web.app import create_app
from hub.graph.driver import Graph, count_round_trips
from hub.settings import Settings
from schema import schema
from schema.pagination import MAX_FIRST
from tests.api.test_http import serve

LEAKS = ("Traceback", 'File "', "neo4j.exceptions", "MATCH (", "/work/")


@pytest.fixture(scope="module")
async def client(graph: Graph, settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    async with serve(settings) as http:
        yield http


async def post(client: httpx.AsyncClient, query: str) -> tuple[httpx.Response, int]:
    with count_round_trips() as trips:
        response = await client.post("/graphql", json={"query": query})
    return response, trips[0]


def _paged_root_fields() -> list[str]:
    """Every root field with a `first` argument, with its other required arguments filled."""
    root = schema._schema.query_type
    assert root is not None
    calls = []
    for name, field in root.fields.items():
        if "first" not in field.args:
            continue
        required = [
            f'{arg}: "x"' for arg, a in field.args.items() if isinstance(a.type, GraphQLNonNull)
        ]
        target = field.type
        while not isinstance(target, GraphQLNamedType):
            target = target.of_type
        leaf = "__typename" if isinstance(target, GraphQLObjectType) else ""
        args = ", ".join([*required, "first: FIRST"])
        calls.append(f"{name}({args}) {{ {leaf} }}")
    return calls


PAGED = _paged_root_fields()


def test_every_paged_field_is_covered() -> None:
    names = {call.split("(")[0] for call in PAGED}
    assert {"enterprises", "certifiedTraceableSuppliers", "search", "changes"} <= names


@pytest.mark.parametrize("call", PAGED, ids=lambda c: c.split("(")[0])
@pytest.mark.parametrize("first", [MAX_FIRST + 1, 100_000, -1])
async def test_one_rule_for_first_everywhere(
    client: httpx.AsyncClient, call: str, first: int
) -> None:
    response, trips = await post(client, "{ " + call.replace("FIRST", str(first)) + " }")
    [error] = response.json()["errors"]
    assert (response.status_code, trips) == (200, 0)
    assert error["extensions"] == {"code": "BAD_USER_INPUT"}
    assert error["message"] == f"first must be between 0 and {MAX_FIRST}, not {first}"


THIRTY_SEARCHES = "{ " + " ".join(f'a{i}: search(text: "x") {{ kind }}' for i in range(30)) + " }"


async def test_the_cost_limit_refuses_before_any_cypher(client: httpx.AsyncClient) -> None:
    response, trips = await post(client, THIRTY_SEARCHES)
    body = response.json()
    assert (response.status_code, trips) == (200, 0)
    assert [e["extensions"]["code"] for e in body["errors"]] == ["QUERY_TOO_COMPLEX"]
    assert "about 3,600 items; at most 3,000 are accepted" in body["errors"][0]["message"]
    assert "data" not in body
    # A page of 100 firms with their certificates and products is within the limit.
    flagship = (
        "{ certifiedTraceableSuppliers(first: 100) { totalCount edges { node { name "
        "certificates { number } products { code } } } } }"
    )
    response, trips = await post(client, flagship)
    assert "errors" not in response.json() and trips == 1


async def test_the_cost_limit_is_a_setting_and_reads_variables(settings: Settings) -> None:
    query = 'query($n: Int) { search(text: "binh", first: $n) { kind } }'
    async with serve(settings, max_query_cost=150) as http:
        for n, allowed in ((50, True), (51, False)):  # 100 for the query + n hits
            with count_round_trips() as trips:
                response = await http.post("/graphql", json={"query": query, "variables": {"n": n}})
            codes = [e["extensions"]["code"] for e in response.json().get("errors", [])]
            assert (codes, trips[0]) == (([], 1) if allowed else (["QUERY_TOO_COMPLEX"], 0))
        two = '{ a: search(text: "binh", first: 30) { kind } b: search(text: "dong") { kind } }'
        response, _ = await post(http, two)
        assert response.json()["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    async with serve(settings, max_query_cost=0) as http:  # 0: no limit
        response, _ = await post(http, two)
        assert "errors" not in response.json()


def _nested(levels: int) -> bytes:
    return b"[" * levels + b"]" * levels


async def test_json_nested_too_deep_is_400_without_a_traceback(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    variables = '{"query": "{ __typename }", "variables": {"v": ' + _nested(3000).decode() + "}}"
    with caplog.at_level(logging.INFO):
        body = await client.post(
            "/graphql", content=_nested(3000), headers={"content-type": "application/json"}
        )
        nested_variables = await client.post(
            "/graphql", content=variables, headers={"content-type": "application/json"}
        )
        query_string = await client.get(
            "/graphql", params={"query": "{ __typename }", "variables": _nested(3000).decode()}
        )
    for response, what in (
        (body, "the request body"),
        (nested_variables, "the request body"),
        (query_string, "variables"),
    ):
        assert response.status_code == 400
        [error] = response.json()["errors"]
        assert error == {
            "message": f"{what} is JSON nested too deeply",
            "extensions": {"code": "BAD_USER_INPUT"},
        }
    assert not [r for r in caplog.records if r.exc_info], "a traceback was logged"


async def _boom(request: Request) -> Response:
    raise RuntimeError("MATCH (secret) Traceback /work/hub")


async def test_an_unexpected_error_is_a_logged_500_in_the_paths_shape(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    app = create_app(settings)
    app.router.routes[:0] = [Route("/boom", _boom), Route("/api/v1/boom", _boom)]
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://hub") as http:
            with caplog.at_level(logging.INFO):
                graphql_side = await http.get("/boom")
                rest_side = await http.get("/api/v1/boom")
    assert graphql_side.status_code == 500
    assert graphql_side.json() == {
        "errors": [{"message": "internal error", "extensions": {"code": "INTERNAL"}}]
    }
    assert rest_side.status_code == 500
    assert rest_side.headers["content-type"] == "application/problem+json"
    problem = rest_side.json()
    assert (problem["code"], problem["status"]) == ("internal", 500)
    assert problem["requestId"] == rest_side.headers["x-request-id"]
    for response in (graphql_side, rest_side):
        assert not any(leak in response.text for leak in LEAKS), response.text
    # Logged once each, with the traceback (a bug), and the request line says 500.
    failures = [r for r in caplog.records if r.exc_info]
    assert [r.getMessage() for r in failures] == [
        "unexpected error serving GET /boom",
        "unexpected error serving GET /api/v1/boom",
    ]
    statuses = [getattr(r, "status", None) for r in caplog.records if r.getMessage() == "request"]
    assert statuses == [500, 500]
    json.dumps(problem)
