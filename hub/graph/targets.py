"""Programme progress, counted when the data changes and stored on each Target.

A target counts distinct live enterprises: those with a live support record under the
programme whose ``supportKind`` is the target's (and whose size is one of the target's
``sizes`` when given). ``traceable_product`` counts the live firms that supply a pilot
chain (``SUPPLIES``, hub.graph.supply_chains: a live product of the chain, or a live
trace event on a lot of it). A target without a ``supportKind`` cannot be counted from
the datasets: its achieved value stays null.

``achieved`` and ``recordKeys`` (the first ``MAX_RECORDS`` of those firms by name, then
tax code) are written by ``refresh_some`` for the targets a load could change (the
support targets of the programmes its records and firms are under, the supply-chain
ones when links changed or a supplier did: ``hub.graph.derived``), inside every load,
upload and retirement, after the supply-chain links; ``hub db migrate``/``reset``,
schema migration 7 and ``refresh_all`` recount every target (``refresh``). The API then reads
a few properties and at most ``MAX_RECORDS`` firms by key, whatever the data's size.
Only targets whose values changed are written.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import LiteralString, cast

from hub.graph.driver import Graph
from hub.graph.model import Label

# How many of the enterprises behind a target are kept (by name); ``achieved`` counts all.
MAX_RECORDS = 100

# Loading or retiring these can change a target (enterprises: size, name, retirement;
# products and trace events through the supply chains they make).
SOURCES = frozenset(
    {
        Label.ENTERPRISE,
        Label.PROGRAMME_SUPPORT,
        Label.MEASUREMENT_SUPPORT,
        Label.PRODUCT,
        Label.TRACE_EVENT,
    }
)

_REFRESH = """
MATCH (p:Programme)-[:HAS_TARGET]->(t:Target)
__WHICH__
WITH p, t, COLLECT {
  CALL (p, t) {
    WITH p, t WHERE t.supportKind IS NOT NULL AND t.supportKind <> 'traceable_product'
    MATCH (p)<-[:UNDER]-(rec)<-[:RECEIVED]-(e:Enterprise)
    WHERE rec.retiredAt IS NULL AND e.retiredAt IS NULL AND rec.supportKind = t.supportKind
      AND (t.sizes IS NULL OR e.size IN t.sizes)
    RETURN e
    UNION
    WITH t WHERE t.supportKind = 'traceable_product'
    MATCH (e:Enterprise)-[:SUPPLIES]->(:SupplyChain)
    WHERE e.retiredAt IS NULL AND (t.sizes IS NULL OR e.size IN t.sizes)
    RETURN e
  }
  WITH DISTINCT e ORDER BY e.name, e.key
  RETURN e.key
} AS keys
WITH t,
     CASE WHEN t.supportKind IS NULL THEN null ELSE size(keys) END AS achieved,
     keys[..__MAX_RECORDS__] AS recordKeys
WHERE NOT (t.recordKeys IS NOT NULL AND t.recordKeys = recordKeys
           AND coalesce(t.achieved, -1) = coalesce(achieved, -1))
SET t.achieved = achieved, t.recordKeys = recordKeys, t.countedAt = datetime()
RETURN count(t) AS changed
"""

_COUNTED = _REFRESH.replace("__MAX_RECORDS__", str(MAX_RECORDS))

# Also schema migration 7: counted once on a database that predates the stored values.
REFRESH = cast(LiteralString, _COUNTED.replace("__WHICH__", ""))

# The targets a load may have changed: the supply-chain ones (``$traceable``) and the
# support ones of some programmes; each still counted whole (a target's own size).
_REFRESH_SOME = cast(
    LiteralString,
    _COUNTED.replace(
        "__WHICH__",
        "WHERE CASE WHEN t.supportKind = 'traceable_product' THEN $traceable"
        " ELSE p.key IN $programmes END",
    ),
)


def refresh(graph: Graph) -> int:
    """Recount every target; returns how many changed (and were written)."""
    rows = graph.write(REFRESH)
    return int(rows[0]["changed"]) if rows else 0


def refresh_some(graph: Graph, programmes: Sequence[str], traceable: bool) -> int:
    """Recount the support targets of ``programmes``, and the supply-chain targets when
    ``traceable``; returns how many changed."""
    if not programmes and not traceable:
        return 0
    params = {"programmes": list(programmes), "traceable": traceable}
    rows = graph.write(_REFRESH_SOME, params)
    return int(rows[0]["changed"]) if rows else 0
