"""Enterprises: one by tax code, several by key (the resolvers' fallback), and pages
(hub.graph.api_queries.enterprise_pages)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, LiteralString, cast

from hub.graph.api_queries.enterprise_pages import TEXT_AFTER, WALK_FACTOR, Shape, page_statement
from hub.graph.api_queries.fragments import Include, enterprise_full, live
from hub.graph.driver import AsyncGraph, Row


@cache
def _by_key(inc: Include) -> LiteralString:
    """One firm by key. Retired ones only with ``$includeRetired``."""
    return cast(
        LiteralString,
        f"MATCH (e:Enterprise {{key: $key}}) WHERE {live('e')} "
        f"RETURN {enterprise_full('e', inc)} AS e",
    )


@cache
def _by_keys(inc: Include) -> LiteralString:
    return cast(
        LiteralString,
        f"UNWIND $keys AS key MATCH (e:Enterprise {{key: key}}) WHERE {live('e')} "
        f"RETURN {enterprise_full('e', inc)} AS e",
    )


@dataclass(frozen=True)
class EnterpriseFilter:
    """``text`` is folded; ``unit_keys`` are AdminUnit keys (None: any unit)."""

    text: str | None = None
    unit_keys: Sequence[str] | None = None
    size: str | None = None
    status: str | None = None
    stub: bool | None = None

    @property
    def shape(self) -> Shape:
        return Shape(
            unit=self.unit_keys is not None,
            text=self.text is not None,
            size=self.size is not None,
            status=self.status is not None,
            stub=self.stub,
        )


@dataclass(frozen=True)
class Page:
    total: int
    rows: list[Row]


def page_params(after: tuple[str, str] | None, limit: int) -> dict[str, Any]:
    return {
        "afterName": after[0] if after else None,
        "afterKey": after[1] if after else None,
        "limit": limit,
    }


async def enterprise(graph: AsyncGraph, key: str, include: Include) -> Row | None:
    rows = await graph.read(_by_key(include.selection), {"key": key, **include.params()})
    return rows[0]["e"] if rows else None


async def enterprises_by_keys(
    graph: AsyncGraph, keys: Sequence[str], include: Include = Include.ALL
) -> dict[str, Row]:
    rows = await graph.read(_by_keys(include.selection), {"keys": list(keys), **include.params()})
    return {row["e"]["key"]: row["e"] for row in rows}


async def enterprises(
    graph: AsyncGraph,
    where: EnterpriseFilter,
    after: tuple[str, str] | None,
    limit: int,
    include: Include,
) -> Page:
    params = {
        "walkFactor": WALK_FACTOR,
        "textAfter": TEXT_AFTER,
        "text": where.text,
        "unitKeys": list(where.unit_keys) if where.unit_keys is not None else None,
        "size": where.size,
        "status": where.status,
        "stub": where.stub,
        **page_params(after, limit),
        **include.params(),
    }
    rows = await graph.read(page_statement(where.shape, include.selection), params)
    return Page(total=int(rows[0]["total"]), rows=list(rows[0]["rows"]))
