"""The flagship question: certified firms that supply traceable products of a chain.

An enterprise qualifies once, however many certificates and products qualify it:
it holds a certificate valid on ``$day`` (stored status valid, issued by then, not
expired) of ``$kind`` whose standard matches ``$standard`` by normalised prefix, and
it produces a product of one of ``$chains`` or recorded an event on a lot of one
(``SUPPLIES`` a ``SupplyChain``, kept by hub.graph.supply_chains).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from hub.graph.api_queries.enterprises import AFTER, Page, page_params
from hub.graph.api_queries.fragments import Include, enterprise_full, live
from hub.graph.driver import AsyncGraph
from hub.graph.rules import valid_on

# ``$standard`` is folded (hub.text.standard_query): ``iso 9001`` matches the key
# ``iso 9001 2015`` but not ``iso 90011``.
#
# The firms that supply a chain are linked to its node (``SUPPLIES``, kept by
# hub.graph.supply_chains), so the query starts from the chains' unique keys and only
# their suppliers have their certificates expanded, whatever the statistics say.
#
# Retired records (a snapshot left them out) never qualify: the argument-free question
# has no ``includeRetired``, so ``$includeRetired`` is always false here.
_IN_PLACE = (
    live("e")
    + """
AND ($unitKeys IS NULL OR any(k IN e.unitKeys WHERE k IN $unitKeys))
"""
)
_CERTIFIED = (
    """
EXISTS {
  MATCH (e)-[:HOLDS]->(c)
  WHERE """
    + live("c")
    + " AND "
    + valid_on("c", "$day")
    + """
    AND ($kind IS NULL OR c.kind = $kind)
    AND ($standard IS NULL
         OR any(k IN c.standardKeys WHERE k = $standard OR k STARTS WITH $standard + ' '))
}
"""
)

# One pass: the matches are found once, kept as node references in order, counted,
# and only the page's rows are projected. The cheap place test runs before the
# certificates are expanded (the planner put it after).
_PAGE = (
    "MATCH (sc:SupplyChain) WHERE sc.key IN $chains "
    + "MATCH (sc)<-[:SUPPLIES]-(e:Enterprise) WITH DISTINCT e WHERE "
    + _IN_PLACE
    + " WITH e WHERE "
    + _CERTIFIED
    + " WITH e ORDER BY e.name, e.key WITH collect(e) AS matches "
    + "CALL (matches) { UNWIND matches AS e WITH e WHERE "
    + AFTER
    + " WITH e LIMIT $limit RETURN collect("
    + enterprise_full("e")
    + ") AS rows } RETURN size(matches) AS total, rows"
)


@dataclass(frozen=True)
class SupplierFilter:
    day: date
    chains: Sequence[str]
    standard: str | None = None
    kind: str | None = None
    unit_keys: Sequence[str] | None = None


async def certified_traceable_suppliers(
    graph: AsyncGraph,
    where: SupplierFilter,
    after: tuple[str, str] | None,
    limit: int,
    include: Include,
) -> Page:
    params = {
        "day": where.day,
        "chains": list(where.chains),
        "standard": where.standard,
        "kind": where.kind,
        "unitKeys": list(where.unit_keys) if where.unit_keys is not None else None,
        **page_params(after, limit),
        **include.params(),
    }
    rows = await graph.read(_PAGE, params)
    return Page(total=int(rows[0]["total"]), rows=list(rows[0]["rows"]))
