"""A page of enterprises by name, filtered: one statement per combination of filters.

Which filters a request gives is known before the query is sent, so each combination
has its own statement, made once (per selection, hub.graph.api_queries.fragments),
that names only those filters (an ``$x IS NULL OR`` test would keep Neo4j from using
an index, and every unused path costs planning time). What depends on the data is
decided inside the statement, from counts it reads first (hub.graph.api_queries.plans):

- **the total**, exactly: with no filter, the count store's firms less the retired
  ones (their index); with a place only, the largest unit's degree less its retired
  firms, then each smaller unit's live firms found in none of the larger ones (units of
  both eras and namesakes overlap); with any other filter, the matches themselves,
  from the smallest start: the units' firms (when they hold at most ``TEXT_AFTER``
  firms or no text is asked), else the text index, else the size, status or stub index;
- **the page**: with a place only, each unit's first firms after the cursor in name
  order, read from its links' index (hub.graph.located) and merged; with no filter, or
  when the matches are a large share of the register, along the Enterprise(name, key)
  index from the cursor, testing each firm (about ``$limit * firms / total`` read); else
  the matches, sorted.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import LiteralString, cast

from hub.graph.api_queries.fragments import Include, enterprise_full, live
from hub.graph.api_queries.plans import PLACED, arm, choose

# Walk by name when that reads no more than this many times the matches' count.
WALK_FACTOR = 4
# With both a place and a text asked, start from the units when they hold at most
# this many firms, else from the text index.
TEXT_AFTER = 5000

# Keyset pagination on (name, key), the order of the Enterprise(name, key) index.
AFTER = """
($afterName IS NULL OR e.name > $afterName OR (e.name = $afterName AND e.key > $afterKey))
"""


@dataclass(frozen=True)
class Shape:
    """Which filters a request gives (``stub``: True, False or not asked)."""

    unit: bool = False
    text: bool = False
    size: bool = False
    status: bool = False
    stub: bool | None = None

    @property
    def simple(self) -> bool:
        """Only a place, or nothing: the total comes from counts."""
        return not (self.text or self.size or self.status or self.stub is not None)

    def filters(self) -> str:
        parts = [live("e")]
        if self.text:
            parts.append("e.searchText CONTAINS $text")
        if self.size:
            parts.append("e.size = $size")
        if self.status:
            parts.append("e.status = $status")
        if self.stub is True:
            parts.append("e.stub = true")
        if self.stub is False:
            parts.append("coalesce(e.stub, false) = false")
        if self.unit:
            parts.append(PLACED)
        return " AND ".join(parts)

    def index_start(self) -> str:
        """The firms of the most selective indexed filter (without a place)."""
        if self.text:
            return (
                "MATCH (e:Enterprise) USING TEXT INDEX e:Enterprise(searchText) "
                "WHERE e.searchText CONTAINS $text"
            )
        if self.size:
            return "MATCH (e:Enterprise) USING INDEX e:Enterprise(size) WHERE e.size = $size"
        if self.status:
            return "MATCH (e:Enterprise) USING INDEX e:Enterprise(status) WHERE e.status = $status"
        if self.stub:
            return "MATCH (e:Enterprise) USING INDEX e:Enterprise(stub) WHERE e.stub = true"
        return "MATCH (e:Enterprise)"


_FIRMS = "CALL () { MATCH (x:Enterprise) RETURN count(x) AS firms } "
# The asked units, largest first.
_UNITS = (
    "CALL () { MATCH (u:AdminUnit) WHERE u.key IN $unitKeys "
    "WITH u, COUNT { (u)<-[:LOCATED_IN]-() } AS degree ORDER BY degree DESC, u.key "
    "RETURN collect(u) AS units, sum(degree) AS placed } "
)
_RETIRED = (
    "CASE WHEN $includeRetired THEN 0 ELSE COUNT { MATCH (r:Enterprise) "
    "USING INDEX r:Enterprise(retiredAt) WHERE r.retiredAt IS NOT NULL } END"
)
_RETIRED_IN_U = (
    "CASE WHEN $includeRetired THEN 0 ELSE COUNT { MATCH (r:Enterprise)-[:LOCATED_IN]->(u) "
    "USING INDEX r:Enterprise(retiredAt) WHERE r.retiredAt IS NOT NULL } END"
)
_IN_UNITS_TOTAL = (
    "CALL (units) { UNWIND range(0, size(units) - 1) AS i WITH units, i, units[i] AS u "
    + choose(
        "units, i, u",
        "WITH * WHERE i = 0 RETURN COUNT { (u)<-[:LOCATED_IN]-() } - " + _RETIRED_IN_U + " AS n ",
        "WITH * WHERE i > 0 RETURN COUNT { MATCH (u)<-[:LOCATED_IN]-(e:Enterprise) WHERE "
        + live("e")
        + " AND NOT EXISTS { MATCH ()-[l:LOCATED_IN]->() "
        "USING INDEX l:LOCATED_IN(unit, name, firm) "
        "WHERE l.unit IN [v IN units[..i] | v.key] AND l.name = e.name AND l.firm = e.key } "
        "} AS n ",
    )
    + "RETURN sum(n) AS total } "
)
_IN_UNITS_PAGE = (
    "CALL (units) { UNWIND units AS u CALL (u) { MATCH (e:Enterprise)-[r:LOCATED_IN]->(u) "
    "USING INDEX r:LOCATED_IN(unit, name, firm) "
    "WHERE r.unit = u.key AND r.name >= coalesce($afterName, '') AND r.firm IS NOT NULL "
    "AND ($afterName IS NULL OR r.name > $afterName "
    "OR (r.name = $afterName AND r.firm > $afterKey)) AND "
    + live("e")
    + " RETURN e ORDER BY r.unit, r.name, r.firm LIMIT $limit } "
    "WITH DISTINCT e ORDER BY e.name, e.key LIMIT $limit RETURN collect(e) AS page } "
)


def _walk(shape: Shape) -> str:
    return (
        "MATCH (e:Enterprise) USING INDEX e:Enterprise(name, key) "
        "WHERE e.name >= coalesce($afterName, '') AND e.key IS NOT NULL AND "
        + AFTER
        + (" WITH e, units" if shape.unit else " WITH e")
        + " WHERE "
        + shape.filters()
        + " WITH e ORDER BY e.name, e.key LIMIT $limit RETURN collect(e) AS page"
    )


def _matches(shape: Shape) -> str:
    """``matches``: every firm the filters keep, from the smallest start."""
    keep = " WITH e, units WHERE " if shape.unit else " WITH e WHERE "
    keep += shape.filters() + " RETURN collect(e) AS matches"
    if not shape.unit:
        return "CALL () { " + shape.index_start() + keep + " } "
    from_units = (
        "UNWIND units AS u MATCH (u)<-[:LOCATED_IN]-(e:Enterprise) WITH DISTINCT e, units" + keep
    )
    if not shape.text:
        return "CALL (units) { " + from_units + " } "
    from_text = shape.index_start() + keep
    return choose(
        "units, placed",
        arm("placed <= $textAfter", "units", from_units, "matches"),
        arm("placed > $textAfter", "units", from_text, "matches"),
    )


_SORTED = (
    "UNWIND matches AS e WITH e WHERE "
    + AFTER
    + " WITH e ORDER BY e.name, e.key LIMIT $limit RETURN collect(e) AS page"
)
_BY_NAME = "total > 0 AND $limit * firms <= $walkFactor * total"


@cache
def page_statement(shape: Shape, inc: Include) -> LiteralString:
    """The statement for a combination of filters and a selection."""
    units = "units, " if shape.unit else ""
    head = _FIRMS + (_UNITS if shape.unit else "")
    if shape.simple and not shape.unit:
        body = f"WITH firms - {_RETIRED} AS total CALL () {{ {_walk(shape)} }} "
    elif shape.simple:
        body = _IN_UNITS_TOTAL + _IN_UNITS_PAGE
    else:
        body = (
            _matches(shape)
            + f"WITH firms, {units}matches, size(matches) AS total "
            + choose(
                f"firms, {units}matches, total",
                arm(_BY_NAME, units + "firms", _walk(shape), "page"),
                arm(f"NOT ({_BY_NAME})", "matches", _SORTED, "page"),
            )
        )
    return cast(
        LiteralString,
        head
        + body
        + "CALL (page) { UNWIND page AS e RETURN collect("
        + enterprise_full("e", inc)
        + ") AS rows } RETURN total, rows",
    )
