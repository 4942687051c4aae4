"""Retired records (a partner's snapshot left them out) are hidden from the API's reads
by default and shown, with retiredAt, by ``includeRetired: true`` (issue 5)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

import httpx
import pytest

from app.web.app import create_app
from hub.graph import derived
from hub.graph.driver import Graph, count_round_trips
from hub.settings import Settings
from tests.conftest import DATA, load

FILES = [
    ("enterprises", "enterprises.csv"),
    ("certificates", "certificates.csv"),
    ("products", "products.csv"),
]
RETIRED_FIRM = "3702445566"  # holds QMS-B-01 (TCVN ISO 9001), produces pomelo 8930000000026
CERTIFIED_FIRM = "3700635642"  # ISO 9001 only through QMS-A-01; produces eggs
RETIRED_CERTIFICATE = "QMS-A-01"
AT = "2025-08-01T09:30:00+07:00"
RUN = "certificates:snapshot-under-test"

_RETIRE_ENTERPRISE = """
MATCH (n:Enterprise {key: $key}) SET n.retiredAt = datetime($at), n.retiredBy = $run
RETURN count(n) AS n
"""
_RETIRE_CERTIFICATE = """
MATCH (n:Certificate {number: $number}) SET n.retiredAt = datetime($at), n.retiredBy = $run
RETURN count(n) AS n
"""


@pytest.fixture
async def client(clean_graph: Graph, settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    for kind, name in FILES:
        report = load(clean_graph, kind, DATA / "api" / name)
        assert report.ok and report.rows_rejected == 0, report.errors
    params = {"at": AT, "run": RUN}
    [row] = clean_graph.write(_RETIRE_ENTERPRISE, {"key": RETIRED_FIRM, **params})
    assert row["n"] == 1
    [row] = clean_graph.write(_RETIRE_CERTIFICATE, {"number": RETIRED_CERTIFICATE, **params})
    assert row["n"] == 1
    derived.refresh_all(clean_graph)  # what a snapshot's load does after retiring
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://hub") as http:
            yield http


async def data(client: httpx.AsyncClient, query: str, **variables: Any) -> dict:
    with count_round_trips() as trips:
        response = await client.post("/graphql", json={"query": query, "variables": variables})
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body
    assert trips[0] == 1
    return body["data"]


FIRM = """
query Firm($taxCode: String!, $includeRetired: Boolean) {
  enterprise(taxCode: $taxCode, includeRetired: $includeRetired) {
    taxCode retiredAt
    certificates { number retiredAt }
    products { code retiredAt }
  }
}
"""

FIRMS = """
query Firms($includeRetired: Boolean) {
  enterprises(first: 100, includeRetired: $includeRetired) {
    totalCount
    edges { node { taxCode retiredAt certificates { number retiredAt } } }
  }
}
"""


def _instant(text: str | None) -> str | None:
    """The ISO text of an instant, normalised (the API may write the offset otherwise)."""
    return datetime.fromisoformat(text).isoformat() if text else None


async def test_a_retired_enterprise_is_null_by_default(client: httpx.AsyncClient) -> None:
    assert (await data(client, FIRM, taxCode=RETIRED_FIRM))["enterprise"] is None
    found = await data(client, FIRM, taxCode=RETIRED_FIRM, includeRetired=False)
    assert found["enterprise"] is None


async def test_include_retired_shows_a_retired_enterprise(client: httpx.AsyncClient) -> None:
    firm = (await data(client, FIRM, taxCode=RETIRED_FIRM, includeRetired=True))["enterprise"]
    assert firm["taxCode"] == RETIRED_FIRM
    assert _instant(firm["retiredAt"]) == _instant(AT)
    assert [c["number"] for c in firm["certificates"]] == ["QMS-B-01"]
    assert [p["code"] for p in firm["products"]] == ["8930000000026"]
    assert firm["products"][0]["retiredAt"] is None


async def test_a_retired_certificate_is_missing_by_default(client: httpx.AsyncClient) -> None:
    firm = (await data(client, FIRM, taxCode=CERTIFIED_FIRM))["enterprise"]
    assert firm["retiredAt"] is None
    numbers = [c["number"] for c in firm["certificates"]]
    assert RETIRED_CERTIFICATE not in numbers and numbers  # VG-A-02 stays
    assert all(c["retiredAt"] is None for c in firm["certificates"])

    firm = (await data(client, FIRM, taxCode=CERTIFIED_FIRM, includeRetired=True))["enterprise"]
    retired = {c["number"]: _instant(c["retiredAt"]) for c in firm["certificates"]}
    assert retired[RETIRED_CERTIFICATE] == _instant(AT)
    assert set(retired) == set(numbers) | {RETIRED_CERTIFICATE}


async def test_enterprises_skip_retired_unless_asked(client: httpx.AsyncClient) -> None:
    default = (await data(client, FIRMS))["enterprises"]
    codes = [edge["node"]["taxCode"] for edge in default["edges"]]
    assert RETIRED_FIRM not in codes and CERTIFIED_FIRM in codes
    assert default["totalCount"] == len(codes)
    nested = {
        edge["node"]["taxCode"]: [c["number"] for c in edge["node"]["certificates"]]
        for edge in default["edges"]
    }
    assert RETIRED_CERTIFICATE not in nested[CERTIFIED_FIRM]

    every = (await data(client, FIRMS, includeRetired=True))["enterprises"]
    nodes = {edge["node"]["taxCode"]: edge["node"] for edge in every["edges"]}
    assert every["totalCount"] == default["totalCount"] + 1
    assert set(nodes) == set(codes) | {RETIRED_FIRM}
    assert _instant(nodes[RETIRED_FIRM]["retiredAt"]) == _instant(AT)
    assert RETIRED_CERTIFICATE in [c["number"] for c in nodes[CERTIFIED_FIRM]["certificates"]]


SUPPLIERS = """
query Suppliers($standard: String) {
  certifiedTraceableSuppliers(standard: $standard, validOn: "2025-01-01", first: 100) {
    totalCount edges { node { taxCode certificates { number } } }
  }
}
"""


async def test_suppliers_skip_retired_firms_and_certificates(client: httpx.AsyncClient) -> None:
    page = (await data(client, SUPPLIERS, standard="ISO 9001"))["certifiedTraceableSuppliers"]
    codes = [edge["node"]["taxCode"] for edge in page["edges"]]
    # Both held a valid ISO 9001 certificate and produce a traceable product.
    assert RETIRED_FIRM not in codes  # the firm is retired
    assert CERTIFIED_FIRM not in codes  # its only ISO 9001 certificate is retired
    assert page["totalCount"] == len(codes)
    everyone = (await data(client, SUPPLIERS))["certifiedTraceableSuppliers"]["edges"]
    for edge in everyone:
        assert edge["node"]["taxCode"] != RETIRED_FIRM
        assert RETIRED_CERTIFICATE not in [c["number"] for c in edge["node"]["certificates"]]


async def test_suppliers_count_them_once_restored(
    clean_graph: Graph, client: httpx.AsyncClient
) -> None:
    clean_graph.write("MATCH (n:Enterprise|Certificate) REMOVE n.retiredAt, n.retiredBy")
    derived.refresh_all(clean_graph)  # what a snapshot's load does after restoring
    page = (await data(client, SUPPLIERS, standard="ISO 9001"))["certifiedTraceableSuppliers"]
    codes = [edge["node"]["taxCode"] for edge in page["edges"]]
    assert RETIRED_FIRM in codes and CERTIFIED_FIRM in codes
    assert page["totalCount"] == len(codes)


SEARCH = """
query Search($text: String!) {
  search(text: $text, first: 50) {
    kind
    entity {
      ... on Enterprise { taxCode }
      ... on Product { code producer { taxCode } }
      ... on Certificate { number holder { taxCode } }
    }
  }
}
"""


@pytest.mark.parametrize("text", ["Bạch Đằng", RETIRED_CERTIFICATE, "QMS", "Phú Hòa"])
async def test_search_skips_retired(client: httpx.AsyncClient, text: str) -> None:
    hits = (await data(client, SEARCH, text=text))["search"]
    for hit in hits:
        entity = hit["entity"]
        assert entity.get("taxCode") != RETIRED_FIRM
        assert entity.get("number") != RETIRED_CERTIFICATE
        firm = entity.get("producer") or entity.get("holder") or {}
        assert firm.get("taxCode") != RETIRED_FIRM


async def test_search_finds_what_is_current(client: httpx.AsyncClient) -> None:
    hits = (await data(client, SEARCH, text="Bạch Đằng"))["search"]
    products = [hit["entity"] for hit in hits if hit["kind"] == "PRODUCT"]
    # The pomelo is current; its producer is retired, so it shows without one.
    assert {"code": "8930000000026", "producer": None} in products
