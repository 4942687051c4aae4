"""Whole-database operations: bootstrap (schema and reference data) and reset."""

from __future__ import annotations

from hub.graph import derived, migrations, reference, version
from hub.graph.driver import Graph, run_in_batches

# The graph version survives a reset: a cache must never meet an old number again.
_DELETE_ALL = """
MATCH (n) WHERE NOT n:GraphVersion
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS
"""

_COUNTS = """
CALL () { MATCH (n) RETURN count(n) AS nodes }
CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships }
RETURN nodes, relationships
"""


def bootstrap(graph: Graph) -> None:
    """Constraints, indexes, programmes and administrative units (all idempotent)."""
    from hub.graph import admin_units

    migrations.apply(graph)
    reference.seed(graph)
    admin_units.seed(graph)
    derived.after_seed(graph)


def reset(graph: Graph) -> None:
    """Delete every node and relationship in batches, then bootstrap again."""
    run_in_batches(graph, _DELETE_ALL)
    bootstrap(graph)
    version.bump(graph)


def counts(graph: Graph) -> dict[str, int]:
    row = graph.read(_COUNTS)[0]
    return {"nodes": int(row["nodes"]), "relationships": int(row["relationships"])}


_DELETE_DATA = """
MATCH (n) WHERE NOT (n:AdminUnit OR n:Programme OR n:Target OR n:HubSchema OR n:GraphVersion)
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS
"""


def clear_data(graph: Graph) -> None:
    """Delete every loaded record but keep schema and reference data (tests, demos)."""
    run_in_batches(graph, _DELETE_DATA)
    reference.seed(graph)
    derived.after_seed(graph)
    version.bump(graph)
