"""``(Enterprise)-[:SUPPLIES]->(SupplyChain)``: derived from products and trace events,
kept current by every load whatever the order, and what the flagship question reads."""

from __future__ import annotations

from hub.graph import supply_chains
from hub.graph.driver import Graph
from tests.conftest import DATA, load

EGG_FARM = "3700635642"  # produces eggs; its events are about egg lots
POMELO_FARM = "3702445566"

# What a firm supplies, walked from the graph: the definition the stored list follows.
_WALKED = """
MATCH (e:Enterprise)
RETURN e.key AS key,
  COLLECT { MATCH (e)-[:SUPPLIES]->(c) RETURN c.key ORDER BY c.key } AS stored, COLLECT {
  CALL (e) {
    MATCH (e)-[:PRODUCES]->(p) WHERE p.retiredAt IS NULL AND p.chain IS NOT NULL
    RETURN p.chain AS chain
    UNION
    MATCH (e)<-[:RECORDED_BY]-(ev)-[:ABOUT|CONSUMED]->(l)
    WHERE ev.retiredAt IS NULL AND l.chain IS NOT NULL
    RETURN l.chain AS chain
  }
  WITH chain ORDER BY chain RETURN chain
} AS walked
"""


def stored_chains(graph: Graph) -> dict[str, list[str]]:
    rows = graph.read(
        "MATCH (e:Enterprise)-[:SUPPLIES]->(c:SupplyChain) "
        "WITH e, c ORDER BY c.key RETURN e.key AS key, collect(c.key) AS chains"
    )
    return {row["key"]: row["chains"] for row in rows}


def assert_stored_match_walked(graph: Graph) -> None:
    for row in graph.read(_WALKED):
        assert row["stored"] == row["walked"], row["key"]


def _load_all(graph: Graph, kinds: list[str]) -> None:
    for kind in kinds:
        report = load(graph, kind, DATA / "api" / f"{kind}.csv")
        assert report.ok, report.refused


def test_chains_follow_products_and_events(clean_graph: Graph) -> None:
    _load_all(clean_graph, ["enterprises", "products", "trace_events"])
    chains = stored_chains(clean_graph)
    assert chains[EGG_FARM] == ["eggs"]
    assert chains[POMELO_FARM] == ["pomelo"]
    assert_stored_match_walked(clean_graph)


def test_events_loaded_before_their_products_count_once_products_arrive(
    clean_graph: Graph,
) -> None:
    _load_all(clean_graph, ["enterprises", "trace_events"])
    # The lots' chains are not known yet: they come with the products.
    assert EGG_FARM not in stored_chains(clean_graph)
    _load_all(clean_graph, ["products"])
    assert stored_chains(clean_graph)[EGG_FARM] == ["eggs"]
    assert_stored_match_walked(clean_graph)


def test_a_retired_product_no_longer_counts(clean_graph: Graph) -> None:
    _load_all(clean_graph, ["enterprises", "products"])
    clean_graph.write(
        "MATCH (:Enterprise {key: $key})-[:PRODUCES]->(p) SET p.retiredAt = datetime()",
        {"key": POMELO_FARM},
    )
    supply_chains.refresh(clean_graph)
    assert POMELO_FARM not in stored_chains(clean_graph)
    assert_stored_match_walked(clean_graph)


def test_a_refresh_with_nothing_new_writes_nothing(clean_graph: Graph) -> None:
    _load_all(clean_graph, ["enterprises", "products", "trace_events"])
    assert supply_chains.refresh(clean_graph) == 0
    unlink = "MATCH (:Enterprise {key: $key})-[r:SUPPLIES]->() DELETE r"
    clean_graph.write(unlink, {"key": EGG_FARM})
    assert supply_chains.refresh(clean_graph) == 1
    assert stored_chains(clean_graph)[EGG_FARM] == ["eggs"]
