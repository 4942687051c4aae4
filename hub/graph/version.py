"""The graph version: one counter in Neo4j that every write bumps.

Loads, uploads, snapshot retirements, migrations and resets raise it in the same
transaction as their last write, so any process reading it (the API's response
cache, in every hub replica) knows that what it holds was read from an older graph.
``BUMP`` is a Cypher fragment for those statements; it ends in a ``WITH`` of nothing,
so it can sit in the middle of one.
"""

from __future__ import annotations

from typing import LiteralString

from hub.graph.driver import AsyncGraph, Graph

# Appended to a statement's last write; a subquery, so the rows before it pass through.
BUMP: LiteralString = """
CALL () {
  MERGE (v:GraphVersion {key: 'graph'})
  SET v.version = coalesce(v.version, 0) + 1, v.changedAt = datetime(), v.name = 'graph version'
}
"""

_BUMP_ALONE: LiteralString = BUMP + "RETURN 1 AS done"
_READ: LiteralString = "MATCH (v:GraphVersion {key: 'graph'}) RETURN v.version AS version"
_ABOVE: LiteralString = """
MERGE (v:GraphVersion {key: 'graph'})
SET v.version = CASE WHEN coalesce(v.version, 0) > $floor THEN v.version ELSE $floor END + 1,
  v.changedAt = datetime(), v.name = 'graph version'
RETURN v.version AS version
"""


def bump(graph: Graph) -> None:
    """A write of its own that only raises the version (after a batched write)."""
    graph.write(_BUMP_ALONE)


def raise_above(graph: Graph, floor: int) -> int:
    """After the database was replaced (a restore, an import): a version above both the
    replaced graph's ``floor`` and the new graph's own, so no cache keeps what it read
    before under a number the new graph reaches again. Returns the new version."""
    return int(graph.write(_ABOVE, {"floor": floor})[0]["version"])


def current(graph: Graph) -> int:
    rows = graph.read(_READ)
    return int(rows[0]["version"]) if rows else 0


async def current_async(graph: AsyncGraph, counted: bool = True) -> int:
    """``counted=False``: the response cache's poll, not a round trip of a request."""
    rows = await graph.read(_READ, counted=counted)
    return int(rows[0]["version"]) if rows else 0
