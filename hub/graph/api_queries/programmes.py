"""A programme's targets with the achieved values the loads keep (hub.graph.progress).

Nothing is counted per request: ``achieved`` and the keys of the first firms behind it
(by name) are stored on each Target, so a request reads the programme, its targets and
at most ``MAX_RECORDS`` firms per target by key.
"""

from __future__ import annotations

from functools import cache
from typing import LiteralString, cast

from hub.graph.api_queries.fragments import Include, enterprise_summary, live
from hub.graph.driver import AsyncGraph, Row
from hub.graph.targets import MAX_RECORDS

__all__ = ["MAX_RECORDS", "programme_progress"]


# The firms behind a target, in the stored order (only when ``achievedBy`` is asked).
_RECORDS = (
    """COLLECT {
      UNWIND range(0, size(coalesce(t.recordKeys, [])) - 1) AS i
      MATCH (e:Enterprise {key: t.recordKeys[i]}) WHERE """
    + live("e")
    + """
      WITH i, e ORDER BY i
      RETURN __FIRM__
    }"""
)


@cache
def _statement(inc: Include) -> LiteralString:
    """Firms retired since the last count never show (a retirement recounts anyway)."""
    return cast(
        LiteralString,
        """
MATCH (p:Programme {key: $key})
RETURN p.code AS code, p.title AS title, p.period AS period,
       toString(p.issuedOn) AS issuedOn, coalesce(p.reference, false) AS reference,
COLLECT {
  MATCH (p)-[:HAS_TARGET]->(t:Target)
  WITH t ORDER BY t.position
  RETURN t {.position, .indicator, .target, .targetText, .supportKind, .sizes, .byYear,
    .achieved, records: """
        + (_RECORDS.replace("__FIRM__", enterprise_summary("e", inc)) if inc.withRecords else "[]")
        + """}
} AS targets
""",
    )


async def programme_progress(graph: AsyncGraph, key: str, include: Include) -> Row | None:
    """``key`` is ``hub.graph.reference.programme_key(code)``; None for an unknown programme."""
    rows = await graph.read(_statement(include.selection), {"key": key, **include.params()})
    return rows[0] if rows else None
