"""Writes of the traceability graph: lots, the input-to-output links between them,
and lots tied to their products (whichever of the two was loaded first)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, LiteralString

from hub.graph.driver import Graph, run_in_batches

_UPSERT_LOTS = """
UNWIND $rows AS row
MERGE (l:Lot {key: row.key})
ON CREATE SET l.code = row.key, l.name = row.key, l.createdAt = $now, l.createdBy = $run,
  l.updatedAt = $now, l.loadRuns = []
FOREACH (_ IN CASE WHEN row.productCode IS NOT NULL AND l.productCode IS NULL
                   THEN [1] ELSE [] END |
  SET l.productCode = row.productCode, l.updatedAt = $now)
FOREACH (_ IN CASE WHEN $run IN l.loadRuns THEN [] ELSE [1] END |
  SET l.loadRuns = l.loadRuns + $run)
"""

# (input lot)-[:INPUT_TO {eventId}]->(output lot): one per event, so an error
# declaration can withdraw exactly the links its event made.
_LINK_INPUTS = """
UNWIND $rows AS row
MATCH (a:Lot {key: row.from})
MATCH (b:Lot {key: row.to})
MERGE (a)-[r:INPUT_TO {eventId: row.eventId}]->(b)
ON CREATE SET r.createdAt = $now, r.createdBy = $run, r.loadRuns = [$run]
"""

_DROP_INPUTS = """
UNWIND $eventIds AS id
MATCH (:Lot)-[r:INPUT_TO {eventId: id}]->(:Lot)
DELETE r
"""

# The lots a load could tie: those it wrote or gave a product code (``updatedAt``), and
# those waiting for a product it wrote; both from indexes, not every unchained lot.
LOT_INDEX: LiteralString = "CREATE INDEX lot_updated_at IF NOT EXISTS FOR (n:Lot) ON (n.updatedAt)"

_LOTS_TO_PRODUCTS = """
CALL () {
  MATCH (l:Lot) WHERE l.updatedAt >= $since
  RETURN l
  UNION
  MATCH (p:Product) WHERE p.updatedAt >= $since
  MATCH (l:Lot {productCode: p.key})
  RETURN l
}
WITH l WHERE l.productCode IS NOT NULL AND l.chain IS NULL
CALL (l) {
  MATCH (p:Product {key: l.productCode})
  MERGE (l)-[r:OF_PRODUCT]->(p)
  ON CREATE SET r.createdAt = $now, r.createdBy = $run, r.loadRuns = [$run]
  SET l.chain = p.chain
} IN TRANSACTIONS OF 5000 ROWS
"""


def _params(rows: Sequence[dict[str, Any]], run: str, now: datetime) -> dict[str, Any]:
    return {"rows": list(rows), "run": run, "now": now}


def upsert_lots(graph: Graph, rows: Sequence[dict[str, Any]], run: str, now: datetime) -> None:
    """Rows: key (lot code), productCode (or None)."""
    if rows:
        graph.write(_UPSERT_LOTS, _params(rows, run, now))


def link_inputs(graph: Graph, rows: Sequence[dict[str, Any]], run: str, now: datetime) -> None:
    """Rows: from (input lot), to (output lot), eventId."""
    if rows:
        graph.write(_LINK_INPUTS, _params(rows, run, now))


def drop_inputs(graph: Graph, event_ids: Sequence[str]) -> None:
    if event_ids:
        graph.write(_DROP_INPUTS, {"eventIds": list(event_ids)})


def link_lots_to_products(graph: Graph, run: str, now: datetime, since: datetime) -> None:
    """Tie the lots written since ``since`` (a load's start), and those of the products
    written since, to their product: the lot takes the product's chain."""
    # In batches: a million new lots in one transaction exhausted a 2 GB heap.
    run_in_batches(graph, _LOTS_TO_PRODUCTS, {"run": run, "now": now, "since": since})
