"""Which firms supply which pilot chain, derived from the graph and stored in it.

``(Enterprise)-[:SUPPLIES]->(SupplyChain {key: 'eggs'})`` holds when the firm produces a
live product of the chain or its live trace events made or consumed a lot of it. The
flagship question starts from the chain's node instead of testing every firm's events
per request (2.5 s at 100k firms, then 214 ms with a list kept on each firm).
It is derived data: every load of products or trace events, every re-link and every
snapshot retirement refreshes it (schema migration 3 fills it in on an older
database), and only firms whose chains changed are written.
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
    RETURN chain
  } AS chains, COLLECT { MATCH (e)-[:SUPPLIES]->(c) RETURN c.key } AS stored
  WHERE any(x IN chains WHERE NOT x IN stored) OR any(x IN stored WHERE NOT x IN chains)
  CALL (e, chains) {
    MATCH (e)-[r:SUPPLIES]->(c) WHERE NOT c.key IN chains
    DELETE r
  }
  CALL (e, chains) {
    UNWIND chains AS chain
    MERGE (c:SupplyChain {key: chain})
    ON CREATE SET c.name = chain, c.createdAt = datetime()
    MERGE (e)-[r:SUPPLIES]->(c)
    ON CREATE SET r.createdAt = datetime()
  }
} IN TRANSACTIONS OF 5000 ROWS
"""


def refresh(graph: Graph) -> int:
    """Bring every firm's ``SUPPLIES`` links in line with its products and events;
    returns how many links were added or removed."""
    counters = run_in_batches(graph, REFRESH)
    return counters.relationships_created + counters.relationships_deleted
