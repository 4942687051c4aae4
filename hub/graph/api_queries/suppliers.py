"""The flagship question: certified firms that supply traceable products of a chain.

An enterprise qualifies once, however many certificates and products qualify it:
it holds a certificate valid on ``$day`` (stored status valid, issued by then, not
expired) of ``$kind`` whose standard matches ``$standard`` by normalised prefix, and
it produces a product of one of ``$chains`` or recorded an event on a lot of one
(``SUPPLIES`` a ``SupplyChain``, kept by hub.graph.supply_chains).

The statement reads counts the graph keeps before it touches a firm: how many firms
supply the chains and how many the asked units hold (the degrees of their nodes) and,
without an ``adminUnit``, how many firms the answer has on that day
(hub.graph.supplier_tallies). Then:

- **without an adminUnit**, the total is the tally, and each chain's suppliers are read
  in name order from their links' index from the cursor, each tested, until the page
  is full: about ``$limit * suppliers / total`` firms per chain, never more than its
  suppliers;
- **with an adminUnit**, the matches are found from the smaller of the two sets, the
  chains' suppliers or the units' firms, then counted and sorted;
- without a complete set of tallies (a load in progress), from the chains' suppliers.

Retired records (a snapshot left them out) never qualify: the argument-free question
has no ``includeRetired``, so ``$includeRetired`` is always false here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any, LiteralString, cast

from hub.graph.api_queries.enterprise_pages import AFTER
from hub.graph.api_queries.enterprises import Page, page_params
from hub.graph.api_queries.fragments import Include, enterprise_full, live
from hub.graph.api_queries.plans import PLACED, SUPPLIES, arm, choose
from hub.graph.driver import AsyncGraph
from hub.graph.rules import valid_on
from hub.graph.supplier_tallies import tally_key

# ``$standard`` is folded (hub.text.standard_query): ``iso 9001`` matches the key
# ``iso 9001 2015`` but not ``iso 90011``.
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

# The answer's size on ``$dayNumber`` from its tally: the count of the last step on or
# before that day, found by bisection; null when no complete set of tallies is stored.
_TALLIED = """
CALL () {
  OPTIONAL MATCH (done:SupplierTally {key: '#'}) WHERE done.complete
  OPTIONAL MATCH (t:SupplierTally {key: $tallyKey})
  WITH done, coalesce(t.days, []) AS days, coalesce(t.counts, []) AS counts
  WITH done, counts, reduce(b = [0, size(days)], step IN range(1, 24) |
    CASE WHEN b[0] >= b[1] THEN b
         WHEN days[(b[0] + b[1]) / 2] <= $dayNumber THEN [(b[0] + b[1]) / 2 + 1, b[1]]
         ELSE [b[0], (b[0] + b[1]) / 2] END)[0] AS upTo
  RETURN CASE WHEN done IS NULL OR $tallyKey IS NULL THEN null
              WHEN upTo = 0 THEN 0 ELSE counts[upTo - 1] END AS tallied
}
"""

# The matches of a start set, sorted, counted, and the page after the cursor.
_SORTED = (
    " WITH e WHERE "
    + _CERTIFIED
    + " WITH e ORDER BY e.name, e.key WITH collect(e) AS matches "
    + "RETURN size(matches) AS total, [e IN matches WHERE "
    + AFTER
    + "][..$limit] AS page"
)


def _from_chains(in_place: bool) -> str:
    placed = f" AND {PLACED}" if in_place else ""
    return (
        "UNWIND chains AS sc MATCH (sc)<-[:SUPPLIES]-(e:Enterprise) WITH DISTINCT e, units "
        "WHERE " + live("e") + placed + _SORTED
    )


_FROM_UNITS = (
    "UNWIND units AS u MATCH (u)<-[:LOCATED_IN]-(e:Enterprise) WITH DISTINCT e, chains WHERE "
    + live("e")
    + " AND "
    + SUPPLIES
    + _SORTED
)

# Each chain's first qualifying suppliers after the cursor, in name order (the links'
# index), merged: the page of the question asked anywhere.
_BY_CHAIN = (
    "UNWIND chains AS sc CALL (sc) { MATCH (e:Enterprise)-[r:SUPPLIES]->(sc) "
    "USING INDEX r:SUPPLIES(chain, name, firm) "
    "WHERE r.chain = sc.key AND r.name >= coalesce($afterName, '') AND r.firm IS NOT NULL "
    "AND ($afterName IS NULL OR r.name > $afterName "
    "OR (r.name = $afterName AND r.firm > $afterKey)) AND "
    + live("e")
    + " AND "
    + _CERTIFIED
    + " RETURN e ORDER BY r.chain, r.name, r.firm LIMIT $limit } "
    + "WITH DISTINCT e ORDER BY e.name, e.key LIMIT $limit RETURN collect(e) AS page"
)

_CHAINS = (
    "CALL () { MATCH (sc:SupplyChain) WHERE sc.key IN $chains "
    "RETURN collect(sc) AS chains, sum(COUNT { (sc)<-[:SUPPLIES]-() }) AS suppliers } "
)
_UNITS = (
    "CALL () { MATCH (u:AdminUnit) WHERE u.key IN $unitKeys "
    "RETURN collect(u) AS units, sum(COUNT { (u)<-[:LOCATED_IN]-() }) AS placed } "
)
_ANYWHERE = (
    _CHAINS
    + _TALLIED
    + "WITH chains, tallied, [] AS units "
    + choose(
        "chains, units, tallied",
        arm("tallied > 0", "chains", _BY_CHAIN, "tallied AS total, page"),
        arm("tallied IS NULL", "chains, units", _from_chains(False), "total, page"),
        "WITH * WHERE tallied = 0 RETURN 0 AS total, [] AS page ",
    )
)
_IN_PLACE = (
    _CHAINS
    + _UNITS
    + choose(
        "chains, suppliers, units, placed",
        arm("suppliers <= placed", "chains, units", _from_chains(True), "total, page"),
        arm("placed < suppliers", "chains, units", _FROM_UNITS, "total, page"),
    )
)


@cache
def _statement(in_place: bool, inc: Include) -> LiteralString:
    return cast(
        LiteralString,
        (_IN_PLACE if in_place else _ANYWHERE)
        + "CALL (page) { UNWIND page AS e RETURN collect("
        + enterprise_full("e", inc)
        + ") AS rows } RETURN total, rows",
    )


@dataclass(frozen=True)
class SupplierFilter:
    day: date
    chains: Sequence[str]
    standard: str | None = None
    kind: str | None = None
    unit_keys: Sequence[str] | None = None
    # Whether ``chains`` are all the chains there are (the question without ``chain``).
    every_chain: bool = False


def _tally_key(where: SupplierFilter) -> str | None:
    """The tally that counts this question, or None (an ``adminUnit`` is counted live)."""
    if where.unit_keys is not None:
        return None
    if where.every_chain:
        return tally_key(None, where.standard, where.kind)
    if len(where.chains) == 1:
        return tally_key(where.chains[0], where.standard, where.kind)
    return None


async def certified_traceable_suppliers(
    graph: AsyncGraph,
    where: SupplierFilter,
    after: tuple[str, str] | None,
    limit: int,
    include: Include,
) -> Page:
    params: dict[str, Any] = {
        "day": where.day,
        "dayNumber": where.day.toordinal(),
        "chains": list(where.chains),
        "standard": where.standard,
        "kind": where.kind,
        "unitKeys": list(where.unit_keys) if where.unit_keys is not None else None,
        "tallyKey": _tally_key(where),
        **page_params(after, limit),
        **include.params(),
    }
    statement = _statement(where.unit_keys is not None, include.selection)
    rows = await graph.read(statement, params)
    return Page(total=int(rows[0]["total"]), rows=list(rows[0]["rows"]))
