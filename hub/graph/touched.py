"""Which firms and programmes a load touched: all the derived passes after it look at.

A firm is touched by a load of a record label that began at ``since`` when:

- it holds a record of the label that the load wrote or retired (the record's
  ``updatedAt`` or ``retiredAt`` since then; both indexed per label, for the partners'
  change feed), or, for an enterprises load, it is such a record itself;
- a record of any label was unlinked from it, or linked to it without the record's own
  content changing (a re-link): ``relinkedAt``, stamped by ``hub.graph.writes``;
- it recorded a trace event on a lot that was tied to its product in the load (the
  ``OF_PRODUCT`` link made since, ``hub.graph.trace_writes``): the lot's chain is new.

Each part starts from an index, so finding them costs what the load changed, not what
the graph holds. Several loads of different labels may overlap: a firm another load
touched meanwhile is counted too, which costs a little and changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import LiteralString, cast

from hub.graph.driver import Graph
from hub.graph.model import HOLDER_RELS, Label, Rel

# The indexes the parts below start from (schema migration 8).
INDEXES: list[LiteralString] = [
    "CREATE INDEX enterprise_relinked_at IF NOT EXISTS FOR (n:Enterprise) ON (n.relinkedAt)",
    "CREATE INDEX of_product_created_at IF NOT EXISTS FOR ()-[r:OF_PRODUCT]-() ON (r.createdAt)",
]

_RECORDS = """
  MATCH (rec:__LABEL__) WHERE rec.updatedAt >= $since
  MATCH __HELD__ RETURN e.key AS firm
  UNION
  MATCH (rec:__LABEL__) WHERE rec.retiredAt >= $since
  MATCH __HELD__ RETURN e.key AS firm
"""
_ENTERPRISES = """
  MATCH (e:Enterprise) WHERE e.updatedAt >= $since RETURN e.key AS firm
  UNION
  MATCH (e:Enterprise) WHERE e.retiredAt >= $since RETURN e.key AS firm
"""
_ELSEWHERE = """
  UNION
  MATCH (e:Enterprise) WHERE e.relinkedAt >= $since RETURN e.key AS firm
  UNION
  MATCH (l:Lot)-[o:OF_PRODUCT]->() USING INDEX o:OF_PRODUCT(createdAt)
  WHERE o.createdAt >= $since AND l.chain IS NOT NULL
  MATCH (l)<-[:ABOUT|CONSUMED]-(:TraceEvent)-[:RECORDED_BY]->(e)
  RETURN e.key AS firm
"""


def _held(rel: Rel) -> str:
    # Unlabelled on purpose (as in hub.graph.writes): holder links only reach firms.
    if rel is Rel.RECORDED_BY:
        return "(rec)-[:RECORDED_BY]->(e)"
    return f"(e)-[:{rel.value}]->(rec)"


def _firms_cypher(label: Label) -> LiteralString:
    if label is Label.ENTERPRISE:
        parts = _ENTERPRISES
    else:
        parts = _RECORDS.replace("__LABEL__", label.value).replace(
            "__HELD__", _held(HOLDER_RELS[label])
        )
    return cast(LiteralString, "CALL () {" + parts + _ELSEWHERE + "}\nRETURN firm")


_FIRMS = {label: _firms_cypher(label) for label in (*HOLDER_RELS, Label.ENTERPRISE)}

# Programmes whose targets may count differently: those the touched firms' support
# records are under, and those of the label's own records written or retired since
# (a record that lost its firm is under its programme still).
_PROGRAMMES_OF_FIRMS = """
  UNWIND $firms AS key
  MATCH (:Enterprise {key: key})-[:RECEIVED]->()-[:UNDER]->(p:Programme)
  RETURN p.key AS programme
"""
_PROGRAMMES_OF_RECORDS = """
  UNION
  MATCH (rec:__LABEL__) WHERE rec.updatedAt >= $since
  MATCH (rec)-[:UNDER]->(p:Programme) RETURN p.key AS programme
  UNION
  MATCH (rec:__LABEL__) WHERE rec.retiredAt >= $since
  MATCH (rec)-[:UNDER]->(p:Programme) RETURN p.key AS programme
"""
_SUPPORT_LABELS = (Label.PROGRAMME_SUPPORT, Label.MEASUREMENT_SUPPORT)


def _programmes_cypher(label: Label) -> LiteralString:
    parts = _PROGRAMMES_OF_FIRMS
    if label in _SUPPORT_LABELS:
        parts += _PROGRAMMES_OF_RECORDS.replace("__LABEL__", label.value)
    return cast(LiteralString, "CALL () {" + parts + "}\nRETURN DISTINCT programme")


_PROGRAMMES = {label: _programmes_cypher(label) for label in _FIRMS}

# Whether any of the firms supplies a chain (their size or name may count for a target).
_ANY_SUPPLIER: LiteralString = """
UNWIND $firms AS key
MATCH (e:Enterprise {key: key}) WHERE EXISTS { (e)-[:SUPPLIES]->() }
RETURN count(e) > 0 AS any
"""


_RECORDS_OF = {
    label: cast(
        LiteralString, "MATCH (n:__LABEL__) RETURN count(n) AS n".replace("__LABEL__", label)
    )
    for label in _FIRMS
}


def records(graph: Graph, label: Label) -> int:
    """How many records of ``label`` the graph holds (Neo4j's count store: no scan)."""
    rows = graph.read(_RECORDS_OF[label])
    return int(rows[0]["n"]) if rows else 0


def firms(graph: Graph, label: Label, since: datetime) -> list[str]:
    """The keys of the firms a load of ``label`` that began at ``since`` touched."""
    rows = graph.read(_FIRMS[label], {"since": since})
    return sorted({row["firm"] for row in rows})


def programmes(graph: Graph, label: Label, since: datetime, firms: Sequence[str]) -> list[str]:
    """The keys of the programmes whose targets the load may have changed."""
    rows = graph.read(_PROGRAMMES[label], {"since": since, "firms": list(firms)})
    return sorted(row["programme"] for row in rows)


def any_supplier(graph: Graph, firms: Sequence[str]) -> bool:
    """Whether any of ``firms`` supplies a chain now."""
    if not firms:
        return False
    rows = graph.read(_ANY_SUPPLIER, {"firms": list(firms)})
    return bool(rows and rows[0]["any"])
