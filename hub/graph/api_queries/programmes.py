"""A programme's targets with the achieved value counted from the loaded records.

A target counts distinct enterprises: those with a support record under the
programme whose ``supportKind`` is the target's (and whose size is one of the
target's ``sizes`` when given). ``traceable_product`` counts the firms that produce a
product of a pilot chain or recorded an event on a lot of one. A target without a
``supportKind`` cannot be counted from the datasets: its achieved value is null.
"""

from __future__ import annotations

from collections.abc import Sequence

from hub.graph.api_queries.fragments import Include, enterprise_summary, live
from hub.graph.driver import AsyncGraph, Record

# How many of the enterprises behind a target come back (by name); ``achieved`` counts all.
MAX_RECORDS = 100

# Retired records and enterprises (a snapshot left them out) count for nothing.
_COUNTED = (
    """
CALL (p, t) {
  WITH p, t WHERE t.supportKind <> 'traceable_product'
  MATCH (p)<-[:UNDER]-(rec)<-[:RECEIVED]-(e:Enterprise)
  WHERE """
    + live("rec")
    + " AND "
    + live("e")
    + """ AND rec.supportKind = t.supportKind AND (t.sizes IS NULL OR e.size IN t.sizes)
  RETURN e
  UNION
  WITH t WHERE t.supportKind = 'traceable_product'
  MATCH (e:Enterprise)-[:PRODUCES]->(pr:Product)
  WHERE """
    + live("pr")
    + " AND "
    + live("e")
    + """ AND pr.chain IN $chains AND (t.sizes IS NULL OR e.size IN t.sizes)
  RETURN e
  UNION
  WITH t WHERE t.supportKind = 'traceable_product'
  MATCH (e:Enterprise)<-[:RECORDED_BY]-(ev:TraceEvent)-[:ABOUT|CONSUMED]->(l:Lot)
  WHERE """
    + live("ev")
    + " AND "
    + live("e")
    + """ AND l.chain IN $chains AND (t.sizes IS NULL OR e.size IN t.sizes)
  RETURN e
}
"""
)

_PROGRESS = (
    """
MATCH (p:Programme {key: $key})
RETURN p.code AS code, p.title AS title, p.period AS period,
       toString(p.issuedOn) AS issuedOn, coalesce(p.reference, false) AS reference,
COLLECT {
  MATCH (p)-[:HAS_TARGET]->(t:Target)
  WITH p, t ORDER BY t.position
  RETURN t {.position, .indicator, .target, .targetText, .supportKind, .sizes, .byYear,
    achieved: CASE WHEN t.supportKind IS NULL THEN null ELSE COUNT {"""
    + _COUNTED
    + """ RETURN DISTINCT e } END,
    records: CASE WHEN t.supportKind IS NULL THEN [] ELSE COLLECT {"""
    + _COUNTED
    + """ WITH DISTINCT e ORDER BY e.name, e.key LIMIT $maxRecords
      RETURN """
    + enterprise_summary("e")
    + """ } END}
} AS targets
"""
)


async def programme_progress(
    graph: AsyncGraph, key: str, chains: Sequence[str], include: Include
) -> Record | None:
    """``key`` is ``hub.graph.reference.programme_key(code)``; None for an unknown programme."""
    params = {"key": key, "chains": list(chains), "maxRecords": MAX_RECORDS, **include.params()}
    rows = await graph.read(_PROGRESS, params)
    return rows[0] if rows else None
