"""Tracing a lot through INPUT_TO links: upstream (inputs), downstream (outputs), both.

Quantifier bounds cannot be parameters in Cypher, so there is one statement per depth
(0..MAX_DEPTH) and selection, each made once from the same template. The walk
is ``ANY SHORTEST`` per reached lot: a breadth-first search that visits each lot once,
so cycles in bad data end, and diamonds do not multiply paths.
"""

from __future__ import annotations

from functools import cache
from typing import LiteralString, cast

from hub.graph.api_queries.fragments import (
    Include,
    datetime_text,
    linked_to,
    live,
    product_with_producer,
)
from hub.graph.driver import AsyncGraph, Row

MAX_DEPTH = 20
# Lots returned at most (nearest first); the rest are reported as truncated.
MAX_LOTS = 2000

_WALK = """
  WITH start WHERE $up
  MATCH p = ANY SHORTEST (x:Lot)-[:INPUT_TO]->{1,__DEPTH__}(start)
  RETURN x, length(p) AS d
  UNION
  WITH start WHERE $down
  MATCH p = ANY SHORTEST (start)-[:INPUT_TO]->{1,__DEPTH__}(x:Lot)
  RETURN x, length(p) AS d
  UNION
"""


def _lot(inc: Include) -> str:
    events = (
        "COLLECT { MATCH (ev:TraceEvent)-[ev_role:ABOUT|CONSUMED]->(l) "
        f"WHERE {live('ev')} "
        "RETURN ev {.eventId, .type, .bizStep, .action, .disposition, .location, .quantity, "
        ".uom, .holderTaxCode, .holderName, .linkStatus, .declaredError, "
        f"time: {datetime_text('ev.time')}, role: type(ev_role), "
        f"link: {linked_to('ev', '-[r:RECORDED_BY]->', 'actor', inc)}}} "
        "ORDER BY ev.time, ev.eventId }"
    )
    return (
        "l {.code, .chain, .productCode, depth: d, "
        f"product: head(COLLECT {{ MATCH (l)-[:OF_PRODUCT]->(lp:Product) WHERE {live('lp')} "
        f"RETURN {product_with_producer('lp', inc)} }}), "
        f"events: {events}}}"
    )


_TEMPLATE = """
MATCH (start:Lot {key: $code})
CALL (start) {
__WALK__
  RETURN start AS x, 0 AS d
}
WITH start, x, min(d) AS d ORDER BY d, x.key
WITH start, collect({lot: x, d: d}) AS reached
WITH reached[..$maxLots] AS kept, size(reached) > $maxLots AS truncated
WITH kept, truncated, [r IN kept | r.lot] AS nodes
CALL (kept) {
  UNWIND kept AS r
  WITH r.lot AS l, r.d AS d
  RETURN collect(__LOT__) AS lots
}
RETURN truncated, lots, COLLECT {
  UNWIND nodes AS a
  MATCH (a)-[link:INPUT_TO]->(b:Lot) WHERE b IN nodes
  WITH a, b, collect(DISTINCT link.eventId) AS eventIds ORDER BY a.key, b.key
  RETURN {from: a.code, to: b.code, eventIds: eventIds}
} AS links
"""


@cache
def _statement(depth: int, inc: Include) -> LiteralString:
    walk = _WALK.replace("__DEPTH__", str(depth)) if depth > 0 else ""
    return cast(LiteralString, _TEMPLATE.replace("__WALK__", walk).replace("__LOT__", _lot(inc)))


async def trace(
    graph: AsyncGraph, code: str, up: bool, down: bool, depth: int, include: Include
) -> Row | None:
    """The lots reached from lot ``code`` within ``depth`` links, or None for an unknown lot."""
    if not 0 <= depth <= MAX_DEPTH:
        raise ValueError(f"depth must be within 0..{MAX_DEPTH}")
    params = {"code": code, "up": up, "down": down, "maxLots": MAX_LOTS, **include.params()}
    rows = await graph.read(_statement(depth, include.selection), params)
    return rows[0] if rows else None
