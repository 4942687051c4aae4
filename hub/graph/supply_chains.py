"""Each enterprise's supply chains, derived from the graph and stored on it.

``Enterprise.supplyChains`` lists (sorted) the chains of the live products it produces
and of the lots its live trace events made or consumed. The flagship question reads it
instead of walking every certified firm's events per request (2.5 s at 100k firms).
It is derived data: every load of products or trace events, every re-link and every
snapshot retirement refreshes it (schema migration 3 fills it in on an older
database), and only firms whose list changed are written.
"""

from __future__ import annotations

from typing import LiteralString

from hub.graph.driver import Graph, run_in_batches
from hub.graph.model import Label

# Labels whose records decide a firm's chains: loading or retiring them refreshes.
SOURCES = frozenset({Label.PRODUCT, Label.TRACE_EVENT})

REFRESH: LiteralString = """
MATCH (e:Enterprise)
CALL (e) {
  WITH e, COLLECT {
    CALL (e) {
      MATCH (e)-[:PRODUCES]->(p)
      WHERE p.retiredAt IS NULL AND p.chain IS NOT NULL
      RETURN p.chain AS chain
      UNION
      MATCH (e)<-[:RECORDED_BY]-(ev)-[:ABOUT|CONSUMED]->(l)
      WHERE ev.retiredAt IS NULL AND l.chain IS NOT NULL
      RETURN l.chain AS chain
    }
    WITH chain ORDER BY chain
    RETURN chain
  } AS chains
  WITH e, CASE WHEN chains = [] THEN null ELSE chains END AS chains
  WHERE coalesce(e.supplyChains, []) <> coalesce(chains, [])
  SET e.supplyChains = chains
} IN TRANSACTIONS OF 5000 ROWS
"""


def refresh(graph: Graph) -> int:
    """Bring every firm's ``supplyChains`` in line with its products and events;
    returns how many firms' lists changed."""
    return run_in_batches(graph, REFRESH)
