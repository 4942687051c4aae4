"""Whole-database operations: bootstrap (schema and reference data) and reset."""

from __future__ import annotations

from typing import LiteralString, cast

from hub.graph import derived, migrations, reference, version
from hub.graph.driver import Graph, run_in_batches
from hub.graph.model import REFERENCE_LABELS, Label, any_label

# The graph version survives a reset: a cache must never meet an old number again.
_DELETE_ALL = """
MATCH (n) WHERE NOT n:GraphVersion
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS
"""

# Relationships of dense nodes first, in batches: DETACH DELETE of one EPCIS event with
# 200,000 lots exhausted the transaction memory of a 512 MB heap.
_DELETE_DENSE = [
    """
MATCH (n) WHERE COUNT { (n)--() } > 1000 AND NOT (__KEEP__)
MATCH (n)-[r]->()
CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS
""",
    """
MATCH (n) WHERE COUNT { (n)--() } > 1000 AND NOT (__KEEP__)
MATCH (n)<-[r]-()
CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS
""",
]
_KEEP_ALL = "n:GraphVersion"
# Reference data and the schema and graph versions; rate windows and leases go.
_KEEP_REFERENCE = any_label("n", (*REFERENCE_LABELS, "HubSchema", Label.GRAPH_VERSION))

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


def after_import(graph: Graph, floor: int, empty_lists: dict[str, list[dict[str, str]]]) -> None:
    """After ``hub import`` replaced the database with a graph image (``hub.graph.image``):
    the schema, the empty lists no import file can hold (found by the image before), the
    programmes' properties (the image holds their keys; it holds the units whole, so
    their seed only checks them), everything derived, and a graph version above
    ``floor`` (the replaced graph's)."""
    from hub.graph import admin_units
    from hub.graph.image import set_empty_lists

    # First: the rest finds nodes by their key's index. Its data steps are done below.
    migrations.apply(graph, data=False)
    set_empty_lists(graph, empty_lists)
    reference.seed(graph)
    admin_units.seed(graph)
    derived.refresh_from_links(graph)
    version.raise_above(graph, floor)
    graph.write("CALL db.resampleOutdatedIndexes()")


def reset(graph: Graph) -> None:
    """Delete every node and relationship in batches, then bootstrap again."""
    _delete_dense(graph, _KEEP_ALL)
    run_in_batches(graph, _DELETE_ALL)
    bootstrap(graph)
    version.bump(graph)


def counts(graph: Graph) -> dict[str, int]:
    row = graph.read(_COUNTS)[0]
    return {"nodes": int(row["nodes"]), "relationships": int(row["relationships"])}


_DELETE_DATA = (
    "MATCH (n) WHERE NOT "
    + _KEEP_REFERENCE
    + " CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS"
)


def clear_data(graph: Graph) -> None:
    """Delete every loaded record but keep schema and reference data (tests, demos)."""
    _delete_dense(graph, _KEEP_REFERENCE)
    run_in_batches(graph, cast(LiteralString, _DELETE_DATA))
    reference.seed(graph)
    derived.after_seed(graph)
    version.bump(graph)


def _delete_dense(graph: Graph, keep: str) -> None:
    for statement in _DELETE_DENSE:
        run_in_batches(graph, cast(LiteralString, statement.replace("__KEEP__", keep)))
