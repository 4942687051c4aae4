"""Enterprises: one by tax code, several by key (the resolvers' fallback), and pages."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from hub.graph.api_queries.fragments import Include, enterprise_full, live
from hub.graph.driver import AsyncGraph, Record

# Retired enterprises (a snapshot left them out) only with ``$includeRetired``.
_BY_KEY = (
    "MATCH (e:Enterprise {key: $key}) WHERE "
    + live("e")
    + " RETURN "
    + enterprise_full("e")
    + " AS e"
)

_BY_KEYS = (
    "UNWIND $keys AS key MATCH (e:Enterprise {key: key}) WHERE "
    + live("e")
    + " RETURN "
    + enterprise_full("e")
    + " AS e"
)

# Omitted filters are null parameters and filter nothing.
_WHERE = (
    live("e")
    + """
AND ($text IS NULL OR e.searchText CONTAINS $text)
AND ($unitKeys IS NULL OR any(k IN e.unitKeys WHERE k IN $unitKeys))
AND ($size IS NULL OR e.size = $size)
AND ($status IS NULL OR e.status = $status)
AND ($stub IS NULL OR coalesce(e.stub, false) = $stub)
"""
)

# Keyset pagination on (name, key), the order of the Enterprise(name, key) index.
AFTER = """
($afterName IS NULL OR e.name > $afterName OR (e.name = $afterName AND e.key > $afterKey))
"""

_PAGE = (
    "CALL () { MATCH (e:Enterprise) WHERE "
    + _WHERE
    + " RETURN count(e) AS total } "
    + "CALL () { MATCH (e:Enterprise) USING INDEX e:Enterprise(name, key) "
    + "WHERE e.name >= coalesce($afterName, '') AND e.key IS NOT NULL AND "
    + _WHERE
    + " AND "
    + AFTER
    + " WITH e ORDER BY e.name, e.key LIMIT $limit RETURN collect("
    + enterprise_full("e")
    + ") AS rows } RETURN total, rows"
)


@dataclass(frozen=True)
class EnterpriseFilter:
    """``text`` is folded; ``unit_keys`` are AdminUnit keys (None: any unit)."""

    text: str | None = None
    unit_keys: Sequence[str] | None = None
    size: str | None = None
    status: str | None = None
    stub: bool | None = None


@dataclass(frozen=True)
class Page:
    total: int
    rows: list[Record]


def page_params(after: tuple[str, str] | None, limit: int) -> dict[str, Any]:
    return {
        "afterName": after[0] if after else None,
        "afterKey": after[1] if after else None,
        "limit": limit,
    }


async def enterprise(graph: AsyncGraph, key: str, include: Include) -> Record | None:
    rows = await graph.read(_BY_KEY, {"key": key, **include.params()})
    return rows[0]["e"] if rows else None


async def enterprises_by_keys(
    graph: AsyncGraph, keys: Sequence[str], include: Include = Include.ALL
) -> dict[str, Record]:
    rows = await graph.read(_BY_KEYS, {"keys": list(keys), **include.params()})
    return {row["e"]["key"]: row["e"] for row in rows}


async def enterprises(
    graph: AsyncGraph,
    where: EnterpriseFilter,
    after: tuple[str, str] | None,
    limit: int,
    include: Include,
) -> Page:
    params = {
        "text": where.text,
        "unitKeys": list(where.unit_keys) if where.unit_keys is not None else None,
        "size": where.size,
        "status": where.status,
        "stub": where.stub,
        **page_params(after, limit),
        **include.params(),
    }
    rows = await graph.read(_PAGE, params)
    return Page(total=int(rows[0]["total"]), rows=list(rows[0]["rows"]))
