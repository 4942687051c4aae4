"""GraphQL fuzzing: over 1000 generated operations, no 5xx, no internals in any answer.

The app from ``create_app(settings)`` is served by uvicorn in a thread of this process
(on 127.0.0.1, a free port) over the real dev Neo4j, with the loader fixtures of every
kind loaded first. Operations come from hypothesis-graphql (the generator schemathesis
uses for GraphQL) over the committed ``schema.graphql``, one Hypothesis test per root
field, posted with httpx. Schemathesis's own pytest loader (``from_fixture``) failed
under this pytest (``'Function' object has no attribute '_nodeid'``), hence the direct use.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import replace

import graphql
import httpx
import pytest
import uvicorn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import nodes, queries

from app.web.app import create_app
from hub.graph.driver import Graph
from hub.settings import PROJECT_ROOT, Settings
from tests.conftest import DATA, load
from tests.ports import free_port

pytestmark = pytest.mark.slow

FIXTURES = {
    "enterprises": "enterprises.csv",
    "certificates": "certificates.csv",
    "awards": "awards.csv",
    "measurement": "measurement.csv",
    "programme_support": "programme_support.csv",
    "products": "products.json",
    "trace_events": "trace_events.csv",
}
INTERNALS = ("Traceback", "neo4j.", "MATCH (", "RETURN ", "/work/", 'File "')
PER_FIELD = 200
SEEN: dict[str, int] = {"operations": 0, "errors": 0, "ms_max": 0}


@pytest.fixture(scope="module")
def base_url(settings: Settings, graph: Graph) -> Iterator[str]:
    for kind, name in FIXTURES.items():
        assert load(graph, kind, DATA / "loaders" / name).ok, kind
    port = free_port()
    # Nothing may run between requests: Hypothesis fails a test whose generation sees the
    # global ``random`` used, and the driver's routing does (``random.choice``). So the
    # cache reads the graph version inside each request (no background re-read) and no
    # webhook worker runs beside it.
    quiet = replace(settings, cache_version_poll_ms=0, webhooks_worker=False)
    config = uvicorn.Config(
        create_app(quiet), host="127.0.0.1", port=port, log_level="warning", lifespan="on"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


SDL = (PROJECT_ROOT / "schema.graphql").read_text(encoding="utf-8")
ROOT_FIELDS = sorted(graphql.build_schema(SDL).query_type.fields)  # type: ignore[union-attr]
SCALARS = {
    "Date": st.dates().map(lambda d: nodes.String(d.isoformat())),
    "DateTime": st.datetimes().map(lambda d: nodes.String(d.isoformat() + "Z")),
}


@pytest.fixture(scope="module")
def client(base_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base_url, timeout=30) as http:
        yield http


@pytest.mark.parametrize("field", ROOT_FIELDS)
def test_generated_operations_get_no_5xx_and_no_internals(client: httpx.Client, field: str) -> None:
    password = Settings.from_env().neo4j_password.reveal()

    @given(query=queries(SDL, fields=[field], custom_scalars=SCALARS))
    @settings(
        max_examples=PER_FIELD,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(query: str) -> None:
        started = time.perf_counter()
        response = client.post("/graphql", json={"query": query})
        SEEN["ms_max"] = max(SEEN["ms_max"], int((time.perf_counter() - started) * 1000))
        SEEN["operations"] += 1
        assert response.status_code < 500, (query, response.text)
        text = response.text
        leaks = [word for word in (*INTERNALS, password) if word in text]
        assert not leaks, (leaks, query, text)
        body = response.json()
        if body.get("errors"):
            SEEN["errors"] += 1
            for error in body["errors"]:
                assert error["extensions"]["code"] != "INTERNAL", (query, text)

    check()


def test_at_least_1000_operations_were_generated() -> None:
    print(f"fuzz {SEEN}")
    assert SEEN["operations"] >= 1000, SEEN
