"""The API tests' graph: every file of tests/data/api loaded once per module, and a client.

The client's app runs without the response cache: these tests count what each query
costs (its Cypher round trips), which a cached answer would hide. The cache has its
own tests (test_cache.py), which compare its answers with these."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator

import httpx
import pytest

from app.web.app import create_app
from hub.graph import admin
from hub.graph.driver import Graph
from hub.settings import Settings
from tests.conftest import DATA, load

FILES = [
    ("enterprises", "enterprises.csv"),
    ("certificates", "certificates.csv"),
    ("products", "products.csv"),
    ("trace_events", "trace_events.csv"),
    ("programme_support", "programme_support.csv"),
    ("measurement", "measurement.csv"),
    ("awards", "awards.csv"),
]


@pytest.fixture(scope="module")
def loaded(graph: Graph) -> Graph:
    admin.clear_data(graph)
    for kind, name in FILES:
        report = load(graph, kind, DATA / "api" / name)
        assert report.ok and report.rows_rejected == 0, report.errors
        assert report.unresolved == (2 if kind == "certificates" else 0)  # UR-01, AMB-01
    return graph


@pytest.fixture(scope="module")
async def client(loaded: Graph, settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(dataclasses.replace(settings, cache_enabled=False))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://hub") as http:
            yield http
