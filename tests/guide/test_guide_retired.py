"""The guide hides retired records as the API does: an analyst counts what clients see."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hub.graph.driver import Graph, Row
from hub.guide.queries import by_slug
from tests.conftest import DATA, load

FIXTURES = DATA / "loaders"
AGENCY = "Chi cục TĐC"
DAY = "2026-11-24"


def _ask(graph: Graph, slug: str, **params: Any) -> list[Row]:
    query = by_slug(slug)
    return graph.read(query.cypher, {**query.params, **params})


def test_a_certificate_left_out_of_a_snapshot_leaves_the_guide(
    clean_graph: Graph, tmp_path: Path
) -> None:
    for kind, name in [("enterprises", "enterprises.csv"), ("products", "products.json")]:
        assert load(clean_graph, kind, FIXTURES / name).ok
    certificates = FIXTURES / "certificates.csv"
    assert load(clean_graph, "certificates", certificates, agency=AGENCY).ok
    before = {r["certificate"] for r in _ask(clean_graph, "expiring-certificates", asOf=DAY)}
    assert "QMS-001" in before

    lines = certificates.read_text(encoding="utf-8").splitlines(keepends=True)
    without = tmp_path / "certificates_without_qms_001.csv"
    without.write_text("".join(line for line in lines if not line.startswith("QMS-001")))
    report = load(clean_graph, "certificates", without, agency=AGENCY, snapshot=True)
    assert report.ok and report.retired == 1

    after = {r["certificate"] for r in _ask(clean_graph, "expiring-certificates", asOf=DAY)}
    assert after == before - {"QMS-001"}
    [firm] = _ask(clean_graph, "firm", taxCode="3700635642")
    linked = {
        part.get("number") for path in firm["links"] for part in path if isinstance(part, dict)
    }
    assert "QMS-001" not in linked
    queue = {r["recordName"] for r in _ask(clean_graph, "review-queue")}
    assert not any(name.startswith("QMS-001") for name in queue)
