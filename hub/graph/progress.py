"""Reads of the progress page (``/progress/``): each bounded by what the page shows.

- ``programmes``: the programmes that have targets (a handful of reference nodes);
  each one's targets and achieved values come from
  ``hub.graph.api_queries.programmes.programme_progress``, the API's own rule.
- ``chain_history``: per pilot chain and load day, the firms that supplied it by then
  and how many of them held a certificate valid that day. It starts from the chains'
  ``SupplyChain`` nodes, so it reads their suppliers only; a firm counts from the day
  its ``SUPPLIES`` link was made (the load that made it a supplier), a certificate
  from the day it was loaded.
- ``expiring``: valid certificates expiring in a window, read from the
  ``(status, expiresOn)`` index: counts and the first rows.
- ``firms_by_ward``: live firms per ward of one era, from the wards' ``LOCATED_IN``
  links (a firm of a split former ward is counted in each candidate ward).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import LiteralString

from hub.graph.driver import AsyncGraph, Row
from hub.graph.rules import valid_on

# The load days the supplier history shows at most (the newest ones).
MAX_LOAD_DAYS = 60

_PROGRAMMES: LiteralString = """
MATCH (p:Programme) WHERE EXISTS { (p)-[:HAS_TARGET]->(:Target) }
RETURN p.key AS key, p.code AS code, p.title AS title, p.period AS period
ORDER BY p.issuedOn, p.code
"""

# The date in Việt Nam of a stored datetime (null stays null).
_LOCAL_DAY = (
    "CASE WHEN __X__ IS NULL THEN null ELSE date(datetime({datetime: __X__, timezone: $zone})) END"
)

_CHAIN_HISTORY: LiteralString = (
    """
CALL () {
  MATCH (r:LoadRun) WHERE r.finishedAt IS NOT NULL
  WITH DISTINCT """
    + _LOCAL_DAY.replace("__X__", "r.finishedAt")
    + """ AS day
  RETURN day ORDER BY day DESC LIMIT $maxDays
}
WITH collect(day) AS days
UNWIND $chains AS chain
CALL (chain, days) {
  OPTIONAL MATCH (:SupplyChain {key: chain})<-[s:SUPPLIES]-(e:Enterprise)
  WHERE e.retiredAt IS NULL
  WITH days, e, """
    + _LOCAL_DAY.replace("__X__", "s.createdAt")
    + """ AS since, COLLECT {
    MATCH (e)-[:HOLDS]->(c:Certificate)
    WHERE c.retiredAt IS NULL AND c.status = 'valid'
    RETURN c {.issuedOn, .expiresOn, .status, loaded: """
    + _LOCAL_DAY.replace("__X__", "c.createdAt")
    + """}
  } AS certificates
  UNWIND days AS day
  WITH day, since, e,
       any(c IN certificates WHERE c.loaded <= day AND """
    + valid_on("c", "day")
    + """) AS certified
  RETURN day,
         count(CASE WHEN e IS NOT NULL AND since <= day THEN 1 END) AS suppliers,
         count(CASE WHEN e IS NOT NULL AND since <= day AND certified THEN 1 END) AS certified
}
RETURN chain, toString(day) AS day, suppliers, certified
ORDER BY chain, day
"""
)

_EXPIRING_WHERE = """
WHERE c.status = 'valid' AND c.expiresOn >= $day AND c.expiresOn <= $until
  AND c.retiredAt IS NULL
"""
_EXPIRING: LiteralString = (
    """
CALL () {
  MATCH (c:Certificate)"""
    + _EXPIRING_WHERE
    + """
  WITH duration.inDays($day, c.expiresOn).days / 7 AS week, count(c) AS certificates,
       count(CASE WHEN c.expiresOn <= $soon THEN 1 END) AS soon
  RETURN sum(certificates) AS total, sum(soon) AS soon,
         collect({week: week, certificates: certificates}) AS weeks
}
CALL () {
  MATCH (c:Certificate)"""
    + _EXPIRING_WHERE
    + """
  WITH c ORDER BY c.expiresOn, c.key LIMIT $limit
  OPTIONAL MATCH (c)<-[:HOLDS]-(e:Enterprise)
  WITH c, head(collect(e)) AS e
  RETURN collect({key: c.key, number: c.number, kind: c.kind, standard: c.standard,
    issuer: c.issuer, expiresOn: toString(c.expiresOn),
    daysLeft: duration.inDays($day, c.expiresOn).days,
    holderTaxCode: coalesce(e.taxCode, c.holderTaxCode),
    holderName: coalesce(e.name, c.holderName)}) AS rows
}
RETURN total, soon, weeks, rows
"""
)

_FIRMS_BY_WARD: LiteralString = """
MATCH (u:AdminUnit {era: $era, level: 'ward'})
WITH u, COUNT { (u)<-[:LOCATED_IN]-(e:Enterprise) WHERE e.retiredAt IS NULL } AS firms
WHERE firms > 0
RETURN u.key AS key, u.name AS name, firms
ORDER BY firms DESC, key
"""


async def programmes(graph: AsyncGraph) -> list[Row]:
    """The programmes with targets, oldest first: key, code, title, period."""
    return await graph.read(_PROGRAMMES)


async def chain_history(
    graph: AsyncGraph, chains: Sequence[str], zone: str, max_days: int = MAX_LOAD_DAYS
) -> list[Row]:
    """Rows ``{chain, day, suppliers, certified}``, one per chain and load day."""
    params = {"chains": list(chains), "zone": zone, "maxDays": max_days}
    return await graph.read(_CHAIN_HISTORY, params)


async def expiring(graph: AsyncGraph, day: date, until: date, soon: date, limit: int) -> Row:
    """``{total, soon, weeks, rows}``: valid certificates expiring from ``day`` to
    ``until`` (``soon``: how many by that date; ``weeks``: ``{week, certificates}`` with
    week 0 the seven days from ``day``), and the first ``limit`` by expiry date."""
    params = {"day": day, "until": until, "soon": soon, "limit": limit}
    rows = await graph.read(_EXPIRING, params)
    return rows[0]


async def firms_by_ward(graph: AsyncGraph, era: str) -> list[Row]:
    """Rows ``{key, name, firms}`` for the wards of ``era`` (current or former) with firms."""
    return await graph.read(_FIRMS_BY_WARD, {"era": era})
