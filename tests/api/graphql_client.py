"""Posting GraphQL to the app in tests, counting the Cypher round trips each request makes."""

from __future__ import annotations

from typing import Any

import httpx

from hub.graph.driver import count_round_trips


async def ask(client: httpx.AsyncClient, query: str, **variables: Any) -> tuple[dict, int]:
    """The response body and the Cypher round trips the request made."""
    with count_round_trips() as trips:
        response = await client.post("/graphql", json={"query": query, "variables": variables})
    assert response.status_code == 200, response.text
    return response.json(), trips[0]


async def data(client: httpx.AsyncClient, query: str, **variables: Any) -> dict:
    """The data of a request that must succeed in exactly one round trip."""
    body, trips = await ask(client, query, **variables)
    assert "errors" not in body, body
    assert trips == 1
    return body["data"]
