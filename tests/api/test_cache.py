"""The response cache, persisted queries and ETags, against the real Neo4j."""

from __future__ import annotations

import asyncio
import hashlib
import json
import re
import time
from datetime import date
from typing import Any

import httpx

from app.web.cache import Keys, ResponseCache
from hub import __version__
from hub.graph import version
from hub.graph.driver import Graph, count_round_trips
from hub.settings import Settings
from schema import schema
from tests.api.test_http import serve
from tests.conftest import DATA, load

ENTERPRISE = "query E($tax: String!) { enterprise(taxCode: $tax) { taxCode name } }"
CONTRACT = [
    (ENTERPRISE, {"tax": "3700635642"}),
    ("{ enterprises(first: 3) { totalCount edges { node { taxCode name } } } }", {}),
    (
        '{ certifiedTraceableSuppliers(standard: "ISO 9001", validOn: "2025-06-01") '
        "{ totalCount edges { node { taxCode certificates { number status } } } } }",
        {},
    ),
    ('{ programmeProgress(code: "2684/QĐ-UBND") { code targets { indicator achieved } } }', {}),
    ('{ search(text: "binh duong", first: 3) { kind score } }', {}),
]
# A write from another hub process: it raises the version without this process knowing.
_FOREIGN_BUMP = "MATCH (v:GraphVersion {key: 'graph'}) SET v.version = v.version + 1"
_RENAME = "MATCH (e:Enterprise {key: $key}) SET e.name = $name"


async def ask(http: httpx.AsyncClient, query: str, variables: dict[str, Any]) -> tuple[Any, int]:
    with count_round_trips() as trips:
        response = await http.post("/graphql", json={"query": query, "variables": variables})
    assert response.status_code == 200, response.text
    return response.json(), trips[0]


def foreign_write(graph: Graph, cypher: str, **params: Any) -> None:
    """A write this process's cache does not hear about (as from another replica)."""
    graph.driver.execute_query(cypher, params, database_=graph.database)


def metric(text: str, name: str) -> float:
    found = re.search(rf"^{re.escape(name)} ([0-9.e+]+)$", text, re.MULTILINE)
    return float(found.group(1)) if found else 0.0


async def test_cached_answers_equal_fresh_ones_and_cost_no_round_trip(
    loaded: Graph, settings: Settings
) -> None:
    async with serve(settings, cache_enabled=False) as plain, serve(settings) as cached:
        for query, variables in CONTRACT:
            fresh, _ = await ask(plain, query, variables)
            first, trips = await ask(cached, query, variables)
            again, trips_again = await ask(cached, query, variables)
            assert "errors" not in fresh, fresh
            assert first == fresh and again == fresh
            assert trips >= 1 and trips_again == 0, query
        # Whitespace, comments and variable order do not make another entry.
        spaced = "# the same\n" + ENTERPRISE.replace("{", " {\n ")
        body, trips = await ask(cached, spaced, {"tax": "3700635642"})
        assert trips == 0 and body == (await ask(plain, ENTERPRISE, {"tax": "3700635642"}))[0]
        text = (await cached.get("/metrics")).text
        assert metric(text, "hub_cache_hits_total") >= len(CONTRACT) + 1
        assert metric(text, "hub_cache_bytes") > 0
        assert f'hub_build_info{{version="{__version__}"}} 1.0' in text
        assert re.search(
            r'^hub_graph_load_runs\{kind="enterprises",status="loaded"\} 1\.0$', text, re.M
        )
        assert re.search(r'^hub_graph_last_load_timestamp_seconds\{kind="awards"\} ', text, re.M)


async def test_a_write_is_seen_within_the_bound_and_at_once_when_local(
    loaded: Graph, settings: Settings
) -> None:
    variables = {"tax": "3700635642"}
    async with serve(settings, cache_version_poll_ms=60_000) as http:
        before, _ = await ask(http, ENTERPRISE, variables)
        name = before["data"]["enterprise"]["name"]
        try:
            # Another replica's write: the cache may serve the old answer up to the bound.
            foreign_write(loaded, _RENAME, key="3700635642", name="Tên Tạm Thời")
            foreign_write(loaded, _FOREIGN_BUMP)
            stale, trips = await ask(http, ENTERPRISE, variables)
            assert (stale, trips) == (before, 0)
            # A write through this process (a load, an upload): seen at once.
            report = load(loaded, "awards", DATA / "api" / "awards.csv")
            assert report.ok
            fresh, trips = await ask(http, ENTERPRISE, variables)
            assert fresh["data"]["enterprise"]["name"] == "Tên Tạm Thời" and trips == 1
        finally:
            foreign_write(loaded, _RENAME, key="3700635642", name=name)
            foreign_write(loaded, _FOREIGN_BUMP)
    async with serve(settings, cache_version_poll_ms=0) as http:  # the bound is 0: never stale
        await ask(http, ENTERPRISE, variables)
        foreign_write(loaded, _FOREIGN_BUMP)
        _, trips = await ask(http, ENTERPRISE, variables)
        assert trips == 1


async def test_after_a_write_the_answer_before_is_served_while_its_refresh_runs(
    loaded: Graph, settings: Settings
) -> None:
    """Within the bound, a question whose answer the version moved past gets the answer
    before at once while one refresh runs; the refreshed answer is then served."""
    variables = {"tax": "3700635642"}
    bound = 4.0
    async with serve(settings, cache_version_poll_ms=int(bound * 1000)) as http:
        before, _ = await ask(http, ENTERPRISE, variables)
        read_at = time.monotonic()  # the clock read before this, so its bound ends sooner
        name = before["data"]["enterprise"]["name"]
        try:
            foreign_write(loaded, _RENAME, key="3700635642", name="Tên Tạm Thời")
            foreign_write(loaded, _FOREIGN_BUMP)
            await asyncio.sleep(bound / 2 + 0.1)  # past half the bound: the clock re-reads
            stale_hits = 0.0
            while stale_hits == 0 and time.monotonic() < read_at + bound - 0.5:
                body, _ = await ask(http, ENTERPRISE, variables)
                assert body == before
                stale_hits = metric((await http.get("/metrics")).text, "hub_cache_stale_hits_total")
                await asyncio.sleep(0.05)
            assert stale_hits > 0, "the version before was not served while refreshing"
            deadline = time.monotonic() + 10
            while True:
                body, trips = await ask(http, ENTERPRISE, variables)
                if body != before or time.monotonic() > deadline:
                    break
                await asyncio.sleep(0.05)
            # The refresh ran in the background: the new answer comes from the cache.
            assert body["data"]["enterprise"]["name"] == "Tên Tạm Thời" and trips == 0
        finally:
            foreign_write(loaded, _RENAME, key="3700635642", name=name)
            foreign_write(loaded, _FOREIGN_BUMP)


async def test_errors_and_clock_dependent_answers_are_not_kept(
    loaded: Graph, settings: Settings
) -> None:
    async with serve(settings) as http:
        hits = metric((await http.get("/metrics")).text, "hub_cache_hits_total")
        for _ in range(2):
            body, _ = await ask(http, "{ enterprises(first: 101) { totalCount } }", {})
            assert body["errors"][0]["extensions"]["code"] in (
                "BAD_USER_INPUT",
                "QUERY_TOO_COMPLEX",
            )
        for _ in range(2):
            body, trips = await ask(http, "{ changes(first: 2) { edges { cursor } } }", {})
            assert "errors" not in body and trips >= 1
        assert metric((await http.get("/metrics")).text, "hub_cache_hits_total") == hits


def test_keys_hold_the_day_and_the_variables() -> None:
    keys = Keys(schema.documents)
    day = date(2026, 1, 31)
    base = keys.key(ENTERPRISE, {"tax": "1"}, None, day)
    assert base is not None
    assert keys.key(ENTERPRISE, {"tax": "1"}, None, date(2026, 2, 1)) != base
    assert keys.key(ENTERPRISE, {"tax": "2"}, None, day) != base
    assert keys.key(ENTERPRISE, {"tax": "1"}, "E", day) != base
    assert keys.key("{ nosuchfield }", None, None, day) is None  # an error: never kept


def test_the_cache_is_bounded_in_bytes_and_drops_older_versions() -> None:
    cache = ResponseCache(max_bytes=8_000)
    for n in range(40):
        assert cache.put(1, bytes([n]), b"x" * 400)
    assert cache.bytes <= 8_000 and 0 < len(cache) < 40
    assert cache.get(1, bytes([39])) == b"x" * 400  # the latest stayed
    assert cache.get(1, bytes([0])) is None  # the oldest went
    assert not cache.put(1, b"big", b"x" * 2_000)  # over an eighth of the cache
    assert cache.put(2, b"new", b"y")
    assert len(cache) == 1 and cache.get(1, bytes([39])) is None
    assert not cache.put(1, b"late", b"z")  # read before the newer version: not kept
    # The version before stays one generation, for the clock to serve within its bound.
    assert cache.previous(1, bytes([39])) == b"x" * 400 and cache.previous(2, b"new") is None
    assert cache.put(3, b"newer", b"w")
    assert cache.previous(1, bytes([39])) is None and cache.previous(2, b"new") == b"y"
    assert cache.bytes == len(b"y") + len(b"w") + 2 * 160  # version 1's generation is gone


def _sha(query: str) -> str:
    return hashlib.sha256(query.encode("utf-8")).hexdigest()


async def test_persisted_queries_on_post_and_get_with_etags(
    loaded: Graph, settings: Settings
) -> None:
    query = "query P($tax: String!) { enterprise(taxCode: $tax) { taxCode name } }"
    extension = {"persistedQuery": {"version": 1, "sha256Hash": _sha(query)}}
    variables = {"tax": "3700635642"}
    async with serve(settings) as http:
        missing = await http.post(
            "/graphql", json={"extensions": extension, "variables": variables}
        )
        assert missing.status_code == 200
        assert missing.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
        wrong = {"persistedQuery": {"version": 1, "sha256Hash": _sha(query + " ")}}
        refused = await http.post("/graphql", json={"query": query, "extensions": wrong})
        assert refused.status_code == 400
        registered = await http.post(
            "/graphql", json={"query": query, "extensions": extension, "variables": variables}
        )
        expected = registered.json()
        assert expected["data"]["enterprise"]["taxCode"] == "3700635642"
        by_hash = await http.post(
            "/graphql", json={"extensions": extension, "variables": variables}
        )
        assert by_hash.json() == expected and "etag" not in by_hash.headers  # POST: no ETag

        params = {"extensions": json.dumps(extension), "variables": json.dumps(variables)}
        got = await http.get("/graphql", params=params)
        assert got.json() == expected
        etag = got.headers["etag"]
        with count_round_trips() as trips:
            unchanged = await http.get("/graphql", params=params, headers={"If-None-Match": etag})
        assert (unchanged.status_code, unchanged.content, trips[0]) == (304, b"", 0)
        assert unchanged.headers["etag"] == etag
        other = await http.get(
            "/graphql",
            params={**params, "variables": json.dumps({"tax": "3702445566"})},
            headers={"If-None-Match": etag},
        )
        assert other.status_code == 200 and other.headers["etag"] != etag
        version.bump(loaded)  # a write through this process: a new version at once
        after = await http.get("/graphql", params=params, headers={"If-None-Match": etag})
        assert after.status_code == 200 and after.headers["etag"] != etag
        assert after.json() == expected
        bad = await http.get("/graphql", params={"extensions": "{nope"})
        assert bad.status_code == 400
