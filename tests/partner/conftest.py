"""The partner API served by a small Starlette app of its own, against the real Neo4j."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.routing import Mount

from app.web.partner import PartnerApi
from hub.auth import create_key
from hub.graph import changes
from hub.graph.driver import Graph
from hub.settings import Settings
from loaders.registry import KINDS

PARTNER_DATA = Path(__file__).parent / "data"
CSV = {"Content-Type": "text/csv"}


@pytest.fixture(scope="session", autouse=True)
def feed_indexes(graph: Graph) -> None:
    """The change feed's indexes, until they are a migration of hub.graph.migrations."""
    for statement in changes.FEED_INDEXES:
        graph.write(statement)


def new_key(graph: Graph, agency: str, kinds: Sequence[str]) -> str:
    return create_key(graph, agency, kinds, KINDS).token


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def upload_headers(token: str) -> dict[str, str]:
    return {**CSV, **bearer(token)}


def data(name: str) -> bytes:
    return (PARTNER_DATA / name).read_bytes()


@asynccontextmanager
async def serve(
    graph: Graph, settings: Settings, **overrides: Any
) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client for a fresh partner API (own rate limiter and locks)."""
    api = PartnerApi(dataclasses.replace(settings, **overrides), graph)
    app = Starlette(routes=[Mount("/api/v1", routes=api.routes)])
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://hub") as client:
            yield client
    finally:
        api.close()


@pytest.fixture
async def client(clean_graph: Graph, settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    async with serve(clean_graph, settings) as http:
        yield http


@pytest.fixture
def planning_key(clean_graph: Graph) -> str:
    return new_key(clean_graph, "Phòng Kế hoạch", ["enterprises"])


@pytest.fixture
def quality_key(clean_graph: Graph) -> str:
    return new_key(clean_graph, "Chi cục TĐC", ["certificates", "measurement"])
