"""Which firms supply which pilot chain, derived from the graph and stored in it.

``(Enterprise)-[:SUPPLIES]->(SupplyChain {key: 'eggs'})`` holds when the firm produces a
live product of the chain or its live trace events made or consumed a lot of it. The
flagship question starts from the chain's node instead of testing every firm's events
per request (2.5 s at 100k firms, then 214 ms with a list kept on each firm).
Each link carries the chain's key and the firm's name and key (``chain``, ``name``,
``firm``), indexed together, so a chain's suppliers can be read in name order, a page
at a time, without reading the others.

It is derived data: every load of products or trace events, every re-link and every
snapshot retirement refreshes the links of the firms it touched (``refresh_firms``,
hub.graph.touched); schema migrations 3 and 7 and ``refresh_all`` refresh every firm.
Only firms whose chains changed are written; an enterprises load carries renamed
firms' names over to their links (``sync_names``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import LiteralString

from hub.graph.driver import Graph, run_in_batches
from hub.graph.model import Label

# Labels whose records decide a firm's chains: loading or retiring them refreshes.
SOURCES = frozenset({Label.PRODUCT, Label.TRACE_EVENT})

# Reads a chain's suppliers in name order (hub.graph.api_queries.suppliers).
INDEX: LiteralString = (
    "CREATE INDEX supplies_chain_name IF NOT EXISTS "
    "FOR ()-[r:SUPPLIES]-() ON (r.chain, r.name, r.firm)"
)

# One firm ``e``'s links made to match its live products' and events' chains; only a
# firm whose links differ (or carry an old name) is written.
_FIRM_BODY = """
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
    OR EXISTS { MATCH (e)-[s:SUPPLIES]->() WHERE s.name IS NULL OR s.name <> e.name }
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
    SET r.chain = chain, r.name = e.name, r.firm = e.key
  }
} IN TRANSACTIONS OF 5000 ROWS
"""

# Every firm (``refresh_all``, schema migrations 3 and 7).
REFRESH: LiteralString = "MATCH (e:Enterprise)" + _FIRM_BODY

# The firms a load touched (hub.graph.touched), by key.
_REFRESH_FIRMS: LiteralString = "UNWIND $firms AS key MATCH (e:Enterprise {key: key})" + _FIRM_BODY

# The firms changed since a load began (``updatedAt``, indexed): names onto their links.
_SYNC_NAMES: LiteralString = """
MATCH (e:Enterprise) USING INDEX e:Enterprise(updatedAt) WHERE e.updatedAt >= $since
MATCH (e)-[s:SUPPLIES]->()
WHERE s.name IS NULL OR s.name <> e.name
SET s.name = e.name, s.firm = e.key
RETURN count(s) AS renamed
"""


def refresh(graph: Graph) -> int:
    """Bring every firm's ``SUPPLIES`` links in line with its products and events;
    returns how many links were added or removed."""
    counters = run_in_batches(graph, REFRESH)
    return counters.relationships_created + counters.relationships_deleted


def refresh_firms(graph: Graph, firms: Sequence[str]) -> int:
    """``refresh`` for the firms with these keys only (those a load touched)."""
    if not firms:
        return 0
    counters = run_in_batches(graph, _REFRESH_FIRMS, {"firms": list(firms)})
    return counters.relationships_created + counters.relationships_deleted


def sync_names(graph: Graph, since: datetime) -> int:
    """After an enterprises load that began at ``since``: renamed firms' links renamed."""
    rows = graph.write(_SYNC_NAMES, {"since": since})
    return int(rows[0]["renamed"]) if rows else 0
