"""`hub review`: the queue with ids, candidates and scores; decisions that hold.

The loaders' test files hold two firms named "Cơ khí Hiệp Thành" (QMS-006 names one
of them, ambiguous) and a certificate naming a firm the register does not hold
(QMS-007, unresolved).
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from app.cli.main import main
from app.web.app import create_app
from hub.graph import changes, version
from hub.graph.driver import AsyncGraph, Graph
from hub.settings import Settings
from tests.conftest import DATA, load

CERTIFICATES = DATA / "loaders" / "certificates.csv"
ENTERPRISES = DATA / "loaders" / "enterprises.csv"
_HOLDER = """
MATCH (c:Certificate {number: $number})
OPTIONAL MATCH (e:Enterprise)-[h:HOLDS]->(c)
RETURN c.linkStatus AS status, e.key AS holder, h.method AS method, h.decidedBy AS by,
       h.decidedAt IS NOT NULL AS dated, c.reviewedBy AS reviewedBy
"""


@pytest.fixture
def loaded(clean_graph: Graph) -> Graph:
    assert load(clean_graph, "enterprises", ENTERPRISES).ok
    assert load(clean_graph, "certificates", CERTIFICATES).ok
    return clean_graph


def _hub(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    code = main(list(args))
    return code, capsys.readouterr().out.splitlines()


def _items(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, dict[str, Any]]:
    code, lines = _hub(capsys, "review", "list", "--json", *args)
    assert code == 0
    items = [json.loads(line) for line in lines]
    return {item["record"]["caption"].split(" ·")[0]: item for item in items}


def _holder(graph: Graph, number: str) -> dict[str, Any]:
    return graph.read(_HOLDER, {"number": number})[0]


def test_the_queue_lists_each_record_with_its_candidates_and_scores(
    loaded: Graph, capsys: pytest.CaptureFixture[str]
) -> None:
    items = _items(capsys)
    assert set(items) == {"QMS-006", "QMS-007"}
    twins = items["QMS-006"]
    assert twins["status"] == "ambiguous" and twins["kind"] == "Certificate"
    assert twins["record"]["name"] == "Công ty TNHH Cơ khí Hiệp Thành"
    assert {c["taxCode"] for c in twins["candidates"]} == {"3701000003", "3701000370"}
    assert all(c["score"] > 0.9 and c["name"] for c in twins["candidates"])
    assert items["QMS-007"]["status"] == "unresolved"
    assert _items(capsys, "--kind", "awards") == {}
    assert set(_items(capsys, "--kind", "certificates")) == {"QMS-006", "QMS-007"}
    assert _hub(capsys, "review", "list", "--kind", "lots")[0] == 2
    code, lines = _hub(capsys, "review", "list")
    assert code == 0 and lines[0].startswith(twins["id"] + "  Certificate  ambiguous")


def test_a_decision_is_stored_with_who_and_when_and_survives_reloads(
    loaded: Graph, capsys: pytest.CaptureFixture[str]
) -> None:
    items = _items(capsys)
    before = version.current(loaded)
    code, lines = _hub(capsys, "review", "link", items["QMS-006"]["id"], "3701000370", "--by", "an")
    assert code == 0 and "linked to 3701000370 by cli:an" in lines[0]
    assert version.current(loaded) > before
    assert _hub(capsys, "review", "reject", items["QMS-007"]["id"], "--by", "an")[0] == 0
    decided = {
        "QMS-006": {
            "status": "linked",
            "holder": "3701000370",
            "method": "manual",
            "by": "cli:an",
            "dated": True,
            "reviewedBy": "cli:an",
        },
        "QMS-007": {
            "status": "rejected",
            "holder": None,
            "method": None,
            "by": None,
            "dated": False,
            "reviewedBy": "cli:an",
        },
    }
    assert {n: _holder(loaded, n) for n in decided} == decided
    assert _items(capsys) == {}  # decided records leave the queue
    # The same file again, and a load that re-links what is kept: nothing is undone.
    again = load(loaded, "certificates", CERTIFICATES)
    assert again.ok and again.unresolved == 1  # QMS-007, rejected; QMS-006 is linked
    assert load(loaded, "enterprises", ENTERPRISES).ok
    assert {n: _holder(loaded, n) for n in decided} == decided


def test_a_new_spelling_of_the_firm_is_decided_again(
    loaded: Graph, capsys: pytest.CaptureFixture[str], tmp_path: Any
) -> None:
    item = _items(capsys)["QMS-006"]["id"]
    assert _hub(capsys, "review", "link", item, "3701000370")[0] == 0
    changed = CERTIFICATES.read_text("utf-8").replace(
        ",Công ty TNHH Cơ khí Hiệp Thành,", ",Cty TNHH Cơ khí Hiệp Thành (Phú Giáo),"
    )
    path = tmp_path / "certificates.csv"
    path.write_text(changed, "utf-8")
    assert load(loaded, "certificates", path).ok
    # The row names its firm another way now: the decision was about the old name.
    assert _holder(loaded, "QMS-006")["method"] != "manual"


def test_refusals_name_the_problem(loaded: Graph, capsys: pytest.CaptureFixture[str]) -> None:
    item = _items(capsys)["QMS-006"]["id"]
    assert _hub(capsys, "review", "link", "Certificate.bm8", "3701000370")[0] == 1  # no record
    assert _hub(capsys, "review", "link", item, "3700635643")[0] == 2  # bad check digit
    assert _hub(capsys, "review", "link", item, "3709999997")[0] == 1  # no such firm
    assert _hub(capsys, "review", "reject", "not-an-id")[0] == 2
    by_code = "Certificate." + _b64("quacert|qms 001")
    assert _hub(capsys, "review", "reject", by_code)[0] == 2  # linked by its own tax code
    assert _holder(loaded, "QMS-006")["status"] == "ambiguous"


def _b64(text: str) -> str:
    import base64

    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


async def test_decisions_show_in_graphql_and_in_the_change_feed(
    loaded: Graph, settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    items = _items(capsys)
    assert _hub(capsys, "review", "link", items["QMS-006"]["id"], "3701000370")[0] == 0
    query = """{ enterprise(taxCode: "3701000370") { certificates { number linkStatus
        linkExplanation { method confidence evidence decidedBy decidedAt } } } }"""
    body = await _graphql(settings, query)
    [certificate] = body["data"]["enterprise"]["certificates"]
    explained = certificate["linkExplanation"]
    assert certificate["linkStatus"] == "LINKED" and explained["method"] == "MANUAL"
    assert explained["confidence"] == 1.0 and explained["decidedBy"].startswith("cli:")
    assert explained["decidedAt"] and "linked by cli:" in explained["evidence"]
    graph = AsyncGraph(settings)
    try:
        feed = await changes.changes_after(graph, None, 100, settle=0)
    finally:
        await graph.close()
    ops = {(c.kind, c.op, c.load_run) for c in feed.changes if c.key == "quacert|qms 006"}
    assert ops == {("Certificate", "reviewed", None)}


async def test_graphql_explains_name_links_and_scores_candidates(
    loaded: Graph, settings: Settings
) -> None:
    query = """{ enterprise(taxCode: "3706889900") { certificates { number
        linkExplanation { method confidence evidence agreed differed } } }
      unresolvedRecords { id key linkStatus scoredCandidates { score enterprise { taxCode } } } }"""
    body = await _graphql(settings, query)
    [certificate] = body["data"]["enterprise"]["certificates"]
    explained = certificate["linkExplanation"]
    assert explained["method"] == "NAME" and 0.9 <= explained["confidence"] < 1
    assert {"rau", "xanh", "phu", "loi", "form tnhh"} <= set(explained["agreed"])
    assert "the same distinctive words" in explained["evidence"]
    queue = {r["key"]: r for r in body["data"]["unresolvedRecords"]}
    twins = queue["quacert|qms 006"]
    assert twins["id"].startswith("Certificate.") and twins["linkStatus"] == "AMBIGUOUS"
    assert [c["enterprise"]["taxCode"] for c in twins["scoredCandidates"]] != []
    assert all(c["score"] > 0.9 for c in twins["scoredCandidates"])


async def _graphql(settings: Settings, query: str) -> dict[str, Any]:
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://hub") as http:
            response = await http.post("/graphql", json={"query": query})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert "errors" not in body, body
    return body
