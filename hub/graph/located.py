"""Where firms are: ``(Enterprise)-[:LOCATED_IN]->(AdminUnit)`` for every unit of the address.

A firm is linked to each unit in its ``unitKeys``: the ward, district and province its
address names, in both eras, with their ancestors (a split ward: every candidate). So
an ``adminUnit`` filter starts from the asked unit's node and walks one relationship
type, whatever the level or era asked, and the unit's degree (kept by Neo4j itself) is
how many firms it holds: the count a query plan is chosen by. Each link carries the
unit's key and the firm's name and key (``unit``, ``name``, ``firm``), indexed together,
so a unit's firms can be read in name order a page at a time.

The enterprises loader writes the links of the units it parses; a firm that moved is
pruned here after its load, from the firms changed since it began (``updatedAt``),
and schema migration 5 lays the links on an older database.
"""

from __future__ import annotations

from datetime import datetime
from typing import LiteralString

from hub.graph.driver import Graph, run_in_batches

# Reads a unit's firms in name order (hub.graph.api_queries).
INDEX: LiteralString = (
    "CREATE INDEX located_in_unit_name IF NOT EXISTS "
    "FOR ()-[r:LOCATED_IN]-() ON (r.unit, r.name, r.firm)"
)

# Links to units the firm's address no longer names (it moved, or was parsed anew), of
# the firms changed since a load began (their ``updatedAt``, indexed).
_PRUNE: LiteralString = """
MATCH (e:Enterprise) USING INDEX e:Enterprise(updatedAt) WHERE e.updatedAt >= $since
MATCH (e)-[r:LOCATED_IN]->(u:AdminUnit)
WHERE NOT u.key IN coalesce(e.unitKeys, [])
DELETE r
RETURN count(r) AS pruned
"""

# Migration: every firm linked to every unit of its address, stale links gone.
BACKFILL: LiteralString = """
MATCH (e:Enterprise) WHERE e.unitKeys IS NOT NULL OR EXISTS { (e)-[:LOCATED_IN]->() }
CALL (e) {
  OPTIONAL MATCH (e)-[r:LOCATED_IN]->(old:AdminUnit)
  WHERE NOT old.key IN coalesce(e.unitKeys, [])
  DELETE r
  WITH DISTINCT e
  UNWIND coalesce(e.unitKeys, []) AS key
  MATCH (u:AdminUnit {key: key})
  MERGE (e)-[r:LOCATED_IN]->(u)
  ON CREATE SET r.createdAt = datetime(), r.loadRuns = coalesce(e.loadRuns, [])
  SET r.unit = u.key, r.name = e.name, r.firm = e.key, r.hash = e.name
} IN TRANSACTIONS OF 2000 ROWS
"""


def prune(graph: Graph, since: datetime) -> int:
    """Drop the links of firms changed since ``since`` (a load's start) to units they left."""
    rows = graph.write(_PRUNE, {"since": since})
    return int(rows[0]["pruned"]) if rows else 0


def backfill(graph: Graph) -> None:
    run_in_batches(graph, BACKFILL)


def link_rows(firm: str, name: str, unit_keys: list[str] | None) -> list[dict[str, object]]:
    """The enterprises loader's LOCATED_IN rows for one firm (a rename rewrites them)."""
    props = {"name": name, "firm": firm}
    return [
        {"from": firm, "to": unit, "hash": name, "props": {**props, "unit": unit}}
        for unit in unit_keys or ()
    ]
