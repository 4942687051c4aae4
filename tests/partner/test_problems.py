"""Every /api/v1 error is one shape (RFC 9457 problem details), in the whole app; failed
authentications are limited per client address; uploads are admitted a few at a time."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest

from app.web.app import create_app
from app.web.problems import CATALOGUE, MEDIA_TYPE
from hub.graph.driver import Graph
from hub.settings import Settings
from tests.partner.conftest import CSV, bearer, data, new_key, upload_headers

ENTERPRISES = "/api/v1/datasets/enterprises"
DRY_RUN = ENTERPRISES + "?dry_run=true"
MADE_UP = "pdh_0123456789abcdef_" + "A" * 43  # a key's shape: checked against the graph


@asynccontextmanager
async def app_client(
    settings: Settings, client: tuple[str, int] = ("127.0.0.1", 50000), **overrides: Any
) -> AsyncIterator[httpx.AsyncClient]:
    """The whole app (request ids, error handlers), as one client address."""
    app = create_app(dataclasses.replace(settings, **overrides))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, client=client)
        async with httpx.AsyncClient(transport=transport, base_url="http://hub") as http:
            yield http


async def assert_problem(
    http: httpx.AsyncClient, response: httpx.Response, status: int, code: str
) -> dict[str, Any]:
    """The answer is the documented problem, and its ``type`` explains its code."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == MEDIA_TYPE
    body = response.json()
    assert set(body) >= {"type", "title", "status", "detail", "code", "requestId"}
    assert (body["status"], body["code"]) == (status, code)
    assert body["requestId"] == response.headers["x-request-id"]
    assert body["title"] == CATALOGUE[code].title and body["detail"]
    explained = await http.get(body["type"])
    assert explained.status_code == 200
    assert explained.json()["code"] == code and explained.json()["status"] == status
    return body


async def test_every_error_under_api_v1_is_a_problem(
    clean_graph: Graph, settings: Settings
) -> None:
    planning = new_key(clean_graph, "Phòng Kế hoạch", ["enterprises"])
    quality = new_key(clean_graph, "Chi cục TĐC", ["certificates"])
    body = data("enterprises_a.csv")
    async with app_client(settings, max_upload_bytes=len(body) - 1) as http:
        cases: list[tuple[httpx.Response, int, str]] = [
            (await http.get("/api/v1/no/such/path"), 404, "not-found"),
            (await http.get("/api/v1/problems/no-such-code"), 404, "not-found"),
            (await http.get(ENTERPRISES), 405, "method-not-allowed"),
            (await http.post(ENTERPRISES, content=body, headers=CSV), 401, "unauthenticated"),
            (
                await http.post(ENTERPRISES, content=body, headers=upload_headers(quality)),
                403,
                "forbidden",
            ),
            (
                await http.post(
                    "/api/v1/datasets/factories", content=body, headers=upload_headers(planning)
                ),
                400,
                "bad-request",
            ),
            (
                await http.post(ENTERPRISES, content=body, headers=upload_headers(planning)),
                413,
                "payload-too-large",
            ),
            (
                await http.post(
                    ENTERPRISES,
                    content=b"a=1",
                    headers={**bearer(planning), "Content-Type": "text/html"},
                ),
                415,
                "unsupported-media-type",
            ),
        ]
        for response, status, code in cases:
            await assert_problem(http, response, status, code)
        not_allowed = cases[2][0]
        assert not_allowed.headers["Allow"] == "POST"
        unauthenticated = cases[3][0]
        assert unauthenticated.headers["WWW-Authenticate"].startswith("Bearer")
        # Successful answers keep their shape: the load report, 200 or 422.
        small = await http.post(DRY_RUN, content=b"", headers=upload_headers(planning))
        assert small.status_code == 422 and small.json()["status"] == "refused"
    assert clean_graph.read("MATCH (e:Enterprise) RETURN count(e) AS n") == [{"n": 0}]


async def test_the_catalogue_lists_every_code_once(settings: Settings) -> None:
    async with app_client(settings) as http:
        listed = (await http.get("/api/v1/problems")).json()
    assert [entry["code"] for entry in listed] == list(CATALOGUE)
    assert len({(e["code"]) for e in listed}) == len(listed)
    assert {e["code"]: e["status"] for e in listed}["payload-too-large"] == 413
    assert {e["code"]: e["status"] for e in listed}["unsupported-media-type"] == 415


@pytest.mark.slow  # the loaders' driver retries an unreachable server for 10 s
async def test_an_unreachable_graph_is_503_with_retry_after(settings: Settings) -> None:
    async with app_client(settings, neo4j_uri="bolt://127.0.0.1:9") as http:
        response = await http.post(ENTERPRISES, content=b"x", headers=upload_headers(MADE_UP))
        problem = await assert_problem(http, response, 503, "service-unavailable")
    assert response.headers["Retry-After"] == "10"
    assert "try again in 10 seconds" in problem["detail"]
    assert "bolt://" not in response.text and "127.0.0.1:9" not in response.text


async def test_failed_authentications_are_limited_per_client_address(
    clean_graph: Graph, settings: Settings
) -> None:
    valid = new_key(clean_graph, "Phòng Kế hoạch", ["enterprises"])
    made_up = MADE_UP
    body = data("enterprises_a.csv")
    async with app_client(settings, auth_failures_per_minute=3) as http:
        attempts = [
            await http.post(DRY_RUN, content=body, headers=upload_headers(made_up))
            for _ in range(3)
        ]
        assert [r.status_code for r in attempts] == [401, 401, 401]
        for headers in (upload_headers(made_up), CSV, upload_headers("not-a-key")):
            response = await http.post(DRY_RUN, content=body, headers=headers)
            limited = await assert_problem(http, response, 429, "too-many-auth-failures")
            assert int(response.headers["Retry-After"]) >= 1
            assert made_up not in response.text
        assert "3 failed authentications a minute" in limited["detail"]
        # A valid key from the same address is not locked out.
        response = await http.post(DRY_RUN, content=body, headers=upload_headers(valid))
        assert response.status_code == 200, response.text
    # Another address has its own allowance (a new app: the limiter is per process).
    async with app_client(settings, ("10.0.0.9", 1), auth_failures_per_minute=3) as http:
        response = await http.post(DRY_RUN, content=body, headers=upload_headers(made_up))
        assert response.status_code == 401


async def test_uploads_beyond_the_limit_get_503_before_their_body_is_read(
    clean_graph: Graph, settings: Settings
) -> None:
    key = new_key(clean_graph, "Phòng Kế hoạch", ["enterprises"])
    body = data("enterprises_a.csv")
    release = asyncio.Event()
    read: list[str] = []

    async def slow(name: str) -> AsyncIterator[bytes]:
        read.append(name)
        yield body[:10]
        await release.wait()
        yield body[10:]

    async with app_client(settings, max_concurrent_uploads=1) as http:
        first = asyncio.create_task(
            http.post(DRY_RUN, content=slow("first"), headers=upload_headers(key))
        )
        while not read:  # the first upload holds the one slot, its body half sent
            await asyncio.sleep(0.01)
        second = await http.post(DRY_RUN, content=slow("second"), headers=upload_headers(key))
        problem = await assert_problem(http, second, 503, "server-busy")
        assert second.headers["Retry-After"] == "5" and "send the file again" in problem["detail"]
        assert read == ["first"], "the refused upload's body was read"
        release.set()
        assert (await first).status_code == 200
        # The slot is free again.
        again = await http.post(DRY_RUN, content=body, headers=upload_headers(key))
        assert again.status_code == 200, again.text
