"""Every statement the API runs goes out in the access mode its work needs: reads as
READ (a cluster serves them from secondaries), writes as WRITE. The server's own
query type for each statement is the judge, and Neo4j refuses a write sent as a read."""

from __future__ import annotations

import httpx
import pytest

from hub.errors import GraphError
from hub.graph.driver import AsyncGraph, Graph, Statement, record_statements
from hub.settings import Settings
from tests.partner.conftest import data, new_key, serve, upload_headers

EVERY_QUERY = [
    """{ enterprise(taxCode: "3700635642") { taxCode name adminUnits { code name }
         certificates { number status holder { taxCode } } validToday: certificates(
         validOn: "2025-06-01") { number } headOffice { name } branches { taxCode }
         awards { award year } measurementSupports { recordId } programmeSupports { programme }
         products { code chain producer { taxCode } } sources { kind file rowsLoaded } } }""",
    """{ enterprises(where: {adminUnit: "Bình Dương"}, first: 2) { totalCount
         pageInfo { hasNextPage endCursor } edges { cursor node { taxCode
         certificates { number } } } } }""",
    """{ certifiedTraceableSuppliers(standard: "ISO 9001", chain: EGGS, validOn: "2025-06-01")
         { totalCount edges { node { taxCode products { code } } } } }""",
    """{ trace(lotCode: "LOT-MAYO-1", direction: BOTH) { truncated lots { code chain
         events { eventId bizStep actor { taxCode certificates { number } } } }
         links { from to } } }""",
    """{ programmeProgress(code: "2684/QĐ-UBND") { code title targets { indicator target
         achieved achievedBy { taxCode } } } }""",
    """{ search(text: "binh duong", first: 5) { kind score enterprise { taxCode } } }""",
    """{ unresolvedRecords(first: 5) { kind key candidates { taxCode } } }""",
    """{ changes(first: 5) { edges { cursor node { kind key op } } pageInfo { endCursor } } }""",
]


def _writes(statement: Statement) -> bool:
    return statement.query_type != "r"


async def test_every_api_query_runs_as_a_read(client: httpx.AsyncClient) -> None:
    with record_statements() as statements:
        for query in EVERY_QUERY:
            response = await client.post("/graphql", json={"query": query})
            assert "errors" not in response.json(), (query, response.json())
        assert (await client.get("/metrics")).status_code == 200
    assert len(statements) >= len(EVERY_QUERY)
    wrong = [s for s in statements if s.access != "READ" or s.query_type != "r"]
    assert wrong == []


async def test_uploads_write_as_writes_and_read_as_reads(
    clean_graph: Graph, settings: Settings
) -> None:
    key = new_key(clean_graph, "Phòng Kế hoạch", ["enterprises"])
    async with serve(clean_graph, settings) as http:
        with record_statements() as statements:
            response = await http.post(
                "/api/v1/datasets/enterprises",
                content=data("enterprises_a.csv"),
                headers=upload_headers(key),
            )
    assert response.status_code == 200, response.text
    # Index statistics are refreshed where the writes went: a procedure Neo4j types "r".
    checked = [s for s in statements if "db.resampleOutdatedIndexes" not in s.cypher]
    accesses = {(s.access, _writes(s)) for s in checked}
    assert accesses == {("READ", False), ("WRITE", True)}, statements


async def test_neo4j_refuses_a_write_sent_as_a_read(settings: Settings) -> None:
    graph = AsyncGraph(settings)
    try:
        with pytest.raises(GraphError, match="AccessMode"):
            await graph.read("MERGE (l:Lease {key: 'access-mode-probe'}) RETURN l.key AS key")
    finally:
        await graph.close()
