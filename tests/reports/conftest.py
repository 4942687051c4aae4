"""The report tests' graph (the loader fixtures, from two agencies) and an HTTP client."""

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

QUALITY_AGENCY = "Chi cục TĐC"  # sends certificates and products
PLANNING = "Sở Kế hoạch"  # sends enterprises and programme support
FIXTURES = [
    ("enterprises", "enterprises.csv", PLANNING),
    ("certificates", "certificates.csv", QUALITY_AGENCY),
    ("programme_support", "programme_support.csv", PLANNING),
    ("products", "products.json", QUALITY_AGENCY),
    ("trace_events", "trace_events.csv", None),
]


@pytest.fixture(scope="module")
def loaded(graph: Graph) -> Graph:
    admin.clear_data(graph)
    for kind, name, agency in FIXTURES:
        assert load(graph, kind, DATA / "loaders" / name, agency=agency).ok
    return graph


@pytest.fixture(scope="module")
async def client(loaded: Graph, settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(dataclasses.replace(settings, webhooks_worker=False))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://hub") as http:
            yield http
